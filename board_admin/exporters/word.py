"""Small python-docx helpers every Word export shares: table cell shading and header rows."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def shade(cell, colour: str) -> None:
    """Fills a table cell with a colour (hex, e.g. "EEF2F7")."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row) -> None:
    """A table that runs over a page shows this row again at the top of the next."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)
