"""The chair's attendance view: by agency, by person, by group, the member x meeting matrix, the meetings
behind every rate, and the registers still to complete; for a period and a selection of groups.

One report function, `attendance_report`, feeds the Attendance page and both exports, so the figures sent
out are the figures on screen. Each view is worked out when first read: by agency as one aggregate query
(reports/attendance_agencies.py, its drill-down when a rate is opened); by person, by group, the matrices
and the registers to complete from the register lines with the rules of `domain.attendance`, the lines read
once with five queries (reports.attendance_agencies.register_facts): never a query per person or per meeting.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, partial

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import aliased

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Attendance, Group, Meeting, Person, Setting
from board_admin.domain.attendance import (
    AttendanceThresholds,
    Expected,
    HeldMeeting,
    MeetingAttendance,
    MeetingCounts,
    Period,
    PersonTally,
    average_rate,
    band,
    count_meetings,
    matrix_code,
    meeting_attendance,
    person_tallies,
)
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, GroupKind, MeetingStatus, Rag
from board_admin.domain.errors import NotFoundError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.names import surname_key
from board_admin.domain.quorum import QuorumLine, QuorumRule, assess_quorum, counting_roles_from_text
from board_admin.reports.attendance_agencies import (
    AgencyRow,
    DrillLine,
    RegisterFacts,
    agency_rows,
    agency_rows_from_facts,
    register_facts,
)

THRESHOLD_KEYS = {
    "missed_in_a_row": "attendance.missed_in_a_row",
    "minimum_rate": "attendance.minimum_rate",
    "green_from": "attendance.green_from",
    "amber_from": "attendance.amber_from",
}


def attendance_thresholds(database: Database) -> AttendanceThresholds:
    """The thresholds stored in the settings; the defaults (3 meetings, 50%, bands 75/50) for any not set."""
    with database.session() as session:
        return _stored_thresholds(session)


def _stored_thresholds(session) -> AttendanceThresholds:
    stored = dict(
        session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(THRESHOLD_KEYS.values()))).all()
    )
    values = {}
    for name, key in THRESHOLD_KEYS.items():
        try:
            values[name] = int(stored[key])
        except (KeyError, ValueError):
            continue
    return AttendanceThresholds(**values)


# --- choosing groups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupChoice:
    id: int
    name: str
    short_name: str | None
    kind: GroupKind
    parent_id: int | None


def group_choices(database: Database) -> list[GroupChoice]:
    """Every group, for the selection tree; by name."""
    with database.session() as session:
        rows = session.execute(select(Group.id, Group.name, Group.short_name, Group.kind, Group.parent_id)).all()
    return sorted((GroupChoice(*row) for row in rows), key=lambda choice: choice.name.casefold())


def with_subgroups(choices: Sequence[GroupChoice], group_ids: Iterable[int]) -> list[int]:
    """The groups and every group reporting to them, at any depth."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for choice in choices:
        children[choice.parent_id].append(choice.id)
    found: list[int] = []
    waiting = list(group_ids)
    while waiting:
        group_id = waiting.pop(0)
        if group_id not in found:
            found.append(group_id)
            waiting.extend(children.get(group_id, ()))
    return found


def find_groups(database: Database, names: Sequence[str], include_subgroups: bool = False) -> list[int]:
    """Group ids by name or short name (ignoring case); NotFoundError naming the first unknown one."""
    choices = group_choices(database)
    found = []
    for name in names:
        wanted = " ".join(name.split()).casefold()
        match = next(
            (c for c in choices if wanted in (c.name.casefold(), (c.short_name or "").casefold())),
            None,
        )
        if match is None:
            raise NotFoundError(f"There is no group called '{name}'.")
        found.append(match.id)
    return with_subgroups(choices, found) if include_subgroups else found


