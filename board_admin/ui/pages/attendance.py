"""Attendance, for the chair: who is turning up, and who is not.

For a period (the current financial year unless another is chosen) and a choice of groups the page shows
the attendance report by agency, by person and by group, the member x meeting matrix, the registers still
to complete and every register line; the charts beside them; from any rate, the meetings behind it. All of
it comes from `reports.attendance.attendance_report`, the report the Excel and Word exports write, so the
figures on screen are the figures sent out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QPixmap, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.attendance import MATRIX_KEY, Period, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, MeetingStatus, Rag
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.attendance import (
    AgencyRow,
    AttendanceReport,
    GroupChoice,
    GroupRow,
    Matrix,
    PersonRow,
    RegisterLine,
    attendance_report,
    count_register_lines,
    group_choices,
    meeting_years,
    register_lines,
    with_subgroups,
)
from board_admin.ui.attendance_charts import agency_rates_chart, group_turnout_chart
from board_admin.ui.dialogs.attendance_dialogs import DrillDownDialog, ThresholdsDialog
from board_admin.ui.messages import ask, describe_failure, show_message
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    CENTRE,
    LEFT,
    NO_PARENT,
    RIGHT,
    AnyIndex,
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    enum_column,
    number_column,
    person_column,
    yes_no_column,
)
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import (
    CountLabel,
    DateField,
    SearchField,
    configure_table,
    fit_columns,
    flow_row,
    labelled,
    make_table,
    scaled_font,
)
from board_admin.ui.workers import BackgroundJob

# Light enough for black text; each band's cell also says its word, since colour is never the only signal.
BAND_BACKGROUNDS = {Rag.GREEN: QColor("#d3efdc"), Rag.AMBER: QColor("#fbe5b6"), Rag.RED: QColor("#f6d0cc")}
MATRIX_BACKGROUNDS = {
    "P": QColor("#d3efdc"),
    "D": QColor("#dfe9f5"),
    "A": QColor("#fbe5b6"),
    "X": QColor("#f6d0cc"),
    "?": QColor("#e6e6e6"),
}
MATRIX_WORDS = {
    "P": "Present",
    "A": "Apologies",
    "X": "Absent without apologies",
    "D": "Deputy sent",
    "?": "Not recorded",
    "": "Not a member then",
}
REGISTER_BATCH = 300
OTHER_DATES = "Other dates"


def band_text(row) -> str:
    return row.band.label if row.band is not None else "No meetings"


def rate_column(header: str, get: Callable[[Any], Fraction | None], **options) -> Column:
    options.setdefault("sort", get)
    options.setdefault("align", RIGHT)
    return Column(header, lambda row: percent_text(get(row)), **options)


def band_column(**options) -> Column:
    return Column(
        "Band",
        band_text,
        sort=lambda row: None if row.band is None else list(Rag).index(row.band),
        description="The colour band of the rate (see Thresholds…)",
        **options,
    )


AGENCY_COLUMNS = (
    text("Agency", lambda row: row.agency_name),
    enum_column("Sector", lambda row: row.sector),
    yes_no_column("Statutory\npartner", lambda row: row.statutory_partner),
    number_column(
        "Expected",
        lambda row: row.expected,
        description="Held meetings at which the agency had at least one member whose line was recorded",
    ),
    number_column(
        "Represented",
        lambda row: row.represented,
        description="Held meetings at which a member of the agency, or a deputy for one, was present",
    ),
    rate_column("Rate", lambda row: row.rate, description="Represented / expected"),
    band_column(),
    number_column(
        "Not\nrecorded",
        lambda row: row.not_recorded,
        description="Held meetings at which none of its members' lines was recorded: left out of the rate",
    ),
)

PERSON_COLUMNS = (
    person_column("Person", lambda row: row.person_name),
    text("Agency", lambda row: row.agency_name),
    text("Group", lambda row: row.group_name),
    rate_column(
        "Rate", lambda row: row.rate, description="Present / held meetings while a member with the line recorded"
    ),
    band_column(),
    number_column(
        "Not\nrecorded",
        lambda row: row.not_recorded,
        description="Held meetings while a member with the line never recorded: neither attended nor missed",
    ),
    Column(
        "Serial non-\nattender",
        lambda row: "Yes" if row.serial else "No",
        sort=lambda row: (not row.serial, row.reason),
        align=CENTRE,
        warn=lambda row: row.serial,
        tooltip=lambda row: row.reason or None,
        description="Missed too many held meetings in a row, or attended under the lowest acceptable rate",
    ),
    number_column("Held while\na member", lambda row: row.held, description="Held meetings while a member"),
    number_column("Present", lambda row: row.present),
    number_column("Apologies", lambda row: row.apologies),
    number_column("Absent", lambda row: row.absent, description="Absent without apologies"),
    number_column(
        "Deputy\nsent",
        lambda row: row.deputy,
        description="A deputy counts for the agency, not for the member's own attendance",
    ),
    text("Why flagged", lambda row: row.reason, warn=lambda row: row.serial, stretch=True),
)


def _not_recorded(count: int) -> str:
    return f"{count} register{' was' if count == 1 else 's were'} not recorded"


def quorum_text(get: Callable[[GroupRow], int]) -> Callable[[GroupRow], str]:
    return lambda row: f"{get(row):,}" if row.quorum_set else "No quorum set"


GROUP_COLUMNS = (
    text("Group", lambda row: row.group_name),
    number_column(
        "Planned",
        lambda row: row.planned,
        description="Held + cancelled + still planned; a postponed meeting once, at the date it moved to",
    ),
    number_column("Held", lambda row: row.held),
    number_column(
        "Cancelled", lambda row: row.cancelled, description="Including meetings postponed and never re-arranged"
    ),
    number_column("Still\nplanned", lambda row: row.still_planned),
    number_column(
        "Of which\npostponed",
        lambda row: row.postponed,
        description="Of the planned meetings, those moved from an earlier date (counted once, where they moved to)",
    ),
    Column("Quorate", quorum_text(lambda row: row.quorate), sort=lambda row: row.quorate, align=RIGHT),
    Column(
        "Not\nquorate",
        quorum_text(lambda row: row.not_quorate),
        sort=lambda row: row.not_quorate,
        align=RIGHT,
        warn=lambda row: row.not_quorate > 0,
    ),
    rate_column(
        "Average\nattendance",
        lambda row: row.average_rate,
        description="Seats filled (members present or their deputies) / seats recorded, over the held meetings",
    ),
    number_column(
        "Not\nrecorded",
        lambda row: row.not_recorded,
        description="Members' lines never recorded at its held meetings: left out of the average",
    ),
    Column(
        "Registers\nmissing",
        lambda row: f"{len(row.registers_missing):,}",
        sort=lambda row: len(row.registers_missing),
        align=RIGHT,
        warn=lambda row: bool(row.registers_missing),
        tooltip=lambda row: row.registers_missing_text or None,
        description="Held meetings with no register at all: left out of every rate",
    ),
    Column(
        "Members in\nthe room",
        lambda row: "" if row.average_attended is None else f"{row.average_attended:.1f}",
        sort=lambda row: row.average_attended,
        align=RIGHT,
        description="Members or their deputies present per held meeting, on average",
    ),
    Column(
        "Cancellation reasons",
        lambda row: "; ".join(row.cancellation_reasons),
        tooltip=lambda row: "\n".join(row.cancellation_reasons) or None,
        stretch=True,
    ),
)

COMPLETENESS_COLUMNS = (
    date_column("Date", lambda row: row.meeting_date),
    text("Group", lambda row: row.group_name),
    text("Problem", lambda row: row.problem, warn=lambda _row: True),
    Column(
        "Members not marked",
        lambda row: ", ".join(row.unmarked),
        tooltip=lambda row: "\n".join(row.unmarked) or None,
        stretch=True,
    ),
)


class BandedTableModel(RowTableModel):
    """A RowTableModel that tints the band column with the band's colour (the cell's text names the band)."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            if self.columns[index.column()].header == "Band":
                band = getattr(self.row_at(index.row()), "band", None)
                return QBrush(BAND_BACKGROUNDS[band]) if band is not None else None
            return None
        return super().data(index, role)


