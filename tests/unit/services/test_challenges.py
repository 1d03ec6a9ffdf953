"""The challenge log's use cases, on SQLite and PostgreSQL: references, rules, history, themes, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from board_admin.db.models import AuditEntry, Challenge, ChallengeReferenceCounter, ChallengeStatusChange
from board_admin.domain.enums import ChallengeStatus, UserRole
from board_admin.domain.errors import ConflictError, ValidationError
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.services import challenges as c
from tests.sample_world import CHILDREN_BOARD, EXECUTIVE

TODAY = dt.date(2025, 6, 15)
THEMES = ["Neglect", "Exploitation", "Voice of the child", "Child sexual abuse"]


@pytest.fixture
def world(world, database):
    world.themes = {name: c.add_theme(database, name) for name in THEMES}
    return world


def fields(world, **changes) -> c.ChallengeFields:
    values = dict(
        date_raised=TODAY,
        agency_id=world.agencies["CCC"],
        challenge="The board asked how the voice of the child is heard in neglect cases.",
        theme="Neglect",
        raised_at_group_id=world.groups[CHILDREN_BOARD],
        raised_by_id=world.people["Grace Lin"],
        response_due=TODAY + dt.timedelta(days=28),
    )
    values.update(changes)
    return c.ChallengeFields(**values)


def load(database, challenge_id: int) -> Challenge:
    with database.session() as session:
        return session.get(Challenge, challenge_id)


def history(database, challenge_id: int) -> list[tuple]:
    with database.session() as session:
        query = (
            select(ChallengeStatusChange)
            .where(ChallengeStatusChange.challenge_id == challenge_id)
            .order_by(ChallengeStatusChange.recorded_at, ChallengeStatusChange.id)
        )
        return [
            (entry.changed_on, entry.changed_by, entry.from_status, entry.to_status, entry.note)
            for entry in session.scalars(query)
        ]


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- references ----------------------------------------------------------------------------------


def test_references_follow_on_from_the_year_and_start_again_each_year(database, world):
    # The sample world already holds CH-2025-001 to -004 (as a workbook import would leave them).
    first = c.record_challenge(database, fields(world))
    second = c.record_challenge(database, fields(world))
    earlier_year = c.record_challenge(database, fields(world, date_raised=dt.date(2024, 12, 31), response_due=None))
    next_year = c.record_challenge(database, fields(world, date_raised=dt.date(2026, 1, 2), response_due=None))
    assert load(database, first).reference == "CH-2025-005"
    assert load(database, second).reference == "CH-2025-006"
    assert load(database, earlier_year).reference == "CH-2024-001"
    assert load(database, next_year).reference == "CH-2026-001"


def test_a_deleted_challenges_reference_is_never_given_again(database, world):
    first = c.record_challenge(database, fields(world))
    last = c.record_challenge(database, fields(world))
    assert load(database, last).reference == "CH-2025-006"
    c.delete_challenge(database, last)
    c.delete_challenge(database, first)
    again = c.record_challenge(database, fields(world))
    assert load(database, again).reference == "CH-2025-007"
    with database.session() as session:
        assert session.get(ChallengeReferenceCounter, 2025).last_number == 7


def test_editing_the_date_raised_keeps_the_reference(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    c.update_challenge(database, challenge_id, fields(world, date_raised=dt.date(2024, 11, 1)), version=1)
    assert load(database, challenge_id).reference == "CH-2025-005"


# --- recording and editing -----------------------------------------------------------------------


def test_a_new_challenge_is_open_with_its_first_history_entry(database, world):
    challenge_id = c.record_challenge(
        database, fields(world, raised_at_group_id=None, raised_at_meeting_id=world.meetings["board-2"])
    )
    challenge = load(database, challenge_id)
    assert challenge.status is ChallengeStatus.OPEN
    # Raised at a meeting: the group follows from the meeting.
    assert challenge.raised_at_group_id == world.groups[CHILDREN_BOARD]
    assert history(database, challenge_id) == [(TODAY, "system", None, ChallengeStatus.OPEN, "Recorded")]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"challenge": "   "}, "challenge", "The challenge cannot be empty"),
        ({"date_raised": None}, "date_raised", "date the challenge was raised"),
        ({"agency_id": None}, "agency_id", "agency challenged"),
        ({"theme": "Gardening"}, "theme", "not one of the themes"),
        ({"response_due": TODAY - dt.timedelta(days=1)}, "response_due", "before the date raised"),
        ({"raised_at_meeting_id": "qeg-1"}, "raised_at_meeting_id", "not a meeting of the chosen group"),
    ],
)
def test_a_challenge_breaking_a_rule_is_refused_and_nothing_is_saved(database, world, changes, field, words):
    if changes.get("raised_at_meeting_id") == "qeg-1":
        changes = {"raised_at_meeting_id": world.meetings["qeg-1"]}
    before = count(database, Challenge), count(database, ChallengeStatusChange), count(database, AuditEntry)
    with pytest.raises(ValidationError, match=words) as raised:
        c.record_challenge(database, fields(world, **changes))
    assert raised.value.field == field
    after = count(database, Challenge), count(database, ChallengeStatusChange), count(database, AuditEntry)
    assert after == before


def test_a_retired_theme_is_refused_for_new_challenges_but_stays_on_old_ones(database, world):
    old = c.record_challenge(database, fields(world, theme="Exploitation"))
    c.set_theme_active(database, world.themes["Exploitation"], False)
    with pytest.raises(ValidationError, match="retired") as raised:
        c.record_challenge(database, fields(world, theme="Exploitation"))
    assert raised.value.field == "theme"
    c.update_challenge(database, old, fields(world, theme="Exploitation", challenge="Edited"), version=1)
    assert load(database, old).challenge == "Edited"


def test_renaming_a_theme_renames_it_on_its_challenges(database, world):
    challenge_id = c.record_challenge(database, fields(world, theme="Child sexual abuse"))
    c.rename_theme(database, world.themes["Child sexual abuse"], "Child sexual abuse and harmful behaviour")
    assert load(database, challenge_id).theme == "Child sexual abuse and harmful behaviour"
    with pytest.raises(ValidationError, match="already a theme called 'Neglect'"):
        c.rename_theme(database, world.themes["Exploitation"], "neglect")
    with pytest.raises(ValidationError, match="already a theme"):
        c.add_theme(database, "  Voice  of the child ")


def test_a_stale_edit_is_refused(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    c.update_challenge(database, challenge_id, fields(world, challenge="First edit"), version=1)
    with pytest.raises(ConflictError):
        c.update_challenge(database, challenge_id, fields(world, challenge="Second edit"), version=1)
    assert load(database, challenge_id).challenge == "First edit"


# --- following it up -----------------------------------------------------------------------------


def test_the_whole_life_of_a_challenge_is_in_its_history(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    c.change_status(database, challenge_id, ChallengeStatus.AWAITING_RESPONSE, "Letter sent", TODAY)
    c.escalate_challenge(database, challenge_id, group_id=world.groups[EXECUTIVE], on=TODAY + dt.timedelta(days=40))
    c.record_response(database, challenge_id, "A recovery plan is agreed.", TODAY + dt.timedelta(days=50))
    c.close_challenge(database, challenge_id, TODAY + dt.timedelta(days=90), outcome="Compliance rose to 86%.")
    challenge = load(database, challenge_id)
    assert challenge.status is ChallengeStatus.CLOSED
    assert challenge.date_closed == TODAY + dt.timedelta(days=90)
    assert challenge.escalated_to == EXECUTIVE and challenge.escalated_to_group_id == world.groups[EXECUTIVE]
    assert challenge.responded_on == TODAY + dt.timedelta(days=50)
    assert [(entry[2], entry[3]) for entry in history(database, challenge_id)] == [
        (None, ChallengeStatus.OPEN),
        (ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE),
        (ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.ESCALATED),
        (ChallengeStatus.ESCALATED, ChallengeStatus.RESPONDED),
        (ChallengeStatus.RESPONDED, ChallengeStatus.CLOSED),
    ]
    assert history(database, challenge_id)[2][4] == f"Escalated to {EXECUTIVE}"

    # Reopening clears the closing date and is recorded too.
    c.change_status(database, challenge_id, ChallengeStatus.AWAITING_RESPONSE, "Figures fell again")
    reopened = load(database, challenge_id)
    assert reopened.status is ChallengeStatus.AWAITING_RESPONSE and reopened.date_closed is None
    assert history(database, challenge_id)[-1][2:] == (
        ChallengeStatus.CLOSED,
        ChallengeStatus.AWAITING_RESPONSE,
        "Figures fell again",
    )


def test_escalating_to_a_person_names_them(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    c.escalate_challenge(database, challenge_id, person_id=world.people["Grace Lin"], note="For the chair's letter")
    challenge = load(database, challenge_id)
    assert challenge.escalated_to == "Grace Lin" and challenge.escalated_to_person_id == world.people["Grace Lin"]
    assert history(database, challenge_id)[-1][4] == "Escalated to Grace Lin: For the chair's letter"
    with pytest.raises(ValidationError, match="group or the person") as raised:
        c.escalate_challenge(database, challenge_id)
    assert raised.value.field == "escalated_to"


def test_closing_requires_an_outcome(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    with pytest.raises(ValidationError, match="only be closed with its outcome") as raised:
        c.close_challenge(database, challenge_id, TODAY, outcome="  ")
    assert raised.value.field == "outcome"
    assert load(database, challenge_id).status is ChallengeStatus.OPEN
    assert len(history(database, challenge_id)) == 1
    # An outcome recorded before is enough.
    c.record_outcome(database, challenge_id, "Practice changed.")
    c.close_challenge(database, challenge_id, TODAY)
    assert load(database, challenge_id).status is ChallengeStatus.CLOSED
    with pytest.raises(ValidationError, match="must keep its outcome"):
        c.record_outcome(database, challenge_id, "")


def test_a_response_date_cannot_precede_the_date_raised(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    with pytest.raises(ValidationError, match=r"response date \(14/06/2025\) cannot be before") as raised:
        c.record_response(database, challenge_id, "Done.", TODAY - dt.timedelta(days=1))
    assert raised.value.field == "responded_on"
    challenge = load(database, challenge_id)
    assert challenge.response is None and challenge.status is ChallengeStatus.OPEN
    c.record_outcome(database, challenge_id, "Changed.")
    with pytest.raises(ValidationError, match="cannot be before") as closing:
        c.close_challenge(database, challenge_id, TODAY - dt.timedelta(days=1))
    assert closing.value.field == "date_closed"
    # Moving the date raised after the response is refused too.
    c.record_response(database, challenge_id, "Done.", TODAY)
    with pytest.raises(ValidationError, match="cannot be after the date the response") as moved:
        c.update_challenge(database, challenge_id, fields(world, date_raised=TODAY + dt.timedelta(days=1)))
    assert moved.value.field == "date_raised"


def test_statuses_with_their_own_step_cannot_be_set_directly(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    for status, words in [
        (ChallengeStatus.CLOSED, "close it with its outcome"),
        (ChallengeStatus.ESCALATED, "naming the group or person"),
        (ChallengeStatus.RESPONDED, "record the response"),
        (ChallengeStatus.OPEN, "already 'Open'"),
    ]:
        with pytest.raises(ValidationError, match=words):
            c.change_status(database, challenge_id, status)
    assert len(history(database, challenge_id)) == 1


# --- who may -------------------------------------------------------------------------------------


def test_a_chair_may_respond_and_close_but_not_record_or_escalate(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    database.actor = Actor("gl", "Grace Lin", frozenset({UserRole.CHAIR}))
    c.record_response(database, challenge_id, "Agreed.", TODAY)
    c.close_challenge(database, challenge_id, TODAY, outcome="Improved.")
    assert history(database, challenge_id)[-1][1] == "gl"
    with pytest.raises(PermissionDeniedError):
        c.record_challenge(database, fields(world))
    with pytest.raises(PermissionDeniedError):
        c.add_theme(database, "Radicalisation")
    database.actor = Actor("fin", "Finance", frozenset({UserRole.FINANCE}))
    with pytest.raises(PermissionDeniedError):
        c.record_response(database, challenge_id, "No.", TODAY)


def test_deleting_a_challenge_removes_its_history_and_is_audited(database, world):
    challenge_id = c.record_challenge(database, fields(world))
    c.change_status(database, challenge_id, ChallengeStatus.AWAITING_RESPONSE)
    c.delete_challenge(database, challenge_id)
    assert history(database, challenge_id) == []
    with database.session() as session:
        assert load(database, challenge_id) is None
        deleted = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "challenge", AuditEntry.operation == "delete")
        ).all()
    assert [entry.entity_id for entry in deleted] == [challenge_id]


def test_the_group_or_person_escalated_to_cannot_be_deleted(database, world):
    from board_admin.domain.errors import InUseError
    from board_admin.services import structure

    challenge_id = c.record_challenge(database, fields(world))
    person = structure.create_person(database, structure.PersonFields("Ian Wood", world.agencies["ISPS"]))
    c.escalate_challenge(database, challenge_id, person_id=person)
    with pytest.raises(InUseError, match="1 escalated challenges"):
        structure.delete_person(database, person)
    group = structure.create_group(
        database, structure.GroupFields("Scrutiny panel", structure.GroupKind.PANEL, structure.Remit.JOINT)
    )
    c.escalate_challenge(database, challenge_id, group_id=group)
    with pytest.raises(InUseError, match="1 escalated challenges"):
        structure.delete_group(database, group)
