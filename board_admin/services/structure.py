"""Keeping the structure: agencies, people, groups and who sits on them.

Each public function is one use case in one transaction. Input comes as a small dataclass of plain
values; a broken rule raises ValidationError naming the field, so a form can show it beside that field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, object_session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    Attendance,
    AuditEntry,
    Base,
    Challenge,
    Contribution,
    Group,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain import minutes as minutes_rules
from board_admin.domain import structure as rules
from board_admin.domain.attendance import Seat
from board_admin.domain.dates import check_date_in_range, format_date
from board_admin.domain.enums import Frequency, GroupKind, MeetingStatus, MemberRole, Remit, Sector
from board_admin.domain.errors import ConflictError, InUseError, NotFoundError, ValidationError
from board_admin.domain.numbers import check_fits
from board_admin.domain.permissions import Permission
from board_admin.domain.quorum import (
    DEFAULT_COUNTING_ROLES,
    check_counting_roles,
    counting_roles_from_text,
    counting_roles_to_text,
)
from board_admin.services.uow import UnitOfWork

Model = TypeVar("Model", bound=Base)

NAME_LIMIT = 200
TEXT_LIMIT = 20_000  # characters of a long text: a challenge, a response, a note
SHORT_LIMIT = 40


# --- shared checks -------------------------------------------------------------------------------


def get_or_fail(session: Session, model: type[Model], record_id: int, what: str) -> Model:
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(f"The {what} you asked for no longer exists; it may have been deleted.")
    return record


def check_version(record: Base, expected: int | None, what: str) -> None:
    """Refuses a save based on an out-of-date copy of the record (another user saved in between), saying
    what the other change was, from the audit trail."""
    if expected is not None and record.version != expected:
        raise ConflictError(
            f"Someone else changed this {what} after you opened it{_latest_change(record)}. "
            "Nothing of yours was saved; reopen it to see their change and make yours again."
        )


def _shown(value) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return f"'{value}'"


def _latest_change(record: Base) -> str:
    session = object_session(record)
    if session is None:
        return ""
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == record.__table__.name, AuditEntry.entity_id == record.id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None or entry.operation != "update":
        return ""
    before, after = json.loads(entry.before or "{}"), json.loads(entry.after or "{}")
    changes = "; ".join(
        f"{key.replace('_', ' ')} {_shown(before.get(key))} became {_shown(after.get(key))}" for key in after
    )
    when = entry.at.replace(tzinfo=dt.UTC).astimezone()
    return f" ({entry.username}, {format_date(when.date())} {when:%H:%M}: {changes})"


def clean_text(value: str | None, field: str, label: str, *, required: bool, limit: int) -> str | None:
    """One line of text (a name, a title): runs of white space folded into one space."""
    return _checked_text(" ".join((value or "").split()), field, label, required=required, limit=limit)


def long_text(value: str | None, field: str, label: str, *, required: bool) -> str | None:
    """Multi-line text (a challenge, a response, a note, a recommendation) keeps its paragraphs; only the ends
    are trimmed."""
    return _checked_text((value or "").strip(), field, label, required=required, limit=TEXT_LIMIT)


def _checked_text(text: str, field: str, label: str, *, required: bool, limit: int) -> str | None:
    if not text:
        if required:
            raise ValidationError(f"{label} cannot be empty.", field)
        return None
    if len(text) > limit:
        raise ValidationError(f"{label} is {len(text)} characters long; the most allowed is {limit}.", field)
    return text


def status_change(db: Database, before, after, on: dt.date, note: str | None) -> dict:
    """What a history of status changes records of each (a challenge's, a case review's): the day, when it was
    recorded and by whom, from and to which status, and the note."""
    return {
        "changed_on": on,
        "recorded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "changed_by": db.actor.username,
        "from_status": before,
        "to_status": after,
        "note": long_text(note, "note", "The note", required=False),
    }


def check_unique_name(session: Session, model: type[Model], name: str, exclude_id: int | None, what: str) -> None:
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"There is already {what} called '{name}'.", "name")


def check_dates(start: dt.date | None, end: dt.date | None) -> None:
    check_date_in_range(start, "start_date")
    check_date_in_range(end, "end_date")
    problem = rules.end_before_start(start, end)
    if problem:
        raise ValidationError(problem, "end_date")


def refuse_if_used(session: Session, checks: list[tuple[object, str]], what: str, name: str) -> None:
    """Raises InUseError listing what still depends on the record, if anything does."""
    used = []
    for query, label in checks:
        count = session.scalar(select(func.count()).select_from(query.subquery()))
        if count:
            used.append(f"{count} {label}")
    if used:
        raise InUseError(
            f"{what} '{name}' cannot be deleted because {', '.join(used)} refer to it. "
            "Make it inactive (or end it) instead, so that its history stays."
        )


# --- agencies ------------------------------------------------------------------------------------


@dataclass
class AgencyFields:
    name: str
    sector: Sector
    short_name: str | None = None
    statutory_partner: bool = False
    active: bool = True


def _apply_agency(session: Session, agency: Agency, fields: AgencyFields) -> None:
    name = clean_text(fields.name, "name", "The agency's name", required=True, limit=NAME_LIMIT)
    check_unique_name(session, Agency, name, agency.id, "an agency")
    if not isinstance(fields.sector, Sector):
        raise ValidationError("Choose the agency's sector.", "sector")
    agency.name = name
    agency.short_name = clean_text(fields.short_name, "short_name", "The short name", required=False, limit=SHORT_LIMIT)
    agency.sector = fields.sector
    agency.statutory_partner = bool(fields.statutory_partner)
    agency.active = bool(fields.active)


def create_agency(db: Database, fields: AgencyFields) -> int:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        agency = Agency()
        _apply_agency(uow.session, agency, fields)
        uow.session.add(agency)
        uow.commit()
        return agency.id


def update_agency(db: Database, agency_id: int, fields: AgencyFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        agency = get_or_fail(uow.session, Agency, agency_id, "agency")
        check_version(agency, version, "agency")
        _apply_agency(uow.session, agency, fields)
        uow.commit()


def set_agency_active(db: Database, agency_id: int, active: bool) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        get_or_fail(uow.session, Agency, agency_id, "agency").active = active
        uow.commit()


def delete_agency(db: Database, agency_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        agency = get_or_fail(uow.session, Agency, agency_id, "agency")
        refuse_if_used(
            uow.session,
            [
                (select(Person.id).where(Person.agency_id == agency_id), "people"),
                (select(Membership.id).where(Membership.agency_id == agency_id), "memberships"),
                (select(Attendance.id).where(Attendance.agency_id == agency_id), "attendance lines"),
                (select(Action.id).where(Action.owner_agency_id == agency_id), "actions"),
                (select(Challenge.id).where(Challenge.agency_id == agency_id), "challenges"),
                (select(Contribution.id).where(Contribution.agency_id == agency_id), "contributions"),
            ],
            "The agency",
            agency.name,
        )
        uow.session.delete(agency)
        uow.commit()


# --- people --------------------------------------------------------------------------------------


@dataclass
class PersonFields:
    name: str
    agency_id: int | None
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    active: bool = True


def _apply_person(session: Session, person: Person, fields: PersonFields) -> None:
    name = clean_text(fields.name, "name", "The person's name", required=True, limit=NAME_LIMIT)
    check_unique_name(session, Person, name, person.id, "a person")
    if fields.agency_id is None:
        raise ValidationError("Choose the agency this person works for.", "agency_id")
    agency = session.get(Agency, fields.agency_id)
    if agency is None:
        raise ValidationError("The chosen agency no longer exists.", "agency_id")
    if not agency.active and person.agency_id != agency.id:
        raise ValidationError(f"'{agency.name}' is inactive; make it active before adding people to it.", "agency_id")
    email = clean_text(fields.email, "email", "The email address", required=False, limit=NAME_LIMIT)
    problem = rules.email_problem(email, name)
    if problem:
        raise ValidationError(problem, "email")
    person.name = name
    # Moving agency changes the person only: past memberships keep the agency they represented then.
    person.agency_id = agency.id
    person.job_title = clean_text(fields.job_title, "job_title", "The job title", required=False, limit=NAME_LIMIT)
    person.email = email
    person.phone = clean_text(fields.phone, "phone", "The phone number", required=False, limit=SHORT_LIMIT)
    person.active = bool(fields.active)


def create_person(db: Database, fields: PersonFields) -> int:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        person = Person()
        _apply_person(uow.session, person, fields)
        uow.session.add(person)
        uow.commit()
        return person.id


def update_person(db: Database, person_id: int, fields: PersonFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        person = get_or_fail(uow.session, Person, person_id, "person")
        check_version(person, version, "person")
        _apply_person(uow.session, person, fields)
        uow.commit()


def set_person_active(db: Database, person_id: int, active: bool) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        get_or_fail(uow.session, Person, person_id, "person").active = active
        uow.commit()


def delete_person(db: Database, person_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        person = get_or_fail(uow.session, Person, person_id, "person")
        refuse_if_used(
            uow.session,
            [
                (select(Membership.id).where(Membership.person_id == person_id), "memberships"),
                (
                    select(Attendance.id).where(
                        (Attendance.person_id == person_id) | (Attendance.deputy_id == person_id)
                    ),
                    "attendance lines",
                ),
                (select(Action.id).where(Action.owner_id == person_id), "actions"),
                (select(Challenge.id).where(Challenge.raised_by_id == person_id), "challenges"),
                (select(Challenge.id).where(Challenge.escalated_to_person_id == person_id), "escalated challenges"),
            ],
            "The person",
            person.name,
        )
        uow.session.delete(person)
        uow.commit()


# --- groups --------------------------------------------------------------------------------------


@dataclass
class GroupFields:
    name: str
    kind: GroupKind
    remit: Remit = Remit.JOINT
    short_name: str | None = None
    parent_id: int | None = None
    frequency: Frequency | None = None
    quorum: int | None = None
    statutory_partners_required: bool = False
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    # The roles that count towards the quorum ("deputy": a deputy in a counting member's place).
    counting_roles: frozenset[MemberRole] = DEFAULT_COUNTING_ROLES


def _check_quorum_fits(session: Session, group: Group, quorum: int | None, roles: frozenset[MemberRole]) -> None:
    """A quorum no meeting could reach is refused: more than the voting members the group has today (or
    on its last day). A group with no voting member yet is being set up, and its quorum waits for them."""
    if quorum is None or group.id is None:
        return
    day = dt.date.today()
    if group.end_date is not None and group.end_date < day:
        day = group.end_date
    seats = [role for role in roles if role is not MemberRole.DEPUTY]
    voting = session.scalar(
        select(func.count(func.distinct(Membership.person_id))).where(
            Membership.group_id == group.id,
            Membership.role.in_(seats),
            Membership.start_date <= day,
            (Membership.end_date.is_(None)) | (Membership.end_date >= day),
        )
    )
    if voting and quorum > voting:
        raise ValidationError(
            f"A quorum of {quorum} is more than the {voting} voting member{'s' if voting != 1 else ''} "
            f"'{group.name}' has on {format_date(day)}; no meeting could be quorate.",
            "quorum",
        )


def group_counting_roles(group: Group) -> frozenset[MemberRole]:
    return counting_roles_from_text(group.quorum_roles)


def _check_parent(session: Session, group: Group, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = session.get(Group, parent_id)
    if parent is None:
        raise ValidationError("The group it reports to no longer exists.", "parent_id")
    if group.id is None:
        return  # a new group has no subgroups yet

    def parent_of(group_id: int) -> int | None:
        return session.get(Group, group_id).parent_id

    loop = rules.reporting_loop(group.id, parent.id, parent_of)
    if loop:
        raise ValidationError(rules.loop_sentence([session.get(Group, part).name for part in loop]), "parent_id")


def _apply_group(session: Session, group: Group, fields: GroupFields) -> None:
    name = clean_text(fields.name, "name", "The group's name", required=True, limit=NAME_LIMIT)
    check_unique_name(session, Group, name, group.id, "a group")
    if not isinstance(fields.kind, GroupKind):
        raise ValidationError("Choose what kind of group this is.", "kind")
    if not isinstance(fields.remit, Remit):
        raise ValidationError("Choose the group's remit (joint, children or adults).", "remit")
    if fields.quorum is not None and fields.quorum < 1:
        raise ValidationError("The quorum must be at least one member present.", "quorum")
    check_fits(fields.quorum, "A quorum", "quorum")
    roles = check_counting_roles(fields.counting_roles)
    check_dates(fields.start_date, fields.end_date)
    _check_quorum_fits(session, group, fields.quorum, roles)
    group.name = name
    _check_parent(session, group, fields.parent_id)
    group.short_name = clean_text(fields.short_name, "short_name", "The short name", required=False, limit=SHORT_LIMIT)
    group.kind = fields.kind
    group.remit = fields.remit
    group.parent_id = fields.parent_id
    group.frequency = fields.frequency
    group.quorum = fields.quorum
    group.statutory_partners_required = bool(fields.statutory_partners_required)
    group.quorum_roles = counting_roles_to_text(roles)
    group.start_date = fields.start_date
    group.end_date = fields.end_date


def create_group(db: Database, fields: GroupFields) -> int:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        group = Group()
        _apply_group(uow.session, group, fields)
        uow.session.add(group)
        uow.commit()
        return group.id


def update_group(db: Database, group_id: int, fields: GroupFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        group = get_or_fail(uow.session, Group, group_id, "group")
        check_version(group, version, "group")
        _apply_group(uow.session, group, fields)
        uow.commit()


def end_group(db: Database, group_id: int, end_date: dt.date) -> None:
    """Closes a group (a task and finish group at the end of its work); open memberships end with it."""
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        group = get_or_fail(uow.session, Group, group_id, "group")
        check_dates(group.start_date, end_date)
        late = uow.session.scalars(
            select(Membership).where(Membership.group_id == group_id, Membership.start_date > end_date)
        ).first()
        if late is not None:
            raise ValidationError(
                f"{late.person.name} joined '{group.name}' on {format_date(late.start_date)}, "
                f"after {format_date(end_date)}; the group cannot end before that.",
                "end_date",
            )
        approved = _ApprovedRegisters(uow, group_id)
        group.end_date = end_date
        for membership in uow.session.scalars(
            select(Membership).where(
                Membership.group_id == group_id,
                (Membership.end_date.is_(None)) | (Membership.end_date > end_date),
            )
        ):
            membership.end_date = end_date
        approved.check()
        uow.commit()


def delete_group(db: Database, group_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        group = get_or_fail(uow.session, Group, group_id, "group")
        refuse_if_used(
            uow.session,
            [
                (select(Group.id).where(Group.parent_id == group_id), "groups reporting to it"),
                (select(Membership.id).where(Membership.group_id == group_id), "memberships"),
                (select(Meeting.id).where(Meeting.group_id == group_id), "meetings"),
                (select(Challenge.id).where(Challenge.raised_at_group_id == group_id), "challenges"),
                (select(Challenge.id).where(Challenge.escalated_to_group_id == group_id), "escalated challenges"),
            ],
            "The group",
            group.name,
        )
        uow.session.delete(group)
        uow.commit()


# --- memberships ---------------------------------------------------------------------------------


@dataclass
class MembershipFields:
    group_id: int
    person_id: int
    role: MemberRole
    start_date: dt.date
    end_date: dt.date | None = None
    # The agency represented; by default the person's own agency on the start date.
    agency_id: int | None = None
    deputy_for_id: int | None = None


def _apply_membership(session: Session, membership: Membership, fields: MembershipFields) -> None:
    group = session.get(Group, fields.group_id)
    if group is None:
        raise ValidationError("The group no longer exists.", "group_id")
    person = session.get(Person, fields.person_id) if fields.person_id is not None else None
    if person is None:
        raise ValidationError("Choose the person who sits on the group.", "person_id")
    if not isinstance(fields.role, MemberRole):
        raise ValidationError("Choose the member's role.", "role")
    if fields.start_date is None:
        raise ValidationError("Give the date the membership starts.", "start_date")
    check_dates(fields.start_date, fields.end_date)
    outside = rules.outside_group(group.name, group.start_date, group.end_date, fields.start_date, fields.end_date)
    if outside:
        field, problem = outside
        raise ValidationError(problem, field)
    if membership.id is None and not person.active:
        raise ValidationError(f"{person.name} is marked inactive; make them active first.", "person_id")
    agency_id = fields.agency_id if fields.agency_id is not None else person.agency_id
    if session.get(Agency, agency_id) is None:
        raise ValidationError("The agency represented no longer exists.", "agency_id")
    others = session.scalars(
        select(Membership).where(
            Membership.group_id == group.id,
            Membership.person_id == person.id,
            Membership.id != (membership.id or -1),
        )
    )
    for other in others:
        if rules.overlaps(fields.start_date, fields.end_date, other.start_date, other.end_date):
            raise ValidationError(
                rules.already_a_member(person.name, group.name, other.start_date, other.end_date), "start_date"
            )
    if fields.deputy_for_id is not None:
        principal = session.get(Membership, fields.deputy_for_id)
        if principal is None or principal.group_id != group.id:
            raise ValidationError("A deputy must stand in for a member of the same group.", "deputy_for_id")
        problem = rules.deputy_problem(person.name, principal.person_id == person.id, fields.role)
        if problem:
            raise ValidationError(problem, "deputy_for_id" if principal.person_id == person.id else "role")
    membership.group_id = group.id
    membership.person_id = person.id
    membership.role = fields.role
    membership.agency_id = agency_id
    membership.start_date = fields.start_date
    membership.end_date = fields.end_date
    membership.deputy_for_id = fields.deputy_for_id


def _taken_registers_since(session: Session, membership: Membership) -> list[Meeting]:
    """Held meetings of the group in the membership's term whose register was already taken (it has
    lines) but has none for this person: the registers they were entered too late to be on."""
    has_lines = select(Attendance.id).where(Attendance.meeting_id == Meeting.id).exists()
    own_line = (
        select(Attendance.id)
        .where(Attendance.meeting_id == Meeting.id, Attendance.person_id == membership.person_id)
        .exists()
    )
    query = select(Meeting).where(
        Meeting.group_id == membership.group_id,
        Meeting.status == MeetingStatus.HELD,
        Meeting.meeting_date >= membership.start_date,
        has_lines,
        ~own_line,
    )
    if membership.end_date is not None:
        query = query.where(Meeting.meeting_date <= membership.end_date)
    return list(session.scalars(query.order_by(Meeting.meeting_date)))


class _ApprovedRegisters:
    """The registers of the groups' approved meetings, read before a membership change and compared after
    it: a change that would alter one is refused (domain/minutes.py, register_as_approved)."""

    def __init__(self, uow: UnitOfWork, *group_ids: int | None) -> None:
        self.uow = uow
        self.group_ids = {group_id for group_id in group_ids if group_id is not None}
        self.meetings = list(
            uow.session.scalars(
                select(Meeting)
                .where(
                    Meeting.group_id.in_(self.group_ids),
                    or_(Meeting.minutes_approved_at_id.is_not(None), Meeting.minutes_approved_on.is_not(None)),
                )
                .order_by(Meeting.meeting_date, Meeting.id)
            )
        )
        self.before = self._registers()

    def _registers(self) -> dict[int, frozenset]:
        if not self.meetings:
            return {}
        session = self.uow.session
        memberships = list(session.scalars(select(Membership).where(Membership.group_id.in_(self.group_ids))))
        holder = {m.id: m.person_id for m in memberships}
        seats = [
            (
                Seat(m.person_id, m.group_id, m.agency_id, m.start_date, m.end_date, m.registers_from, m.role),
                holder.get(m.deputy_for_id),
            )
            for m in memberships
        ]
        recorded: dict[int, set[int]] = {meeting.id: set() for meeting in self.meetings}
        for meeting_id, person_id in session.execute(
            select(Attendance.meeting_id, Attendance.person_id).where(Attendance.meeting_id.in_(recorded))
        ):
            recorded[meeting_id].add(person_id)
        return {
            meeting.id: minutes_rules.register_as_approved(
                meeting.meeting_date,
                [pair for pair in seats if pair[0].group_id == meeting.group_id],
                recorded[meeting.id],
            )
            for meeting in self.meetings
        }

    def check(self) -> None:
        from board_admin.services.meetings import minutes_approval  # it builds on this module

        self.uow.flush()
        after = self._registers()
        for meeting in self.meetings:
            if after[meeting.id] != self.before[meeting.id]:
                raise ValidationError(
                    minutes_rules.register_changed_sentence(
                        meeting.group.name, meeting.meeting_date, minutes_approval(meeting)
                    ),
                    "start_date",
                )


def add_membership(db: Database, fields: MembershipFields) -> int:
    """A new seat. One whose start date is before registers already taken is left off those registers (it
    was not on them when they were taken); `add_to_past_registers` puts the member on them, not recorded."""
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        approved = _ApprovedRegisters(uow, fields.group_id)
        membership = Membership()
        _apply_membership(uow.session, membership, fields)
        uow.session.add(membership)
        uow.flush()
        if membership.role is not MemberRole.DEPUTY:
            taken = _taken_registers_since(uow.session, membership)
            if taken:
                membership.registers_from = taken[-1].meeting_date + dt.timedelta(days=1)
        approved.check()
        uow.commit()
        return membership.id


def _registers_to_add(session: Session, membership: Membership) -> tuple[list[Meeting], dt.date | None]:
    """The registers a member entered late may still be put on: those left off (see add_membership) after
    the last one whose minutes are approved, which stays as it was approved; and the day they start from."""
    if membership.registers_from is None:
        return [], None
    left_off = [m for m in _taken_registers_since(session, membership) if m.meeting_date < membership.registers_from]
    approved = [m.meeting_date for m in left_off if m.minutes_approved_at_id is not None]
    if not approved:
        return left_off, None
    return [m for m in left_off if m.meeting_date > max(approved)], max(approved) + dt.timedelta(days=1)


def registers_left_off(db: Database, membership_id: int) -> list[dt.date]:
    """The dates of the held meetings whose registers the member is left off and may still be put on (not
    those of minutes already approved)."""
    with db.session() as session:
        membership = get_or_fail(session, Membership, membership_id, "membership")
        return [meeting.meeting_date for meeting in _registers_to_add(session, membership)[0]]


def add_to_past_registers(db: Database, membership_id: int) -> int:
    """Puts a member entered late on the registers of the held meetings since their start date, as not
    recorded: neither attended nor missed until someone records them; never on a register of approved
    minutes, nor one before it. Returns how many registers."""
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        membership = get_or_fail(uow.session, Membership, membership_id, "membership")
        approved = _ApprovedRegisters(uow, membership.group_id)
        meetings, registers_from = _registers_to_add(uow.session, membership)
        if meetings:
            membership.registers_from = registers_from
        approved.check()
        uow.commit()
        return len(meetings)


def update_membership(db: Database, membership_id: int, fields: MembershipFields, version: int | None = None) -> None:
    """Corrects a membership's details; to record a change over time use end_membership or change_role."""
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        membership = get_or_fail(uow.session, Membership, membership_id, "membership")
        check_version(membership, version, "membership")
        approved = _ApprovedRegisters(uow, membership.group_id, fields.group_id)
        _apply_membership(uow.session, membership, fields)
        approved.check()
        uow.commit()


