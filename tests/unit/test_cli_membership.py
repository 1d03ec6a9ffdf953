"""`board-admin export membership [--on yyyy-mm-dd] OUT.xlsx|OUT.docx`."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from board_admin.db.engine import sqlite_url
from board_admin.exporters.membership import MATRIX_SHEET
from board_admin.reports.structure import TICK
from tests.sample_world import NEGLECT

TODAY = dt.date.today()


@pytest.fixture
def url(sqlite_database, with_world) -> str:
    with_world(sqlite_database, TODAY)
    sqlite_database.dispose()
    return sqlite_url(sqlite_database.sqlite_path)


def agencies_and_headings(path) -> tuple[list[str], list[str]]:
    sheet = openpyxl.load_workbook(path)[MATRIX_SHEET]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    return [row[0] for row in rows[1:]], list(rows[0][3:])


def test_today_to_excel(url, tmp_path, capsys):
    out = tmp_path / "membership.xlsx"
    assert main(["--database", url, "export", "membership", str(out)]) == EXIT_OK
    said = capsys.readouterr().out.strip()
    assert said == f"Wrote {out} (5 agencies on 4 groups, {TODAY:%d/%m/%Y})."
    agencies, headings = agencies_and_headings(out)
    assert headings == ["ESPB", "SCPB", "QEG", "Education Safeguarding Forum"]
    assert "National Probation Service" in agencies and "Hinchingbrooke Hospitals NHS Trust" not in agencies


def test_a_past_day_to_word(url, tmp_path, capsys):
    out = tmp_path / "then.docx"
    then = TODAY - dt.timedelta(days=350)
    assert main(["--database", url, "export", "membership", "--on", then.isoformat(), str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (6 agencies on 5 groups, {then:%d/%m/%Y})."
    table = Document(str(out)).tables[0]
    headings = [cell.text for cell in table.rows[0].cells]
    assert NEGLECT in headings
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert rows["Hinchingbrooke Hospitals NHS Trust"][headings.index("SCPB")] == TICK
    assert rows["Cambridgeshire County Council"][headings.index("SCPB")] == "C"


def test_a_wrong_extension_is_one_clear_line(url, tmp_path, capsys):
    out = tmp_path / "membership.pdf"
    assert main(["--database", url, "export", "membership", str(out)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: membership.pdf: the file name must end in .xlsx or .docx."
    assert not out.exists()


def test_a_day_with_no_groups_is_one_clear_line(tmp_path, capsys):
    url = sqlite_url(tmp_path / "empty.sqlite")
    out = tmp_path / "membership.xlsx"
    assert main(["--database", url, "export", "membership", "--on", "2020-01-31", str(out)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == (
        "board-admin: No board or group was running on 31/01/2020; there is nothing to list."
    )
    assert not out.exists()


def test_a_bad_date_is_a_usage_error(url, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--database", url, "export", "membership", "--on", "31/01/2020", str(tmp_path / "m.xlsx")])
    assert stopped.value.code == EXIT_USAGE
    assert "'31/01/2020' is not a date: write it as yyyy-mm-dd" in capsys.readouterr().err
