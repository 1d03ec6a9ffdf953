"""Case reviews (seed 001 "Practice reviews", "Safeguarding Adult Reviews", "LeDeR"; seed 002 the annual table).

The rules written once here: the kinds and statuses, how a reference is numbered (CSPR-2025-03: per kind and
calendar year of notification), the order the stages' dates must keep, working days, the statutory
deadlines, and the annual report's counts.

Deadlines (seed 001 and the National Panel's guidance):
- a rapid review within 15 working days of the notification;
- a CSPR's report no later than six months from the decision to initiate it (the months are a setting);
- a copy to the National Panel and the Secretary of State no later than seven working days before publication.
Working days leave out Saturdays, Sundays and England and Wales bank holidays, taken from the `holidays`
package so that a newly announced bank holiday (a coronation, a jubilee) arrives with an update, not a code edit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from board_admin.domain.dates import format_date
from board_admin.domain.enums import LabelledEnum
from board_admin.domain.financial_year import FinancialYear


class CaseReviewStatus(LabelledEnum):
    NOTIFIED = ("notified", "Notified")
    RAPID_REVIEW = ("rapid_review", "Rapid review")
    DECIDED = ("decided", "Decided")
    IN_PROGRESS = ("in_progress", "In progress")
    COMPLETED = ("completed", "Completed")
    PUBLISHED = ("published", "Published")
    CLOSED = ("closed", "Closed")


class ReviewDecision(LabelledEnum):
    CRITERIA_MET = ("criteria_met", "Criteria met")
    CRITERIA_NOT_MET = ("criteria_not_met", "Criteria not met")
    OTHER_LEARNING = ("other_learning", "Other learning")


@dataclass(frozen=True)
class StandardKind:
    prefix: str
    name: str


# The kinds every partnership has; the unit may add others (a kind is a name and a reference prefix).
RAPID_REVIEW = StandardKind("RR", "Rapid review")
CSPR = StandardKind("CSPR", "Child safeguarding practice review")
SAR = StandardKind("SAR", "Safeguarding adult review")
MULTI_AGENCY = StandardKind("MALR", "Other multi-agency learning review")
LEDER = StandardKind("LeDeR", "LeDeR review")
STANDARD_KINDS = (RAPID_REVIEW, CSPR, SAR, MULTI_AGENCY, LEDER)
# Child cases go to a rapid review first (Working Together 2018), so both kinds carry its deadline.
CHILD_PREFIXES = frozenset({RAPID_REVIEW.prefix, CSPR.prefix})

RAPID_REVIEW_WORKING_DAYS = 15
PANEL_COPY_WORKING_DAYS = 7
DEFAULT_REPORT_MONTHS = 6
PREFIX_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9]{0,9}")


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:02d}"


def reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(prefix)}-(\d{{4}})-(\d{{2,}})")


def check_prefix(prefix: str) -> str | None:
    """A sentence if `prefix` cannot start a reference; None if it can."""
    if not PREFIX_PATTERN.fullmatch(prefix or ""):
        return (
            f"'{prefix}' cannot start a reference: use one to ten letters or digits, starting with a letter "
            "(for example CSPR)."
        )
    return None


# --- working days ----------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # loaded when a deadline is first worked out, not when the program starts

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The day `count` working days after `start` (before it when negative); `start` itself is not counted."""
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
    if end == start:
        return 0
    low, high, sign = (start, end, 1) if end > start else (end, start, -1)
    count = sum(1 for n in range(1, (high - low).days + 1) if is_working_day(low + dt.timedelta(days=n)))
    return sign * count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 August + 6 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rapid_review_due(notified_on: dt.date) -> dt.date:
    return add_working_days(notified_on, RAPID_REVIEW_WORKING_DAYS)


def report_due(decided_on: dt.date, months: int = DEFAULT_REPORT_MONTHS) -> dt.date:
    return add_months(decided_on, months)


def panel_copy_due(publication_on: dt.date) -> dt.date:
    return add_working_days(publication_on, -PANEL_COPY_WORKING_DAYS)


# --- the stages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStages:
    """The dates of a review's stages, as typed (any of them may be missing except the notification)."""

    notified_on: dt.date | None
    rapid_review_held_on: dt.date | None = None
    decided_on: dt.date | None = None
    decision: ReviewDecision | None = None
    panel_informed_on: dt.date | None = None
    reviewer_commissioned_on: dt.date | None = None
    signed_off_on: dt.date | None = None
    sent_to_panel_on: dt.date | None = None
    publication_planned_on: dt.date | None = None
    published_on: dt.date | None = None

    @classmethod
    def of(cls, record) -> ReviewStages:
        """The stages as `record` holds them: a stored review, or the fields of a form (anything with these
        attributes)."""
        return cls(**{name: getattr(record, name) for name in cls.__dataclass_fields__})


