"""The whole database as rows of the workbook format: the export writes them, the import compares with them.

Each row's values are keyed by the column keys of `board_admin.domain.workbook_format`, in the workbook's
own vocabulary: records referred to by name (meetings by group and date), enums as the domain enums,
money as whole pence, financial years as FinancialYear. One query per table, no query per row, so that
a database with a hundred thousand attendance lines reads in a moment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    AdvanceApology,
    Agency,
    AgendaItem,
    Attendance,
    BudgetLine,
    CaseReview,
    CaseReviewKind,
    CaseReviewStatusChange,
    CaseReviewTheme,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Decision,
    Declaration,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    LearningTheme,
    Meeting,
    Membership,
    MinutesAmendment,
    Person,
    Recommendation,
)
from board_admin.domain import workbook_format as wf
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.challenges import CHALLENGE_RECORD_COLUMNS
from board_admin.reports.lists import GROUP_COLUMNS, MEETING_PLAN_COLUMNS


@dataclass
class StoredRow:
    """One record as a workbook row; `links` holds the ids of records it points to within its own sheet
    (and, for a challenge, of the group or person it was escalated to, which its text may no longer name)."""

    id: int
    values: dict[str, object]
    links: dict[str, int | None] = field(default_factory=dict)


@dataclass
class StoredWorkbook:
    rows: dict[str, list[StoredRow]]  # by sheet name, in no particular order
    years: dict[int, int]  # financial year's start year -> id


def _meeting_line(id_: int, meeting: tuple[str, object], **fields) -> StoredRow:
    """A row of a sheet kept by meeting: the meeting's group and date, which name it, come first."""
    group, day = meeting
    return StoredRow(id_, {"group": group, "meeting_date": day, **fields})


