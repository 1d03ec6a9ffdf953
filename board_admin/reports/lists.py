"""The lists the screens show: agencies, people, groups and their members, meetings, challenges (the money:
reports/funding.py).

Every function takes the Database, opens its own session and returns frozen rows. Enum columns come
back as the domain enums (the screens show their `.label`), money as whole pence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import aliased

from board_admin.db.engine import Database
from board_admin.db.models import (
    Agency,
    Group,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain.enums import Frequency, GroupKind, MeetingStatus, MemberRole, Remit, Sector
from board_admin.domain.names import surname_key
from board_admin.reports.challenges import ChallengeLogRow, challenge_log, overdue_challenges

# --- shared --------------------------------------------------------------------------------------

T = TypeVar("T")


def membership_active_on(on_date: dt.date) -> ColumnElement[bool]:
    """A membership counts on a day from its start date to its end date, both included."""
    return and_(
        Membership.start_date <= on_date,
        or_(Membership.end_date.is_(None), Membership.end_date >= on_date),
    )


def _pence(value: object) -> int:
    # PostgreSQL's SUM of a bigint is a numeric (Decimal); pence are whole numbers either way.
    return int(value or 0)


# --- agencies and people -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    short_name: str | None
    sector: Sector
    statutory_partner: bool
    active: bool
    active_people: int


# An agency's own columns in `AgencyRow`'s order (its count of people follows).
AGENCY_COLUMNS = (Agency.id, Agency.name, Agency.short_name, Agency.sector, Agency.statutory_partner, Agency.active)


def agency_rows(database: Database) -> list[AgencyRow]:
    """Every agency, active or not, by name, with the number of its active people."""
    people = (
        select(Person.agency_id, func.count().label("people"))
        .where(Person.active.is_(True))
        .group_by(Person.agency_id)
        .subquery()
    )
    query = (
        select(*AGENCY_COLUMNS, func.coalesce(people.c.people, 0))
        .outerjoin(people, people.c.agency_id == Agency.id)
        .order_by(func.lower(Agency.name))
    )
    with database.session() as session:
        return [AgencyRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    agency_id: int
    agency_name: str
    job_title: str | None
    email: str | None
    phone: str | None
    active: bool


# A person's columns in `PersonRow`'s order, read with the agency they work for now.
PERSON_COLUMNS = (
    Person.id,
    Person.name,
    Person.agency_id,
    Agency.name,
    Person.job_title,
    Person.email,
    Person.phone,
    Person.active,
)


def person_rows(database: Database) -> list[PersonRow]:
    """Everyone, active or not, by surname, with the agency they work for now."""
    query = select(*PERSON_COLUMNS).join(Agency, Agency.id == Person.agency_id).order_by(func.lower(Person.name))
    with database.session() as session:
        return sorted_by_surname([PersonRow(*row) for row in session.execute(query)])


def sorted_by_surname(rows: Iterable[T], name: Callable[[T], str] = lambda row: row.name) -> list[T]:
    """The one order of people in every list and picker: by surname, then first names ("Cllr" and "Dr"
    left aside)."""
    return sorted(rows, key=lambda row: surname_key(name(row)))


# --- boards and groups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    short_name: str | None
    kind: GroupKind
    remit: Remit
    parent_id: int | None
    frequency: Frequency | None
    quorum: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    # Names of the chairs on the day asked for; co-chairs are both named.
    chairs: tuple[str, ...]
    members: int

    @property
    def dotted_line(self) -> bool:
        """Linked to its parent board without reporting to it."""
        return self.kind is GroupKind.DOTTED_LINE_FORUM

    def ended_by(self, on_date: dt.date) -> bool:
        return self.end_date is not None and self.end_date < on_date


# A group's own columns in `GroupRow`'s order (its chairs and its count of members follow).
GROUP_COLUMNS = (
    Group.id,
    Group.name,
    Group.short_name,
    Group.kind,
    Group.remit,
    Group.parent_id,
    Group.frequency,
    Group.quorum,
    Group.start_date,
    Group.end_date,
)


def group_rows(database: Database, on_date: dt.date | None = None) -> list[GroupRow]:
    """Every group by name, with its chair(s) and the number of people sitting on it on `on_date` (today)."""
    on_date = on_date or dt.date.today()
    members = (
        select(Membership.group_id, func.count(func.distinct(Membership.person_id)).label("members"))
        .where(membership_active_on(on_date))
        .group_by(Membership.group_id)
        .subquery()
    )
    groups = (
        select(*GROUP_COLUMNS, func.coalesce(members.c.members, 0))
        .outerjoin(members, members.c.group_id == Group.id)
        .order_by(func.lower(Group.name))
    )
    chairs_query = (
        select(Membership.group_id, Person.name)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.role == MemberRole.CHAIR, membership_active_on(on_date))
        .order_by(Membership.start_date, func.lower(Person.name))
    )
    with database.session() as session:
        chairs: dict[int, list[str]] = defaultdict(list)
        for group_id, name in session.execute(chairs_query):
            chairs[group_id].append(name)
        return [
            GroupRow(*row[:10], chairs=tuple(chairs.get(row[0], ())), members=row[10])
            for row in session.execute(groups)
        ]


@dataclass(frozen=True)
class MemberRow:
    """One membership: seen from the group, from the person or from the agency represented."""

    membership_id: int
    group_id: int
    group_name: str
    person_id: int
    person_name: str
    role: MemberRole
    agency_id: int
    # The agency the person represented on the group, which may not be the one they work for today.
    agency_name: str
    start_date: dt.date
    end_date: dt.date | None
    deputy_for: str | None

    def current_on(self, on_date: dt.date) -> bool:
        return self.start_date <= on_date and (self.end_date is None or self.end_date >= on_date)


_ROLE_ORDER = {role: position for position, role in enumerate(MemberRole)}


def members_on(database: Database, group_id: int, on_date: dt.date) -> list[MemberRow]:
    """The members of a group on a day: chair first, then by role as listed in MemberRole, then by name."""
    rows = member_rows(database, Membership.group_id == group_id, membership_active_on(on_date))
    return sorted(rows, key=lambda row: (_ROLE_ORDER[row.role], surname_key(row.person_name)))


def member_rows(database: Database, *conditions) -> list[MemberRow]:
    """The memberships meeting `conditions`, with the group, the person, the agency represented and whom a deputy
    stands in for; in no particular order."""
    principal = aliased(Membership)
    principal_person = aliased(Person)
    query = (
        select(
            Membership.id,
            Membership.group_id,
            Group.name,
            Membership.person_id,
            Person.name,
            Membership.role,
            Membership.agency_id,
            Agency.name,
            Membership.start_date,
            Membership.end_date,
            principal_person.name,
        )
        .join(Group, Group.id == Membership.group_id)
        .join(Person, Person.id == Membership.person_id)
        .join(Agency, Agency.id == Membership.agency_id)
        .outerjoin(principal, principal.id == Membership.deputy_for_id)
        .outerjoin(principal_person, principal_person.id == principal.person_id)
        .where(*conditions)
    )
    with database.session() as session:
        return [MemberRow(*row) for row in session.execute(query)]


# --- meetings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptAtAMeeting:
    """A record kept at a meeting (an action, a declaration of interest): the record, and the meeting's group
    and date. A row class adds the record's own fields after these."""

    id: int
    version: int
    meeting_id: int
    group_id: int
    group_name: str
    meeting_date: dt.date


