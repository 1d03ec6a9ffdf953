"""Attendance by agency, the first view of the Attendance page and the first sheet of its exports, as one
aggregate query; the meetings behind an agency's rate only when they are asked for.

Ten years of registers are more than a hundred thousand lines: the rate of every agency is counted by the
database in one statement (the rules of `domain.attendance`, written in SQL: `agency_counts`), not by
building every line in Python. The drill-down works its one agency's lines out with the domain functions
themselves, when a rate is opened. tests/unit/reports/test_attendance_agencies.py checks, over random
registers on SQLite and PostgreSQL, that the statement counts what `domain.attendance.agency_tallies` counts.

`register_facts` is the fetch the whole report (`reports.attendance`) and the drill-down share: the period's
meetings, the seats and the register lines, as the domain's plain rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, partial
from operator import itemgetter

from sqlalchemy import Date, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Attendance, Group, Meeting, Membership, Person
from board_admin.domain.attendance import (
    REPRESENTING,
    AttendanceThresholds,
    Expected,
    HeldMeeting,
    Occasion,
    Period,
    ScheduledMeeting,
    Seat,
    agency_tallies,
    band,
    expected_lines,
    meeting_occasions,
    rate_of,
)
from board_admin.domain.enums import AttendanceStatus, MeetingStatus, MemberRole, Rag, Sector


@dataclass(frozen=True)
class DrillLine:
    """One meeting behind a rate: what happened, and whether it counted towards the rate's top line."""

    meeting_id: int
    group_name: str
    meeting_date: dt.date
    outcome: str
    counted: bool


