"""Who is turning up, and who is not: the attendance rules of DESIGN.md section 3 over plain rows.

Nothing here reads the database; the report fetches the rows once and hands them over, so that every
rule can be checked on a small hand-made case. The rules:

- a person is expected at a group's held meetings while they hold a seat on it (membership active on the
  meeting's date); nobody is counted absent from a meeting held before they joined or after they left;
- a register line never recorded is neither attended nor missed: it is left out of every rate and every
  run of misses, and counted beside the rate as "not recorded" (a held meeting with no register at all
  is therefore left out of everyone's rates; the report lists it as "register missing");
- person rate = meetings present / held meetings while a member at which their line was recorded; a
  deputy sent does not count for the member personally (it counts as missed), but it does count for the
  agency;
- agency rate = held meetings at which the agency was represented (one of its members present, or a deputy
  sent in place of one of its members) / held meetings at which it had at least one member with a
  recorded line; two members of one agency at one meeting count once;
- serial non-attendance: `missed_in_a_row` consecutive recorded held meetings missed (apologies, absent,
  deputy sent), or a rate under `minimum_rate` over the period (once recorded at `missed_in_a_row`
  meetings at least);
- planned, held, cancelled and postponed (`meeting_occasions`, `count_meetings`): a postponed meeting is the
  same meeting moved, counted once, at the date it moved to, as whatever happened there; one postponed with
  no new date was never re-held and counts as cancelled. Planned = held + cancelled + still planned;
  "postponed" says how many of those were moved on the way;
- colour bands: green from `green_from`%, amber from `amber_from`%, red under it; the band always also has
  a word, since colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, MeetingStatus, MemberRole, Rag
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear

MISSED = (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.DEPUTY)
REPRESENTING = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)

# The register's letters, as administrators write them on the paper matrix.
MATRIX_CODES = {
    AttendanceStatus.PRESENT: "P",
    AttendanceStatus.APOLOGIES: "A",
    AttendanceStatus.ABSENT: "X",
    AttendanceStatus.DEPUTY: "D",
}
NOT_RECORDED_CODE = "?"
NOT_A_MEMBER_CODE = ""
MATRIX_KEY = (
    "P present, A apologies, X absent without apologies, D deputy sent, ? not recorded, blank not a member then"
)


# --- thresholds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceThresholds:
    """The shared settings the chair agrees; percentages are whole numbers (75 means 75%)."""

    missed_in_a_row: int = 3
    minimum_rate: int = 50
    green_from: int = 75
    amber_from: int = 50

    def validate(self) -> AttendanceThresholds:
        if not 1 <= self.missed_in_a_row <= 99:
            raise ValidationError("Meetings missed in a row must be a whole number from 1 to 99.", "missed_in_a_row")
        for name, label in (
            ("minimum_rate", "The lowest acceptable rate"),
            ("green_from", "The green band's start"),
            ("amber_from", "The amber band's start"),
        ):
            if not 0 <= getattr(self, name) <= 100:
                raise ValidationError(f"{label} must be a percentage from 0 to 100.", name)
        if self.amber_from > self.green_from:
            raise ValidationError("The amber band must start below the green band.", "amber_from")
        return self

    def describe(self) -> str:
        return (
            f"Green {self.green_from}% or more, amber {self.amber_from}% to {max(self.green_from - 1, 0)}%, "
            f"red under {self.amber_from}%. Serial non-attendance: {self.missed_in_a_row} held meetings "
            f"missed in a row, or under {self.minimum_rate}% over the period."
        )


def band(rate: Fraction | None, thresholds: AttendanceThresholds) -> Rag | None:
    """The colour band of a rate; None when there was nothing to attend."""
    if rate is None:
        return None
    if rate * 100 >= thresholds.green_from:
        return Rag.GREEN
    if rate * 100 >= thresholds.amber_from:
        return Rag.AMBER
    return Rag.RED


def rate_of(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def percent_text(rate: Fraction | None) -> str:
    """ "67%"; a dash when there was nothing to attend (a rate of nothing is not 0%)."""
    return "–" if rate is None else f"{round(rate * 100):d}%"


# --- the period ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The period ends ({format_date(self.end)}) before it starts ({format_date(self.start)}).", "end"
            )

    @classmethod
    def financial_year(cls, year: FinancialYear) -> Period:
        return cls(year.start, year.end)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        year = FinancialYear.containing(self.start)
        if (self.start, self.end) == (year.start, year.end):
            return f"financial year {year.label}"
        return f"{format_date(self.start)} to {format_date(self.end)}"


# --- the rows the rules work on ------------------------------------------------------------------


# The rows below are named tuples, not dataclasses: ten years of one group are thousands of lines, and a
# tuple is made and hashed (as a dictionary key) several times faster.
class HeldMeeting(NamedTuple):
    id: int
    group_id: int
    date: dt.date


class Seat(NamedTuple):
    """A member's seat (not a deputy's): who, on which group, for which agency, from when to when."""

    person_id: int
    group_id: int
    agency_id: int
    start: dt.date
    end: dt.date | None
    # Entered after registers were taken and left off them: on the registers from this date only.
    registers_from: dt.date | None = None
    role: MemberRole | None = None  # for the quorum; None when the caller does not need it

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def on_register(self, day: dt.date) -> bool:
        return self.active_on(day) and (self.registers_from is None or day >= self.registers_from)


class Mark(NamedTuple):
    """One register line: what was recorded of a person at a meeting."""

    meeting_id: int
    person_id: int
    status: AttendanceStatus


class Expected(NamedTuple):
    """A member expected at a held meeting, and what the register says (None: not recorded)."""

    meeting: HeldMeeting
    seat: Seat
    status: AttendanceStatus | None


def expected_lines(
    meetings: Iterable[HeldMeeting], seats: Iterable[Seat], marks: Iterable[Mark | tuple[int, int, AttendanceStatus]]
) -> list[Expected]:
    """Every member of each held meeting's group on its date, with their mark (a Mark, or a row of its three
    values); in date order.

    A person holding two overlapping seats on one group is expected once (the earlier seat counts). A
    member left off a register taken before they were entered is not expected there, unless a line was
    recorded for them after all.
    """
    meetings_by_group: dict[int, list[HeldMeeting]] = defaultdict(list)
    ordered = sorted(meetings, key=lambda meeting: (meeting.date, meeting.id))
    for meeting in ordered:
        meetings_by_group[meeting.group_id].append(meeting)
    dates_by_group = {group_id: [meeting.date for meeting in held] for group_id, held in meetings_by_group.items()}
    mark_of = {(meeting_id, person_id): status for meeting_id, person_id, status in marks}
    # Seat by seat, over the meetings held while it was active (found by date, not by trying every
    # meeting of ten years against every seat); each meeting's lines in the order of the seats.
    lines_of: dict[int, list[Expected]] = defaultdict(list)
    taken: set[tuple[int, int]] = set()  # (meeting, person): the earlier seat counts
    for seat in sorted(seats, key=lambda seat: (seat.start, seat.person_id)):
        held = meetings_by_group.get(seat.group_id)
        if not held:
            continue
        dates = dates_by_group[seat.group_id]
        first = bisect_left(dates, seat.start)
        last = len(dates) if seat.end is None else bisect_right(dates, seat.end)
        for meeting in held[first:last]:  # the meetings on which seat.active_on(meeting.date)
            key = (meeting.id, seat.person_id)
            if key in taken:
                continue
            status = mark_of.get(key)
            if status is None and not seat.on_register(meeting.date):
                continue
            taken.add(key)
            if status is AttendanceStatus.GUEST:
                status = None  # a member marked as a guest is a slip of the register: not recorded
            lines_of[meeting.id].append(Expected(meeting, seat, status))
    return [line for meeting in ordered for line in lines_of.get(meeting.id, ())]


# --- by person -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonTally:
    person_id: int
    group_id: int
    agency_id: int  # the agency represented at the last meeting counted
    held: int  # held meetings while a member, recorded or not
    present: int
    apologies: int
    absent: int
    deputy: int
    not_recorded: int  # held while a member, but the line was never recorded: neither attended nor missed
    longest_run_missed: int
    rate: Fraction | None
    serial: bool
    reason: str  # why flagged, in words; "" when not
    meetings: tuple[Expected, ...] = field(default=(), compare=False, repr=False)

    @property
    def recorded(self) -> int:
        """The held meetings the rate is out of: those at which the person's line was recorded."""
        return self.held - self.not_recorded


