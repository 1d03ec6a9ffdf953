"""The tabs of the Attendance page, one widget each.

Each tab owns its table, search and chart and shows its part of one `AttendanceReport`; the page works
the report out, hands it to every tab, and keeps the drill-down and the opening of meetings, which the
tabs reach through the callbacks they are given.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSplitter, QTableView, QWidget

from board_admin.domain.attendance import MATRIX_KEY, Period, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear
from board_admin.reports.attendance import AttendanceReport, GroupRow
from board_admin.ui.attendance_charts import agency_rates_chart, group_turnout_chart
from board_admin.ui.pages.attendance_parts import (
    AGENCY_COLUMNS,
    COMPLETENESS_COLUMNS,
    GROUP_COLUMNS,
    PERSON_COLUMNS,
    BandedTableModel,
    ChartPicture,
    MatrixModel,
    RegisterLinesModel,
    agency_chart_description,
    held_of,
    lay_out,
    row_of,
    tab_page,
)
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel
from board_admin.ui.widgets import (
    CountLabel,
    SearchField,
    configure_table,
    fit_columns,
    labelled,
    make_table,
    scaled_font,
    wrap_long_text,
)


def _split_above(top: QWidget, below: QWidget) -> QSplitter:
    """The table above, its chart below at the full width of the tab, so that long names stay readable."""
    top.layout().setContentsMargins(0, 0, 0, 0)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setChildrenCollapsible(False)
    split.addWidget(top)
    split.addWidget(below)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 1)
    return split


class AgencyTab(QWidget):
    """Rates by agency, the thresholds in use, and the chart of them."""

    def __init__(self, drill: Callable, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = BandedTableModel(AGENCY_COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "agencies")
        self.table = wrap_long_text(make_table(self.proxy, "Attendance by agency"))
        self.table.activated.connect(lambda index: drill(self.proxy.row_at(index)))
        self.chart = ChartPicture("Chart of meetings attended by agency")
        count = CountLabel(self.proxy, "agency", "agencies")
        self.thresholds_note = QLabel()
        self.thresholds_note.setWordWrap(True)
        self.thresholds_note.setAccessibleName("Thresholds in use")
        top = tab_page(row_of(self.search), self.table, count, self.thresholds_note, stretch_index=1)
        self.split = _split_above(top, self.chart)
        lay_out(self, self.split, stretch_index=0)

    def show_report(self, report: AttendanceReport) -> None:
        self.model.set_rows(report.agencies)
        thresholds = report.thresholds
        self.chart.set_chart(
            (lambda width: agency_rates_chart(report.agencies, thresholds, width=width)) if report.agencies else None,
            agency_chart_description(report),
            "No held meetings with members in this period and these groups, so no rates to draw.",
        )
        self.thresholds_note.setText(thresholds.describe())
        fit_columns(self.table)


class PersonTab(QWidget):
    """Rates by member, with the serial non-attenders flagged."""

    def __init__(self, drill: Callable, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = BandedTableModel(PERSON_COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "people")
        self.serial_only = QCheckBox("Ser&ial non-attenders only")
        self.serial_only.setToolTip("Show only the members flagged as serial non-attenders")
        self.serial_only.toggled.connect(lambda on: self.proxy.set_row_filter((lambda row: row.serial) if on else None))
        self.table = wrap_long_text(make_table(self.proxy, "Attendance by person"))
        self.table.activated.connect(lambda index: drill(self.proxy.row_at(index)))
        count = CountLabel(self.proxy, "member", "members")
        lay_out(self, row_of(self.search, self.serial_only), self.table, count, stretch_index=1)

    def show_report(self, report: AttendanceReport) -> None:
        self.model.set_rows(report.people)
        fit_columns(self.table)


class GroupTab(QWidget):
    """Meetings and average attendance by group, and the chosen group's turnout over time."""

    def __init__(self, drill: Callable, parent: QWidget) -> None:
        super().__init__(parent)
        self.report: AttendanceReport | None = None
        self.model = RowTableModel(GROUP_COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "groups")
        self.table = wrap_long_text(make_table(self.proxy, "Attendance by group"))
        self.table.activated.connect(lambda index: drill(self.proxy.row_at(index)))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_chart())
        self.chart = ChartPicture("Chart of a group's attendance over time")
        count = CountLabel(self.proxy, "group", "groups")
        hint = QLabel("Select a group to see its attendance over time below.")
        hint.setWordWrap(True)  # a narrow window wraps it rather than widening the page
        top = tab_page(row_of(self.search, hint), self.table, count, stretch_index=1)
        lay_out(self, _split_above(top, self.chart), stretch_index=0)

    def show_report(self, report: AttendanceReport) -> None:
        self.report = report
        self.model.set_rows(report.groups)
        fit_columns(self.table)
        self.show_chart()

    def show_chart(self) -> None:
        row: GroupRow | None = self.proxy.row_at(self.table.currentIndex())
        if row is None and self.report is not None:
            # Until one is chosen: the group with the most held meetings.
            row = max(self.report.groups, key=lambda group: (group.held, group.group_name), default=None)
        if row is None:
            self.chart.set_chart(None, "No group chosen.", "Tick a group to see its attendance over time.")
            return
        said = "; ".join(f"{format_date(t.meeting_date)} {percent_text(t.rate)}" for t in row.turnout)
        self.chart.set_chart(
            (lambda width: group_turnout_chart(row, width=width, height=360)) if row.turnout else None,
            f"{row.group_name}, members or deputies at each held meeting: {said or 'none held'}.",
            f"{row.group_name} held no meetings in this period, so there is no attendance to draw.",
        )


