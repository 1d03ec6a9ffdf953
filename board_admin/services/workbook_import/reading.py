"""Stage one, reading: the file's sheets and cells turned into typed rows, and the problems of the cells themselves.

The cells come from cells.py, which opens the file safely (limits, formulas, damaged parts).

Nothing here knows the database; a row is checked only against the workbook format (domain/workbook_format.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from board_admin.domain import workbook_format as wf
from board_admin.services.workbook_import.cells import CellProblem, UnreadableWorkbookError, WorkbookCells
from board_admin.services.workbook_import.results import Problem, WorkbookImportError

log = logging.getLogger("board_admin.services.workbook_import")


@dataclass
class ParsedSheet:
    sheet: wf.Sheet
    title: str  # the tab's name as written in the file
    headers: dict[str, str]  # column key -> the header as written in the file
    rows: list[Row] = field(default_factory=list)

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.sheet.column(key).header


@dataclass
class Row:
    part: ParsedSheet
    number: int  # the row number Excel shows
    values: dict[str, object]  # converted values of the columns the sheet has (a blank cell: the default)
    broken: bool = False  # a cell could not be read; the row is only checked for its references


def read_workbook(path: Path) -> tuple[dict[str, ParsedSheet], list[Problem]]:
    """The sheets of the workbook by format sheet name, and the problems found in the cells themselves."""
    problems: list[Problem] = []
    try:
        book = WorkbookCells(path)
    except UnreadableWorkbookError as error:
        log.info("Cannot open %s: %s", path, error.__cause__ or error)
        raise WorkbookImportError([Problem(path.name, None, None, error.message)]) from error
    parsed: dict[str, ParsedSheet] = {}
    try:
        for worksheet in book.sheets():
            rows = worksheet.rows
            sheet = wf.find_sheet(worksheet.title)
            if sheet is None and wf.is_listed_only(worksheet.title):
                continue  # papers are listed by the export, never carried (the files stay in the database)
            if sheet is None:
                if any(any(not wf.is_blank(cell) for cell in row) for row in rows):
                    known = ", ".join(known.name for known in wf.SHEETS)
                    problems.append(
                        Problem(
                            worksheet.title,
                            None,
                            None,
                            f"'{worksheet.title}' is not a sheet of the Board Admin workbook; "
                            f"rename it to one of {known}, or delete it.",
                        )
                    )
                continue
            if sheet.name in parsed:
                problems.append(
                    Problem(
                        worksheet.title,
                        None,
                        None,
                        f"The workbook has two {sheet.name} sheets ('{parsed[sheet.name].title}' and "
                        f"'{worksheet.title}'); put all the rows on one.",
                    )
                )
                continue
            parsed[sheet.name] = _read_sheet(sheet, worksheet.title, rows, problems)
    except UnreadableWorkbookError as error:
        raise WorkbookImportError([Problem(path.name, None, None, error.message)]) from error
    finally:
        book.close()
    return parsed, problems


def _read_sheet(sheet: wf.Sheet, title: str, rows: Iterable[tuple], problems: list[Problem]) -> ParsedSheet:
    part = ParsedSheet(sheet, title, {})
    rows = iter(rows)
    header_row = next(rows, None) or ()
    positions: dict[int, wf.Column] = {}
    unread: set[int] = set()  # columns with a header that is not one of the format's
    for index, text in enumerate(header_row):
        if wf.is_blank(text):
            continue
        column = sheet.find_column(text)
        shown = " ".join(str(text).split())
        if column is None:
            unread.add(index)
            problems.append(
                Problem(
                    title,
                    1,
                    shown,
                    f"'{shown}' is not a column of the {sheet.name} sheet; its columns are {', '.join(sheet.headers)}.",
                )
            )
        elif column.key in part.headers:
            unread.add(index)
            problems.append(Problem(title, 1, shown, f"The column '{column.header}' appears twice."))
        else:
            positions[index] = column
            part.headers[column.key] = shown
    missing = [column for column in sheet.required if column.key not in part.headers]
    headed = set(positions) | unread
    stray_reported = False
    for number, cells in enumerate(rows, start=2):
        if all(wf.is_blank(cell) for cell in cells):
            continue
        if not headed and not part.headers:
            problems.append(Problem(title, 1, None, "The first row must hold the column headers."))
            return part
        if not stray_reported:
            stray = [index for index, cell in enumerate(cells) if index not in headed and not wf.is_blank(cell)]
            if stray:
                stray_reported = True
                problems.append(
                    Problem(
                        title,
                        number,
                        get_column_letter(stray[0] + 1),
                        "This column has values but no header; give it a header from the format or delete it.",
                    )
                )
        row = Row(part, number, {}, broken=bool(missing))
        for index, column in positions.items():
            raw = cells[index] if index < len(cells) else None
            if isinstance(raw, CellProblem):
                problems.append(Problem(title, number, part.headers[column.key], raw.message))
                row.broken = True
                continue
            try:
                row.values[column.key] = column.read(raw)
            except wf.CellError as error:
                problems.append(Problem(title, number, part.headers[column.key], error.message))
                row.broken = True
        part.rows.append(row)
    if missing and (part.rows or part.headers):
        for column in missing:
            problems.append(Problem(title, 1, column.header, f"The required column '{column.header}' is missing."))
    return part


def in_reading_order(problems: list[Problem], parsed: dict[str, ParsedSheet]) -> list[Problem]:
    """Problems sheet by sheet in the order of the format (unknown sheets first), then row by row."""
    rank = {part.title: wf.SHEETS.index(part.sheet) for part in parsed.values()}
    return sorted(problems, key=lambda problem: (rank.get(problem.sheet or "", -1), problem.row or 0))
