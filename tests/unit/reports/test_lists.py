"""The screens' lists on a real database (SQLite and PostgreSQL), on a world built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.domain.challenges import challenge_overdue
from board_admin.domain.enums import ChallengeStatus, Frequency, GroupKind, MeetingStatus, MemberRole, Remit, Sector
from board_admin.reports import lists
from tests.sample_world import CHILDREN_BOARD, EDUCATION_FORUM, EXECUTIVE, NEGLECT, QEG

TODAY = dt.date(2025, 6, 15)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_agencies_by_name_with_their_active_people(database, world):
    rows = lists.agency_rows(database)
    assert [row.short_name for row in rows] == ["CCG", "Police", "CCC", "HHT", "ISPS", "NPS"]
    by_short = {row.short_name: row for row in rows}
    assert by_short["Police"].active_people == 2
    assert by_short["Police"].sector is Sector.POLICE and by_short["Police"].statutory_partner
    # Eve is inactive and so is her trust: both stay on the list, her trust with no active people.
    assert by_short["HHT"].active_people == 0 and not by_short["HHT"].active
    assert by_short["NPS"].active_people == 1 and not by_short["NPS"].statutory_partner


def test_people_by_surname_with_their_agency(database, world):
    rows = lists.person_rows(database)
    assert [row.name for row in rows][:3] == ["Frank Hollis", "Grace Lin", "Eve Marsh"]  # by surname
    eve = next(row for row in rows if row.name == "Eve Marsh")
    assert eve.agency_name == "Hinchingbrooke Hospitals NHS Trust" and not eve.active
    ben = next(row for row in rows if row.name == "Ben Okafor")
    assert (ben.job_title, ben.email) == ("Detective Superintendent", "ben.okafor@example.police.uk")


def test_lists_cost_a_fixed_number_of_queries(database, world, count_statements):
    for call, most in [
        (lambda: lists.agency_rows(database), 1),
        (lambda: lists.person_rows(database), 1),
        (lambda: lists.group_rows(database, TODAY), 2),
        (lambda: lists.meeting_rows(database), 1),
        (lambda: lists.challenge_rows(database, TODAY), 1),
        (lambda: lists.members_on(database, world.groups[CHILDREN_BOARD], TODAY), 1),
    ]:
        with count_statements() as counter:
            rows = call()
        assert rows, "the world should give every list some rows"
        assert counter.count <= most


def test_groups_with_current_chair_and_member_count(database, world):
    rows = {row.name: row for row in lists.group_rows(database, TODAY)}
    board = rows[CHILDREN_BOARD]
    # Alison's chair ended 200 days ago; Grace took over. Eve left; Dev only joins next month.
    assert board.chairs == ("Grace Lin",)
    assert board.members == 3  # Grace, Ben and his deputy Frank
    assert board.parent_id == world.groups[EXECUTIVE] and board.kind is GroupKind.BOARD
    assert board.remit is Remit.CHILDREN and board.frequency is Frequency.BI_MONTHLY
    assert rows[EXECUTIVE].parent_id is None and rows[EXECUTIVE].members == 4 and rows[EXECUTIVE].quorum == 3
    assert rows[EDUCATION_FORUM].dotted_line and not rows[QEG].dotted_line
    assert rows[EDUCATION_FORUM].chairs == () and rows[EDUCATION_FORUM].members == 0
    assert rows[NEGLECT].ended_by(TODAY) and rows[NEGLECT].members == 0
    # A year earlier Alison chaired it, Eve was still on it and Frank had not yet become Ben's deputy.
    earlier = {row.name: row for row in lists.group_rows(database, days(-365))}[CHILDREN_BOARD]
    assert earlier.chairs == ("Alison Reed",) and earlier.members == 3


def test_members_on_a_date_chair_first_with_the_agency_represented(database, world):
    board = world.groups[CHILDREN_BOARD]
    now = lists.members_on(database, board, TODAY)
    assert [(row.person_name, row.role) for row in now] == [
        ("Grace Lin", MemberRole.CHAIR),
        ("Ben Okafor", MemberRole.MEMBER),
        ("Frank Hollis", MemberRole.DEPUTY),
    ]
    assert now[2].deputy_for == "Ben Okafor" and now[0].deputy_for is None
    assert now[1].agency_name == "Cambridgeshire Constabulary" and now[0].start_date == days(-199)

    then = lists.members_on(database, board, days(-250))
    assert [row.person_name for row in then] == ["Alison Reed", "Eve Marsh", "Ben Okafor", "Frank Hollis"]
    # The first and last day of a membership both count.
    assert "Alison Reed" in [row.person_name for row in lists.members_on(database, board, days(-200))]
    assert "Alison Reed" not in [row.person_name for row in lists.members_on(database, board, days(-199))]
    assert "Dev Patel" in [row.person_name for row in lists.members_on(database, board, days(30))]
    assert lists.members_on(database, world.groups[EDUCATION_FORUM], TODAY) == []


def test_a_person_who_moved_agency_is_listed_with_the_agency_they_represented(database, world):
    from board_admin.services import structure as s

    eve = world.people["Eve Marsh"]
    s.set_person_active(database, eve, True)
    s.update_person(database, eve, s.PersonFields("Eve Marsh", world.agencies["CCG"], "Designated Nurse"))
    then = lists.members_on(database, world.groups[CHILDREN_BOARD], days(-250))
    assert next(row for row in then if row.person_name == "Eve Marsh").agency_name == (
        "Hinchingbrooke Hospitals NHS Trust"
    )


def test_meetings_newest_first_with_status_and_postponement(database, world):
    rows = lists.meeting_rows(database)
    assert len(rows) == 9
    dates = [row.meeting_date for row in rows]
    assert dates == sorted(dates, reverse=True)
    by_id = {row.id: row for row in rows}
    postponed = by_id[world.meetings["board-4"]]
    assert postponed.status is MeetingStatus.POSTPONED and postponed.postponed_to == days(5)
    cancelled = by_id[world.meetings["board-3"]]
    assert cancelled.cancellation_reason == "Chair unwell" and cancelled.group_name == CHILDREN_BOARD
    first = by_id[world.meetings["board-1"]]
    assert (first.start_time, first.end_time, first.location) == (dt.time(10), dt.time(12), "Room 1")


def test_meetings_filtered_by_group_status_and_dates(database, world):
    qeg = lists.meeting_rows(database, group_id=world.groups[QEG])
    assert [row.id for row in qeg] == [world.meetings["qeg-1"]]
    held = lists.meeting_rows(database, status=MeetingStatus.HELD)
    assert {row.id for row in held} == {world.meetings[key] for key in ("board-1", "board-2", "exec-1", "qeg-1")}
    window = lists.meeting_rows(database, start=days(-30), end=days(5))
    assert [row.meeting_date for row in window] == [days(5), days(-10), days(-20), days(-30)]


def test_next_meetings_are_planned_ones_soonest_first(database, world):
    rows = lists.next_meetings(database, TODAY, limit=2)
    assert [(row.meeting_date, row.group_name) for row in rows] == [(days(5), CHILDREN_BOARD), (days(20), EXECUTIVE)]
    assert [row.meeting_date for row in lists.next_meetings(database, days(21))] == [days(40)]
    assert lists.next_meetings(database, days(41)) == []


def test_challenge_log_newest_first_with_overdue_judged_on_the_day(database, world):
    rows = lists.challenge_rows(database, TODAY)
    assert [row.reference for row in rows] == ["CH-2025-002", "CH-2025-004", "CH-2025-001", "CH-2025-003"]
    by_ref = {row.reference: row for row in rows}
    overdue = by_ref["CH-2025-001"]
    assert overdue.overdue and overdue.status is ChallengeStatus.AWAITING_RESPONSE
    assert (overdue.raised_at_group, overdue.raised_at_meeting_date) == (CHILDREN_BOARD, days(-90))
    assert overdue.agency_name == "Cambridgeshire County Council" and overdue.raised_by == "Grace Lin"
    assert by_ref["CH-2025-002"].raised_at_group == EXECUTIVE and by_ref["CH-2025-002"].raised_at_meeting_date is None
    assert not by_ref["CH-2025-002"].overdue  # not yet due
    assert not by_ref["CH-2025-004"].overdue  # past due but answered
    assert not by_ref["CH-2025-003"].overdue and by_ref["CH-2025-003"].date_closed == days(-120)
    # On its due date it is not yet overdue; the day after it is.
    assert not {row.reference: row for row in lists.challenge_rows(database, days(10))}["CH-2025-002"].overdue
    assert {row.reference: row for row in lists.challenge_rows(database, days(11))}["CH-2025-002"].overdue


@pytest.mark.parametrize(
    ("due", "response", "status", "overdue"),
    [
        (-1, None, ChallengeStatus.OPEN, True),
        (-1, "   ", ChallengeStatus.ESCALATED, True),
        (0, None, ChallengeStatus.OPEN, False),
        (-1, "We will report in May", ChallengeStatus.RESPONDED, False),
        (-1, None, ChallengeStatus.CLOSED, False),
        (None, None, ChallengeStatus.OPEN, False),
    ],
)
def test_challenge_overdue_rule(due, response, status, overdue):
    response_due = None if due is None else days(due)
    assert challenge_overdue(response_due, response, status, TODAY) is overdue


def test_an_empty_database_gives_empty_lists(database):
    assert lists.agency_rows(database) == []
    assert lists.person_rows(database) == []
    assert lists.group_rows(database) == []
    assert lists.meeting_rows(database) == []
    assert lists.next_meetings(database) == []
    assert lists.challenge_rows(database) == []
