"""The decision register as an Excel workbook or a Word document, from the rows the screen shows
(reports/decisions.decision_register), filtered the same way."""

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
from board_admin.reports.decisions import DecisionRow, decision_register

HEADERS = ("Reference", "Group", "Meeting", "Item", "Decision")
WIDTHS = (22, 44, 12, 40, 70)  # Excel's column widths, in characters
LINE_HEIGHT = 15  # points a line of 11-point text needs; wrapped cells' rows are made tall enough by hand
WORD_WIDTHS_MM = (38, 44, 25, 46, 94)  # a landscape A4 page's 247 mm of text
HEADER_COLOUR = "DDE6F0"


def _title(group_name: str | None, year: FinancialYear | None) -> str:
    title = "Decision register"
    if group_name:
        title += f": {group_name}"
    if year is not None:
        title += f", {year.label}"
    return title


def write_workbook(rows: list[DecisionRow], title: str, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Decisions"
    sheet["A1"] = title
    sheet["A1"].font = Font(size=14, bold=True, color="1F3A5F")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_COLOUR)
        sheet.column_dimensions[cell.column_letter].width = width
    for line, row in enumerate(rows, start=4):
        values = (row.reference, row.group_name, None, f"{row.item_position}. {row.item_title}", row.text)
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=line, column=column)
            cell.value = text_cell(sheet, value).value
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=column in (4, 5), vertical="top")
        lines = max(
            len(text) // (WIDTHS[column] - 2) + 1
            for column, text in ((3, f"{row.item_position}. {row.item_title}"), (4, row.text))
        )
        sheet.row_dimensions[line].height = LINE_HEIGHT * lines
        date_cell = sheet.cell(row=line, column=3, value=row.meeting_date)
        date_cell.number_format = "dd/mm/yyyy"
        date_cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A4"
    # Printed: landscape, every column on the page's width.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "3:3"
    if rows:
        sheet.auto_filter.ref = f"A3:E{len(rows) + 3}"
    book.save(str(path))


def write_document(rows: list[DecisionRow], title: str, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    # Landscape, so that the decision itself has room.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(25)
    document.add_heading(title, 0)
    if not rows:
        document.add_paragraph("No decisions are recorded for this choice.")
    else:
        table = document.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
            shade(cell, HEADER_COLOUR)
        repeat_as_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            values = (
                row.reference,
                row.group_name,
                format_date(row.meeting_date),
                f"{row.item_position}. {row.item_title}",
                row.text,
            )
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
        fixed_widths(table, WORD_WIDTHS_MM, font_size=9)
    document.save(str(path))


def export_decisions(
    database: Database,
    path: Path,
    group_id: int | None = None,
    year: FinancialYear | None = None,
    search: str | None = None,
    group_name: str | None = None,
) -> int:
    """Writes the register (filtered) to `path`, .xlsx or .docx by its extension; returns how many decisions."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the decision register is exported to a file ending in .xlsx or .docx.")
    database.actor.require(Permission.EXPORT)
    rows = decision_register(database, group_id, year, search)
    title = _title(group_name, year)
    with atomic_output(path) as temporary:
        (write_workbook if suffix == ".xlsx" else write_document)(rows, title, temporary)
    return len(rows)
