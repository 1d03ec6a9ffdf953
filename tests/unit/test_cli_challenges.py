"""`board-admin export challenges [--status S ...] [--year 2015-16] OUT.xlsx|OUT.docx`."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from board_admin.db.engine import sqlite_url


@pytest.fixture
def url(sqlite_database, with_world) -> str:
    with_world(sqlite_database, dt.date.today())
    sqlite_database.dispose()
    return sqlite_url(sqlite_database.sqlite_path)


def references(path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Challenges"]
    return [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]


def test_export_everything_to_excel(url, tmp_path, capsys):
    out = tmp_path / "log.xlsx"
    assert main(["--database", url, "export", "challenges", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (4 challenges)."
    assert sorted(references(out)) == ["CH-2025-001", "CH-2025-002", "CH-2025-003", "CH-2025-004"]


def test_statuses_by_name_repeated_or_with_commas(url, tmp_path, capsys):
    out = tmp_path / "open.xlsx"
    arguments = ["--database", url, "export", "challenges", "--status", "Open", "--status", "awaiting-response,closed"]
    assert main([*arguments, str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (3 challenges)."
    assert sorted(references(out)) == ["CH-2025-001", "CH-2025-002", "CH-2025-003"]


def test_a_year_to_word(url, tmp_path, capsys):
    today = dt.date.today()
    start = today.year if today.month >= 4 else today.year - 1
    label = f"{start}-{(start + 1) % 100:02d}"
    out = tmp_path / "year.docx"
    assert main(["--database", url, "export", "challenges", "--year", label, str(out)]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"Wrote {out} (")
    assert Document(str(out)).paragraphs[0].text == "Challenge log"
    assert Document(str(out)).paragraphs[1].text.startswith(f"Challenges raised 01/04/{start} to 31/03/{start + 1}")


def test_an_unknown_status_is_a_usage_error(url, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    with pytest.raises(SystemExit) as stopped:
        main(["--database", url, "export", "challenges", "--status", "pending", str(out)])
    assert stopped.value.code == EXIT_USAGE
    assert "'pending' is not a challenge status: use open, awaiting response" in capsys.readouterr().err
    assert not out.exists()


def test_the_wrong_kind_of_file_is_refused(url, tmp_path, capsys):
    out = tmp_path / "log.pdf"
    assert main(["--database", url, "export", "challenges", str(out)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == "board-admin: log.pdf: the file name must end in .xlsx or .docx."
    assert not out.exists()
