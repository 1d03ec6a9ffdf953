"""The figures on the dashboard's tiles, one function per figure, and the dashboard's short lists.

The lists come from the reports behind the other screens (the attendance report's completeness, the
funding statement, the next meetings) so that the dashboard never shows a figure those screens would not.
The counts on the tiles are read together (`tile_counts`), one statement of aggregates, each written once
below and used by its own function too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    Attendance,
    Challenge,
    FinancialYearRecord,
    Group,
    Meeting,
    Membership,
    Person,
)
from board_admin.domain.attendance import MeetingCounts, Period, ScheduledMeeting, count_meetings, meeting_occasions
from board_admin.domain.enums import ActionStatus, AttendanceStatus, ChallengeStatus, MeetingStatus, MemberRole
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports.attendance import AttendanceReport, attendance_report
from board_admin.reports.challenges import challenge_overdue_clause
from board_admin.reports.funding import funding_for_year
from board_admin.reports.lists import MeetingRow, next_meetings


def _active_agencies():
    return select(func.count()).select_from(Agency).where(Agency.active.is_(True))


def _active_people():
    return select(func.count()).select_from(Person).where(Person.active.is_(True))


def _current_groups(on_date: dt.date):
    """Groups running on the day: started (or with no start date) and not yet ended."""
    return (
        select(func.count())
        .select_from(Group)
        .where(
            or_(Group.start_date.is_(None), Group.start_date <= on_date),
            or_(Group.end_date.is_(None), Group.end_date >= on_date),
        )
    )


def active_agencies(database: Database) -> int:
    with database.session() as session:
        return session.scalar(_active_agencies()) or 0


def active_people(database: Database) -> int:
    with database.session() as session:
        return session.scalar(_active_people()) or 0


def current_groups(database: Database, on_date: dt.date | None = None) -> int:
    """Groups running on the day: started (or with no start date) and not yet ended."""
    with database.session() as session:
        return session.scalar(_current_groups(on_date or dt.date.today())) or 0


def meetings_in_year(database: Database, year: FinancialYear) -> MeetingCounts:
    """Planned and held as the chair counts them (domain.attendance.count_meetings, the same rule as the
    attendance report and the annual pack): a postponed meeting once, at the date it moved to."""
    query = select(
        Meeting.id,
        Meeting.group_id,
        Meeting.meeting_date,
        Meeting.status,
        Meeting.postponed_to_id,
        Meeting.cancellation_reason,
    ).where(or_(Meeting.meeting_date.between(year.start, year.end), Meeting.status == MeetingStatus.POSTPONED))
    with database.session() as session:
        rows = session.execute(query).all()
    occasions = meeting_occasions(ScheduledMeeting(*row) for row in rows)
    return count_meetings(occasions, Period(year.start, year.end))


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int


def _action_counts(on_date: dt.date):
    """Actions open or in progress; overdue = one of those whose due date has passed."""
    still_open = Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
    return (
        select(func.count(case((still_open, 1)))).select_from(Action),
        select(func.count(case((still_open & (Action.due_date < on_date), 1)))).select_from(Action),
    )


def _challenge_counts(on_date: dt.date):
    """Challenges not closed; overdue = response due date passed with no response (see lists.challenge_overdue)."""
    not_closed = Challenge.status != ChallengeStatus.CLOSED
    return (
        select(func.count(case((not_closed, 1)))).select_from(Challenge),
        select(func.count(case((challenge_overdue_clause(on_date), 1)))).select_from(Challenge),
    )


def open_actions(database: Database, on_date: dt.date | None = None) -> OpenCounts:
    """Actions open or in progress; overdue = one of those whose due date has passed."""
    total, overdue = _action_counts(on_date or dt.date.today())
    with database.session() as session:
        return OpenCounts(*session.execute(select(total.scalar_subquery(), overdue.scalar_subquery())).one())


def open_challenges(database: Database, on_date: dt.date | None = None) -> OpenCounts:
    """Challenges not closed; overdue = response due date passed with no response (challenge_overdue)."""
    total, overdue = _challenge_counts(on_date or dt.date.today())
    with database.session() as session:
        return OpenCounts(*session.execute(select(total.scalar_subquery(), overdue.scalar_subquery())).one())


@dataclass(frozen=True)
class TileCounts:
    agencies: int
    people: int
    groups: int
    actions: OpenCounts
    challenges: OpenCounts


def tile_counts(database: Database, on_date: dt.date | None = None) -> TileCounts:
    """The counts on the dashboard's tiles (the functions above) in one statement."""
    on_date = on_date or dt.date.today()
    parts = [
        _active_agencies(),
        _active_people(),
        _current_groups(on_date),
        *_action_counts(on_date),
        *_challenge_counts(on_date),
    ]
    with database.session() as session:
        row = session.execute(select(*(part.scalar_subquery() for part in parts))).one()
    agencies, people, groups, actions, late_actions, challenges, late_challenges = (value or 0 for value in row)
    return TileCounts(
        agencies, people, groups, OpenCounts(actions, late_actions), OpenCounts(challenges, late_challenges)
    )


# --- the next meetings and their registers -------------------------------------------------------


