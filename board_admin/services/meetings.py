"""The administrator's weekly work: the schedule, the register, the agenda and minutes, and actions.

Each public function is one use case in one transaction, like services/structure.py: plain values in,
ValidationError naming the form field out, a version number to refuse a save based on a stale copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    Challenge,
    Decision,
    Declaration,
    Group,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain import meetings as meeting_rules
from board_admin.domain import minutes as minutes_rules
from board_admin.domain import structure as structure_rules
from board_admin.domain.dates import check_date_in_range, format_date
from board_admin.domain.decisions import match_decisions, split_decisions
from board_admin.domain.enums import ActionStatus, AttendanceStatus, MeetingStatus, MemberRole, Rag
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.domain.schedule import SchedulePlan
from board_admin.services.papers import remove_papers_of
from board_admin.services.structure import check_version, clean_text, get_or_fail, refuse_if_used
from board_admin.services.uow import UnitOfWork

NAME_LIMIT = 200
SHORT_LIMIT = 40

# The agenda most meetings start from; the business unit adds its items between "matters arising" and AOB.
STANDARD_AGENDA = (
    "Welcome, introductions and apologies",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising and action log",
    "Any other business",
    "Date of next meeting",
)


def minutes_approval(meeting: Meeting) -> minutes_rules.MinutesApproval:
    approving = meeting.minutes_approved_at
    return minutes_rules.MinutesApproval(
        circulated_on=meeting.minutes_circulated_on,
        approved_at=approving.meeting_date if approving is not None else None,
        approved_on=meeting.minutes_approved_on,
    )


def refuse_if_approved(meeting: Meeting) -> None:
    """Every edit of what a meeting's minutes cover asks this first (domain/minutes.py)."""
    minutes_rules.refuse_if_approved(meeting.group.name, meeting.meeting_date, minutes_approval(meeting))


def meeting_to_edit(session: Session, meeting_id: int) -> Meeting:
    """The meeting, for an edit of its minutes: refused once they are approved."""
    meeting = get_or_fail(session, Meeting, meeting_id, "meeting")
    refuse_if_approved(meeting)
    return meeting


def active_on(day: dt.date):
    """The condition "membership active on `day`" (start on or before, no end or end on or after)."""
    return (Membership.start_date <= day) & (Membership.end_date.is_(None) | (Membership.end_date >= day))


# --- meetings ------------------------------------------------------------------------------------


@dataclass
class MeetingFields:
    group_id: int | None
    meeting_date: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str | None = None


def _check_free_date(session: Session, group: Group, day: dt.date, exclude_id: int | None) -> None:
    query = select(Meeting.id).where(Meeting.group_id == group.id, Meeting.meeting_date == day)
    if exclude_id is not None:
        query = query.where(Meeting.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"'{group.name}' already has a meeting on {format_date(day)}.", "meeting_date")


def _apply_meeting(session: Session, meeting: Meeting, fields: MeetingFields) -> None:
    group = session.get(Group, fields.group_id) if fields.group_id is not None else None
    if group is None:
        raise ValidationError("Choose the group that meets.", "group_id")
    if fields.meeting_date is None:
        raise ValidationError("Give the date of the meeting.", "meeting_date")
    check_date_in_range(fields.meeting_date, "meeting_date")
    problem = meeting_rules.times_problem(fields.start_time, fields.end_time)
    if problem:
        raise ValidationError(problem, "end_time")
    _check_free_date(session, group, fields.meeting_date, meeting.id)
    meeting.group_id = group.id
    meeting.meeting_date = fields.meeting_date
    meeting.start_time = fields.start_time
    meeting.end_time = fields.end_time
    meeting.location = clean_text(fields.location, "location", "The location", required=False, limit=NAME_LIMIT)


def create_meeting(db: Database, fields: MeetingFields) -> int:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = Meeting(status=MeetingStatus.PLANNED)
        _apply_meeting(uow.session, meeting, fields)
        uow.session.add(meeting)
        uow.commit()
        return meeting.id


