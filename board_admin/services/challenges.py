"""Keeping the challenge log (seed 004, 7.5): record a challenge, follow it up, close it.

Each public function is one use case in one transaction. Every change of status leaves an entry in the
challenge's history (the date, who, from, to, and a note). References (CH-2025-014) are given from a
counter kept per year, so a deleted challenge's reference is never given to another one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Agency,
    Challenge,
    ChallengeReferenceCounter,
    ChallengeStatusChange,
    ChallengeTheme,
    Group,
    Meeting,
    Person,
)
from board_admin.domain import challenges as rules
from board_admin.domain.challenges import REFERENCE_PATTERN, format_reference
from board_admin.domain.dates import check_date_in_range, format_date
from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services.structure import (
    NAME_LIMIT,
    check_version,
    clean_text,
    get_or_fail,
    long_text,
    status_change,
)
from board_admin.services.themes import add_theme_to, rename_theme_in, set_theme_active_in
from board_admin.services.uow import UnitOfWork

# Statuses reached through their own use case, which records what that step needs (response, target, outcome).
STEPS_WITH_THEIR_OWN_FORM = {
    ChallengeStatus.RESPONDED: "record the response",
    ChallengeStatus.ESCALATED: "escalate it, naming the group or person",
    ChallengeStatus.CLOSED: "close it with its outcome",
}


def _next_reference(session: Session, year: int) -> str:
    """The next reference of `year`; the counter row is locked so two offices cannot take the same number."""
    counter = session.scalar(
        select(ChallengeReferenceCounter).where(ChallengeReferenceCounter.year == year).with_for_update()
    )
    # References may also come from a workbook import or the demo, which do not move the counter.
    pattern = f"CH-{year}-%"
    existing = session.scalars(select(Challenge.reference).where(Challenge.reference.like(pattern))).all()
    highest = max(
        (int(match.group(2)) for match in map(REFERENCE_PATTERN.fullmatch, existing) if match),
        default=0,
    )
    number = max(highest, counter.last_number if counter else 0) + 1
    if counter is None:
        session.add(ChallengeReferenceCounter(year=year, last_number=number))
    else:
        counter.last_number = number
    return format_reference(year, number)


def _add_history(
    session: Session,
    db: Database,
    challenge: Challenge,
    before: ChallengeStatus | None,
    after: ChallengeStatus,
    on: dt.date | None,
    note: str | None,
) -> None:
    on = on or dt.date.today()
    problem = rules.change_problem(challenge.date_raised, on)
    if problem:
        raise ValidationError(problem, "changed_on")
    session.add(
        ChallengeStatusChange(
            challenge=challenge,
            **status_change(db, before, after, on, note),
        )
    )


def _move(
    session: Session,
    db: Database,
    challenge: Challenge,
    status: ChallengeStatus,
    on: dt.date | None,
    note: str | None,
) -> None:
    if challenge.status is status:
        return
    before = challenge.status
    _add_history(session, db, challenge, before, status, on, note)
    challenge.status = status
    if before is ChallengeStatus.CLOSED:
        challenge.date_closed = None  # reopened


# --- recording and editing -----------------------------------------------------------------------


@dataclass
class ChallengeFields:
    date_raised: dt.date | None
    agency_id: int | None
    challenge: str
    theme: str | None = None
    raised_at_group_id: int | None = None
    raised_at_meeting_id: int | None = None
    raised_by_id: int | None = None
    response_due: dt.date | None = None


def _check_theme(session: Session, theme: str | None, current: str | None) -> str | None:
    name = clean_text(theme, "theme", "The theme", required=False, limit=NAME_LIMIT)
    if name is None:
        return None
    if current is not None and name == current:
        return name  # a retired theme stays on the challenges filed under it
    record = session.scalar(select(ChallengeTheme).where(func.lower(ChallengeTheme.name) == name.lower()))
    if record is None:
        raise ValidationError(f"'{name}' is not one of the themes; add it to the list of themes first.", "theme")
    if not record.active and record.name != current:
        raise ValidationError(f"The theme '{record.name}' has been retired; choose another.", "theme")
    return record.name


def _apply_challenge(session: Session, challenge: Challenge, fields: ChallengeFields) -> None:
    if fields.date_raised is None:
        raise ValidationError("Enter the date the challenge was raised.", "date_raised")
    check_date_in_range(fields.date_raised, "date_raised")
    check_date_in_range(fields.response_due, "response_due")
    if fields.agency_id is None:
        raise ValidationError("Choose the agency challenged.", "agency_id")
    if session.get(Agency, fields.agency_id) is None:
        raise ValidationError("The chosen agency no longer exists.", "agency_id")
    text = long_text(fields.challenge, "challenge", "The challenge", required=True)
    theme = _check_theme(session, fields.theme, challenge.theme)
    group_id = fields.raised_at_group_id
    if group_id is not None and session.get(Group, group_id) is None:
        raise ValidationError("The chosen group no longer exists.", "raised_at_group_id")
    if fields.raised_at_meeting_id is not None:
        meeting = session.get(Meeting, fields.raised_at_meeting_id)
        if meeting is None:
            raise ValidationError("The chosen meeting no longer exists.", "raised_at_meeting_id")
        if group_id is not None and meeting.group_id != group_id:
            raise ValidationError("The chosen meeting is not a meeting of the chosen group.", "raised_at_meeting_id")
        group_id = meeting.group_id
    if fields.raised_by_id is not None and session.get(Person, fields.raised_by_id) is None:
        raise ValidationError("The person who raised it no longer exists.", "raised_by_id")
    problem = rules.response_due_problem(fields.date_raised, fields.response_due)
    if problem:
        raise ValidationError(problem, "response_due")
    for when, label in ((challenge.responded_on, "the response"), (challenge.date_closed, "the challenge was closed")):
        if when is not None and when < fields.date_raised:
            raise ValidationError(
                f"The date raised ({format_date(fields.date_raised)}) cannot be after the date {label} "
                f"({format_date(when)}).",
                "date_raised",
            )
    challenge.date_raised = fields.date_raised
    challenge.agency_id = fields.agency_id
    challenge.challenge = text
    challenge.theme = theme
    challenge.raised_at_group_id = group_id
    challenge.raised_at_meeting_id = fields.raised_at_meeting_id
    challenge.raised_by_id = fields.raised_by_id
    challenge.response_due = fields.response_due


def record_challenge(db: Database, fields: ChallengeFields) -> int:
    """Records a new, open challenge with the next reference of the year it was raised; returns its id."""
    with UnitOfWork(db, Permission.EDIT_CHALLENGES) as uow:
        challenge = Challenge(status=ChallengeStatus.OPEN)
        _apply_challenge(uow.session, challenge, fields)
        challenge.reference = _next_reference(uow.session, challenge.date_raised.year)
        uow.session.add(challenge)
        _add_history(uow.session, db, challenge, None, ChallengeStatus.OPEN, challenge.date_raised, "Recorded")
        uow.commit()
        return challenge.id


def update_challenge(db: Database, challenge_id: int, fields: ChallengeFields, version: int | None = None) -> None:
    """Edits what was challenged, of whom, where and when; the reference never changes."""
    with UnitOfWork(db, Permission.EDIT_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        _apply_challenge(uow.session, challenge, fields)
        uow.commit()


def delete_challenge(db: Database, challenge_id: int) -> None:
    """Deletes a challenge and its history; its reference is not given out again."""
    with UnitOfWork(db, Permission.EDIT_CHALLENGES) as uow:
        challenge = get_or_fail(uow.session, Challenge, challenge_id, "challenge")
        # One by one rather than in bulk, so that the audit trail keeps the history that goes with it.
        for step in uow.session.scalars(
            select(ChallengeStatusChange).where(ChallengeStatusChange.challenge_id == challenge_id)
        ):
            uow.session.delete(step)
        uow.flush()
        uow.session.delete(challenge)
        uow.commit()


# --- following it up -----------------------------------------------------------------------------


def _challenge_to_change(uow: UnitOfWork, challenge_id: int, version: int | None) -> Challenge:
    """The challenge, refused if it is gone or someone changed it since it was shown."""
    challenge = get_or_fail(uow.session, Challenge, challenge_id, "challenge")
    check_version(challenge, version, "challenge")
    return challenge


def _check_day(challenge: Challenge, day: dt.date | None, field: str, missing: str, rule) -> None:
    """A day given (`missing` says so otherwise), within the years allowed, and on or after the challenge was
    raised as `rule` (a domain rule of challenges) has it."""
    if day is None:
        raise ValidationError(missing, field)
    check_date_in_range(day, field)
    problem = rule(challenge.date_raised, day)
    if problem:
        raise ValidationError(problem, field)


def record_response(
    db: Database,
    challenge_id: int,
    response: str,
    responded_on: dt.date | None,
    version: int | None = None,
    note: str | None = None,
) -> None:
    """The agency's response; an open, awaiting or escalated challenge becomes 'Responded'."""
    with UnitOfWork(db, Permission.RESPOND_TO_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        text = long_text(response, "response", "The response", required=True)
        _check_day(challenge, responded_on, "responded_on", "Enter the date of the response.", rules.responded_problem)
        challenge.response = text
        challenge.responded_on = responded_on
        if challenge.status is not ChallengeStatus.CLOSED:
            _move(uow.session, db, challenge, ChallengeStatus.RESPONDED, responded_on, note)
        uow.commit()


def record_outcome(db: Database, challenge_id: int, outcome: str | None, version: int | None = None) -> None:
    """The outcome and impact: what changed because of the challenge. Clearing it is refused once closed."""
    with UnitOfWork(db, Permission.RESPOND_TO_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        text = long_text(outcome, "outcome", "The outcome", required=False)
        if text is None and challenge.status is ChallengeStatus.CLOSED:
            raise ValidationError("A closed challenge must keep its outcome; reopen it first.", "outcome")
        challenge.outcome = text
        uow.commit()


def change_status(
    db: Database,
    challenge_id: int,
    status: ChallengeStatus,
    note: str | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> None:
    """Moves a challenge to 'Open' or 'Awaiting response' (also to reopen a closed one), with a history entry."""
    with UnitOfWork(db, Permission.EDIT_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        if not isinstance(status, ChallengeStatus):
            raise ValidationError("Choose the new status.", "status")
        if status is challenge.status:
            raise ValidationError(f"The challenge is already '{status.label}'.", "status")
        if status in STEPS_WITH_THEIR_OWN_FORM:
            raise ValidationError(
                f"To make the challenge '{status.label}', {STEPS_WITH_THEIR_OWN_FORM[status]}.", "status"
            )
        _move(uow.session, db, challenge, status, on, note)
        uow.commit()


def escalate_challenge(
    db: Database,
    challenge_id: int,
    *,
    group_id: int | None = None,
    person_id: int | None = None,
    note: str | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> None:
    """Escalates to a group (e.g. the Executive board) or a person (e.g. the independent chair)."""
    with UnitOfWork(db, Permission.EDIT_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        if (group_id is None) == (person_id is None):
            raise ValidationError("Choose the group or the person the challenge is escalated to.", "escalated_to")
        if challenge.status is ChallengeStatus.CLOSED:
            raise ValidationError("A closed challenge cannot be escalated; reopen it first.", "status")
        if group_id is not None:
            target = _target(uow.session, Group, group_id)
        else:
            target = _target(uow.session, Person, person_id)
        challenge.escalated_to_group_id = group_id
        challenge.escalated_to_person_id = person_id
        challenge.escalated_to = target.name
        escalation = f"Escalated to {target.name}"
        _add_history(
            uow.session,
            db,
            challenge,
            challenge.status,
            ChallengeStatus.ESCALATED,
            on,
            f"{escalation}: {note.strip()}" if note and note.strip() else escalation,
        )
        challenge.status = ChallengeStatus.ESCALATED
        uow.commit()


def _target(session: Session, model: type[Group] | type[Person], record_id: int) -> Group | Person:
    record = session.get(model, record_id)
    if record is None:
        raise ValidationError("The chosen group or person no longer exists.", "escalated_to")
    return record


def close_challenge(
    db: Database,
    challenge_id: int,
    closed_on: dt.date | None,
    outcome: str | None = None,
    note: str | None = None,
    version: int | None = None,
) -> None:
    """Closes a challenge; it must have an outcome (given here or recorded before)."""
    with UnitOfWork(db, Permission.RESPOND_TO_CHALLENGES) as uow:
        challenge = _challenge_to_change(uow, challenge_id, version)
        if challenge.status is ChallengeStatus.CLOSED:
            raise ValidationError("The challenge is already closed.", "status")
        text = long_text(outcome, "outcome", "The outcome", required=False) or challenge.outcome
        if not text:
            raise ValidationError(
                "A challenge can only be closed with its outcome: record what changed because of it.", "outcome"
            )
        missing = "Enter the date the challenge was closed."
        _check_day(challenge, closed_on, "date_closed", missing, rules.closed_problem)
        challenge.outcome = text
        _move(uow.session, db, challenge, ChallengeStatus.CLOSED, closed_on, note)
        challenge.date_closed = closed_on
        uow.commit()


# --- the managed list of themes ------------------------------------------------------------------


def add_theme(db: Database, name: str) -> int:
    return add_theme_to(db, ChallengeTheme, Permission.EDIT_CHALLENGES, name, "theme")


def rename_theme(db: Database, theme_id: int, name: str, version: int | None = None) -> None:
    """Renames a theme and the challenges filed under it, so that the log and its reports stay together."""

    def move_challenges(session: Session, old_name: str, new_name: str) -> None:
        for challenge in session.scalars(select(Challenge).where(Challenge.theme == old_name)):
            challenge.theme = new_name

    rename_theme_in(db, ChallengeTheme, Permission.EDIT_CHALLENGES, theme_id, name, version, "theme", move_challenges)


def set_theme_active(db: Database, theme_id: int, active: bool) -> None:
    """Retires a theme (no longer offered for new challenges) or brings it back."""
    set_theme_active_in(db, ChallengeTheme, Permission.EDIT_CHALLENGES, theme_id, active, "theme")


__all__ = [
    "ChallengeFields",
    "add_theme",
    "change_status",
    "close_challenge",
    "delete_challenge",
    "escalate_challenge",
    "format_reference",
    "record_challenge",
    "record_outcome",
    "record_response",
    "rename_theme",
    "set_theme_active",
    "update_challenge",
]