STAGE_LABELS = {
    "notified_on": "the notification",
    "rapid_review_held_on": "the rapid review",
    "decided_on": "the decision",
    "panel_informed_on": "informing the National Panel",
    "reviewer_commissioned_on": "commissioning the reviewer",
    "signed_off_on": "sign-off by the board",
    "sent_to_panel_on": "sending the report to the Panel and Secretary of State",
    "publication_planned_on": "the planned publication",
    "published_on": "publication",
}


def stage_problems(stages: ReviewStages) -> list[tuple[str, str]]:
    """Each broken rule of the stages' dates as (field, sentence); empty when they are in order."""
    problems: list[tuple[str, str]] = []
    notified = stages.notified_on
    if notified is None:
        return [("notified_on", "Enter the date the case was notified.")]
    for name, label in STAGE_LABELS.items():
        day = getattr(stages, name)
        if name != "notified_on" and day is not None and day < notified:
            problems.append(
                (
                    name,
                    f"The date of {label} ({format_date(day)}) is before the notification ({format_date(notified)}).",
                )
            )
    if stages.decided_on is not None and stages.decision is None:
        problems.append(("decision", "A decision date needs its outcome: criteria met, not met or other learning."))
    if stages.decision is not None and stages.decided_on is None:
        problems.append(("decided_on", f"Enter the date of the decision '{stages.decision.label}'."))
    if stages.published_on is not None:
        if stages.signed_off_on is None:
            problems.append(("signed_off_on", "A published review must have been signed off by the board first."))
        elif stages.published_on < stages.signed_off_on:
            problems.append(
                (
                    "published_on",
                    f"The publication date ({format_date(stages.published_on)}) is before sign-off by the board "
                    f"({format_date(stages.signed_off_on)}).",
                )
            )
    return problems


def status_problem(status: CaseReviewStatus, stages: ReviewStages, open_actions: int) -> tuple[str, str] | None:
    """What the stages lack for a review to take `status`, as (field, sentence); None if nothing."""
    if status is CaseReviewStatus.DECIDED and stages.decision is None:
        return ("decision", "Record the decision and its outcome before marking the review decided.")
    if status is CaseReviewStatus.COMPLETED and stages.signed_off_on is None:
        return ("signed_off_on", "Record the date the board signed the review off before marking it completed.")
    if status is CaseReviewStatus.PUBLISHED and stages.published_on is None:
        return ("published_on", "Record the publication date before marking the review published.")
    if status is CaseReviewStatus.CLOSED and open_actions:
        plural = "action is" if open_actions == 1 else "actions are"
        return (
            "status",
            f"The review cannot be closed: {open_actions} {plural} still open; mark them done, or dropped with a "
            "reason, first.",
        )
    return None


# --- deadlines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    what: str
    due: dt.date
    done_on: dt.date | None

    def working_days_left(self, today: dt.date) -> int:
        return working_days_between(today, self.due)

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and today > self.due

    def late(self) -> bool:
        """Met, but after the due date."""
        return self.done_on is not None and self.done_on > self.due


RAPID_REVIEW_DEADLINE = "Rapid review"
REPORT_DEADLINE = "Report"
PANEL_COPY_DEADLINE = "Copy to the National Panel"


def deadlines(prefix: str, stages: ReviewStages, report_months: int = DEFAULT_REPORT_MONTHS) -> list[Deadline]:
    """The statutory deadlines that apply to a review of this kind at its stage, in order."""
    found = []
    if prefix in CHILD_PREFIXES and stages.notified_on is not None:
        done = stages.rapid_review_held_on or stages.decided_on
        found.append(Deadline(RAPID_REVIEW_DEADLINE, rapid_review_due(stages.notified_on), done))
    if (
        stages.decided_on is not None
        and stages.decision is ReviewDecision.CRITERIA_MET
        and prefix != RAPID_REVIEW.prefix
    ):
        found.append(Deadline(REPORT_DEADLINE, report_due(stages.decided_on, report_months), stages.signed_off_on))
    publication = stages.published_on or stages.publication_planned_on
    if prefix == CSPR.prefix and publication is not None:
        found.append(Deadline(PANEL_COPY_DEADLINE, panel_copy_due(publication), stages.sent_to_panel_on))
    return found


def next_deadline(deadlines_: list[Deadline]) -> Deadline | None:
    """The earliest deadline not yet met."""
    pending = [deadline for deadline in deadlines_ if deadline.done_on is None]
    return min(pending, key=lambda deadline: deadline.due) if pending else None


# --- the annual report (seed 002) -----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFacts:
    """What the annual report needs of one review."""

    reference: str
    prefix: str
    kind: str
    name: str
    notified_on: dt.date
    referring_agency: str | None = None
    decided_on: dt.date | None = None
    decision: ReviewDecision | None = None
    signed_off_on: dt.date | None = None
    published_on: dt.date | None = None
    closed_on: dt.date | None = None
    themes: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class KindCounts:
    kind: str
    notified: int
    ongoing_at_start: int
    completed: int
    published: int
    ongoing_at_end: int