def update_meeting(db: Database, meeting_id: int, fields: MeetingFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        check_version(meeting, version, "meeting")
        _apply_meeting(uow.session, meeting, fields)
        uow.commit()


def delete_meeting(db: Database, meeting_id: int) -> None:
    """Removes a meeting entered by mistake; its agenda goes with it, a register, actions or declarations stop it."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        refuse_if_used(
            uow.session,
            [
                (select(Attendance.id).where(Attendance.meeting_id == meeting_id), "register lines"),
                (select(Action.id).where(Action.meeting_id == meeting_id), "actions"),
                (select(Challenge.id).where(Challenge.raised_at_meeting_id == meeting_id), "challenges"),
                (select(Meeting.id).where(Meeting.postponed_to_id == meeting_id), "postponed meetings"),
                (select(Declaration.id).where(Declaration.meeting_id == meeting_id), "declarations of interest"),
                (
                    select(Meeting.id).where(Meeting.minutes_approved_at_id == meeting_id),
                    "minutes approved at it",
                ),
                (select(AdvanceApology.id).where(AdvanceApology.meeting_id == meeting_id), "apologies in advance"),
            ],
            "The meeting of",
            f"{meeting.group.name} on {format_date(meeting.meeting_date)}",
        )
        for item in uow.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)):
            _record_decisions(uow, item, None)
            remove_papers_of(uow, item)
            uow.session.delete(item)
        uow.flush()  # the items first: the model has no relationship to order the two deletes by
        uow.session.delete(meeting)
        uow.commit()


@dataclass(frozen=True)
class ScheduleResult:
    created: tuple[dt.date, ...]
    already_there: tuple[dt.date, ...]

    def describe(self) -> str:
        text = f"{len(self.created)} meeting" + ("" if len(self.created) == 1 else "s") + " added"
        if self.already_there:
            text += "; already in the schedule: " + ", ".join(format_date(day) for day in self.already_there)
        return text + "."


def generate_schedule(db: Database, group_id: int, plan: SchedulePlan) -> ScheduleResult:
    """Adds a planned meeting on every date of the plan; dates the group already meets on are left alone."""
    db.actor.require(Permission.EDIT_MEETINGS)  # before any work on the plan, whoever calls
    dates = plan.dates()
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        group = get_or_fail(uow.session, Group, group_id, "group")
        if group.end_date is not None and plan.last > group.end_date:
            dates = [day for day in dates if day <= group.end_date]
        if group.start_date is not None:
            dates = [day for day in dates if day >= group.start_date]
        if not dates:
            raise ValidationError("The rule gives no meeting dates in that period.", "first")
        taken = set(
            uow.session.scalars(
                select(Meeting.meeting_date).where(Meeting.group_id == group_id, Meeting.meeting_date.in_(dates))
            )
        )
        location = clean_text(plan.location, "location", "The location", required=False, limit=NAME_LIMIT)
        created = []
        for day in dates:
            if day in taken:
                continue
            uow.session.add(
                Meeting(
                    group_id=group_id,
                    meeting_date=day,
                    start_time=plan.rule.start_time,
                    end_time=plan.rule.end_time,
                    location=location,
                    status=MeetingStatus.PLANNED,
                )
            )
            created.append(day)
        uow.commit()
        return ScheduleResult(tuple(created), tuple(sorted(taken)))


def mark_held(db: Database, meeting_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        meeting.status = MeetingStatus.HELD
        meeting.cancellation_reason = None
        meeting.postponed_to_id = None
        uow.commit()


def mark_planned(db: Database, meeting_id: int) -> None:
    """Undoes a status set by mistake: the meeting is planned again."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        meeting.status = MeetingStatus.PLANNED
        meeting.cancellation_reason = None
        meeting.postponed_to_id = None
        uow.commit()


def cancel_meeting(db: Database, meeting_id: int, reason: str) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        text = (reason or "").strip()
        if not text:
            raise ValidationError("Say why the meeting was cancelled; the chair's reports show the reason.", "reason")
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancellation_reason = text
        meeting.postponed_to_id = None
        uow.commit()


def postpone_meeting(
    db: Database,
    meeting_id: int,
    new_date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> int:
    """Moves a meeting to `new_date`: a new planned meeting (or the group's meeting already on that date)
    replaces it, and the postponed one points at it. Returns the replacement's id. Times default to the
    postponed meeting's."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        if new_date is None or new_date == meeting.meeting_date:
            raise ValidationError("Choose the new date of the meeting.", "new_date")
        check_date_in_range(new_date, "new_date")
        replacement = uow.session.scalar(
            select(Meeting).where(Meeting.group_id == meeting.group_id, Meeting.meeting_date == new_date)
        )
        if replacement is None:
            start = start_time or meeting.start_time
            end = end_time or meeting.end_time
            if start and end and end <= start:
                raise ValidationError(meeting_rules.times_problem(start, end), "end_time")
            replacement = Meeting(
                group_id=meeting.group_id,
                meeting_date=new_date,
                start_time=start,
                end_time=end,
                location=meeting.location,
                status=MeetingStatus.PLANNED,
            )
            uow.session.add(replacement)
            uow.flush()
        elif replacement.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
            raise ValidationError(
                f"The meeting on {format_date(new_date)} is {replacement.status.label.lower()}; choose another date.",
                "new_date",
            )
        meeting.status = MeetingStatus.POSTPONED
        meeting.cancellation_reason = None
        meeting.postponed_to_id = replacement.id
        uow.commit()
        return replacement.id


# --- the register --------------------------------------------------------------------------------


def _named_deputy(session: Session, meeting: Meeting, person_id: int) -> int | None:
    """The person named as this member's deputy on the meeting's date, if any."""
    principal_ids = select(Membership.id).where(
        Membership.group_id == meeting.group_id, Membership.person_id == person_id, active_on(meeting.meeting_date)
    )
    return session.scalar(
        select(Membership.person_id)
        .where(
            Membership.deputy_for_id.in_(principal_ids),
            Membership.role == MemberRole.DEPUTY,
            active_on(meeting.meeting_date),
        )
        .order_by(Membership.start_date)
        .limit(1)
    )


def _membership_on(session: Session, meeting: Meeting, person_id: int) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.group_id == meeting.group_id,
            Membership.person_id == person_id,
            active_on(meeting.meeting_date),
        )
    )


def set_attendance(
    db: Database,
    meeting_id: int,
    person_id: int,
    status: AttendanceStatus | None,
    deputy_id: int | None = None,
    representing_agency_id: int | None = None,
) -> None:
    """Records one member's line of the register; `status=None` clears it (not yet recorded).

    A deputy line without a deputy named takes the member's named deputy; without one it is refused. A deputy
    who works for another agency than the member's is taken only with `representing_agency_id` confirming that
    they represent the member's agency at this meeting (it is that agency the line counts for), so that a slip
    in a list of names does not credit the wrong agency.
    """
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        _set_line(uow.session, meeting, person_id, status, deputy_id, representing_agency_id)
        uow.commit()


def set_attendance_many(db: Database, meeting_id: int, person_ids: list[int], status: AttendanceStatus | None) -> None:
    """The same status for several members at once (e.g. everyone selected is present)."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        for person_id in person_ids:
            _set_line(uow.session, meeting, person_id, status, None)
        uow.commit()


def _set_line(
    session: Session,
    meeting: Meeting,
    person_id: int,
    status: AttendanceStatus | None,
    deputy_id: int | None,
    representing_agency_id: int | None = None,
) -> None:
    person = get_or_fail(session, Person, person_id, "person")
    membership = _membership_on(session, meeting, person_id)
    if status is AttendanceStatus.GUEST:
        raise ValidationError("Add guests with 'Add guest'; members have their own line.", "status")
    if membership is None:
        raise ValidationError(
            f"{person.name} was not a member of '{meeting.group.name}' on {format_date(meeting.meeting_date)}.",
            "person_id",
        )
    line = session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.person_id == person_id)
    )
    if status is None:
        if line is not None:
            session.delete(line)
        return
    if status is AttendanceStatus.DEPUTY:
        named = _named_deputy(session, meeting, person_id)
        already = line.deputy_id if line is not None and line.deputy_id else None
        if deputy_id is None:
            deputy_id = already or named
        if deputy_id is None:
            raise ValidationError(f"{person.name} has no named deputy; choose who came in their place.", "deputy_id")
        if deputy_id == person_id:
            raise ValidationError(structure_rules.own_deputy(person.name), "deputy_id")
        deputy = get_or_fail(session, Person, deputy_id, "deputy")
        _check_represents(membership, deputy, deputy_id in (named, already), representing_agency_id)
    else:
        deputy_id = None
    if line is None:
        line = Attendance(meeting_id=meeting.id, person_id=person_id)
        session.add(line)
    line.status = status
    line.deputy_id = deputy_id
    line.agency_id = membership.agency_id


