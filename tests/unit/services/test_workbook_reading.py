"""Issue 17, items 3, 4, 5 and 7: what an import reads from a workbook, and what it refuses with a sentence.

Each test exports the complete dataset, changes the workbook as a person or a tool would, imports it, and
checks the refusal (its place and sentence) and that the database is exactly as it was."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from board_admin.db.engine import sqlite_url
from board_admin.exporters.workbook import export_workbook
from board_admin.services.workbook_import import WorkbookImportError, cells, import_workbook
from tests.conftest import open_as_system
from tests.workbook_dataset import build_complete_dataset, snapshot

# One worker runs this module under xdist: the exported dataset, made once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_workbook_reading")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reading")
    database = open_as_system(sqlite_url(folder / "board.sqlite"))
    build_complete_dataset(database)
    workbook = folder / "book.xlsx"
    export_workbook(database, workbook)
    database.dispose()
    return folder / "board.sqlite", workbook


@pytest.fixture
def setting(exported, tmp_path):
    """A fresh copy of the database and of its workbook for one test."""
    source, workbook = exported
    path = tmp_path / "board.sqlite"
    path.write_bytes(source.read_bytes())
    copy = tmp_path / "book.xlsx"
    copy.write_bytes(workbook.read_bytes())
    database = open_as_system(sqlite_url(path))
    yield database, copy
    database.dispose()


def set_cell(workbook: Path, sheet: str, header: str, value, row: int = 2) -> str:
    """Writes `value` under `header` on `row`; returns the cell's reference."""
    book = load_workbook(workbook)
    worksheet = book[sheet]
    column = [cell.value for cell in worksheet[1]].index(header) + 1
    worksheet.cell(row=row, column=column, value=value)
    book.save(workbook)
    return worksheet.cell(row=row, column=column).coordinate


def refused(database, workbook: Path) -> list[str]:
    before = snapshot(database)
    with pytest.raises(WorkbookImportError) as error:
        import_workbook(database, workbook)
    assert snapshot(database) == before
    return [str(problem) for problem in error.value.problems]


def stored_job_titles(database) -> list[str]:
    from sqlalchemy import select

    from board_admin.db.models import Person

    with database.session() as session:
        return list(session.scalars(select(Person.job_title).order_by(Person.id)))


def test_a_formula_without_a_saved_value_is_refused_at_its_place_and_erases_nothing(setting):
    """Item 3: =HYPERLINK(...) written by a script has no cached value; it used to import as an empty title."""
    database, workbook = setting
    titles = stored_job_titles(database)
    assert any(titles)
    set_cell(workbook, "People", "Job title", '=HYPERLINK("https://example.org", "Head of Service")')
    problems = refused(database, workbook)
    assert problems == [f"People, row 2, column Job title: {cells.FORMULA}"]
    assert stored_job_titles(database) == titles


def test_a_formula_with_its_saved_value_imports_that_value(setting):
    """Item 3: what Excel and LibreOffice save (the formula and its last value) imports the value."""
    database, workbook = setting
    reference = set_cell(workbook, "People", "Job title", '=UPPER("head of service")')
    with_cached_value(workbook, "People", reference, "HEAD OF SERVICE")
    import_workbook(database, workbook)
    assert "HEAD OF SERVICE" in stored_job_titles(database)


def with_cached_value(workbook: Path, sheet: str, reference: str, value: str) -> None:
    """Rewrites the formula cell's XML as a spreadsheet program saves it: <f> and then <v> with its value."""
    book = load_workbook(workbook, read_only=True)
    part = book[sheet]._worksheet_path
    book.close()
    with zipfile.ZipFile(workbook) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    xml = parts[part].decode("utf-8")
    cell = re.search(rf'<c r="{reference}"[^>]*>(<f>.*?</f>)(?:<v\s*/>|<v>.*?</v>)?</c>', xml)
    assert cell, xml[:500]
    xml = xml.replace(cell.group(0), f'<c r="{reference}" t="str">{cell.group(1)}<v>{value}</v></c>')
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def rewrite_part(workbook: Path, change) -> None:
    with zipfile.ZipFile(workbook) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    change(parts)
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_truncated_sheet_is_one_sentence(setting):
    """Item 4: a sheet's XML cut short inside the .xlsx (ParseError)."""
    database, workbook = setting

    def truncate(parts):
        sheet = next(name for name in parts if name.startswith("xl/worksheets/sheet"))
        parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]

    rewrite_part(workbook, truncate)
    (problem,) = refused(database, workbook)
    assert "is damaged inside the file" in problem or problem.endswith(cells.NOT_A_WORKBOOK)


