"""What every Excel export shares: money tables that add up by themselves, and pages that say what they are.

A money table is a real Excel table whose last row is its totals row: each total is
`=SUBTOTAL(109,Table[Column])`, a structured reference to the table, so a row a finance officer adds inside
the table is counted, and a filtered table totals what it shows. Derived columns (remaining, outstanding,
share, net position) are written as formulas by the exporters themselves.

`print_setup` gives a sheet its print titles, A4 paper, fitting to the page width, and a header and footer
naming the document, its period, the organisation and "Page N of M".
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from board_admin.exporters.files import text_cell

TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="1F3A5F"), bottom=Side(style="double", color="1F3A5F"))
TOTAL_FILL = PatternFill("solid", start_color="EEF2F7")
# Table styles are not drawn by every program (LibreOffice), so headers are also filled by hand.
HEADER_FILL = PatternFill("solid", start_color="DDE6F0")
LINE_HEIGHT = 15  # points per line of 11-point text
DATE_FORMAT = "dd/mm/yyyy"
BOLD = Font(name="Calibri", size=11, bold=True)
TITLE_FONT = Font(name="Calibri", size=14, bold=True, color="1F3A5F")
PERIOD_FONT = Font(name="Calibri", size=11, italic=True, color="4A5568")
TITLE_ALIGNMENT = Alignment(wrap_text=False, vertical="top")
# Text in the column after a figure (right-aligned) starts this many indent steps in, so that the two never
# read as one ("0Probation"): one step was too little in LibreOffice.
AFTER_FIGURE_INDENT = 2
# A sheet under `title_block` has its table's header on this row.
TABLE_ROW = 3
# Characters a structured reference's column name escapes with an apostrophe.
_ESCAPED = str.maketrans({"'": "''", "[": "'[", "]": "']", "#": "'#"})


def column_reference(table: str, header: str) -> str:
    """`Table[Column]` for use in a formula."""
    return f"{table}[{header.translate(_ESCAPED)}]"


def money_table(
    sheet,
    name: str,
    header_row: int,
    last_row: int,
    headers: list[str] | tuple[str, ...],
    *,
    totals: dict[int, str] | None = None,
    total_label: str = "Total",
    first_column: int = 1,
) -> int | None:
    """Makes the header row, the rows under it and (when `totals`) a totals row after `last_row` one Excel
    table called `name`. `totals` maps a column (1-based, within the table) to "sum" for a SUBTOTAL of the
    column, or to a formula of its own (e.g. the remaining of the totals). Returns the totals row's number, or
    None when there are no rows (an Excel table needs one; the caller says there is nothing)."""
    if last_row <= header_row:
        return None
    total_row = last_row + 1 if totals is not None else None
    bottom = total_row or last_row
    left = get_column_letter(first_column)
    right = get_column_letter(first_column + len(headers) - 1)
    columns = []
    for index, header in enumerate(headers, start=1):
        column = TableColumn(id=index, name=header)
        if totals is not None:
            kind = totals.get(index)
            if index == 1:
                column.totalsRowLabel = total_label
            elif kind == "sum":
                column.totalsRowFunction = "sum"
            elif kind is not None:
                column.totalsRowFunction = "custom"
        columns.append(column)
    table = Table(
        displayName=name,
        ref=f"{left}{header_row}:{right}{bottom}",
        tableColumns=columns,
        totalsRowCount=1 if totals is not None else None,
    )
    table.tableStyleInfo = TABLE_STYLE
    # The filter buttons cover the rows, not the totals row.
    table.autoFilter = AutoFilter(ref=f"{left}{header_row}:{right}{last_row}")
    sheet.add_table(table)
    if total_row is not None:
        for index in range(1, len(headers) + 1):
            cell = sheet.cell(total_row, first_column + index - 1)
            cell.font = BOLD
            cell.border = TOTAL_BORDER
            cell.fill = TOTAL_FILL
            kind = totals.get(index)
            if index == 1:
                cell.value = total_label
                cell.data_type = "s"
            elif kind == "sum":
                cell.value = f"=SUBTOTAL(109,{column_reference(name, headers[index - 1])})"
            elif kind is not None:
                cell.value = kind
    return total_row


def put(sheet, row: int, column: int, value, kind: str = "text"):
    """Writes `value` into a cell: text stays text (never a formula), a date of kind "date" shows as one, and
    text wraps within its column (names, groups and themes too), so nothing is cut off on screen or paper."""
    if isinstance(value, str):
        made = text_cell(sheet, value)
        cell = sheet.cell(row=row, column=column, value=made.value)
        cell.data_type = "s"
        if made.quotePrefix:
            cell.quotePrefix = True
    else:
        cell = sheet.cell(row=row, column=column, value=value)
        if kind == "date" and value is not None:
            cell.number_format = DATE_FORMAT
    cell.alignment = Alignment(wrap_text=isinstance(value, str), vertical="top")
    return cell


def set_widths(sheet, widths) -> None:
    """Sets the columns' widths, from column A; neighbours of one width are one column range in the file (a
    matrix of ten years' meetings is a hundred and more columns of one width)."""
    first = 1
    for index in range(1, len(widths) + 1):
        if index < len(widths) and widths[index] == widths[first - 1]:
            continue
        dimension = sheet.column_dimensions[get_column_letter(first)]
        dimension.width = widths[first - 1]
        dimension.min, dimension.max = first, index
        first = index + 1


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide. Spreadsheet programs do not grow a
    row for wrapped text written by a program, so the exporters set each row's height from this."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def table(sheet, name: str, first_row: int, last_row: int, columns: int) -> None:
    """Makes the header row `first_row` and the rows under it to `last_row` an Excel table called `name`
    (with its filter buttons), for a table that is not money; an empty one keeps a blank row, as Excel needs."""
    reference = f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row + 1)}"
    made = Table(displayName=name, ref=reference)
    made.tableStyleInfo = TABLE_STYLE
    sheet.add_table(made)


