"""The register of declarations of interest, per group and year, as an Excel workbook or a Word document, from
the rows the minutes print (reports/declarations.interests_register)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.exporters.files import atomic_output, text_cell
from board_admin.exporters.word import fixed_widths, repeat_as_header, shade
from board_admin.reports.declarations import DeclarationRow, interests_register

HEADERS = ("Group", "Meeting", "Person", "Agency", "About", "Interest", "Kind", "What they did")
WIDTHS = (36, 12, 22, 30, 30, 50, 14, 16)  # Excel's column widths, in characters
WORD_WIDTHS_MM = (34, 23, 28, 30, 30, 60, 20, 22)  # a landscape A4 page's 247 mm of text
HEADER_COLOUR = "DDE6F0"


def _values(row: DeclarationRow) -> tuple:
    return (
        row.group_name,
        row.meeting_date,
        row.person_name,
        row.agency_name or "",
        row.about,
        row.interest,
        row.kind.label,
        row.action.label,
    )


def title_of(group_name: str | None, year: FinancialYear | None) -> str:
    title = "Register of declarations of interest"
    if group_name:
        title += f": {group_name}"
    if year is not None:
        title += f", {year.label}"
    return title


def write_workbook(rows: list[DeclarationRow], title: str, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Declarations"
    sheet["A1"] = title
    sheet["A1"].font = Font(size=14, bold=True, color="1F3A5F")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_COLOUR)
        sheet.column_dimensions[cell.column_letter].width = width
    for line, row in enumerate(rows, start=4):
        for column, value in enumerate(_values(row), start=1):
            cell = sheet.cell(row=line, column=column)
            if column == 2:
                cell.value = value
                cell.number_format = "dd/mm/yyyy"
            else:
                cell.value = text_cell(sheet, value).value
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=column in (5, 6), vertical="top")
    sheet.freeze_panes = "A4"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    book.save(str(path))


def write_document(rows: list[DeclarationRow], title: str, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(25)
    document.add_heading(title, 0)
    if not rows:
        document.add_paragraph("No interests were declared at these meetings.")
        document.save(str(path))
        return
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
        shade(cell, HEADER_COLOUR)
    repeat_as_header(table.rows[0])
    for row in rows:
        values = list(_values(row))
        values[1] = format_date(row.meeting_date)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    fixed_widths(table, WORD_WIDTHS_MM, font_size=9)
    document.save(str(path))


def export_interests(
    database: Database,
    path: Path,
    group_id: int | None = None,
    year: FinancialYear | None = None,
    group_name: str | None = None,
) -> int:
    """Writes the register (of a group, a year) to `path`, .xlsx or .docx by its extension; returns how many."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the register of interests is exported to a file ending in .xlsx or .docx.")
    database.actor.require(Permission.EXPORT)
    rows = interests_register(database, group_id, year)
    title = title_of(group_name, year)
    with atomic_output(path) as temporary:
        (write_workbook if suffix == ".xlsx" else write_document)(rows, title, temporary)
    return len(rows)
