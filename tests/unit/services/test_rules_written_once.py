"""Each rule of the domain is written once (domain/), so the import and the service refuse the same input with
the same sentence: one test per rule family, the service called as a form calls it, the workbook as a person types
it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from board_admin.domain.enums import AttendanceStatus, GroupKind, MemberRole, Sector
from board_admin.domain.errors import ValidationError
from board_admin.reports.workbook_rows import read_workbook_rows
from board_admin.services import case_reviews as cr
from board_admin.services import challenges as c
from board_admin.services import governance as g
from board_admin.services import meetings as m
from board_admin.services import minutes as mi
from board_admin.services import structure as s
from board_admin.services.workbook_import import WorkbookImportError, import_workbook

D = dt.date


@pytest.fixture
def board(database):
    """An agency, two people and a board with a task and finish group under it; Ann chairs the board."""
    police = s.create_agency(database, s.AgencyFields("Police", Sector.POLICE, "P", True))
    ids = {
        "police": police,
        "ann": s.create_person(database, s.PersonFields("Ann Hale", police)),
        "bob": s.create_person(database, s.PersonFields("Bob Marsh", police)),
        "board": s.create_group(database, s.GroupFields("Board", GroupKind.BOARD)),
    }
    ids["neglect"] = s.create_group(
        database,
        s.GroupFields("Neglect", GroupKind.TASK_AND_FINISH, parent_id=ids["board"], end_date=D(2020, 12, 31)),
    )
    ids["chair"] = s.add_membership(
        database, s.MembershipFields(ids["board"], ids["ann"], MemberRole.CHAIR, D(2020, 1, 1))
    )
    return ids


def service_refusal(call) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    return str(refused.value)


def import_refusals(database, tmp_path, sheets: dict[str, list[list[object]]]) -> list[str]:
    path = tmp_path / "typed.xlsx"
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(database, path)
    return [problem.message for problem in refused.value.problems]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("cat at police", "it has a space in it"),
        ("cat.singh.police.uk", "it has no @"),
        ("cat@police", "'police' after the @ is not a mail domain such as organisation.gov.uk"),
        ("cat@@police.uk", "write it as name@organisation.gov.uk"),
        ("cat.@police.uk", "write it as name@organisation.gov.uk"),
        ("cat@police.uk;dan@police.uk", "give one address only"),
    ],
)
def test_people_the_email_check(database, board, tmp_path, typed, reason):
    said = service_refusal(lambda: s.create_person(database, s.PersonFields("Cat Singh", board["police"], email=typed)))
    assert said == f"Cat Singh's email address '{typed}' is not an email address: {reason}."
    typed_row = {"People": [["Name", "Agency", "Email"], ["Cat Singh", "Police", typed]]}
    assert import_refusals(database, tmp_path, typed_row) == [said]


def test_people_an_ordinary_address_is_kept(database, board):
    person = s.create_person(
        database, s.PersonFields("Cat Singh", board["police"], email="cat.o'neill+board@police.example.gov.uk")
    )
    assert person


def test_the_group_tree_has_no_loops(database, board, tmp_path):
    said = service_refusal(
        lambda: s.update_group(
            database, board["board"], s.GroupFields("Board", GroupKind.BOARD, parent_id=board["neglect"])
        )
    )
    assert said == "This makes a loop: Board reports to Neglect reports to Board."
    typed = {"Groups": [["Name", "Kind", "Reports to"], ["Board", "Board", "Neglect"]]}
    assert import_refusals(database, tmp_path, typed) == [said]

    itself = service_refusal(
        lambda: s.update_group(
            database, board["board"], s.GroupFields("Board", GroupKind.BOARD, parent_id=board["board"])
        )
    )
    assert itself == "A group cannot report to itself."
    typed = {"Groups": [["Name", "Kind", "Reports to"], ["Board", "Board", "Board"]]}
    assert import_refusals(database, tmp_path, typed) == [itself]


@pytest.mark.parametrize(
    ("person", "group", "role", "start", "end", "deputy_for"),
    [
        # the same person twice on one group at once
        ("ann", "board", MemberRole.MEMBER, D(2021, 1, 1), None, None),
        # after the group ended
        ("bob", "neglect", MemberRole.MEMBER, D(2021, 1, 1), None, None),
        # beyond the group's end
        ("bob", "neglect", MemberRole.MEMBER, D(2020, 6, 1), None, None),
        # deputy for themselves
        ("ann", "board", MemberRole.DEPUTY, D(2019, 1, 1), D(2019, 6, 30), "ann"),
    ],
)
def test_memberships_and_deputies(database, board, tmp_path, person, group, role, start, end, deputy_for):
    principal = board["chair"] if deputy_for else None
    said = service_refusal(
        lambda: s.add_membership(
            database, s.MembershipFields(board[group], board[person], role, start, end, deputy_for_id=principal)
        )
    )
    names = {"ann": "Ann Hale", "bob": "Bob Marsh", "board": "Board", "neglect": "Neglect"}
    typed = {
        "Memberships": [
            ["Group", "Person", "Role", "Start date", "End date", "Deputy for"],
            [names[group], names[person], role.label, start, end, names.get(deputy_for)],
        ]
    }
    assert import_refusals(database, tmp_path, typed) == [said]


def test_meetings_end_after_they_start(database, board, tmp_path):
    said = service_refusal(
        lambda: m.create_meeting(database, m.MeetingFields(board["board"], D(2021, 3, 1), dt.time(12), dt.time(10)))
    )
    assert said == "The meeting ends (10:00) before it starts (12:00)."
    typed = {
        "Meetings": [
            ["Group", "Date", "Start time", "End time", "Status"],
            ["Board", D(2021, 3, 1), "12:00", "10:00", "Planned"],
        ]
    }
    assert import_refusals(database, tmp_path, typed) == [said]


def test_challenges_no_response_due_before_it_was_raised(database, board, tmp_path):
    said = service_refusal(
        lambda: c.record_challenge(
            database, c.ChallengeFields(D(2021, 3, 1), board["police"], "Why?", response_due=D(2021, 2, 1))
        )
    )
    assert said == "The response due date (01/02/2021) is before the date raised (01/03/2021)."
    typed = {
        "Challenges": [
            ["Reference", "Date raised", "Agency challenged", "Challenge", "Status", "Response due"],
            ["CH-2021-001", D(2021, 3, 1), "Police", "Why?", "Open", D(2021, 2, 1)],
        ]
    }
    assert import_refusals(database, tmp_path, typed) == [said]


def test_money_spent_within_its_year(database, board, tmp_path):
    from board_admin.domain.financial_year import FinancialYear
    from board_admin.services import funding as f

    year = FinancialYear(2020)
    f.open_year(database, year)
    line = f.create_budget_line(database, year, f.BudgetLineFields("Unit costs", "1000"))
    said = service_refusal(
        lambda: f.create_expenditure(database, f.ExpenditureFields(line, D(2021, 4, 1), "10", "Room hire"))
    )
    assert said == "The date (01/04/2021) is outside 2020-21, which runs from 01/04/2020 to 31/03/2021."
    typed = {
        "Expenditure": [
            ["Financial year", "Line", "Date", "Description", "Amount"],
            ["2020-21", "Unit costs", D(2021, 4, 1), "Room hire", 10],
        ]
    }
    assert import_refusals(database, tmp_path, typed) == [said]


# --- the newer families: the minutes' approval and what it locks, apologies, case reviews ----------------------
# Each is refused by the service and by the import with the same sentence, and neither changes anything.
# Papers and schedules have no part in the import (papers are listed in the workbook, not carried; a schedule
# is made on screen), so they have no import to agree with.


@pytest.fixture
def held(database, board):
    """Two meetings of the board that were held, in March and June 2021, with an agenda item in March."""
    ids = {
        "march": m.create_meeting(database, m.MeetingFields(board["board"], D(2021, 3, 1))),
        "june": m.create_meeting(database, m.MeetingFields(board["board"], D(2021, 6, 1))),
    }
    for meeting_id in ids.values():
        m.mark_held(database, meeting_id)
    ids["item"] = m.add_agenda_item(database, ids["march"], m.AgendaItemFields("Neglect strategy"))
    return ids


MEETINGS = ["Group", "Date", "Status", "Minutes circulated on", "Minutes approved at"]


def refused_alike(database, tmp_path, call, typed: dict[str, list[list[object]]]) -> str:
    """The service's sentence, after checking that the import says the same and that neither changed a thing."""
    before = read_workbook_rows(database)
    said = service_refusal(call)
    assert read_workbook_rows(database) == before
    assert import_refusals(database, tmp_path, typed) == [said]
    assert read_workbook_rows(database) == before
    return said


