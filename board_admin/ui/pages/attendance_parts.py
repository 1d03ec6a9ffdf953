"""The Attendance page's pieces: its columns, table models (banded rates, matrices, every register line
fetched as the list scrolls), the chart picture and the table helpers; the page itself is attendance.py."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.attendance import Period, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, MeetingStatus, Rag
from board_admin.reports.attendance import (
    AttendanceReport,
    GroupRow,
    Matrix,
    RegisterLine,
    count_register_lines,
    register_lines,
)
from board_admin.ui.table_model import (
    CENTRE,
    LEFT,
    NO_PARENT,
    RIGHT,
    AnyIndex,
    Column,
    RowTableModel,
    date_column,
    enum_column,
    number_column,
    person_column,
    yes_no_column,
)
from board_admin.ui.table_model import text_column as text

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
# Register lines read in one query: a screenful many times over, and few enough to read at once.
REGISTER_PAGE = 200
KEPT_PAGES = 8
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


# The figures the chair opens the page for come straight after the name; the agency's sector and whether it is a
# statutory partner last, so that on a narrow window they are what goes behind the right edge.
AGENCY_COLUMNS = (
    text("Agency", lambda row: row.agency_name, stretch=True),
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
    enum_column("Sector", lambda row: row.sector, widest=16),
    yes_no_column("Statutory\npartner", lambda row: row.statutory_partner),
)

PERSON_COLUMNS = (
    person_column("Person", lambda row: row.person_name),
    text("Agency", lambda row: row.agency_name, widest=26),
    text("Group", lambda row: row.group_name, widest=26),
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


def not_recorded(count: int) -> str:
    return f"{count} register{' was' if count == 1 else 's were'} not recorded"


def quorum_text(get: Callable[[GroupRow], int]) -> Callable[[GroupRow], str]:
    return lambda row: f"{get(row):,}" if row.quorum_set else "No quorum set"


# The average attendance straight after the meetings held, so that it stays in view on a narrow window.
GROUP_COLUMNS = (
    text("Group", lambda row: row.group_name, widest=34),
    number_column(
        "Planned",
        lambda row: row.planned,
        description="Held + cancelled + still planned; a postponed meeting once, at the date it moved to",
    ),
    number_column("Held", lambda row: row.held),
    number_column(
        "Cancelled", lambda row: row.cancelled, description="Including meetings postponed and never re-arranged"
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
    """Every register line of the meetings in a period and groups, counted once and read a page at a time:
    the view has all its rows from the start (its scroll bar is true to the whole list) and only the lines
    of the pages it shows are read, each page one query, from whichever end of the list is nearer. Going to
    the last row (Ctrl+End, or the scroll bar dragged down) is one query however long the list is; a few
    pages are kept, so that scrolling back and forth does not read them again.

    Sorting asks the database again in the new order, so a sorted list is the whole list sorted.
    """

    def __init__(
        self,
        database,
        period: Period,
        group_ids: Sequence[int] | None,
        page_size: int = REGISTER_PAGE,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.page_size = page_size
        self.period = period
        self.group_ids = None if group_ids is None else list(group_ids)
        self.order = "date"
        self.descending = False
        self._pages: OrderedDict[int, list[RegisterLine]] = OrderedDict()
        self._total = 0
        self._load()

    def _load(self) -> None:
        self._pages.clear()
        self._total = count_register_lines(self.database, self.period, self.group_ids)

    def set_selection(self, period: Period, group_ids: Sequence[int] | None) -> None:
        self.beginResetModel()
        self.period = period
        self.group_ids = None if group_ids is None else list(group_ids)
        self._load()
        self.endResetModel()

    def refresh(self) -> None:
        """Counts and reads again (lines added or removed since)."""
        self.set_selection(self.period, self.group_ids)

    @property
    def total(self) -> int:
        """How many lines there are in all."""
        return self._total

    def line_at(self, row: int) -> RegisterLine | None:
        """The line at `row`, reading its page if it is not kept; None past the end (lines removed since the
        count, until the list is read again)."""
        if not 0 <= row < self._total:
            return None
        number, within = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    def _read_page(self, number: int) -> list[RegisterLine]:
        first = number * self.page_size
        size = min(self.page_size, self._total - first)
        after_it = self._total - first - size
        if after_it < first:
            # Nearer the end: read in the opposite order from the end, and turn the page round.
            page = register_lines(
                self.database,
                self.period,
                self.group_ids,
                offset=after_it,
                limit=size,
                order=self.order,
                descending=not self.descending,
            )
            page.reverse()
        else:
            page = register_lines(
                self.database,
                self.period,
                self.group_ids,
                offset=first,
                limit=size,
                order=self.order,
                descending=self.descending,
            )
        self._pages[number] = page
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(REGISTER_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.column() < len(REGISTER_COLUMNS)):
            return None
        line = self.line_at(index.row())
        if line is None:
            return None
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
        if (key, descending) == (self.order, self.descending):
            return
        self.beginResetModel()
        self.order, self.descending = key, descending
        self._pages.clear()  # the same lines in another order: counted already
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


# --- table helpers ---------------------------------------------------------------------------------


def held_of(matrix: Matrix | None) -> int:
    return len(matrix.meeting_dates) if matrix else 0


# --- the page's layout and words -------------------------------------------------------------------


def tab_page(*items: QWidget | QHBoxLayout, stretch_index: int | None = None) -> QWidget:
    return lay_out(QWidget(), *items, stretch_index=stretch_index)


def lay_out(tab: QWidget, *items: QWidget | QHBoxLayout, stretch_index: int | None = None) -> QWidget:
    """Stacks `items` down `tab`; the one at `stretch_index` takes the height left over."""
    layout = QVBoxLayout(tab)
    for position, item in enumerate(items):
        stretch = 1 if position == stretch_index else 0
        if isinstance(item, QHBoxLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, stretch)
    return tab


def row_of(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch:
        row.addStretch(1)
    return row


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


def agency_chart_description(report: AttendanceReport) -> str:
    rows = sorted((row for row in report.agencies if row.rate is not None), key=lambda row: row.rate)
    if not rows:
        return "Agency rates: nothing to show."
    said = "; ".join(f"{row.agency_name} {percent_text(row.rate)} ({band_text(row).lower()})" for row in rows)
    return f"Meetings attended by agency, lowest first: {said}."
