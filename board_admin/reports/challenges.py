"""The challenge log as the screen, the exports and the minutes read it.

`challenge_log()` gives every field of every challenge, with `overdue` judged on a given day;
`ChallengeFilter.accepts()` is the one definition of the filters, used by the screen (on rows it holds)
and by the exports (through `challenge_log(..., log_filter)`), so both always show the same challenges.
Counts per status and the "challenges by agency" summary are computed from those same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from board_admin.db.engine import Database
from board_admin.db.models import Agency, Challenge, ChallengeStatusChange, ChallengeTheme, Group, Meeting, Person
from board_admin.domain.challenges import challenge_overdue
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.financial_year import FinancialYear


@dataclass(frozen=True)
class ChallengeLogRow:
    id: int
    version: int
    reference: str
    date_raised: dt.date
    raised_at_group_id: int | None
    raised_at_group: str | None
    raised_at_meeting_id: int | None
    raised_at_meeting_date: dt.date | None
    raised_by_id: int | None
    raised_by: str | None
    agency_id: int
    agency_name: str
    theme: str | None
    challenge: str
    response_due: dt.date | None
    response: str | None
    responded_on: dt.date | None
    outcome: str | None
    status: ChallengeStatus
    escalated_to: str | None
    escalated_to_group_id: int | None
    escalated_to_person_id: int | None
    date_closed: dt.date | None
    overdue: bool
    # Days since the response was due, when overdue; 0 otherwise.
    days_overdue: int = 0

    @property
    def raised_at(self) -> str:
        """ "Safeguarding Children Partnership Board, meeting of 12/03/2025", or just the group."""
        if self.raised_at_group and self.raised_at_meeting_date:
            return f"{self.raised_at_group}, meeting of {format_date(self.raised_at_meeting_date)}"
        return self.raised_at_group or ""


@dataclass(frozen=True)
class ChallengeFilter:
    """What the chair asked to see. Empty fields do not filter."""

    statuses: frozenset[ChallengeStatus] = frozenset()
    not_closed: bool = False
    agency_id: int | None = None
    theme: str | None = None
    group_id: int | None = None  # the group it was raised at
    raised_from: dt.date | None = None
    raised_to: dt.date | None = None
    overdue_only: bool = False

    @classmethod
    def for_year(cls, year: FinancialYear, **others) -> ChallengeFilter:
        return cls(raised_from=year.start, raised_to=year.end, **others)

    def accepts(self, row: ChallengeLogRow) -> bool:
        return not (
            (self.statuses and row.status not in self.statuses)
            or (self.not_closed and row.status is ChallengeStatus.CLOSED)
            or (self.agency_id is not None and row.agency_id != self.agency_id)
            or (self.theme is not None and row.theme != self.theme)
            or (self.group_id is not None and row.raised_at_group_id != self.group_id)
            or (self.raised_from is not None and row.date_raised < self.raised_from)
            or (self.raised_to is not None and row.date_raised > self.raised_to)
            or (self.overdue_only and not row.overdue)
        )

    def describe(self) -> str:
        """The filter in words, for the heading of an export ("" when it shows everything)."""
        parts = []
        if self.statuses:
            parts.append("status " + " or ".join(s.label for s in ChallengeStatus if s in self.statuses))
        if self.not_closed:
            parts.append("not closed")
        if self.theme:
            parts.append(f"theme {self.theme}")
        if self.raised_from and self.raised_to:
            parts.append(f"raised {format_date(self.raised_from)} to {format_date(self.raised_to)}")
        elif self.raised_from:
            parts.append(f"raised from {format_date(self.raised_from)}")
        elif self.raised_to:
            parts.append(f"raised up to {format_date(self.raised_to)}")
        if self.overdue_only:
            parts.append("overdue only")
        return "; ".join(parts)


# What was challenged and how it was answered, in `ChallengeLogRow`'s order (the log and the workbook read them).
CHALLENGE_RECORD_COLUMNS = (
    Challenge.theme,
    Challenge.challenge,
    Challenge.response_due,
    Challenge.response,
    Challenge.responded_on,
    Challenge.outcome,
    Challenge.status,
    Challenge.escalated_to,
    Challenge.escalated_to_group_id,
    Challenge.escalated_to_person_id,
    Challenge.date_closed,
)


def _log_query():
    raised_group = aliased(Group)
    meeting = aliased(Meeting)
    meeting_group = aliased(Group)
    raiser = aliased(Person)
    return (
        select(
            Challenge.id,
            Challenge.version,
            Challenge.reference,
            Challenge.date_raised,
            func.coalesce(Challenge.raised_at_group_id, meeting.group_id),
            func.coalesce(raised_group.name, meeting_group.name),
            Challenge.raised_at_meeting_id,
            meeting.meeting_date,
            Challenge.raised_by_id,
            raiser.name,
            Challenge.agency_id,
            Agency.name,
            *CHALLENGE_RECORD_COLUMNS,
        )
        .join(Agency, Agency.id == Challenge.agency_id)
        .outerjoin(raised_group, raised_group.id == Challenge.raised_at_group_id)
        .outerjoin(meeting, meeting.id == Challenge.raised_at_meeting_id)
        .outerjoin(meeting_group, meeting_group.id == meeting.group_id)
        .outerjoin(raiser, raiser.id == Challenge.raised_by_id)
        .order_by(Challenge.date_raised.desc(), Challenge.reference.desc())
    )


def _rows(database: Database, query, on_date: dt.date) -> list[ChallengeLogRow]:
    with database.session() as session:
        found = session.execute(query).all()
    rows = []
    for values in found:
        row = ChallengeLogRow(*values, overdue=False)
        if challenge_overdue(row.response_due, row.response, row.status, on_date):
            row = ChallengeLogRow(*values, overdue=True, days_overdue=(on_date - row.response_due).days)
        rows.append(row)
    return rows


def challenge_log(
    database: Database, on_date: dt.date | None = None, log_filter: ChallengeFilter | None = None
) -> list[ChallengeLogRow]:
    """The challenge log, newest first, with `overdue` judged on `on_date` (today), filtered if asked."""
    rows = _rows(database, _log_query(), on_date or dt.date.today())
    return rows if log_filter is None else [row for row in rows if log_filter.accepts(row)]


def challenge_overdue_clause(on_date: dt.date):
    """domain.challenges.challenge_overdue as SQL, for the counts and lists that read only the overdue ones."""
    return (
        (Challenge.status != ChallengeStatus.CLOSED)
        & (Challenge.response_due < on_date)
        & or_(Challenge.response.is_(None), func.trim(Challenge.response) == "")
    )


def overdue_challenges(database: Database, on_date: dt.date | None = None) -> list[ChallengeLogRow]:
    """The log's overdue rows alone, read as such (the dashboard's list), each still judged by challenge_overdue."""
    on_date = on_date or dt.date.today()
    rows = _rows(database, _log_query().where(challenge_overdue_clause(on_date)), on_date)
    return [row for row in rows if row.overdue]


def challenge_by_id(database: Database, challenge_id: int, on_date: dt.date | None = None) -> ChallengeLogRow | None:
    rows = _rows(database, _log_query().where(Challenge.id == challenge_id), on_date or dt.date.today())
    return rows[0] if rows else None


def meeting_challenges(database: Database, meeting_id: int, on_date: dt.date | None = None) -> list[ChallengeLogRow]:
    """The challenges raised at a meeting, in reference order, for its minutes."""
    query = _log_query().where(Challenge.raised_at_meeting_id == meeting_id)
    return sorted(_rows(database, query, on_date or dt.date.today()), key=lambda row: row.reference)


def challenges_escalated_to(
    database: Database,
    *,
    group_id: int | None = None,
    person_id: int | None = None,
    on_date: dt.date | None = None,
) -> list[ChallengeLogRow]:
    """The challenges escalated to a group (for its page or agenda) or to a person, newest first."""
    query = _log_query()
    if group_id is not None:
        query = query.where(Challenge.escalated_to_group_id == group_id)
    if person_id is not None:
        query = query.where(Challenge.escalated_to_person_id == person_id)
    return _rows(database, query, on_date or dt.date.today())


# --- counts --------------------------------------------------------------------------------------


def status_counts(rows: list[ChallengeLogRow]) -> dict[ChallengeStatus, int]:
    """How many of the rows are in each status, every status present (0 when none), in the status order."""
    counted = Counter(row.status for row in rows)
    return {status: counted[status] for status in ChallengeStatus}


@dataclass(frozen=True)
class AgencySummaryRow:
    """One line of "challenges by agency": what the chair reads out at the board."""

    agency_id: int
    agency_name: str
    by_status: dict[ChallengeStatus, int] = field(hash=False)
    overdue: int
    oldest_open_raised: dt.date | None

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def not_closed(self) -> int:
        return self.total - self.by_status[ChallengeStatus.CLOSED]


def agency_summary(rows: list[ChallengeLogRow]) -> list[AgencySummaryRow]:
    """Counts per agency challenged, most challenges first, then by name."""
    grouped: dict[int, list[ChallengeLogRow]] = defaultdict(list)
    for row in rows:
        grouped[row.agency_id].append(row)
    summary = []
    for agency_id, theirs in grouped.items():
        still_open = [row.date_raised for row in theirs if row.status is not ChallengeStatus.CLOSED]
        summary.append(
            AgencySummaryRow(
                agency_id=agency_id,
                agency_name=theirs[0].agency_name,
                by_status=status_counts(theirs),
                overdue=sum(row.overdue for row in theirs),
                oldest_open_raised=min(still_open, default=None),
            )
        )
    return sorted(summary, key=lambda line: (-line.total, line.agency_name.casefold()))


def challenges_by_agency(
    database: Database, on_date: dt.date | None = None, log_filter: ChallengeFilter | None = None
) -> list[AgencySummaryRow]:
    return agency_summary(challenge_log(database, on_date, log_filter))


# --- history and themes --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChangeRow:
    challenge_id: int
    changed_on: dt.date
    changed_by: str
    from_status: ChallengeStatus | None
    to_status: ChallengeStatus
    note: str | None


def _history_query():
    return select(
        ChallengeStatusChange.challenge_id,
        ChallengeStatusChange.changed_on,
        ChallengeStatusChange.changed_by,
        ChallengeStatusChange.from_status,
        ChallengeStatusChange.to_status,
        ChallengeStatusChange.note,
    ).order_by(ChallengeStatusChange.changed_on, ChallengeStatusChange.recorded_at, ChallengeStatusChange.id)


def status_history(database: Database, challenge_id: int) -> list[StatusChangeRow]:
    """A challenge's changes of status, oldest first."""
    query = _history_query().where(ChallengeStatusChange.challenge_id == challenge_id)
    with database.session() as session:
        return [StatusChangeRow(*row) for row in session.execute(query)]


