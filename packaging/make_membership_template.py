"""Writes resources/templates/membership.docx, the Word template of "Agencies represented on the boards".

Run from the project folder: `python packaging/make_membership_template.py`. The business unit may restyle
a copy in <data folder>/templates (fonts, header, logo); the exporter only uses the styles named here.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor

TARGET = Path(__file__).resolve().parent.parent / "resources" / "templates" / "membership.docx"


def make_template(target: Path = TARGET) -> Path:
    document = Document()
    section = document.sections[0]
    # A4 landscape: the matrix has a column per group.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(15)
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
    document.core_properties.title = "Agencies represented on the boards"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


if __name__ == "__main__":
    print(f"Wrote {make_template()}")