def person_tallies(lines: Iterable[Expected], thresholds: AttendanceThresholds) -> list[PersonTally]:
    """One tally per person and group. Unrecorded lines neither count as missed nor break a run of misses."""
    by_member: dict[tuple[int, int], list[Expected]] = defaultdict(list)
    for line in lines:
        by_member[(line.seat.person_id, line.meeting.group_id)].append(line)
    tallies = []
    for (person_id, group_id), own in by_member.items():
        own.sort(key=lambda line: (line.meeting.date, line.meeting.id))
        statuses = [line.status for line in own]
        longest = run = 0
        for status in statuses:
            if status is None:
                continue
            run = run + 1 if status in MISSED else 0
            longest = max(longest, run)
        held = len(own)
        not_recorded = statuses.count(None)
        recorded = held - not_recorded
        present = statuses.count(AttendanceStatus.PRESENT)
        rate = rate_of(present, recorded)
        reasons = []
        if longest >= thresholds.missed_in_a_row:
            reasons.append(f"missed {longest} in a row")
        # Below `missed_in_a_row` recorded meetings one apology would make a "serial" non-attender of anyone.
        if rate is not None and recorded >= thresholds.missed_in_a_row and rate * 100 < thresholds.minimum_rate:
            reasons.append(f"attended {percent_text(rate)}, under {thresholds.minimum_rate}%")
        tallies.append(
            PersonTally(
                person_id=person_id,
                group_id=group_id,
                agency_id=own[-1].seat.agency_id,
                held=held,
                present=present,
                apologies=statuses.count(AttendanceStatus.APOLOGIES),
                absent=statuses.count(AttendanceStatus.ABSENT),
                deputy=statuses.count(AttendanceStatus.DEPUTY),
                not_recorded=not_recorded,
                longest_run_missed=longest,
                rate=rate,
                serial=bool(reasons),
                reason="; ".join(reasons).capitalize(),
                meetings=tuple(own),
            )
        )
    return tallies