def test_minutes_are_approved_at_a_later_meeting(database, held, tmp_path):
    typed = {
        "Meetings": [
            MEETINGS,
            ["Board", D(2021, 3, 1), "Held", None, None],
            ["Board", D(2021, 6, 1), "Held", None, D(2021, 3, 1)],
        ]
    }
    said = refused_alike(database, tmp_path, lambda: mi.approve_minutes(database, held["june"], held["march"]), typed)
    assert said == "Minutes are approved at a later meeting of the group: choose a meeting after 01/06/2021."


def test_minutes_are_circulated_after_the_meeting(database, held, tmp_path):
    typed = {
        "Meetings": [
            MEETINGS,
            ["Board", D(2021, 3, 1), "Held", D(2021, 2, 1), None],
            ["Board", D(2021, 6, 1), "Held", None, None],
        ]
    }
    said = refused_alike(
        database, tmp_path, lambda: mi.mark_minutes_circulated(database, held["march"], D(2021, 2, 1)), typed
    )
    assert said == "The minutes cannot be circulated on 01/02/2021, before the meeting itself (01/03/2021)."


def test_the_register_no_one_is_their_own_deputy(database, board, held, tmp_path):
    typed = {
        "Attendance": [
            ["Group", "Meeting date", "Person", "Status", "Deputy"],
            ["Board", D(2021, 3, 1), "Ann Hale", "Deputy", "Ann Hale"],
        ]
    }

    def deputise_for_herself():
        m.set_attendance(database, held["march"], board["ann"], AttendanceStatus.DEPUTY, deputy_id=board["ann"])

    said = refused_alike(database, tmp_path, deputise_for_herself, typed)
    assert said == "Ann Hale cannot be their own deputy."