class MatrixModel(RowTableModel):
    """Members down, held meetings across; each cell a letter, tinted, its word in the tooltip.

    The columns follow the matrix shown, so `set_matrix` changes them and the rows together.
    """

    first_date_column = 2

    def __init__(self, matrix: Matrix | None, parent=None) -> None:
        super().__init__(self._columns(matrix), parent)
        self.matrix = matrix
        self.set_rows(matrix.rows if matrix else ())

    @property
    def date_count(self) -> int:
        return len(self.matrix.meeting_dates) if self.matrix else 0

    @staticmethod
    def _columns(matrix: Matrix | None) -> list[Column]:
        columns = [
            person_column("Member", lambda row: row.person_name),
            text("Agency", lambda row: row.agency_name),
        ]
        for position, day in enumerate(matrix.meeting_dates if matrix else ()):
            columns.append(
                Column(
                    f"{day:%d/%m}\n{day:%Y}",
                    lambda row, position=position: row.codes[position],
                    align=CENTRE,
                    tooltip=lambda row, position=position, day=day: (
                        f"{row.person_name}, {format_date(day)}: {MATRIX_WORDS.get(row.codes[position], '')}"
                    ),
                    description=format_date(day),
                )
            )
        columns.append(number_column("Present", lambda row: row.present))
        columns.append(number_column("Held", lambda row: row.held, description="Held meetings while a member"))
        columns.append(rate_column("Rate", lambda row: row.rate))
        return columns

    def set_matrix(self, matrix: Matrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.columns = tuple(self._columns(matrix))
        # As RowTableModel.set_rows does, inside this one reset (the columns change with the rows).
        self._rows = list(matrix.rows if matrix else ())
        self._search = [" ".join(column.text(row) for column in self.columns).casefold() for row in self._rows]
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        in_dates = index.isValid() and 0 <= index.column() - self.first_date_column < self.date_count
        if role == Qt.ItemDataRole.BackgroundRole:
            if in_dates:
                code = self.row_at(index.row()).codes[index.column() - self.first_date_column]
                colour = MATRIX_BACKGROUNDS.get(code)
                return QBrush(colour) if colour is not None else None
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and in_dates:
            return self.data(index, Qt.ItemDataRole.ToolTipRole)
        return super().data(index, role)


# --- every register line, fetched as the list scrolls --------------------------------------------

REGISTER_COLUMNS = (
    ("Date", "date"),
    ("Group", "group"),
    ("Person", "person"),
    ("Agency", "agency"),
    ("Attendance", "status"),
    ("Deputy", "deputy"),
    ("Meeting", None),
)


def _register_cell(line: RegisterLine, column: int) -> str:
    if column == 0:
        return format_date(line.meeting_date)
    if column == 1:
        return line.group_name
    if column == 2:
        return line.person_name
    if column == 3:
        return line.agency_name
    if column == 4:
        return line.status.label
    if column == 5:
        return line.deputy_name or ""
    return line.meeting_status.label


class RegisterLinesModel(QAbstractTableModel):
    """Every register line of the meetings in a period and groups, read `batch_size` lines at a time as the
    view scrolls (canFetchMore / fetchMore), each batch one query starting after the last line read.

    Sorting asks the database again in the new order rather than sorting the lines read so far, so a
    sorted list is the whole list sorted.
    """

    def __init__(
        self,
        database,
        period: Period,
        group_ids: Sequence[int] | None,
        batch_size: int = REGISTER_BATCH,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.batch_size = batch_size
        self.period = period
        self.group_ids = None if group_ids is None else list(group_ids)
        self.order = "date"
        self.descending = False
        self._lines: list[RegisterLine] = []
        self._total = 0
        self._exhausted = False
        self._fetching = False
        self._load()

    def _load(self) -> None:
        self._lines = []
        self._exhausted = False
        self._total = count_register_lines(self.database, self.period, self.group_ids)

    def set_selection(self, period: Period, group_ids: Sequence[int] | None) -> None:
        self.beginResetModel()
        self.period = period
        self.group_ids = None if group_ids is None else list(group_ids)
        self._load()
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many lines there are in all (read or not yet)."""
        return self._total

    def lines(self) -> list[RegisterLine]:
        return list(self._lines)

    def line_at(self, row: int) -> RegisterLine:
        return self._lines[row]

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(REGISTER_COLUMNS)

    def canFetchMore(self, parent: AnyIndex = NO_PARENT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._exhausted and not self._fetching and len(self._lines) < self._total

    def fetchMore(self, parent: AnyIndex = NO_PARENT) -> None:  # noqa: N802 - Qt's name
        # A view (or a model tester) may ask for more while this batch is being announced: it gets nothing
        # then, rather than the same batch twice.
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        try:
            self._fetch_batch()
        finally:
            self._fetching = False

    def _fetch_batch(self) -> None:
        after = self._lines[-1].key if self._lines else None
        batch = register_lines(
            self.database,
            self.period,
            self.group_ids,
            limit=self.batch_size,
            after=after,
            order=self.order,
            descending=self.descending,
        )
        if len(batch) < self.batch_size:
            # Lines deleted since the count would otherwise have the view ask for more for ever.
            self._exhausted = True
        if not batch:
            return
        first = len(self._lines)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._lines.extend(batch)
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        if not (0 <= index.column() < len(REGISTER_COLUMNS)):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _register_cell(line, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4 and line.status is AttendanceStatus.DEPUTY:
            return f"{line.deputy_name or 'A deputy'} came in place of {line.person_name}"
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.column() == 6
            and line.meeting_status is not MeetingStatus.HELD
        ):
            return "A register taken for a meeting that is not marked as held does not count in the rates"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(REGISTER_COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return REGISTER_COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            if REGISTER_COLUMNS[section][1] is None:
                return "The meeting's status (this column does not sort)"
            return "Click to sort the whole list by this column"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = REGISTER_COLUMNS[column][1] if 0 <= column < len(REGISTER_COLUMNS) else None
        key = key or "date"
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.order, self.descending) and (self._lines or self._exhausted):
            return
        self.beginResetModel()
        self.order, self.descending = key, descending
        self._load()
        self.endResetModel()


# --- the charts on screen ------------------------------------------------------------------------


class ChartPicture(QScrollArea):
    """A chart of ui.attendance_charts (the pictures of the Word report), drawn again at the width shown."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(accessible_name)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.picture.setAutoFillBackground(True)
        self.picture.setStyleSheet("background: white;")
        self.picture.setWordWrap(True)
        self.setWidget(self.picture)
        self.draw: Callable[[int], bytes | None] | None = None
        self.empty_text = ""
        self.png: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.redraw)

    def set_chart(self, draw: Callable[[int], bytes | None] | None, description: str, empty_text: str) -> None:
        self.draw = draw
        self.empty_text = empty_text
        self.setAccessibleDescription(description)
        self.picture.setAccessibleDescription(description)
        self.picture.setToolTip(description)
        self.redraw()

    def redraw(self) -> None:
        width = max(self.viewport().width() - 2, 320)
        self.png = self.draw(width) if self.draw else None
        if self.png is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.empty_text)
            self.picture.setMargin(12)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.png, "PNG")
        self.picture.setMargin(0)
        self.picture.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._timer.start()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 20)


