"""Case reviews as the screen, the exports and the annual report read them.

Every function here first checks that the signed-in role may read case reviews (finance may not: reviews
concern individuals). `case_review_list()` gives each review with its next deadline, the working days left
and an overdue flag; `CaseReviewFilter.accepts()` is the one definition of the filters, used by the screen and
the export. `review_detail()` is a review's own page: its deadlines, timeline, recommendations and actions.
`annual_review_report()` is seed 002's table for a financial year, with what goes around it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import aliased

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    CaseReview,
    CaseReviewKind,
    CaseReviewStatusChange,
    CaseReviewTheme,
    Group,
    LearningTheme,
    Recommendation,
    Setting,
)
from board_admin.domain.case_reviews import (
    DEFAULT_REPORT_MONTHS,
    AnnualReviewCounts,
    CaseReviewStatus,
    Deadline,
    ReviewDecision,
    ReviewFacts,
    ReviewStages,
    annual_counts,
    deadlines,
    next_deadline,
)
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.challenges import ManagedThemeRow
from board_admin.reports.meetings import OPEN_STATUSES, ActionRow, _action_query

REPORT_MONTHS_KEY = "case_reviews.report_months"


def _require(database: Database) -> None:
    database.actor.require(Permission.READ_CASE_REVIEWS)


def may_read(database: Database) -> bool:
    return database.actor.can(Permission.READ_CASE_REVIEWS)


def report_months(database: Database) -> int:
    """Months from the decision to the report's due date (the setting; six unless changed)."""
    with database.session() as session:
        setting = session.get(Setting, REPORT_MONTHS_KEY)
    return int(setting.value) if setting is not None and setting.value.isdigit() else DEFAULT_REPORT_MONTHS


@dataclass(frozen=True)
class KindRow:
    id: int
    version: int
    name: str
    prefix: str
    active: bool


@dataclass(frozen=True)
class ThemeRow(ManagedThemeRow):
    reviews: int


def review_kinds(database: Database) -> list[KindRow]:
    _require(database)
    with database.session() as session:
        kinds = session.scalars(select(CaseReviewKind).order_by(CaseReviewKind.id)).all()
        return [KindRow(k.id, k.version, k.name, k.prefix, k.active) for k in kinds]


def learning_themes(database: Database) -> list[ThemeRow]:
    _require(database)
    with database.session() as session:
        counts: dict[int, int] = defaultdict(int)
        for theme_id in session.scalars(select(CaseReviewTheme.theme_id)):
            counts[theme_id] += 1
        themes = session.scalars(select(LearningTheme).order_by(LearningTheme.name)).all()
        return [ThemeRow(t.id, t.version, t.name, t.active, counts[t.id]) for t in themes]


# --- the list --------------------------------------------------------------------------------------


def days_left_text(working_days_left: int | None, overdue: bool) -> str:
    """ "3 working days left", "Due today", "Overdue by 1 working day" (the words say it, not only a colour)."""
    if working_days_left is None:
        return ""
    if overdue:
        late = max(-working_days_left, 1)  # due on a Friday, looked at on the Saturday: still overdue
        return f"Overdue by {late} working day{'s' if late != 1 else ''}"
    if working_days_left == 0:
        return "Due today"
    return f"{working_days_left} working day{'s' if working_days_left != 1 else ''} left"


@dataclass(frozen=True)
class CaseReviewRow:
    id: int
    version: int
    reference: str
    kind_id: int
    kind: str
    prefix: str
    name: str
    overseeing_group_id: int | None
    overseeing_group: str | None
    referring_agency_id: int | None
    referring_agency: str | None
    status: CaseReviewStatus
    stages: ReviewStages
    reviewer: str | None
    summary: str | None
    themes: tuple[str, ...]
    recommendations: int
    open_actions: int
    # The earliest deadline not yet met, judged on the day the list was made.
    next_due_what: str | None
    next_due: dt.date | None
    working_days_left: int | None
    overdue: bool

    @property
    def notified_on(self) -> dt.date:
        return self.stages.notified_on

    @property
    def decision(self) -> ReviewDecision | None:
        return self.stages.decision

    @property
    def next_due_text(self) -> str:
        """ "Report due 12/11/2025" or ""."""
        return f"{self.next_due_what} due {format_date(self.next_due)}" if self.next_due else ""

    @property
    def days_left_text(self) -> str:
        return days_left_text(self.working_days_left, self.overdue)


