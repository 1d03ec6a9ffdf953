"""Minutes from draft to approved, amendments after approval, and apologies received before a meeting.

Each public function is one use case in one transaction, like services/meetings.py. The rules are those of
domain/minutes.py; approved minutes are locked by services/meetings.refuse_if_approved.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from board_admin.db.engine import Database
from board_admin.db.models import AdvanceApology, Attendance, Meeting, MinutesAmendment, Person
from board_admin.domain import minutes as rules
from board_admin.domain.dates import check_date_in_range, format_date
from board_admin.domain.enums import AttendanceStatus, MeetingStatus
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services.meetings import _membership_on, meeting_to_edit, minutes_approval
from board_admin.services.structure import check_version, get_or_fail
from board_admin.services.uow import UnitOfWork

NOTE_LIMIT = 1000
TOOK_PLACE = (MeetingStatus.PLANNED, MeetingStatus.HELD)


# --- from draft to approved ----------------------------------------------------------------------


def mark_minutes_circulated(db: Database, meeting_id: int, circulated_on: dt.date | None) -> None:
    """Records the date the draft minutes went to the members; None: not circulated after all."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        if circulated_on is not None:
            check_date_in_range(circulated_on, "circulated_on")
            problem = rules.circulation_problem(meeting.meeting_date, circulated_on, None)
            if problem:
                raise ValidationError(problem, "circulated_on")
        meeting.minutes_circulated_on = circulated_on
        uow.commit()


def approve_minutes(db: Database, meeting_id: int, approved_at_id: int) -> None:
    """Records the later meeting of the same group that approved the minutes, which are locked from then on.

    Approval keeps the actions agreed (with their status then), the actions carried into the meeting and the
    challenges raised at it as they stand, so the approved minutes stay a record of the meeting.
    """
    from board_admin.reports.minutes_record import minutes_record  # the rows the minutes show, read once

    db.actor.require(Permission.APPROVE_MINUTES)  # before reading anything for the record
    record = minutes_record(db, meeting_id)
    with UnitOfWork(db, Permission.APPROVE_MINUTES) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        approving = uow.session.get(Meeting, approved_at_id) if approved_at_id is not None else None
        if approving is None:
            raise ValidationError("Choose the later meeting that approved the minutes.", "approved_at")
        if approving.group_id != meeting.group_id:
            raise ValidationError(
                f"Minutes are approved at a meeting of the same group; the meeting of "
                f"{format_date(approving.meeting_date)} is of '{approving.group.name}'.",
                "approved_at",
            )
        problem = rules.approval_problem(
            meeting.meeting_date,
            meeting.status is MeetingStatus.HELD,
            approving.meeting_date,
            approving.status in TOOK_PLACE,
            meeting.minutes_circulated_on,
        )
        if problem:
            raise ValidationError(problem, "approved_at")
        meeting.minutes_approved_at_id = approving.id
        meeting.minutes_approved_on = None
        meeting.minutes_record = record
        uow.commit()


def withdraw_approval(db: Database, meeting_id: int) -> None:
    """An approval recorded by mistake (the wrong meeting, the wrong minutes): the minutes are draft again.

    Refused once an amendment has been recorded: amended minutes were approved in earnest."""
    with UnitOfWork(db, Permission.APPROVE_MINUTES) as uow:
        meeting = get_or_fail(uow.session, Meeting, meeting_id, "meeting")
        if not minutes_approval(meeting).approved:
            raise ValidationError("These minutes are not approved.", "approved_at")
        if uow.session.scalar(select(MinutesAmendment.id).where(MinutesAmendment.meeting_id == meeting_id).limit(1)):
            raise ValidationError(
                "These minutes have been amended since they were approved, so the approval stands.", "approved_at"
            )
        meeting.minutes_approved_at_id = None
        meeting.minutes_approved_on = None
        meeting.minutes_record = None
        uow.commit()


