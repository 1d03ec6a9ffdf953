"""Writes resources/templates/challenges.docx, the Word template of the challenge log report.

Run from the project folder: `python packaging/make_challenges_template.py`. The business unit may restyle a
copy in <data folder>/templates (fonts, colours, header, logo); the exporter writes into the body with the
styles named here (Title, Subtitle, Heading 1, Heading 2, Normal, Table Grid) and keeps header and footer.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "resources" / "templates" / "challenges.docx"
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def _page_number(paragraph) -> None:
    """A PAGE field, which Word and LibreOffice fill in when the document is shown."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def make_template(target: Path = TARGET) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4 portrait
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Subtitle", 12), ("Heading 1", 14), ("Heading 2", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    styles["Heading 2"].paragraph_format.keep_with_next = True
    header = section.header.paragraphs[0]
    header.text = "Independent Safeguarding Partnership Service"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Challenge log \u2013 page ")
    _page_number(footer)
    document.core_properties.title = "Challenge log"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


if __name__ == "__main__":
    print(f"Wrote {make_template()}")
