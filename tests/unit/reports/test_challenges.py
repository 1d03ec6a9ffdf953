"""The challenge log's read side: every field, the filters, overdue on a fixed day, counts, history, themes."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import challenges as r
from board_admin.services import challenges as c
from tests.sample_world import CHILDREN_BOARD, EXECUTIVE

TODAY = dt.date(2025, 6, 15)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def world(world, database):
    c.add_theme(database, "Neglect")
    retired = c.add_theme(database, "Private fostering")
    c.set_theme_active(database, retired, False)
    # A fifth challenge, followed up through the services: raised at the board's meeting, escalated.
    world.raised = c.record_challenge(
        database,
        c.ChallengeFields(
            date_raised=days(-90),
            agency_id=world.agencies["Police"],
            challenge="Return home interviews are not shared with the exploitation hub.",
            theme="Neglect",
            raised_at_meeting_id=world.meetings["board-2"],
            raised_by_id=world.people["Grace Lin"],
            response_due=days(-60),
        ),
    )
    c.change_status(database, world.raised, ChallengeStatus.AWAITING_RESPONSE, "Letter sent", days(-89))
    c.escalate_challenge(database, world.raised, group_id=world.groups[EXECUTIVE], on=days(-50))
    return world


def by_reference(rows) -> dict[str, r.ChallengeLogRow]:
    return {row.reference: row for row in rows}


def test_the_log_carries_every_field_newest_first(database, world):
    rows = r.challenge_log(database, TODAY)
    assert [row.date_raised for row in rows] == sorted((row.date_raised for row in rows), reverse=True)
    new = by_reference(rows)["CH-2025-005"]
    assert new.raised_at_group == CHILDREN_BOARD and new.raised_at_group_id == world.groups[CHILDREN_BOARD]
    assert new.raised_at_meeting_date == days(-90)
    assert new.raised_at == f"{CHILDREN_BOARD}, meeting of {days(-90).strftime('%d/%m/%Y')}"
    assert new.raised_by == "Grace Lin" and new.agency_name == "Cambridgeshire Constabulary"
    assert new.status is ChallengeStatus.ESCALATED and new.escalated_to == EXECUTIVE
    assert new.escalated_to_group_id == world.groups[EXECUTIVE]
    closed = by_reference(rows)["CH-2025-003"]
    assert closed.response == "Compliance now 96%" and closed.date_closed == days(-120)


def test_overdue_is_judged_on_the_given_day(database, world):
    rows = by_reference(r.challenge_log(database, TODAY))
    assert {ref for ref, row in rows.items() if row.overdue} == {"CH-2025-001", "CH-2025-005"}
    assert rows["CH-2025-001"].days_overdue == 30 and rows["CH-2025-005"].days_overdue == 60
    assert rows["CH-2025-002"].days_overdue == 0
    # CH-2025-002 is due in ten days: not overdue on its due day, overdue the day after.
    assert not by_reference(r.challenge_log(database, days(10)))["CH-2025-002"].overdue
    assert by_reference(r.challenge_log(database, days(11)))["CH-2025-002"].overdue
    # A response ends it being overdue.
    c.record_response(database, world.raised, "A secure mailbox is set up.", days(-10))
    assert not by_reference(r.challenge_log(database, TODAY))["CH-2025-005"].overdue


@pytest.mark.parametrize(
    ("make_filter", "expected"),
    [
        (lambda w: r.ChallengeFilter(), {"001", "002", "003", "004", "005"}),
        (lambda w: r.ChallengeFilter(statuses=frozenset({ChallengeStatus.OPEN})), {"002"}),
        (lambda w: r.ChallengeFilter(not_closed=True), {"001", "002", "004", "005"}),
        (lambda w: r.ChallengeFilter(agency_id=w.agencies["Police"]), {"002", "005"}),
        (lambda w: r.ChallengeFilter(theme="FGM reporting"), {"002"}),
        (lambda w: r.ChallengeFilter(group_id=w.groups[EXECUTIVE]), {"002", "003", "004"}),
        (lambda w: r.ChallengeFilter(group_id=w.groups[CHILDREN_BOARD]), {"001", "005"}),
        (lambda w: r.ChallengeFilter(raised_from=days(-100), raised_to=days(-80)), {"001", "004", "005"}),
        (lambda w: r.ChallengeFilter(overdue_only=True), {"001", "005"}),
        (lambda w: r.ChallengeFilter(agency_id=w.agencies["Police"], overdue_only=True), {"005"}),
    ],
)
def test_filters(database, world, make_filter, expected):
    rows = r.challenge_log(database, TODAY, make_filter(world))
    assert {row.reference.removeprefix("CH-2025-") for row in rows} == expected


def test_a_financial_year_filter_takes_the_challenges_raised_in_it(database, world):
    # TODAY is 15/06/2025: only the challenge raised 50 days ago (26/04/2025) falls in 2025-26.
    in_2025_26 = r.challenge_log(database, TODAY, r.ChallengeFilter.for_year(FinancialYear(2025)))
    assert {row.reference for row in in_2025_26} == {"CH-2025-002"}
    in_2024_25 = r.challenge_log(database, TODAY, r.ChallengeFilter.for_year(FinancialYear(2024)))
    assert {row.reference for row in in_2024_25} == {"CH-2025-001", "CH-2025-003", "CH-2025-004", "CH-2025-005"}
    assert r.ChallengeFilter.for_year(FinancialYear(2024)).describe() == "raised 01/04/2024 to 31/03/2025"


def test_counts_per_status_and_by_agency(database, world):
    rows = r.challenge_log(database, TODAY)
    assert r.status_counts(rows) == {
        ChallengeStatus.OPEN: 1,
        ChallengeStatus.AWAITING_RESPONSE: 1,
        ChallengeStatus.RESPONDED: 1,
        ChallengeStatus.ESCALATED: 1,
        ChallengeStatus.CLOSED: 1,
    }
    summary = r.challenges_by_agency(database, TODAY)
    assert [line.agency_name for line in summary] == [
        "Cambridgeshire Constabulary",  # two challenges, first
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
        "Cambridgeshire County Council",
        "National Probation Service",
    ]
    police = summary[0]
    assert (police.total, police.not_closed, police.overdue) == (2, 2, 1)
    assert police.by_status[ChallengeStatus.OPEN] == 1 and police.by_status[ChallengeStatus.ESCALATED] == 1
    assert police.oldest_open_raised == days(-90)
    ccg = summary[1]
    assert (ccg.total, ccg.not_closed, ccg.oldest_open_raised) == (1, 0, None)


def test_a_meetings_challenges_and_a_groups_escalations(database, world):
    at_meeting = r.meeting_challenges(database, world.meetings["board-2"], TODAY)
    assert [row.reference for row in at_meeting] == ["CH-2025-001", "CH-2025-005"]
    assert r.meeting_challenges(database, world.meetings["qeg-1"], TODAY) == []
    escalated = r.challenges_escalated_to(database, group_id=world.groups[EXECUTIVE], on_date=TODAY)
    assert [row.reference for row in escalated] == ["CH-2025-005"]


def test_history_oldest_first(database, world):
    history = r.status_history(database, world.raised)
    assert [(h.changed_on, h.from_status, h.to_status) for h in history] == [
        (days(-90), None, ChallengeStatus.OPEN),
        (days(-89), ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE),
        (days(-50), ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.ESCALATED),
    ]
    assert history[1].note == "Letter sent" and history[1].changed_by == "system"
    assert r.all_status_history(database) == {world.raised: history}


def test_themes_with_their_use(database, world):
    assert [(t.name, t.active, t.challenges) for t in r.theme_rows(database)] == [
        ("Neglect", True, 1),
        ("Private fostering", False, 0),
    ]
    assert r.theme_names(database) == ["Neglect"]
    assert r.theme_names(database, active_only=False) == ["Neglect", "Private fostering"]


def test_an_empty_log(database):
    empty = database  # no world built
    assert r.challenge_log(empty) == []
    assert r.challenges_by_agency(empty) == []
    assert r.status_counts([]) == dict.fromkeys(ChallengeStatus, 0)
