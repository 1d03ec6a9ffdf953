"""The case review sheets of a workbook import (issue 24): ReviewKinds, LearningThemes, CaseReviews,
CaseReviewHistory, Recommendations, and the Actions' "Case review" and "Recommendation" columns.

Planned and written by the import's own planner and writer (planning.py and writing.py of this package),
with the same rules as the screens: an unknown kind, group, agency, theme or review is a problem naming its
sheet, row and column; so is a stage dated before the notification, a decision without its outcome, a
publication before sign-off, and a closed review whose actions are still open. History is only added to, as
with the challenge log's.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, delete, insert, select, update

from board_admin.db.models import (
    Action,
    CaseReview,
    CaseReviewKind,
    CaseReviewStatusChange,
    CaseReviewTheme,
    LearningTheme,
    Recommendation,
)
from board_admin.domain import workbook_format as wf
from board_admin.domain.case_reviews import CaseReviewStatus, ReviewStages, check_prefix, stage_problems
from board_admin.domain.enums import ActionStatus
from board_admin.reports.workbook_rows import REVIEW_STAGES
from board_admin.services.workbook_import.results import SheetCounts

_key = wf.name_key
OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- planning ----------------------------------------------------------------------------------------


def plan_case_reviews(planner) -> None:
    """Merges the case review sheets into the planner's entries and checks them; called after the actions."""
    planner.merge(wf.REVIEW_KINDS, lambda values: _key(values["name"]), ("name",))
    prefixes: dict[str, str] = {}
    for entry in planner.entries[wf.REVIEW_KINDS.name].values():
        prefix = entry.values.get("prefix") or ""
        if entry.row is not None and prefix and (problem := check_prefix(prefix)):
            planner.problem(entry.row, "prefix", problem)
        if prefix.casefold() in prefixes and entry.row is not None:
            planner.problem(
                entry.row, "prefix", f"The prefix '{prefix}' is already the kind '{prefixes[prefix.casefold()]}'s."
            )
        prefixes.setdefault(prefix.casefold(), entry.values.get("name"))
    planner.merge(wf.LEARNING_THEMES, lambda values: _key(values["name"]), ("name",))
    planner.merge(wf.CASE_REVIEWS, lambda values: _key(values["reference"]), ("reference",))
    kinds, themes = planner.entries[wf.REVIEW_KINDS.name], planner.entries[wf.LEARNING_THEMES.name]
    groups, agencies = planner.entries[wf.GROUPS.name], planner.entries[wf.AGENCIES.name]
    reviews = planner.entries[wf.CASE_REVIEWS.name]
    for entry in planner.from_workbook(wf.CASE_REVIEWS, checked=False):
        row = entry.row
        planner.refer(row, "kind", kinds, "kind of review")
        planner.refer(row, "overseeing_group", groups, "group")
        planner.refer(row, "referring_agency", agencies, "agency")
        for name in wf.split_names(row.values.get("themes")):
            if _key(name) not in themes:
                planner.problem(
                    row, "themes", f"There is no learning theme called '{name}' in the workbook or the database."
                )
        if not row.broken:
            for field, sentence in stage_problems(_stages(entry.values)):
                planner.problem(row, field, sentence)

    _plan_history(planner, reviews)
    planner.merge(
        wf.RECOMMENDATIONS, lambda values: (_key(values["reference"]), values["number"]), ("reference", "number")
    )
    recommendations = planner.entries[wf.RECOMMENDATIONS.name]
    for entry in planner.from_workbook(wf.RECOMMENDATIONS, checked=False):
        planner.refer(entry.row, "reference", reviews, "case review")

    open_actions: dict[str, int] = {}
    for entry in planner.entries[wf.ACTIONS.name].values():
        review, number = entry.values.get("case_review"), entry.values.get("recommendation")
        if entry.row is not None and (review is not None or number is not None):
            if review is None or number is None:
                missing = "recommendation" if review is not None else "case_review"
                planner.problem(entry.row, missing, "Give both the case review and its recommendation's number.")
            elif planner.refer(entry.row, "case_review", reviews, "case review") is not None:
                if (_key(review), number) not in recommendations:
                    planner.problem(entry.row, "recommendation", f"The review {review} has no recommendation {number}.")
        if review is not None and entry.values.get("status") in OPEN:
            open_actions[_key(review)] = open_actions.get(_key(review), 0) + 1
    for key, entry in reviews.items():
        waiting = open_actions.get(key, 0)
        if entry.row is not None and entry.values.get("status") is CaseReviewStatus.CLOSED and waiting:
            planner.problem(
                entry.row,
                "status",
                f"The review cannot be closed: {waiting} of its actions on the Actions sheet or in the database "
                "are still open.",
            )


def _stages(values: dict) -> ReviewStages:
    return ReviewStages(decision=values.get("decision"), **{stage: values.get(stage) for stage in REVIEW_STAGES})