LOCKED = (
    "The minutes of Board on 01/03/2021 were approved at the meeting of 01/06/2021, so they can no longer be "
    "edited: record an amendment instead."
)


@pytest.mark.parametrize("record", ["declaration", "decision", "agenda item", "apology"])
def test_approved_minutes_are_locked_to_declarations_decisions_items_and_apologies(
    database, board, held, tmp_path, record
):
    mi.approve_minutes(database, held["march"], held["june"])
    march = D(2021, 3, 1)
    service, typed = {
        "declaration": (
            lambda: g.record_declaration(database, held["march"], g.DeclarationFields(board["ann"], "Trustee")),
            {
                "Declarations": [
                    ["Group", "Meeting date", "Person", "Interest"],
                    ["Board", march, "Ann Hale", "Trustee"],
                ]
            },
        ),
        "decision": (
            lambda: m.update_agenda_item(
                database, held["item"], m.AgendaItemFields("Neglect strategy", decisions="Agreed the strategy.")
            ),
            {
                "Decisions": [
                    ["Group", "Meeting date", "Item", "Position", "Number", "Decision"],
                    ["Board", march, 1, 1, 1, "Agreed the strategy."],
                ]
            },
        ),
        "agenda item": (
            lambda: m.add_agenda_item(database, held["march"], m.AgendaItemFields("Late item")),
            {"AgendaItems": [["Group", "Meeting date", "Position", "Title"], ["Board", march, 2, "Late item"]]},
        ),
        "apology": (
            lambda: mi.record_advance_apology(database, held["march"], board["ann"], D(2021, 2, 20)),
            {
                "AdvanceApologies": [
                    ["Group", "Meeting date", "Person", "Received on"],
                    ["Board", march, "Ann Hale", D(2021, 2, 20)],
                ]
            },
        ),
    }[record]
    assert refused_alike(database, tmp_path, service, typed) == LOCKED


