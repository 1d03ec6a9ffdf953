"""The workbook import on real databases: every rule named by sheet, row and column, all or nothing, idempotent."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from board_admin.db.models import (
    Agency,
    Attendance,
    AuditEntry,
    Challenge,
    Contribution,
    Expenditure,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain.enums import AttendanceStatus, MeetingStatus, Sector
from board_admin.exporters.workbook import export_workbook
from board_admin.services import challenges as c
from board_admin.services import structure as s
from board_admin.services.workbook_import import Problem, WorkbookImportError, import_workbook
from tests.conftest import backend_of
from tests.workbook_dataset import build_complete_dataset, challenge_log, content, snapshot

D = dt.date

# A small workbook as a person might type it: only some columns, text dates, labels in any case.
BASE: dict[str, list[list[object]]] = {
    "Agencies": [
        ["Name", "Short name", "Sector", "Statutory partner", "Active"],
        ["Police", "P", "Police", "Yes", "Yes"],
        ["Council", "C", "Local Authority", "Yes", "Yes"],
    ],
    "People": [
        ["Name", "Agency", "Job title", "Email"],
        ["Ann Hale", "Police", "Detective Superintendent", "ann@police.example"],
        ["Bob Marsh", "Council", None, None],
        ["Cat Singh", "Police", None, None],
        ["Dee Okafor", "Council", None, None],
    ],
    "Groups": [
        ["Name", "Kind", "Reports to", "Start date", "End date"],
        ["Board", "Board", None, None, None],
        ["Neglect", "Task and finish group", "Board", "2020-01-01", "2020-12-31"],
    ],
    "Memberships": [
        ["Group", "Person", "Role", "Start date", "End date", "Deputy for"],
        ["Board", "Ann Hale", "Chair", "2019-04-01", None, None],
        ["Board", "Bob Marsh", "Deputy", "2019-04-01", None, "Ann Hale"],
    ],
    "Meetings": [
        ["Group", "Date", "Start time", "End time", "Status", "Postponed to"],
        ["Board", "2020-01-14", "10:00", "12:00", "Held", None],
        ["Board", "2020-04-14", None, None, "Planned", None],
    ],
    "Attendance": [
        ["Group", "Meeting date", "Person", "Status", "Deputy"],
        ["Board", "2020-01-14", "Ann Hale", "Present", None],
    ],
    "Challenges": [
        ["Reference", "Date raised", "Agency challenged", "Challenge", "Status", "Date closed"],
        ["CH-1", "2020-01-14", "Council", "Why?", "Open", None],
    ],
    "Contributions": [
        ["Financial year", "Agency", "Agreed"],
        ["2015-16", "Police", 50000],
    ],
    "BudgetLines": [
        ["Financial year", "Line", "Budget"],
        ["2015-16", "Unit costs", 118878],
    ],
    "Expenditure": [
        ["Financial year", "Line", "Date", "Amount"],
        ["2015-16", "Unit costs", "2015-04-30", 112532.19],
    ],
}


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append(row)
        for line in worksheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # as a person types text in Excel: never a formula
    book.save(path)
    return path


def refused(database, path: Path) -> list[Problem]:
    with pytest.raises(WorkbookImportError) as caught:
        import_workbook(database, path)
    return caught.value.problems


def with_rows(sheet: str, *rows: list[object]) -> dict[str, list[list[object]]]:
    sheets = copy.deepcopy(BASE)
    sheets[sheet].extend(rows)
    return sheets


def with_sheet(sheet: str, *rows: list[object], base=None) -> dict[str, list[list[object]]]:
    sheets = copy.deepcopy(base or BASE)
    sheets[sheet] = [list(row) for row in rows]
    return sheets


HISTORY = ["Reference", "Changed on", "Recorded at", "Changed by", "From status", "To status", "Note"]
THEMED = with_sheet(
    "Challenges",
    ["Reference", "Date raised", "Agency challenged", "Challenge", "Status", "Theme", "Responded on"],
    ["CH-1", "2020-01-14", "Council", "Why?", "Open", "Neglect", None],
)


# --- the rules, one by one -----------------------------------------------------------------------

CASES = [
    # (sheets, sheet, row, column, the message starts with)
    (
        with_rows("Memberships", ["Board", "Cat Singh", "Member", "31/02/2020", None, None]),
        "Memberships",
        4,
        "Start date",
        "'31/02/2020' is not a date.",
    ),
    (
        with_rows("Agencies", [" police ", "PX", "Police", "No", "Yes"]),
        "Agencies",
        4,
        "Name",
        "Row 2 already has this agency",
    ),
    (
        with_rows("People", ["Eve Lund", "Fire Service", None, None]),
        "People",
        6,
        "Agency",
        "There is no agency called 'Fire Service' in the workbook or the database.",
    ),
    (
        with_rows("People", ["Eve Lund", "Police", None, "eve at police"]),
        "People",
        6,
        "Email",
        "Eve Lund's email address 'eve at police' is not an email address",
    ),
    (
        with_rows("Agencies", ["Fire", "F", "Fire brigade", "No", "Yes"]),
        "Agencies",
        4,
        "Sector",
        "'Fire brigade' is not one of: Local Authority, Police",
    ),
    (
        with_rows("Agencies", ["Fire", "F", "Fire and Rescue", "Maybe", "Yes"]),
        "Agencies",
        4,
        "Statutory partner",
        "'Maybe' is not Yes or No.",
    ),
    (
        with_rows("Agencies", ["   ", "F", "Fire and Rescue", "No", "Yes"]),
        "Agencies",
        4,
        "Name",
        "Name cannot be empty.",
    ),
    (
        with_rows("Memberships", ["Board", "Cat Singh", "Member", "2021-01-01", "2020-01-01", None]),
        "Memberships",
        4,
        "End date",
        "The end date (01/01/2020) is before the start date (01/01/2021).",
    ),
    (
        with_rows("Memberships", ["Neglect", "Cat Singh", "Member", "2019-06-01", "2020-06-30", None]),
        "Memberships",
        4,
        "Start date",
        "'Neglect' started on 01/01/2020; a membership cannot start before that.",
    ),
    (
        with_rows("Memberships", ["Neglect", "Cat Singh", "Member", "2020-02-01", None, None]),
        "Memberships",
        4,
        "End date",
        "'Neglect' ended on 31/12/2020; the membership must end by then.",
    ),
    (
        with_rows("Memberships", ["Board", "Ann Hale", "Member", "2020-01-01", None, None]),
        "Memberships",
        4,
        "Start date",
        "Ann Hale is already on 'Board' from 01/04/2019 (row 2)",
    ),
    (
        with_rows("Memberships", ["Board", "Cat Singh", "Deputy", "2019-05-01", None, "Dee Okafor"]),
        "Memberships",
        4,
        "Deputy for",
        "Dee Okafor is not a member of 'Board' at any time during this membership",
    ),
    (
        with_rows("Memberships", ["Board", "Cat Singh", "Member", "2019-05-01", None, "Ann Hale"]),
        "Memberships",
        4,
        "Deputy for",
        "Only a membership with the role Deputy can stand in for a member.",
    ),
    (
        with_rows("Attendance", ["Board", "2020-01-14", "Bob Marsh", "Deputy", None]),
        "Attendance",
        3,
        "Deputy",
        "The status is Deputy, so the Deputy column must name who came.",
    ),
    (
        with_rows("Attendance", ["Board", "2020-01-14", "Bob Marsh", "Present", "Cat Singh"]),
        "Attendance",
        3,
        "Deputy",
        "A deputy (Cat Singh) is named but the status is Present",
    ),
    (
        with_rows("Attendance", ["Board", "2020-02-14", "Bob Marsh", "Present", None]),
        "Attendance",
        3,
        "Meeting date",
        "'Board' has no meeting on 14/02/2020 in the workbook or the database.",
    ),
    (
        with_rows("Attendance", ["board", "14/01/2020", "ANN HALE", "Apologies", None]),
        "Attendance",
        3,
        "Person",
        "Row 2 already has this attendance line",
    ),
    (
        with_rows("Meetings", ["Board", "2020-05-01", "12:00", "10:00", "Held", None]),
        "Meetings",
        4,
        "End time",
        "The meeting ends (10:00) before it starts (12:00).",
    ),
    (
        with_rows("Meetings", ["Board", "2020-05-01", "25:00", None, "Planned", None]),
        "Meetings",
        4,
        "Start time",
        "'25:00' is not a time",
    ),
    (
        with_rows("Meetings", ["Board", "2020-04-07", None, None, "Postponed", "2020-05-01"]),
        "Meetings",
        4,
        "Postponed to",
        "'Board' has no meeting on 01/05/2020 in the workbook or the database.",
    ),
    (
        with_sheet(
            "Groups",
            ["Name", "Kind", "Counts towards quorum"],
            ["Board", "Board", "Chair, Member"],
            ["Neglect", "Task and finish group", "Chair, Treasurer"],
        ),
        "Groups",
        3,
        "Counts towards quorum",
        "'Treasurer' is not a role",
    ),
    (
        with_sheet("Groups", ["Name", "Kind", "Counts towards quorum"], ["Board", "Board", "Deputy"]),
        "Groups",
        2,
        "Counts towards quorum",
        "A deputy counts only in the place of a member whose role counts",
    ),
    (
        with_sheet(
            "Meetings",
            ["Group", "Date", "Status", "Minutes approved on", "Minutes record"],
            ["Board", "2020-01-14", "Held", "2020-04-14", "Actions: none"],
        ),
        "Meetings",
        2,
        "Minutes record",
        "This is not a record Board Admin wrote",
    ),
    (
        with_rows("Meetings", ["Board", "2020-04-07", None, None, "Held", "2020-04-14"]),
        "Meetings",
        4,
        "Postponed to",
        "Only a postponed meeting can name the meeting that replaced it",
    ),
    (
        with_rows("Challenges", ["CH-2", "2020-02-01", "Police", "How?", "Closed", "2020-01-01"]),
        "Challenges",
        3,
        "Date closed",
        "The closing date (01/01/2020) cannot be before the date the challenge was raised (01/02/2020).",
    ),
    (
        with_rows("Challenges", ["ch-1", "2020-02-01", "Police", "How?", "Open", None]),
        "Challenges",
        3,
        "Reference",
        "Row 2 already has this challenge",
    ),
    (with_rows("Contributions", ["2016-17", "Council", -5]), "Contributions", 3, "Agreed", "The amount -5 cannot be"),
    (
        with_rows("Contributions", ["2016-17", "Council", 12.345]),
        "Contributions",
        3,
        "Agreed",
        "12.345 has more than two decimal places",
    ),
    (
        with_rows("Contributions", ["2016-17", "Council", "12.345"]),
        "Contributions",
        3,
        "Agreed",
        "'12.345' is not an amount in pounds",
    ),
    (
        with_rows("Contributions", ["2015-17", "Council", 5]),
        "Contributions",
        3,
        "Financial year",
        "'2015-17' is not a financial year",
    ),
    (
        with_rows("Contributions", ["2015/16", "police", 5]),
        "Contributions",
        3,
        "Agency",
        "Row 2 already has this contribution",
    ),
    (
        with_rows("Expenditure", ["2015-16", "Training", "2015-05-01", 10]),
        "Expenditure",
        3,
        "Line",
        "There is no budget line 'Training' for 2015-16 in the workbook or the database.",
    ),
    (
        with_rows("People", ["Eve Lund", "Police", None, None, "stray"]),
        "People",
        6,
        "E",
        "This column has values but no header",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["CH-9", "2020-01-14", None, "admin", None, "Open", None]),
        "ChallengeHistory",
        2,
        "Reference",
        "There is no challenge 'CH-9' in the workbook or the database.",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["CH-1", "2020-01-14", None, "admin", None, "Pending", None]),
        "ChallengeHistory",
        2,
        "To status",
        "'Pending' is not one of: Open, Awaiting response, Responded, Escalated, Closed.",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["CH-1", "2020-01-10", None, "admin", None, "Open", None]),
        "ChallengeHistory",
        2,
        "Changed on",
        "The date of the change (10/01/2020) is before the challenge was raised (14/01/2020).",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["ch-1", "2020-01-14", None, "admin", "Open", "open", None]),
        "ChallengeHistory",
        2,
        "To status",
        "The status did not change: From status and To status are both Open.",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["CH-1", "2020-01-14", "yesterday", "admin", None, "Open", None]),
        "ChallengeHistory",
        2,
        "Recorded at",
        "'yesterday' is not a date and time",
    ),
    (
        with_sheet("ChallengeHistory", HISTORY, ["CH-1", "2020-01-14", None, " ", None, "Open", None]),
        "ChallengeHistory",
        2,
        "Changed by",
        "Changed by cannot be empty.",
    ),
    (
        with_sheet("ChallengeThemes", ["Theme", "Active"], ["Neglect", "Yes"], [" neglect ", "No"], base=THEMED),
        "ChallengeThemes",
        3,
        "Theme",
        "Row 2 already has this challenge theme",
    ),
    (
        with_sheet("ChallengeThemes", ["Theme", "Active"], ["Exploitation", "Yes"], base=THEMED),
        "Challenges",
        2,
        "Theme",
        "There is no theme called 'Neglect' on the ChallengeThemes sheet or in the database; add it there.",
    ),
    (
        with_sheet(
            "Challenges",
            THEMED["Challenges"][0],
            ["CH-1", "2020-01-14", "Council", "Why?", "Responded", None, "2020-01-13"],
        ),
        "Challenges",
        2,
        "Responded on",
        "The response date (13/01/2020) cannot be before the date the challenge was raised (14/01/2020).",
    ),
    (
        with_rows("Challenges", ["CH-2020-1000000", "2020-02-01", "Police", "How?", "Open", None]),
        "Challenges",
        3,
        "Reference",
        "A challenge reference can be numbered up to 999999 (CH-2020-999999), not 1000000.",
    ),
]


@pytest.mark.parametrize(("sheets", "sheet", "row", "column", "message"), CASES)
def test_each_rule_is_reported_at_its_sheet_row_and_column(database, tmp_path, sheets, sheet, row, column, message):
    before = snapshot(database)
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in problems] == [(sheet, row, column)], [str(p) for p in problems]
    assert problems[0].message.startswith(message), problems[0].message
    assert snapshot(database) == before


def test_the_base_workbook_itself_is_accepted(database, tmp_path):
    summary = import_workbook(database, write_book(tmp_path / "in.xlsx", BASE))
    assert summary.added == sum(len(rows) - 1 for rows in BASE.values())
    assert summary.years_added == 1


def test_a_problem_reads_as_one_line_naming_its_place(database, tmp_path):
    sheets = with_rows("Memberships", ["Board", "Cat Singh", "Member", "31/02/2020", None, None])
    with pytest.raises(WorkbookImportError) as caught:
        import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [str(problem) for problem in caught.value.problems] == [
        "Memberships, row 4, column Start date: '31/02/2020' is not a date."
    ]
    assert caught.value.message == "The workbook was not imported: 1 problem was found; nothing was changed."


def test_every_problem_is_reported_at_once_in_reading_order(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Expenditure"].append(["2015-16", "Training", "2015-05-01", 10])
    sheets["People"].append(["Eve Lund", "Fire Service", None, None])
    sheets["Agencies"].append(["Fire", "F", "Fire brigade", "No", "Yes"])
    sheets["Attendance"].append(["Board", "2020-01-14", "Bob Marsh", "Deputy", None])
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("Agencies", 4, "Sector"),
        ("People", 6, "Agency"),
        ("Attendance", 3, "Deputy"),
        ("Expenditure", 3, "Line"),
    ]
    with pytest.raises(WorkbookImportError, match="4 problems were found; nothing was changed"):
        import_workbook(database, tmp_path / "in.xlsx")


def test_a_group_cannot_report_to_its_own_subgroup(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Groups"][1][2] = "Neglect"  # Board reports to Neglect, which reports to Board
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert {(p.sheet, p.row, p.column) for p in problems} == {("Groups", 2, "Reports to"), ("Groups", 3, "Reports to")}
    assert "This makes a loop: Board reports to Neglect reports to Board." in [p.message for p in problems]


def test_columns_are_found_by_header_and_unknown_or_missing_ones_are_problems(database, tmp_path):
    sheets = {
        "Agencies": BASE["Agencies"],
        "People": [["Agency", "name", "Favourite colour"], ["Police", "Eve Lund", "Blue"]],
        "Groups": [["Name", "Reports to"], ["Board", None]],  # Kind is required
    }
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [(p.sheet, p.row, p.column, p.message) for p in problems] == [
        (
            "People",
            1,
            "Favourite colour",
            "'Favourite colour' is not a column of the People sheet; its columns are "
            "Name, Agency, Job title, Email, Phone, Active.",
        ),
        ("Groups", 1, "Kind", "The required column 'Kind' is missing."),
    ]


def test_an_unknown_sheet_is_a_problem_but_an_empty_one_is_ignored(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Atendance"] = [["Group", "Meeting date"], ["Board", "2020-01-14"]]
    sheets["Sheet1"] = []
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Atendance", None, None)]
    assert str(problems[0]).startswith("Atendance: 'Atendance' is not a sheet of the Board Admin workbook")


def test_a_file_that_is_not_a_workbook_is_refused(database, tmp_path):
    fake = tmp_path / "notes.xlsx"
    fake.write_text("just some notes")
    problems = refused(database, fake)
    assert [str(p) for p in problems] == ["notes.xlsx: This file cannot be read as an Excel workbook (.xlsx)."]


# --- all or nothing, and nothing twice ----------------------------------------------------------


def test_a_bad_last_row_leaves_the_database_exactly_as_it_was(database, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    book = load_workbook(out)
    # Changes early in the workbook that a partial write would have kept...
    book["Agencies"]["C2"] = "Other"
    book["People"].append(["Zoe New", "Peterborough City Council", None, None, None, "Yes"])
    # ...and a bad row at the very end.
    expenditure = book["Expenditure"]
    expenditure.append(["2015-16", "No such line", dt.datetime(2015, 5, 1), None, 10])
    bad_row = expenditure.max_row
    book.save(out)
    before = snapshot(database)

    problems = refused(database, out)

    assert [(p.sheet, p.row, p.column) for p in problems] == [("Expenditure", bad_row, "Line")]
    assert snapshot(database) == before


def test_importing_the_same_workbook_twice_changes_nothing_the_second_time(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    copy_ = empty_database_factory(backend_of(database))

    first = import_workbook(copy_, out)
    after_first = snapshot(copy_)
    second = import_workbook(copy_, out)

    assert first.added > 0 and first.updated == 0
    assert (second.added, second.updated, second.years_added) == (0, 0, 0)
    # The first import found the standard kinds of case review already there (every database has them).
    assert second.unchanged == first.added + first.unchanged
    assert second.describe() == f"nothing; all {first.added + first.unchanged} rows were already up to date"
    assert snapshot(copy_) == after_first  # versions included: nothing was even rewritten


def test_rows_that_match_are_updated_and_the_rest_left_alone(database, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    book = load_workbook(out)
    agencies = book["Agencies"]
    police_row = next(row for row in agencies.iter_rows(min_row=2) if row[0].value == "Cambridgeshire Constabulary")
    police_row[2].value = "Other"
    attendance = book["Attendance"]
    # Ann's line at the meeting of 14 April (whose minutes are still draft; approved ones are locked).
    ann_row = next(
        row
        for row in attendance.iter_rows(min_row=2)
        if row[2].value == "Ann Hale" and row[1].value.date() == dt.date(2020, 4, 14)
    )
    ann_row[3].value = "absent"  # labels in any case
    book.save(out)
    before = snapshot(database)
    with database.session() as session:
        old_sector = session.scalars(select(Agency.sector).where(Agency.name == "Cambridgeshire Constabulary")).one()
        ann_id = session.scalars(select(Person.id).where(Person.name == "Ann Hale")).one()
        april = select(Meeting.id).where(Meeting.meeting_date == dt.date(2020, 4, 14))
        old_status = session.scalars(
            select(Attendance.status).where(Attendance.person_id == ann_id, Attendance.meeting_id.in_(april))
        ).one()
    old_sector, old_status = old_sector.value, old_status.value

    summary = import_workbook(database, out)

    assert (summary.added, summary.updated) == (0, 2)
    assert summary.counts["Agencies"].updated == summary.counts["Attendance"].updated == 1
    assert summary.describe().startswith("1 agency and 1 attendance line (0 new, 2 changed);")
    with database.session() as session:
        police = session.scalars(select(Agency).where(Agency.name == "Cambridgeshire Constabulary")).one()
        assert police.sector is Sector.OTHER and police.version == 2
        line = session.scalars(
            select(Attendance).where(Attendance.person_id == ann_id, Attendance.meeting_id.in_(april))
        ).one()
        assert line.status is AttendanceStatus.ABSENT and line.version == 2
    after = snapshot(database)
    for table in before:
        if table not in ("agency", "attendance", "audit_entry"):
            assert after[table] == before[table], table
    assert len([1 for old, new in zip(before["agency"], after["agency"], strict=True) if old != new]) == 1
    # In the audit trail: one entry naming the file, and one per record changed, with its values before and after.
    assert after["audit_entry"][: len(before["audit_entry"])] == before["audit_entry"]
    columns = [column.name for column in AuditEntry.__table__.columns]
    entries = [dict(zip(columns, entry, strict=True)) for entry in after["audit_entry"][len(before["audit_entry"]) :]]
    summary_entry, *by_record = entries
    assert summary_entry["operation"] == "import" and "everything.xlsx" in summary_entry["after"]
    assert sorted(
        (
            entry["entity"],
            entry["entity_id"],
            entry["operation"],
            json.loads(entry["before"]),
            json.loads(entry["after"]),
        )
        for entry in by_record
    ) == [
        ("agency", police.id, "update", {"sector": old_sector}, {"sector": Sector.OTHER.value}),
        ("attendance", line.id, "update", {"status": old_status}, {"status": AttendanceStatus.ABSENT.value}),
    ]


def test_a_dry_run_reports_what_it_would_do_and_changes_nothing(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    target = empty_database_factory(backend_of(database))
    before = snapshot(target)

    summary = import_workbook(target, out, dry_run=True)

    assert summary.dry_run and summary.added > 0 and summary.years_added == 2
    assert snapshot(target) == before
    assert import_workbook(target, out).added == summary.added


# --- how cells are read -------------------------------------------------------------------------


def test_dates_times_and_amounts_in_every_accepted_form(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Meetings"] = [
        ["Group", "Date", "Start time", "End time", "Status"],
        ["Board", "2020-01-14", "10:00", "12:30", "Held"],  # ISO text, HH:MM text
        ["Board", "14/02/2020", "9:30", None, "held"],  # UK text
        ["Board", dt.datetime(2020, 3, 14), dt.time(14, 0), dt.time(16, 0), "Planned"],  # real cells
        ["Board", "2020-04-14", None, None, "Planned"],
    ]
    sheets["Contributions"] = [
        ["Financial year", "Agency", "Agreed", "Received"],
        ["2015-16", "Police", 112532.19, "£1,234.50"],
        ["2016/17", "Police", "1,000", 0.1],
        ["2017-2018", "Police", 3340, None],
    ]
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))

    with database.session() as session:
        meetings = {
            meeting.meeting_date: (meeting.start_time, meeting.end_time, meeting.status)
            for meeting in session.scalars(select(Meeting))
        }
        contributions = sorted((row.agreed_pence, row.received_pence) for row in session.scalars(select(Contribution)))
    assert meetings == {
        D(2020, 1, 14): (dt.time(10, 0), dt.time(12, 30), MeetingStatus.HELD),
        D(2020, 2, 14): (dt.time(9, 30), None, MeetingStatus.HELD),
        D(2020, 3, 14): (dt.time(14, 0), dt.time(16, 0), MeetingStatus.PLANNED),
        D(2020, 4, 14): (None, None, MeetingStatus.PLANNED),
    }
    assert contributions == [(100_000, 10), (334_000, None), (11_253_219, 123_450)]


def test_headers_and_sheet_names_ignore_case_and_spacing(database, tmp_path):
    sheets = {"agencies": [["  NAME ", "sector", "StatutoryPartner"], ["Police", "police", "TRUE"]]}
    sheets["Agenda items"] = []
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    with database.session() as session:
        police = session.scalars(select(Agency)).one()
    assert (police.name, police.sector, police.statutory_partner, police.active) == (
        "Police",
        Sector.POLICE,
        True,
        True,
    )


def test_a_missing_column_keeps_what_is_stored_and_a_blank_cell_clears_it(database, tmp_path):
    police = s.create_agency(database, s.AgencyFields("Police", Sector.POLICE))
    s.create_person(database, s.PersonFields("Ann Hale", police, "Detective Superintendent", phone="01223"))
    sheets = {"People": [["Name", "Agency", "Phone"], ["Ann Hale", "Police", None]]}

    summary = import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))

    assert (summary.added, summary.updated) == (0, 1)
    with database.session() as session:
        ann = session.scalars(select(Person)).one()
    assert (ann.job_title, ann.phone) == ("Detective Superintendent", None)


def test_names_refer_to_records_already_in_the_database(database, tmp_path):
    police = s.create_agency(database, s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE))
    sheets = {"People": [["Name", "Agency"], ["Ann Hale", "cambridgeshire  constabulary"]]}
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    with database.session() as session:
        assert session.scalars(select(Person)).one().agency_id == police


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Agencies"][2:2] = [[None, None, None, None, None], ["", " ", None, None, None]]
    sheets["Agencies"].append(["Fire", "F", "Fire brigade", "No", "Yes"])
    problems = refused(database, write_book(tmp_path / "in.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Agencies", 6, "Sector")]


def test_text_that_looks_like_a_formula_is_imported_as_text(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["People"].append(["Eve Lund", "Police", "=1+2", None])
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    with database.session() as session:
        assert session.scalars(select(Person.job_title).where(Person.name == "Eve Lund")).one() == "=1+2"


def test_repeated_expenditure_entries_are_counted(database, tmp_path):
    entry = ["2015-16", "Unit costs", "2015-05-01", 10]
    twice = with_rows("Expenditure", entry, list(entry))
    import_workbook(database, write_book(tmp_path / "twice.xlsx", twice))
    assert import_workbook(database, tmp_path / "twice.xlsx").added == 0
    three_times = with_rows("Expenditure", entry, list(entry), list(entry))
    assert import_workbook(database, write_book(tmp_path / "three.xlsx", three_times)).added == 1
    with database.session() as session:
        amounts = sorted(session.scalars(select(Expenditure.amount_pence)))
    assert amounts == [1000, 1000, 1000, 11_253_219]


def test_a_deputy_stands_in_for_the_members_seat_on_the_deputys_start_date(database, tmp_path):
    sheets = copy.deepcopy(BASE)
    sheets["Memberships"] = [
        ["Group", "Person", "Role", "Start date", "End date", "Deputy for"],
        ["Board", "Ann Hale", "Member", "2019-04-01", "2020-06-30", None],
        ["Board", "Ann Hale", "Chair", "2021-01-01", None, None],
        ["Board", "Bob Marsh", "Deputy", "2019-06-01", "2020-12-31", "Ann Hale"],
        ["Board", "Cat Singh", "Deputy", "2021-03-01", None, "Ann Hale"],
        # Starts while Ann is off the board, so the seat it overlaps is her second.
        ["Board", "Dee Okafor", "Deputy", "2020-09-01", None, "ann hale"],
    ]
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    with database.session() as session:
        rows = session.execute(select(Membership.id, Membership.start_date, Membership.deputy_for_id)).all()
    start_of = {row.id: row.start_date for row in rows}
    principal = {row.start_date: start_of.get(row.deputy_for_id) for row in rows if row.deputy_for_id}
    assert principal == {D(2019, 6, 1): D(2019, 4, 1), D(2021, 3, 1): D(2021, 1, 1), D(2020, 9, 1): D(2021, 1, 1)}


def test_the_membership_agency_defaults_to_the_persons_own(database, tmp_path):
    import_workbook(database, write_book(tmp_path / "in.xlsx", BASE))
    with database.session() as session:
        pairs = session.execute(select(Membership.agency_id, Person.agency_id).join(Person)).all()
    assert pairs and all(represented == own for represented, own in pairs)


def test_the_complete_dataset_round_trips_into_an_empty_database(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    copy_ = empty_database_factory(backend_of(database))
    import_workbook(copy_, out)
    assert content(copy_) == content(database)


def test_a_hundred_thousand_attendance_lines_import_whole(sqlite_database, tmp_path):
    people = [f"Person {number:03d}" for number in range(250)]
    days = [D(2000, 1, 1) + dt.timedelta(days=7 * week) for week in range(400)]
    sheets = {
        "Agencies": [["Name", "Sector"], ["Council", "Local Authority"]],
        "People": [["Name", "Agency"]] + [[name, "Council"] for name in people],
        "Groups": [["Name", "Kind"], ["Board", "Board"]],
        "Meetings": [["Group", "Date", "Status"]] + [["Board", day, "Held"] for day in days],
        "Attendance": [["Group", "Meeting date", "Person", "Status"]]
        + [["Board", day, name, "Present"] for day in days for name in people],
    }
    path = tmp_path / "big.xlsx"
    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    book.save(path)

    # How long it takes is the benchmark's business (python -m tests.perf), never a unit test's.
    summary = import_workbook(sqlite_database, path)

    assert summary.counts["Attendance"].added == 100_000
    with sqlite_database.session() as session:
        assert session.query(Attendance).count() == 100_000


# --- the challenge log's detail: themes, history, response dates, escalation, references ---------


def test_an_older_workbook_without_the_challenge_log_sheets_still_imports(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "older.xlsx"
    export_workbook(database, out)
    book = load_workbook(out)
    del book["ChallengeThemes"], book["ChallengeHistory"]
    challenges = book["Challenges"]
    challenges.delete_cols([cell.value for cell in challenges[1]].index("Responded on") + 1)
    book.save(out)
    copy_ = empty_database_factory(backend_of(database))

    summary = import_workbook(copy_, out)

    log, original = challenge_log(copy_), challenge_log(database)
    # The themes the challenges are filed under become the list of themes; there is no history to bring.
    assert log["themes"] == [("Exploitation", True), ("Neglect", True)]
    assert summary.counts["ChallengeThemes"].added == 2 and summary.counts["ChallengeHistory"].added == 0
    assert log["history"] == []
    assert log["challenges"] == [(ref, theme, None, *rest) for ref, theme, _responded, *rest in original["challenges"]]
    # Into the database it came from, it changes nothing: what the workbook leaves out is kept.
    before = snapshot(database)
    again = import_workbook(database, out)
    assert (again.added, again.updated) == (0, 0)
    assert snapshot(database) == before


def test_escalated_to_names_a_group_or_else_a_person_or_stays_as_written(database, tmp_path):
    council = s.create_agency(database, s.AgencyFields("Council", Sector.LOCAL_AUTHORITY))
    s.create_person(database, s.PersonFields("Zed Rowe", council))  # only in the database
    sheets = with_rows("People", ["Board", "Council", None, None])  # a person who shares a group's name
    sheets["Challenges"] = [
        ["Reference", "Date raised", "Agency challenged", "Challenge", "Status", "Escalated to"],
        ["CH-1", "2020-01-14", "Council", "Why?", "Escalated", "board"],
        ["CH-2", "2020-01-14", "Council", "Why?", "Escalated", "ann  hale"],
        ["CH-3", "2020-01-14", "Council", "Why?", "Escalated", "ZED ROWE"],
        ["CH-4", "2020-01-14", "Council", "Why?", "Escalated", "The Ombudsman"],
        ["CH-5", "2020-01-14", "Council", "Why?", "Open", None],
    ]
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))

    escalations = {reference: rest for reference, _theme, _responded, *rest in challenge_log(database)["challenges"]}
    assert escalations == {
        "CH-1": ["Board", "Board", None],
        "CH-2": ["Ann Hale", None, "Ann Hale"],
        "CH-3": ["Zed Rowe", None, "Zed Rowe"],
        "CH-4": ["The Ombudsman", None, None],
        "CH-5": [None, None, None],
    }

    # A new name moves the link; a cleared one clears it.
    sheets["Challenges"][1][5] = "Zed Rowe"
    sheets["Challenges"][2][5] = None
    summary = import_workbook(database, write_book(tmp_path / "again.xlsx", sheets))
    assert summary.counts["Challenges"].updated == 2
    escalations = {reference: rest for reference, _theme, _responded, *rest in challenge_log(database)["challenges"]}
    assert escalations["CH-1"] == ["Zed Rowe", None, "Zed Rowe"] and escalations["CH-2"] == [None, None, None]


def test_a_listed_theme_is_matched_whatever_its_case_and_keeps_its_place_in_the_list(database, tmp_path):
    sheets = with_sheet(
        "ChallengeThemes", ["Theme", "Active"], ["Neglect", "Yes"], ["Private fostering", "No"], base=THEMED
    )
    sheets["Challenges"][1][5] = "NEGLECT"
    import_workbook(database, write_book(tmp_path / "in.xlsx", sheets))
    log = challenge_log(database)
    assert log["themes"] == [("Neglect", True), ("Private fostering", False)]
    assert [theme for _reference, theme, *_rest in log["challenges"]] == ["Neglect"]

    # Respelling a theme in the list respells it on its challenges, as renaming it on screen does.
    sheets["ChallengeThemes"][1][0] = "neglect"
    import_workbook(database, write_book(tmp_path / "again.xlsx", sheets))
    log = challenge_log(database)
    assert log["themes"] == [("Private fostering", False), ("neglect", True)]
    assert [theme for _reference, theme, *_rest in log["challenges"]] == ["neglect"]


def test_history_is_added_to_and_never_rewritten(database, tmp_path):
    sheets = with_sheet(
        "ChallengeHistory",
        ["Reference", "Changed on", "Changed by", "From status", "To status"],  # no "Recorded at": midnight
        ["CH-1", "2020-01-14", "admin", None, "Open"],
        ["ch-1", "14/01/2020", "admin", "Open", "Awaiting response"],
    )
    path = write_book(tmp_path / "in.xlsx", sheets)
    assert import_workbook(database, path).counts["ChallengeHistory"].added == 2
    assert import_workbook(database, path).counts["ChallengeHistory"].unchanged == 2  # nothing twice
    midnight = dt.datetime(2020, 1, 14)
    assert challenge_log(database)["history"] == [
        ("CH-1", D(2020, 1, 14), midnight, "admin", "", "open", ""),
        ("CH-1", D(2020, 1, 14), midnight, "admin", "open", "awaiting_response", ""),
    ]

    # A row that differs from every stored entry is a new entry; the stored one stays as it was.
    sheets["ChallengeHistory"][2][2] = "chair"
    summary = import_workbook(database, write_book(tmp_path / "changed.xlsx", sheets))
    assert (summary.counts["ChallengeHistory"].added, summary.counts["ChallengeHistory"].unchanged) == (1, 1)
    assert [entry[3] for entry in challenge_log(database)["history"]] == ["admin", "admin", "chair"]


def test_the_next_reference_after_an_import_is_never_an_imported_one(database, empty_database_factory, tmp_path):
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    copy_ = empty_database_factory(backend_of(database))
    import_workbook(copy_, out)
    with copy_.session() as session:
        agency = session.scalars(select(Agency.id)).first()
        latest = session.scalars(select(Challenge.id).where(Challenge.reference == "CH-2020-003")).one()

    def record(day: dt.date) -> str:
        fields = c.ChallengeFields(date_raised=day, agency_id=agency, challenge="Are audits shared?")
        with copy_.session() as session:
            return session.get(Challenge, c.record_challenge(copy_, fields)).reference

    # Even with the latest imported challenge deleted, its reference is not given out again.
    c.delete_challenge(copy_, latest)
    assert record(D(2020, 6, 1)) == "CH-2020-004"
    assert record(D(2021, 6, 1)) == "CH-2021-002"
    assert record(D(2022, 6, 1)) == "CH-2022-001"


def test_an_import_that_edits_approved_minutes_is_refused_with_the_sentence_of_every_path(database, tmp_path):
    """The meeting of 14 January 2020 was approved at the meeting of 14 April: its register, its agenda, its
    declarations and its details are locked; an amendment row for it is added, not refused."""
    build_complete_dataset(database)
    out = tmp_path / "everything.xlsx"
    export_workbook(database, out)
    book = load_workbook(out)

    def rows_of(sheet: str):
        return [row for row in book[sheet].iter_rows(min_row=2) if row[1].value.date() == dt.date(2020, 1, 14)]

    next(row for row in rows_of("Attendance") if row[2].value == "Bob Marsh")[3].value = "Present"
    rows_of("AgendaItems")[0][6].value = "Rewritten after approval."
    book["Declarations"].append(["Safeguarding Children Partnership Board", dt.date(2020, 1, 14), None, "Cat Singh",
                                 "Governor of a school", "Other", "Stayed"])  # fmt: skip
    book["MinutesAmendments"].append(["Safeguarding Children Partnership Board", dt.date(2020, 1, 14),
                                      dt.datetime(2020, 5, 1, 10, 0), "Ann Hale", "Item 1: a name was misspelt.",
                                      "Noticed by the member."])  # fmt: skip
    book.save(out)
    before = snapshot(database)

    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(database, out)

    locked = (
        "The minutes of Safeguarding Children Partnership Board on 14/01/2020 were approved at the meeting of "
        "14/04/2020, so they can no longer be edited: record an amendment instead."
    )
    assert sorted((problem.sheet, problem.column) for problem in refused.value.problems) == [
        ("AgendaItems", "Minutes"),
        ("Attendance", "Status"),
        ("Declarations", "Interest"),
    ]
    assert {problem.message for problem in refused.value.problems} == {locked}
    assert snapshot(database) == before

    # Without the edits, the amendment alone goes in.
    book = load_workbook(out)
    for sheet in ("Attendance", "AgendaItems", "Declarations"):
        book.remove(book[sheet])
    book.save(out)
    summary = import_workbook(database, out)
    assert summary.counts["MinutesAmendments"].added == 1


def test_an_older_workbooks_approval_date_means_the_meeting_held_that_day_as_the_upgrade_reads_it(database, tmp_path):
    """A workbook from before approvals named the meeting has only "Minutes approved on": a date on which the
    group held a meeting is that meeting; a date without one is kept as a date. Both go through the rules."""
    sheets = with_sheet(
        "Meetings",
        ["Group", "Date", "Status", "Minutes approved on"],
        ["Board", "2020-01-14", "Held", "2020-04-14"],
        ["Board", "2020-04-14", "Held", "2020-07-01"],
        ["Board", "2020-07-14", "Held", "2020-07-13"],  # before it: refused, as the services refuse it
    )
    problems = refused(database, write_book(tmp_path / "old.xlsx", sheets))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Meetings", 4, "Minutes approved on")]

    del sheets["Meetings"][3]
    import_workbook(database, write_book(tmp_path / "old.xlsx", sheets))
    with database.session() as session:
        meetings = {m.meeting_date: m for m in session.scalars(select(Meeting))}
        january, april = meetings[dt.date(2020, 1, 14)], meetings[dt.date(2020, 4, 14)]
        assert (january.minutes_approved_at_id, january.minutes_approved_on) == (april.id, None)
        assert (april.minutes_approved_at_id, april.minutes_approved_on) == (None, dt.date(2020, 7, 1))