class MatrixTab(QWidget):
    """One group's members against its held meetings."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.report: AttendanceReport | None = None
        self.choice = QComboBox()
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.choice.setToolTip("The group whose register matrix is shown")
        self.choice.currentIndexChanged.connect(lambda _index: self.show_matrix())
        self.model = MatrixModel(None, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = configure_table(QTableView(), "Member by meeting matrix")
        self.table.setModel(self.proxy)
        self.key = QLabel("Key: " + MATRIX_KEY + ".")
        self.key.setWordWrap(True)
        self.key.setAccessibleName("Key to the matrix")
        self.summary = QLabel()
        self.summary.setAccessibleName("Matrix in brief")
        lay_out(
            self,
            row_of(labelled("Gro&up:", self.choice), self.choice, self.summary),
            self.table,
            self.key,
            stretch_index=1,
        )

    def show_report(self, report: AttendanceReport) -> None:
        self.report = report
        chosen = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for matrix in report.matrices:
            self.choice.addItem(matrix.group_name, matrix.group_id)
        position = self.choice.findData(chosen)
        if position < 0 and report.matrices:
            # The group with the most held meetings makes the most telling first matrix.
            busiest = max(report.matrices, key=lambda matrix: (len(matrix.meeting_dates), len(matrix.rows)))
            position = self.choice.findData(busiest.group_id)
        self.choice.setCurrentIndex(position)
        self.choice.blockSignals(False)
        self.show_matrix()

    def show_matrix(self) -> None:
        group_id = self.choice.currentData()
        matrix = self.report.matrix(group_id) if self.report is not None and group_id is not None else None
        self.model.set_matrix(matrix)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if matrix is None:
            self.summary.setText("Tick a group to see its matrix.")
        else:
            held = len(matrix.meeting_dates)
            self.summary.setText(
                f"{len(matrix.rows)} member{'' if len(matrix.rows) == 1 else 's'}, "
                f"{held} held meeting{'' if held == 1 else 's'}"
            )
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        width = self.fontMetrics().horizontalAdvance("00/00") + self.fontMetrics().averageCharWidth() * 3
        for position in range(self.model.first_date_column, self.model.first_date_column + held_of(matrix)):
            header.resizeSection(position, width)


class CompletenessTab(QWidget):
    """The held meetings whose registers are missing or unfinished."""

    def __init__(self, open_meeting: Callable[[int], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.model = RowTableModel(COMPLETENESS_COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = wrap_long_text(make_table(self.proxy, "Registers to complete"))
        self.table.activated.connect(lambda index: self._open(index, open_meeting))
        intro = QLabel(
            "Held meetings with no register, or with members left unmarked: complete them before a report goes out."
        )
        intro.setWordWrap(True)
        self.hint = QLabel("Double-click a meeting (or press Enter) to open its register.")
        self.hint.setWordWrap(True)
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done.setFont(scaled_font(self, 1.2, bold=True))
        self.done.setStyleSheet("color: #2e7d4f;")
        self.done.setAccessibleName("Registers complete")
        count = CountLabel(self.proxy, "meeting to complete", "meetings to complete")
        lay_out(self, intro, self.table, self.done, count, self.hint, stretch_index=1)
        self.layout().setStretchFactor(self.done, 1)

    def _open(self, index: QModelIndex, open_meeting: Callable[[int], object]) -> None:
        row = self.proxy.row_at(index)
        if row is not None:
            open_meeting(row.meeting_id)

    def show_report(self, report: AttendanceReport) -> None:
        self.model.set_rows(report.completeness)
        fit_columns(self.table)
        empty = not report.completeness
        self.table.setVisible(not empty)
        self.done.setVisible(empty)
        self.done.setText(
            f"Every held meeting of these groups in the {report.period.label} has a complete register: "
            "nothing to put right before a report goes out."
            if report.group_ids
            else "Tick at least one group."
        )
        self.hint.setVisible(not empty)


class RegisterTab(QWidget):
    """Every register line of the period and groups chosen, the lines in view read as the user scrolls."""

    def __init__(self, database, year: FinancialYear, open_meeting: Callable[[int], object], parent: QWidget):
        super().__init__(parent)
        self.model = RegisterLinesModel(database, Period(year.start, year.end), [], parent=self)
        self.table = configure_table(QTableView(), "Register lines")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(lambda index: self._open(index, open_meeting))
        self.count = QLabel()
        self.count.setAccessibleName("Register lines read")
        self.model.modelReset.connect(self.show_count)
        intro = QLabel(
            "Every line of the registers of the meetings in the period and groups chosen. The list reads "
            "the lines in view as you scroll (Ctrl+End goes to the last); double-click a line to open its meeting."
        )
        intro.setWordWrap(True)
        lay_out(self, intro, self.table, self.count, stretch_index=1)

    def _open(self, index, open_meeting: Callable[[int], object]) -> None:
        line = self.model.line_at(index.row()) if index.isValid() else None
        if line is not None:
            open_meeting(line.meeting_id)

    def show_selection(self, period: Period, group_ids: list[int]) -> None:
        self.model.set_selection(period, group_ids)
        self.show_count()

    def show_count(self, *_args) -> None:
        total = self.model.total
        self.count.setText(f"{total:,} register line{'' if total == 1 else 's'}")
