"""Meetings: the list of every meeting (filtered by group and status, searched by any word), a month calendar
across all groups, and the action log; from here a meeting is opened, added, or a year's schedule generated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date, format_time
from board_admin.domain.enums import MeetingStatus
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.domain.schedule import WEEKDAYS
from board_admin.ordinary_files import file_name_part
from board_admin.reports import lists
from board_admin.reports import meetings as reports
from board_admin.reports.decisions import decision_register
from board_admin.reports.declarations import interests_register
from board_admin.reports.lists import MeetingRow
from board_admin.reports.meetings import CalendarDay
from board_admin.ui.dialogs.meeting_forms import MeetingFormDialog, ScheduleDialog
from board_admin.ui.dialogs.meeting_window import ACTION_COLUMNS, MeetingWindow
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page, refill_filter
from board_admin.ui.table_model import (
    NO_PARENT,
    AnyIndex,
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    enum_column,
)
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import (
    CountLabel,
    EmptyState,
    SearchField,
    action_button,
    choose_file_to_save,
    fit_columns,
    labelled,
    make_table,
    toolbar_row,
    wrap_long_text,
)
from board_admin.ui.workers import BackgroundJob


def meeting_time(row: MeetingRow) -> str:
    if row.start_time and row.end_time:
        return f"{format_time(row.start_time)} to {format_time(row.end_time)}"
    return format_time(row.start_time)


def meeting_notes(row: MeetingRow) -> str:
    if row.status is MeetingStatus.CANCELLED:
        return f"Reason: {row.cancellation_reason}" if row.cancellation_reason else "No reason recorded"
    if row.status is MeetingStatus.POSTPONED:
        return f"Moved to {format_date(row.postponed_to)}" if row.postponed_to else "New date not yet set"
    if row.minutes_approved_on:
        return f"Minutes approved {format_date(row.minutes_approved_on)}"
    return ""


DATE = date_column(
    "Date", lambda row: row.meeting_date, sort=lambda row: (row.meeting_date, row.start_time or dt.time.min)
)
TIME = Column("Time", meeting_time, sort=lambda row: row.start_time)
GROUP = text("Group", lambda row: row.group_name, stretch=True)
STATUS = enum_column("Status", lambda row: row.status)
LOCATION = text("Location", lambda row: row.location)
NOTES = Column("Notes", meeting_notes, tooltip=lambda row: meeting_notes(row) or None)
COLUMNS = (DATE, TIME, GROUP, STATUS, LOCATION, NOTES)
DAY_COLUMNS = (TIME, GROUP, STATUS, LOCATION, NOTES)
# The log is read by due date and status first. The description takes the width and wraps; the owner and
# group give way to it (wrapping too) on a small screen, so that nothing is cut short or out of sight.
_REF, _ACTION, _OWNER, _DUE, _STATUS = ACTION_COLUMNS
LOG_COLUMNS = (
    _DUE,
    _STATUS,
    text("Action", lambda action: action.description, stretch=True),
    _OWNER,
    text("Group", lambda action: action.group_name),
    date_column("Meeting", lambda action: action.meeting_date),
    _REF,
)

DECISION_COLUMNS = (
    text("Reference", lambda decision: decision.reference, keep_width=True),
    date_column("Meeting", lambda decision: decision.meeting_date),
    text("Group", lambda decision: decision.group_name),
    text("Decision", lambda decision: decision.text, stretch=True),
    text("Item", lambda decision: f"{decision.item_position}. {decision.item_title}"),
)

INTEREST_COLUMNS = (
    date_column("Meeting", lambda row: row.meeting_date),
    text("Group", lambda row: row.group_name),
    text("Person", lambda row: row.person_name),
    text("Interest", lambda row: row.interest, stretch=True),
    text("Kind", lambda row: row.kind.label),
    text("What they did", lambda row: row.action.label),
    text("About", lambda row: row.about),
)

MUTED = QColor("#7a7f87")


def calendar_line(row: MeetingRow) -> str:
    time = f"{row.start_time:%H:%M} " if row.start_time else ""
    status = "" if row.status is MeetingStatus.PLANNED else f" ({row.status.label.lower()})"
    return f"{time}{row.group_name}{status}"


class MonthModel(QAbstractTableModel):
    """A month as a table: one row a week, one column a weekday (Monday first), each cell the day's meetings."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.weeks: list[list[CalendarDay]] = []
        self.today = dt.date.today()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_weeks(self, weeks: list[list[CalendarDay]], today: dt.date) -> None:
        self.beginResetModel()
        self.weeks = weeks
        self.today = today
        self.endResetModel()

    def day_at(self, index: AnyIndex) -> CalendarDay | None:
        if not index.isValid() or index.row() >= len(self.weeks):
            return None
        return self.weeks[index.row()][index.column()]

    def index_of(self, day: dt.date) -> QModelIndex:
        for row, week in enumerate(self.weeks):
            for column, cell in enumerate(week):
                if cell.day == day:
                    return self.index(row, column)
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.weeks)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.day_at(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join([str(cell.day.day), *(calendar_line(row) for row in cell.meetings)])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = "; ".join(calendar_line(row) for row in cell.meetings) or "no meetings"
            return f"{cell.day:%A} {format_date(cell.day)}: {said}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(calendar_line(row) for row in cell.meetings) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        if role == Qt.ItemDataRole.ForegroundRole and not cell.in_month:
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.FontRole and cell.day == self.today:
            return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return WEEKDAYS[section]
        return None


class MeetingsPage(Page):
    key = "meetings"
    title = "Meetings"
    subtitle = (
        "Every meeting of every board and group: the list, a month's calendar, the action log, decisions and interests."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.windows: list[MeetingWindow] = []
        self.jobs: list[BackgroundJob] = []
        self.dialog = None
        self.groups: list = []
        today = self.today()
        self.month = (today.year, today.month)

        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "meetings")
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("Show the meetings of")
        self.group_filter.setToolTip(
            "Show one group's meetings, in the list, the calendar and the action log; also the group that "
            "New meeting, Generate schedule and Export calendar start with"
        )
        self.group_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show meetings with the status")
        self.status_filter.setToolTip("Show only planned, held, cancelled or postponed meetings")
        self.status_filter.addItem("Any status", None)
        for status in MeetingStatus:
            # Qt would hand a str enum back as a plain str, so the item keeps the stored value.
            self.status_filter.addItem(status.label, status.value)
        self.count = CountLabel(self.proxy, "meeting", "meetings")
        self.open_button = action_button("&Open", "Open the selected meeting (or press Enter)", self.open_selected)
        self.new_button = action_button("&New meeting…", "Add a single meeting", self.new_meeting)
        self.schedule_button = action_button(
            "Generate &schedule…", "Add a year of meetings from a rule, e.g. bi-monthly, second Tuesday", self.schedule
        )
        self.calendar_button = action_button(
            "Export &calendar…", "Save the schedule as an .ics file to import into Outlook", self.export_calendar
        )
        self.status_label = labelled("S&tatus:", self.status_filter)
        can_edit = self.database.actor.can(Permission.EDIT_MEETINGS)
        self.new_button.setEnabled(can_edit)
        self.schedule_button.setEnabled(can_edit)
        self.layout_.addLayout(
            toolbar_row(
                self.search,
                labelled("&Group:", self.group_filter),
                self.group_filter,
                self.status_label,
                self.status_filter,
            )
        )
        self.layout_.addLayout(
            toolbar_row(self.open_button, self.new_button, self.schedule_button, self.calendar_button)
        )
        self.views = QTabWidget()
        self.views.setAccessibleName("Meeting views")
        self.layout_.addWidget(self.views, 1)

        list_tab = QWidget()
        list_layout = QVBoxLayout(list_tab)
        self.table = wrap_long_text(make_table(self.proxy, "Meetings"))
        self.table.sortByColumn(COLUMNS.index(DATE), Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(lambda index: self.open_meeting(self.proxy.row_at(index)))
        self.table_empty = EmptyState(self.table, self.model)
        list_layout.addWidget(self.table_empty, 1)
        list_layout.addWidget(self.count)
        self.views.addTab(list_tab, "&List")
        self.views.addTab(self._calendar_tab(), "Calen&dar")
        self.views.addTab(self._log_tab(), "Action lo&g")
        self.views.addTab(self._decisions_tab(), "Dec&isions")
        self.views.addTab(self._interests_tab(), "I&nterests")
        self.group_filter.currentIndexChanged.connect(self._apply_filters)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.views.currentChanged.connect(self._view_changed)

    def _view_changed(self, index: int) -> None:
        # The meetings' search and status filter belong to the list and the calendar; the action log, the
        # decisions and the interests have searches of their own (the group above filters them all).
        for widget in (self.search, self.status_label, self.status_filter):
            widget.setVisible(index in (0, 1))

    def search_field(self) -> SearchField:
        """The search of the view shown (Ctrl+F)."""
        own = {2: self.log_search, 3: self.decision_search, 4: self.interest_search}
        return own.get(self.views.currentIndex(), self.search)

    # --- the calendar ------------------------------------------------------------------------------

    def _calendar_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.month_label = QLabel()
        font = self.month_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.month_label.setFont(font)
        self.month_label.setAccessibleName("Month shown")
        previous = action_button("◀ &Previous month", "Show the month before", lambda: self.move_month(-1))
        following = action_button("Ne&xt month ▶", "Show the month after", lambda: self.move_month(1))
        this_month = action_button("This &month", "Back to the current month", self.this_month)
        layout.addLayout(toolbar_row(previous, self.month_label, following, this_month))
        self.month_model = MonthModel(self)
        self.month_view = QTableView()
        self.month_view.setModel(self.month_model)
        self.month_view.setAccessibleName("Month calendar")
        self.month_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.month_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.month_view.setWordWrap(True)
        self.month_view.setTabKeyNavigation(False)
        self.month_view.verticalHeader().setVisible(False)
        self.month_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Weeks share the height like a wall calendar, each tall enough for a few meetings.
        self.month_view.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() * 4 + 6)
        self.month_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_view.selectionModel().currentChanged.connect(lambda *_: self._show_day())
        self.month_view.activated.connect(lambda _index: self.open_meeting(self._first_of_day()))
        layout.addWidget(self.month_view, 3)
        self.day_label = QLabel()
        self.day_label.setAccessibleName("Day chosen")
        layout.addWidget(self.day_label)
        self.day_model = RowTableModel(DAY_COLUMNS, self)
        self.day_proxy = SearchFilterProxyModel(self)
        self.day_proxy.setSourceModel(self.day_model)
        self.day_table = make_table(self.day_proxy, "Meetings on the chosen day")
        self.day_table.activated.connect(lambda index: self.open_meeting(self.day_proxy.row_at(index)))
        layout.addWidget(self.day_table, 1)
        return tab

    def move_month(self, step: int) -> None:
        year, month = self.month
        month += step
        self.month = (year + (month - 1) // 12, (month - 1) % 12 + 1)
        self.reload_calendar()

    def this_month(self) -> None:
        today = self.today()
        self.month = (today.year, today.month)
        self.reload_calendar()

    def reload_calendar(self) -> None:
        year, month = self.month
        weeks = reports.month_calendar(self.database, year, month, self.group_filter.currentData())
        self.month_model.set_weeks(weeks, self.today())
        self.month_label.setText(f"{dt.date(year, month, 1):%B %Y}")
        today = self.today()
        # Today if this is its month, else the 1st; then on to the first day from there with a meeting.
        start = today if (today.year, today.month) == self.month else dt.date(year, month, 1)
        days = [cell for week in weeks for cell in week if cell.in_month and cell.day >= start]
        chosen = next((cell.day for cell in days if cell.meetings), start)
        self.month_view.setCurrentIndex(self.month_model.index_of(chosen))
        self._show_day()

    def _show_day(self) -> None:
        cell = self.month_model.day_at(self.month_view.currentIndex())
        rows = list(cell.meetings) if cell else []
        if cell is None:
            self.day_label.setText("")
        else:
            count = f"{len(rows)} meeting" + ("" if len(rows) == 1 else "s") if rows else "no meetings"
            self.day_label.setText(f"{cell.day:%A} {format_date(cell.day)}: {count}. Press Enter to open one.")
        self.day_model.set_rows(rows)
        fit_columns(self.day_table)

    def _first_of_day(self) -> MeetingRow | None:
        cell = self.month_model.day_at(self.month_view.currentIndex())
        return cell.meetings[0] if cell and cell.meetings else None

    # --- the action log ----------------------------------------------------------------------------

    def _log_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.log_model = RowTableModel(LOG_COLUMNS, self)
        self.log_proxy = SearchFilterProxyModel(self)
        self.log_proxy.setSourceModel(self.log_model)
        self.log_search = SearchField(self.log_proxy, "actions")
        self.overdue_only = QCheckBox("O&verdue only")
        self.overdue_only.setToolTip("Open or in progress, and past their due date")
        self.open_only = QCheckBox("Op&en only")
        self.open_only.setToolTip("Hide actions done or dropped")
        self.owner_filter = QComboBox()
        self.owner_filter.setAccessibleName("Actions owned by")
        self.agency_filter = QComboBox()
        self.agency_filter.setAccessibleName("Actions of the agency")
        self.owner_filter.setToolTip("Only the actions of one person (the group chosen above also filters the log)")
        self.agency_filter.setToolTip("Only the actions of one agency (the group chosen above also filters the log)")
        for widget in (self.owner_filter, self.agency_filter):
            # Agency names are long: the list opens wide, the box stays narrow enough for a small screen.
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(16)
            widget.currentIndexChanged.connect(self.reload_log)
        self.overdue_only.toggled.connect(self.reload_log)
        self.open_only.toggled.connect(self.reload_log)
        layout.addLayout(toolbar_row(self.log_search, self.overdue_only, self.open_only))
        layout.addLayout(
            toolbar_row(
                labelled("O&wner:", self.owner_filter),
                self.owner_filter,
                labelled("Agenc&y:", self.agency_filter),
                self.agency_filter,
            )
        )
        self.log_table = wrap_long_text(make_table(self.log_proxy, "Action log"))
        self.log_table.activated.connect(self._open_action_meeting)
        self.log_empty = EmptyState(self.log_table, self.log_model)
        layout.addWidget(self.log_empty, 1)
        self.log_count = CountLabel(self.log_proxy, "action", "actions")
        layout.addWidget(self.log_count)
        return tab

    def _decisions_tab(self) -> QWidget:
        """The decision register across meetings: the group chosen above and a year filter it, the search
        finds words or a reference, and opening a row opens its meeting."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.decision_model = RowTableModel(DECISION_COLUMNS, self)
        self.decision_proxy = SearchFilterProxyModel(self)
        self.decision_proxy.setSourceModel(self.decision_model)
        self.decision_search = SearchField(self.decision_proxy, "decisions")
        self.decision_year = QComboBox()
        self.decision_year.setAccessibleName("Decisions of the financial year")
        self.decision_year.setToolTip("Only the decisions of one financial year (April to March)")
        self.decision_year.currentIndexChanged.connect(self.reload_decisions)
        self.decision_export = action_button(
            "E&xport register…",
            "Save the register as shown (group and year) as an .xlsx or .docx file",
            self.export_decisions,
        )
        layout.addLayout(
            toolbar_row(
                self.decision_search, labelled("Yea&r:", self.decision_year), self.decision_year, self.decision_export
            )
        )
        self.decision_table = wrap_long_text(make_table(self.decision_proxy, "Decision register"))
        self.decision_table.activated.connect(self._open_decision_meeting)
        self.decision_empty = EmptyState(self.decision_table, self.decision_model)
        layout.addWidget(self.decision_empty, 1)
        layout.addWidget(CountLabel(self.decision_proxy, "decision", "decisions"))
        return tab

    def _interests_tab(self) -> QWidget:
        """The register of declarations of interest: the group chosen above and the Decisions tab's year filter
        it; opening a row opens its meeting."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.interest_model = RowTableModel(INTEREST_COLUMNS, self)
        self.interest_proxy = SearchFilterProxyModel(self)
        self.interest_proxy.setSourceModel(self.interest_model)
        self.interest_search = SearchField(self.interest_proxy, "declarations")
        self.interest_year = QComboBox()
        self.interest_year.setAccessibleName("Declarations of the financial year")
        self.interest_year.currentIndexChanged.connect(self.reload_interests)
        layout.addLayout(toolbar_row(self.interest_search, labelled("Y&ear:", self.interest_year), self.interest_year))
        self.interest_table = wrap_long_text(make_table(self.interest_proxy, "Register of interests"))
        self.interest_table.activated.connect(self._open_interest_meeting)
        self.interest_empty = EmptyState(self.interest_table, self.interest_model)
        self.interest_empty.set_message("No declarations of interest match. They are recorded in a meeting.")
        layout.addWidget(self.interest_empty, 1)
        layout.addWidget(CountLabel(self.interest_proxy, "declaration", "declarations"))
        return tab

    def reload_interests(self, *_args) -> None:
        chosen = self.interest_year.currentData()
        year = FinancialYear(chosen) if chosen is not None else None
        self.interest_model.set_rows(interests_register(self.database, self.group_filter.currentData(), year))
        fit_columns(self.interest_table)

    def _open_interest_meeting(self, index) -> None:
        row = self.interest_proxy.row_at(index)
        if row is not None:
            self.open_meeting_id(row.meeting_id)

    def reload_decisions(self, *_args) -> None:
        chosen = self.decision_year.currentData()
        year = FinancialYear(chosen) if chosen is not None else None
        rows = decision_register(self.database, self.group_filter.currentData(), year)
        self.decision_model.set_rows(rows)
        fit_columns(self.decision_table)
        self.decision_empty.set_message(
            "No decisions match the group and year chosen."
            if self.group_filter.currentData() is not None or year is not None
            else "No decisions yet. Decisions are recorded under an agenda item in a meeting, one a line."
        )

    def _open_decision_meeting(self, index) -> None:
        decision = self.decision_proxy.row_at(index)
        if decision is not None:
            self.open_meeting_id(decision.meeting_id)

    def export_decisions(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export the decision register", "decision-register.xlsx", "Excel (*.xlsx);;Word (*.docx)"
        )
        if not path:
            return
        from board_admin.exports import write_listed  # the exporters load openpyxl and python-docx: first use

        chosen = self.decision_year.currentData()
        group_id = self.group_filter.currentData()
        try:
            count = write_listed(
                self.database,
                "decisions",
                Path(path),
                year=FinancialYear(chosen) if chosen is not None else None,
                group_id=group_id,
                group_name=self.group_filter.currentText() if group_id is not None else None,
            ).result
        except BoardAdminError as error:
            show_message(self, QMessageBox.Icon.Warning, "Export the decision register", str(error))
            return
        show_message(
            self, QMessageBox.Icon.Information, "Export the decision register", f"Saved {count} decisions to {path}."
        )

    def reload_log(self, *_args) -> None:
        rows = reports.action_log(
            self.database,
            self.today(),
            overdue_only=self.overdue_only.isChecked(),
            open_only=self.open_only.isChecked(),
            owner_id=self.owner_filter.currentData(),
            agency_id=self.agency_filter.currentData(),
            group_id=self.group_filter.currentData(),
        )
        self.log_model.set_rows(rows)
        fit_columns(self.log_table)
        filtered = (
            self.overdue_only.isChecked()
            or self.open_only.isChecked()
            or any(
                combo.currentData() is not None for combo in (self.owner_filter, self.agency_filter, self.group_filter)
            )
        )
        self.log_empty.set_message(
            "No actions match the filters chosen: clear them to see every action."
            if filtered
            else "No actions yet. Actions are recorded in a meeting: open it from the List and use its Actions tab."
        )

    def _open_action_meeting(self, index) -> None:
        action = self.log_proxy.row_at(index)
        if action is not None:
            self.open_meeting_id(action.meeting_id)

    # --- loading and filters -----------------------------------------------------------------------

    def reload(self) -> None:
        rows = lists.meeting_rows(self.database)
        self.groups = sorted(lists.group_rows(self.database, self.today()), key=lambda group: group.name.casefold())
        refill_filter(self.group_filter, "All groups", [(group.name, group.id) for group in self.groups])
        refill_filter(self.owner_filter, "Anyone", [(p.name, p.id) for p in lists.person_rows(self.database)])
        refill_filter(self.agency_filter, "Any agency", [(a.name, a.id) for a in lists.agency_rows(self.database)])
        years = sorted({FinancialYear.containing(row.meeting_date) for row in rows}, reverse=True)
        refill_filter(self.decision_year, "Any year", [(year.label, year.start_year) for year in years])
        refill_filter(self.interest_year, "Any year", [(year.label, year.start_year) for year in years])
        self.model.set_rows(rows)
        self.table_empty.set_message(self._no_meetings_text())
        self._apply_filters()
        fit_columns(self.table)

    def _no_meetings_text(self) -> str:
        if not self.database.actor.can(Permission.EDIT_MEETINGS):
            return "No meetings have been recorded yet. The business unit schedules them."
        if not self.groups:
            return (
                "No meetings yet. Add a board or group first (on Boards and groups), then come back and use "
                "Generate schedule… to add a year of its meetings, or New meeting… to add one."
            )
        return (
            "No meetings yet. Use Generate schedule… to add a year of a group's meetings from a rule "
            "(e.g. bi-monthly, second Tuesday, 10:00 to 12:00), or New meeting… to add one."
        )

    def _apply_filters(self) -> None:
        group_id = self.group_filter.currentData()
        chosen = self.status_filter.currentData()
        status = None if chosen is None else MeetingStatus(chosen)
        if group_id is None and status is None:
            self.proxy.set_row_filter(None)
        else:
            self.proxy.set_row_filter(
                lambda row: (group_id is None or row.group_id == group_id) and (status is None or row.status is status)
            )
        self.reload_calendar()
        self.reload_log()
        self.reload_decisions()
        self.reload_interests()

    # --- opening and adding ------------------------------------------------------------------------

    def open_selected(self) -> None:
        if self.views.currentIndex() == 1:
            index = self.day_table.currentIndex()
            self.open_meeting(self.day_proxy.row_at(index) if index.isValid() else self._first_of_day())
        elif self.views.currentIndex() == 2:
            self._open_action_meeting(self.log_table.currentIndex())
        elif self.views.currentIndex() == 3:
            self._open_decision_meeting(self.decision_table.currentIndex())
        elif self.views.currentIndex() == 4:
            self._open_interest_meeting(self.interest_table.currentIndex())
        else:
            self.open_meeting(self.proxy.row_at(self.table.currentIndex()))

    def open_meeting(self, row: MeetingRow | None) -> MeetingWindow | None:
        return self.open_meeting_id(row.id) if row is not None else None

    def open_meeting_id(self, meeting_id: int) -> MeetingWindow:
        for window in self.windows:
            if window.meeting_id == meeting_id:
                # Brought back from the taskbar and to the front (activating a window raises it).
                window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
                window.activateWindow()
                return window
        window = MeetingWindow(self.database, meeting_id, self.settings, self.today, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.changed.connect(self.reload)
        window.destroyed.connect(lambda *_: self.windows.remove(window) if window in self.windows else None)
        window.finished.connect(lambda *_: self.windows.remove(window) if window in self.windows else None)
        self.windows.append(window)
        window.show()
        return window

    def _selected_group_id(self) -> int | None:
        return self.group_filter.currentData()

    def new_meeting(self) -> MeetingFormDialog:
        self.dialog = MeetingFormDialog(self.database, self.groups, self.today(), self._selected_group_id(), self)

        def added() -> None:
            self.reload()
            self.open_meeting_id(self.dialog.meeting_id)

        self.dialog.accepted.connect(added)
        self.dialog.open()
        return self.dialog

    def schedule(self) -> ScheduleDialog:
        self.dialog = ScheduleDialog(self.database, self.groups, self.today(), self._selected_group_id(), self)

        def generated() -> None:
            self.reload()
            show_message(self, QMessageBox.Icon.Information, "Schedule generated", self.dialog.result.describe())

        self.dialog.accepted.connect(generated)
        self.dialog.open()
        return self.dialog

    def export_calendar(self) -> None:
        group_id = self._selected_group_id()
        group_name = self.group_filter.currentText() if group_id is not None else None
        name = f"{file_name_part(group_name or 'All meetings')}.ics"
        title = "Export the schedule for Outlook"
        path = choose_file_to_save(self, self.settings, title, name, "Calendar files (*.ics)", ".ics")
        if path is not None:
            self.run_calendar_export(path, group_name)

    def shown_meeting_ids(self) -> list[int] | None:
        """The meetings the list shows, when a search or the status filter hides some; None when all show."""
        if self.proxy.rowCount() == self.model.rowCount():
            return None
        return [self.proxy.row_at(self.proxy.index(row, 0)).id for row in range(self.proxy.rowCount())]

    def run_calendar_export(self, path: Path, group_name: str | None) -> BackgroundJob:
        """Writes the meetings the list shows: with a search typed or a status chosen, only those (the list's
        "calendar" export, exports.py)."""
        from board_admin.exports import write_listed

        meeting_ids = self.shown_meeting_ids()
        which = "" if meeting_ids is None else " (those the list shows)"
        shown = None if meeting_ids is None else tuple(meeting_ids)

        def done(written) -> None:
            show_written(self, "Calendar written", f"Wrote {written.summary}{which} to {path}.", path)

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        job = BackgroundJob(
            self,
            f"Writing {path.name}…",
            lambda: write_listed(self.database, "calendar", path, group_name=group_name, meeting_ids=shown),
            done,
            failed,
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
