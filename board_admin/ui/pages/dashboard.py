"""The dashboard, the first screen: the partnership at a glance. Every figure comes from the report behind
another screen, and every tile and list opens that screen (clicked, or Enter when it has the focus).

Tiles: the counts, the actions and challenges overdue, the contributions outstanding and the registers still
to complete. Below them: the next meetings with where their registers stand, this year's attendance by
agency (the lowest rates, drawn as on the Attendance page), what is overdue, and the registers to complete.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.attendance import Period, percent_text
from board_admin.domain.dates import format_date, format_time
from board_admin.domain.enums import Rag
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.reports import dashboard, lists
from board_admin.reports.attendance import AgencyRow, AttendanceReport, attendance_report
from board_admin.reports.case_reviews import may_read, rapid_reviews_due
from board_admin.reports.dashboard import UpcomingMeeting
from board_admin.reports.meetings import action_log
from board_admin.ui.attendance_charts import agency_rates_chart
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, date_column, text_column
from board_admin.ui.widgets import Tile, fit_columns, least_width, make_table, scaled_font, wrap_long_text

NEXT_MEETINGS = 8
DASHBOARD_SAMPLE_ROWS = 40  # rows beyond those in view measured when a panel's columns are fitted
LOWEST_AGENCIES = 8  # the chart shows the agencies attending least; the Attendance page shows them all


def meeting_time(row: UpcomingMeeting) -> str:
    meeting = row.meeting
    if meeting.start_time and meeting.end_time:
        return f"{format_time(meeting.start_time)} to {format_time(meeting.end_time)}"
    return format_time(meeting.start_time)


NEXT_DATE = date_column(
    "Date",
    lambda row: row.meeting.meeting_date,
    sort=lambda row: (row.meeting.meeting_date, row.meeting.start_time or dt.time.min),
)
NEXT_DAY = Column(
    "Day", lambda row: row.meeting.meeting_date.strftime("%a"), sort=lambda row: row.meeting.meeting_date.weekday()
)
NEXT_TIME = Column("Time", meeting_time, sort=lambda row: row.meeting.start_time)
# The group's name takes the room left: it is what tells the meetings apart.
NEXT_GROUP = text_column(
    "Group", lambda row: row.meeting.group_name, tooltip=lambda row: row.meeting.location, stretch=True
)
NEXT_REGISTER = text_column("Register", lambda row: row.register_state)
NEXT_COLUMNS = (NEXT_DATE, NEXT_DAY, NEXT_TIME, NEXT_GROUP, NEXT_REGISTER)

OVERDUE_REFERENCE = text_column("Reference", lambda row: row.reference)
OVERDUE_AGENCY = text_column("Agency challenged", lambda row: row.agency_name, stretch=True)
OVERDUE_DUE = date_column(
    "Response due", lambda row: row.response_due, warn=lambda row: row.overdue, tooltip=lambda row: row.theme
)
OVERDUE_COLUMNS = (OVERDUE_REFERENCE, OVERDUE_AGENCY, OVERDUE_DUE)

ACTION_DUE = date_column("Due", lambda row: row.due_date, warn=lambda row: row.overdue)
ACTION_TEXT = text_column(
    "Action", lambda row: row.description, tooltip=lambda row: f"{row.description} ({row.owner})", stretch=True
)
ACTION_GROUP = text_column("Group", lambda row: row.group_name, tooltip=lambda row: row.group_name)
ACTION_COLUMNS = (ACTION_DUE, ACTION_TEXT, ACTION_GROUP)

REGISTER_DATE = date_column("Date", lambda row: row.meeting_date)
REGISTER_GROUP = text_column("Group", lambda row: row.group_name)
REGISTER_PROBLEM = text_column("To do", lambda row: row.problem, stretch=True)
REGISTER_COLUMNS = (REGISTER_DATE, REGISTER_GROUP, REGISTER_PROBLEM)


class Panel(QFrame):
    """A dashboard box: a heading, what it lists, and a button opening the screen behind it."""

    def __init__(self, title: str, button_text: str, target: str, page: Page) -> None:
        super().__init__()
        self.target = target
        self.setObjectName("panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#panel { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.heading = QLabel(title)
        self.heading.setFont(scaled_font(self.heading, 1.15, bold=True))
        self.open_button = QPushButton(button_text)
        self.open_button.setAccessibleName(button_text.replace("&", ""))
        self.open_button.setToolTip(f"Open the {target} page")
        self.open_button.clicked.connect(lambda: page.navigate.emit(target))
        top.addWidget(self.heading, 1)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.body = layout

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.body.addWidget(widget, stretch)


class ChartPicture(QLabel):
    """The attendance chart as on the Attendance page, drawn again at the width it is given. Clicking it,
    or Enter, opens the Attendance page."""

    def __init__(self, open_page) -> None:
        super().__init__()
        self.open_page = open_page
        self.rows: list[AgencyRow] = []
        self.report: AttendanceReport | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setWordWrap(True)
        self._drawn_width = 0

    def set_rows(self, report: AttendanceReport, rows: list[AgencyRow], summary: str) -> None:
        self.report, self.rows = report, rows
        self.setAccessibleName("Attendance by agency this year")
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self._drawn_width = 0
        self._draw()

    def _draw(self) -> None:
        width = max(self.width(), 320)
        if width == self._drawn_width:
            return
        self._drawn_width = width
        picture = agency_rates_chart(self.rows, self.report.thresholds, width=width, scale=0.8) if self.rows else None
        if picture is None:
            self.setPixmap(QPixmap())
            self.setText("No agency was expected at a held meeting this year yet.")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(picture, "PNG")
        self.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.report is not None:
            self._draw()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_page()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_page()
            return
        super().keyPressEvent(event)


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"
    subtitle = "The partnership at a glance. Select a figure or a list to open the page behind it."

    def _arrange_tiles(self, columns: int) -> None:
        """Four figures a row, or two when the window is narrow (a laptop at 150%), so none is cut off."""
        if columns == self.tile_columns:
            return
        self.tile_columns = columns
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for position, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, position // columns, position % columns)

    def fit_to_width(self, width: int) -> None:
        """Figures four a row and panels side by side when there is room; else two a row and panels one
        under the other, so that nothing is cut off on a small or scaled screen."""
        margins = self.layout_.contentsMargins()
        room = width - margins.left() - margins.right()
        widest = max(tile.minimumSizeHint().width() for tile in self.tiles.values())
        self._arrange_tiles(4 if room >= widest * 4 + self.tile_grid.spacing() * 3 else 2)
        # The overdue actions and challenges side by side inside their panel, or one under the other: their
        # lists never narrower than their columns need (the page scrolled sideways at 150%).
        inside = self.overdue_panel.body.contentsMargins()
        lists_room = room - inside.left() - inside.right() - 2 * self.overdue_panel.frameWidth()
        wide_enough = lists_room >= self._side_by_side_width(self.overdue_lists)
        self.overdue_lists.setDirection(
            QBoxLayout.Direction.LeftToRight if wide_enough else QBoxLayout.Direction.TopToBottom
        )
        for row in self.panel_rows:
            wide_enough = room >= self._side_by_side_width(row)
            row.setDirection(QBoxLayout.Direction.LeftToRight if wide_enough else QBoxLayout.Direction.TopToBottom)

    @staticmethod
    def _side_by_side_width(row: QBoxLayout) -> int:
        return sum(row.itemAt(i).minimumSize().width() for i in range(row.count())) + row.spacing()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.tiles = {
            "agencies": Tile("Agencies", "people"),
            "people": Tile("People", "people"),
            "groups": Tile("Boards and groups", "groups"),
            "meetings": Tile("Meetings held this year", "meetings"),
            "actions": Tile("Open actions", "meetings"),
            "challenges": Tile("Open challenges", "challenges"),
            "contributions": Tile("Contributions outstanding", "funding"),
            "registers": Tile("Registers to complete", "attendance"),
        }
        for tile in self.tiles.values():
            tile.activated.connect(lambda target=tile.target: self.navigate.emit(target))
        self.tile_grid = grid
        self.tile_columns = 0
        self._arrange_tiles(4)
        self.layout_.addLayout(grid)
        # The case reviews' line ("2 rapid reviews due this week"), for the roles that may read reviews.
        self.reviews_line = QPushButton()
        self.reviews_line.setFlat(True)
        self.reviews_line.setStyleSheet("text-align: left; padding: 2px 4px;")
        self.reviews_line.setToolTip("Open the case reviews")
        self.reviews_line.clicked.connect(lambda: self.navigate.emit("reviews"))
        self.layout_.addWidget(self.reviews_line)

        # Two rows of panels: the meetings and the chart; then what is overdue (wide) and the registers.
        first_row, second_row = QHBoxLayout(), QHBoxLayout()
        self.panel_rows = (first_row, second_row)
        for row in (first_row, second_row):
            row.setSpacing(10)
            self.layout_.addLayout(row, 1)

        self.next_panel = Panel("Next meetings", "&Meetings…", "meetings", self)
        self.next_model = RowTableModel(NEXT_COLUMNS, self)
        self.next_table = self._table(self.next_model, "Next meetings and their registers", "meetings")
        self.no_meetings = self._empty("No meetings are planned from today on.")
        self.next_panel.add(self.next_table, 1)
        self.next_panel.add(self.no_meetings, 1)
        first_row.addWidget(self.next_panel, 1)

        self.chart_panel = Panel("Attendance by agency this year", "A&ttendance…", "attendance", self)
        self.chart_note = QLabel()
        self.chart_note.setWordWrap(True)
        self.chart = ChartPicture(lambda: self.navigate.emit("attendance"))
        self.chart_panel.add(self.chart_note)
        self.chart_panel.add(self.chart, 1)
        first_row.addWidget(self.chart_panel, 1)

        self.overdue_panel = Panel("Overdue", "C&hallenge log…", "challenges", self)
        self.actions_heading = QLabel("Actions past their due date")
        self.actions_heading.setFont(scaled_font(self.actions_heading, 1.0, bold=True))
        self.actions_model = RowTableModel(ACTION_COLUMNS, self)
        self.actions_table = self._table(self.actions_model, "Actions past their due date", "meetings")
        self.actions_heading.setBuddy(self.actions_table)
        self.no_actions = self._empty("No action is past its due date.")
        self.challenges_heading = QLabel("Challenges overdue for a response")
        self.challenges_heading.setFont(scaled_font(self.challenges_heading, 1.0, bold=True))
        self.overdue_model = RowTableModel(OVERDUE_COLUMNS, self)
        self.overdue_table = self._table(self.overdue_model, "Challenges overdue for a response", "challenges")
        self.challenges_heading.setBuddy(self.overdue_table)
        self.no_overdue = self._empty("No challenge is overdue for a response.")
        overdue = QHBoxLayout()
        for heading, table, empty, share in (
            (self.actions_heading, self.actions_table, self.no_actions, 3),  # an action's text is long
            (self.challenges_heading, self.overdue_table, self.no_overdue, 2),
        ):
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(table, 1)
            column.addWidget(empty, 1)
            overdue.addLayout(column, share)
        self.overdue_lists = overdue
        self.overdue_panel.body.addLayout(overdue, 1)
        second_row.addWidget(self.overdue_panel, 2)

        self.registers_panel = Panel("Registers to complete this year", "&Attendance…", "attendance", self)
        self.registers_model = RowTableModel(REGISTER_COLUMNS, self)
        self.registers_table = self._table(self.registers_model, "Registers to complete", "attendance")
        self.no_registers = self._empty("Every register of this year's held meetings is complete.")
        self.registers_panel.add(self.registers_table, 1)
        self.registers_panel.add(self.no_registers, 1)
        second_row.addWidget(self.registers_panel, 1)

    def _table(self, model: RowTableModel, name: str, target: str) -> QTableView:
        proxy = SearchFilterProxyModel(self)
        proxy.setSourceModel(model)
        # A panel's text wraps in its narrow columns rather than being cut short (a group's or an agency's name).
        table = wrap_long_text(make_table(proxy, name))
        table.setToolTip(f"Double-click or press Enter to open the {target} page")
        table.doubleClicked.connect(lambda _index: self.navigate.emit(target))
        table.activated.connect(lambda _index: self.navigate.emit(target))
        table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 3)
        return table

    @staticmethod
    def _empty(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def reload(self) -> None:
        today = self.today()
        year = FinancialYear.containing(today)
        self.header.set_subtitle(
            f"The partnership on {today.strftime('%A')} {format_date(today)}, financial year {year.label}. "
            "Select a figure or a list to open the page behind it."
        )
        counts = dashboard.tile_counts(self.database, today)
        self.tiles["agencies"].set_figure(f"{counts.agencies:,}", "active agencies")
        self.tiles["people"].set_figure(f"{counts.people:,}", "active people")
        self.tiles["groups"].set_figure(f"{counts.groups:,}", "boards, subgroups and forums running now")
        meetings = dashboard.meetings_in_year(self.database, year)
        detail = f"of {meetings.planned:,} planned in {year.label}"
        if meetings.cancelled:
            detail += f"; {meetings.cancelled:,} cancelled"
        self.tiles["meetings"].set_figure(f"{meetings.held:,}", detail)
        actions = counts.actions
        self.tiles["actions"].set_figure(
            f"{actions.open:,}",
            f"{actions.overdue:,} overdue" if actions.overdue else "none overdue",
            warning=actions.overdue > 0,
        )
        challenges = counts.challenges
        self.tiles["challenges"].set_figure(
            f"{challenges.open:,}",
            f"{challenges.overdue:,} overdue for a response" if challenges.overdue else "none overdue",
            warning=challenges.overdue > 0,
        )
        self._show_money(year)
        self._show_rapid_reviews(today)

        # This year's attendance to date: one report feeds the chart and the registers to complete.
        period = Period(year.start, min(today, year.end))
        report = attendance_report(self.database, period)
        self._show_attendance(report, year)
        warnings = dashboard.register_warnings(self.database, year, today, report)
        self.tiles["registers"].set_figure(
            f"{len(warnings):,}",
            f"held or past meetings of {year.label} with a register to finish" if warnings else "every register done",
            warning=bool(warnings),
        )
        self._fill(self.registers_model, self.registers_table, self.no_registers, warnings)

        upcoming = dashboard.upcoming_meetings(self.database, today, NEXT_MEETINGS)
        self._fill(self.next_model, self.next_table, self.no_meetings, upcoming, narrowest=34)
        late_actions = action_log(self.database, today, overdue_only=True)
        self._fill(self.actions_model, self.actions_table, self.no_actions, late_actions, narrowest=18)
        overdue = [row for row in lists.challenge_rows(self.database, today, overdue_only=True) if row.overdue]
        overdue.sort(key=lambda row: row.response_due)
        self._fill(self.overdue_model, self.overdue_table, self.no_overdue, overdue)
        # The lists' least widths are known now: the panels go side by side or one under the other again.
        viewport = self.parentWidget()
        if viewport is not None:
            self.fit_to_width(viewport.width())

    def _show_rapid_reviews(self, today: dt.date) -> None:
        self.reviews_line.setVisible(may_read(self.database))
        if not may_read(self.database):
            return
        due, overdue = rapid_reviews_due(self.database, today)
        text = f"{due} rapid review{'s' if due != 1 else ''} due this week" if due else "No rapid review due this week"
        if overdue:
            text += f"; {overdue} overdue"
        self.reviews_line.setText(f"Case reviews: {text}.")
        self.reviews_line.setAccessibleName(f"Case reviews: {text}. Opens the case reviews")
        self.reviews_line.setStyleSheet(
            "text-align: left; padding: 2px 4px;" + (" color: #a4161a; font-weight: bold;" if overdue or due else "")
        )

    def _show_money(self, year: FinancialYear) -> None:
        owed = dashboard.contributions_outstanding(self.database, year)
        tile = self.tiles["contributions"]
        if not owed.recorded:
            tile.set_figure("–", f"no money recorded for {year.label} yet")
        elif owed.agencies:
            count = len(owed.agencies)
            tile.set_figure(
                format_pounds(owed.outstanding_pence),
                f"{count} agenc{'y' if count == 1 else 'ies'} still to pay for {year.label}",
                warning=True,
            )
        else:
            tile.set_figure(format_pounds(owed.outstanding_pence), f"every contribution for {year.label} received")

    def _show_attendance(self, report: AttendanceReport, year: FinancialYear) -> None:
        rated = sorted(
            (row for row in report.agencies if row.rate is not None), key=lambda row: (row.rate, row.agency_name)
        )
        lowest = rated[:LOWEST_AGENCIES]
        red = [row for row in rated if row.band is Rag.RED]
        if rated:
            self.chart_note.setText(
                f"The {len(lowest)} agencies attending least in {year.label} so far, of {len(rated)} expected "
                f"at held meetings; {len(red)} in the red band. The Attendance page has them all."
            )
        else:
            self.chart_note.setText(f"No meeting with members expected has been held in {year.label} yet.")
        summary = "; ".join(f"{row.agency_name} {percent_text(row.rate)}" for row in lowest)
        self.chart.set_rows(report, lowest, summary or "Nothing to show yet.")

    @staticmethod
    def _fill(model: RowTableModel, table: QTableView, empty: QLabel, rows: list, narrowest: int = 24) -> None:
        """Shows the rows (or the sentence saying there are none); on the dashboard's narrow lists a column
        other than the one that stretches keeps to `narrowest` characters, its full text in the tooltip."""
        model.set_rows(rows)
        # A panel shows a handful of rows (ten years of overdue actions run to hundreds): measured on a screenful.
        fit_columns(table, sample_rows=DASHBOARD_SAMPLE_ROWS)
        header = table.horizontalHeader()
        limit = table.fontMetrics().averageCharWidth() * narrowest
        for position, column in enumerate(model.columns):
            if not getattr(column, "stretch", False) and header.sectionSize(position) > limit:
                header.resizeSection(position, limit)
        # Every column in view, its long text wrapping: a panel any narrower goes under its neighbour instead.
        table.setMinimumWidth(least_width(table) or 0)
        table.setVisible(bool(rows))
        empty.setVisible(not rows)

    def figure(self, name: str) -> str:
        """The figure a tile shows (for tests and for screen readers' summaries)."""
        return self.tiles[name].figure_label.text()
