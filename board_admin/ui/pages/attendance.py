"""Attendance, for the chair: who is turning up, and who is not.

For a period (the current financial year unless another is chosen) and a choice of groups the page shows
the attendance report by agency, by person and by group, the member x meeting matrix, the registers still
to complete and every register line; the charts beside them; from any rate, the meetings behind it. All of
it comes from `reports.attendance.attendance_report`, the report the Excel and Word exports write, so the
figures on screen are the figures sent out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.attendance import Period, percent_text
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.attendance import (
    AgencyRow,
    AttendanceReport,
    GroupChoice,
    GroupRow,
    PersonRow,
    attendance_report,
    group_choices,
    meeting_years,
    with_subgroups,
)
from board_admin.ui.colours import WARNING_STYLE
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.attendance_dialogs import DrillDownDialog, ThresholdsDialog
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.pages.attendance_parts import (
    OTHER_DATES,
    band_text,
    not_recorded,
    row_of,
    summary_text,
)
from board_admin.ui.pages.attendance_tabs import (
    AgencyTab,
    CompletenessTab,
    GroupTab,
    MatrixTab,
    PersonTab,
    RegisterTab,
)
from board_admin.ui.pages.base import Page
from board_admin.ui.widgets import (
    SearchField,
    action_button,
    fit_columns,
    flow_row,
    labelled,
)
from board_admin.ui.workers import BackgroundJob
from board_admin.worker_process import ProcessWork

# The most of the page's width the groups' tree takes before the user drags it wider, in per cent.
GROUPS_SHARE = 22


class _GroupsShare(QObject):
    """The groups' tree takes a share of the width that leaves the rates room on a narrow window (its names are
    elided, shown whole in their tooltips), until the user drags the divider; then it stays where they put it
    (and the page saves it)."""

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        splitter.splitterMoved.connect(lambda *_: splitter.removeEventFilter(self))
        splitter.installEventFilter(self)
        self.share()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            self.share()
        return False

    def share(self) -> None:
        splitter = self.splitter
        total = sum(splitter.sizes()) or splitter.width()
        groups = splitter.widget(0)
        wanted = min(splitter.fontMetrics().averageCharWidth() * 44, total * GROUPS_SHARE // 100)
        tree = max(wanted, groups.minimumSizeHint().width())
        splitter.setSizes([tree, max(total - tree, 1)])


# --- the page ------------------------------------------------------------------------------------


class AttendancePage(Page):
    key = "attendance"
    title = "Attendance"
    subtitle = (
        "Who is turning up, and who is not: rates by agency, person and group for a period and a choice of "
        "groups. Double-click a rate to see the meetings behind it."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.report: AttendanceReport | None = None
        self.choices: list[GroupChoice] = []
        self.jobs: list[BackgroundJob] = []
        self.dialog: QWidget | None = None
        self.last_export: Path | None = None
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)
        self._reload_timer.timeout.connect(self.recalculate)

        self._build_period_row()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Attendance in brief")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 2)  # its usual two lines
        self.layout_.addWidget(self.summary)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._group_panel())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Attendance views")
        self.agency_tab = AgencyTab(self.drill_agency, self)
        self.person_tab = PersonTab(self.drill_person, self)
        self.group_tab_widget = GroupTab(self.drill_group, self)
        self.matrix_tab = MatrixTab(self)
        self.completeness_tab = CompletenessTab(self.open_meeting, self)
        self.register_tab = RegisterTab(self.database, FinancialYear.containing(self.today()), self.open_meeting, self)
        self.tabs.addTab(self.agency_tab, "By &agency")
        self.tabs.addTab(self.person_tab, "By &person")
        self.tabs.addTab(self.group_tab_widget, "By g&roup")
        self.tabs.addTab(self.matrix_tab, "&Matrix")
        self.tabs.addTab(self.completeness_tab, "Registers to &complete")
        self.tabs.addTab(self.register_tab, "Register line&s")
        self._name_tab_parts()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.layout_.addWidget(self.splitter, 1)
        state = self.settings.value("attendance/splitter")
        if state is None or not self.splitter.restoreState(state):
            _GroupsShare(self.splitter)

    def _name_tab_parts(self) -> None:
        """The tabs' tables, searches and charts by the names the rest of the application and the tests use."""
        agency, person, group = self.agency_tab, self.person_tab, self.group_tab_widget
        matrix, completeness, register = self.matrix_tab, self.completeness_tab, self.register_tab
        self.agency_model, self.agency_proxy, self.agency_table = agency.model, agency.proxy, agency.table
        self.agency_search, self.agency_chart, self.agency_split = agency.search, agency.chart, agency.split
        self.thresholds_note = agency.thresholds_note
        self.person_model, self.person_proxy, self.person_table = person.model, person.proxy, person.table
        self.person_search, self.serial_only = person.search, person.serial_only
        self.group_table_model, self.group_proxy, self.group_table = group.model, group.proxy, group.table
        self.group_search, self.group_chart = group.search, group.chart
        self.matrix_choice, self.matrix_model, self.matrix_proxy = matrix.choice, matrix.model, matrix.proxy
        self.matrix_table, self.matrix_key, self.matrix_summary = matrix.table, matrix.key, matrix.summary
        self.completeness_model, self.completeness_proxy = completeness.model, completeness.proxy
        self.completeness_table, self.completeness_hint = completeness.table, completeness.hint
        self.completeness_done = completeness.done
        self.register_model, self.register_table, self.register_count = register.model, register.table, register.count

    # --- the period and the groups ---------------------------------------------------------------

    def _build_period_row(self) -> None:
        self.period_choice = QComboBox()
        self.period_choice.setToolTip("A financial year (1 April to 31 March), or other dates chosen below")
        self.period_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.from_date = DateField()
        self.to_date = DateField()
        for edit, name in ((self.from_date, "From"), (self.to_date, "To")):
            edit.setAccessibleName(f"{name} date")
            edit.setToolTip(f"{name} this date (dd/mm/yyyy), inclusive")
        self.period_error = QLabel()
        self.period_error.setStyleSheet(WARNING_STYLE)
        self.period_error.setAccessibleName("Problem with the period")
        self.period_error.setVisible(False)
        self.period_error.setWordWrap(True)  # a long sentence wraps under the row instead of pushing it off screen
        self.thresholds_button = action_button(
            "T&hresholds…",
            "The colour bands and when a member counts as a serial non-attender (administrators can change them)",
            self.edit_thresholds,
        )
        self.excel_button = action_button(
            "Export to E&xcel…",
            "Write what is shown (this period and these groups) to an Excel workbook",
            self.export_excel,
        )
        self.word_button = action_button(
            "Export to &Word…", "Write a short Word report of what is shown, with the charts", self.export_word
        )
        if not self.database.actor.can(Permission.EXPORT):
            # Only ever hidden here: showing a button before it is placed in its row opens it as a window of its
            # own for a moment, which takes the keyboard from the main window when the page is built on first use.
            self.excel_button.hide()
            self.word_button.hide()
        # Wraps on a narrow window, so that no button is pushed out of sight.
        row = flow_row(
            labelled("P&eriod:", self.period_choice),
            self.period_choice,
            labelled("&From:", self.from_date),
            self.from_date,
            labelled("&To:", self.to_date),
            self.to_date,
        )
        row.addStretch(1)
        row.addWidget(self.thresholds_button)
        row.addWidget(self.excel_button)
        row.addWidget(self.word_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.period_error)
        self.period_choice.currentIndexChanged.connect(self._period_chosen)
        self.from_date.dateChanged.connect(self._dates_edited)
        self.to_date.dateChanged.connect(self._dates_edited)
        self.from_date.unreadable.connect(self._schedule)
        self.to_date.unreadable.connect(self._schedule)
        self._fill_years([])
        self._period_chosen()

    def _fill_years(self, years: list[FinancialYear]) -> None:
        current = FinancialYear.containing(self.today())
        first_time = self.period_choice.count() == 0
        years = sorted(set(years) | {current}, reverse=True)
        self.period_choice.blockSignals(True)
        self.period_choice.clear()
        for year in years:
            label = f"Financial year {year.label}" + (" (this year)" if year == current else "")
            self.period_choice.addItem(label, year.start_year)
        self.period_choice.addItem(OTHER_DATES, None)
        self.period_choice.setCurrentIndex(self.period_choice.findData(current.start_year))
        self.period_choice.blockSignals(False)
        if not first_time:
            self._sync_choice_to_dates()

    def _sync_choice_to_dates(self) -> None:
        """Shows the financial year the dates make, or "Other dates"."""
        start, end = self.from_date.date(), self.to_date.date()
        if start is None or end is None:
            return
        year = FinancialYear.containing(start)
        match = self.period_choice.findData(year.start_year) if (start, end) == (year.start, year.end) else -1
        self.period_choice.blockSignals(True)
        self.period_choice.setCurrentIndex(match if match >= 0 else self.period_choice.count() - 1)
        self.period_choice.blockSignals(False)

    def _period_chosen(self, *_args) -> None:
        start_year = self.period_choice.currentData()
        if start_year is None:
            return  # "Other dates": the dates stay as they are, for the user to change
        year = FinancialYear(start_year)
        self._set_dates(year.start, year.end)
        self._schedule()

    def _set_dates(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.from_date, start), (self.to_date, end)):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    def _dates_edited(self, *_args) -> None:
        self._sync_choice_to_dates()
        self._schedule()

    def set_period(self, start: dt.date, end: dt.date) -> None:
        """Chooses the dates as a user typing them would (the report follows)."""
        self.from_date.setDate(start)
        self.to_date.setDate(end)

    def choose_year(self, year: FinancialYear) -> None:
        index = self.period_choice.findData(year.start_year)
        if index < 0:
            self.set_period(year.start, year.end)
        else:
            self.period_choice.setCurrentIndex(index)

    def period(self) -> Period:
        for edit, name in ((self.from_date, "From"), (self.to_date, "To")):
            if problem := edit.problem():
                raise ValidationError(f"{name}: {problem}", name.lower())
        return Period(self.from_date.date(), self.to_date.date())

    def _group_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("&Groups:")
        self.group_model = QStandardItemModel(self)
        self.group_model.setHorizontalHeaderLabels(["Group"])
        self.group_tree = QTreeView()
        self.group_tree.setModel(self.group_model)
        self.group_tree.setHeaderHidden(True)
        self.group_tree.setAccessibleName("Groups to include")
        self.group_tree.setToolTip("Tick the groups to include (Space ticks or clears the highlighted group)")
        self.group_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.group_tree.setUniformRowHeights(True)
        heading.setBuddy(self.group_tree)
        self.group_model.itemChanged.connect(lambda _item: self._schedule())
        all_button = action_button("A&ll", "Tick every group", lambda: self.tick_all(True))
        none_button = action_button("&None", "Clear every tick", lambda: self.tick_all(False))
        with_subgroups_button = action_button(
            "With su&bgroups",
            "Tick the highlighted board or group and every group reporting to it",
            self.tick_with_subgroups,
        )
        only_button = action_button(
            "&Only this", "Tick the highlighted group alone (and its subgroups with Shift held)", self.tick_only
        )
        self.selection_label = QLabel()
        self.selection_label.setWordWrap(True)
        self.selection_label.setAccessibleName("Groups ticked")
        layout.addWidget(heading)
        layout.addWidget(self.group_tree, 1)
        layout.addLayout(row_of(all_button, none_button, stretch=False))
        layout.addLayout(row_of(with_subgroups_button, only_button, stretch=False))
        layout.addWidget(self.selection_label)
        return panel

    def _fill_groups(self) -> None:
        ticked = set(self.ticked_group_ids()) if self.group_model.rowCount() else None
        self.choices = group_choices(self.database)
        self.group_model.blockSignals(True)
        self.group_model.removeRows(0, self.group_model.rowCount())
        items: dict[int, QStandardItem] = {}
        known = {choice.id for choice in self.choices}
        for choice in self.choices:
            item = QStandardItem(choice.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(choice.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(f"{choice.name} ({choice.kind.label})")
            tick = ticked is None or choice.id in ticked
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
            items[choice.id] = item
        for choice in self.choices:  # by name, so each level lists its groups by name
            parent = items.get(choice.parent_id) if choice.parent_id in known else None
            (parent or self.group_model.invisibleRootItem()).appendRow(items[choice.id])
        self.group_model.blockSignals(False)
        self.group_tree.expandAll()
        if self.group_model.rowCount():
            self.group_tree.setCurrentIndex(self.group_model.index(0, 0))

    def _items(self) -> list[QStandardItem]:
        found = []
        waiting = [self.group_model.invisibleRootItem()]
        while waiting:
            item = waiting.pop()
            for row in range(item.rowCount()):
                child = item.child(row)
                found.append(child)
                waiting.append(child)
        return found

    def ticked_group_ids(self) -> list[int]:
        return sorted(
            item.data(Qt.ItemDataRole.UserRole) for item in self._items() if item.checkState() == Qt.CheckState.Checked
        )

    def tick_groups(self, group_ids) -> None:
        """Ticks exactly these groups (the report follows)."""
        wanted = set(group_ids)
        self.group_model.blockSignals(True)
        for item in self._items():
            tick = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
        self.group_model.blockSignals(False)
        self.group_tree.viewport().update()
        self._schedule()

    def tick_all(self, tick: bool) -> None:
        self.tick_groups([choice.id for choice in self.choices] if tick else [])

    def _current_group_id(self) -> int | None:
        index = self.group_tree.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def tick_with_subgroups(self, group_id: int | None = None) -> None:
        group_id = group_id if group_id is not None else self._current_group_id()
        if group_id is not None:
            self.tick_groups(with_subgroups(self.choices, [group_id]))

    def tick_only(self) -> None:
        group_id = self._current_group_id()
        if group_id is not None:
            self.tick_groups([group_id])

    # --- loading ---------------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        self._fill_years(meeting_years(self.database))
        self._fill_groups()
        self.recalculate()

    def recalculate(self) -> None:
        """Works the report out again for the period and groups chosen, and shows it in every tab."""
        self._reload_timer.stop()
        try:
            period = self.period()
        except BoardAdminError as error:
            self.period_error.setText(error.message)
            self.period_error.setVisible(True)
            return
        self.period_error.setVisible(False)
        group_ids = self.ticked_group_ids()
        # Every tab shows its view at once: the agencies are tallied from the lines the other tabs read.
        self.report = attendance_report(self.database, period, group_ids, every_view=True)
        self._show_report(self.report)
        self.register_tab.show_selection(period, group_ids)

    def _show_report(self, report: AttendanceReport) -> None:
        count = len(report.group_ids)
        total = len(self.choices)
        if count == 0:
            self.selection_label.setText("No groups ticked: tick at least one.")
        elif count == total:
            self.selection_label.setText(f"All {total} groups ticked.")
        else:
            self.selection_label.setText(f"{count} of {total} groups ticked.")
        self.summary.setText(summary_text(report))
        # The line's height never shrinks back: as groups are ticked it changes between one and two lines, and
        # the group tree below moved under the pointer, so the next tick landed on another group.
        needed = self.summary.heightForWidth(self.summary.width())
        self.summary.setMinimumHeight(max(self.summary.minimumHeight(), needed))
        for tab in (self.agency_tab, self.person_tab, self.group_tab_widget, self.matrix_tab, self.completeness_tab):
            tab.show_report(report)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.register_tab:
            fit_columns(self.register_table)

    def search_field(self) -> SearchField | None:
        current = self.tabs.currentWidget()
        return current.search if current in (self.agency_tab, self.person_tab, self.group_tab_widget) else None

    def save_state(self) -> None:
        self.settings.setValue("attendance/splitter", self.splitter.saveState())

    # --- drill-down and opening meetings ---------------------------------------------------------

    def drill_agency(self, row: AgencyRow | None) -> DrillDownDialog | None:
        if row is None:
            return None
        sentence = (
            f"{row.agency_name} was represented at {row.represented} of the {row.expected} held meetings at which "
            f"a member's line was recorded ({percent_text(row.rate)}, {band_text(row).lower()})."
        )
        if row.not_recorded:
            sentence += f" {not_recorded(row.not_recorded)}, left out of the rate."
        return self._drill(f"{row.agency_name}: meetings behind the rate", sentence, row.meetings)

    def drill_person(self, row: PersonRow | None) -> DrillDownDialog | None:
        if row is None:
            return None
        sentence = (
            f"{row.person_name} ({row.agency_name}) was present at {row.present} of the {row.recorded} meetings of "
            f"{row.group_name} held while a member with the line recorded ({percent_text(row.rate)}, "
            f"{band_text(row).lower()})."
        )
        if row.not_recorded:
            sentence += f" {not_recorded(row.not_recorded)}, neither attended nor missed."
        if row.serial:
            sentence += f" Flagged as a serial non-attender: {row.reason.lower()}."
        return self._drill(f"{row.person_name}: meetings behind the rate", sentence, row.meetings)

    def drill_group(self, row: GroupRow | None) -> DrillDownDialog | None:
        if row is None:
            return None
        sentence = (
            f"{row.group_name}: {row.planned} meeting{'' if row.planned == 1 else 's'} planned in the period, "
            f"{row.held} held, {row.cancelled} cancelled, {row.still_planned} still planned"
            + (f" ({row.postponed} of them postponed on the way)" if row.postponed else "")
            + f"; average attendance {percent_text(row.average_rate)}."
        )
        if row.registers_missing:
            sentence += f" {row.registers_missing_text}: left out of the rates."
        return self._drill(f"{row.group_name}: meetings", sentence, row.meetings)

    def _drill(self, title: str, sentence: str, lines) -> DrillDownDialog:
        dialog = DrillDownDialog(title, sentence, lines, self.open_meeting, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_meeting(self, meeting_id: int):
        """Opens the meeting's window, through the Meetings page when there is one (it keeps one window a
        meeting); the figures here are worked out again after every change made there."""
        window = self.window()
        meetings = None
        if hasattr(window, "page"):
            try:
                meetings = window.page("meetings")
            except StopIteration:
                meetings = None
        if meetings is not None and hasattr(meetings, "open_meeting_id"):
            opened = meetings.open_meeting_id(meeting_id)
        else:
            from board_admin.ui.dialogs.meeting_window import MeetingWindow

            opened = MeetingWindow(self.database, meeting_id, self.settings, self.today, self)
            opened.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            opened.show()
        if opened is not None and hasattr(opened, "changed"):
            opened.changed.connect(self._schedule, Qt.ConnectionType.UniqueConnection)
        return opened

    # --- thresholds ------------------------------------------------------------------------------

    def edit_thresholds(self) -> ThresholdsDialog:
        dialog = ThresholdsDialog(self.database, self)
        self.dialog = dialog
        dialog.accepted.connect(self._thresholds_saved)
        dialog.open()
        return dialog

    def _thresholds_saved(self) -> None:
        self.recalculate()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage("The attendance thresholds were saved for everyone.", 5000)

    # --- exports ---------------------------------------------------------------------------------

    def export_excel(self) -> BackgroundJob | None:
        return self._export("xlsx")

    def export_word(self) -> BackgroundJob | None:
        return self._export("docx")

    def _suggested_name(self, suffix: str) -> str:
        period = self.report.period if self.report else self.period()
        year = FinancialYear.containing(period.start)
        when = year.label if (period.start, period.end) == (year.start, year.end) else f"{period.start}-to-{period.end}"
        return f"attendance-{when}.{suffix}"

    def _export(self, suffix: str) -> BackgroundJob | None:
        if self.report is None:
            return None
        folder = self.settings.value("files/last_folder")
        folder = str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())
        what = "Excel workbook (*.xlsx)" if suffix == "xlsx" else "Word document (*.docx)"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the attendance", str(Path(folder) / self._suggested_name(suffix)), what
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(path.name + f".{suffix}")
        return self.export_to(path)

    def export_to(self, path: Path) -> BackgroundJob:
        """Writes the report on screen to `path` (.xlsx or .docx) in a worker process (the window never waits
        on it), then offers to open it. The process writes the list's "attendance" export (exports.py)."""
        from board_admin.exports import ChartPictures, Drawing
        from board_admin.ui.attendance_charts import charts_for

        path = Path(path)
        self.settings.setValue("files/last_folder", str(path.parent))
        report = self.report
        # The pictures are drawn here, on the UI thread, by the function the command line uses.
        drawn = charts_for(report) if path.suffix.lower() == ".docx" else None
        charts = ChartPictures(drawn.agencies, dict(drawn.groups)) if drawn is not None else None
        work = ProcessWork.on(
            self.database,
            "board_admin.exports:write_in_worker",
            "attendance",
            path,
            Drawing(charts=charts),
            start=report.period.start,
            end=report.period.end,
            group_ids=None if report.selection is None else tuple(sorted(report.selection)),
        )

        def done(_summary: str) -> None:
            self.last_export = path
            show_written(
                self,
                "Attendance exported",
                f"Wrote the attendance ({report.period.label}, {report.selection_label}) to {path}.",
                path,
            )

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not exported", describe_failure(error))

        job = BackgroundJob(self, f"Writing {path.name}…", work, done, failed)
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
