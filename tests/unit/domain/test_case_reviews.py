"""Case reviews' rules: working-day deadlines across bank holidays, the order of the stages, the annual counts."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.case_reviews import (
    CSPR,
    RAPID_REVIEW,
    SAR,
    CaseReviewStatus,
    ReviewDecision,
    ReviewFacts,
    ReviewStages,
    add_months,
    add_working_days,
    annual_counts,
    deadlines,
    format_reference,
    is_working_day,
    panel_copy_due,
    rapid_review_due,
    report_due,
    stage_problems,
    status_problem,
    working_days_between,
)
from board_admin.domain.financial_year import FinancialYear

D = dt.date


def test_bank_holidays_of_england_and_wales_are_not_working_days():
    assert not is_working_day(D(2025, 4, 18))  # Good Friday
    assert not is_working_day(D(2025, 4, 21))  # Easter Monday
    assert not is_working_day(D(2025, 5, 26))  # spring bank holiday
    assert not is_working_day(D(2025, 12, 25)) and not is_working_day(D(2025, 12, 26))
    assert not is_working_day(D(2025, 4, 19))  # a Saturday
    assert is_working_day(D(2025, 4, 22))
    assert is_working_day(D(2025, 3, 17))  # St Patrick's Day is a holiday in Northern Ireland only


def test_rapid_review_due_across_easter():
    # Notified Thursday 10 April 2025: 15 working days skip Good Friday and Easter Monday.
    assert rapid_review_due(D(2025, 4, 10)) == D(2025, 5, 6)  # and the early May bank holiday (5 May)


def test_rapid_review_due_across_christmas():
    # Notified Friday 19 December 2025: Christmas Day, Boxing Day and New Year's Day are skipped.
    assert rapid_review_due(D(2025, 12, 19)) == D(2026, 1, 14)


def test_rapid_review_due_across_a_bank_holiday_monday():
    # Notified Friday 22 August 2025; Monday 25 August is the summer bank holiday.
    assert rapid_review_due(D(2025, 8, 22)) == D(2025, 9, 15)


def test_panel_copy_seven_working_days_before_publication_across_easter():
    # Publication Thursday 24 April 2025: back over Easter Monday and Good Friday.
    assert panel_copy_due(D(2025, 4, 24)) == D(2025, 4, 11)


def test_working_days_between_counts_forward_and_back():
    assert working_days_between(D(2025, 12, 24), D(2025, 12, 29)) == 1  # 25, 26 holidays, 27-28 weekend
    assert working_days_between(D(2025, 12, 29), D(2025, 12, 24)) == -1  # one working day late
    assert working_days_between(D(2025, 12, 31), D(2025, 12, 22)) == -5  # 23, 24, 29, 30, 31
    assert working_days_between(D(2025, 6, 2), D(2025, 6, 2)) == 0
    assert add_working_days(D(2025, 6, 2), 0) == D(2025, 6, 2)


def test_report_due_six_months_after_the_decision_or_the_months_set():
    assert report_due(D(2025, 8, 31)) == D(2026, 2, 28)
    assert report_due(D(2025, 3, 14), 9) == D(2025, 12, 14)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)


def test_stage_dates_before_the_notification_each_get_a_sentence():
    problems = stage_problems(
        ReviewStages(D(2025, 5, 1), rapid_review_held_on=D(2025, 4, 30), panel_informed_on=D(2025, 4, 2))
    )
    assert [field for field, _ in problems] == ["rapid_review_held_on", "panel_informed_on"]
    assert "before the notification (01/05/2025)" in problems[0][1]


def test_a_decision_needs_its_outcome_and_its_date():
    assert stage_problems(ReviewStages(D(2025, 5, 1), decided_on=D(2025, 5, 20)))[0][0] == "decision"
    no_date = stage_problems(ReviewStages(D(2025, 5, 1), decision=ReviewDecision.CRITERIA_MET))
    assert no_date[0][0] == "decided_on" and "Criteria met" in no_date[0][1]


def test_published_before_sign_off_is_refused():
    early = stage_problems(ReviewStages(D(2025, 5, 1), signed_off_on=D(2025, 11, 3), published_on=D(2025, 10, 1)))
    assert early == [
        ("published_on", "The publication date (01/10/2025) is before sign-off by the board (03/11/2025).")
    ]
    assert stage_problems(ReviewStages(D(2025, 5, 1), published_on=D(2025, 10, 1)))[0][0] == "signed_off_on"
    assert stage_problems(ReviewStages(D(2025, 5, 1), signed_off_on=D(2025, 9, 1), published_on=D(2025, 10, 1))) == []


def test_closing_with_open_actions_is_refused():
    stages = ReviewStages(D(2025, 5, 1))
    field, sentence = status_problem(CaseReviewStatus.CLOSED, stages, 2)
    assert field == "status" and "2 actions are still open" in sentence
    assert status_problem(CaseReviewStatus.CLOSED, stages, 0) is None
    assert status_problem(CaseReviewStatus.PUBLISHED, stages, 0)[0] == "published_on"


def test_deadlines_of_a_cspr_and_which_are_overdue():
    stages = ReviewStages(
        D(2025, 4, 10),
        rapid_review_held_on=D(2025, 5, 8),
        decided_on=D(2025, 5, 12),
        decision=ReviewDecision.CRITERIA_MET,
        publication_planned_on=D(2025, 12, 29),
    )
    rapid, report, panel = deadlines(CSPR.prefix, stages)
    assert (rapid.due, rapid.done_on, rapid.late()) == (D(2025, 5, 6), D(2025, 5, 8), True)
    assert report.due == D(2025, 11, 12) and report.overdue(D(2025, 11, 13)) and not report.overdue(D(2025, 11, 12))
    assert panel.due == D(2025, 12, 16)  # 24, 23, 22, 19, 18, 17, 16: back over Christmas and a weekend
    assert panel.working_days_left(D(2025, 12, 12)) == 2
    # A SAR has no rapid review and no National Panel copy.
    assert [d.what for d in deadlines(SAR.prefix, stages)] == ["Report"]


def test_references_are_numbered_per_kind_and_year():
    assert format_reference("CSPR", 2025, 3) == "CSPR-2025-03"


def _review(ref, prefix, notified, **others):
    kind = {"RR": "Rapid review", "CSPR": "Child safeguarding practice review", "SAR": "Safeguarding adult review"}
    return ReviewFacts(ref, prefix, kind[prefix], "Child", notified, **others)


def test_annual_counts_of_a_hand_made_set():
    year = FinancialYear(2025)  # 1 April 2025 to 31 March 2026
    met = ReviewDecision.CRITERIA_MET
    reviews = [
        # A CSPR started in an earlier year, signed off and published in this one.
        _review(
            "CSPR-2024-02",
            CSPR.prefix,
            D(2024, 10, 1),
            referring_agency="Police",
            decided_on=D(2024, 10, 20),
            decision=met,
            signed_off_on=D(2025, 6, 5),
            published_on=D(2025, 7, 1),
            themes=("Professional curiosity",),
            summary="A baby we call Oliver.",
        ),
        # A CSPR from an earlier year still under way.
        _review("CSPR-2024-03", CSPR.prefix, D(2025, 1, 6), decided_on=D(2025, 1, 27), decision=met),
        # A rapid review this year, criteria not met.
        _review(
            "RR-2025-01",
            RAPID_REVIEW.prefix,
            D(2025, 5, 2),
            referring_agency="Children's Social Care",
            decided_on=D(2025, 5, 23),
            decision=ReviewDecision.CRITERIA_NOT_MET,
            themes=("Professional curiosity", "Neglect"),
        ),
        # A new CSPR this year.
        _review(
            "CSPR-2025-01",
            CSPR.prefix,
            D(2025, 9, 1),
            referring_agency="Police",
            decided_on=D(2025, 9, 19),
            decision=met,
        ),
        # A SAR under way at the year's end, and one signed off in the year.
        _review("SAR-2025-01", SAR.prefix, D(2025, 11, 3), referring_agency="Adult Social Care"),
        _review("SAR-2024-01", SAR.prefix, D(2024, 6, 3), signed_off_on=D(2025, 8, 1)),
        # Next year's: counted nowhere.
        _review("CSPR-2026-01", CSPR.prefix, D(2026, 4, 2), decided_on=D(2026, 4, 20), decision=met),
    ]
    counts = annual_counts(reviews, year)
    assert counts.rapid_reviews_criteria_met == 1
    assert counts.rapid_reviews_criteria_not_met == 1
    assert counts.cspr_ongoing_from_earlier == 2
    assert counts.cspr_new_referrals == 1
    assert counts.cspr_completed == 1
    assert counts.cspr_published == 1
    assert counts.sar_ongoing == 1
    assert counts.child_referrals_by_agency == [("Children's Social Care", 1), ("Police", 1)]
    assert counts.referrals_by_agency == [("Adult Social Care", 1), ("Children's Social Care", 1), ("Police", 1)]
    assert counts.learning_themes == [("Professional curiosity", 2), ("Neglect", 1)]
    assert [r.reference for r in counts.published] == ["CSPR-2024-02"]
    sars = next(k for k in counts.by_kind if k.kind == "Safeguarding adult review")
    assert (sars.notified, sars.ongoing_at_start, sars.completed, sars.ongoing_at_end) == (1, 1, 1, 1)