def record_amendment(db: Database, meeting_id: int, change: str, reason: str) -> int:
    """A correction of approved minutes: what was changed and why, with who recorded it and when."""
    with UnitOfWork(db, Permission.APPROVE_MINUTES) as uow:
        meeting = get_or_fail(uow.session, Meeting, meeting_id, "meeting")
        problem = rules.amendment_problem(minutes_approval(meeting).approved, change, reason)
        if problem:
            raise ValidationError(problem[1], problem[0])
        amendment = MinutesAmendment(
            meeting_id=meeting_id,
            recorded_at=dt.datetime.now().replace(microsecond=0),
            recorded_by=db.actor.display_name,
            change=change.strip(),
            reason=reason.strip(),
        )
        uow.session.add(amendment)
        uow.commit()
        return amendment.id


# --- apologies in advance ------------------------------------------------------------------------


def _clean_note(note: str | None) -> str | None:
    text = " ".join((note or "").split())
    if len(text) > NOTE_LIMIT:
        raise ValidationError(f"The note is longer than {NOTE_LIMIT} characters.", "note")
    return text or None


def _check_received(meeting: Meeting, received_on: dt.date | None) -> None:
    check_date_in_range(received_on, "received_on")
    problem = rules.advance_apology_problem(meeting.meeting_date, received_on, meeting.status in TOOK_PLACE)
    if problem:
        raise ValidationError(problem, "received_on")


def record_advance_apology(
    db: Database, meeting_id: int, person_id: int, received_on: dt.date | None, note: str | None = None
) -> int:
    """Apologies a member sent before the meeting. Their register line is marked apologies unless it is
    already recorded; the administrator can still change it on the day."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        session = uow.session
        meeting = meeting_to_edit(session, meeting_id)
        person = session.get(Person, person_id) if person_id is not None else None
        if person is None:
            raise ValidationError("Choose the member who sent apologies.", "person_id")
        if _membership_on(session, meeting, person_id) is None:
            raise ValidationError(
                f"{person.name} was not a member of '{meeting.group.name}' on {format_date(meeting.meeting_date)}.",
                "person_id",
            )
        _check_received(meeting, received_on)
        taken = session.scalar(
            select(AdvanceApology.id).where(
                AdvanceApology.meeting_id == meeting_id, AdvanceApology.person_id == person_id
            )
        )
        if taken is not None:
            raise ValidationError(f"{person.name}'s apologies are already recorded for this meeting.", "person_id")
        apology = AdvanceApology(meeting_id=meeting_id, person_id=person_id, received_on=received_on)
        apology.note = _clean_note(note)
        session.add(apology)
        line = session.scalar(
            select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
        )
        if line is None:
            session.add(
                Attendance(
                    meeting_id=meeting_id,
                    person_id=person_id,
                    status=AttendanceStatus.APOLOGIES,
                    agency_id=_membership_on(session, meeting, person_id).agency_id,
                )
            )
        uow.commit()
        return apology.id


def update_advance_apology(
    db: Database, apology_id: int, received_on: dt.date | None, note: str | None, version: int | None = None
) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        apology = get_or_fail(uow.session, AdvanceApology, apology_id, "apology")
        meeting = meeting_to_edit(uow.session, apology.meeting_id)
        check_version(apology, version, "apology")
        _check_received(meeting, received_on)
        apology.received_on = received_on
        apology.note = _clean_note(note)
        uow.commit()


def delete_advance_apology(db: Database, apology_id: int) -> None:
    """Apologies withdrawn or recorded by mistake; a register line still marked apologies is cleared with them."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        apology = get_or_fail(uow.session, AdvanceApology, apology_id, "apology")
        meeting_to_edit(uow.session, apology.meeting_id)
        line = uow.session.scalar(
            select(Attendance).where(
                Attendance.meeting_id == apology.meeting_id, Attendance.person_id == apology.person_id
            )
        )
        if line is not None and line.status is AttendanceStatus.APOLOGIES:
            uow.session.delete(line)
        uow.session.delete(apology)
        uow.commit()
