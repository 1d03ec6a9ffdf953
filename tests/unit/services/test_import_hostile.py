"""Hostile workbooks thrown at the importer (hypothesis): it either imports or refuses with the documented
error naming sheet, row and column; nothing else escapes, and a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from board_admin.db.engine import sqlite_url
from board_admin.domain import workbook_format as wf
from board_admin.services.workbook_import import WorkbookImportError, import_workbook
from tests.conftest import open_as_system
from tests.workbook_dataset import build_complete_dataset, snapshot

SHEET_NAMES = [sheet.name for sheet in wf.SHEETS]
HEADERS = [column.header for sheet in wf.SHEETS for column in sheet.columns]

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),  # any Unicode a cell can hold
    max_size=40,
)
cell = st.one_of(
    st.none(),
    text,
    st.sampled_from(["=1+1", "=SUM(A1:A9)", "+44", "@x", "#N/A", "Yes", "No", "Present", "2015-16", "31/02/2020"]),
    st.sampled_from(["2020-01-05", "05/01/2020", "5 Jan 2020", "2020/01/05", "20200105", "Jan 5, 2020"]),
    st.sampled_from(["10:00", "25:61", "12.5", "£1,234.50", "1.234", "-5", "1e308"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
    st.booleans(),
)
sheet = st.tuples(
    st.one_of(st.sampled_from(SHEET_NAMES), st.text(min_size=1, max_size=20).filter(lambda name: name.strip())),
    st.lists(st.one_of(st.sampled_from(HEADERS), text), min_size=0, max_size=8),
    st.lists(st.lists(cell, max_size=9), max_size=12),
    st.booleans(),  # merge a few cells
)


def write_workbook(path: Path, sheets) -> None:
    book = Workbook()
    book.remove(book.active)
    used = set()
    for name, headers, rows, merge in sheets:
        title = "".join(c for c in _storable(name) if c not in "[]:*?/\\")[:31].strip("' ") or "Sheet"
        while title.lower() in used:
            title = (title[:28] + uuid.uuid4().hex[:3])[:31]
        used.add(title.lower())
        worksheet = book.create_sheet(title)
        for values in [headers, *rows]:
            worksheet.append([_storable(value) for value in values])
        if merge and worksheet.max_row >= 3 and worksheet.max_column >= 2:
            worksheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    if not book.sheetnames:
        book.create_sheet("Empty")
    book.save(path)


def _storable(value):
    """openpyxl refuses control characters; a real file could not hold them either."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@pytest.fixture(scope="module")
def populated_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    database = open_as_system(sqlite_url(folder / "template.sqlite"))
    build_complete_dataset(database)
    database.dispose()
    return folder / "template.sqlite"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=st.lists(sheet, min_size=1, max_size=4))
def test_hostile_workbooks_import_or_are_refused_cleanly(populated_file, tmp_path, sheets):
    target = tmp_path / f"{uuid.uuid4().hex}.sqlite"
    shutil.copy(populated_file, target)
    database = open_as_system(sqlite_url(target))
    workbook = tmp_path / f"{uuid.uuid4().hex}.xlsx"
    write_workbook(workbook, sheets)
    before = snapshot(database)
    try:
        import_workbook(database, workbook)
    except WorkbookImportError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        for problem in error.problems:
            assert problem.sheet is not None and problem.message
        assert snapshot(database) == before
    finally:
        database.dispose()