# --- the page ------------------------------------------------------------------------------------


def _tab(*items: QWidget | QHBoxLayout, stretch_index: int | None = None) -> QWidget:
    tab = QWidget()
    layout = QVBoxLayout(tab)
    for position, item in enumerate(items):
        stretch = 1 if position == stretch_index else 0
        if isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, stretch)
    return tab


def _row(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


def _button(label: str, tooltip: str, slot: Callable[[], Any]) -> QPushButton:
    button = QPushButton(label)
    button.setToolTip(tooltip)
    button.setAccessibleName(label.replace("&", "").replace("…", ""))
    button.clicked.connect(lambda _checked=False: slot())
    return button


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
        self.period_error.setStyleSheet("color: #a4161a; font-weight: bold;")
        self.period_error.setAccessibleName("Problem with the period")
        self.period_error.setVisible(False)
        self.period_error.setWordWrap(True)  # a long sentence wraps under the row instead of pushing it off screen
        self.thresholds_button = _button(
            "&Thresholds…",
            "The colour bands and when a member counts as a serial non-attender (administrators can change them)",
            self.edit_thresholds,
        )
        self.excel_button = _button(
            "Export to &Excel…",
            "Write what is shown (this period and these groups) to an Excel workbook",
            self.export_excel,
        )
        self.word_button = _button(
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
        all_button = _button("A&ll", "Tick every group", lambda: self.tick_all(True))
        none_button = _button("&None", "Clear every tick", lambda: self.tick_all(False))
        with_subgroups_button = _button(
            "With &subgroups",
            "Tick the highlighted board or group and every group reporting to it",
            self.tick_with_subgroups,
        )
        only_button = _button(
            "&Only this", "Tick the highlighted group alone (and its subgroups with Shift held)", self.tick_only
        )
        self.selection_label = QLabel()
        self.selection_label.setWordWrap(True)
        self.selection_label.setAccessibleName("Groups ticked")
        layout.addWidget(heading)
        layout.addWidget(self.group_tree, 1)
        layout.addLayout(_row(all_button, none_button, stretch=False))
        layout.addLayout(_row(with_subgroups_button, only_button, stretch=False))
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
        self.summary.setText(self.summary_text(report))
        self.agency_model.set_rows(report.agencies)
        self.person_model.set_rows(report.people)
        self.group_table_model.set_rows(report.groups)
        self.completeness_model.set_rows(report.completeness)
        thresholds = report.thresholds
        self.agency_chart.set_chart(
            (lambda width: agency_rates_chart(report.agencies, thresholds, width=width)) if report.agencies else None,
            self._agency_chart_description(report),
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

    @staticmethod
    def summary_text(report: AttendanceReport) -> str:
        if not report.group_ids:
            return f"{report.period.label.capitalize()}: no groups ticked."
        planned = sum(row.planned for row in report.groups)
        held = sum(row.held for row in report.groups)
        serial = len(report.serial_non_attenders)
        unfinished = len(report.completeness)
        missing = sum(len(row.registers_missing) for row in report.groups)
        parts = [
            f"{report.period.label.capitalize()}, {report.selection_label}: "
            f"{held:,} meeting{'' if held == 1 else 's'} held of {planned:,} planned",
            f"{serial} serial non-attender{'' if serial == 1 else 's'}",
            (
                f"{unfinished} register{' is' if unfinished == 1 else 's are'} incomplete"
                if unfinished
                else "every register complete"
            ),
        ]
        if missing:
            parts.append(f"{missing} register{'' if missing == 1 else 's'} missing, left out of the rates")
        return "; ".join(parts) + "."

    @staticmethod
    def _agency_chart_description(report: AttendanceReport) -> str:
        rows = sorted((row for row in report.agencies if row.rate is not None), key=lambda row: row.rate)
        if not rows:
            return "Agency rates: nothing to show."
        said = "; ".join(f"{row.agency_name} {percent_text(row.rate)} ({band_text(row).lower()})" for row in rows)
        return f"Meetings attended by agency, lowest first: {said}."

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
        left = _tab(_row(self.agency_search), self.agency_table, count, self.thresholds_note, stretch_index=1)
        left.layout().setContentsMargins(0, 0, 0, 0)
        # The chart below the table, the full width of the tab, so that agency names stay readable.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(self.agency_chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.agency_split = split
        self.agency_tab = _tab(split, stretch_index=0)
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
        self.person_tab = _tab(_row(self.person_search, self.serial_only), self.person_table, count, stretch_index=1)
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
        top = _tab(_row(self.group_search, hint), self.group_table, count, stretch_index=1)
        top.layout().setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(self.group_chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.group_tab_widget = _tab(split, stretch_index=0)
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
        self.matrix_tab = _tab(
            _row(labelled("&Group:", self.matrix_choice), self.matrix_choice, self.matrix_summary),
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
        self.completeness_tab = _tab(
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
        self.register_tab = _tab(intro, self.register_table, self.register_count, stretch_index=1)
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
            sentence += f" {_not_recorded(row.not_recorded)}, left out of the rate."
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
            sentence += f" {_not_recorded(row.not_recorded)}, neither attended nor missed."
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
                    write_attendance_workbook(report, temporary)
                else:
                    write_attendance_document(report, temporary, charts)
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


def narrow_wrapped_headers(view: QTableView) -> None:
    """Figure columns as narrow as their figures and header allow (fit_columns leaves room for long text, and
    measures a header written on two lines as one line)."""
    model = view.model()
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    padding = metrics.averageCharWidth()
    for position in range(model.columnCount()):
        title = str(model.headerData(position, Qt.Orientation.Horizontal) or "")
        align = model.headerData(position, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
        figures = align is not None and not (Qt.AlignmentFlag(align) & Qt.AlignmentFlag.AlignLeft)
        if "\n" in title or figures:
            # Room for the sort arrow beside the header's wider line.
            widest = max(metrics.horizontalAdvance(line) for line in title.split("\n")) + padding * 4
            header.resizeSection(position, max(widest, view.sizeHintForColumn(position) + padding * 2))


def cap_columns(view: QTableView, widest: dict[int, int]) -> None:
    """Narrows the given columns to at most so many average characters."""
    header = view.horizontalHeader()
    character = view.fontMetrics().averageCharWidth()
    for position, characters in widest.items():
        if header.sectionSize(position) > characters * character:
            header.resizeSection(position, characters * character)


def held_of(matrix: Matrix | None) -> int:
    return len(matrix.meeting_dates) if matrix else 0