def test_a_damaged_workbook_part_is_one_sentence(setting):
    """Item 4: xl/workbook.xml broken (XMLSyntaxError)."""
    database, workbook = setting

    def damage(parts):
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:-40] + b"<<<"

    rewrite_part(workbook, damage)
    (problem,) = refused(database, workbook)
    assert problem.endswith(cells.NOT_A_WORKBOOK)


@pytest.mark.parametrize(
    ("sheet", "header", "value", "expected"),
    [
        ("IncomeLines", "Amount", 1e300, "too large for an amount in pounds"),
        ("Groups", "Quorum", 10**19, "too large for Quorum"),
        ("AgendaItems", "Position", 10**18, "too large for Position"),
        ("Meetings", "Date", "0001-01-01", "dates run from 01/01/1900 to 31/12/2100"),
    ],
)
def test_numbers_and_dates_that_do_not_fit_are_refused_at_their_place(setting, sheet, header, value, expected):
    """Items 4 and 7: 1e300 (decimal.InvalidOperation), 10^19 (OverflowError), 10^18, the year 1."""
    database, workbook = setting
    set_cell(workbook, sheet, header, value)
    problems = refused(database, workbook)
    assert any(problem.startswith(f"{sheet}, row 2, column {header}:") and expected in problem for problem in problems)


def test_a_workbook_that_would_unpack_too_large_is_refused_before_it_is_read(setting, monkeypatch):
    """Item 5: the size is read from the zip's directory; nothing is unpacked to find it."""
    database, workbook = setting
    monkeypatch.setattr(cells, "MAX_UNPACKED_BYTES", 1_000)
    opened = []
    monkeypatch.setattr(cells, "load_workbook", lambda *args, **kwargs: opened.append(args))
    (problem,) = refused(database, workbook)
    assert "the most Board Admin imports is" in problem
    assert opened == []


def test_a_sheet_with_too_many_rows_is_refused(setting, monkeypatch):
    database, workbook = setting
    monkeypatch.setattr(cells, "MAX_ROWS_PER_SHEET", 3)
    (problem,) = refused(database, workbook)
    assert "more than 3 rows" in problem


def test_a_cell_longer_than_a_cell_may_hold_is_refused_at_its_place(setting):
    database, workbook = setting
    # openpyxl itself writes no more than 32,767 characters, so the long text goes into the XML directly.
    set_cell(workbook, "People", "Job title", "LONG-TEXT-MARKER")
    long_text = b"x" * (cells.MAX_CELL_CHARACTERS + 1)
    rewrite_part(
        workbook, lambda parts: parts.update({n: d.replace(b"LONG-TEXT-MARKER", long_text) for n, d in parts.items()})
    )
    problems = refused(database, workbook)
    assert problems == [
        "People, row 2, column Job title: This cell holds 32,768 characters; the most a cell may hold is 32,767."
    ]


def test_the_command_lists_the_first_problems_and_counts_the_rest(setting, capsys):
    from board_admin.cli import EXIT_FAILED, main

    database, workbook = setting
    book = load_workbook(workbook)
    people = book["People"]
    headers = [cell.value for cell in people[1]]
    for number in range(cells.MAX_PROBLEMS_SHOWN + 50):
        row = [None] * len(headers)
        row[headers.index("Job title")] = f"=A{number}"  # a formula without a value: one problem each
        row[0] = f"Person {number}"
        people.append(row)
    book.save(workbook)
    database.dispose()
    assert main(["--database", str(database.url), "import", "workbook", str(workbook)]) == EXIT_FAILED
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == cells.MAX_PROBLEMS_SHOWN + 2
    assert re.fullmatch(r"\.\.\. and [\d,]+ more problems, not listed\.", lines[-2])
