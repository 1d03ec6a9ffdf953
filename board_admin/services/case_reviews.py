"""Keeping case reviews: record a notification, take it through its stages, its recommendations and their actions.

Each public function is one use case in one transaction; administrators keep reviews (EDIT_CASE_REVIEWS).
The rules (stage order, what a status needs, references) are in domain/case_reviews.py; this module applies
them to the records. A review's recommendations are carried out through ordinary actions set at a meeting of
the overseeing group, so they come back as matters arising there until done or dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    CaseReview,
    CaseReviewKind,
    CaseReviewReferenceCounter,
    CaseReviewStatusChange,
    CaseReviewTheme,
    Group,
    LearningTheme,
    Meeting,
    Recommendation,
    Setting,
)
from board_admin.domain.case_reviews import (
    DEFAULT_REPORT_MONTHS,
    CaseReviewStatus,
    ReviewDecision,
    ReviewStages,
    check_prefix,
    format_reference,
    reference_pattern,
    stage_problems,
    status_problem,
)
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus
from board_admin.domain.errors import InUseError, ValidationError
from board_admin.domain.permissions import Permission
from board_admin.services.meetings import ActionFields, _apply_action
from board_admin.services.structure import NAME_LIMIT, check_version, clean_text, get_or_fail, long_text, status_change
from board_admin.services.themes import add_theme_to, rename_theme_in, set_theme_active_in
from board_admin.services.uow import UnitOfWork

REPORT_MONTHS_KEY = "case_reviews.report_months"
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- the review ------------------------------------------------------------------------------------


@dataclass
class CaseReviewFields:
    kind_id: int | None
    name: str
    notified_on: dt.date | None
    overseeing_group_id: int | None = None
    referring_agency_id: int | None = None
    rapid_review_held_on: dt.date | None = None
    decided_on: dt.date | None = None
    decision: ReviewDecision | None = None
    panel_informed_on: dt.date | None = None
    reviewer_commissioned_on: dt.date | None = None
    reviewer: str | None = None
    signed_off_on: dt.date | None = None
    sent_to_panel_on: dt.date | None = None
    publication_planned_on: dt.date | None = None
    published_on: dt.date | None = None
    summary: str | None = None
    themes: list[str] = field(default_factory=list)

    def stages(self) -> ReviewStages:
        return ReviewStages.of(self)


def stages_of(review: CaseReview) -> ReviewStages:
    return ReviewStages.of(review)


def _open_actions(session: Session, review_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Action)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(Recommendation.case_review_id == review_id, Action.status.in_(OPEN_ACTION_STATUSES))
    )


def _next_reference(session: Session, prefix: str, year: int) -> str:
    """The next number of the kind in the year; the counter row is locked so two offices cannot take one number."""
    counter = session.scalar(
        select(CaseReviewReferenceCounter)
        .where(CaseReviewReferenceCounter.prefix == prefix, CaseReviewReferenceCounter.year == year)
        .with_for_update()
    )
    # References may also come from a workbook import or the demo, which do not move the counter.
    existing = session.scalars(select(CaseReview.reference).where(CaseReview.reference.like(f"{prefix}-{year}-%")))
    pattern = reference_pattern(prefix)
    highest = max((int(match.group(2)) for match in map(pattern.fullmatch, existing) if match), default=0)
    number = max(highest, counter.last_number if counter else 0) + 1
    if counter is None:
        session.add(CaseReviewReferenceCounter(prefix=prefix, year=year, last_number=number))
    else:
        counter.last_number = number
    return format_reference(prefix, year, number)


def _themes(session: Session, names: list[str], current: set[str]) -> list[LearningTheme]:
    chosen: list[LearningTheme] = []
    for typed in names:
        name = clean_text(typed, "themes", "A learning theme", required=False, limit=NAME_LIMIT)
        if name is None:
            continue
        theme = session.scalar(select(LearningTheme).where(func.lower(LearningTheme.name) == name.lower()))
        if theme is None:
            raise ValidationError(
                f"'{name}' is not one of the learning themes; add it to the list of themes first.", "themes"
            )
        if not theme.active and theme.name not in current:
            raise ValidationError(f"The learning theme '{theme.name}' has been retired; choose another.", "themes")
        if theme not in chosen:
            chosen.append(theme)
    return chosen


def _apply_review(
    session: Session, review: CaseReview, fields: CaseReviewFields
) -> tuple[CaseReviewKind, list[LearningTheme]]:
    if fields.kind_id is None:
        raise ValidationError("Choose the kind of review.", "kind_id")
    kind = session.get(CaseReviewKind, fields.kind_id)
    if kind is None:
        raise ValidationError("The chosen kind of review no longer exists.", "kind_id")
    if not kind.active and kind.id != review.kind_id:
        raise ValidationError(f"The kind '{kind.name}' is no longer in use; choose another.", "kind_id")
    name = clean_text(fields.name, "name", "The anonymised name", required=True, limit=NAME_LIMIT)
    if fields.overseeing_group_id is not None and session.get(Group, fields.overseeing_group_id) is None:
        raise ValidationError("The chosen overseeing group no longer exists.", "overseeing_group_id")
    if fields.referring_agency_id is not None and session.get(Agency, fields.referring_agency_id) is None:
        raise ValidationError("The chosen referring agency no longer exists.", "referring_agency_id")
    if fields.decision is not None and not isinstance(fields.decision, ReviewDecision):
        raise ValidationError("Choose the decision's outcome.", "decision")
    stages = fields.stages()
    problems = stage_problems(stages)
    if problems:
        raise ValidationError(problems[0][1], problems[0][0])
    if review.status is not None:
        problem = status_problem(review.status, stages, 0)
        if problem:
            raise ValidationError(problem[1], problem[0])
    current = {link.theme.name for link in _theme_links(session, review)} if review.id else set()
    themes = _themes(session, fields.themes, current)
    review.kind_id = kind.id
    review.name = name
    review.overseeing_group_id = fields.overseeing_group_id
    review.referring_agency_id = fields.referring_agency_id
    for stage in ReviewStages.__dataclass_fields__:
        setattr(review, stage, getattr(stages, stage))
    review.reviewer = clean_text(fields.reviewer, "reviewer", "The reviewer", required=False, limit=NAME_LIMIT)
    review.summary = long_text(fields.summary, "summary", "The summary", required=False)
    return kind, themes  # the themes are stored once the review has an id


def _theme_links(session: Session, review: CaseReview) -> list[CaseReviewTheme]:
    return list(session.scalars(select(CaseReviewTheme).where(CaseReviewTheme.case_review_id == review.id)))


def _store_themes(session: Session, review: CaseReview, themes: list[LearningTheme]) -> None:
    wanted = {theme.id for theme in themes}
    links = _theme_links(session, review)
    for link in links:
        if link.theme_id not in wanted:
            session.delete(link)
    have = {link.theme_id for link in links}
    for theme in themes:
        if theme.id not in have:
            session.add(CaseReviewTheme(case_review_id=review.id, theme_id=theme.id))


def _add_history(
    session: Session,
    db: Database,
    review: CaseReview,
    before: CaseReviewStatus | None,
    after: CaseReviewStatus,
    on: dt.date,
    note: str | None,
) -> None:
    if on < review.notified_on:
        raise ValidationError(
            f"The date of the change ({format_date(on)}) is before the notification "
            f"({format_date(review.notified_on)}).",
            "changed_on",
        )
    session.add(
        CaseReviewStatusChange(
            case_review_id=review.id,
            **status_change(db, before, after, on, note),
        )
    )


def record_case_review(db: Database, fields: CaseReviewFields) -> int:
    """Records a notified case with the next reference of its kind and year (CSPR-2025-03); returns its id."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        review = CaseReview(status=CaseReviewStatus.NOTIFIED)
        kind, themes = _apply_review(uow.session, review, fields)
        review.reference = _next_reference(uow.session, kind.prefix, review.notified_on.year)
        uow.session.add(review)
        uow.flush()
        _store_themes(uow.session, review, themes)
        _add_history(uow.session, db, review, None, CaseReviewStatus.NOTIFIED, review.notified_on, "Notified")
        uow.commit()
        return review.id


