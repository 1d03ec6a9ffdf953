"""Small widgets every page uses: the heading, the search box, a configured table and its columns' widths, the
row count, the rows of buttons. The date field is in ui/date_field.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.ui.colours import WARNING_STYLE

# A column may grow to fit its widest text up to this many average characters; longer text is elided
# and shown whole in the tooltip or the detail pane.
WIDEST_COLUMN_CHARACTERS = 70
ROW_PADDING = 6  # pixels above and below a line of text in a list
FIT_SAMPLE_ROWS = 300  # rows measured beyond those in view when fitting a column to its contents
# In a list that wraps its long text, a column of names gives way to the main text down to this many average
# characters (its text wrapping onto more lines) before anything goes behind the right edge.
GIVE_WAY_CHARACTERS = 20
# ... and the main text keeps at least this many (or all of its text, if shorter): on a screen too small for
# that, the columns after it go behind the right edge rather than squeezing it to a few words a line.
MAIN_TEXT_CHARACTERS = 28


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font scaled, so that headings follow the user's display scaling and font size."""
    font = QFont(widget.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class PageHeader(QWidget):
    """The page's title and a sentence saying what the page shows."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        self.title = QLabel(title)
        self.title.setFont(scaled_font(self.title, 1.6, bold=True))
        self.title.setAccessibleName(title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setWordWrap(True)
        palette = self.subtitle.palette()
        palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
        self.subtitle.setPalette(palette)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))


class SearchField(QLineEdit):
    """A search box bound to a proxy model: every word typed must appear somewhere in a row. Esc clears it."""

    def __init__(self, proxy: QSortFilterProxyModel, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(f"Search {what}")
        self.setClearButtonEnabled(True)
        self.setAccessibleName(f"Search {what}")
        self.setToolTip(f"Type words to show only the {what} that contain all of them (Ctrl+F; Esc clears)")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.textChanged.connect(proxy.set_search_text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Cancel) and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


def wrap_rows(view: QTableView) -> None:
    """For a short list whose cells hold several lines: the text wraps and each row is as tall as it needs."""
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def configure_table(view: QTableView, accessible_name: str) -> QTableView:
    """The house style of a list: sortable by clicking a header, whole rows selected, Tab leaves the table.

    The list keeps the order the report gave it until a header is clicked.
    """
    view.setAccessibleName(accessible_name)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    # One line per row, at a height set once: sizing every row to its contents asks the model for every cell
    # of every row at each layout (hundreds of thousands of calls on ten years of data). A list whose rows
    # wrap opts back in with wrap_rows().
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + ROW_PADDING)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if view.selectionModel() is not None:
        view.selectionModel().currentChanged.connect(lambda current, _previous: _show_in_page(view, current))
    return view


def _show_in_page(view: QTableView, current: QModelIndex) -> None:
    """A row the keyboard moves to (its first letters typed, the arrows) is brought into the page's view as well
    as the list's: on a small screen the list itself runs below the window's edge, and the row sat out of sight."""
    if not current.isValid() or not view.hasFocus():
        return
    area = view.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None or area.widget() is None or not area.widget().isAncestorOf(view):
        return
    row = view.visualRect(current)
    place = view.viewport().mapTo(area.widget(), row.center())
    area.ensureVisible(place.x(), place.y(), 0, row.height())


def make_table(model: QAbstractItemModel, accessible_name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    return configure_table(view, accessible_name)


def _declared_columns(model: QAbstractItemModel | None) -> tuple:
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return tuple(getattr(model, "columns", ()))


def fit_columns(view: QTableView | QTreeView, sample_rows: int = FIT_SAMPLE_ROWS) -> None:
    """Widens each column to its contents and header, within a limit; a column declared `stretch` takes
    the rest of the width (and gives way first when the window is narrow). In a list set up with
    wrap_long_text() the other long columns give way before it, their text wrapping."""
    model = view.model()
    if model is None:
        return
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
    # Measured on the rows in view and a few hundred more, not all of them: on ten years of records a list
    # of thousands of rows was measured cell by cell at every reload (seconds at start-up on the dashboard).
    header.setResizeContentsPrecision(sample_rows)
    if isinstance(view, QTreeView):
        view.doItemsLayout()  # the tree measures only the rows it has laid out
    metrics = view.fontMetrics()
    widest = metrics.averageCharWidth() * WIDEST_COLUMN_CHARACTERS
    padding = metrics.averageCharWidth()
    columns = _declared_columns(model)
    stretching = [position for position, column in enumerate(columns) if getattr(column, "stretch", False)]
    header.setStretchLastSection(not stretching)
    header.setMinimumSectionSize(-1)  # the style's, so that a column of Yes/No can be as narrow as it needs
    character = metrics.averageCharWidth()
    for position in range(model.columnCount()):
        header.setSectionResizeMode(position, QHeaderView.ResizeMode.Interactive)
        view.resizeColumnToContents(position)
        title = str(model.headerData(position, Qt.Orientation.Horizontal) or "")
        # Room for the header's widest line and its sort arrow.
        heading = max(header.fontMetrics().horizontalAdvance(line) for line in title.split("\n")) + padding * 3
        declared = columns[position] if position < len(columns) else None
        if _holds_figures(model, position):
            # Figures or Yes/No: as wide as they are, the header on two lines (see table_model.shown_header),
            # so that the width goes to the text.
            wanted = max(view.sizeHintForColumn(position) + padding, heading)
        else:
            wanted = max(header.sectionSize(position), heading)
        most = getattr(declared, "widest", None)
        header.resizeSection(position, min(wanted + padding, widest if most is None else character * most))
    natural = {position: header.sectionSize(position) for position in range(model.columnCount())}
    if stretching:
        # The stretching column gives way first on a narrow window, but keeps enough of its text to be
        # recognised (it is usually the name of the row); beyond that the list scrolls sideways. Qt's least
        # width holds for every column, so no more than the narrowest needs (it once made Yes/No columns wide).
        least = min([metrics.averageCharWidth() * 14, *natural.values()])
        header.setMinimumSectionSize(max(header.minimumSectionSize(), least))
    for position in stretching:
        header.setSectionResizeMode(position, QHeaderView.ResizeMode.Stretch)
    wrapping = view.findChild(_WrappedRows)
    if isinstance(wrapping, _WrappedRows):
        wrapping.natural = natural
        wrapping.give_way()
        wrapping.width_timer.start()  # again once the page has done with its columns


def _holds_figures(model: QAbstractItemModel, position: int) -> bool:
    """A column whose cells are aligned right or centred: figures, rates, Yes/No."""
    align = model.headerData(position, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
    return align is not None and not (Qt.AlignmentFlag(align) & Qt.AlignmentFlag.AlignLeft)


def _shared_out(widths: list[int], room: int, floor: int) -> list[int]:
    """The widths narrowed, widest first and none below `floor`, until together they fit `room` (or all
    are at the floor)."""
    if not widths or sum(widths) <= room:
        return widths
    low, high = floor, max(widths)
    while low < high:  # the widest level at which they fit
        level = (low + high + 1) // 2
        if sum(min(width, level) for width in widths) <= room:
            low = level
        else:
            high = level - 1
    return [min(width, max(low, floor)) for width in widths]


class _WrappedRows(QObject):
    """A list whose long text wraps: the other long columns give way to the stretching one as the window
    narrows, and each row in view is as tall as its wrapped text. Only the rows in view are measured, again
    as they scroll into view, so that a list of thousands of rows costs no more than a screenful (sizing
    every row to its contents asked the model for every cell at each layout)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.natural: dict[int, int] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit_rows)
        # Shared out after the resize, not inside it: narrowing a column can show or hide a scroll bar, which
        # resizes the viewport again.
        self.width_timer = QTimer(self)
        self.width_timer.setSingleShot(True)
        self.width_timer.setInterval(0)
        self.width_timer.timeout.connect(self.give_way)
        # After the list is read again, the row the page then selects (a record just saved) stays in view while
        # the rows above it grow to their wrapped height, until a pass changes no row.
        self.follow_current = False
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.timer.start)
            signal.connect(self._follow_current)
        model.dataChanged.connect(self.timer.start)
        view.verticalScrollBar().valueChanged.connect(self.timer.start)
        view.horizontalHeader().sectionResized.connect(self.timer.start)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            if event.size().width() != event.oldSize().width():
                self.width_timer.start()
            self.timer.start()
        return False

    def _columns(self) -> tuple[list[int], list[int], list[int]] | None:
        """The columns shown, those that give way to the main text, and the main text's (stretching)."""
        columns = _declared_columns(self.view.model())
        if not self.natural or len(columns) != len(self.natural):
            return None
        header, floor = self.view.horizontalHeader(), self._floor()
        shown = [position for position in self.natural if not header.isSectionHidden(position)]
        yielding = [
            position
            for position in shown
            if not getattr(columns[position], "stretch", False)
            and not getattr(columns[position], "keep_width", False)
            and getattr(columns[position], "align", Qt.AlignmentFlag.AlignLeft) & Qt.AlignmentFlag.AlignLeft
            and self.natural[position] > floor
        ]
        stretching = [position for position in shown if getattr(columns[position], "stretch", False)]
        return shown, yielding, stretching

    def _floor(self) -> int:
        return self.view.fontMetrics().averageCharWidth() * GIVE_WAY_CHARACTERS

    def _least_main_text(self, position: int) -> int:
        return min(self.natural[position], self.view.fontMetrics().averageCharWidth() * MAIN_TEXT_CHARACTERS)

    def least_width(self) -> int | None:
        """The narrowest the columns can be with all of them in view: the long ones given way, the main
        text at its least, the others as they are now."""
        parts = self._columns()
        if parts is None:
            return None
        shown, yielding, stretching = parts
        header = self.view.horizontalHeader()
        fixed = sum(header.sectionSize(p) for p in shown if p not in yielding and p not in stretching)
        given_way = sum(min(self.natural[p], self._floor()) for p in yielding)
        return fixed + given_way + sum(self._least_main_text(p) for p in stretching)

    def give_way(self) -> None:
        """Narrows the long columns other than the stretching one, so that it keeps the width its text
        needs (up to the widest a column grows to) while every column stays in view, if they can."""
        view, header = self.view, self.view.horizontalHeader()
        parts = self._columns()
        if parts is None:
            return
        shown, yielding, stretching = parts
        # The other columns as they are now (a page may have narrowed its figures after fit_columns).
        fixed = sum(header.sectionSize(p) for p in shown if p not in yielding and p not in stretching)
        room = view.viewport().width() - fixed - sum(self.natural[position] for position in stretching)
        widths = _shared_out([self.natural[position] for position in yielding], room, self._floor())
        for position, width in zip(yielding, widths, strict=True):
            header.resizeSection(position, width)
        if not stretching:
            return
        left = view.viewport().width() - sum(header.sectionSize(p) for p in shown if p not in stretching)
        for position in stretching:
            least = self._least_main_text(position)
            if left // len(stretching) >= least:
                header.setSectionResizeMode(position, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(position, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(position, least)

    def _follow_current(self, *_args) -> None:
        self.follow_current = True

    def fit_rows(self) -> None:
        view, rows = self.view, self.view.verticalHeader()
        count = view.model().rowCount()
        one_line = rows.defaultSectionSize()
        bottom = view.viewport().height()
        row = view.rowAt(0)
        resized = False
        while 0 <= row < count and view.rowViewportPosition(row) < bottom:
            height = max(one_line, view.sizeHintForRow(row))
            if rows.sectionSize(row) != height:
                rows.resizeSection(row, height)
                resized = True
            row += 1
        current = view.currentIndex()
        if not self.follow_current or not current.isValid():
            self.follow_current = False
            return
        place = view.visualRect(current)
        if not resized and place.top() >= 0 and place.bottom() < bottom:
            self.follow_current = False
            return
        before = view.verticalScrollBar().value()
        view.scrollTo(current)
        if resized or view.verticalScrollBar().value() != before:
            # Again once the list has taken the new heights in (its scroll range is updated after this pass).
            self.timer.start()
        else:
            self.follow_current = False  # as far as it goes (a row taller than the list stays where it is)


def least_width(view: QTableView) -> int | None:
    """For a list set up with wrap_long_text() and fitted: the narrowest it can be with every column in view
    (its long text wrapping), with its frame and room for a vertical scroll bar; None for any other list."""
    wrapping = view.findChild(_WrappedRows)
    columns = wrapping.least_width() if isinstance(wrapping, _WrappedRows) else None
    if columns is None:
        return None
    scroll_bar = view.style().pixelMetric(view.style().PixelMetric.PM_ScrollBarExtent, None, view)
    return columns + 2 * view.frameWidth() + scroll_bar


def wrap_long_text(view: QTableView) -> QTableView:
    """For a list whose main column holds sentences (a decision, an action, an agency's name): its text wraps
    in the cell instead of being cut short or pushed behind the right edge. Call once the view has its model;
    fit_columns() then shares the width out. Safe on a long list: only the rows in view are measured."""
    view.setWordWrap(True)
    # A column past the right edge comes into view smoothly, not a whole column at a jump.
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    _WrappedRows(view)
    return view


class CountLabel(QLabel):
    """'12 meetings', or '3 of 12 meetings shown' when a search or filter hides some."""

    def __init__(self, proxy: QSortFilterProxyModel, singular: str, plural: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.singular, self.plural = singular, plural
        self.setAccessibleName(f"Number of {plural}")
        for signal in (proxy.modelReset, proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged):
            signal.connect(self.update_count)
        self.update_count()

    def update_count(self, *_args) -> None:
        source = self.proxy.sourceModel()
        total = source.rowCount() if source is not None else 0
        shown = self.proxy.rowCount()
        noun = self.singular if total == 1 else self.plural
        self.setText(f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown")


class Tile(QFrame):
    """A dashboard figure: a caption, a big number and a line of detail. Clicking it (or pressing Enter or
    Space when it has focus) opens the page that lists what it counts."""

    activated = Signal()

    def __init__(self, caption: str, target: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.target = target
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Preferred, not Fixed: tiles in a row take the row's height even when one wraps its detail line.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setStyleSheet(
            "QFrame#tile { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"
            "QFrame#tile:focus { border: 2px solid palette(highlight); }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        self.caption_label = QLabel(caption)
        self.caption_label.setFont(scaled_font(self, 1.05, bold=True))
        self.figure_label = QLabel("–")
        self.figure_label.setFont(scaled_font(self, 2.4, bold=True))
        self.figure_label.setStyleSheet("color: #2f5d8a;")
        self.detail_label = QLabel("")
        self.detail_label.setWordWrap(True)
        for label in (self.caption_label, self.figure_label, self.detail_label):
            layout.addWidget(label)
        layout.addStretch(1)
        if target:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(f"Open {target}")
        self.set_figure("–", "")

    def set_figure(self, figure: str, detail: str, warning: bool = False) -> None:
        self.figure_label.setText(figure)
        self.detail_label.setText(detail)
        self.detail_label.setStyleSheet(WARNING_STYLE if warning else "")
        self.setAccessibleName(f"{self.caption}: {figure}" + (f", {detail}" if detail else ""))
        if self.target:
            self.setAccessibleDescription(f"Opens {self.target}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        inside = self.rect().contains(event.position().toPoint())
        if self.target and event.button() == Qt.MouseButton.LeftButton and inside:
            self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.target and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)


class FlowLayout(QLayout):
    """A row of buttons and filters that wraps onto a further line when the window is too narrow for it
    (1366x768 at 150% scaling), instead of pushing the last buttons out of sight. `addStretch` starts a
    group kept together at the right of the line when there is room."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right_from: int | None = None
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def addStretch(self, _stretch: int = 0) -> None:  # noqa: N802 - QBoxLayout's name
        self._right_from = len(self._items)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = sum(item.sizeHint().width() + self.spacing() for item in self._visible())
        height = max((item.sizeHint().height() for item in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not (item.widget() and item.widget().isHidden())]

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lays the items out in lines within `rect`; returns the height they take."""
        spacing = self.spacing()
        lines: list[list[QLayoutItem]] = [[]]
        x = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if lines[-1] and x + width > rect.width():
                lines.append([])
                x = 0
            lines[-1].append(item)
            x += width + spacing
        y = rect.y()
        right_group = set(self._items[self._right_from :]) if self._right_from is not None else set()
        for line in lines:
            height = max((item.sizeHint().height() for item in line), default=0)
            used = sum(item.sizeHint().width() for item in line) + spacing * max(0, len(line) - 1)
            x = rect.x()
            for item in line:
                if item in right_group and move:
                    x = max(x, rect.x() + rect.width() - used)
                    right_group = set()  # only the first of the group jumps; the rest follow it
                if move:
                    hint = item.sizeHint()
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += item.sizeHint().width() + spacing
                used -= item.sizeHint().width() + spacing
            y += height + spacing
        return y - rect.y() - spacing if lines[0] else 0


def flow_row(*widgets: QWidget) -> FlowLayout:
    """A toolbar row that wraps when narrow (see FlowLayout); a label stays on the line of the field it
    names."""
    row = FlowLayout()
    pending: QLabel | None = None
    for widget in widgets:
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            pending = widget
            continue
        if pending is not None and pending.buddy() is widget:
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(pending)
            pair_layout.addWidget(widget)
            row.addWidget(pair)
        else:
            if pending is not None:
                row.addWidget(pending)
            row.addWidget(widget)
        pending = None
    if pending is not None:
        row.addWidget(pending)
    return row


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Sizes a window as asked, but never beyond the screen it opens on (a laptop at 150% scaling has only
    about 900 x 500 points): what does not fit scrolls inside it."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width, height = min(width, available.width() - 40), min(height, available.height() - 60)
    window.resize(width, height)


def toolbar_row(*widgets: QWidget, stretch_after: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    if stretch_after:
        row.addStretch(1)
    return row


def labelled(text: str, buddy: QWidget) -> QLabel:
    """A label that names a control for screen readers and gives it an Alt+letter shortcut."""
    label = QLabel(text)
    label.setBuddy(buddy)
    if not buddy.accessibleName():
        buddy.setAccessibleName(text.replace("&", "").rstrip(":"))
    return label


class EmptyState(QStackedWidget):
    """A list that has nothing in it yet says so, and what to do first, instead of showing a blank table.

    Wraps the list's view: the view is shown while its model has rows (before any search or filter of a
    proxy, so that a search finding nothing still shows the empty table and its count), the message when
    it has none. The page sets the message, which may depend on the user's role or on what exists.
    """

    def __init__(self, view: QWidget, model: QAbstractItemModel, message: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.model = model
        self.message = QLabel(message)
        self.message.setObjectName("emptyState")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setContentsMargins(16, 16, 16, 16)
        self.message.setFont(scaled_font(self.message, 1.1))
        self.message.setStyleSheet("QLabel#emptyState { background: palette(base); border: 1px solid palette(mid); }")
        self.message.setAccessibleName(message)
        self.addWidget(view)
        self.addWidget(self.message)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_state)
        self.update_state()

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.update_state()

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    def update_state(self, *_args) -> None:
        self.setCurrentWidget(self.message if self.is_empty() else self.view)


def action_button(label: str, tooltip: str, slot: Callable[[], Any]) -> QPushButton:
    """A push button for a toolbar: its tooltip, an accessible name without the mnemonic, and `slot` called
    with no arguments (never the `checked` flag Qt passes)."""
    button = QPushButton(label)
    button.setToolTip(tooltip)
    button.setAccessibleName(label.replace("&", "").replace("…", ""))
    button.clicked.connect(lambda _checked=False: slot())
    return button


def more_button(tooltip: str, parent: QWidget, *groups: Sequence[QAction]) -> QPushButton:
    """A page's "More" button: its rarer actions in a menu (`button.menu()`), a separator between groups."""
    menu = QMenu(parent)
    for number, group in enumerate(groups):
        if number:
            menu.addSeparator()
        for action in group:
            menu.addAction(action)
    button = QPushButton("&More")
    button.setToolTip(tooltip)
    button.setMenu(menu)
    return button


def choose_file_to_save(parent: QWidget, settings, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
    """Asks where to save one kind of file, starting in the folder last saved to (kept in `settings`); a name
    typed without `suffix` gets it. None when the user cancels."""
    folder = settings.value("files/last_folder") or str(Path.home())
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(Path(str(folder)) / name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    settings.setValue("files/last_folder", str(path.parent))
    return path


def widest_choice_width(combo: QComboBox) -> int:
    """The width `combo` needs to show its longest choice whole in the box (a group's full name), by the
    style's own measure of the box around the text."""
    longest = max((combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    size = QSize(longest, combo.fontMetrics().height())
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, size, combo).width()
