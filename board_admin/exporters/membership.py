""" "Agencies represented on the boards": the agency x group matrix of the annual report (seed 002 appendix 1),
to Excel and to Word. Each cell holds a tick for an ordinary member or the most senior role the agency holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.workbook_format import looks_like_formula
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import repeat_as_header, shade
from board_admin.reports.structure import TICK, MembershipMatrix, PlacedGroup, membership_matrix
from board_admin.resources import template_path

TITLE = "Agencies represented on the boards"
TEMPLATE = "membership.docx"
KEY_TEXT = f"{TICK} member; otherwise the most senior role the agency holds on the group (Chair, Vice-chair, Deputy…)."

HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDE6F0")
THIN = Side(style="thin", color="9AA7B8")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _put_text(sheet, row: int, column: int, text: str):
    """Text someone typed, kept as text: never a formula, even when edited in Excel later."""
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    cell.quotePrefix = looks_like_formula(text)
    return cell


def group_heading(placed: PlacedGroup) -> str:
    return placed.group.short_name or placed.group.name


def export_membership(database: Database, path: Path, on_date: dt.date | None = None) -> MembershipMatrix:
    """Writes the matrix on `on_date` (today) to `path`, .xlsx or .docx by its extension; returns the matrix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the file name must end in .xlsx or .docx.")
    matrix = membership_matrix(database, on_date)
    if not matrix.groups:
        raise BoardAdminError(
            f"No board or group was running on {format_date(matrix.on_date)}; there is nothing to list."
        )
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_workbook(matrix, temporary)
        else:
            write_document(matrix, temporary)
    return matrix


# --- Excel -----------------------------------------------------------------------------------------


