"""The workbook format: how each kind of cell reads and writes, and the order of exported rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from board_admin.domain import workbook_format as wf
from board_admin.domain.enums import AttendanceStatus, GroupKind
from board_admin.domain.financial_year import FinancialYear

START = wf.MEMBERSHIPS.column("start_date")
END = wf.MEMBERSHIPS.column("end_date")
START_TIME = wf.MEETINGS.column("start_time")
AGREED = wf.CONTRIBUTIONS.column("agreed")
AMOUNT = wf.EXPENDITURE.column("amount")
ACTIVE = wf.AGENCIES.column("active")
STATUTORY = wf.AGENCIES.column("statutory_partner")
KIND = wf.GROUPS.column("kind")
QUORUM = wf.GROUPS.column("quorum")
NAME = wf.AGENCIES.column("name")
SHORT = wf.AGENCIES.column("short_name")
MINUTES = wf.AGENDA_ITEMS.column("minutes")
YEAR = wf.BUDGET_LINES.column("year")
RECORDED = wf.CHALLENGE_HISTORY.column("recorded_at")


def error_of(column: wf.Column, raw: object) -> str:
    with pytest.raises(wf.CellError) as caught:
        column.read(raw)
    return caught.value.message


def test_every_sheet_of_the_issue_with_its_columns_in_order():
    assert [sheet.name for sheet in wf.SHEETS] == [
        "Agencies",
        "People",
        "Groups",
        "Memberships",
        "Meetings",
        "AgendaItems",
        "Decisions",
        "Declarations",
        "MinutesAmendments",
        "Attendance",
        "AdvanceApologies",
        "Actions",
        "ChallengeThemes",
        "Challenges",
        "ChallengeHistory",
        "Contributions",
        "IncomeLines",
        "BudgetLines",
        "Expenditure",
        "ReviewKinds",
        "LearningThemes",
        "CaseReviews",
        "CaseReviewHistory",
        "Recommendations",
    ]
    assert wf.MEMBERSHIPS.headers[:6] == ["Group", "Person", "Role", "Representing agency", "Start date", "End date"]
    assert [column.header for column in wf.CHALLENGES.required] == [
        "Reference",
        "Date raised",
        "Agency challenged",
        "Challenge",
        "Status",
    ]
    assert wf.DECISIONS.headers == ["Group", "Meeting date", "Item", "Position", "Number", "Decision"]
    assert wf.DECLARATIONS.headers == [
        "Group",
        "Meeting date",
        "Item",
        "Person",
        "Interest",
        "Kind",
        "Action taken",
    ]
    assert wf.MEETINGS.headers[7:10] == ["Minutes circulated on", "Minutes approved at", "Minutes approved on"]
    assert "Decisions" not in wf.AGENDA_ITEMS.headers  # the register's records, one a row, replace the text
    for sheet in wf.SHEETS:
        assert len({column.key for column in sheet.columns}) == len(sheet.columns)
        assert set(sheet.key) <= {column.key for column in sheet.columns}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2020, 2, 29), dt.date(2020, 2, 29)),
        (dt.date(2020, 2, 29), dt.date(2020, 2, 29)),
        ("2020-02-29", dt.date(2020, 2, 29)),
        (" 29/02/2020 ", dt.date(2020, 2, 29)),
        ("1/3/2020", dt.date(2020, 3, 1)),
        ("2020-03-01 00:00:00", dt.date(2020, 3, 1)),
    ],
)
def test_dates_are_read_from_real_dates_and_both_text_forms(raw, expected):
    assert START.read(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2020", "2020-13-01", "March 2020", "01/03/20", 43890])
def test_anything_else_is_not_a_date(raw):
    assert error_of(START, raw) == f"'{raw}' is not a date."


def test_a_number_is_quoted_as_the_spreadsheet_shows_it():
    assert error_of(START, 43890.0) == "'43890' is not a date."


def test_a_blank_cell_is_the_default_or_refused_when_required():
    assert END.read(None) is None and END.read("  ") is None
    assert ACTIVE.read(None) is True and STATUTORY.read("") is False
    assert error_of(START, None) == "Start date cannot be empty."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2024, 3, 31, 14, 5, 9), dt.datetime(2024, 3, 31, 14, 5, 9)),
        # A moment stored as a fraction of a day comes back to the nearest millisecond.
        (dt.datetime(2024, 3, 31, 14, 5, 8, 999_999), dt.datetime(2024, 3, 31, 14, 5, 9)),
        (dt.datetime(2024, 3, 31, 14, 5, 9, 250_400), dt.datetime(2024, 3, 31, 14, 5, 9, 250_000)),
        (dt.date(2024, 3, 31), dt.datetime(2024, 3, 31)),
        ("2024-03-31 14:05", dt.datetime(2024, 3, 31, 14, 5)),
        ("2024-03-31T14:05:09.25", dt.datetime(2024, 3, 31, 14, 5, 9, 250_000)),
        (" 31/03/2024 14:05:09 ", dt.datetime(2024, 3, 31, 14, 5, 9)),
        ("31/3/2024", dt.datetime(2024, 3, 31)),
    ],
)
def test_dates_and_times_are_read_to_the_millisecond(raw, expected):
    assert RECORDED.read(raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30 10:00", "31/03/2024 25:00", "14:05", "yesterday", 45000.5, True])
def test_anything_else_is_not_a_date_and_time(raw):
    assert error_of(RECORDED, raw).endswith("is not a date and time; write it like 31/03/2024 14:05.")


def test_a_date_and_time_is_written_as_precisely_as_a_spreadsheet_keeps_it():
    assert RECORDED.write(dt.datetime(2024, 3, 31, 14, 5, 9, 250_999)) == dt.datetime(2024, 3, 31, 14, 5, 9, 250_000)
    assert RECORDED.write(None) is None


def test_times_read_from_real_times_and_text():
    assert START_TIME.read(dt.time(9, 30)) == dt.time(9, 30)
    assert START_TIME.read("9:30") == dt.time(9, 30)
    assert START_TIME.read("14:05:30") == dt.time(14, 5, 30)
    assert error_of(START_TIME, "9.30") == "'9.30' is not a time; write it like 10:00."


@pytest.mark.parametrize(
    ("raw", "pence"),
    [(112532.19, 11_253_219), (3340, 334_000), (Decimal("0.10"), 10), ("£1,234.50", 123_450), ("12", 1200), (0, 0)],
)
def test_amounts_become_whole_pence_without_float_arithmetic(raw, pence):
    assert AGREED.read(raw) == pence


def test_negative_amounts_only_where_the_column_allows_them():
    assert AMOUNT.read(-123.45) == -12_345
    assert AMOUNT.read("-12.50") == -1250
    assert error_of(AGREED, -5) == "The amount -5 cannot be negative."
    assert error_of(AGREED, "-5") == "The amount -5 cannot be negative."
    assert "more than two decimal places" in error_of(AGREED, 1.005)
    assert error_of(AGREED, True) == "'True' is not an amount in pounds."


def test_yes_no_takes_words_and_true_false_cells():
    assert [STATUTORY.read(raw) for raw in ("Yes", "no", "TRUE", False, True, 1, 0, "y")] == [
        True,
        False,
        True,
        False,
        True,
        True,
        False,
        True,
    ]
    assert error_of(STATUTORY, "perhaps") == "'perhaps' is not Yes or No."


def test_choices_take_labels_or_values_in_any_case():
    assert KIND.read("task and finish GROUP") is GroupKind.TASK_AND_FINISH
    assert KIND.read("dotted_line_forum") is GroupKind.DOTTED_LINE_FORUM
    assert error_of(KIND, "Committee").startswith("'Committee' is not one of: Board, Subgroup, Task and finish group")


def test_whole_numbers_and_their_minimum():
    assert QUORUM.read(3) == 3 and QUORUM.read(3.0) == 3 and QUORUM.read(" 4 ") == 4
    assert error_of(QUORUM, 2.5) == "'2.5' is not a whole number."
    assert error_of(QUORUM, 0) == "Quorum must be at least 1, not 0."


def test_text_is_tidied_on_one_line_but_long_text_is_kept_as_typed():
    assert NAME.read("  Cambridgeshire   Constabulary ") == "Cambridgeshire Constabulary"
    assert NAME.read(12345) == "12345"
    assert MINUTES.read("Line one\n\n  Line two ") == "Line one\n\n  Line two "
    assert error_of(SHORT, "x" * 41) == "This is 41 characters long; the most allowed is 40."


def test_financial_years():
    assert YEAR.read("2015-16") == FinancialYear(2015)
    assert YEAR.read("2015/2016") == FinancialYear(2015)
    assert "is not a financial year" in error_of(YEAR, "2015")
    assert "Board Admin can record" in error_of(YEAR, "1980-81")


def test_writing_cells_gives_labels_yes_no_and_pounds():
    assert KIND.write(GroupKind.BOARD) == "Board"
    assert wf.ATTENDANCE.column("status").write(AttendanceStatus.DEPUTY) == "Deputy"
    assert ACTIVE.write(False) == "No"
    assert AGREED.write(11_253_219) == Decimal("112532.19")
    assert YEAR.write(FinancialYear(2015)) == "2015-16"
    assert START.write(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    assert END.write(None) is None


def test_headers_and_sheet_names_ignore_case_and_spacing():
    assert wf.MEMBERSHIPS.find_column(" start  DATE") is START
    assert wf.MEMBERSHIPS.find_column("StartDate") is START
    assert wf.MEMBERSHIPS.find_column("Start") is None
    assert wf.find_sheet("agenda items") is wf.AGENDA_ITEMS
    assert wf.find_sheet("Income Lines") is wf.INCOME_LINES
    assert wf.find_sheet("Sheet1") is None


@pytest.mark.parametrize("text", ["=1+2", "+44", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run(text):
    assert wf.looks_like_formula(text)


def test_plain_text_is_not_taken_for_a_formula():
    assert not any(wf.looks_like_formula(text) for text in ["Board", "5 = five", "a-b", "#N/A", ""])


def test_rows_sort_naturally_and_case_blind_then_by_every_column():
    rows = [
        {"group": "board", "meeting_date": dt.date(2020, 1, 1), "reference": "A10", "description": "x"},
        {"group": "Board", "meeting_date": dt.date(2020, 1, 1), "reference": "A2", "description": "x"},
        {"group": "Board", "meeting_date": dt.date(2020, 1, 1), "reference": None, "description": "y"},
        {"group": "Audit", "meeting_date": dt.date(2021, 1, 1), "reference": "A1", "description": "x"},
    ]
    ordered = sorted(rows, key=lambda values: wf.sort_key(wf.ACTIONS, values))
    assert [(row["group"], row["reference"]) for row in ordered] == [
        ("Audit", "A1"),
        ("Board", None),
        ("Board", "A2"),
        ("board", "A10"),
    ]


def test_the_format_documents_itself():
    text = wf.describe_format()
    assert "| Memberships | Group* | the name of a group |" in text
    assert "|  | Status* | one of: Present, Apologies, Absent, Deputy, Guest |" in text
    assert "|  | Agreed* | pounds and pence, like 112532.19, not negative |" in text
    assert "| ChallengeHistory | Reference* | the reference of a challenge |" in text
    assert "|  | Theme | the name of a theme |" in text


def test_the_readme_lists_every_sheet_with_its_columns():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8").splitlines()
    for sheet in wf.SHEETS:
        columns = ", ".join(column.header + ("*" if column.required else "") for column in sheet.columns)
        assert f"| {sheet.name} | {columns} |" in readme, f"the README's workbook format is out of date: {sheet.name}"