@dataclass(frozen=True)
class AnnualReviewCounts:
    """The seed 002 table ("Rapid reviews: criteria met / not met, CSPRs ongoing from earlier years, referrals for
    CSPR, CSPRs completed, ongoing SARs") and what goes around it."""

    year: FinancialYear
    rapid_reviews_criteria_met: int
    rapid_reviews_criteria_not_met: int
    cspr_ongoing_from_earlier: int
    cspr_new_referrals: int
    cspr_completed: int
    cspr_published: int
    sar_ongoing: int
    by_kind: list[KindCounts] = field(default_factory=list)
    # Source of referrals: agency -> reviews notified in the year (child reviews and all).
    child_referrals_by_agency: list[tuple[str, int]] = field(default_factory=list)
    referrals_by_agency: list[tuple[str, int]] = field(default_factory=list)
    learning_themes: list[tuple[str, int]] = field(default_factory=list)
    published: list[ReviewFacts] = field(default_factory=list)


def _started(review: ReviewFacts) -> dt.date:
    return review.decided_on or review.notified_on


def _open_on(review: ReviewFacts, day: dt.date) -> bool:
    """Under way on `day`: notified by then, not yet signed off, closed or found not to meet the criteria."""
    finished = [d for d in (review.signed_off_on, review.closed_on) if d is not None]
    if review.decision is not None and review.decision is not ReviewDecision.CRITERIA_MET and review.decided_on:
        finished.append(review.decided_on)
    return review.notified_on <= day and not any(d <= day for d in finished)


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))


def _in(day: dt.date | None, year: FinancialYear) -> bool:
    return day is not None and day in year


def annual_counts(reviews: list[ReviewFacts], year: FinancialYear) -> AnnualReviewCounts:
    """The year's counts. A rapid review counts by the outcome decided in the year (a CSPR's own rapid review
    included); a CSPR is a new referral in the year it was decided on, ongoing from earlier years when started
    before the year and not signed off by then; completed when signed off in the year; a SAR is ongoing when
    under way at the year's end."""
    start_eve = year.start - dt.timedelta(days=1)
    decided_in_year = [r for r in reviews if r.prefix in CHILD_PREFIXES and _in(r.decided_on, year) and r.decision]
    csprs = [r for r in reviews if r.prefix == CSPR.prefix]
    by_kind: dict[str, list[ReviewFacts]] = {}
    for review in reviews:
        by_kind.setdefault(review.kind, []).append(review)
    in_year = [r for r in reviews if _in(r.notified_on, year)]
    active = [r for r in reviews if r.notified_on <= year.end and (_open_on(r, start_eve) or _touched(r, year))]
    themes = Counter(theme for review in active for theme in review.themes)
    return AnnualReviewCounts(
        year=year,
        rapid_reviews_criteria_met=sum(1 for r in decided_in_year if r.decision is ReviewDecision.CRITERIA_MET),
        rapid_reviews_criteria_not_met=sum(1 for r in decided_in_year if r.decision is not ReviewDecision.CRITERIA_MET),
        cspr_ongoing_from_earlier=sum(1 for r in csprs if _started(r) < year.start and _open_on(r, start_eve)),
        cspr_new_referrals=sum(1 for r in csprs if _started(r) in year),
        cspr_completed=sum(1 for r in csprs if _in(r.signed_off_on, year)),
        cspr_published=sum(1 for r in csprs if _in(r.published_on, year)),
        sar_ongoing=sum(1 for r in reviews if r.prefix == SAR.prefix and _open_on(r, year.end)),
        by_kind=[
            KindCounts(
                kind=kind,
                notified=sum(1 for r in rows if _in(r.notified_on, year)),
                ongoing_at_start=sum(1 for r in rows if _open_on(r, start_eve)),
                completed=sum(1 for r in rows if _in(r.signed_off_on, year)),
                published=sum(1 for r in rows if _in(r.published_on, year)),
                ongoing_at_end=sum(1 for r in rows if _open_on(r, year.end)),
            )
            for kind, rows in by_kind.items()
        ],
        child_referrals_by_agency=_ranked(
            Counter(r.referring_agency or "Not recorded" for r in in_year if r.prefix in CHILD_PREFIXES)
        ),
        referrals_by_agency=_ranked(Counter(r.referring_agency or "Not recorded" for r in in_year)),
        learning_themes=_ranked(themes),
        published=sorted(
            (r for r in reviews if _in(r.published_on, year)), key=lambda r: (r.published_on, r.reference)
        ),
    )


def _touched(review: ReviewFacts, year: FinancialYear) -> bool:
    return any(
        _in(day, year) for day in (review.notified_on, review.decided_on, review.signed_off_on, review.published_on)
    )
