"""Writes resources/templates/statement.docx, the Word template of the year's financial statement.

Run from the project folder: `python packaging/make_funding_templates.py`. The business unit may restyle
a copy in <data folder>/templates (fonts, header, logo); the exporter only uses the styles named here
(Title, Heading 1, Normal, Table Grid, Footer).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "resources" / "templates" / "statement.docx"


def make_template(target: Path = TARGET) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4 portrait
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    footer = section.footer.paragraphs[0]
    footer.text = "Independent Safeguarding Partnership Service"
    footer.style = styles["Footer"]
    document.core_properties.title = "Financial statement"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


if __name__ == "__main__":
    print(f"Wrote {make_template()}")
