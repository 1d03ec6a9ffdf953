"""Qt models over lists of plain rows.

A page declares its columns once (header, text shown, sort key, alignment) and hands rows to a
RowTableModel; a SearchFilterProxyModel on top sorts by the declared keys (not by the text shown, so
dates and pounds sort as dates and pounds) and keeps the rows whose text contains every word typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont

from board_admin.domain.dates import format_date
from board_admin.domain.enums import LabelledEnum
from board_admin.domain.money import format_pounds
from board_admin.domain.names import surname_key
from board_admin.ui.colours import WARNING_COLOUR

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter

# Dark enough to read as text on white and on the selection colour; never the only sign of a warning.

LONG_TEXT = 30

AnyIndex = QModelIndex | QPersistentModelIndex
# The invalid index Qt uses for "the top level", as a shared default argument.
NO_PARENT = QModelIndex()


def sort_key(value: Any) -> tuple:
    """A key that sorts text without regard to case; its first element marks blanks, which the proxy puts
    last in either direction."""
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, LabelledEnum):
        return (0, value.label.casefold())
    return (0, value)


@dataclass(frozen=True)
class Column:
    """One column of a list: what the header says, the text of a cell, and how the column sorts.

    `sort` defaults to the text shown. `warn` marks cells that need attention (drawn bold and dark red;
    the text itself must also say so, since colour is never the only signal). A `stretch` column takes
    the width the others leave, so that a list fits its window without scrolling sideways. A `keep_width`
    column holds text that cannot wrap (an e-mail address): in a list whose text wraps it does not give way.
    `widest` caps a column of less important text at so many average characters (its text wraps beyond),
    so that the width goes to the columns a user comes to the list for.
    """

    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Any], str | None] | None = None
    warn: Callable[[Any], bool] | None = None
    description: str | None = None
    stretch: bool = False
    keep_width: bool = False
    widest: int | None = None

    def sort_key(self, row: Any) -> tuple:
        return sort_key(self.sort(row) if self.sort else self.text(row))


def text_column(header: str, get: Callable[[Any], str | None], **options) -> Column:
    return Column(header, lambda row: get(row) or "", **options)


def person_column(header: str, get: Callable[[Any], str | None], **options) -> Column:
    """A person's name, sorted by surname as every list of people is (reports.lists.sorted_by_surname)."""
    options.setdefault("sort", lambda row: surname_key(get(row) or ""))
    return Column(header, lambda row: get(row) or "", **options)


def enum_column(header: str, get: Callable[[Any], LabelledEnum | None], **options) -> Column:
    """Shows the enum's label; sorts in the order the enum lists its members (e.g. chair before member)."""

    def position(row: Any) -> int | None:
        value = get(row)
        return None if value is None else list(type(value)).index(value)

    options.setdefault("sort", position)
    return Column(header, lambda row: get(row).label if get(row) is not None else "", **options)


def date_column(header: str, get: Callable[[Any], dt.date | None], **options) -> Column:
    options.setdefault("sort", get)
    return Column(header, lambda row: format_date(get(row)), **options)


def money_column(header: str, get: Callable[[Any], int | None], **options) -> Column:
    options.setdefault("sort", get)
    options.setdefault("align", RIGHT)
    return Column(header, lambda row: "" if get(row) is None else format_pounds(get(row)), **options)


def number_column(header: str, get: Callable[[Any], int | None], **options) -> Column:
    options.setdefault("sort", get)
    options.setdefault("align", RIGHT)
    return Column(header, lambda row: "" if get(row) is None else f"{get(row):,}", **options)


def yes_no_column(header: str, get: Callable[[Any], bool], **options) -> Column:
    options.setdefault("align", CENTRE)
    return Column(header, lambda row: "Yes" if get(row) else "No", **options)


def shown_header(column: Column) -> str:
    """The header as the list shows it. A column of figures or Yes/No is as narrow as its contents, so a header
    of several words goes onto two lines (broken at the space nearest its middle) rather than widening it."""
    title = column.header
    if "\n" in title or " " not in title or column.align & Qt.AlignmentFlag.AlignLeft:
        return title
    spaces = [position for position, character in enumerate(title) if character == " "]
    middle = min(spaces, key=lambda position: abs(len(title) - 2 * position))
    return title[:middle] + "\n" + title[middle + 1 :]


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of rows (frozen dataclasses), one Column per column."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []
        self._search: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # Worked out once per load rather than on every keystroke in the search box.
        self._search = [" ".join(column.text(row) for column in self.columns).casefold() for row in self._rows]
        self.endResetModel()

    def update_rows(self, rows: Iterable[Any]) -> None:
        """Replaces what the rows say, in place: for the same rows in the same order read again after a change
        (a line of a register marked), so that views keep their scroll position, selection and row order."""
        rows = list(rows)
        if len(rows) != len(self._rows):
            self.set_rows(rows)
            return
        self._rows = rows
        self._search = [" ".join(column.text(row) for column in self.columns).casefold() for row in self._rows]
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def column_index(self, column: Column) -> int:
        return self.columns.index(column)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self.columns)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_key(row)
        if role == ROW_ROLE:
            return row
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip:
                return column.tooltip(row)
            # Long text may be cut short in a narrow column; the tooltip shows it whole.
            text = column.text(row)
            return text if len(text) > LONG_TEXT else None
        if column.warn is not None and column.warn(row):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(WARNING_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_header(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.description
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        return None


class SearchFilterProxyModel(QSortFilterProxyModel):
    """Sorts by the source's SORT_ROLE and keeps rows whose SEARCH_ROLE text holds every word typed,
    and that pass the page's own filter (a predicate on the row, e.g. "this group only")."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._accepts: Callable[[Any], bool] | None = None
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def search_text(self) -> str:
        return " ".join(self._words)

    def set_row_filter(self, accepts: Callable[[Any], bool] | None) -> None:
        self._change_filter(lambda: setattr(self, "_accepts", accepts))

    def _change_filter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def row_at(self, proxy_index: QModelIndex) -> Any:
        return proxy_index.siblingAtColumn(0).data(ROW_ROLE) if proxy_index.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt's name
        if not self._words and self._accepts is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._accepts is not None and not self._accepts(index.data(ROW_ROLE)):
            return False
        haystack = index.data(SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802 - Qt's name
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, tuple) and isinstance(b, tuple) and a and b and a[0] != b[0]:
            # Blanks go last whichever way the column is sorted.
            blank_last = a[0] < b[0]
            return blank_last if self.sortOrder() == Qt.SortOrder.AscendingOrder else not blank_last
        try:
            return a < b
        except TypeError:  # keys of different kinds in one column: fall back to their text
            return str(a) < str(b)