@dataclass(frozen=True)
class AgencyRow:
    agency_id: int
    agency_name: str
    sector: Sector
    statutory_partner: bool
    expected: int
    represented: int
    rate: Fraction | None
    band: Rag | None
    not_recorded: int = 0  # held meetings with its members on the register but none of their lines recorded
    # Works out the meetings behind the rate (`agency_meetings`) when the row is opened.
    drill: Callable[[], tuple[DrillLine, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def meetings(self) -> tuple[DrillLine, ...]:
        return self.drill() if self.drill is not None else ()


def _in(column, wanted: Collection[int] | None):
    return True if wanted is None else column.in_(list(wanted))


# --- the rows the rules work on ------------------------------------------------------------------


@dataclass
class RegisterFacts:
    """What the rules of domain.attendance are worked out from, for a period and a selection of groups."""

    occasions: list[Occasion]  # every meeting counted once, in the period (domain.meeting_occasions)
    lines: list[Expected]  # every member expected at a held meeting, with their mark
    person_names: dict[int, str]
    agencies: dict[int, tuple[str, Sector, bool]]  # name, sector, statutory partner
    deputies: dict[tuple[int, int], str]  # (meeting, member): the deputy's name
    recorded_meetings: set[int]  # held meetings with at least one register line (anyone's)

    def outcome(self, line: Expected) -> str:
        """What a person's line says, in words, for the drill-down."""
        if line.status is None:
            return "Register missing" if line.meeting.id not in self.recorded_meetings else "Not recorded"
        if line.status is AttendanceStatus.DEPUTY:
            name = self.deputies.get((line.meeting.id, line.seat.person_id))
            return f"Deputy sent ({name})" if name else "Deputy sent"
        return line.status.label


def register_facts(
    session: Session, period: Period, wanted: Collection[int] | None, people: Collection[int] | None = None
) -> RegisterFacts:
    """Five queries (meetings, seats, register lines, deputies, which meetings have a register); `people`, when given,
    narrows the seats and lines to those people (the drill-down of one agency)."""
    # Run on the connection: the ORM's handling of each row added a third to the time ten years of lines took.
    connection = session.connection()
    statements = _facts_statements(wanted is not None, people is not None)
    parameters = {"start": period.start, "end": period.end}
    if wanted is not None:
        parameters["groups"] = sorted(wanted)
    if people is not None:
        parameters["people"] = sorted(people)
    meeting_rows = connection.execute(statements.meetings, parameters).all()
    seat_rows = connection.execute(statements.seats, parameters).all()
    mark_rows = connection.execute(statements.marks, parameters).all()
    deputy_rows = connection.execute(statements.deputies, parameters).all()
    if people is None:
        recorded_meetings = set(map(itemgetter(0), mark_rows))  # the meeting ids
    else:
        recorded_meetings = set(connection.scalars(statements.recorded, parameters))

    person_names: dict[int, str] = {}
    agencies: dict[int, tuple[str, Sector, bool]] = {}
    seats = []
    for row in seat_rows:
        person_id, group_id, agency_id, start, end, person_name, agency_name, sector, statutory = row[:9]
        person_names[person_id] = person_name
        agencies[agency_id] = (agency_name, sector, bool(statutory))
        seats.append(Seat(person_id, group_id, agency_id, start, end, row.registers_from, row.role))
    occasions = [
        occasion
        for occasion in meeting_occasions(
            ScheduledMeeting(
                row.id, row.group_id, row.meeting_date, row.status, row.postponed_to_id, row.cancellation_reason
            )
            for row in meeting_rows
        )
        if occasion.date in period
    ]
    held = [
        HeldMeeting(occasion.meeting.id, occasion.meeting.group_id, occasion.date)
        for occasion in occasions
        if occasion.outcome is MeetingStatus.HELD
    ]
    deputies = {(meeting_id, person_id): name for meeting_id, person_id, name in deputy_rows}
    lines = expected_lines(held, seats, mark_rows)  # (meeting, person, status): each row a Mark but in name
    return RegisterFacts(occasions, lines, person_names, agencies, deputies, recorded_meetings)


@dataclass(frozen=True)
class _FactsStatements:
    meetings: Select
    seats: Select
    marks: Select
    deputies: Select
    recorded: Select


@cache
def _facts_statements(selected: bool, narrowed: bool) -> _FactsStatements:
    """`register_facts`' statements, built once with parameters (start, end, groups when `selected`, people
    when `narrowed`): building them took as long as running them on ten years of one group."""
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)

    def of_groups(column):
        return column.in_(bindparam("groups", expanding=True)) if selected else True

    def of_people(column):
        return column.in_(bindparam("people", expanding=True)) if narrowed else True

    # The period's meetings, and the postponed ones (from any date) that may have moved into it.
    meetings = (
        select(
            Meeting.id,
            Meeting.group_id,
            Meeting.meeting_date,
            Meeting.status,
            Meeting.cancellation_reason,
            Meeting.postponed_to_id,
        )
        .where(
            or_(Meeting.meeting_date.between(start, end), Meeting.status == MeetingStatus.POSTPONED),
            of_groups(Meeting.group_id),
        )
        .order_by(Meeting.meeting_date, Meeting.id)
    )
    seats = (
        select(
            Membership.person_id,
            Membership.group_id,
            Membership.agency_id,
            Membership.start_date,
            Membership.end_date,
            Person.name,
            Agency.name,
            Agency.sector,
            Agency.statutory_partner,
            Membership.registers_from,
            Membership.role,
        )
        .join(Person, Person.id == Membership.person_id)
        .join(Agency, Agency.id == Membership.agency_id)
        .where(
            Membership.role != MemberRole.DEPUTY,
            Membership.start_date <= end,
            or_(Membership.end_date.is_(None), Membership.end_date >= start),
            of_groups(Membership.group_id),
            of_people(Membership.person_id),
        )
        # In the order of entry: of two seats starting the same day, the first entered counts (as in SQL).
        .order_by(Membership.id)
    )
    deputy = aliased(Person)
    held_in_period = and_(
        Meeting.meeting_date.between(start, end), Meeting.status == MeetingStatus.HELD, of_groups(Meeting.group_id)
    )
    # Mark's columns, so that the rows go to the domain as they are.
    marks = (
        select(Attendance.meeting_id, Attendance.person_id, Attendance.status)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(held_in_period, of_people(Attendance.person_id))
    )
    deputies = (
        select(Attendance.meeting_id, Attendance.person_id, deputy.name)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(deputy, deputy.id == Attendance.deputy_id)
        .where(held_in_period, of_people(Attendance.person_id))
    )
    recorded = (
        select(Attendance.meeting_id)
        .distinct()
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(held_in_period)
    )
    return _FactsStatements(meetings, seats, marks, deputies, recorded)


# --- the agency rates, counted by the database ---------------------------------------------------


def agency_counts_query(period: Period, wanted: Collection[int] | None) -> tuple[Select, dict]:
    """The statement and its parameters for the period and groups (None: every group). Per agency: its id,
    meetings expected with a line recorded, meetings represented, meetings with its members expected but
    none of their lines recorded; then its name, sector and whether a statutory partner.

    The rules of domain.attendance, in SQL: a member is expected at each held meeting of the group on a
    date their seat is active (a seat entered after the register was taken only if a line was recorded
    after all); a person with two seats on one group is expected once, for the seat that started first;
    a line marked present or deputy sent represents the agency; a line not there, or marked as a guest,
    is not recorded; two members of one agency at one meeting count once.
    """
    parameters = {"start": period.start, "end": period.end}
    if wanted is not None:
        parameters["groups"] = sorted(wanted)
    return _agency_counts(wanted is not None), parameters


@cache
def _agency_counts(selected: bool) -> Select:
    """Built once (building it took longer than running it on a year of one group), with parameters."""
    held = (
        select(Meeting.id, Meeting.group_id, Meeting.meeting_date)
        .where(
            Meeting.status == MeetingStatus.HELD,
            Meeting.meeting_date.between(bindparam("start", type_=Date), bindparam("end", type_=Date)),
            Meeting.group_id.in_(bindparam("groups", expanding=True)) if selected else True,
        )
        .cte("held")
    )
    line = (
        select(
            held.c.id.label("meeting_id"),
            Membership.agency_id,
            Attendance.status,
            func.row_number()
            .over(partition_by=(held.c.id, Membership.person_id), order_by=(Membership.start_date, Membership.id))
            .label("nth"),
        )
        .select_from(held)
        .join(
            Membership,
            and_(
                Membership.group_id == held.c.group_id,
                Membership.role != MemberRole.DEPUTY,
                Membership.start_date <= held.c.meeting_date,
                or_(Membership.end_date.is_(None), Membership.end_date >= held.c.meeting_date),
            ),
        )
        .outerjoin(Attendance, and_(Attendance.meeting_id == held.c.id, Attendance.person_id == Membership.person_id))
        .where(
            or_(
                Attendance.id.is_not(None),
                Membership.registers_from.is_(None),
                Membership.registers_from <= held.c.meeting_date,
            )
        )
        .cte("line")
    )
    came = case((line.c.status.in_(REPRESENTING), 1), else_=0)
    recorded = case((and_(line.c.status.is_not(None), line.c.status != AttendanceStatus.GUEST), 1), else_=0)
    per_meeting = (
        select(line.c.agency_id, func.max(came).label("came"), func.max(recorded).label("recorded"))
        .where(line.c.nth == 1)
        .group_by(line.c.meeting_id, line.c.agency_id)
        .subquery("per_meeting")
    )
    counts = (
        select(
            per_meeting.c.agency_id,
            func.sum(per_meeting.c.recorded).label("recorded"),
            func.sum(per_meeting.c.came).label("represented"),
            (func.count() - func.sum(per_meeting.c.recorded)).label("not_recorded"),
        )
        .group_by(per_meeting.c.agency_id)
        .subquery("counts")
    )
    return select(
        Agency.id,
        counts.c.recorded,
        counts.c.represented,
        counts.c.not_recorded,
        Agency.name,
        Agency.sector,
        Agency.statutory_partner,
    ).join(counts, counts.c.agency_id == Agency.id)


def agency_rows(
    database: Database, period: Period, wanted: Collection[int] | None, thresholds: AttendanceThresholds
) -> tuple[AgencyRow, ...]:
    """Attendance by agency, by agency name; the meetings behind each rate are worked out when opened."""
    with database.session() as session:
        rows = session.execute(*agency_counts_query(period, wanted)).all()
    counts = [
        (agency_id, int(expected), int(represented), int(not_recorded), name, sector, bool(statutory))
        for agency_id, expected, represented, not_recorded, name, sector, statutory in rows
    ]
    return _agency_rows(database, period, wanted, thresholds, counts)


def agency_rows_from_facts(
    database: Database,
    period: Period,
    wanted: Collection[int] | None,
    thresholds: AttendanceThresholds,
    facts: RegisterFacts,
) -> tuple[AgencyRow, ...]:
    """`agency_rows` tallied from register lines already read (`register_facts`, for a report that works out
    every view, as an export does): the domain's own count, which the aggregate query is checked against,
    costs less than running the query beside the lines."""
    counts = []
    for tally in agency_tallies(facts.lines):
        name, sector, statutory = facts.agencies[tally.agency_id]
        counts.append((tally.agency_id, tally.expected, tally.represented, tally.not_recorded, name, sector, statutory))
    return _agency_rows(database, period, wanted, thresholds, counts)


def _agency_rows(database, period, wanted, thresholds, counts) -> tuple[AgencyRow, ...]:
    """The rows, by agency name, from (id, expected, represented, not recorded, name, sector, statutory)."""
    result = []
    for agency_id, expected, represented, not_recorded, name, sector, statutory in counts:
        rate = rate_of(represented, expected)
        drill = partial(agency_meetings, database, period, wanted, agency_id)
        result.append(
            AgencyRow(
                agency_id, name, sector, statutory, expected, represented, rate, band(rate, thresholds),
                not_recorded, drill,
            )
        )  # fmt: skip
    result.sort(key=lambda row: row.agency_name.casefold())
    return tuple(result)


# --- the meetings behind a rate ------------------------------------------------------------------


def agency_meetings(
    database: Database, period: Period, wanted: Collection[int] | None, agency_id: int
) -> tuple[DrillLine, ...]:
    """The held meetings behind one agency's rate, in date order: who came for it, or that nobody did, or
    that its members' lines were never recorded. Worked out by the domain's rules from the lines of the
    people who held a seat for the agency (their other seats too: the earlier seat decides whom a person
    stands for)."""
    members = (
        select(Membership.person_id)
        .where(
            Membership.agency_id == agency_id,
            Membership.role != MemberRole.DEPUTY,
            Membership.start_date <= period.end,
            or_(Membership.end_date.is_(None), Membership.end_date >= period.start),
            _in(Membership.group_id, wanted),
        )
        .distinct()
    )
    with database.session() as session:
        people = set(session.scalars(members))
        if not people:
            return ()
        facts = register_facts(session, period, wanted, people)
        names = dict(session.execute(select(Group.id, Group.name).where(_in(Group.id, wanted))).all())
    tally = next((tally for tally in agency_tallies(facts.lines) if tally.agency_id == agency_id), None)
    return () if tally is None else agency_drill(facts, tally, names)


def agency_drill(facts: RegisterFacts, tally, group_name: dict[int, str]) -> tuple[DrillLine, ...]:
    """The drill-down lines of one agency's tally (domain.attendance.AgencyTally)."""
    came_for: dict[int, list[str]] = defaultdict(list)
    for line in facts.lines:
        if line.seat.agency_id != tally.agency_id:
            continue
        if line.status is AttendanceStatus.PRESENT:
            came_for[line.meeting.id].append(facts.person_names[line.seat.person_id])
        elif line.status is AttendanceStatus.DEPUTY:
            name = facts.deputies.get((line.meeting.id, line.seat.person_id), "a deputy")
            came_for[line.meeting.id].append(f"{name} (deputy for {facts.person_names[line.seat.person_id]})")
    drill = [
        DrillLine(
            meeting.id,
            group_name[meeting.group_id],
            meeting.date,
            ("Represented by " + ", ".join(came_for[meeting.id])) if came else "Not represented",
            came,
        )
        for meeting, came in tally.meetings
    ]
    drill += [
        DrillLine(
            meeting.id,
            group_name[meeting.group_id],
            meeting.date,
            "Register missing" if meeting.id not in facts.recorded_meetings else "Not recorded",
            False,
        )
        for meeting in tally.unrecorded_meetings
    ]
    drill.sort(key=lambda line: (line.meeting_date, line.meeting_id))
    return tuple(drill)
