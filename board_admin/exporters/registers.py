"""What the decision register and the register of declarations of interest share: one table of rows for a
group (or every group) and a year (or every year), written to Excel or Word with the shared toolkits
(sheets.py, word.py) on landscape A4.

Each register says what its columns are (`Column`) and which rows it holds; `export_register` writes the
file: in Excel a title and period above a real table whose header prints on every page; in Word a titled
document whose table fits the page, repeats its header, never splits a row, with "Page N of M" under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DocumentDetails

TEMPLATE = "registers.docx"  # the house style on landscape A4, so that the longest column has room
WORD_SIZE = 9  # points: the table's text in Word


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    kind: str  # "text" (short), "long" (wrapped, most of the row's height) or "date"
    characters: float  # the column's width in Excel
    millimetres: float  # its width in Word, on a landscape A4 page's 253 mm of text


@dataclass(frozen=True)
class Register:
    name: str  # "Decision register": the title's first words, and the footer's
    sheet: str  # the Excel sheet's name
    table: str  # the Excel table's name
    columns: tuple[Column, ...]
    empty: str  # the sentence standing for an empty register


def title(register: Register, group_name: str | None, year: FinancialYear | None) -> str:
    """ "Decision register: Children's Safeguarding Board, 2025-26"."""
    text = register.name
    if group_name:
        text += f": {group_name}"
    if year is not None:
        text += f", {year.label}"
    return text


def period(group_name: str | None, year: FinancialYear | None) -> str:
    """Which meetings the register covers, said in full on row 2 and in the page footers."""
    groups = group_name or "Every board and group"
    if year is None:
        return f"{groups}; every year recorded"
    return f"{groups}; financial year {year.label} (1 April {year.start_year} to 31 March {year.start_year + 1})"


def export_register(
    database: Database,
    path: Path,
    register: Register,
    read: Callable[[], Sequence],
    group_name: str | None,
    year: FinancialYear | None,
) -> int:
    """Writes the rows `read` returns to `path`, .xlsx or .docx by its extension; returns how many."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(
            f"{path.name}: the {register.name.lower()} is exported to a file ending in .xlsx or .docx."
        )
    database.actor.require(Permission.EXPORT)
    rows = list(read())
    details = word.document_details(database)
    heading, when = title(register, group_name, year), period(group_name, year)
    with atomic_output(path) as temporary:
        write = write_workbook if suffix == ".xlsx" else write_document
        write(register, rows, heading, when, temporary, details)
    return len(rows)


def write_workbook(
    register: Register, rows: Sequence, heading: str, when: str, path: Path, details: DocumentDetails
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = register.sheet
    top = sheets.title_block(sheet, heading, when)
    for index, column in enumerate(register.columns, start=1):
        cell = sheets.put(sheet, top, index, column.header)
        cell.font, cell.fill = sheets.BOLD, sheets.HEADER_FILL
        cell.alignment = _aligned(column, index, wrap_text=True, vertical="bottom")
        sheet.column_dimensions[cell.column_letter].width = column.characters
    for line, row in enumerate(rows, start=top + 1):
        lines = 1
        for index, column in enumerate(register.columns, start=1):
            value = column.value(row)
            cell = sheets.put(sheet, line, index, value, column.kind)
            cell.alignment = _aligned(column, index, wrap_text=True, vertical="top")
            if isinstance(value, str) and value:
                lines = max(lines, sheets.lines_needed(value, column.characters))
        sheet.row_dimensions[line].height = min(lines * sheets.LINE_HEIGHT, 409)
    if rows:
        sheets.table(sheet, register.table, top, top + len(rows), len(register.columns))
    else:
        sheets.put(sheet, top + 1, 1, register.empty).font = sheets.BOLD
    sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
    sheets.print_setup(
        sheet, title=heading, period=when, organisation=details.organisation, title_rows=f"1:{top}", landscape=True
    )
    sheet.print_options.gridLines = False
    sheets.set_properties(book, heading, when, details)
    book.save(str(path))


def _aligned(column: Column, index: int, **alignment) -> Alignment:
    """Dates centred and text after the first column indented, so that no two columns' words run together
    (a wrapped interest and its kind beside it)."""
    if column.kind == "date":
        return Alignment(horizontal="center", **alignment)
    return Alignment(indent=sheets.AFTER_FIGURE_INDENT if index > 1 else 0, **alignment)


def cell_text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else format_date(value)


def write_document(
    register: Register, rows: Sequence, heading: str, when: str, path: Path, details: DocumentDetails
) -> None:
    document = word.open_template(TEMPLATE)
    document.add_paragraph(heading, style="Title")
    document.add_paragraph(f"{when}.", style="Subtitle")
    if not rows:
        document.add_paragraph(register.empty)
    else:
        word.table(
            document,
            [column.header for column in register.columns],
            [[cell_text(column.value(row)) for column in register.columns] for row in rows],
            [column.millimetres for column in register.columns],
            size=WORD_SIZE,
        )
    word.finish(document, details, title=heading, subject=when, label=register.name, period=when)
    document.save(str(path))
