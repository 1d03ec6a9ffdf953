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

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.attendance import MATRIX_KEY, Period, percent_text
from board_admin.domain.dates import format_date
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
from board_admin.ui.attendance_charts import agency_rates_chart, group_turnout_chart
from board_admin.ui.colours import WARNING_STYLE
from board_admin.ui.dialogs.attendance_dialogs import DrillDownDialog, ThresholdsDialog
from board_admin.ui.messages import ask, describe_failure, show_message
from board_admin.ui.pages.attendance_parts import (
    AGENCY_COLUMNS,
    COMPLETENESS_COLUMNS,
    GROUP_COLUMNS,
    OTHER_DATES,
    PERSON_COLUMNS,
    BandedTableModel,
    ChartPicture,
    MatrixModel,
    RegisterLinesModel,
    agency_chart_description,
    band_text,
    cap_columns,
    held_of,
    narrow_wrapped_headers,
    not_recorded,
    row_of,
    summary_text,
    tab_page,
)
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    RowTableModel,
    SearchFilterProxyModel,
)
from board_admin.ui.widgets import (
    CountLabel,
    DateField,
    SearchField,
    action_button,
    configure_table,
    fit_columns,
    flow_row,
    labelled,
    make_table,
    scaled_font,
)
from board_admin.ui.workers import BackgroundJob

