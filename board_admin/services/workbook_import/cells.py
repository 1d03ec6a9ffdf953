"""Stage one's first step: an imported workbook's cells read safely, before any is checked against the format.

- Limits, told in the README: the workbook unpacked (checked from the zip's own directory before a byte is
  unpacked, which bounds all the memory reading can take), rows per sheet, characters per cell (Excel's own
  limit), and the problems listed (the first ones and a count of the rest).
- A formula: its value as last calculated (the cached value Excel and LibreOffice save with it) is what is
  imported; a formula saved without one (as scripts and many tools write them) is refused with its place,
  never read as an empty cell, so that no stored value is blanked because a cell could not be read.
- A file that is not a workbook, or one whose parts are damaged (truncated or broken XML), is one sentence.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from board_admin.domain.errors import BoardAdminError

MAX_UNPACKED_BYTES = 150 * 1024 * 1024  # 100,000 attendance lines unpack to about 23 MB
MAX_ROWS_PER_SHEET = 250_000
MAX_CELL_CHARACTERS = 32_767
MAX_PROBLEMS_SHOWN = 200

NOT_A_WORKBOOK = "This file cannot be read as an Excel workbook (.xlsx)."
FORMULA = "This cell holds a formula with no value saved: type the value instead."
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")


class UnreadableWorkbookError(BoardAdminError):
    """The workbook as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class CellProblem:
    """Stands in a row for a cell that could not be read; the reader reports it at the cell's place."""

    message: str


def _xml_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ParseError]
    try:
        from lxml.etree import LxmlError

        errors.append(LxmlError)
    except ImportError:  # openpyxl works without lxml
        pass
    return tuple(errors)


READ_ERRORS = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, *_xml_errors())


def check_package(path: Path) -> set[str]:
    """Refuses a workbook that would unpack to more than the limit, before anything is unpacked; returns
    the names of the parts (sheets) that hold formulas."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableWorkbookError(
                    f"Unpacked, this workbook would take {unpacked // (1024 * 1024):,} MB; the most Board Admin "
                    f"imports is {MAX_UNPACKED_BYTES // (1024 * 1024)} MB. Split it into smaller workbooks."
                )
            with_formulas = set()
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    if _holds_formula(package, member):
                        with_formulas.add(member.filename)
            return with_formulas
    except UnreadableWorkbookError:
        raise
    except READ_ERRORS as error:
        raise UnreadableWorkbookError(NOT_A_WORKBOOK) from error


def _holds_formula(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with package.open(member) as part:
        while block := part.read(1 << 20):
            if _FORMULA_ELEMENT.search(tail + block):
                return True
            tail = block[-16:]
    return False


@dataclass(frozen=True)
class SheetCells:
    title: str
    rows: Iterator[tuple]


class WorkbookCells:
    """The workbook opened for reading: `for sheet in cells.sheets()`, each of `sheet.rows` a tuple of values
    (a CellProblem where a cell cannot be read). Close it with close()."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with_formulas = check_package(self.path)
        try:
            self.values = load_workbook(self.path, read_only=True, data_only=True)
            self.formulas = load_workbook(self.path, read_only=True, data_only=False) if with_formulas else None
        except READ_ERRORS as error:
            raise UnreadableWorkbookError(NOT_A_WORKBOOK) from error
        self.with_formulas = with_formulas

    def sheets(self) -> Iterator[SheetCells]:
        for index, worksheet in enumerate(self.values.worksheets):
            worksheet.reset_dimensions()  # other programs often record a wrong size; read what is there
            formulas = None
            if self.formulas is not None and _part_name(worksheet) in self.with_formulas:
                formulas = self.formulas.worksheets[index]
                formulas.reset_dimensions()
            yield SheetCells(worksheet.title, self._rows(worksheet, formulas))

    def _rows(self, worksheet, formulas) -> Iterator[tuple]:
        formula_rows = formulas.iter_rows() if formulas is not None else None
        try:
            for count, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if count > MAX_ROWS_PER_SHEET:
                    raise UnreadableWorkbookError(
                        f"The sheet '{worksheet.title}' has more than {MAX_ROWS_PER_SHEET:,} rows, the most Board "
                        "Admin imports from one sheet. Split it into smaller workbooks."
                    )
                cells = next(formula_rows, ()) if formula_rows is not None else ()
                yield tuple(
                    _cell(value, cells[index] if index < len(cells) else None) for index, value in enumerate(values)
                )
        except UnreadableWorkbookError:
            raise
        except READ_ERRORS as error:
            raise UnreadableWorkbookError(
                f"The sheet '{worksheet.title}' is damaged inside the file and cannot be read; save the workbook "
                "again from Excel, or export it again from Board Admin."
            ) from error

    def close(self) -> None:
        self.values.close()
        if self.formulas is not None:
            self.formulas.close()


def _part_name(worksheet) -> str:
    name = getattr(worksheet, "_worksheet_path", "") or ""
    return name.lstrip("/")


def _cell(value: object, formula_cell) -> object:
    if formula_cell is not None and getattr(formula_cell, "data_type", None) == "f" and value is None:
        return CellProblem(FORMULA)
    if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
        return CellProblem(
            f"This cell holds {len(value):,} characters; the most a cell may hold is {MAX_CELL_CHARACTERS:,}."
        )
    return value


def shown_problems(problems: list, limit: int = MAX_PROBLEMS_SHOWN) -> tuple[list, int]:
    """The first `limit` problems, and how many more there are."""
    return problems[:limit], max(len(problems) - limit, 0)
