"""A page with nothing in it yet says what to do first instead of showing a blank table; once there is
something, the table is back. On a brand-new database, as its first administrator would see it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from board_admin.domain.enums import GroupKind, Sector
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import lists
from board_admin.services import challenges, funding
from board_admin.services import structure as s
from board_admin.ui.widgets import EmptyState
from tests.ui.conftest import TODAY, open_messages, type_date

YEAR = FinancialYear.containing(TODAY)


def says(state: EmptyState) -> str | None:
    """The message shown in place of the list, or None when the list itself is shown."""
    return state.message.text() if state.currentWidget() is state.message else None


def test_meetings_say_to_add_a_group_then_to_generate_a_schedule(make_window, sqlite_database, qtbot):
    window = make_window(sqlite_database)
    window.show_page_by_key("meetings")
    page = window.page("meetings")
    assert "Add a board or group first" in says(page.table_empty)
    assert says(page.log_empty).startswith("No actions yet.")

    s.create_group(sqlite_database, s.GroupFields("Safeguarding Children Partnership Board", GroupKind.BOARD))
    window.refresh()
    assert says(page.table_empty).startswith("No meetings yet. Use Generate schedule…")

    # As the message says: Generate schedule…, then OK with the rule suggested.
    qtbot.mouseClick(page.schedule_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert [box.windowTitle() for box in open_messages()] == ["Schedule generated"]
    assert says(page.table_empty) is None and page.table.isVisible()
    assert page.proxy.rowCount() == len(lists.meeting_rows(sqlite_database)) == 6

    # A search finding nothing still shows the (empty) list and its count, not the first-use message.
    qtbot.keyClicks(page.search, "nothing like this")
    assert page.proxy.rowCount() == 0 and says(page.table_empty) is None
    assert page.count.text() == "0 of 6 meetings shown"

    page.overdue_only.setChecked(True)
    assert says(page.log_empty) == "No actions match the filters chosen: clear them to see every action."


def test_the_challenge_log_says_how_to_record_the_first(make_window, sqlite_database):
    window = make_window(sqlite_database)
    window.show_page_by_key("challenges")
    page = window.page("challenges")
    assert says(page.table_empty).startswith("No challenges recorded yet. Choose New… (Ctrl+N)")
    assert says(page.summary_empty) is not None

    agency = s.create_agency(sqlite_database, s.AgencyFields("Cambridgeshire Constabulary", Sector.POLICE))
    challenges.record_challenge(
        sqlite_database, challenges.ChallengeFields(TODAY, agency, "Attendance at the strategy meetings")
    )
    window.refresh()
    assert says(page.table_empty) is None and page.proxy.rowCount() == 1
    assert says(page.summary_empty) is None


def test_funding_lists_say_what_goes_in_them(make_window, sqlite_database):
    window = make_window(sqlite_database)
    window.show_page_by_key("funding")
    page = window.page("funding")
    assert not page.tabs.isVisible() and f"Open {YEAR.label} to begin" in page.empty.text()

    funding.open_year(sqlite_database, YEAR)
    window.refresh()
    assert says(page.contributions.empty_state).startswith(f"No contributions recorded for {YEAR.label} yet.")
    assert "Contribution formula…" in says(page.contributions.empty_state)
    assert "Add budget line…" in says(page.budget.empty_state)
    assert "Add income…" in says(page.income.empty_state)
    assert "Add the year's budget lines first" in says(page.spending.empty_state)

    agency = s.create_agency(sqlite_database, s.AgencyFields("Peterborough City Council", Sector.LOCAL_AUTHORITY))
    funding.create_contribution(sqlite_database, YEAR, funding.ContributionFields(agency, "85,986"))
    window.refresh()
    assert says(page.contributions.empty_state) is None
    assert page.contributions.proxy.rowCount() == 1
    assert says(page.budget.empty_state) is not None


def test_the_audit_trail_says_when_nothing_was_changed_in_the_dates_chosen(make_window, sqlite_database, qtbot):
    window = make_window(sqlite_database)
    s.create_agency(sqlite_database, s.AgencyFields("Cambridgeshire County Council", Sector.LOCAL_AUTHORITY))
    window.show_page_by_key("accounts")
    page = window.page("accounts")
    assert says(page.audit_empty) is None  # the agency just added is in the trail
    type_date(qtbot, page.end, dt.date.today() - dt.timedelta(days=400))
    type_date(qtbot, page.start, dt.date.today() - dt.timedelta(days=500))
    assert says(page.audit_empty).startswith("No changes were made between ")


def test_the_empty_lists_tell_a_reader_who_may_not_add_anything(make_window, sqlite_database):
    from board_admin.domain.enums import UserRole
    from board_admin.services.accounts import AccountFields, create_account, create_first_administrator, sign_in

    create_first_administrator(
        sqlite_database, AccountFields("admin", "Kerry Blackwell", {UserRole.ADMINISTRATOR}), "a-long-password"
    )
    create_account(sqlite_database, AccountFields("chair", "Alan Whitfield", {UserRole.CHAIR}), "another-password")
    sign_in(sqlite_database, "chair", "another-password")
    window = make_window(sqlite_database)
    window.show_page_by_key("meetings")
    assert says(window.page("meetings").table_empty) == (
        "No meetings have been recorded yet. The business unit schedules them."
    )
    window.show_page_by_key("challenges")
    assert "The business unit records them" in says(window.page("challenges").table_empty)


def test_the_structure_pages_say_to_start_with_agencies_then_groups(make_window, sqlite_database):
    window = make_window(sqlite_database)
    window.show_page_by_key("people")
    people = window.page("people")
    assert says(people.agencies.empty).startswith("No agencies yet.")
    assert says(people.people.empty).startswith("No people yet. Add the agencies first")
    window.show_page_by_key("groups")
    groups = window.page("groups")
    assert says(groups.tree_empty).startswith("No boards or groups yet.")

    s.create_agency(sqlite_database, s.AgencyFields("Cambridgeshire Constabulary", sector=Sector.POLICE))
    s.create_group(sqlite_database, s.GroupFields("Safeguarding Children Partnership Board", GroupKind.BOARD))
    window.refresh()
    window.show_page_by_key("people")
    assert says(people.agencies.empty) is None and people.agencies.model.rowCount() == 1
    assert says(people.people.empty) is not None  # still nobody
    window.show_page_by_key("groups")
    assert says(groups.tree_empty) is None and groups.tree_model.rowCount() == 1