# Light enough for black text; each band's cell also says its word, since colour is never the only signal.
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
        self.layout_.addWidget(self.summary)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._group_panel())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Attendance views")
        self.tabs.addTab(self._agency_tab(), "By &agency")
        self.tabs.addTab(self._person_tab(), "By &person")
        self.tabs.addTab(self._group_tab(), "By g&roup")
        self.tabs.addTab(self._matrix_tab(), "&Matrix")
        self.tabs.addTab(self._completeness_tab(), "Registers to &complete")
        self.tabs.addTab(self._register_tab(), "Register &lines")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.layout_.addWidget(self.splitter, 1)
        state = self.settings.value("attendance/splitter")
        if state is None or not self.splitter.restoreState(state):
            width = self.fontMetrics().averageCharWidth()
            self.splitter.setSizes([width * 44, width * 180])

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
            "&Thresholds…",
            "The colour bands and when a member counts as a serial non-attender (administrators can change them)",
            self.edit_thresholds,
        )
        self.excel_button = action_button(
            "Export to &Excel…",
            "Write what is shown (this period and these groups) to an Excel workbook",
            self.export_excel,
        )
        self.word_button = action_button(
            "Export to &Word…", "Write a short Word report of what is shown, with the charts", self.export_word
        )
        can_export = self.database.actor.can(Permission.EXPORT)
        self.excel_button.setVisible(can_export)
        self.word_button.setVisible(can_export)
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
            "With &subgroups",
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
        self.report = attendance_report(self.database, period, group_ids)
        self._show_report(self.report)
        self.register_model.set_selection(period, group_ids)
        self._register_changed()

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
        self.agency_model.set_rows(report.agencies)
        self.person_model.set_rows(report.people)
        self.group_table_model.set_rows(report.groups)
        self.completeness_model.set_rows(report.completeness)
        thresholds = report.thresholds
        self.agency_chart.set_chart(
            (lambda width: agency_rates_chart(report.agencies, thresholds, width=width)) if report.agencies else None,
            agency_chart_description(report),
            "No held meetings with members in this period and these groups, so no rates to draw.",
        )
        self.thresholds_note.setText(thresholds.describe())
        self._fill_matrix_choice(report)
        for view in (self.agency_table, self.person_table, self.group_table, self.completeness_table):
            fit_columns(view)
        # Long agency and group names give way (the tooltip shows them whole), so the figures stay in view.
        for view in (self.agency_table, self.person_table, self.group_table):
            narrow_wrapped_headers(view)
        cap_columns(self.agency_table, {0: 56})
        cap_columns(self.person_table, {1: 26, 2: 26})
        cap_columns(self.group_table, {0: 34})
        empty = not report.completeness
        self.completeness_table.setVisible(not empty)
        self.completeness_done.setVisible(empty)
        self.completeness_done.setText(
            f"Every held meeting of these groups in the {report.period.label} has a complete register: "
            "nothing to put right before a report goes out."
            if report.group_ids
            else "Tick at least one group."
        )
        self._show_group_chart()
        self.completeness_hint.setVisible(bool(report.completeness))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.register_tab:
            fit_columns(self.register_table)

    def search_field(self) -> SearchField | None:
        current = self.tabs.currentWidget()
        return {
            self.agency_tab: self.agency_search,
            self.person_tab: self.person_search,
            self.group_tab_widget: self.group_search,
        }.get(current)

    def save_state(self) -> None:
        self.settings.setValue("attendance/splitter", self.splitter.saveState())

    # --- the tabs --------------------------------------------------------------------------------

    def _agency_tab(self) -> QWidget:
        self.agency_model = BandedTableModel(AGENCY_COLUMNS, self)
        self.agency_proxy = SearchFilterProxyModel(self)
        self.agency_proxy.setSourceModel(self.agency_model)
        self.agency_search = SearchField(self.agency_proxy, "agencies")
        self.agency_table = make_table(self.agency_proxy, "Attendance by agency")
        self.agency_table.activated.connect(lambda index: self.drill_agency(self.agency_proxy.row_at(index)))
        self.agency_chart = ChartPicture("Chart of meetings attended by agency")
        count = CountLabel(self.agency_proxy, "agency", "agencies")
        self.thresholds_note = QLabel()
        self.thresholds_note.setWordWrap(True)
        self.thresholds_note.setAccessibleName("Thresholds in use")
        left = tab_page(row_of(self.agency_search), self.agency_table, count, self.thresholds_note, stretch_index=1)
        left.layout().setContentsMargins(0, 0, 0, 0)
        # The chart below the table, the full width of the tab, so that agency names stay readable.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(self.agency_chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.agency_split = split
        self.agency_tab = tab_page(split, stretch_index=0)
        return self.agency_tab

    def _person_tab(self) -> QWidget:
        self.person_model = BandedTableModel(PERSON_COLUMNS, self)
        self.person_proxy = SearchFilterProxyModel(self)
        self.person_proxy.setSourceModel(self.person_model)
        self.person_search = SearchField(self.person_proxy, "people")
        self.serial_only = QCheckBox("Serial non-attenders &only")
        self.serial_only.setToolTip("Show only the members flagged as serial non-attenders")
        self.serial_only.toggled.connect(
            lambda on: self.person_proxy.set_row_filter((lambda row: row.serial) if on else None)
        )
        self.person_table = make_table(self.person_proxy, "Attendance by person")
        self.person_table.activated.connect(lambda index: self.drill_person(self.person_proxy.row_at(index)))
        count = CountLabel(self.person_proxy, "member", "members")
        self.person_tab = tab_page(
            row_of(self.person_search, self.serial_only), self.person_table, count, stretch_index=1
        )
        return self.person_tab

    def _group_tab(self) -> QWidget:
        self.group_table_model = RowTableModel(GROUP_COLUMNS, self)
        self.group_proxy = SearchFilterProxyModel(self)
        self.group_proxy.setSourceModel(self.group_table_model)
        self.group_search = SearchField(self.group_proxy, "groups")
        self.group_table = make_table(self.group_proxy, "Attendance by group")
        self.group_table.activated.connect(lambda index: self.drill_group(self.group_proxy.row_at(index)))
        self.group_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_group_chart())
        self.group_chart = ChartPicture("Chart of a group's attendance over time")
        count = CountLabel(self.group_proxy, "group", "groups")
        hint = QLabel("Select a group to see its attendance over time below.")
        hint.setWordWrap(True)  # a narrow window wraps it rather than widening the page
        top = tab_page(row_of(self.group_search, hint), self.group_table, count, stretch_index=1)
        top.layout().setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(self.group_chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.group_tab_widget = tab_page(split, stretch_index=0)
        return self.group_tab_widget

    def _show_group_chart(self) -> None:
        row: GroupRow | None = self.group_proxy.row_at(self.group_table.currentIndex())
        if row is None and self.report is not None:
            # Until one is chosen: the group with the most held meetings.
            row = max(self.report.groups, key=lambda group: (group.held, group.group_name), default=None)
        if row is None:
            self.group_chart.set_chart(None, "No group chosen.", "Tick a group to see its attendance over time.")
            return
        said = "; ".join(f"{format_date(t.meeting_date)} {percent_text(t.rate)}" for t in row.turnout)
        self.group_chart.set_chart(
            (lambda width: group_turnout_chart(row, width=width, height=360)) if row.turnout else None,
            f"{row.group_name}, members or deputies at each held meeting: {said or 'none held'}.",
            f"{row.group_name} held no meetings in this period, so there is no attendance to draw.",
        )

    def _matrix_tab(self) -> QWidget:
        self.matrix_choice = QComboBox()
        self.matrix_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.matrix_choice.setToolTip("The group whose register matrix is shown")
        self.matrix_choice.currentIndexChanged.connect(lambda _index: self._show_matrix())
        self.matrix_model = MatrixModel(None, self)
        self.matrix_proxy = SearchFilterProxyModel(self)
        self.matrix_proxy.setSourceModel(self.matrix_model)
        self.matrix_table = configure_table(QTableView(), "Member by meeting matrix")
        self.matrix_table.setModel(self.matrix_proxy)
        self.matrix_key = QLabel("Key: " + MATRIX_KEY + ".")
        self.matrix_key.setWordWrap(True)
        self.matrix_key.setAccessibleName("Key to the matrix")
        self.matrix_summary = QLabel()
        self.matrix_summary.setAccessibleName("Matrix in brief")
        self.matrix_tab = tab_page(
            row_of(labelled("&Group:", self.matrix_choice), self.matrix_choice, self.matrix_summary),
            self.matrix_table,
            self.matrix_key,
            stretch_index=1,
        )
        return self.matrix_tab

    def _fill_matrix_choice(self, report: AttendanceReport) -> None:
        chosen = self.matrix_choice.currentData()
        self.matrix_choice.blockSignals(True)
        self.matrix_choice.clear()
        for matrix in report.matrices:
            self.matrix_choice.addItem(matrix.group_name, matrix.group_id)
        position = self.matrix_choice.findData(chosen)
        if position < 0 and report.matrices:
            # The group with the most held meetings makes the most telling first matrix.
            busiest = max(report.matrices, key=lambda matrix: (len(matrix.meeting_dates), len(matrix.rows)))
            position = self.matrix_choice.findData(busiest.group_id)
        self.matrix_choice.setCurrentIndex(position)
        self.matrix_choice.blockSignals(False)
        self._show_matrix()

    def _show_matrix(self) -> None:
        group_id = self.matrix_choice.currentData()
        matrix = self.report.matrix(group_id) if self.report is not None and group_id is not None else None
        self.matrix_model.set_matrix(matrix)
        self.matrix_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if matrix is None:
            self.matrix_summary.setText("Tick a group to see its matrix.")
        else:
            held = len(matrix.meeting_dates)
            self.matrix_summary.setText(
                f"{len(matrix.rows)} member{'' if len(matrix.rows) == 1 else 's'}, "
                f"{held} held meeting{'' if held == 1 else 's'}"
            )
        fit_columns(self.matrix_table)
        header = self.matrix_table.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance("00/00") + self.fontMetrics().averageCharWidth() * 3
        for position in range(
            self.matrix_model.first_date_column, self.matrix_model.first_date_column + held_of(matrix)
        ):
            header.resizeSection(position, width)

    def _completeness_tab(self) -> QWidget:
        self.completeness_model = RowTableModel(COMPLETENESS_COLUMNS, self)
        self.completeness_proxy = SearchFilterProxyModel(self)
        self.completeness_proxy.setSourceModel(self.completeness_model)
        self.completeness_table = make_table(self.completeness_proxy, "Registers to complete")
        self.completeness_table.activated.connect(self._open_incomplete)
        intro = QLabel(
            "Held meetings with no register, or with members left unmarked: complete them before a report goes out."
        )
        intro.setWordWrap(True)
        self.completeness_hint = QLabel("Double-click a meeting (or press Enter) to open its register.")
        self.completeness_hint.setWordWrap(True)
        self.completeness_done = QLabel()
        self.completeness_done.setWordWrap(True)
        self.completeness_done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.completeness_done.setFont(scaled_font(self, 1.2, bold=True))
        self.completeness_done.setStyleSheet("color: #2e7d4f;")
        self.completeness_done.setAccessibleName("Registers complete")
        count = CountLabel(self.completeness_proxy, "meeting to complete", "meetings to complete")
        self.completeness_tab = tab_page(
            intro, self.completeness_table, self.completeness_done, count, self.completeness_hint, stretch_index=1
        )
        self.completeness_tab.layout().setStretchFactor(self.completeness_done, 1)
        return self.completeness_tab

    def _register_tab(self) -> QWidget:
        year = FinancialYear.containing(self.today())
        self.register_model = RegisterLinesModel(self.database, Period(year.start, year.end), [], parent=self)
        self.register_table = configure_table(QTableView(), "Register lines")
        self.register_table.setModel(self.register_model)
        self.register_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.register_table.setSortingEnabled(True)
        self.register_table.activated.connect(self._open_register_line)
        self.register_count = QLabel()
        self.register_count.setAccessibleName("Register lines read")
        for signal in (self.register_model.modelReset, self.register_model.rowsInserted):
            signal.connect(self._register_changed)
        intro = QLabel(
            "Every line of the registers of the meetings in the period and groups chosen. The list reads "
            "more lines as you scroll; double-click a line to open its meeting."
        )
        intro.setWordWrap(True)
        self.register_tab = tab_page(intro, self.register_table, self.register_count, stretch_index=1)
        return self.register_tab

    def _register_changed(self, *_args) -> None:
        model = self.register_model
        read, total = model.rowCount(), model.total
        noun = "register line" if total == 1 else "register lines"
        if read >= total:
            self.register_count.setText(f"{total:,} {noun}")
        else:
            self.register_count.setText(f"{read:,} of {total:,} {noun} read so far; scroll down to read more")

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

    def _open_incomplete(self, index) -> None:
        row = self.completeness_proxy.row_at(index)
        if row is not None:
            self.open_meeting(row.meeting_id)

    def _open_register_line(self, index) -> None:
        if index.isValid():
            self.open_meeting(self.register_model.line_at(index.row()).meeting_id)

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
        """Writes the report on screen to `path` (.xlsx or .docx) off the UI thread, then offers to open it."""
        from board_admin.exporters.attendance import write_attendance_document, write_attendance_workbook
        from board_admin.exporters.files import atomic_output
        from board_admin.exporters.word import document_details
        from board_admin.ui.attendance_charts import charts_for

        path = Path(path)
        self.settings.setValue("files/last_folder", str(path.parent))
        report = self.report
        database = self.database
        # The pictures are drawn here, on the UI thread, by the function the command line uses.
        charts = charts_for(report) if path.suffix.lower() == ".docx" else None

        def work() -> Path:
            database.actor.require(Permission.EXPORT)
            with atomic_output(path) as temporary:
                if path.suffix.lower() == ".xlsx":
                    write_attendance_workbook(report, temporary, document_details(database))
                else:
                    write_attendance_document(report, temporary, charts, document_details(database))
            return path

        def done(_path: Path) -> None:
            self.last_export = path
            ask(
                self,
                "Attendance exported",
                f"Wrote the attendance ({report.period.label}, {report.selection_label}) to {path}.\n\nOpen it now?",
                "&Open",
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            )

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not exported", describe_failure(error))

        job = BackgroundJob(self, f"Writing {path.name}…", work, done, failed)
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