def kept_at_a_meeting(model) -> tuple:
    """The columns of `KeptAtAMeeting` for a record of `model`, for a query joined to its meeting and group."""
    return (model.id, model.version, model.meeting_id, Meeting.group_id, Group.name, Meeting.meeting_date)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    group_id: int
    group_name: str
    meeting_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    location: str | None
    status: MeetingStatus
    cancellation_reason: str | None
    postponed_to: dt.date | None
    # The date the minutes were approved: of the meeting that approved them, or a date kept without one.
    minutes_approved_on: dt.date | None
    # Raised by every change of the meeting's row (optimistic locking); the calendar's SEQUENCE follows it.
    version: int = 1


# When and where a meeting is, and whether it goes ahead, in `MeetingRow`'s order.
MEETING_PLAN_COLUMNS = (
    Meeting.meeting_date,
    Meeting.start_time,
    Meeting.end_time,
    Meeting.location,
    Meeting.status,
    Meeting.cancellation_reason,
)


def _meeting_query():
    replacement = aliased(Meeting)
    approving = aliased(Meeting)
    return (
        select(
            Meeting.id,
            Meeting.group_id,
            Group.name,
            *MEETING_PLAN_COLUMNS,
            replacement.meeting_date,
            func.coalesce(approving.meeting_date, Meeting.minutes_approved_on),
            Meeting.version,
        )
        .join(Group, Group.id == Meeting.group_id)
        .outerjoin(replacement, replacement.id == Meeting.postponed_to_id)
        .outerjoin(approving, approving.id == Meeting.minutes_approved_at_id)
    )


def meeting_rows(
    database: Database,
    *,
    group_id: int | None = None,
    status: MeetingStatus | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[MeetingRow]:
    """Meetings, newest first, optionally of one group, with one status, or between two dates (included)."""
    query = _meeting_query()
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    if status is not None:
        query = query.where(Meeting.status == status)
    if start is not None:
        query = query.where(Meeting.meeting_date >= start)
    if end is not None:
        query = query.where(Meeting.meeting_date <= end)
    query = query.order_by(Meeting.meeting_date.desc(), func.lower(Group.name))
    with database.session() as session:
        return [MeetingRow(*row) for row in session.execute(query)]


def next_meetings(database: Database, from_date: dt.date | None = None, limit: int = 5) -> list[MeetingRow]:
    """The next planned meetings from `from_date` (today) on, soonest first."""
    from_date = from_date or dt.date.today()
    query = (
        _meeting_query()
        .where(Meeting.status == MeetingStatus.PLANNED, Meeting.meeting_date >= from_date)
        .order_by(Meeting.meeting_date, Meeting.start_time, func.lower(Group.name))
        .limit(limit)
    )
    with database.session() as session:
        return [MeetingRow(*row) for row in session.execute(query)]


# --- challenge log -------------------------------------------------------------------------------


def challenge_rows(
    database: Database, on_date: dt.date | None = None, *, overdue_only: bool = False
) -> list[ChallengeLogRow]:
    """The whole challenge log, newest first; `overdue` is judged on `on_date` (today). The log's own rows, so
    that the dashboard counts as overdue exactly what the challenge log shows as overdue. overdue_only: only
    the overdue ones are read (the dashboard's list)."""
    if overdue_only:
        return overdue_challenges(database, on_date or dt.date.today())
    return challenge_log(database, on_date or dt.date.today())