def test_draft_minutes_are_edited_not_amended(database, held, tmp_path):
    typed = {
        "MinutesAmendments": [
            ["Group", "Meeting date", "Recorded at", "Recorded by", "What was changed", "Why"],
            ["Board", D(2021, 3, 1), dt.datetime(2021, 7, 1, 10), "Admin", "Item 2 reworded", "A typing error"],
        ]
    }
    said = refused_alike(
        database,
        tmp_path,
        lambda: mi.record_amendment(database, held["march"], "Item 2 reworded", "A typing error"),
        typed,
    )
    assert said == "Draft minutes are edited, not amended: amendments are recorded after approval."


def test_apologies_in_advance_come_by_the_day_of_the_meeting(database, board, held, tmp_path):
    typed = {
        "AdvanceApologies": [
            ["Group", "Meeting date", "Person", "Received on"],
            ["Board", D(2021, 3, 1), "Ann Hale", D(2021, 3, 2)],
        ]
    }
    said = refused_alike(
        database,
        tmp_path,
        lambda: mi.record_advance_apology(database, held["march"], board["ann"], D(2021, 3, 2)),
        typed,
    )
    assert said == (
        "Apologies in advance are received by the day of the meeting (01/03/2021); record later apologies in the "
        "register."
    )


def test_case_reviews_a_kind_s_prefix_starts_a_reference(database, tmp_path):
    typed = {"ReviewKinds": [["Kind", "Prefix"], ["Learning review", "9LR"]]}
    said = refused_alike(database, tmp_path, lambda: cr.add_review_kind(database, "Learning review", "9LR"), typed)
    assert said.startswith("'9LR' cannot start a reference")


def test_case_reviews_no_stage_before_the_notification(database, tmp_path):
    kind = cr.add_review_kind(database, "Local review", "LR")
    fields = cr.CaseReviewFields(kind, "Oliver", D(2021, 3, 1), rapid_review_held_on=D(2021, 2, 1))
    typed = {
        "CaseReviews": [
            ["Reference", "Kind", "Name", "Notified on", "Rapid review held", "Status"],
            ["LR-2021-01", "Local review", "Oliver", D(2021, 3, 1), D(2021, 2, 1), "Rapid review"],
        ]
    }
    said = refused_alike(database, tmp_path, lambda: cr.record_case_review(database, fields), typed)
    assert said.endswith("(01/02/2021) is before the notification (01/03/2021).")


def test_declarations_an_interest_of_at_most_2000_characters(database, board, held, tmp_path):
    """The limit has one home (domain/meetings.py), and one sentence for the meeting window and the workbook."""
    interest = "x" * 2001
    typed = {
        "Declarations": [
            ["Group", "Meeting date", "Person", "Interest"],
            ["Board", D(2021, 3, 1), "Ann Hale", interest],
        ]
    }

    def record(text: str) -> int:
        return g.record_declaration(database, held["march"], g.DeclarationFields(board["ann"], text))

    said = refused_alike(database, tmp_path, lambda: record(interest), typed)
    assert said == "The interest is 2001 characters long; the most allowed is 2000."
    assert record(interest[:2000]) > 0