def _plan_history(planner, reviews: dict) -> None:
    """Entries already in the database are matched by all their values (repeats counted); others are added."""
    sheet = wf.CASE_REVIEW_HISTORY

    def identity(values: dict) -> tuple:
        return tuple(_key(values[key]) if key == "reference" else values[key] for key in sheet.key)

    stored: dict[tuple, int] = {}
    for row in planner.stored.rows[sheet.name]:
        stored[identity(row.values)] = stored.get(identity(row.values), 0) + 1
    planner.review_history_new = []
    planner.review_history_matched = 0
    for row in planner.rows(sheet):
        if row.broken:
            continue
        values = {column.key: row.values.get(column.key) for column in sheet.columns}
        if planner.refer(row, "reference", reviews, "case review") is None:
            continue
        if values["recorded_at"] is None:
            values["recorded_at"] = dt.datetime.combine(values["changed_on"], dt.time())  # the start of that day
        if stored.get(identity(values), 0):
            stored[identity(values)] -= 1
            planner.review_history_matched += 1
        else:
            planner.review_history_new.append(values)


# --- writing -----------------------------------------------------------------------------------------


def write_case_reviews(writer, summary) -> None:
    """Writes the planned case review sheets, then links the actions to the recommendations they carry out."""
    from board_admin.services.workbook_import.writing import Field, _same  # writing.py imports this module

    entries, session = writer.planner.entries, writer.session
    kind_id = {key: entry.id for key, entry in entries[wf.REVIEW_KINDS.name].items() if entry.id}
    summary.counts[wf.REVIEW_KINDS.name] = writer._write_sheet(
        CaseReviewKind.__table__,
        [_same("name"), _same("prefix"), _same("active")],
        entries[wf.REVIEW_KINDS.name],
        kind_id,
    )
    theme_id = {key: entry.id for key, entry in entries[wf.LEARNING_THEMES.name].items() if entry.id}
    summary.counts[wf.LEARNING_THEMES.name] = writer._write_sheet(
        LearningTheme.__table__, [_same("name"), _same("active")], entries[wf.LEARNING_THEMES.name], theme_id
    )
    review_id = {key: entry.id for key, entry in entries[wf.CASE_REVIEWS.name].items() if entry.id}
    fields = [
        _same("reference"),
        Field(("kind",), "kind_id", writer._ref(kind_id, "kind")),
        _same("name"),
        Field(("overseeing_group",), "overseeing_group_id", writer._ref(writer.group_id, "overseeing_group")),
        Field(("referring_agency",), "referring_agency_id", writer._ref(writer.agency_id, "referring_agency")),
        *(_same(stage) for stage in REVIEW_STAGES),
        _same("decision"),
        _same("reviewer"),
        _same("status"),
        _same("summary"),
    ]
    summary.counts[wf.CASE_REVIEWS.name] = writer._write_sheet(
        CaseReview.__table__, fields, entries[wf.CASE_REVIEWS.name], review_id
    )
    links = CaseReviewTheme.__table__
    for key, entry in entries[wf.CASE_REVIEWS.name].items():
        if entry.row is None or not (entry.is_new or "themes" in entry.changes):
            continue
        session.execute(delete(links).where(links.c.case_review_id == review_id[key]))
        chosen = {theme_id[_key(name)] for name in wf.split_names(entry.values.get("themes"))}
        if chosen:
            session.execute(insert(links), [{"case_review_id": review_id[key], "theme_id": t} for t in sorted(chosen)])

    new = writer.planner.review_history_new
    if new:
        session.execute(
            insert(CaseReviewStatusChange.__table__),
            [
                {"case_review_id": review_id[_key(values["reference"])]}
                | {
                    key: values[key]
                    for key in ("changed_on", "recorded_at", "changed_by", "from_status", "to_status", "note")
                }
                for values in new
            ],
        )
    summary.counts[wf.CASE_REVIEW_HISTORY.name] = SheetCounts(
        added=len(new), unchanged=writer.planner.review_history_matched
    )

    recommendation_id = {key: entry.id for key, entry in entries[wf.RECOMMENDATIONS.name].items() if entry.id}
    summary.counts[wf.RECOMMENDATIONS.name] = writer._write_sheet(
        Recommendation.__table__,
        [Field(("reference",), "case_review_id", writer._ref(review_id, "reference")), _same("number"), _same("text")],
        entries[wf.RECOMMENDATIONS.name],
        recommendation_id,
    )
    _link_actions(writer, recommendation_id)


def _link_actions(writer, recommendation_id: dict) -> None:
    """The actions were written without their recommendation (written after them); each is found by its meeting
    and reference (or words) and linked now."""
    table = Action.__table__
    linked = []
    for entry in writer.planner.entries[wf.ACTIONS.name].values():
        if entry.row is None or not (entry.is_new or entry.changes & {"case_review", "recommendation"}):
            continue
        review, number = entry.values.get("case_review"), entry.values.get("recommendation")
        target = recommendation_id[(_key(review), number)] if review is not None and number is not None else None
        meeting = writer.meeting_id[_key(entry.values["group"]), entry.values["meeting_date"]]
        query = select(table.c.id).where(table.c.meeting_id == meeting)
        if entry.values.get("reference"):
            query = query.where(table.c.reference == entry.values["reference"])
        else:
            query = query.where(table.c.description == entry.values["description"])
        for action_id in writer.session.execute(query).scalars():
            linked.append({"p_id": action_id, "p_recommendation": target})
    if linked:
        statement = (
            update(table).where(table.c.id == bindparam("p_id")).values(recommendation_id=bindparam("p_recommendation"))
        )
        writer._execute_many(statement, linked)


__all__ = ["plan_case_reviews", "write_case_reviews"]
