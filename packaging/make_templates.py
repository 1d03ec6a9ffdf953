"""Writes the Word templates in resources/templates, all in the business unit's one house style.

Run from the project folder: `python packaging/make_templates.py`. The business unit may restyle a copy of
any of them in <data folder>/templates (fonts, colours, header, logo) in Word; the exporters write their text
into the body with the styles named here (Title, Subtitle, Heading 1, Heading 2, Normal, Table Grid) and leave
the header and footer as the template has them. Anything in a template's body is kept above the document.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "templates"
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


def make_template(target: Path, title: str, *, landscape: bool = False) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:  # for documents that are one wide table, like the agency x group matrix
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Subtitle", 13), ("Heading 1", 13), ("Heading 2", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
    subtitle = styles["Subtitle"]
    subtitle.font.italic = False
    for spacing in subtitle.element.rPr.findall(qn("w:spacing")):  # the built-in style's wide letter-spacing
        subtitle.element.rPr.remove(spacing)
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 2"].paragraph_format.space_before = Pt(8)
    header = section.header.paragraphs[0]
    header.text = "Independent Safeguarding Partnership Service"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title}: page ")
    _page_number(footer)
    document.core_properties.title = title
    # The body starts empty: the exporter writes the minutes there.
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


TEMPLATES = (
    ("minutes.docx", "Minutes", False),
    ("agenda.docx", "Agenda", False),
    ("attendance.docx", "Attendance", False),
    ("challenges.docx", "Challenge log", False),
    ("statement.docx", "Financial statement", False),
    ("membership.docx", "Agencies represented on the boards", True),
)

if __name__ == "__main__":
    for name, title, landscape in TEMPLATES:
        print(f"Wrote {make_template(FOLDER / name, title, landscape=landscape)}")
