"""The Case reviews page, driven as a person does: the form with its sentences beside the fields, the status,
recommendations and actions, the filters, the review's own page, the roles and the dashboard's line."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from board_admin.db.models import CaseReview
from board_admin.domain.case_reviews import CaseReviewStatus, ReviewDecision
from board_admin.domain.enums import UserRole
from board_admin.domain.permissions import Actor
from board_admin.reports.case_reviews import review_kinds
from board_admin.services import case_reviews as service
from board_admin.ui.main_window import PAGES
from tests.sample_world import CHILDREN_BOARD

D = dt.date


@pytest.fixture
def reviews(sqlite_database, world):
    """Two reviews: a rapid review notified 4 June 2025 (due 25 June), a CSPR decided in January."""
    kinds = {kind.prefix: kind.id for kind in review_kinds(sqlite_database)}
    service.add_learning_theme(sqlite_database, "Professional curiosity")
    board = world.groups[CHILDREN_BOARD]
    rapid = service.record_case_review(
        sqlite_database,
        service.CaseReviewFields(
            kinds["RR"],
            "Amelia",
            D(2025, 6, 4),
            overseeing_group_id=board,
            referring_agency_id=world.agencies["Police"],
        ),
    )
    cspr = service.record_case_review(
        sqlite_database,
        service.CaseReviewFields(
            kinds["CSPR"],
            "Oliver",
            D(2024, 12, 2),
            overseeing_group_id=board,
            decided_on=D(2024, 12, 16),
            decision=ReviewDecision.CRITERIA_MET,
            themes=["Professional curiosity"],
        ),
    )
    return {"rapid": rapid, "cspr": cspr, "kinds": kinds}


@pytest.fixture
def page(window, reviews):
    window.show_page_by_key("reviews")
    page = window.page("reviews")
    page.reload()
    return page


def shown(page) -> list[str]:
    return [row.reference for row in page.shown_rows()]


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def pick(qtbot, combo, text: str) -> None:
    """Chooses an item the way a keyboard user does: focus the box and type the start of its text (without a
    space, which would open the list)."""
    assert " " not in text
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def stored(database, reference: str) -> CaseReview | None:
    with database.session() as session:
        return session.query(CaseReview).filter_by(reference=reference).one_or_none()


def test_the_list_shows_each_deadline_with_working_days_left_and_what_is_overdue(page):
    assert shown(page) == ["RR-2025-01", "CSPR-2024-01"]
    rapid, cspr = page.shown_rows()
    assert (rapid.next_due_what, rapid.next_due) == ("Rapid review", D(2025, 6, 25))
    assert rapid.days_left_text == "8 working days left"  # 16 June to 25 June
    # The CSPR's rapid review was never recorded as held; its decision stands for it. Its report was due 16 June.
    assert (cspr.next_due_what, cspr.next_due, cspr.overdue) == ("Report", D(2025, 6, 16), False)
    model = page.table.model()
    days_left = [model.index(row, 7).data() for row in range(model.rowCount())]
    assert days_left == ["8 working days left", "1 working day left"]


def test_recording_a_review_shows_each_problem_beside_its_field_and_saves_nothing_until_right(
    page, qtbot, sqlite_database
):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    pick(qtbot, dialog.kind, "Safeguarding")
    qtbot.keyClicks(dialog.name, "Mr D")
    qtbot.keyClicks(dialog.stages["rapid_review_held_on"], "01/01/2025")  # before the notification (today)
    qtbot.keyClicks(dialog.stages["decided_on"], "20/06/2025")  # a decision without its outcome
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["rapid_review_held_on"].isVisible()
    assert "is before the notification (15/06/2025)" in dialog.errors["rapid_review_held_on"].text()
    assert stored(sqlite_database, "SAR-2025-01") is None

    dialog.stages["rapid_review_held_on"].clear()
    press_ok(qtbot, dialog)
    assert dialog.errors["decision"].isVisible() and "needs its outcome" in dialog.errors["decision"].text()
    pick(qtbot, dialog.decision, "Criteria")
    assert dialog.decision.currentText() == "Criteria met"
    dialog.themes.item(0).setCheckState(Qt.CheckState.Checked)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = stored(sqlite_database, "SAR-2025-01")
    assert saved.name == "Mr D" and saved.decision is ReviewDecision.CRITERIA_MET
    assert page.current_row().reference == "SAR-2025-01"
    text = page.detail.toPlainText()
    assert "Learning themes: Professional curiosity" in text and "Report" in text


def test_a_recommendation_and_its_action_then_closing_waits_for_the_action(page, qtbot, sqlite_database, world):
    page.table.selectRow(shown(page).index("CSPR-2024-01"))
    qtbot.mouseClick(page.recommend_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.dialog.text, "Ask about dogs in the home at every visit.")
    press_ok(qtbot, page.dialog)
    assert "1. Ask about dogs in the home at every visit." in page.detail.toPlainText()

    qtbot.mouseClick(page.action_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    press_ok(qtbot, dialog)  # no meeting chosen
    assert dialog.errors["meeting_id"].text() == "Choose the meeting at which the action was agreed."
    pick(qtbot, dialog.meeting, "16/01/2025")  # the board's meeting 150 days before today
    qtbot.keyClicks(dialog.description, "Briefing to health visitors")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert "CSPR-2024-01/1.1: Briefing to health visitors" in page.detail.toPlainText()

    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    pick(qtbot, dialog.status, "Closed")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "1 action is still open" in dialog.errors["status"].text()
    assert stored(sqlite_database, "CSPR-2024-01").status is CaseReviewStatus.NOTIFIED


def test_a_long_recommendation_is_read_whole_when_an_action_is_added(page, qtbot):
    page.table.selectRow(shown(page).index("CSPR-2024-01"))
    long_text = (
        "Health visitors and social workers ask about dogs in the home at every visit, record the answer and "
        "share it with the other agencies working with the family."
    )
    qtbot.mouseClick(page.recommend_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.dialog.text, long_text)
    press_ok(qtbot, page.dialog)

    qtbot.mouseClick(page.action_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert long_text not in dialog.recommendation.currentText()  # the choice shows only its start
    assert dialog.recommendation_text.text() == f"1. {long_text}"
    assert dialog.recommendation_text.wordWrap()


def test_filters_by_kind_year_and_overdue(page, qtbot):
    pick(qtbot, page.kind_filter, "Child")
    assert shown(page) == ["CSPR-2024-01"]
    page.kind_filter.setFocus()
    qtbot.keyClick(page.kind_filter, Qt.Key.Key_Home)
    assert shown(page) == ["RR-2025-01", "CSPR-2024-01"]
    pick(qtbot, page.year_filter, "2025-26")
    assert shown(page) == ["RR-2025-01", "CSPR-2024-01"]  # the CSPR is still under way in 2025-26
    qtbot.mouseClick(page.overdue_only, Qt.MouseButton.LeftButton)
    assert shown(page) == []
    assert page.current_filter().overdue_only


def test_the_chair_reads_and_exports_and_finance_does_not_see_the_page(make_window, sqlite_database, reviews):
    sqlite_database.actor = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
    window = make_window(sqlite_database)
    position = [entry.key for entry in PAGES].index("reviews")
    assert not window.navigation.isRowHidden(position)
    window.show_page_by_key("reviews")
    page = window.page("reviews")
    assert len(page.shown_rows()) == 2
    assert not page.new_button.isEnabled() and not page.status_button.isEnabled()
    assert page.export_button.isEnabled()
    assert page.new_review() is None
    window.close()

    sqlite_database.actor = Actor("fran", "Fran Finance", frozenset({UserRole.FINANCE}))
    window = make_window(sqlite_database)
    assert window.navigation.isRowHidden(position)
    assert not window.page_actions[position].isVisible()
    assert window.page("dashboard").reviews_line.isHidden()


def test_the_dashboard_says_how_many_rapid_reviews_are_due_this_week(make_window, qtbot, sqlite_database, reviews):
    # Notified 15 May 2025: 15 working days, over the spring bank holiday, end on 6 June: overdue by today.
    service.record_case_review(
        sqlite_database, service.CaseReviewFields(reviews["kinds"]["RR"], "Isla", D(2025, 5, 15))
    )
    window = make_window(sqlite_database)
    window.show_page_by_key("dashboard")
    line = window.page("dashboard").reviews_line
    # Today is a Sunday: Amelia's rapid review (due 25 June) is next week's.
    assert line.text() == "Case reviews: No rapid review due this week; 1 overdue."
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "reviews"