# --- by agency -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyTally:
    agency_id: int
    expected: int  # held meetings at which one of its members' lines was recorded
    represented: int
    rate: Fraction | None
    # Each meeting expected, and whether the agency was represented at it.
    meetings: tuple[tuple[HeldMeeting, bool], ...] = field(default=(), compare=False, repr=False)
    not_recorded: int = 0  # held meetings at which it had members but none of their lines was recorded
    # The meetings not recorded, for the drill-down.
    unrecorded_meetings: tuple[HeldMeeting, ...] = field(default=(), compare=False, repr=False)


def agency_tallies(lines: Iterable[Expected]) -> list[AgencyTally]:
    """Counts meetings, not people: an agency with two members at one meeting was expected once and
    represented once if either came or sent a deputy. A meeting at which none of its members' lines was
    recorded is neither: it is counted as not recorded."""
    represented: dict[int, dict[HeldMeeting, bool]] = defaultdict(dict)
    recorded: dict[int, set[HeldMeeting]] = defaultdict(set)
    for line in lines:
        seen = represented[line.seat.agency_id]
        seen[line.meeting] = seen.get(line.meeting, False) or line.status in REPRESENTING
        if line.status is not None:
            recorded[line.seat.agency_id].add(line.meeting)
    tallies = []
    for agency_id, meetings in represented.items():
        ordered = sorted(meetings.items(), key=lambda item: (item[0].date, item[0].id))
        counted = tuple(item for item in ordered if item[0] in recorded[agency_id])
        unrecorded = tuple(meeting for meeting, _ in ordered if meeting not in recorded[agency_id])
        count = sum(1 for _, came in counted if came)
        tallies.append(
            AgencyTally(
                agency_id, len(counted), count, rate_of(count, len(counted)), counted, len(unrecorded), unrecorded
            )
        )
    return tallies


# --- by group ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAttendance:
    """A held meeting's turnout: members expected, those in the room (present or a deputy), not recorded."""

    meeting: HeldMeeting
    expected: int
    attended: int
    not_recorded: int

    @property
    def recorded(self) -> int:
        return self.expected - self.not_recorded

    @property
    def rate(self) -> Fraction | None:
        """Out of the recorded lines only: an unrecorded line is neither a seat filled nor one empty."""
        return rate_of(self.attended, self.recorded)


def meeting_attendance(lines: Iterable[Expected]) -> dict[int, MeetingAttendance]:
    """Per held meeting (by id). A deputy fills the member's seat in the room, so counts as attended here."""
    counts: dict[HeldMeeting, list[int]] = {}
    for line in lines:
        tally = counts.setdefault(line.meeting, [0, 0, 0])
        tally[0] += 1
        tally[1] += line.status in REPRESENTING
        tally[2] += line.status is None
    return {
        meeting.id: MeetingAttendance(meeting, expected, attended, unknown)
        for meeting, (expected, attended, unknown) in counts.items()
    }


