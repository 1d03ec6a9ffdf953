"""The dashboard on the demo: every tile and list shows the figures of the report behind its screen, and
clicking a tile (or pressing Enter on it, or a list's button) opens that screen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from board_admin.domain.attendance import Period
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.reports import dashboard
from board_admin.reports.attendance import attendance_report
from board_admin.reports.funding import funding_for_year
from board_admin.reports.lists import meeting_rows
from board_admin.reports.meetings import action_log, register
from board_admin.services.meetings import MeetingFields, create_meeting, set_attendance
from board_admin.ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 21)
YEAR = FinancialYear.containing(TODAY)


@pytest.fixture
def demo(sqlite_database, with_demo):
    return with_demo(sqlite_database, TODAY)


@pytest.fixture
def open_window(qtbot, settings):
    def open_(database) -> MainWindow:
        window = MainWindow(database, settings=settings, today=lambda: TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


def column(table, position: int) -> list[str]:
    model = table.model()
    return [model.index(row, position).data() for row in range(model.rowCount())]


def test_the_tiles_show_the_reports_figures(demo, open_window):
    page = open_window(demo).page("dashboard")
    funding = funding_for_year(demo, YEAR)
    owing = [row for row in funding.contributions if row.outstanding_pence > 0]
    assert owing  # the demo has partners still to pay this year
    assert page.figure("contributions") == format_pounds(funding.outstanding_pence)
    assert page.tiles["contributions"].detail_label.text() == f"{len(owing)} agencies still to pay for {YEAR.label}"
    actions = dashboard.open_actions(demo, TODAY)
    assert page.figure("actions") == str(actions.open)
    assert page.tiles["actions"].detail_label.text() == f"{actions.overdue} overdue"
    assert page.figure("registers") == "0" and page.tiles["registers"].detail_label.text() == "every register done"
    assert not page.registers_table.isVisible() and page.no_registers.isVisible()


def test_the_lists_show_the_next_meetings_registers_and_what_is_overdue(demo, open_window):
    page = open_window(demo).page("dashboard")
    upcoming = dashboard.upcoming_meetings(demo, TODAY, 8)
    assert column(page.next_table, 0) == [format_date(row.meeting.meeting_date) for row in upcoming]
    assert column(page.next_table, 4) == [row.register_state for row in upcoming]
    # The register's state is the register's own: its members on the day.
    first = upcoming[0]
    assert first.members == len(register(demo, first.meeting.id).lines)
    assert column(page.next_table, 4)[0] == f"{first.members} members, no apologies yet"
    overdue = action_log(demo, TODAY, overdue_only=True)
    assert overdue and column(page.actions_table, 1) == [row.description for row in overdue]
    assert page.overdue_table.model().rowCount() == dashboard.open_challenges(demo, TODAY).overdue


def test_the_chart_shows_this_years_lowest_attendance(demo, open_window):
    page = open_window(demo).page("dashboard")
    report = attendance_report(demo, Period(YEAR.start, TODAY))
    lowest = sorted(
        (row for row in report.agencies if row.rate is not None), key=lambda row: (row.rate, row.agency_name)
    )
    assert [row.agency_name for row in page.chart.rows] == [row.agency_name for row in lowest[:8]]
    assert not page.chart.pixmap().isNull()
    assert page.chart.accessibleDescription().startswith(f"{lowest[0].agency_name} ")
    assert f"of {len(lowest)} expected" in page.chart_note.text()


def test_an_apology_and_an_unfinished_register_show_at_once(demo, open_window):
    upcoming = dashboard.upcoming_meetings(demo, TODAY, 1)[0]
    member = register(demo, upcoming.meeting.id).lines[0]
    set_attendance(demo, upcoming.meeting.id, member.person_id, AttendanceStatus.APOLOGIES)
    held = [row for row in meeting_rows(demo, start=YEAR.start, end=TODAY) if row.status.value == "held"][0]
    unmarked = register(demo, held.id).lines[0]
    set_attendance(demo, held.id, unmarked.person_id, None)
    create_meeting(demo, MeetingFields(group_id=held.group_id, meeting_date=TODAY - dt.timedelta(days=2)))

    page = open_window(demo).page("dashboard")
    assert column(page.next_table, 4)[0] == f"{upcoming.members} members, 1 apology"
    warnings = dashboard.register_warnings(demo, YEAR, TODAY)
    assert page.figure("registers") == "2" == str(len(warnings))
    assert column(page.registers_table, 2) == [row.problem for row in warnings]
    assert sorted(column(page.registers_table, 2)) == [
        "1 member not marked",
        "Date passed: not marked held or cancelled",
    ]


TILE_PAGES = {
    "agencies": "people",
    "people": "people",
    "groups": "groups",
    "meetings": "meetings",
    "actions": "meetings",
    "challenges": "challenges",
    "contributions": "funding",
    "registers": "attendance",
}


def test_every_tile_opens_the_screen_behind_it(demo, open_window, qtbot):
    window = open_window(demo)
    tiles = window.page("dashboard").tiles
    assert set(tiles) == set(TILE_PAGES)
    for name, page_key in TILE_PAGES.items():
        window.show_page_by_key("dashboard")
        qtbot.mouseClick(tiles[name], Qt.MouseButton.LeftButton)
        assert window.current_page().key == page_key, name
    window.show_page_by_key("dashboard")
    tiles["contributions"].setFocus()
    qtbot.keyClick(tiles["contributions"], Qt.Key.Key_Return)
    assert window.current_page().key == "funding"


def test_the_lists_and_the_chart_open_their_screens_by_keyboard_and_mouse(demo, open_window, qtbot):
    window = open_window(demo)
    page = window.page("dashboard")
    page.chart.setFocus()
    qtbot.keyClick(page.chart, Qt.Key.Key_Return)
    assert window.current_page().key == "attendance"
    window.show_page_by_key("dashboard")
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton)
    assert window.current_page().key == "attendance"
    for panel, key in (
        (page.next_panel, "meetings"),
        (page.overdue_panel, "challenges"),
        (page.registers_panel, "attendance"),
        (page.chart_panel, "attendance"),
    ):
        window.show_page_by_key("dashboard")
        panel.open_button.click()
        assert window.current_page().key == key
    window.show_page_by_key("dashboard")
    page.overdue_table.setFocus()
    page.overdue_table.setCurrentIndex(page.overdue_table.model().index(0, 0))
    qtbot.keyClick(page.overdue_table, Qt.Key.Key_Return)
    assert window.current_page().key == "challenges"


def test_the_dashboard_reads_the_same_few_statements_however_many_records_there_are(
    sqlite_database, world, open_window
):
    """Issue 25: the tiles are aggregates and the lists read only what they show, so more records mean no
    more statements (a query per row, or per figure, would show here)."""
    from board_admin.domain.enums import Sector
    from board_admin.services import challenges, structure
    from tests.conftest import StatementCounter

    database = sqlite_database
    page = open_window(database).page("dashboard")
    with StatementCounter(database) as before:
        page.reload()
    agency_id = structure.create_agency(database, structure.AgencyFields("Healthwatch Westshire", Sector.OTHER))
    for number in range(25):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:02}", Sector.OTHER))
        challenges.record_challenge(
            database,
            challenges.ChallengeFields(
                date_raised=TODAY - dt.timedelta(days=60),
                agency_id=agency_id,
                challenge=f"Challenge {number}",
                response_due=TODAY - dt.timedelta(days=10),
            ),
        )
    with StatementCounter(database) as after:
        page.reload()
    assert after.count == before.count
    # Besides the year's attendance report (reports/attendance.py, counted on its own): one statement for the
    # six counts on the tiles, one for the year's meetings, and one for each list and line.
    with StatementCounter(database) as report:
        year = attendance_report(database, Period(YEAR.start, min(TODAY, YEAR.end)))
        # The views the dashboard reads: the report works each out when it is first read.
        assert year.agencies is not None and year.completeness is not None
    assert before.count - report.count <= 12
    assert page.overdue_model.rowCount() == dashboard.open_challenges(database, TODAY).overdue >= 25


def test_a_payment_recorded_on_funding_shows_on_the_dashboard_when_the_user_comes_back(demo, open_window, qtbot):
    """Walk-through fault: the dashboard kept the figures it was first read with (the pages were told to read
    again only by some pages, through a list the window no longer had). Any save, anywhere, now counts."""
    from PySide6.QtWidgets import QDialogButtonBox

    from board_admin.ui.dialogs.funding_forms import ContributionDialog

    window = open_window(demo)
    page = window.page("dashboard")
    owed = dashboard.contributions_outstanding(demo, YEAR)
    assert len(owed.agencies) >= 2
    assert page.tiles["contributions"].detail_label.text().startswith(f"{len(owed.agencies)} agencies")

    qtbot.mouseClick(page.tiles["contributions"], Qt.MouseButton.LeftButton)
    funding = window.page("funding")
    assert window.current_page() is funding
    model = funding.contributions.model
    row = next(row for row in range(model.rowCount()) if model.row_at(row).outstanding_pence > 0)
    owing = model.row_at(row)
    funding.contributions.table.selectRow(funding.contributions.table.model().mapFromSource(model.index(row, 0)).row())
    qtbot.mouseClick(funding.contributions.edit_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in funding.findChildren(ContributionDialog) if w.isVisible())
    dialog.received.clear()
    qtbot.keyClicks(dialog.received, format_pounds(owing.agreed_pence).lstrip("£"))
    dialog.received_on.clear()
    qtbot.keyClicks(dialog.received_on, format_date(TODAY))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    window.show_page_by_key("dashboard")
    left = len(owed.agencies) - 1
    assert page.tiles["contributions"].detail_label.text().startswith(f"{left} agenc")
    assert page.figure("contributions") == format_pounds(owed.outstanding_pence - owing.outstanding_pence)