def update_case_review(db: Database, review_id: int, fields: CaseReviewFields, version: int | None = None) -> None:
    """Edits a review's details and stage dates. A change of kind (a rapid review whose criteria were met becoming
    a CSPR) gives the review the next reference of its new kind, and says so in its history."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        review = get_or_fail(uow.session, CaseReview, review_id, "case review")
        check_version(review, version, "case review")
        old_kind_id, old_reference = review.kind_id, review.reference
        kind, themes = _apply_review(uow.session, review, fields)
        if kind.id != old_kind_id:
            review.reference = _next_reference(uow.session, kind.prefix, review.notified_on.year)
            _add_history(
                uow.session,
                db,
                review,
                review.status,
                review.status,
                dt.date.today() if dt.date.today() >= review.notified_on else review.notified_on,
                f"Became a {kind.name}: {old_reference} is now {review.reference}",
            )
        _store_themes(uow.session, review, themes)
        uow.commit()


def change_review_status(
    db: Database,
    review_id: int,
    status: CaseReviewStatus,
    on: dt.date | None,
    note: str | None = None,
    version: int | None = None,
) -> None:
    """Moves a review to another status on a date, with a history entry. Closing needs every action of its
    recommendations done or dropped."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        review = get_or_fail(uow.session, CaseReview, review_id, "case review")
        check_version(review, version, "case review")
        if not isinstance(status, CaseReviewStatus):
            raise ValidationError("Choose the new status.", "status")
        if status is review.status:
            raise ValidationError(f"The review is already '{status.label}'.", "status")
        if on is None:
            raise ValidationError("Enter the date of the change.", "changed_on")
        problem = status_problem(status, stages_of(review), _open_actions(uow.session, review.id))
        if problem:
            raise ValidationError(problem[1], problem[0])
        _add_history(uow.session, db, review, review.status, status, on, note)
        review.status = status
        uow.commit()


