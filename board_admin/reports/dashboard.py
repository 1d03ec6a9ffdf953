"""The figures on the dashboard's tiles, one function per figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from board_admin.db.engine import Database
from board_admin.db.models import Action, Agency, Challenge, Group, Meeting, Person
from board_admin.domain.enums import ActionStatus, ChallengeStatus, MeetingStatus
from board_admin.domain.financial_year import FinancialYear


def active_agencies(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Agency).where(Agency.active.is_(True))) or 0


def active_people(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Person).where(Person.active.is_(True))) or 0


def current_groups(database: Database, on_date: dt.date | None = None) -> int:
    """Groups running on the day: started (or with no start date) and not yet ended."""
    on_date = on_date or dt.date.today()
    query = (
        select(func.count())
        .select_from(Group)
        .where(
            or_(Group.start_date.is_(None), Group.start_date <= on_date),
            or_(Group.end_date.is_(None), Group.end_date >= on_date),
        )
    )
    with database.session() as session:
        return session.scalar(query) or 0


@dataclass(frozen=True)
class MeetingCounts:
    """Planned = scheduled in the period (held, cancelled or still planned); a postponed meeting is
    counted at its new date instead. Held = status held (seed 004: "12 planned, 5 actual")."""

    planned: int
    held: int
    cancelled: int


def meetings_in_year(database: Database, year: FinancialYear) -> MeetingCounts:
    counted = (MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.PLANNED)
    query = select(
        func.count(case((Meeting.status.in_(counted), 1))),
        func.count(case((Meeting.status == MeetingStatus.HELD, 1))),
        func.count(case((Meeting.status == MeetingStatus.CANCELLED, 1))),
    ).where(Meeting.meeting_date.between(year.start, year.end))
    with database.session() as session:
        planned, held, cancelled = session.execute(query).one()
    return MeetingCounts(planned=planned, held=held, cancelled=cancelled)


@dataclass(frozen=True)
class OpenCounts:
    open: int
    overdue: int


def open_actions(database: Database, on_date: dt.date | None = None) -> OpenCounts:
    """Actions open or in progress; overdue = one of those whose due date has passed."""
    on_date = on_date or dt.date.today()
    still_open = Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
    query = select(
        func.count(case((still_open, 1))),
        func.count(case((still_open & (Action.due_date < on_date), 1))),
    )
    with database.session() as session:
        total, overdue = session.execute(query).one()
    return OpenCounts(open=total, overdue=overdue)


def open_challenges(database: Database, on_date: dt.date | None = None) -> OpenCounts:
    """Challenges not closed; overdue = response due date passed with no response (see lists.challenge_overdue)."""
    on_date = on_date or dt.date.today()
    not_closed = Challenge.status != ChallengeStatus.CLOSED
    no_response = or_(Challenge.response.is_(None), func.trim(Challenge.response) == "")
    query = select(
        func.count(case((not_closed, 1))),
        func.count(case((not_closed & (Challenge.response_due < on_date) & no_response, 1))),
    )
    with database.session() as session:
        total, overdue = session.execute(query).one()
    return OpenCounts(open=total, overdue=overdue)