def title_block(sheet, title: str, period: str) -> int:
    """Row 1 says what the sheet is, row 2 for which period (both printed again on every page when the print
    titles run from row 1); returns the row the table's header goes on."""
    for row, text, font in ((1, title, TITLE_FONT), (2, period, PERIOD_FONT)):
        cell = sheet.cell(row, 1)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
        cell.data_type = "s"
        cell.font = font
        cell.alignment = TITLE_ALIGNMENT
    return TABLE_ROW


def title_cells(sheet, title: str, period: str) -> list[WriteOnlyCell]:
    """`title_block`'s two cells for a sheet in write-only mode: append each as a row of its own."""
    cells = []
    for text, font in ((title, TITLE_FONT), (period, PERIOD_FONT)):
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.data_type = "s"
        cell.font = font
        cell.alignment = TITLE_ALIGNMENT
        cells.append(cell)
    return cells


def print_setup(
    sheet,
    *,
    title: str,
    period: str,
    organisation: str,
    title_rows: str | None = None,
    landscape: bool = False,
) -> None:
    """A4, fitted to the page width, print titles repeated on every page, and a header and footer saying
    what the sheet is, for which period, from whom, and "Page N of M"."""
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # a write-only sheet lacks the constant
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # "&" starts a code in a header: a title or name holding one is written "&&".
    sheet.oddHeader.left.text = _header_text(title)
    sheet.oddHeader.right.text = _header_text(period)
    sheet.oddFooter.left.text = _header_text(organisation)
    sheet.oddFooter.right.text = "Page &P of &N"


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def set_properties(workbook, title: str, subject: str, details) -> None:
    """The file's properties: what it is, and who it comes from (the organisation, else the signed-in user)."""
    workbook.properties.title = title
    workbook.properties.subject = subject
    workbook.properties.creator = details.author
    workbook.properties.lastModifiedBy = details.author