@dataclass(frozen=True)
class UpcomingMeeting:
    """A planned meeting and where its register stands: the members expected on the day (from the
    memberships, as the register is pre-filled) and the apologies already sent."""

    meeting: MeetingRow
    members: int
    apologies: int
    deputies: int

    @property
    def register_state(self) -> str:
        if not self.members:
            return "No members on that date"
        sent = []
        if self.apologies:
            sent.append(f"{self.apologies} apolog{'y' if self.apologies == 1 else 'ies'}")
        if self.deputies:
            sent.append(f"{self.deputies} deput{'y' if self.deputies == 1 else 'ies'} named")
        members = f"{self.members} member{'' if self.members == 1 else 's'}"
        return f"{members}, " + (", ".join(sent) if sent else "no apologies yet")


def upcoming_meetings(database: Database, from_date: dt.date | None = None, limit: int = 12) -> list[UpcomingMeeting]:
    """The next planned meetings (lists.next_meetings) with their registers, in three queries whatever the count."""
    meetings = next_meetings(database, from_date, limit)
    if not meetings:
        return []
    ids = [row.id for row in meetings]
    with database.session() as session:
        seats = session.execute(
            select(Meeting.id, func.count(func.distinct(Membership.person_id)))
            .join(
                Membership,
                (Membership.group_id == Meeting.group_id)
                & (Membership.role != MemberRole.DEPUTY)
                & (Membership.start_date <= Meeting.meeting_date)
                & (Membership.end_date.is_(None) | (Membership.end_date >= Meeting.meeting_date)),
            )
            .where(Meeting.id.in_(ids))
            .group_by(Meeting.id)
        ).all()
        marks = session.execute(
            select(Attendance.meeting_id, Attendance.status, func.count())
            .where(
                Attendance.meeting_id.in_(ids),
                Attendance.status.in_((AttendanceStatus.APOLOGIES, AttendanceStatus.DEPUTY)),
            )
            .group_by(Attendance.meeting_id, Attendance.status)
        ).all()
    members = dict(seats)
    sent = {(meeting_id, status): count for meeting_id, status, count in marks}
    return [
        UpcomingMeeting(
            row,
            members.get(row.id, 0),
            sent.get((row.id, AttendanceStatus.APOLOGIES), 0),
            sent.get((row.id, AttendanceStatus.DEPUTY), 0),
        )
        for row in meetings
    ]


# --- registers to complete -----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterWarning:
    meeting_id: int
    group_name: str
    meeting_date: dt.date
    problem: str


def register_warnings(
    database: Database, year: FinancialYear, on_date: dt.date | None = None, report: AttendanceReport | None = None
) -> list[RegisterWarning]:
    """What keeps the year's registers from being complete, oldest first: held meetings whose register is
    missing or part marked (the attendance report's completeness, the Attendance page's list), and meetings
    whose date has passed that are still planned (neither marked held nor cancelled)."""
    on_date = on_date or dt.date.today()
    end = min(year.end, on_date)
    warnings = []
    if end >= year.start:
        # The caller may pass the year's report to date when it has read it already (the dashboard's chart).
        report = report or attendance_report(database, Period(year.start, end))
        warnings = [
            RegisterWarning(row.meeting_id, row.group_name, row.meeting_date, row.problem)
            for row in report.completeness
        ]
    past = select(Meeting.id, Group.name, Meeting.meeting_date).join(Group, Group.id == Meeting.group_id)
    past = past.where(
        Meeting.status == MeetingStatus.PLANNED,
        Meeting.meeting_date.between(year.start, end),
        Meeting.meeting_date < on_date,
    )
    with database.session() as session:
        for meeting_id, group_name, day in session.execute(past):
            warnings.append(RegisterWarning(meeting_id, group_name, day, "Date passed: not marked held or cancelled"))
    warnings.sort(key=lambda row: (row.meeting_date, row.group_name.casefold()))
    return warnings


# --- money ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outstanding:
    """Contributions agreed and not yet received in full, from the year's statement (reports.funding)."""

    year: FinancialYear
    recorded: bool
    outstanding_pence: int
    agreed_pence: int
    agencies: tuple[str, ...]  # the agencies still owing, most owed first


def contributions_outstanding(database: Database, year: FinancialYear) -> Outstanding:
    funding = funding_for_year(database, year)
    owing = sorted(
        (row for row in funding.contributions if row.outstanding_pence > 0), key=lambda row: -row.outstanding_pence
    )
    return Outstanding(
        year,
        funding.recorded,
        funding.outstanding_pence,
        funding.agreed_pence,
        tuple(row.agency_name for row in owing),
    )


# --- the years there is something to report on ---------------------------------------------------


def report_years(database: Database, on_date: dt.date | None = None) -> list[FinancialYear]:
    """The financial years from the first with a meeting, a challenge or money recorded up to the current
    one, newest first (the Reports page offers them)."""
    current = FinancialYear.containing(on_date or dt.date.today())
    with database.session() as session:
        first_meeting = session.scalar(select(func.min(Meeting.meeting_date)))
        first_challenge = session.scalar(select(func.min(Challenge.date_raised)))
        first_money = session.scalar(select(func.min(FinancialYearRecord.start_year)))
    starts = [current.start_year]
    starts += [FinancialYear.containing(day).start_year for day in (first_meeting, first_challenge) if day]
    if first_money is not None:
        starts.append(first_money)
    last = max(current.start_year, *starts)
    return [FinancialYear(start) for start in range(last, min(starts) - 1, -1)]
