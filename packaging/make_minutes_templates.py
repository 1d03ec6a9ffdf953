"""Writes resources/templates/minutes.docx and agenda.docx, the Word templates of a meeting's minutes and agenda.

Run from the project folder: `python packaging/make_minutes_templates.py`. The business unit may restyle a
copy in <data folder>/templates (fonts, colours, header, logo) in Word; the exporter writes its text into the
body with the styles named here (Title, Subtitle, Heading 1, Heading 2, Normal, Table Grid) and leaves the
header and footer as the template has them. Anything in the template's body is kept above the minutes.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
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


def make_template(target: Path, title: str) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
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


if __name__ == "__main__":
    print(f"Wrote {make_template(FOLDER / 'minutes.docx', 'Minutes')}")
    print(f"Wrote {make_template(FOLDER / 'agenda.docx', 'Agenda')}")