def _check_represents(membership: Membership, deputy: Person, known: bool, representing_agency_id: int | None) -> None:
    """A deputy stands in for the member's agency; one from another agency must be confirmed as doing so."""
    agency = membership.agency
    if representing_agency_id is not None and representing_agency_id != agency.id:
        raise ValidationError(
            f"A deputy for {membership.person.name} represents {agency.name}; someone who came for another "
            "agency is added as a guest instead.",
            "representing_agency_id",
        )
    if deputy.agency_id != agency.id and not known and representing_agency_id is None:
        raise ValidationError(
            f"{deputy.name} works for {deputy.agency.name}, not {agency.name}: confirm that they represent "
            f"{agency.name} at this meeting.",
            "representing_agency_id",
        )


def add_guest(db: Database, meeting_id: int, person_id: int, agency_id: int | None = None) -> int:
    """Someone "in attendance" who is not a member: a presenter, an officer of the business unit."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = meeting_to_edit(uow.session, meeting_id)
        person = uow.session.get(Person, person_id) if person_id is not None else None
        if person is None:
            raise ValidationError("Choose the person who attended.", "person_id")
        if _membership_on(uow.session, meeting, person_id) is not None:
            raise ValidationError(f"{person.name} is a member; record them on their own line.", "person_id")
        existing = uow.session.scalar(
            select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
        )
        if existing is not None:
            raise ValidationError(f"{person.name} is already in the register.", "person_id")
        if agency_id is not None and uow.session.get(Agency, agency_id) is None:
            raise ValidationError("The chosen agency no longer exists.", "agency_id")
        line = Attendance(
            meeting_id=meeting_id,
            person_id=person_id,
            status=AttendanceStatus.GUEST,
            agency_id=agency_id if agency_id is not None else person.agency_id,
        )
        uow.session.add(line)
        uow.commit()
        return line.id


def remove_guest(db: Database, meeting_id: int, person_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting_to_edit(uow.session, meeting_id)
        line = uow.session.scalar(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id,
                Attendance.person_id == person_id,
                Attendance.status == AttendanceStatus.GUEST,
            )
        )
        if line is not None:
            uow.session.delete(line)
        uow.commit()


# --- agenda and minutes --------------------------------------------------------------------------


@dataclass
class AgendaItemFields:
    title: str
    presenter: str | None = None
    paper_reference: str | None = None
    minutes: str | None = None
    decisions: str | None = None


def _long_text(value: str | None) -> str | None:
    """Minutes keep their paragraphs; only blank text becomes nothing."""
    text = (value or "").strip()
    return text or None


def _apply_item(item: AgendaItem, fields: AgendaItemFields) -> None:
    item.title = clean_text(fields.title, "title", "The item's title", required=True, limit=NAME_LIMIT)
    item.presenter = clean_text(fields.presenter, "presenter", "The presenter", required=False, limit=NAME_LIMIT)
    item.paper_reference = clean_text(
        fields.paper_reference, "paper_reference", "The paper reference", required=False, limit=SHORT_LIMIT
    )
    item.minutes = _long_text(fields.minutes)


def _declarations_to_meeting(uow: UnitOfWork, item: AgendaItem) -> None:
    """A declaration about an item that is removed stays on record, as one about the meeting."""
    for declaration in uow.session.scalars(select(Declaration).where(Declaration.agenda_item_id == item.id)):
        declaration.agenda_item_id = None
    uow.flush()


def _record_decisions(uow: UnitOfWork, item: AgendaItem, text: str | None) -> None:
    """The item's decisions become the register's records, one per paragraph of `text`.

    A paragraph kept or reworded keeps its record and reference; a new one takes the next number of the
    group's year; a removed one leaves the register.
    """
    session = uow.session
    existing = list(
        session.scalars(select(Decision).where(Decision.agenda_item_id == item.id).order_by(Decision.position))
    )
    wanted = split_decisions(text)
    kept = match_decisions([decision.text for decision in existing], wanted)
    claimed = {index for index in kept if index is not None}
    for index, decision in enumerate(existing):
        if index not in claimed:
            session.delete(decision)
    uow.flush()
    meeting = session.get(Meeting, item.meeting_id)
    year = FinancialYear.containing(meeting.meeting_date).start_year
    for offset, (paragraph, index) in enumerate(zip(wanted, kept, strict=True), start=1):
        if index is None:
            last = session.scalar(
                select(func.max(Decision.number)).where(
                    Decision.group_id == meeting.group_id, Decision.year_start == year
                )
            )
            decision = Decision(
                agenda_item_id=item.id, group_id=meeting.group_id, year_start=year, number=(last or 0) + 1
            )
            session.add(decision)
        else:
            decision = existing[index]
        decision.text = paragraph
        decision.position = offset
        uow.flush()


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position))
    )


def _renumber(uow: UnitOfWork, items: list[AgendaItem]) -> None:
    """Positions 1..n in the given order; through negative numbers first, since positions are unique."""
    for index, item in enumerate(items, start=1):
        if item.position != index:
            item.position = -index
    uow.flush()
    for item in items:
        if item.position < 0:
            item.position = -item.position
    uow.flush()


def add_agenda_item(db: Database, meeting_id: int, fields: AgendaItemFields, position: int | None = None) -> int:
    """Adds an item at `position` (1 = first), or at the end."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting_to_edit(uow.session, meeting_id)
        items = _items(uow.session, meeting_id)
        item = AgendaItem(meeting_id=meeting_id, position=len(items) + 1)
        _apply_item(item, fields)
        uow.session.add(item)
        uow.flush()
        _record_decisions(uow, item, fields.decisions)
        if position is not None and 1 <= position <= len(items):
            items.insert(position - 1, item)
            _renumber(uow, items)
        uow.commit()
        return item.id


