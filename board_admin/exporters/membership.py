""" "Agencies represented on the boards": the agency x group matrix of the annual report (seed 002 appendix 1),
to Excel and to Word. Each cell holds the letter of the most senior role the agency holds on the group (a tick
for an ordinary member), so that seventeen groups and full agency names fit across one landscape page; the key
to the letters is printed with the table, and the groups' full names follow it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.workbook_format import looks_like_formula
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails, repeat_as_header, shade
from board_admin.reports.structure import ROLE_KEY, MembershipMatrix, PlacedGroup, membership_matrix

TITLE = "Agencies represented on the boards"
TEMPLATE = "membership.docx"
KEY_TEXT = f"Key: {ROLE_KEY}. Where an agency has several people on a group, its most senior role is shown."
STATUTORY_TEXT = "Statutory partners (local authority, police, health) are listed first, in bold."
MATRIX_SHEET = "Agencies represented"
GROUPS_SHEET = "Groups"

HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDE6F0")
THIN = Side(style="thin", color="9AA7B8")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_SHADE = "DDE6F0"
STRIPE_SHADE = "F2F5F9"


def _put_text(sheet, row: int, column: int, text: str):
    """Text someone typed, kept as text: never a formula, even when edited in Excel later."""
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    cell.quotePrefix = looks_like_formula(text)
    return cell


def group_heading(placed: PlacedGroup) -> str:
    return placed.group.short_name or placed.group.name


def group_headings(matrix: MembershipMatrix) -> list[str]:
    """The column headings: each group's short name, made unique (a spreadsheet table needs that) if two
    groups share one."""
    headings: list[str] = []
    for placed in matrix.groups:
        heading = group_heading(placed)
        candidate, number = heading, 2
        while candidate.casefold() in (taken.casefold() for taken in headings):
            candidate, number = f"{heading} ({number})", number + 1
        headings.append(candidate)
    return headings


def describe_on(matrix: MembershipMatrix) -> str:
    agencies, groups = len(matrix.agencies), len(matrix.groups)
    return (
        f"Membership on {format_date(matrix.on_date)}: {agencies} agenc{'y' if agencies == 1 else 'ies'} "
        f"on {groups} board{'' if groups == 1 else 's'} and group{'' if groups == 1 else 's'}."
    )


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
            write_workbook(matrix, temporary, word.document_details(database))
        else:
            write_document(matrix, temporary, word.document_details(database))
    return matrix


def _parent_text(placed: PlacedGroup, names: dict[int, str]) -> str:
    parent = names.get(placed.parent_id, "") if placed.parent_id else ""
    if not parent:
        return "Top of the structure" if placed.depth == 0 else ""
    return f"Linked to {parent} (dotted line)" if placed.group.dotted_line else parent


# --- Excel -----------------------------------------------------------------------------------------

HEADER_ROW = 5
FIRST_GROUP_COLUMN = 4
AGENCY_CHARACTERS = 62


def write_workbook(matrix: MembershipMatrix, path: Path, details: DocumentDetails | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = MATRIX_SHEET
    headings = group_headings(matrix)
    headers = ["Agency", "Sector", "Statutory partner", *headings]
    sheets.title_block(sheet, TITLE, describe_on(matrix))
    sheet["A3"] = f"{KEY_TEXT} The full names of the groups are on the sheet '{GROUPS_SHEET}'."
    # The sentences span the table's width and wrap, so that they print inside the page.
    for row in (2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        sheet.cell(row, 1).alignment = Alignment(vertical="top", wrap_text=True)
    sheet.row_dimensions[3].height = 30
    for column, header in enumerate(headers, start=1):
        cell = _put_text(sheet, HEADER_ROW, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = GRID
        rotated = column >= FIRST_GROUP_COLUMN
        cell.alignment = Alignment(
            text_rotation=90 if rotated else 0,
            horizontal="center" if rotated else "left",
            vertical="bottom",
            wrap_text=not rotated,
        )
    longest_heading = max((len(heading) for heading in headings), default=8)
    sheet.row_dimensions[HEADER_ROW].height = min(max(longest_heading * 6.5 + 8, 40), 200)

    for row_number, agency in enumerate(matrix.agencies, start=HEADER_ROW + 1):
        values = [agency.name, agency.sector.label, "Yes" if agency.statutory_partner else "No"]
        for column, value in enumerate(values, start=1):
            cell = _put_text(sheet, row_number, column, value)
            cell.border = GRID
            cell.font = Font(name="Calibri", size=11, bold=agency.statutory_partner and column == 1)
            cell.alignment = Alignment(
                vertical="center", horizontal="center" if column == 3 else "left", wrap_text=column == 1
            )
        for offset, placed in enumerate(matrix.groups):
            matrix_cell = matrix.cell(agency.id, placed.group.id)
            cell = sheet.cell(row_number, FIRST_GROUP_COLUMN + offset)
            if matrix_cell.roles:
                cell.value = matrix_cell.code
                cell.data_type = "s"
            cell.border = GRID
            cell.alignment = Alignment(horizontal="center", vertical="center")

    last_row = HEADER_ROW + max(len(matrix.agencies), 1)
    last_column = get_column_letter(len(headers))
    table = Table(displayName="AgenciesRepresented", ref=f"A{HEADER_ROW}:{last_column}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    widest_agency = max((len(agency.name) for agency in matrix.agencies), default=20)
    agency_width = min(max(widest_agency + 2, 24), AGENCY_CHARACTERS)
    sheet.column_dimensions["A"].width = agency_width
    for row_number, agency in enumerate(matrix.agencies, start=HEADER_ROW + 1):
        # A spreadsheet does not grow a row for wrapped text by itself in every program: say how tall.
        lines = -(-len(agency.name) // int(agency_width))
        if lines > 1:
            sheet.row_dimensions[row_number].height = 15 * lines
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 10
    for offset in range(len(matrix.groups)):
        sheet.column_dimensions[get_column_letter(FIRST_GROUP_COLUMN + offset)].width = 5.5
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    _landscape(sheet, matrix, (details or DEFAULT_DETAILS).organisation, f"1:{HEADER_ROW}")
    sheet.print_title_cols = "A:A"

    _write_groups_sheet(
        workbook.create_sheet(GROUPS_SHEET), matrix, headings, (details or DEFAULT_DETAILS).organisation
    )
    sheets.set_properties(
        workbook,
        f"{TITLE} on {format_date(matrix.on_date)}",
        f"Membership of the boards and groups on {format_date(matrix.on_date)}",
        details or DEFAULT_DETAILS,
    )
    workbook.save(path)


def _landscape(sheet, matrix: MembershipMatrix, organisation: str, title_rows: str) -> None:
    sheets.print_setup(
        sheet,
        title=f"{TITLE}: {sheet.title}",
        period=f"Membership on {format_date(matrix.on_date)}",
        organisation=organisation,
        title_rows=title_rows,
        landscape=True,
    )
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def _write_groups_sheet(sheet, matrix: MembershipMatrix, headings: list[str], organisation: str) -> None:
    """The key to the columns: each group's full name, in the order of the structure, and how many
    agencies sit on it."""
    names = {placed.group.id: placed.group.name for placed in matrix.groups}
    headers = ["Column", "Group", "Kind", "Reports to", "Agencies represented"]
    top = sheets.title_block(
        sheet, f"{TITLE}: the groups named in the columns", f"Membership on {format_date(matrix.on_date)}"
    )
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(top, column, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    sheet.row_dimensions[top].height = 30  # "Agencies represented" on two lines
    for row_number, (placed, heading) in enumerate(zip(matrix.groups, headings, strict=True), start=top + 1):
        group = placed.group
        values = [heading, "    " * placed.depth + group.name, group.kind.label, _parent_text(placed, names)]
        for column, value in enumerate(values, start=1):
            _put_text(sheet, row_number, column, value).alignment = Alignment(vertical="top")
        count = sum(1 for agency in matrix.agencies if matrix.cell(agency.id, group.id).roles)
        sheet.cell(row_number, 5, count).alignment = Alignment(vertical="top")
    table = Table(displayName="GroupsShown", ref=f"A{top}:E{len(matrix.groups) + top}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    for letter, width in zip("ABCDE", (16, 58, 20, 66, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
    _landscape(sheet, matrix, organisation, f"1:{top}")


# --- Word ------------------------------------------------------------------------------------------

# Room for the longest agency names on two lines at the table's type size.
AGENCY_COLUMN = Mm(78)
NARROWEST_GROUP_COLUMN = Mm(7)
WIDEST_GROUP_COLUMN = Mm(16)
TABLE_POINTS = 8
BODY_ROW = Mm(5.2)
KEY_WIDTHS_MM = (26, 86, 38, 103)


def write_document(matrix: MembershipMatrix, path: Path, details: DocumentDetails | None = None) -> None:
    document = word.open_template(TEMPLATE)
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(
        f"The agencies whose representatives sat on the partnership's boards and groups on "
        f"{format_date(matrix.on_date)}: {len(matrix.agencies)} agencies on {len(matrix.groups)} boards and groups. "
        f"{STATUTORY_TEXT}"
    )
    key = document.add_paragraph()
    key.add_run("Key: ").bold = True
    key.add_run(f"{ROLE_KEY}. Where an agency has several people on a group, its most senior role is shown. ")
    key.add_run("The columns are named in full under “The groups” after the table.")
    for run in key.runs:
        run.font.size = Pt(9)

    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    headings = group_headings(matrix)
    group_width = int((usable - AGENCY_COLUMN) / max(len(matrix.groups), 1))
    group_width = max(min(group_width, WIDEST_GROUP_COLUMN), NARROWEST_GROUP_COLUMN)
    widths = [AGENCY_COLUMN, *([Emu(group_width)] * len(matrix.groups))]

    table = _fixed_table(document, widths)
    header = table.rows[0]
    repeat_as_header(header)
    word.keep_on_one_page(header)
    # Rotated headings read bottom to top: the row is as tall as the longest of them.
    header.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    header.height = Mm(min(max(max((len(h) for h in headings), default=6) * 1.85 + 5, 14), 60))
    _fill_row(header, widths, ["Agency", *headings], bold=True, shading=HEADER_SHADE, rotate_from=1)
    for number, agency in enumerate(matrix.agencies):
        row = table.add_row()
        word.keep_on_one_page(row)
        # Even rows with air around the letters, easy to follow across the page.
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = BODY_ROW
        codes = [matrix.cell(agency.id, placed.group.id).code for placed in matrix.groups]
        _fill_row(
            row,
            widths,
            [agency.name, *codes],
            bold_first=agency.statutory_partner,
            shading=STRIPE_SHADE if number % 2 else None,
            centre_from=1,
        )
    if not matrix.agencies:
        document.add_paragraph("No agency had anyone sitting on these groups on that date.")

    # The key to the columns starts a page of its own, so that it is never split in two.
    document.add_heading("The groups", level=1).paragraph_format.page_break_before = True
    names = {placed.group.id: placed.group.name for placed in matrix.groups}
    key_widths = [Mm(width) for width in KEY_WIDTHS_MM]
    groups = _fixed_table(document, key_widths)
    repeat_as_header(groups.rows[0])
    word.keep_on_one_page(groups.rows[0])
    _fill_row(groups.rows[0], key_widths, ["Column", "Group", "Kind", "Reports to"], bold=True, shading=HEADER_SHADE)
    for placed, heading in zip(matrix.groups, headings, strict=True):
        row = groups.add_row()
        word.keep_on_one_page(row)
        values = [heading, placed.group.name, placed.group.kind.label, _parent_text(placed, names)]
        _fill_row(row, key_widths, values, size=9)
    word.finish(
        document,
        details,
        title=f"{TITLE} on {format_date(matrix.on_date)}",
        subject=f"Membership of the boards and groups on {format_date(matrix.on_date)}",
        label=TITLE,
        period=f"Membership on {format_date(matrix.on_date)}",
    )
    document.save(str(path))


def _fixed_table(document, widths):
    """A table whose column widths Word and LibreOffice both keep: a fixed layout and the grid set."""
    table = document.add_table(rows=1, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    return table


def _fill_row(
    row,
    widths,
    texts: list[str],
    *,
    bold: bool = False,
    bold_first: bool = False,
    shading: str | None = None,
    rotate_from: int | None = None,
    centre_from: int | None = None,
    size: int = TABLE_POINTS,
) -> None:
    """Writes a row's cells; the cell properties are added in the order Word's schema asks for (width,
    shading, text direction, vertical alignment), which Word, unlike LibreOffice, insists on."""
    for position, (cell, width, text) in enumerate(zip(row.cells, widths, texts, strict=True)):
        cell.width = width
        paragraph = cell.paragraphs[0]  # a new cell: one empty paragraph
        run = paragraph.add_run(text)
        run.bold = bold or (bold_first and position == 0)
        run.font.size = Pt(size)
        _mark_size(paragraph, size)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        if shading:
            shade(cell, shading)
        rotated = rotate_from is not None and position >= rotate_from
        if rotated:
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), "btLr")
            cell._tc.get_or_add_tcPr().append(direction)
        if centre_from is not None and position >= centre_from:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if rotate_from is not None and not rotated:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        else:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _mark_size(paragraph, points: int) -> None:
    """The paragraph mark at the table's type size too, so that an empty cell is no taller than a full one."""
    marks = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(points * 2))
    marks.append(size)
    paragraph._p.get_or_add_pPr().append(marks)
