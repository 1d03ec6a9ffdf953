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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
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


def _contents_styles(styles) -> None:
    """TOC 1 and TOC 2, the styles Word gives the table of contents' lines (python-docx's blank document
    lacks them): a dotted tab to the page number at the right margin."""
    for level in (1, 2):
        style = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.next_paragraph_style = styles["Normal"]
        style.paragraph_format.left_indent = Mm(6 * (level - 1))
        style.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        style.paragraph_format.tab_stops.add_tab_stop(Mm(166), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1
    styles["TOC Heading"].font.name = "Arial"
    styles["TOC Heading"].font.color.rgb = NAVY


def make_template(target: Path, title: str, *, landscape: bool = False, contents: bool = False) -> Path:
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
    if contents:  # a long document with a table of contents (the annual report pack)
        _contents_styles(styles)
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
    ("registers.docx", "Register", True),  # the decision register and the register of interests
)
# Documents with a table of contents, made like the others with its styles added.
CONTENTS_TEMPLATES = (("annual_pack.docx", "Annual report appendices", False),)

if __name__ == "__main__":
    for name, title, landscape in TEMPLATES:
        print(f"Wrote {make_template(FOLDER / name, title, landscape=landscape)}")
    for name, title, landscape in CONTENTS_TEMPLATES:
        print(f"Wrote {make_template(FOLDER / name, title, landscape=landscape, contents=True)}")