def read_stored_rows(session: Session, case_reviews: bool = True) -> StoredWorkbook:
    """Every record of the workbook's sheets, read within the caller's transaction."""
    rows: dict[str, list[StoredRow]] = {sheet.name: [] for sheet in wf.SHEETS}

    agency_name: dict[int, str] = {}
    for id_, name, short_name, sector, statutory, active in session.execute(
        select(Agency.id, Agency.name, Agency.short_name, Agency.sector, Agency.statutory_partner, Agency.active)
    ):
        agency_name[id_] = name
        rows[wf.AGENCIES.name].append(
            StoredRow(
                id_,
                {
                    "name": name,
                    "short_name": short_name,
                    "sector": sector,
                    "statutory_partner": statutory,
                    "active": active,
                },
            )
        )

    person_name: dict[int, str] = {}
    for id_, name, agency_id, job_title, email, phone, active in session.execute(
        select(Person.id, Person.name, Person.agency_id, Person.job_title, Person.email, Person.phone, Person.active)
    ):
        person_name[id_] = name
        rows[wf.PEOPLE.name].append(
            StoredRow(
                id_,
                {
                    "name": name,
                    "agency": agency_name[agency_id],
                    "job_title": job_title,
                    "email": email,
                    "phone": phone,
                    "active": active,
                },
            )
        )

    groups = session.execute(select(*GROUP_COLUMNS, Group.statutory_partners_required, Group.quorum_roles)).all()
    group_name = {group.id: group.name for group in groups}
    for group in groups:
        rows[wf.GROUPS.name].append(
            StoredRow(
                group.id,
                {
                    "name": group.name,
                    "short_name": group.short_name,
                    "kind": group.kind,
                    "remit": group.remit,
                    "reports_to": group_name.get(group.parent_id),
                    "frequency": group.frequency,
                    "quorum": group.quorum,
                    "statutory_partners_required": group.statutory_partners_required,
                    "start_date": group.start_date,
                    "end_date": group.end_date,
                    "quorum_roles": group.quorum_roles,
                },
                {"reports_to": group.parent_id},
            )
        )

    memberships = session.execute(
        select(
            Membership.id,
            Membership.group_id,
            Membership.person_id,
            Membership.role,
            Membership.agency_id,
            Membership.start_date,
            Membership.end_date,
            Membership.deputy_for_id,
            Membership.registers_from,
        )
    ).all()
    member_person = {membership.id: membership.person_id for membership in memberships}
    for membership in memberships:
        principal = member_person.get(membership.deputy_for_id)
        rows[wf.MEMBERSHIPS.name].append(
            StoredRow(
                membership.id,
                {
                    "group": group_name[membership.group_id],
                    "person": person_name[membership.person_id],
                    "role": membership.role,
                    "agency": agency_name[membership.agency_id],
                    "start_date": membership.start_date,
                    "end_date": membership.end_date,
                    "deputy_for": person_name[principal] if principal is not None else None,
                    "registers_from": membership.registers_from,
                },
                {"deputy_for": membership.deputy_for_id},
            )
        )

    meetings = session.execute(
        select(
            Meeting.id,
            Meeting.group_id,
            *MEETING_PLAN_COLUMNS,
            Meeting.minutes_approved_on,
            Meeting.postponed_to_id,
            Meeting.minutes_record,
            Meeting.minutes_circulated_on,
            Meeting.minutes_approved_at_id,
        )
    ).all()
    meeting_of = {meeting.id: (group_name[meeting.group_id], meeting.meeting_date) for meeting in meetings}
    for meeting in meetings:
        replacement = meeting_of.get(meeting.postponed_to_id)
        approving = meeting_of.get(meeting.minutes_approved_at_id)
        rows[wf.MEETINGS.name].append(
            StoredRow(
                meeting.id,
                {
                    "group": group_name[meeting.group_id],
                    "date": meeting.meeting_date,
                    "start_time": meeting.start_time,
                    "end_time": meeting.end_time,
                    "location": meeting.location,
                    "status": meeting.status,
                    "cancellation_reason": meeting.cancellation_reason,
                    "minutes_circulated_on": meeting.minutes_circulated_on,
                    "minutes_approved_at": approving[1] if approving is not None else None,
                    "minutes_approved_on": meeting.minutes_approved_on,
                    "postponed_to": replacement[1] if replacement is not None else None,
                    "minutes_record": meeting.minutes_record,
                },
                {"postponed_to": meeting.postponed_to_id, "minutes_approved_at": meeting.minutes_approved_at_id},
            )
        )

    item_of: dict[int, tuple[str, object, int]] = {}
    for item in session.execute(
        select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            AgendaItem.position,
            AgendaItem.title,
            AgendaItem.presenter,
            AgendaItem.paper_reference,
            AgendaItem.minutes,
        )
    ):
        group, day = meeting_of[item.meeting_id]
        item_of[item.id] = (group, day, item.position)
        rows[wf.AGENDA_ITEMS.name].append(
            StoredRow(
                item.id,
                {
                    "group": group,
                    "meeting_date": day,
                    "position": item.position,
                    "title": item.title,
                    "presenter": item.presenter,
                    "paper_reference": item.paper_reference,
                    "minutes": item.minutes,
                },
            )
        )

    for id_, item_id, position, number, text in session.execute(
        select(Decision.id, Decision.agenda_item_id, Decision.position, Decision.number, Decision.text)
    ):
        group, day, item_position = item_of[item_id]
        rows[wf.DECISIONS.name].append(
            StoredRow(
                id_,
                {
                    "group": group,
                    "meeting_date": day,
                    "item": item_position,
                    "position": position,
                    "number": number,
                    "text": text,
                },
            )
        )

    for id_, meeting_id, item_id, person_id, interest, kind, action in session.execute(
        select(
            Declaration.id,
            Declaration.meeting_id,
            Declaration.agenda_item_id,
            Declaration.person_id,
            Declaration.interest,
            Declaration.kind,
            Declaration.action,
        )
    ):
        rows[wf.DECLARATIONS.name].append(
            _meeting_line(
                id_,
                meeting_of[meeting_id],
                item=item_of[item_id][2] if item_id is not None else None,
                person=person_name[person_id],
                interest=interest,
                kind=kind,
                action=action,
            )
        )

    for id_, meeting_id, recorded_at, recorded_by, change, reason in session.execute(
        select(
            MinutesAmendment.id,
            MinutesAmendment.meeting_id,
            MinutesAmendment.recorded_at,
            MinutesAmendment.recorded_by,
            MinutesAmendment.change,
            MinutesAmendment.reason,
        )
    ):
        rows[wf.MINUTES_AMENDMENTS.name].append(
            _meeting_line(
                id_,
                meeting_of[meeting_id],
                recorded_at=wf.to_millisecond(recorded_at),
                recorded_by=recorded_by,
                change=change,
                reason=reason,
            )
        )

    for id_, meeting_id, person_id, received_on, note in session.execute(
        select(
            AdvanceApology.id,
            AdvanceApology.meeting_id,
            AdvanceApology.person_id,
            AdvanceApology.received_on,
            AdvanceApology.note,
        )
    ):
        rows[wf.ADVANCE_APOLOGIES.name].append(
            _meeting_line(
                id_, meeting_of[meeting_id], person=person_name[person_id], received_on=received_on, note=note
            )
        )

    attendance = rows[wf.ATTENDANCE.name]
    for id_, meeting_id, person_id, status, deputy_id, agency_id in session.execute(
        select(
            Attendance.id,
            Attendance.meeting_id,
            Attendance.person_id,
            Attendance.status,
            Attendance.deputy_id,
            Attendance.agency_id,
        )
    ):
        attendance.append(
            _meeting_line(
                id_,
                meeting_of[meeting_id],
                person=person_name[person_id],
                status=status,
                deputy=person_name.get(deputy_id),
                agency=agency_name.get(agency_id),
            )
        )

    for action in session.execute(
        select(
            Action.id,
            Action.meeting_id,
            Action.reference,
            Action.description,
            Action.owner_id,
            Action.owner_agency_id,
            Action.due_date,
            Action.status,
            Action.rag,
        )
    ):
        rows[wf.ACTIONS.name].append(
            _meeting_line(
                action.id,
                meeting_of[action.meeting_id],
                reference=action.reference,
                description=action.description,
                owner=person_name.get(action.owner_id),
                owner_agency=agency_name.get(action.owner_agency_id),
                due_date=action.due_date,
                status=action.status,
                rag=action.rag,
            )
        )

    for id_, name, active in session.execute(select(ChallengeTheme.id, ChallengeTheme.name, ChallengeTheme.active)):
        rows[wf.CHALLENGE_THEMES.name].append(StoredRow(id_, {"name": name, "active": active}))

    challenge_reference: dict[int, str] = {}
    for challenge in session.execute(
        select(
            Challenge.id,
            Challenge.reference,
            Challenge.date_raised,
            Challenge.raised_at_group_id,
            Challenge.raised_at_meeting_id,
            Challenge.raised_by_id,
            Challenge.agency_id,
            *CHALLENGE_RECORD_COLUMNS,
        )
    ):
        challenge_reference[challenge.id] = challenge.reference
        meeting = meeting_of.get(challenge.raised_at_meeting_id)
        # A challenge raised at a meeting names the meeting's group even where the group was left empty.
        raised_at = group_name.get(challenge.raised_at_group_id) or (meeting[0] if meeting else None)
        rows[wf.CHALLENGES.name].append(
            StoredRow(
                challenge.id,
                {
                    "reference": challenge.reference,
                    "date_raised": challenge.date_raised,
                    "raised_at": raised_at,
                    "raised_at_meeting": meeting[1] if meeting else None,
                    "raised_by": person_name.get(challenge.raised_by_id),
                    "agency": agency_name[challenge.agency_id],
                    "theme": challenge.theme,
                    "challenge": challenge.challenge,
                    "response_due": challenge.response_due,
                    "response": challenge.response,
                    "responded_on": challenge.responded_on,
                    "outcome": challenge.outcome,
                    "status": challenge.status,
                    "escalated_to": challenge.escalated_to,
                    "date_closed": challenge.date_closed,
                },
                # Not links within the sheet: the group or person the "Escalated to" name was linked to.
                {
                    "escalated_to_group": challenge.escalated_to_group_id,
                    "escalated_to_person": challenge.escalated_to_person_id,
                },
            )
        )

    for change in session.execute(
        select(
            ChallengeStatusChange.id,
            ChallengeStatusChange.challenge_id,
            ChallengeStatusChange.changed_on,
            ChallengeStatusChange.recorded_at,
            ChallengeStatusChange.changed_by,
            ChallengeStatusChange.from_status,
            ChallengeStatusChange.to_status,
            ChallengeStatusChange.note,
        )
    ):
        rows[wf.CHALLENGE_HISTORY.name].append(
            StoredRow(
                change.id,
                _status_change(challenge_reference[change.challenge_id], change),
            )
        )

    years: dict[int, int] = {}
    year_of: dict[int, FinancialYear] = {}
    for id_, start_year in session.execute(select(FinancialYearRecord.id, FinancialYearRecord.start_year)):
        years[start_year] = id_
        year_of[id_] = FinancialYear(start_year)

    for contribution in session.execute(
        select(
            Contribution.id,
            Contribution.year_id,
            Contribution.agency_id,
            Contribution.agreed_pence,
            Contribution.invoiced_on,
            Contribution.received_pence,
            Contribution.received_on,
            Contribution.in_kind,
        )
    ):
        rows[wf.CONTRIBUTIONS.name].append(
            StoredRow(
                contribution.id,
                {
                    "year": year_of[contribution.year_id],
                    "agency": agency_name[contribution.agency_id],
                    "agreed": contribution.agreed_pence,
                    "invoiced_on": contribution.invoiced_on,
                    "received": contribution.received_pence,
                    "received_on": contribution.received_on,
                    "in_kind": contribution.in_kind,
                },
            )
        )

    for id_, year_id, source, amount, footnote in session.execute(
        select(IncomeLine.id, IncomeLine.year_id, IncomeLine.source, IncomeLine.amount_pence, IncomeLine.footnote)
    ):
        rows[wf.INCOME_LINES.name].append(
            StoredRow(id_, {"year": year_of[year_id], "source": source, "amount": amount, "footnote": footnote})
        )

    line_of: dict[int, tuple[FinancialYear, str]] = {}
    for id_, year_id, name, budget, footnote in session.execute(
        select(BudgetLine.id, BudgetLine.year_id, BudgetLine.name, BudgetLine.budget_pence, BudgetLine.footnote)
    ):
        line_of[id_] = (year_of[year_id], name)
        rows[wf.BUDGET_LINES.name].append(
            StoredRow(id_, {"year": year_of[year_id], "line": name, "budget": budget, "footnote": footnote})
        )

    for id_, line_id, spent_on, description, amount in session.execute(
        select(
            Expenditure.id,
            Expenditure.budget_line_id,
            Expenditure.spent_on,
            Expenditure.description,
            Expenditure.amount_pence,
        )
    ):
        year, line = line_of[line_id]
        rows[wf.EXPENDITURE.name].append(
            StoredRow(id_, {"year": year, "line": line, "date": spent_on, "description": description, "amount": amount})
        )

    add_case_review_rows(session, rows, case_reviews)
    return StoredWorkbook(rows, years)


