"""What the panels of the meeting window share: their buttons and lists, and the way a change is saved.

Each tab of the meeting window is a panel of its own module (details, register, agenda and minutes,
actions). A panel saves through services/meetings as the user works and tells the window, which tells
the lists behind it to read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

from board_admin.domain.errors import BoardAdminError
from board_admin.ui.colours import WARNING_HEX
from board_admin.ui.messages import show_message
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel
from board_admin.ui.widgets import action_button, fit_columns, make_table, wrap_rows

if TYPE_CHECKING:
    from board_admin.ui.dialogs.meeting_window import MeetingWindow

ERROR_STYLE = f"color: {WARNING_HEX};"
# A long column beside the text (an owner or a deputy: a name and an agency) is this many average characters
# wide, its text wrapping within it, so that the text column keeps the width, also at 1366x768 and 150%.
SIDE_COLUMN_CHARACTERS = 26


def make_list(parent, name: str, columns) -> tuple[RowTableModel, SearchFilterProxyModel, QTableView]:
    source = RowTableModel(columns, parent)
    proxy = SearchFilterProxyModel(parent)
    proxy.setSourceModel(source)
    return source, proxy, make_table(proxy, name)


def fit_to_text(view: QTableView, held: tuple[str, ...] = (), held_characters: int = SIDE_COLUMN_CHARACTERS) -> None:
    """The meeting window's lists give their width to the text (an action, an item's title, a paper's name):
    each short column (a reference, a date, a status) as wide as its contents and header, each long side
    column named in `held` too but no wider than `held_characters`, and the stretching column the rest. The
    text wraps in its cell and each row is as tall as its text, so nothing is cut short, whatever the size and
    scaling."""
    fit_columns(view)
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    padding = metrics.averageCharWidth()
    # fit_columns raises every column's minimum to keep a squeezed text column recognisable; here the text
    # wraps instead, so the short columns come back down to their contents.
    header.setMinimumSectionSize(padding * 4)
    model = view.model()
    for position in range(header.count()):
        if header.isSectionHidden(position) or header.sectionResizeMode(position) == QHeaderView.ResizeMode.Stretch:
            continue
        title = str(model.headerData(position, Qt.Orientation.Horizontal) or "")
        # Room for the header's text and its sort arrow, as fit_columns gives.
        wanted = max(view.sizeHintForColumn(position), header.fontMetrics().horizontalAdvance(title) + padding * 3)
        wanted += padding
        header.resizeSection(position, min(wanted, padding * held_characters) if title in held else wanted)
    wrap_rows(view)
    # A row of one line keeps the height of every list's rows; only wrapped text makes a row taller.
    rows = view.verticalHeader()
    rows.setMinimumSectionSize(rows.defaultSectionSize())


# The toolbar button every page uses (ui/widgets.py), under the name the meeting window's panels know.
button = action_button


def button_row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return layout


def wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


def error_label(accessible_name: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    return label


class PanelTabs(QTabWidget):
    """The meeting window's tabs, each panel inside a scroll area: on a small screen at 150% a panel taller or
    wider than the window scrolls, and the window (with its buttons) still fits the screen. The tabs are known
    by their panels, as if the scroll areas were not there."""

    def addTab(self, panel: QWidget, label: str) -> int:  # noqa: N802 - Qt's name
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(panel)
        return super().addTab(area, label)

    def widget(self, index: int) -> QWidget | None:
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt's name
        return self.widget(self.currentIndex())

    def indexOf(self, panel: QWidget) -> int:  # noqa: N802 - Qt's name
        return next((index for index in range(self.count()) if self.widget(index) is panel), -1)

    def setCurrentWidget(self, panel: QWidget) -> None:  # noqa: N802 - Qt's name
        index = self.indexOf(panel)
        if index >= 0:
            self.setCurrentIndex(index)


LOCK_STYLE = "QLabel { background: #eef1f5; color: #223; border: 1px solid #889; padding: 6px; }"


class MeetingPanel(QWidget):
    """One tab of the meeting window; `window` gives the database, the meeting and what it knows of it.

    A panel whose content the minutes cover (`covered_by_minutes`) turns read-only once they are approved,
    with a line at its top saying why: `edit_widgets` are the controls that change something.
    """

    covered_by_minutes = False
    lock_hint = "('Record an amendment…' is on the Details tab.)"

    def __init__(self, window: MeetingWindow) -> None:
        super().__init__()
        self.window_ = window
        self.database = window.database
        self.meeting_id = window.meeting_id
        self.today = window.today
        self.edit_widgets: list[QWidget] = []
        self.lock_line = QLabel()
        self.lock_line.setWordWrap(True)
        self.lock_line.setStyleSheet(LOCK_STYLE)
        self.lock_line.setAccessibleName("Why this cannot be edited")
        self.lock_line.setVisible(False)

    @property
    def can_edit(self) -> bool:
        """The user may edit meetings and, for what the minutes cover, the minutes are not approved."""
        locked = self.covered_by_minutes and self.window_.minutes_locked is not None
        return self.window_.can_edit and not locked

    def apply_lock(self) -> None:
        """After a reload: the edit controls follow `can_edit`, and the line says why they are off."""
        for widget in self.edit_widgets:
            widget.setEnabled(self.can_edit)
        locked = self.covered_by_minutes and self.window_.minutes_locked
        self.lock_line.setText(f"{locked} {self.lock_hint}" if locked else "")
        self.lock_line.setVisible(bool(locked))

    def attempt(self, work: Callable[[], None], label: QLabel | None = None) -> bool:
        """Runs a service call; a refusal is shown in `label` (or a message box) and nothing is saved."""
        if label is not None:
            label.setVisible(False)
        try:
            work()
        except BoardAdminError as error:
            if label is not None:
                label.setText(error.message)
                label.setVisible(True)
            else:
                show_message(self, QMessageBox.Icon.Warning, "Not saved", error.message)
            # What the user typed stays in the form, to be corrected.
            return False
        self.window_.saved()
        return True

    def reload(self) -> None:
        """Reads the panel's part of the meeting again."""

    def leave(self) -> bool:
        """Saves what is typed and not yet saved, as the user moves away; False when it could not be saved."""
        return True