def delete_case_review(db: Database, review_id: int) -> None:
    """Deletes a review recorded by mistake, with its history, themes and recommendations; refused while any
    recommendation has actions (they belong to the overseeing group's minutes)."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        review = get_or_fail(uow.session, CaseReview, review_id, "case review")
        actions = uow.session.scalar(
            select(func.count())
            .select_from(Action)
            .join(Recommendation, Recommendation.id == Action.recommendation_id)
            .where(Recommendation.case_review_id == review_id)
        )
        if actions:
            raise InUseError(
                f"The review {review.reference} cannot be deleted because {actions} action(s) carry out its "
                "recommendations; close the review instead, so its history stays."
            )
        # One by one rather than in bulk, so that the audit trail keeps what went with it.
        for model in (CaseReviewStatusChange, CaseReviewTheme, Recommendation):
            for row in uow.session.scalars(select(model).where(model.case_review_id == review_id)):
                uow.session.delete(row)
        uow.flush()
        uow.session.delete(review)
        uow.commit()


# --- recommendations and their actions -------------------------------------------------------------


def add_recommendation(db: Database, review_id: int, text: str) -> int:
    """Adds a recommendation, numbered after the review's others."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        review = get_or_fail(uow.session, CaseReview, review_id, "case review")
        wording = long_text(text, "text", "The recommendation", required=True)
        last = uow.session.scalar(
            select(func.max(Recommendation.number)).where(Recommendation.case_review_id == review.id)
        )
        recommendation = Recommendation(case_review_id=review.id, number=(last or 0) + 1, text=wording)
        uow.session.add(recommendation)
        uow.commit()
        return recommendation.id