# --- the report's rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    person_id: int
    person_name: str
    agency_name: str
    group_id: int
    group_name: str
    held: int
    present: int
    apologies: int
    absent: int
    deputy: int
    not_recorded: int
    longest_run_missed: int
    rate: Fraction | None
    band: Rag | None
    serial: bool
    reason: str
    # Works out the meetings behind the rate when the row is opened (`_person_drill`).
    drill: Callable[[], tuple[DrillLine, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def meetings(self) -> tuple[DrillLine, ...]:
        return self.drill() if self.drill is not None else ()

    @property
    def recorded(self) -> int:
        """The meetings the rate is out of: held while a member, with the line recorded."""
        return self.held - self.not_recorded


@dataclass(frozen=True)
class Turnout:
    meeting_date: dt.date
    attended: int
    expected: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.attended, self.expected) if self.expected else None


@dataclass(frozen=True)
class GroupRow:
    group_id: int
    group_name: str
    short_name: str
    planned: int  # held + cancelled + still planned; a postponed meeting once, at the date it moved to
    held: int
    cancelled: int  # a meeting postponed and never re-arranged counts here
    postponed: int  # of the planned, how many were moved on the way
    still_planned: int
    quorate: int
    not_quorate: int
    quorum_set: bool
    average_rate: Fraction | None
    average_attended: float | None  # members (or their deputies) in the room per held meeting
    cancellation_reasons: tuple[str, ...]
    turnout: tuple[Turnout, ...]
    meetings: tuple[DrillLine, ...] = field(default=(), compare=False, repr=False)
    # Held meetings with no register at all: left out of every rate, named wherever the figures appear.
    registers_missing: tuple[dt.date, ...] = ()
    not_recorded: int = 0  # member lines left unrecorded at its held meetings (the missing registers' too)

    @property
    def held_rate(self) -> Fraction | None:
        return Fraction(self.held, self.planned) if self.planned else None

    @property
    def counts(self) -> MeetingCounts:
        return MeetingCounts(self.planned, self.held, self.cancelled, self.still_planned, self.postponed)

    @property
    def registers_missing_text(self) -> str:
        """ "Register missing: 02/09/2026, 14/10/2026", or "" when every held meeting has one."""
        if not self.registers_missing:
            return ""
        return "Register missing: " + ", ".join(format_date(day) for day in self.registers_missing)


@dataclass(frozen=True)
class MatrixRow:
    person_name: str
    agency_name: str
    codes: tuple[str, ...]
    present: int
    held: int
    rate: Fraction | None  # present / recorded
    not_recorded: int = 0


@dataclass(frozen=True)
class Matrix:
    group_id: int
    group_name: str
    short_name: str
    meeting_dates: tuple[dt.date, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class CompletenessRow:
    meeting_id: int
    group_name: str
    meeting_date: dt.date
    problem: str
    unmarked: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class AttendanceReport:
    """The report for a period and groups. Each view is worked out when first asked for, so a screen or an
    export pays only for what it shows (the annual pack reads only by group and by agency): by agency in one
    aggregate query (reports.attendance_agencies); the others from the register lines, read once
    (`register_facts`) and tallied by the rules of `domain.attendance`. A report of `every_view` (an export, or the
    Attendance page, whose tabs show every view at once) tallies the agencies from those lines too instead of
    querying again."""

    period: Period
    group_ids: tuple[int, ...]
    group_names: tuple[str, ...]
    thresholds: AttendanceThresholds
    database: Database = field(repr=False)
    selection: frozenset[int] | None = field(repr=False)
    group_rows: tuple = field(repr=False)  # the groups' own rows (name, quorum), by name
    every_view: bool = False

    @cached_property
    def agencies(self) -> tuple[AgencyRow, ...]:
        if self.every_view:
            return agency_rows_from_facts(self.database, self.period, self.selection, self.thresholds, self._facts)
        return agency_rows(self.database, self.period, self.selection, self.thresholds)

    @cached_property
    def people(self) -> tuple[PersonRow, ...]:
        return _person_rows(self._tallies, self._facts, self.group_rows, self.thresholds)

    @property
    def groups(self) -> tuple[GroupRow, ...]:
        return self._by_group[0]

    @property
    def completeness(self) -> tuple[CompletenessRow, ...]:
        return self._by_group[1]

    @cached_property
    def matrices(self) -> tuple[Matrix, ...]:
        held_by_group: dict[int, list[HeldMeeting]] = defaultdict(list)
        for turnout in self._turnouts.values():  # the held meetings with lines, in date order
            held_by_group[turnout.meeting.group_id].append(turnout.meeting)
        tallies_by_group: dict[int, list[PersonTally]] = defaultdict(list)
        for tally in self._tallies:
            tallies_by_group[tally.group_id].append(tally)
        return tuple(
            _matrix(group, held_by_group[group.id], tallies_by_group[group.id], self._facts)
            for group in self.group_rows
        )

    @cached_property
    def _facts(self) -> RegisterFacts:
        with self.database.session() as session:
            return register_facts(session, self.period, self.selection)

    @cached_property
    def _tallies(self) -> list[PersonTally]:
        return person_tallies(self._facts.lines, self.thresholds)

    @cached_property
    def _turnouts(self) -> dict[int, MeetingAttendance]:
        return meeting_attendance(self._facts.lines)

    @cached_property
    def _by_group(self) -> tuple[tuple[GroupRow, ...], tuple[CompletenessRow, ...]]:
        return _group_rows(self._facts, self._turnouts, self.group_rows)

    @property
    def selection_label(self) -> str:
        if not self.group_names:
            return "no groups"
        if len(self.group_names) <= 3:
            return ", ".join(self.group_names)
        return f"{len(self.group_names)} groups"

    @property
    def serial_non_attenders(self) -> tuple[PersonRow, ...]:
        return tuple(row for row in self.people if row.serial)

    def matrix(self, group_id: int) -> Matrix | None:
        return next((matrix for matrix in self.matrices if matrix.group_id == group_id), None)


# --- the report ----------------------------------------------------------------------------------


def attendance_report(
    database: Database,
    period: Period,
    group_ids: Sequence[int] | None = None,
    thresholds: AttendanceThresholds | None = None,
    *,
    every_view: bool = False,
) -> AttendanceReport:
    """Attendance for `period` over `group_ids` (None: every group). Thresholds default to the settings.
    The views are worked out when first read; `every_view` for a caller that reads them all (AttendanceReport)."""
    selection = None if group_ids is None else frozenset(group_ids)
    with database.session() as session:
        if thresholds is None:
            thresholds = _stored_thresholds(session)
        query = select(
            Group.id,
            Group.name,
            Group.short_name,
            Group.quorum,
            Group.statutory_partners_required,
            Group.quorum_roles,
        )
        if selection is not None:
            query = query.where(Group.id.in_(selection))
        rows = sorted(session.execute(query).all(), key=lambda row: row.name.casefold())
    return AttendanceReport(
        period=period,
        group_ids=tuple(row.id for row in rows),
        group_names=tuple(row.name for row in rows),
        thresholds=thresholds,
        database=database,
        selection=selection,
        group_rows=tuple(rows),
        every_view=every_view,
    )


def _person_rows(
    tallies: list[PersonTally], facts: RegisterFacts, group_rows: tuple, thresholds: AttendanceThresholds
) -> tuple[PersonRow, ...]:
    """By person: each member's tally on each group, by group and surname; the meetings behind it when opened."""
    person_names, agencies, outcome = facts.person_names, facts.agencies, facts.outcome
    group_name = {row.id: row.name for row in group_rows}
    person_rows = []
    for tally in tallies:
        drill = partial(_person_drill, tally.meetings, group_name, outcome)
        person_rows.append(
            PersonRow(
                person_id=tally.person_id,
                person_name=person_names[tally.person_id],
                agency_name=agencies[tally.agency_id][0],
                group_id=tally.group_id,
                group_name=group_name[tally.group_id],
                held=tally.held,
                present=tally.present,
                apologies=tally.apologies,
                absent=tally.absent,
                deputy=tally.deputy,
                not_recorded=tally.not_recorded,
                longest_run_missed=tally.longest_run_missed,
                rate=tally.rate,
                band=band(tally.rate, thresholds),
                serial=tally.serial,
                reason=tally.reason,
                drill=drill,
            )
        )
    person_rows.sort(key=lambda row: (row.group_name.casefold(), surname_key(row.person_name)))
    return tuple(person_rows)


def _group_rows(
    facts: RegisterFacts, turnouts: dict[int, MeetingAttendance], group_rows: tuple
) -> tuple[tuple[GroupRow, ...], tuple[CompletenessRow, ...]]:
    """By group, with quorum and turnout per held meeting; and the registers still to complete."""
    occasions, lines, person_names, agencies = facts.occasions, facts.lines, facts.person_names, facts.agencies
    recorded_meetings = facts.recorded_meetings
    lines_by_meeting: dict[int, list[Expected]] = defaultdict(list)
    for line in lines:
        lines_by_meeting[line.meeting.id].append(line)
    occasions_by_group: dict[int, list] = defaultdict(list)
    for occasion in occasions:
        occasions_by_group[occasion.meeting.group_id].append(occasion)
    quorum_lines = _QuorumLines(agencies)
    rows = []
    completeness = []
    for group in group_rows:
        group_id = group.id
        scheduled = occasions_by_group.get(group_id, [])
        rule = QuorumRule(
            group.quorum, bool(group.statutory_partners_required), counting_roles_from_text(group.quorum_roles)
        )
        counts = count_meetings(scheduled)
        quorate = not_quorate = 0
        reasons = []
        drill = []
        group_turnout = []
        missing = []
        for occasion in scheduled:
            meeting = occasion.meeting
            day = occasion.date
            counted = occasion.outcome is MeetingStatus.HELD
            moved = ""
            if occasion.postponed_from:
                moved = "Postponed from " + ", ".join(format_date(m.date) for m in occasion.postponed_from) + "; "
            if occasion.never_reheld:
                reason = "postponed and never re-arranged"
                reasons.append(f"{format_date(day)}: {reason}")
                text = "Cancelled: " + reason
            elif occasion.outcome is MeetingStatus.CANCELLED:
                reason = meeting.cancellation_reason or "no reason recorded"
                reasons.append(f"{format_date(day)}: {reason}")
                text = f"Cancelled: {reason}"
            elif counted and meeting.id not in recorded_meetings:
                missing.append(day)
                text = "Held: register missing (left out of the rates)"
                unmarked = tuple(
                    sorted(
                        (person_names[line.seat.person_id] for line in lines_by_meeting.get(meeting.id, [])),
                        key=str.casefold,
                    )
                )
                completeness.append(CompletenessRow(meeting.id, group.name, day, "Register missing", unmarked))
            elif counted:
                expected = lines_by_meeting.get(meeting.id, [])
                turnout = turnouts.get(meeting.id)
                attended = turnout.attended if turnout else 0
                recorded = turnout.recorded if turnout else 0
                group_turnout.append(Turnout(day, attended, recorded))
                text = f"Held: {attended} of {recorded} members or their deputies"
                unmarked = tuple(
                    sorted(
                        (person_names[line.seat.person_id] for line in expected if line.status is None),
                        key=str.casefold,
                    )
                )
                if unmarked:
                    text += f" ({len(unmarked)} not recorded)"
                if rule.is_set:
                    result = assess_quorum(rule, quorum_lines(expected))
                    quorate += result.quorate
                    not_quorate += not result.quorate
                    text += "; " + ("quorate" if result.quorate else "not quorate")
                if unmarked:
                    count = len(unmarked)
                    problem = f"{count} member{'s' if count != 1 else ''} not marked"
                    completeness.append(CompletenessRow(meeting.id, group.name, day, problem, unmarked))
            else:
                text = "Planned"
            drill.append(DrillLine(meeting.id, group.name, day, moved + text, counted))
        held_ids = {o.meeting.id for o in scheduled if o.outcome is MeetingStatus.HELD}
        held_turnouts = [turnouts[meeting_id] for meeting_id in held_ids if meeting_id in turnouts]
        counted_held = len(held_ids) - len(missing)
        rows.append(
            GroupRow(
                group_id=group_id,
                group_name=group.name,
                short_name=group.short_name or group.name,
                planned=counts.planned,
                held=counts.held,
                cancelled=counts.cancelled,
                postponed=counts.postponed,
                still_planned=counts.still_planned,
                quorate=quorate,
                not_quorate=not_quorate,
                quorum_set=rule.is_set,
                average_rate=average_rate(held_turnouts),
                # Over the held meetings with a register: one missing says nothing of who came.
                average_attended=(sum(t.attended for t in group_turnout) / counted_held) if counted_held else None,
                cancellation_reasons=tuple(reasons),
                turnout=tuple(group_turnout),
                meetings=tuple(drill),
                registers_missing=tuple(missing),
                not_recorded=sum(turnout.not_recorded for turnout in held_turnouts),
            )
        )
    rows.sort(key=lambda row: row.group_name.casefold())
    completeness.sort(key=lambda row: (row.meeting_date, row.group_name.casefold()))

    return tuple(rows), tuple(completeness)


class _QuorumLines:
    """Register lines as the quorum sees them. Their agency, status and role take few values over thousands of
    lines, so each QuorumLine is made once and shared: making one per line was a third of the by-group view."""

    def __init__(self, agencies: dict[int, tuple]) -> None:
        self.agencies = agencies
        self.made: dict[tuple, QuorumLine] = {}

    def __call__(self, lines: Iterable[Expected]) -> list[QuorumLine]:
        register = []
        for line in lines:
            key = (line.seat.agency_id, line.status, line.seat.role)
            made = self.made.get(key)
            if made is None:
                name, _sector, statutory = self.agencies[line.seat.agency_id]
                made = self.made[key] = QuorumLine(name, statutory, line.status, line.seat.role)
            register.append(made)
        return register


def _person_drill(lines, group_name: dict[int, str], outcome) -> tuple[DrillLine, ...]:
    """The meetings behind a person's rate: what their line says at each, counted when present."""
    return tuple(
        DrillLine(
            line.meeting.id,
            group_name[line.meeting.group_id],
            line.meeting.date,
            outcome(line),
            line.status is AttendanceStatus.PRESENT,
        )
        for line in lines
    )


def _matrix(group, held: list[HeldMeeting], tallies: list[PersonTally], facts: RegisterFacts) -> Matrix:
    """`group`'s members down (its row of the database), its held meetings across (`held`: those with register
    lines, in date order); a member's row from their tally (`tallies`: the group's), its letters from the
    tally's lines and its figures the tally's own, so that the matrix and the list by person never disagree."""
    person_names, agencies = facts.person_names, facts.agencies
    column = {meeting.id: number for number, meeting in enumerate(held)}
    rows = []
    for tally in tallies:
        codes = [matrix_code(None)] * len(held)  # not a member then, unless a line says otherwise
        for line in tally.meetings:
            codes[column[line.meeting.id]] = matrix_code(line)
        rows.append(
            MatrixRow(
                person_names[tally.person_id],
                agencies[tally.agency_id][0],  # the agency represented at the last meeting
                tuple(codes),
                tally.present,
                tally.held,
                tally.rate,
                tally.not_recorded,
            )
        )
    rows.sort(key=lambda row: (row.agency_name.casefold(), surname_key(row.person_name)))
    short_name = group.short_name or group.name
    return Matrix(group.id, group.name, short_name, tuple(meeting.date for meeting in held), tuple(rows))


# --- register lines, a page at a time ------------------------------------------------------------
# Ten years of registers run to hundreds of thousands of lines: the page asks for them a batch at a time
# as the list scrolls, each batch one query that starts after the last line it has (keyset paging), so the
# last batch costs what the first did.

REGISTER_ORDERS = ("date", "group", "person", "agency", "status", "deputy")


@dataclass(frozen=True)
class RegisterLine:
    attendance_id: int
    meeting_id: int
    meeting_date: dt.date
    meeting_status: MeetingStatus
    group_name: str
    person_name: str
    agency_name: str
    status: AttendanceStatus
    deputy_name: str | None
    # Where the next batch starts: the line's values of the sort columns, in order.
    key: tuple = field(default=(), compare=False, repr=False)


def _register_query(period: Period, group_ids: Sequence[int] | None, order: str):
    if order not in REGISTER_ORDERS:
        raise ValueError(f"Unknown order {order!r}; one of {', '.join(REGISTER_ORDERS)}.")
    line_agency = aliased(Agency)
    person_agency = aliased(Agency)
    deputy = aliased(Person)
    agency_name = func.coalesce(line_agency.name, person_agency.name, "")
    # Blank, not NULL, so that a row comparison never meets a NULL.
    deputy_name = func.coalesce(deputy.name, "")
    first = {
        "date": None,
        "group": Group.name,
        "person": Person.name,
        "agency": agency_name,
        "status": Attendance.status,
        "deputy": deputy_name,
    }[order]
    # Unique in the end (the line's id), so that every line has one place in the order.
    keys = [Meeting.meeting_date, Meeting.id, Person.name, Attendance.id]
    if first is not None:
        keys.insert(0, first)
    query = (
        select(
            Attendance.id,
            Meeting.id,
            Meeting.meeting_date,
            Meeting.status,
            Group.name,
            Person.name,
            agency_name,
            Attendance.status,
            deputy.name,
            *keys,
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .join(Person, Person.id == Attendance.person_id)
        .join(person_agency, person_agency.id == Person.agency_id)
        .outerjoin(line_agency, line_agency.id == Attendance.agency_id)
        .outerjoin(deputy, deputy.id == Attendance.deputy_id)
        .where(Meeting.meeting_date.between(period.start, period.end))
    )
    if group_ids is not None:
        query = query.where(Meeting.group_id.in_(list(group_ids)))
    return query, keys


def register_lines(
    database: Database,
    period: Period,
    group_ids: Sequence[int] | None = None,
    offset: int = 0,
    limit: int = 500,
    *,
    after: tuple | None = None,
    order: str = "date",
    descending: bool = False,
) -> list[RegisterLine]:
    """Register lines of the meetings in the period and groups (None: every group), `limit` at a time.

    In date order by default (then meeting, person); `order` sorts by another column first. Pass the
    last line's `key` as `after` to get the next batch in one query however far down it is; `offset`
    is there for callers that count lines instead.
    """
    query, keys = _register_query(period, group_ids, order)
    if after is not None:
        query = query.where(tuple_(*keys) < tuple_(*after) if descending else tuple_(*keys) > tuple_(*after))
        # The same bound on the first column alone, which an index on it (or a planner) can use.
        query = query.where(keys[0] <= after[0] if descending else keys[0] >= after[0])
    query = query.order_by(*(key.desc() if descending else key for key in keys)).limit(limit)
    if offset:
        query = query.offset(offset)
    with database.session() as session:
        rows = session.execute(query).all()
    width = len(keys)
    return [
        RegisterLine(
            attendance_id=row[0],
            meeting_id=row[1],
            meeting_date=row[2],
            meeting_status=row[3],
            group_name=row[4],
            person_name=row[5],
            agency_name=row[6],
            status=row[7],
            deputy_name=row[8],
            key=tuple(row[9 : 9 + width]),
        )
        for row in rows
    ]


def count_register_lines(database: Database, period: Period, group_ids: Sequence[int] | None = None) -> int:
    """How many lines `register_lines` would list in all."""
    query = (
        select(func.count(Attendance.id))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.meeting_date.between(period.start, period.end))
    )
    if group_ids is not None:
        query = query.where(Meeting.group_id.in_(list(group_ids)))
    with database.session() as session:
        return session.scalar(query) or 0


def meeting_years(database: Database) -> list[FinancialYear]:
    """The financial years from the first meeting on record to the last, latest first (for quick picks)."""
    with database.session() as session:
        first, last = session.execute(select(func.min(Meeting.meeting_date), func.max(Meeting.meeting_date))).one()
    if first is None:
        return []
    start, end = FinancialYear.containing(first).start_year, FinancialYear.containing(last).start_year
    return [FinancialYear(year) for year in range(end, start - 1, -1)]
