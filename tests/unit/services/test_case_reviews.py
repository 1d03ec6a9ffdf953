"""Case reviews' use cases and reports, on SQLite and PostgreSQL: references, stage rules, history, the action
plan as matters arising, who may read, and the annual table."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from board_admin.db.models import CaseReview, CaseReviewKind, CaseReviewStatusChange, Meeting
from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.enums import ActionStatus, GroupKind, Remit, UserRole
from board_admin.domain.errors import InUseError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.reports import case_reviews as reports
from board_admin.reports.meetings import matters_arising
from board_admin.services import case_reviews as cr
from board_admin.services import meetings as me
from board_admin.services import structure as st
from tests.case_review_world import build_review_world, fields

D = dt.date
CHAIR = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
FINANCE = Actor("fran", "Fran Finance", frozenset({UserRole.FINANCE}))


@pytest.fixture
def world(database):
    return build_review_world(database)


def count(database, model) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_standard_kinds_come_with_every_database(database):
    prefixes = [kind.prefix for kind in reports.review_kinds(database)]
    assert prefixes == ["RR", "CSPR", "SAR", "MALR", "LeDeR"]


def test_references_are_numbered_per_kind_and_year(database, world):
    first = cr.record_case_review(database, fields(world))
    second = cr.record_case_review(database, fields(world, name="Amelia"))
    sar = cr.record_case_review(database, fields(world, "SAR", name="Mr A"))
    next_year = cr.record_case_review(database, fields(world, name="Jack", notified=D(2026, 1, 5)))
    rows = {row.id: row for row in reports.case_review_list(database)}
    assert [rows[i].reference for i in (first, second, sar, next_year)] == [
        "RR-2025-01",
        "RR-2025-02",
        "SAR-2025-01",
        "RR-2026-01",
    ]
    assert rows[first].status is CaseReviewStatus.NOTIFIED
    # A deleted review's number is not given out again.
    cr.delete_case_review(database, second)
    third = cr.record_case_review(database, fields(world, name="Isla"))
    assert reports.review_detail(database, third).review.reference == "RR-2025-03"


def test_a_rapid_review_whose_criteria_are_met_becomes_a_cspr_with_its_own_reference(database, world):
    review = cr.record_case_review(database, fields(world))
    met = fields(world, "CSPR", decided_on=D(2025, 5, 20), decision=ReviewDecision.CRITERIA_MET)
    cr.update_case_review(database, review, met)
    detail = reports.review_detail(database, review, today=D(2025, 6, 1))
    assert detail.review.reference == "CSPR-2025-01"
    assert any("RR-2025-01 is now CSPR-2025-01" in entry.detail for entry in detail.timeline)
    assert [d.what for d in detail.deadlines] == ["Rapid review", "Report"]
    assert detail.deadlines[1].due == D(2025, 11, 20)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rapid_review_held_on": D(2025, 4, 30)}, "rapid_review_held_on"),
        ({"decided_on": D(2025, 5, 20)}, "decision"),
        ({"signed_off_on": D(2025, 11, 3), "published_on": D(2025, 10, 1)}, "published_on"),
        ({"name": "  "}, "name"),
        ({"themes": ["Homelessness"]}, "themes"),
    ],
)
def test_bad_stages_are_refused_beside_the_field_and_nothing_saved(database, world, change, field):
    with pytest.raises(ValidationError) as refused:
        cr.record_case_review(database, fields(world, **change))
    assert refused.value.field == field
    assert count(database, CaseReview) == 0 and count(database, CaseReviewStatusChange) == 0


def test_status_changes_make_a_dated_history_and_closing_waits_for_the_actions(database, world):
    review = cr.record_case_review(
        database,
        fields(
            world,
            "CSPR",
            decided_on=D(2025, 5, 20),
            decision=ReviewDecision.CRITERIA_MET,
            themes=["Professional curiosity"],
        ),
    )
    cr.change_review_status(database, review, CaseReviewStatus.DECIDED, D(2025, 5, 20), "Partners agreed")
    recommendation = cr.add_recommendation(database, review, "Share the learning on professional curiosity.")
    action = cr.add_recommendation_action(
        database,
        recommendation,
        world["meetings"][0],
        me.ActionFields(
            "Briefing to all GP practices", owner_agency_id=world["agencies"]["CSC"], due_date=D(2025, 9, 1)
        ),
    )
    with pytest.raises(ValidationError, match="1 action is still open"):
        cr.change_review_status(database, review, CaseReviewStatus.CLOSED, D(2025, 9, 2))
    # The action comes back at the overseeing group's next meeting as a matter arising.
    arising = matters_arising(database, world["meetings"][1])
    assert [(row.id, row.reference) for row in arising] == [(action, "CSPR-2025-01/1.1")]
    me.set_action_status(database, action, ActionStatus.DONE)
    cr.change_review_status(database, review, CaseReviewStatus.CLOSED, D(2025, 9, 2), "Learning embedded")
    detail = reports.review_detail(database, review)
    assert [(e.what, e.on) for e in detail.timeline if e.what.startswith("Status")] == [
        ("Status: Decided", D(2025, 5, 20)),
        ("Status: Closed", D(2025, 9, 2)),
    ]
    assert detail.recommendations[0].progress == "1 of 1 actions done or dropped"
    with pytest.raises(InUseError):
        cr.delete_case_review(database, review)


def test_an_action_must_be_set_at_a_meeting_of_the_overseeing_group(database, world):
    other = st.create_group(database, st.GroupFields("Another group", GroupKind.SUBGROUP, Remit.JOINT))
    elsewhere = me.create_meeting(database, me.MeetingFields(other, D(2025, 6, 11)))
    review = cr.record_case_review(database, fields(world))
    recommendation = cr.add_recommendation(database, review, "Review the referral pathway.")
    with pytest.raises(ValidationError, match="not one of Child Safeguarding Practice Review group") as refused:
        cr.add_recommendation_action(database, recommendation, elsewhere, me.ActionFields("Do it"))
    assert refused.value.field == "meeting_id"


def test_who_may_read_and_keep_reviews(database, world):
    cr.record_case_review(database, fields(world))
    database.actor = CHAIR
    assert [row.reference for row in reports.case_review_list(database)] == ["RR-2025-01"]
    with pytest.raises(PermissionDeniedError):
        cr.record_case_review(database, fields(world, name="Amelia"))
    database.actor = FINANCE
    with pytest.raises(PermissionDeniedError, match="read case reviews"):
        reports.case_review_list(database)
    with pytest.raises(PermissionDeniedError):
        reports.annual_review_report(database, FinancialYear(2025))


def test_the_list_flags_what_is_overdue_and_filters(database, world):
    # Notified Friday 2 May 2025: 15 working days skip the early May and the spring bank holidays.
    late = cr.record_case_review(database, fields(world, notified=D(2025, 5, 2)))
    cr.record_case_review(database, fields(world, "SAR", name="Mr B", notified=D(2025, 5, 6)))
    rows = reports.case_review_list(database, today=D(2025, 5, 28))
    by_id = {row.id: row for row in rows}
    assert by_id[late].next_due == D(2025, 5, 27) and by_id[late].overdue
    assert by_id[late].days_left_text == "Overdue by 1 working day"
    overdue = reports.case_review_list(database, reports.CaseReviewFilter(overdue_only=True), today=D(2025, 5, 28))
    assert [row.id for row in overdue] == [late]
    sars = reports.CaseReviewFilter(kind_id=world["kinds"]["SAR"])
    assert [row.name for row in reports.case_review_list(database, sars)] == ["Mr B"]
    assert reports.rapid_reviews_due(database, today=D(2025, 5, 19)) == (0, 0)  # due next week
    assert reports.rapid_reviews_due(database, today=D(2025, 5, 26)) == (1, 0)  # due this Tuesday
    assert reports.rapid_reviews_due(database, today=D(2025, 5, 28)) == (0, 1)


def test_the_annual_table_of_a_hand_made_set(database, world):
    met = ReviewDecision.CRITERIA_MET
    csc, police, sarc = (world["agencies"][a] for a in ("CSC", "Police", "SARC"))
    earlier = cr.record_case_review(
        database,
        fields(
            world,
            "CSPR",
            name="Oliver",
            notified=D(2024, 11, 4),
            decided_on=D(2024, 11, 25),
            decision=met,
            signed_off_on=D(2025, 9, 15),
            published_on=D(2025, 10, 6),
            summary="A baby injured by the family's dogs.",
            themes=["Professional curiosity"],
        ),
    )
    cr.record_case_review(
        database,
        cr.CaseReviewFields(
            world["kinds"]["RR"],
            "Amelia",
            D(2025, 6, 2),
            referring_agency_id=csc,
            decided_on=D(2025, 6, 20),
            decision=ReviewDecision.CRITERIA_NOT_MET,
            themes=["Child sexual abuse"],
        ),
    )
    cr.record_case_review(
        database,
        cr.CaseReviewFields(world["kinds"]["CSPR"], "Jack", D(2025, 7, 1), referring_agency_id=sarc),
    )
    cr.add_recommendation(database, earlier, "Dogs in the home are asked about at every visit.")
    del police
    report = reports.annual_review_report(database, FinancialYear(2025))
    counts = report.counts
    assert (counts.rapid_reviews_criteria_met, counts.rapid_reviews_criteria_not_met) == (0, 1)
    assert (counts.cspr_ongoing_from_earlier, counts.cspr_completed, counts.cspr_published) == (1, 1, 1)
    assert counts.cspr_new_referrals == 1  # Jack, not yet decided: counted from the notification
    assert counts.child_referrals_by_agency == [
        ("Children's Social Care", 1),
        ("Sexual Assault Referral Centre", 1),
    ]
    assert counts.learning_themes == [("Child sexual abuse", 1), ("Professional curiosity", 1)]
    assert [(r.name, r.summary) for r in counts.published] == [("Oliver", "A baby injured by the family's dogs.")]
    assert [(p.reference, p.number, p.actions) for p in report.recommendations] == [("CSPR-2024-01", 1, 0)]


def test_a_kind_the_unit_adds_numbers_its_own_references(database, world):
    kind = cr.add_review_kind(database, "Domestic homicide review", "DHR")
    review = cr.record_case_review(database, cr.CaseReviewFields(kind, "Ms C", D(2025, 8, 1)))
    assert reports.review_detail(database, review).review.reference == "DHR-2025-01"
    with pytest.raises(ValidationError) as refused:
        cr.add_review_kind(database, "Another", "D-H")
    assert refused.value.field == "prefix"
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(CaseReviewKind)) == 6
        assert session.scalar(select(func.count()).select_from(Meeting)) == 3
