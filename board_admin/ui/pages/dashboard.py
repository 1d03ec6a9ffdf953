"""The dashboard: the partnership at a glance, each figure from a report, and the next meetings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QTableView, QVBoxLayout

from board_admin.domain.dates import format_date, format_time
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import dashboard, lists
from board_admin.reports.lists import MeetingRow
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, date_column, text_column
from board_admin.ui.widgets import Tile, fit_columns, make_table, scaled_font

NEXT_MEETINGS = 12


def meeting_time(row: MeetingRow) -> str:
    if row.start_time and row.end_time:
        return f"{format_time(row.start_time)} to {format_time(row.end_time)}"
    return format_time(row.start_time)


NEXT_DATE = date_column(
    "Date", lambda row: row.meeting_date, sort=lambda row: (row.meeting_date, row.start_time or dt.time.min)
)
NEXT_DAY = Column("Day", lambda row: row.meeting_date.strftime("%A"), sort=lambda row: row.meeting_date.weekday())
NEXT_TIME = Column("Time", meeting_time, sort=lambda row: row.start_time)
NEXT_GROUP = text_column("Group", lambda row: row.group_name)
NEXT_LOCATION = text_column("Location", lambda row: row.location, stretch=True)
NEXT_COLUMNS = (NEXT_DATE, NEXT_DAY, NEXT_TIME, NEXT_GROUP, NEXT_LOCATION)

OVERDUE_REFERENCE = text_column("Reference", lambda row: row.reference)
OVERDUE_AGENCY = text_column("Agency challenged", lambda row: row.agency_name, stretch=True)
OVERDUE_DUE = date_column(
    "Response due", lambda row: row.response_due, warn=lambda row: row.overdue, tooltip=lambda row: row.theme
)
OVERDUE_COLUMNS = (OVERDUE_REFERENCE, OVERDUE_AGENCY, OVERDUE_DUE)


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"
    subtitle = "The partnership at a glance. Select a figure to open the list behind it."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.tiles = {
            "agencies": Tile("Agencies", "people"),
            "people": Tile("People", "people"),
            "groups": Tile("Boards and groups", "groups"),
            "meetings": Tile("Meetings held this year", "meetings"),
            "actions": Tile("Open actions"),
            "challenges": Tile("Open challenges", "challenges"),
        }
        for position, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, position // 3, position % 3)
            if tile.target:
                tile.activated.connect(lambda target=tile.target: self.navigate.emit(target))
        self.layout_.addLayout(grid)

        self.layout_.addSpacing(8)
        lists_row = QHBoxLayout()
        lists_row.setSpacing(16)
        self.layout_.addLayout(lists_row, 1)

        self.next_model = RowTableModel(NEXT_COLUMNS, self)
        self.next_table = make_table(self._proxy(self.next_model), "Next meetings")
        self.next_table.doubleClicked.connect(lambda _index: self.navigate.emit("meetings"))
        self.no_meetings = QLabel("No meetings are planned from today on.")
        lists_row.addLayout(self._section("Next meetings", self.next_table, self.no_meetings), 3)

        self.overdue_model = RowTableModel(OVERDUE_COLUMNS, self)
        self.overdue_table = make_table(self._proxy(self.overdue_model), "Challenges overdue for a response")
        self.overdue_table.doubleClicked.connect(lambda _index: self.navigate.emit("challenges"))
        self.no_overdue = QLabel("No challenge is overdue for a response.")
        lists_row.addLayout(self._section("Challenges overdue for a response", self.overdue_table, self.no_overdue), 2)

    def _proxy(self, model: RowTableModel) -> SearchFilterProxyModel:
        proxy = SearchFilterProxyModel(self)
        proxy.setSourceModel(model)
        return proxy

    def _section(self, title: str, table: QTableView, empty: QLabel) -> QVBoxLayout:
        heading = QLabel(title)
        heading.setFont(scaled_font(heading, 1.2, bold=True))
        heading.setBuddy(table)
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        section = QVBoxLayout()
        section.addWidget(heading)
        section.addWidget(table, 1)
        section.addWidget(empty, 1)
        return section

    def reload(self) -> None:
        today = self.today()
        year = FinancialYear.containing(today)
        self.header.set_subtitle(
            f"The partnership on {today.strftime('%A')} {format_date(today)}, financial year {year.label}. "
            "Select a figure to open the list behind it."
        )
        agencies = dashboard.active_agencies(self.database)
        self.tiles["agencies"].set_figure(f"{agencies:,}", "active agencies")
        people = dashboard.active_people(self.database)
        self.tiles["people"].set_figure(f"{people:,}", "active people")
        groups = dashboard.current_groups(self.database, today)
        self.tiles["groups"].set_figure(f"{groups:,}", "boards, subgroups and forums running now")
        meetings = dashboard.meetings_in_year(self.database, year)
        detail = f"of {meetings.planned:,} planned in {year.label}"
        if meetings.cancelled:
            detail += f"; {meetings.cancelled:,} cancelled"
        self.tiles["meetings"].set_figure(f"{meetings.held:,}", detail)
        actions = dashboard.open_actions(self.database, today)
        self.tiles["actions"].set_figure(
            f"{actions.open:,}",
            f"{actions.overdue:,} overdue" if actions.overdue else "none overdue",
            warning=actions.overdue > 0,
        )
        challenges = dashboard.open_challenges(self.database, today)
        self.tiles["challenges"].set_figure(
            f"{challenges.open:,}",
            f"{challenges.overdue:,} overdue for a response" if challenges.overdue else "none overdue",
            warning=challenges.overdue > 0,
        )
        self._fill(
            self.next_model, self.next_table, self.no_meetings, lists.next_meetings(self.database, today, NEXT_MEETINGS)
        )
        overdue = [row for row in lists.challenge_rows(self.database, today) if row.overdue]
        overdue.sort(key=lambda row: row.response_due)
        self._fill(self.overdue_model, self.overdue_table, self.no_overdue, overdue)

    @staticmethod
    def _fill(model: RowTableModel, table: QTableView, empty: QLabel, rows: list) -> None:
        model.set_rows(rows)
        fit_columns(table)
        table.setVisible(bool(rows))
        empty.setVisible(not rows)

    def figure(self, name: str) -> str:
        """The figure a tile shows (for tests and for screen readers' summaries)."""
        return self.tiles[name].figure_label.text()