def update_recommendation(db: Database, recommendation_id: int, text: str, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        recommendation = get_or_fail(uow.session, Recommendation, recommendation_id, "recommendation")
        check_version(recommendation, version, "recommendation")
        recommendation.text = long_text(text, "text", "The recommendation", required=True)
        uow.commit()


def delete_recommendation(db: Database, recommendation_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        recommendation = get_or_fail(uow.session, Recommendation, recommendation_id, "recommendation")
        actions = uow.session.scalar(
            select(func.count()).select_from(Action).where(Action.recommendation_id == recommendation_id)
        )
        if actions:
            raise InUseError(
                f"Recommendation {recommendation.number} cannot be deleted because {actions} action(s) carry it "
                "out; drop the actions with a reason instead."
            )
        uow.session.delete(recommendation)
        uow.commit()


def add_recommendation_action(db: Database, recommendation_id: int, meeting_id: int, fields: ActionFields) -> int:
    """An action carrying out a recommendation, set at a meeting of the overseeing group, so that it comes back
    as a matter arising at that group's next meetings. Its reference is the review's and the recommendation's
    (CSPR-2025-03/2.1) unless one is given."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        recommendation = get_or_fail(uow.session, Recommendation, recommendation_id, "recommendation")
        review = recommendation.case_review
        meeting = uow.session.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is None:
            raise ValidationError("Choose the meeting at which the action was agreed.", "meeting_id")
        if review.overseeing_group_id is not None and meeting.group_id != review.overseeing_group_id:
            raise ValidationError(
                f"The meeting is not one of {review.overseeing_group.name}, the group overseeing the review.",
                "meeting_id",
            )
        action = Action(meeting_id=meeting.id, recommendation_id=recommendation.id)
        _apply_action(uow.session, action, fields)
        if action.reference is None:
            count = uow.session.scalar(
                select(func.count()).select_from(Action).where(Action.recommendation_id == recommendation.id)
            )
            action.reference = f"{review.reference}/{recommendation.number}.{(count or 0) + 1}"
        uow.session.add(action)
        uow.commit()
        return action.id


# --- the lists the unit keeps: kinds and learning themes -------------------------------------------


def add_review_kind(db: Database, name: str, prefix: str) -> int:
    """A kind of review the partnership also runs (e.g. a domestic homicide review, prefix DHR)."""
    with UnitOfWork(db, Permission.EDIT_CASE_REVIEWS) as uow:
        text = clean_text(name, "name", "The kind's name", required=True, limit=NAME_LIMIT)
        letters = (prefix or "").strip()
        problem = check_prefix(letters)
        if problem:
            raise ValidationError(problem, "prefix")
        for column, value, label in ((CaseReviewKind.name, text, "name"), (CaseReviewKind.prefix, letters, "prefix")):
            existing = uow.session.scalar(select(column).where(func.lower(column) == value.lower()))
            if existing is not None:
                raise ValidationError(f"There is already a kind of review with the {label} '{existing}'.", label)
        kind = CaseReviewKind(name=text, prefix=letters, active=True)
        uow.session.add(kind)
        uow.commit()
        return kind.id


def add_learning_theme(db: Database, name: str) -> int:
    return add_theme_to(db, LearningTheme, Permission.EDIT_CASE_REVIEWS, name, "learning theme")


def rename_learning_theme(db: Database, theme_id: int, name: str, version: int | None = None) -> None:
    """Renames a theme; the reviews filed under it follow (they point at the theme, not its name)."""
    rename_theme_in(db, LearningTheme, Permission.EDIT_CASE_REVIEWS, theme_id, name, version, "learning theme")


def set_learning_theme_active(db: Database, theme_id: int, active: bool) -> None:
    """Retires a theme (no longer offered for new reviews; it stays on the reviews filed under it) or brings it
    back."""
    set_theme_active_in(db, LearningTheme, Permission.EDIT_CASE_REVIEWS, theme_id, active, "learning theme")


# --- the setting -----------------------------------------------------------------------------------


def save_report_months(db: Database, months: int) -> None:
    """How many months after the decision a review's report is due (six in Working Together)."""
    db.actor.require(Permission.MANAGE_SETTINGS)
    if not isinstance(months, int) or not 1 <= months <= 24:
        raise ValidationError("The report is due between 1 and 24 months after the decision.", "report_months")
    # The setting's key is text and the trail's entity id a number, so one entry is written by hand.
    with UnitOfWork(db, Permission.MANAGE_SETTINGS, audit=False) as uow:
        setting = uow.session.get(Setting, REPORT_MONTHS_KEY)
        was = int(setting.value) if setting is not None and setting.value.isdigit() else DEFAULT_REPORT_MONTHS
        if setting is None:
            uow.session.add(Setting(key=REPORT_MONTHS_KEY, value=str(months)))
        else:
            setting.value = str(months)
        uow.flush()
        if was != months:
            uow.record("setting", "update", None, before={"report_months": was}, after={"report_months": months})
        uow.commit()


__all__ = [
    "CaseReviewFields",
    "add_learning_theme",
    "add_recommendation",
    "add_recommendation_action",
    "add_review_kind",
    "change_review_status",
    "delete_case_review",
    "delete_recommendation",
    "record_case_review",
    "rename_learning_theme",
    "save_report_months",
    "set_learning_theme_active",
    "update_case_review",
]