def add_case_review_rows(session: Session, rows: dict[str, list[StoredRow]], readable: bool = True) -> None:
    """The case review sheets (issue 24), and on each action the review and recommendation it carries out;
    left empty for a role that may not read case reviews (finance exporting the workbook)."""
    if not readable:
        for action in rows[wf.ACTIONS.name]:
            action.values["case_review"] = action.values["recommendation"] = None
        return
    kind_name: dict[int, str] = {}
    for id_, name, prefix, active in session.execute(
        select(CaseReviewKind.id, CaseReviewKind.name, CaseReviewKind.prefix, CaseReviewKind.active)
    ):
        kind_name[id_] = name
        rows[wf.REVIEW_KINDS.name].append(StoredRow(id_, {"name": name, "prefix": prefix, "active": active}))
    theme_name: dict[int, str] = {}
    for id_, name, active in session.execute(select(LearningTheme.id, LearningTheme.name, LearningTheme.active)):
        theme_name[id_] = name
        rows[wf.LEARNING_THEMES.name].append(StoredRow(id_, {"name": name, "active": active}))
    themes_of: dict[int, list[str]] = defaultdict(list)
    for review_id, theme_id in session.execute(select(CaseReviewTheme.case_review_id, CaseReviewTheme.theme_id)):
        themes_of[review_id].append(theme_name[theme_id])
    group_name = {id_: name for id_, name in session.execute(select(Group.id, Group.name))}
    agency_name = {id_: name for id_, name in session.execute(select(Agency.id, Agency.name))}
    reference_of: dict[int, str] = {}
    for review in session.scalars(select(CaseReview)):
        reference_of[review.id] = review.reference
        rows[wf.CASE_REVIEWS.name].append(
            StoredRow(
                review.id,
                {
                    "reference": review.reference,
                    "kind": kind_name[review.kind_id],
                    "name": review.name,
                    "overseeing_group": group_name.get(review.overseeing_group_id),
                    "referring_agency": agency_name.get(review.referring_agency_id),
                    **{stage: getattr(review, stage) for stage in REVIEW_STAGES},
                    "decision": review.decision,
                    "reviewer": review.reviewer,
                    "status": review.status,
                    "themes": wf.join_names(themes_of[review.id]),
                    "summary": review.summary,
                },
            )
        )
    for change in session.scalars(select(CaseReviewStatusChange)):
        rows[wf.CASE_REVIEW_HISTORY.name].append(
            StoredRow(
                change.id,
                _status_change(reference_of[change.case_review_id], change),
            )
        )
    carried_out: dict[int, tuple[str, int]] = {}
    for id_, review_id, number, text in session.execute(
        select(Recommendation.id, Recommendation.case_review_id, Recommendation.number, Recommendation.text)
    ):
        carried_out[id_] = (reference_of[review_id], number)
        rows[wf.RECOMMENDATIONS.name].append(
            StoredRow(id_, {"reference": reference_of[review_id], "number": number, "text": text})
        )
    recommendation_of = {
        id_: recommendation_id
        for id_, recommendation_id in session.execute(
            select(Action.id, Action.recommendation_id).where(Action.recommendation_id.is_not(None))
        )
    }
    for action in rows[wf.ACTIONS.name]:
        reference, number = carried_out.get(recommendation_of.get(action.id), (None, None))
        action.values["case_review"] = reference
        action.values["recommendation"] = number


# The dates of a review's stages, named alike on the CaseReviews sheet and in the database.
REVIEW_STAGES = (
    "notified_on",
    "rapid_review_held_on",
    "decided_on",
    "panel_informed_on",
    "reviewer_commissioned_on",
    "signed_off_on",
    "sent_to_panel_on",
    "publication_planned_on",
    "published_on",
)


def read_workbook_rows(database: Database) -> dict[str, list[StoredRow]]:
    """Every record, read as one consistent snapshot (on a shared server, others may be saving meanwhile)."""
    with database.session() as session:
        if not database.is_sqlite:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        try:
            return read_stored_rows(session, database.actor.can(Permission.READ_CASE_REVIEWS)).rows
        finally:
            session.rollback()


def _status_change(reference: str, change) -> dict[str, object]:
    """A status change as the history sheets hold it (the challenges' and the case reviews')."""
    return {
        "reference": reference,
        "changed_on": change.changed_on,
        # As precisely as the workbook keeps it, so that an entry matches its own exported row.
        "recorded_at": wf.to_millisecond(change.recorded_at),
        "changed_by": change.changed_by,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "note": change.note,
    }