@dataclass(frozen=True)
class CaseReviewFilter:
    """What the reader asked to see; empty fields do not filter. `year`: reviews notified in that year or
    still under way during it."""

    kind_id: int | None = None
    status: CaseReviewStatus | None = None
    year: FinancialYear | None = None
    overdue_only: bool = False

    def accepts(self, row: CaseReviewRow) -> bool:
        return not (
            (self.kind_id is not None and row.kind_id != self.kind_id)
            or (self.status is not None and row.status is not self.status)
            or (self.year is not None and not _during(row, self.year))
            or (self.overdue_only and not row.overdue)
        )

    def describe(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(f"status {self.status.label}")
        if self.year is not None:
            parts.append(f"year {self.year.label}")
        if self.overdue_only:
            parts.append("overdue only")
        return "; ".join(parts)


def _during(row: CaseReviewRow, year: FinancialYear) -> bool:
    if row.notified_on > year.end:
        return False
    finished = [d for d in (row.stages.published_on, row.stages.signed_off_on) if d is not None]
    return not finished or max(finished) >= year.start or row.status is not CaseReviewStatus.CLOSED


def _rows(session, today: dt.date, months: int, only_id: int | None = None) -> list[CaseReviewRow]:
    referrer = aliased(Agency)
    query = (
        select(CaseReview, CaseReviewKind, Group.name, referrer.name)
        .join(CaseReviewKind, CaseReviewKind.id == CaseReview.kind_id)
        .outerjoin(Group, Group.id == CaseReview.overseeing_group_id)
        .outerjoin(referrer, referrer.id == CaseReview.referring_agency_id)
        .order_by(CaseReview.notified_on.desc(), CaseReview.reference)
    )
    if only_id is not None:
        query = query.where(CaseReview.id == only_id)
    found = session.execute(query).all()
    themes: dict[int, list[str]] = defaultdict(list)
    for review_id, name in session.execute(
        select(CaseReviewTheme.case_review_id, LearningTheme.name)
        .join(LearningTheme, LearningTheme.id == CaseReviewTheme.theme_id)
        .order_by(LearningTheme.name)
    ):
        themes[review_id].append(name)
    recommendations: dict[int, int] = defaultdict(int)
    for review_id in session.scalars(select(Recommendation.case_review_id)):
        recommendations[review_id] += 1
    open_actions: dict[int, int] = defaultdict(int)
    for review_id in session.scalars(
        select(Recommendation.case_review_id)
        .join(Action, Action.recommendation_id == Recommendation.id)
        .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
    ):
        open_actions[review_id] += 1
    rows = []
    for review, kind, group, agency in found:
        stages = ReviewStages.of(review)
        pending = (
            None if review.status is CaseReviewStatus.CLOSED else next_deadline(deadlines(kind.prefix, stages, months))
        )
        rows.append(
            CaseReviewRow(
                id=review.id,
                version=review.version,
                reference=review.reference,
                kind_id=kind.id,
                kind=kind.name,
                prefix=kind.prefix,
                name=review.name,
                overseeing_group_id=review.overseeing_group_id,
                overseeing_group=group,
                referring_agency_id=review.referring_agency_id,
                referring_agency=agency,
                status=review.status,
                stages=stages,
                reviewer=review.reviewer,
                summary=review.summary,
                themes=tuple(themes[review.id]),
                recommendations=recommendations[review.id],
                open_actions=open_actions[review.id],
                next_due_what=pending.what if pending else None,
                next_due=pending.due if pending else None,
                working_days_left=pending.working_days_left(today) if pending else None,
                overdue=pending.overdue(today) if pending else False,
            )
        )
    return rows


def case_review_list(
    database: Database, review_filter: CaseReviewFilter | None = None, today: dt.date | None = None
) -> list[CaseReviewRow]:
    """Every review (newest notification first) that passes the filter, with its next deadline."""
    _require(database)
    months = report_months(database)
    with database.session() as session:
        rows = _rows(session, today or dt.date.today(), months)
    return [row for row in rows if review_filter is None or review_filter.accepts(row)]


def rapid_reviews_due(database: Database, today: dt.date | None = None) -> tuple[int, int]:
    """(rapid reviews due from today to Sunday, rapid reviews overdue): the dashboard's line."""
    today = today or dt.date.today()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    rows = case_review_list(database, today=today)
    rapid = [row for row in rows if row.next_due_what == "Rapid review"]
    return (
        sum(1 for row in rapid if today <= row.next_due <= sunday),
        sum(1 for row in rapid if row.overdue),
    )


# --- one review ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    what: str
    due: dt.date
    done_on: dt.date | None
    working_days_left: int
    overdue: bool
    late: bool

    @property
    def state(self) -> str:
        if self.done_on is not None:
            return f"Done {format_date(self.done_on)}" + (" (late)" if self.late else "")
        return days_left_text(self.working_days_left, self.overdue)


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    what: str
    detail: str = ""


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    version: int
    number: int
    text: str
    actions: tuple[ActionRow, ...]

    @property
    def progress(self) -> str:
        done = sum(1 for action in self.actions if action.status in (ActionStatus.DONE, ActionStatus.DROPPED))
        return f"{done} of {len(self.actions)} actions done or dropped" if self.actions else "No actions yet"


@dataclass(frozen=True)
class CaseReviewDetail:
    review: CaseReviewRow
    deadlines: tuple[DeadlineRow, ...]
    timeline: tuple[TimelineEntry, ...]
    recommendations: tuple[RecommendationRow, ...] = field(default_factory=tuple)


STAGE_EVENTS = (
    ("notified_on", "Notified"),
    ("rapid_review_held_on", "Rapid review held"),
    ("decided_on", "Decision"),
    ("panel_informed_on", "National Panel informed"),
    ("reviewer_commissioned_on", "Reviewer commissioned"),
    ("signed_off_on", "Signed off by the board"),
    ("sent_to_panel_on", "Sent to the Panel and Secretary of State"),
    ("published_on", "Published"),
)


def _recommendations(session, review_id: int, today: dt.date) -> tuple[RecommendationRow, ...]:
    found = session.scalars(
        select(Recommendation).where(Recommendation.case_review_id == review_id).order_by(Recommendation.number)
    ).all()
    if not found:
        return ()
    actions: dict[int, list[ActionRow]] = defaultdict(list)
    query = (
        _action_query()
        .add_columns(Action.recommendation_id)
        .where(Action.recommendation_id.in_([r.id for r in found]))
        .order_by(Action.id)
    )
    for *columns, recommendation_id in session.execute(query):
        status, due = columns[13], columns[12]
        overdue = status in OPEN_STATUSES and due is not None and due < today
        actions[recommendation_id].append(ActionRow(*columns, overdue=overdue))
    return tuple(RecommendationRow(r.id, r.version, r.number, r.text, tuple(actions[r.id])) for r in found)


def review_detail(database: Database, review_id: int, today: dt.date | None = None) -> CaseReviewDetail:
    """A review's own page: deadlines, the timeline of its stages and status changes, its recommendations."""
    _require(database)
    today = today or dt.date.today()
    months = report_months(database)
    with database.session() as session:
        rows = _rows(session, today, months, only_id=review_id)
        if not rows:
            from board_admin.domain.errors import NotFoundError

            raise NotFoundError("The case review you asked for no longer exists; it may have been deleted.")
        row = rows[0]
        history = session.scalars(
            select(CaseReviewStatusChange)
            .where(CaseReviewStatusChange.case_review_id == review_id)
            .order_by(CaseReviewStatusChange.changed_on, CaseReviewStatusChange.recorded_at)
        ).all()
        recommendations = _recommendations(session, review_id, today)
    entries = []
    for name, what in STAGE_EVENTS:
        day = getattr(row.stages, name)
        if day is not None:
            detail = ""
            if name == "notified_on" and row.referring_agency:
                detail = f"by {row.referring_agency}"
            elif name == "decided_on" and row.decision:
                detail = row.decision.label
            elif name == "reviewer_commissioned_on" and row.reviewer:
                detail = row.reviewer
            entries.append(TimelineEntry(day, what, detail))
    for step in history:
        if step.from_status is None:
            continue  # the notification itself, already on the timeline
        if step.from_status is step.to_status:
            entries.append(TimelineEntry(step.changed_on, "Note", f"{step.note or ''} ({step.changed_by})"))
        else:
            note = f": {step.note}" if step.note else ""
            entries.append(
                TimelineEntry(
                    step.changed_on,
                    f"Status: {step.to_status.label}",
                    f"from {step.from_status.label}{note} ({step.changed_by})",
                )
            )
    entries.sort(key=lambda entry: entry.on)
    return CaseReviewDetail(
        review=row,
        deadlines=tuple(_deadline_row(d, today) for d in deadlines(row.prefix, row.stages, months)),
        timeline=tuple(entries),
        recommendations=recommendations,
    )


def _deadline_row(deadline: Deadline, today: dt.date) -> DeadlineRow:
    return DeadlineRow(
        deadline.what,
        deadline.due,
        deadline.done_on,
        deadline.working_days_left(today),
        deadline.overdue(today),
        deadline.late(),
    )


# --- the annual report (seed 002) -----------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationProgress:
    reference: str
    name: str
    number: int
    text: str
    actions: int
    done: int
    open: int


@dataclass(frozen=True)
class AnnualReviewReport:
    counts: AnnualReviewCounts
    # What was done about the recommendations of the reviews under way or finished in the year.
    recommendations: tuple[RecommendationProgress, ...]

    @property
    def year(self) -> FinancialYear:
        return self.counts.year


# The seed 002 table's columns, in its order: (heading, field of AnnualReviewCounts).
ANNUAL_COLUMNS = (
    ("Rapid reviews: criteria met", "rapid_reviews_criteria_met"),
    ("Rapid reviews: criteria not met", "rapid_reviews_criteria_not_met"),
    ("CSPRs ongoing from earlier years", "cspr_ongoing_from_earlier"),
    ("New referrals for CSPR", "cspr_new_referrals"),
    ("CSPRs completed (signed off)", "cspr_completed"),
    ("CSPRs published", "cspr_published"),
    ("Ongoing SARs", "sar_ongoing"),
)


def annual_review_report(database: Database, year: FinancialYear) -> AnnualReviewReport:
    _require(database)
    rows = case_review_list(database)
    facts = [
        ReviewFacts(
            reference=row.reference,
            prefix=row.prefix,
            kind=row.kind,
            name=row.name,
            notified_on=row.notified_on,
            referring_agency=row.referring_agency,
            decided_on=row.stages.decided_on,
            decision=row.decision,
            signed_off_on=row.stages.signed_off_on,
            published_on=row.stages.published_on,
            closed_on=_closed_on(database, row) if row.status is CaseReviewStatus.CLOSED else None,
            themes=row.themes,
            summary=row.summary,
        )
        for row in sorted(rows, key=lambda row: (row.notified_on, row.reference))
    ]
    counts = annual_counts(facts, year)
    in_year = {row.reference for row in rows if CaseReviewFilter(year=year).accepts(row)}
    progress = []
    with database.session() as session:
        query = (
            select(CaseReview.reference, CaseReview.name, Recommendation.number, Recommendation.text, Action.status)
            .join(Recommendation, Recommendation.case_review_id == CaseReview.id)
            .outerjoin(Action, Action.recommendation_id == Recommendation.id)
            .order_by(CaseReview.reference, Recommendation.number)
        )
        grouped: dict[tuple, list] = {}
        for reference, name, number, text, status in session.execute(query):
            if reference in in_year:
                grouped.setdefault((reference, name, number, text), [])
                if status is not None:
                    grouped[(reference, name, number, text)].append(status)
    for (reference, name, number, text), statuses in grouped.items():
        finished = sum(1 for s in statuses if s in (ActionStatus.DONE, ActionStatus.DROPPED))
        progress.append(
            RecommendationProgress(reference, name, number, text, len(statuses), finished, len(statuses) - finished)
        )
    return AnnualReviewReport(counts, tuple(progress))


def _closed_on(database: Database, row: CaseReviewRow) -> dt.date | None:
    with database.session() as session:
        return session.scalar(
            select(CaseReviewStatusChange.changed_on)
            .where(
                CaseReviewStatusChange.case_review_id == row.id,
                CaseReviewStatusChange.to_status == CaseReviewStatus.CLOSED,
            )
            .order_by(CaseReviewStatusChange.changed_on.desc())
            .limit(1)
        )