def end_membership(db: Database, membership_id: int, end_date: dt.date) -> None:
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        membership = get_or_fail(uow.session, Membership, membership_id, "membership")
        check_dates(membership.start_date, end_date)
        approved = _ApprovedRegisters(uow, membership.group_id)
        membership.end_date = end_date
        # Deputies stand in for a member; their seat ends with the member's.
        for deputy in uow.session.scalars(select(Membership).where(Membership.deputy_for_id == membership_id)):
            if deputy.end_date is None or deputy.end_date > end_date:
                deputy.end_date = max(end_date, deputy.start_date)
        approved.check()
        uow.commit()


def change_role(db: Database, membership_id: int, role: MemberRole, from_date: dt.date) -> int:
    """Records a new role from a date: the old membership ends the day before, a new one starts.

    Returns the id of the membership that holds the new role. A change dated on the first day of the
    membership is a correction and changes the role in place.
    """
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        current = get_or_fail(uow.session, Membership, membership_id, "membership")
        approved = _ApprovedRegisters(uow, current.group_id)
        check_date_in_range(from_date, "from_date")
        if from_date < current.start_date:
            raise ValidationError(
                f"The membership began on {format_date(current.start_date)}; a new role cannot start before that.",
                "start_date",
            )
        if current.end_date is not None and from_date > current.end_date:
            raise ValidationError(
                f"The membership ended on {format_date(current.end_date)}; a new role cannot start after that.",
                "start_date",
            )
        if from_date == current.start_date:
            current.role = role
            if role is not MemberRole.DEPUTY:
                current.deputy_for_id = None
            approved.check()
            uow.commit()
            return current.id
        successor = Membership(
            group_id=current.group_id,
            person_id=current.person_id,
            role=role,
            agency_id=current.agency_id,
            start_date=from_date,
            end_date=current.end_date,
            deputy_for_id=current.deputy_for_id if role is MemberRole.DEPUTY else None,
            registers_from=current.registers_from
            if current.registers_from is not None and current.registers_from > from_date
            else None,
        )
        current.end_date = from_date - dt.timedelta(days=1)
        uow.session.add(successor)
        uow.flush()
        # Deputies follow the member into the new role's membership.
        for deputy in uow.session.scalars(select(Membership).where(Membership.deputy_for_id == current.id)):
            deputy.deputy_for_id = successor.id
        approved.check()
        uow.commit()
        return successor.id


def delete_membership(db: Database, membership_id: int) -> None:
    """Removes a membership entered by mistake; one that ended normally should be ended, not deleted."""
    with UnitOfWork(db, Permission.EDIT_STRUCTURE) as uow:
        membership = get_or_fail(uow.session, Membership, membership_id, "membership")
        approved = _ApprovedRegisters(uow, membership.group_id)
        for deputy in uow.session.scalars(select(Membership).where(Membership.deputy_for_id == membership_id)):
            deputy.deputy_for_id = None
        uow.session.delete(membership)
        approved.check()
        uow.commit()