def update_agenda_item(db: Database, item_id: int, fields: AgendaItemFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        item = get_or_fail(uow.session, AgendaItem, item_id, "agenda item")
        meeting_to_edit(uow.session, item.meeting_id)
        check_version(item, version, "agenda item")
        _apply_item(item, fields)
        uow.flush()
        _record_decisions(uow, item, fields.decisions)
        uow.commit()


def delete_agenda_item(db: Database, item_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        item = get_or_fail(uow.session, AgendaItem, item_id, "agenda item")
        meeting_id = item.meeting_id
        meeting_to_edit(uow.session, meeting_id)
        _record_decisions(uow, item, None)  # each leaves the register with an entry in the trail
        _declarations_to_meeting(uow, item)
        remove_papers_of(uow, item)
        uow.session.delete(item)
        uow.flush()
        _renumber(uow, _items(uow.session, meeting_id))
        uow.commit()


def move_agenda_item(db: Database, item_id: int, new_position: int) -> None:
    """Moves an item to `new_position` (1 = first); the others close up around it."""
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        item = get_or_fail(uow.session, AgendaItem, item_id, "agenda item")
        meeting_to_edit(uow.session, item.meeting_id)
        items = _items(uow.session, item.meeting_id)
        items.remove(item)
        items.insert(max(0, min(new_position - 1, len(items))), item)
        _renumber(uow, items)
        uow.commit()


def add_standard_agenda(db: Database, meeting_id: int) -> int:
    """Adds the standard items the agenda does not have yet (by title); returns how many were added.

    New items go where the standard order puts them: the opening ones first, AOB and the next date last.
    """
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting_to_edit(uow.session, meeting_id)
        items = _items(uow.session, meeting_id)
        have = {item.title.casefold() for item in items}
        opening = [title for title in STANDARD_AGENDA[:-2] if title.casefold() not in have]
        closing = [title for title in STANDARD_AGENDA[-2:] if title.casefold() not in have]
        start = len(items) + 1
        new_opening = [AgendaItem(meeting_id=meeting_id, position=start + i, title=t) for i, t in enumerate(opening)]
        new_closing = [
            AgendaItem(meeting_id=meeting_id, position=start + len(opening) + i, title=t) for i, t in enumerate(closing)
        ]
        uow.session.add_all(new_opening + new_closing)
        uow.flush()
        _renumber(uow, new_opening + items + new_closing)
        uow.commit()
        return len(opening) + len(closing)


# --- actions -------------------------------------------------------------------------------------


@dataclass
class ActionFields:
    description: str
    owner_id: int | None = None
    # By default the owner's agency.
    owner_agency_id: int | None = None
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    rag: Rag | None = None
    reference: str | None = None


def _apply_action(session: Session, action: Action, fields: ActionFields) -> None:
    check_date_in_range(fields.due_date, "due_date")
    description = _long_text(fields.description)
    if not description:
        raise ValidationError("Say what the action is.", "description")
    owner = None
    if fields.owner_id is not None:
        owner = session.get(Person, fields.owner_id)
        if owner is None:
            raise ValidationError("The chosen owner no longer exists.", "owner_id")
    agency_id = fields.owner_agency_id if fields.owner_agency_id is not None else (owner.agency_id if owner else None)
    if agency_id is not None and session.get(Agency, agency_id) is None:
        raise ValidationError("The chosen agency no longer exists.", "owner_agency_id")
    if not isinstance(fields.status, ActionStatus):
        raise ValidationError("Choose the action's status.", "status")
    if fields.rag is not None and not isinstance(fields.rag, Rag):
        raise ValidationError("Choose red, amber or green.", "rag")
    meeting = session.get(Meeting, action.meeting_id)
    if fields.due_date is not None and meeting is not None and fields.due_date < meeting.meeting_date:
        raise ValidationError(
            f"The due date is before the meeting that set the action ({format_date(meeting.meeting_date)}).",
            "due_date",
        )
    action.description = description
    action.owner_id = fields.owner_id
    action.owner_agency_id = agency_id
    action.due_date = fields.due_date
    action.status = fields.status
    action.rag = fields.rag
    action.reference = clean_text(fields.reference, "reference", "The reference", required=False, limit=SHORT_LIMIT)


def create_action(db: Database, meeting_id: int, fields: ActionFields) -> int:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        meeting = get_or_fail(uow.session, Meeting, meeting_id, "meeting")
        action = Action(meeting_id=meeting.id)
        _apply_action(uow.session, action, fields)
        if action.reference is None:
            # Numbered through the group's action log, as the business unit does: "SCPB-021".
            count = uow.session.scalar(
                select(func.count()).select_from(Action).join(Meeting).where(Meeting.group_id == meeting.group_id)
            )
            prefix = meeting.group.short_name or "".join(
                word[0] for word in meeting.group.name.split() if word[0].isupper()
            )
            action.reference = f"{prefix}-{(count or 0) + 1:03d}"
        uow.session.add(action)
        uow.commit()
        return action.id


def update_action(db: Database, action_id: int, fields: ActionFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        action = get_or_fail(uow.session, Action, action_id, "action")
        check_version(action, version, "action")
        _apply_action(uow.session, action, fields)
        uow.commit()


def set_action_status(db: Database, action_id: int, status: ActionStatus, rag: Rag | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        action = get_or_fail(uow.session, Action, action_id, "action")
        action.status = status
        if rag is not None:
            action.rag = rag
        uow.commit()


def delete_action(db: Database, action_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_MEETINGS) as uow:
        uow.session.delete(get_or_fail(uow.session, Action, action_id, "action"))
        uow.commit()
