"""The whole database as one .xlsx workbook, in the format the import reads back.

One sheet per entity, in the order of `board_admin.domain.workbook_format.SHEETS`; headers in row 1
(bold, frozen, with an auto-filter); rows sorted so that the same data always gives the same cells.
Dates and times are real spreadsheet dates and times, amounts real numbers with two decimals, and any
text a person typed is stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from board_admin.db.engine import Database
from board_admin.domain import workbook_format as wf
from board_admin.exporters.files import atomic_output, text_cell
from board_admin.reports.papers import listed_paper_rows
from board_admin.reports.workbook_rows import read_workbook_rows

log = logging.getLogger("board_admin.exporters.workbook")

DATE_FORMAT = "dd/mm/yyyy"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
TIME_FORMAT = "hh:mm"
MONEY_FORMAT = "#,##0.00"
HEADER_FONT = Font(name="Calibri", size=11, bold=True)  # the body font, so that every program shows the same
HEADER_FILL = PatternFill("solid", start_color="DDE6F0")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8FA6"))
MIN_WIDTH = 8
PRINTABLE_WIDTH = 220  # characters of column width that still print legibly on one landscape page
MAX_WIDTH = {wf.CellKind.TEXT: 60, wf.CellKind.LONG_TEXT: 50}


def export_workbook(database: Database, path: Path) -> dict[str, int]:
    """Writes every record to `path` (replacing it); returns the number of rows written on each sheet.

    The workbook is written to a temporary file beside the target and renamed into place in one step,
    so a half-written workbook never replaces a good one, and a target held open by Excel (Windows
    refuses the rename) is reported and left exactly as it was.
    """
    stored = read_workbook_rows(database)
    sheets = {sheet.name: _in_order(sheet, [row.values for row in stored[sheet.name]]) for sheet in wf.SHEETS}
    with atomic_output(Path(path)) as temporary:
        workbook = Workbook(write_only=True)
        for sheet in wf.SHEETS:
            _write_sheet(workbook.create_sheet(sheet.name), sheet, sheets[sheet.name])
        # Listed for reading only: which papers each agenda item has (the files stay in the database).
        listed = {wf.PAPERS.name: _in_order(wf.PAPERS, listed_paper_rows(database))}
        for sheet in wf.LISTED_SHEETS:
            _write_sheet(workbook.create_sheet(sheet.name), sheet, listed[sheet.name])
        workbook.save(temporary)
    sheets.update(listed)
    return {name: len(rows) for name, rows in sheets.items()}


def _in_order(sheet: wf.Sheet, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(rows, key=lambda values: wf.sort_key(sheet, values))


def _write_sheet(worksheet: WriteOnlyWorksheet, sheet: wf.Sheet, rows: list[dict[str, object]]) -> None:
    cells = [[column.write(values.get(column.key)) for column in sheet.columns] for values in rows]
    last = get_column_letter(len(sheet.columns))
    # Column widths and the sheet's layout must be set before the first row of a streamed sheet.
    widths = [_width(column, (row[index] for row in cells)) for index, column in enumerate(sheet.columns)]
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    worksheet.print_title_rows = "1:1"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # never the printer's US Letter default
    worksheet.oddHeader.left.text = f"Board Admin workbook: {sheet.name}".replace("&", "&&")
    worksheet.oddFooter.right.text = "Page &P of &N"
    if sum(widths) <= PRINTABLE_WIDTH:
        # Printed one page wide when that stays readable; wider sheets (minutes) run on to further pages.
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        # Each further page across starts again with the first column, so that its rows can be told apart.
        worksheet.print_title_cols = "A:A"

    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(worksheet, value=column.header)
        cell.data_type = "s"
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    worksheet.append(header)

    # Long text is not wrapped: rows keep one line each, as a spreadsheet of records is read and filtered.
    makers = [_cell_maker(worksheet, column) for column in sheet.columns]
    for row in cells:
        worksheet.append([make(value) for make, value in zip(makers, row, strict=True)])


def _cell_maker(worksheet: WriteOnlyWorksheet, column: wf.Column):
    """A function turning one value of the column into what the streamed sheet is given for it."""
    number_format = {
        wf.CellKind.DATE: DATE_FORMAT,
        wf.CellKind.DATE_TIME: DATE_TIME_FORMAT,
        wf.CellKind.TIME: TIME_FORMAT,
        wf.CellKind.MONEY: MONEY_FORMAT,
    }.get(column.kind)

    def make(value: object) -> object:
        if value is None:
            return None
        if isinstance(value, str):
            return text_cell(worksheet, value)
        if number_format is not None:
            cell = WriteOnlyCell(worksheet, value=value)
            cell.number_format = number_format
            return cell
        return value

    return make


def _width(column: wf.Column, values) -> float:
    longest = len(column.header)
    for value in values:
        longest = max(longest, _shown_length(value))
    wanted = max(longest + 2, MIN_WIDTH)
    return min(wanted, MAX_WIDTH.get(column.kind, wanted))


def _shown_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.datetime):
        return len(DATE_TIME_FORMAT) + 2  # digits print wider than the average character a width counts
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, dt.time):
        return 5
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(str(value))