def write_workbook(matrix: MembershipMatrix, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Agencies represented"
    first_group_column = 4
    headers = ["Agency", "Sector", "Statutory partner", *(group_heading(placed) for placed in matrix.groups)]
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(name="Calibri", size=16, bold=True)
    sheet["A2"] = f"Membership on {format_date(matrix.on_date)}. {KEY_TEXT}"
    header_row = 4
    for column, header in enumerate(headers, start=1):
        cell = _put_text(sheet, header_row, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = GRID
        rotated = column >= first_group_column
        cell.alignment = Alignment(
            text_rotation=90 if rotated else 0,
            horizontal="center" if rotated else "left",
            vertical="bottom",
            wrap_text=not rotated,
        )
    longest_heading = max((len(header) for header in headers[first_group_column - 1 :]), default=8)
    sheet.row_dimensions[header_row].height = min(max(longest_heading * 6.5, 40), 200)

    for row_number, agency in enumerate(matrix.agencies, start=header_row + 1):
        values = [agency.name, agency.sector.label, "Yes" if agency.statutory_partner else "No"]
        for column, value in enumerate(values, start=1):
            cell = _put_text(sheet, row_number, column, value)
            cell.border = GRID
            cell.alignment = Alignment(vertical="center", horizontal="center" if column == 3 else "left")
        for offset, placed in enumerate(matrix.groups):
            matrix_cell = matrix.cell(agency.id, placed.group.id)
            cell = sheet.cell(row_number, first_group_column + offset)
            if matrix_cell.roles:
                cell.value = matrix_cell.text
                cell.data_type = "s"
            cell.border = GRID
            cell.alignment = Alignment(horizontal="center", vertical="center")

    last_row = header_row + max(len(matrix.agencies), 1)
    last_column = get_column_letter(len(headers))
    table = Table(displayName="AgenciesRepresented", ref=f"A{header_row}:{last_column}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    widest_agency = max((len(agency.name) for agency in matrix.agencies), default=20)
    sheet.column_dimensions["A"].width = min(max(widest_agency + 2, 20), 60)
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 10
    for offset in range(len(matrix.groups)):
        sheet.column_dimensions[get_column_letter(first_group_column + offset)].width = 11
    sheet.freeze_panes = sheet.cell(header_row + 1, 2)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = f"{TITLE} on {format_date(matrix.on_date)} – page &P of &N"

    _write_key_sheet(workbook.create_sheet("Groups"), matrix)
    workbook.save(path)


def _write_key_sheet(sheet, matrix: MembershipMatrix) -> None:
    """The groups the columns stand for, in the order of the structure, with their full names."""
    names = {placed.group.id: placed.group.name for placed in matrix.groups}
    headers = ["Column", "Group", "Kind", "Reports to", "Agencies represented"]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(1, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row_number, placed in enumerate(matrix.groups, start=2):
        group = placed.group
        values = [
            group_heading(placed),
            "    " * placed.depth + group.name,
            group.kind.label,
            names.get(placed.parent_id, "") if placed.parent_id else "",
        ]
        for column, value in enumerate(values, start=1):
            _put_text(sheet, row_number, column, value)
        count = sum(1 for agency in matrix.agencies if matrix.cell(agency.id, group.id).roles)
        sheet.cell(row_number, 5, count)
    table = Table(displayName="GroupsShown", ref=f"A1:E{len(matrix.groups) + 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    for letter, width in zip("ABCDE", (16, 60, 22, 50, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- Word ------------------------------------------------------------------------------------------

AGENCY_COLUMN = Mm(62)


def write_document(matrix: MembershipMatrix, path: Path) -> None:
    document = Document(str(template_path(TEMPLATE)))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(
        f"The agencies whose representatives sat on the partnership's boards and groups on "
        f"{format_date(matrix.on_date)}. {KEY_TEXT}"
    )
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    group_width = int((usable - AGENCY_COLUMN) / max(len(matrix.groups), 1))

    table = document.add_table(rows=1, cols=1 + len(matrix.groups))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    repeat_as_header(header)
    _set_cell(header.cells[0], "Agency", bold=True, width=AGENCY_COLUMN)
    for offset, placed in enumerate(matrix.groups, start=1):
        cell = header.cells[offset]
        _set_cell(cell, group_heading(placed), bold=True, width=group_width, centre=True)
        _rotate(cell)
    header.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    header.height = Mm(min(max(max(len(group_heading(p)) for p in matrix.groups) * 2.2, 15), 45))
    for cell in header.cells:
        shade(cell, "DDE6F0")
    for agency in matrix.agencies:
        cells = table.add_row().cells
        _set_cell(cells[0], agency.name, width=AGENCY_COLUMN, bold=agency.statutory_partner)
        for offset, placed in enumerate(matrix.groups, start=1):
            _set_cell(cells[offset], matrix.cell(agency.id, placed.group.id).text, width=group_width, centre=True)
    if not matrix.agencies:
        document.add_paragraph("No agency had anyone sitting on these groups on that date.")

    document.add_paragraph("")
    note = document.add_paragraph("Statutory partners are shown in bold.")
    note.runs[0].italic = True
    document.add_heading("The groups", level=1)
    names = {placed.group.id: placed.group.name for placed in matrix.groups}
    key = document.add_table(rows=1, cols=4)
    key.style = document.styles["Table Grid"]
    repeat_as_header(key.rows[0])
    widths = (Mm(30), Mm(100), Mm(45), Mm(92))
    for cell, text, width in zip(key.rows[0].cells, ("Column", "Group", "Kind", "Reports to"), widths, strict=True):
        _set_cell(cell, text, bold=True, width=width)
        shade(cell, "DDE6F0")
    for placed in matrix.groups:
        group = placed.group
        parent = names.get(placed.parent_id, "") if placed.parent_id else ""
        link = f"Linked to {parent} (dotted line)" if parent and group.dotted_line else parent
        values = (group_heading(placed), group.name, group.kind.label, link)
        for cell, text, width in zip(key.add_row().cells, values, widths, strict=True):
            _set_cell(cell, text, width=width)
    document.core_properties.title = f"{TITLE} on {format_date(matrix.on_date)}"
    document.save(str(path))


def _set_cell(cell, text: str, *, bold: bool = False, width=None, centre: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(8)
    paragraph.paragraph_format.space_after = Pt(0)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if width is not None:
        cell.width = width


def _rotate(cell) -> None:
    """Group names read bottom to top, so that many groups fit across a landscape page."""
    properties = cell._tc.get_or_add_tcPr()
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    properties.append(direction)
    alignment = OxmlElement("w:vAlign")
    alignment.set(qn("w:val"), "center")
    properties.append(alignment)