def all_status_history(database: Database) -> dict[int, list[StatusChangeRow]]:
    """Every challenge's history at once (for an export), keyed by challenge id."""
    history: dict[int, list[StatusChangeRow]] = defaultdict(list)
    with database.session() as session:
        for row in session.execute(_history_query()):
            history[row[0]].append(StatusChangeRow(*row))
    return dict(history)


@dataclass(frozen=True)
class ManagedThemeRow:
    """An entry of a list the unit keeps (db.models.ManagedTheme): the challenge themes, the learning themes."""

    id: int
    version: int
    name: str
    active: bool


@dataclass(frozen=True)
class ThemeRow(ManagedThemeRow):
    challenges: int


def theme_rows(database: Database) -> list[ThemeRow]:
    """The managed list of themes, with how many challenges are filed under each, by name."""
    used = (
        select(Challenge.theme, func.count().label("used"))
        .where(Challenge.theme.is_not(None))
        .group_by(Challenge.theme)
    ).subquery()
    query = (
        select(ChallengeTheme.id, ChallengeTheme.version, ChallengeTheme.name, ChallengeTheme.active, used.c.used)
        .outerjoin(used, used.c.theme == ChallengeTheme.name)
        .order_by(func.lower(ChallengeTheme.name))
    )
    with database.session() as session:
        return [
            ThemeRow(id_, version, name, active, used or 0)
            for id_, version, name, active, used in session.execute(query)
        ]


def theme_names(database: Database, *, active_only: bool = True) -> list[str]:
    return [row.name for row in theme_rows(database) if row.active or not active_only]