def average_rate(turnouts: Iterable[MeetingAttendance]) -> Fraction | None:
    """Seats filled / seats recorded over the meetings (a meeting with more members weighs more)."""
    turnouts = list(turnouts)
    return rate_of(sum(t.attended for t in turnouts), sum(t.recorded for t in turnouts))


# --- planned, held, cancelled, postponed ---------------------------------------------------------


@dataclass(frozen=True)
class ScheduledMeeting:
    """A meeting as the schedule has it: its date, status and, once postponed, the meeting that replaced it."""

    id: int
    group_id: int
    date: dt.date
    status: MeetingStatus
    postponed_to_id: int | None = None
    cancellation_reason: str | None = None


@dataclass(frozen=True)
class Occasion:
    """One meeting as the chair counts it: the record it is counted at (the last date it moved to), what
    became of it (held, cancelled or still planned), and the dates it was postponed from on the way."""

    meeting: ScheduledMeeting
    outcome: MeetingStatus  # HELD, CANCELLED or PLANNED, never POSTPONED
    postponed_from: tuple[ScheduledMeeting, ...] = ()

    @property
    def date(self) -> dt.date:
        return self.meeting.date

    @property
    def postponed(self) -> bool:
        return bool(self.postponed_from) or self.meeting.status is MeetingStatus.POSTPONED

    @property
    def never_reheld(self) -> bool:
        """Postponed with no new date: counted as cancelled, at the date it was due."""
        return self.meeting.status is MeetingStatus.POSTPONED


def meeting_occasions(meetings: Iterable[ScheduledMeeting]) -> list[Occasion]:
    """Every meeting counted once, in date order. A postponed meeting whose new meeting is among `meetings`
    is counted there, as part of that meeting; one whose new meeting is not given (outside the period) is
    counted in that other period, so not here; one postponed with no new date counts as cancelled."""
    meetings = list(meetings)
    by_id = {meeting.id: meeting for meeting in meetings}
    moved_to: dict[int, list[ScheduledMeeting]] = defaultdict(list)

    def final(meeting: ScheduledMeeting) -> ScheduledMeeting | None:
        seen = set()
        while meeting.status is MeetingStatus.POSTPONED and meeting.postponed_to_id is not None:
            if meeting.id in seen:  # a loop of postponements cannot be counted anywhere sensible
                return None
            seen.add(meeting.id)
            following = by_id.get(meeting.postponed_to_id)
            if following is None:
                return None
            meeting = following
        return meeting

    for meeting in meetings:
        if meeting.status is MeetingStatus.POSTPONED and meeting.postponed_to_id is not None:
            landing = final(meeting)
            if landing is not None:
                moved_to[landing.id].append(meeting)
    occasions = []
    for meeting in meetings:
        if meeting.status is MeetingStatus.POSTPONED:
            if meeting.postponed_to_id is None:
                occasions.append(Occasion(meeting, MeetingStatus.CANCELLED))
            continue
        earlier = tuple(sorted(moved_to.get(meeting.id, ()), key=lambda m: (m.date, m.id)))
        occasions.append(Occasion(meeting, meeting.status, earlier))
    occasions.sort(key=lambda occasion: (occasion.date, occasion.meeting.id))
    return occasions


@dataclass(frozen=True)
class MeetingCounts:
    """Planned = held + cancelled + still planned; postponed = how many of the planned were moved on the way."""

    planned: int = 0
    held: int = 0
    cancelled: int = 0
    still_planned: int = 0
    postponed: int = 0

    @property
    def held_rate(self) -> Fraction | None:
        return rate_of(self.held, self.planned)


def count_meetings(occasions: Iterable[Occasion], period: Period | None = None) -> MeetingCounts:
    """The counts of the occasions counted in `period` (at the date they moved to); all of them if None."""
    chosen = [occasion for occasion in occasions if period is None or occasion.date in period]
    outcomes = [occasion.outcome for occasion in chosen]
    return MeetingCounts(
        planned=len(chosen),
        held=outcomes.count(MeetingStatus.HELD),
        cancelled=outcomes.count(MeetingStatus.CANCELLED),
        still_planned=outcomes.count(MeetingStatus.PLANNED),
        postponed=sum(1 for occasion in chosen if occasion.postponed),
    )


# --- the matrix ----------------------------------------------------------------------------------


def matrix_code(line: Expected | None) -> str:
    if line is None:
        return NOT_A_MEMBER_CODE
    if line.status is None:
        return NOT_RECORDED_CODE
    return MATRIX_CODES[line.status]
