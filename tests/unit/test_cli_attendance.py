"""`board-admin export attendance [--group NAME ...] [--year 2015-16 | --from D --to D] OUT.xlsx|OUT.docx`."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.domain.financial_year import FinancialYear
from board_admin.exporters.attendance import HEADER_ROW

DEMO = ["--demo", "--user", "admin"]


@pytest.fixture(autouse=True)
def _password(monkeypatch, demo_in_data_dir):
    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "demo")


def test_the_current_year_to_excel_by_default(tmp_path, capsys):
    out = tmp_path / "attendance.xlsx"
    assert main([*DEMO, "export", "attendance", str(out)]) == EXIT_OK
    year = FinancialYear.containing(dt.date.today())
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1
    assert printed[0].startswith(f"Wrote {out} (attendance at ")
    assert printed[0].endswith(f"groups, financial year {year.label}).")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["By agency", "By person", "By group"]
    # The title and the period above the table, whose header row follows.
    assert book["By agency"]["A1"].value == f"Attendance, financial year {year.label}: by agency"
    assert [cell.value for cell in book["By agency"][HEADER_ROW]][:4] == ["Agency", "Expected", "Represented", "Rate"]
    assert book["By agency"].max_row > HEADER_ROW + 1


def test_chosen_groups_and_dates_to_word_with_the_charts(tmp_path, capsys):
    out = tmp_path / "board.docx"
    today = dt.date.today()
    start = today - dt.timedelta(days=365)
    arguments = ["--group", "SCPB", "--from", start.isoformat(), "--to", today.isoformat(), str(out)]
    assert main([*DEMO, "export", "attendance", *arguments]) == EXIT_OK
    assert capsys.readouterr().out.strip() == (
        f"Wrote {out} (attendance at 1 group, {start:%d/%m/%Y} to {today:%d/%m/%Y})."
    )
    document = Document(str(out))
    assert "Safeguarding Children Partnership Board" in document.paragraphs[1].text
    assert len(document.inline_shapes) == 2  # the agency rates and the board's attendance over time


def test_a_group_that_does_not_exist_is_one_clear_sentence(tmp_path, capsys):
    out = tmp_path / "attendance.xlsx"
    assert main([*DEMO, "export", "attendance", "--group", "Tea Committee", str(out)]) == EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.err.strip() == "board-admin: There is no group called 'Tea Committee'."
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "2015-16", "--from", "2015-04-01", "--to", "2015-06-30"], "Give either --year or --from"),
        (["--from", "2015-04-01"], "Give both --from and --to, or neither."),
        (["--from", "2015-06-30", "--to", "2015-04-01"], "The period ends (01/04/2015) before it starts"),
    ],
)
def test_a_muddled_period_is_refused(tmp_path, capsys, arguments, message):
    out = tmp_path / "attendance.xlsx"
    assert main([*DEMO, "export", "attendance", *arguments, str(out)]) == EXIT_FAILED
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"board-admin: {message}")
    assert len(error.splitlines()) == 1
    assert not out.exists()


def test_the_file_name_says_the_format(tmp_path, capsys):
    assert main([*DEMO, "export", "attendance", str(tmp_path / "attendance.pdf")]) == EXIT_FAILED
    assert "must end in .xlsx or .docx" in capsys.readouterr().err
