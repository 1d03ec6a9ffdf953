"""Boards and groups: the governance structure as a tree, and the members of the group selected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.reports import lists
from board_admin.reports.lists import GroupRow, MemberRow
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    NO_PARENT,
    ROW_ROLE,
    SEARCH_ROLE,
    SORT_ROLE,
    AnyIndex,
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    enum_column,
    number_column,
    text_column,
)
from board_admin.ui.widgets import CountLabel, SearchField, fit_columns, make_table, scaled_font, toolbar_row


def group_title(group: GroupRow) -> str:
    return f"{group.name} (dotted line)" if group.dotted_line else group.name


def group_term(group: GroupRow, today: dt.date) -> str:
    """When a time-limited group runs, in words; blank for a standing group."""
    if group.end_date is not None and group.end_date < today:
        return f"Ended {format_date(group.end_date)}"
    if group.start_date is not None and group.start_date > today:
        return f"Starts {format_date(group.start_date)}"
    if group.end_date is not None:
        start = f"{format_date(group.start_date)} to " if group.start_date else "Until "
        return start + format_date(group.end_date)
    return ""


@dataclass
class _Node:
    group: GroupRow | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class GroupTreeModel(QAbstractItemModel):
    """Boards at the top, each group under the group it reports to (a dotted-line forum under the board
    it is linked to). Columns are declared like a RowTableModel's."""

    def __init__(self, today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self.columns: tuple[Column, ...] = (
            Column("Group", group_title),
            enum_column("Kind", lambda group: group.kind),
            enum_column("Remit", lambda group: group.remit),
            enum_column("Meets", lambda group: group.frequency),
            Column(
                "Chair",
                lambda group: " and ".join(group.chairs) if group.chairs else "No chair",
                sort=lambda group: " and ".join(group.chairs),
            ),
            number_column("Members", lambda group: group.members, description="People sitting on the group today"),
            Column("Term", lambda group: group_term(group, self.today), sort=lambda group: group.end_date),
        )
        self._root = _Node(None)
        self._search: dict[int, str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, groups: list[GroupRow], today: dt.date) -> None:
        self.beginResetModel()
        self.today = today
        self._root = _Node(None)
        nodes = {group.id: _Node(group) for group in groups}
        for node in nodes.values():
            parent = nodes.get(node.group.parent_id) if node.group.parent_id is not None else None
            # A group whose chain of parents loops back on itself is shown at the top rather than lost.
            if parent is not None and self._reaches(parent, node.group.id, nodes):
                parent = None
            node.parent = parent or self._root
            node.parent.children.append(node)
        self._search = {
            group.id: " ".join(column.text(group) for column in self.columns).casefold() for group in groups
        }
        self.endResetModel()

    @staticmethod
    def _reaches(start: _Node, target: int, nodes: dict[int, _Node]) -> bool:
        seen: set[int] = set()
        current: _Node | None = start
        while current is not None and current.group is not None and current.group.id not in seen:
            if current.group.id == target:
                return True
            seen.add(current.group.id)
            parent_id = current.group.parent_id
            current = nodes.get(parent_id) if parent_id is not None else None
        return False

    def _node(self, index: AnyIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: AnyIndex = NO_PARENT) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self._node(parent)
        if not (0 <= row < len(node.children)) or not (0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: AnyIndex = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self._node(index).group
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(group)
        if role == SORT_ROLE:
            return column.sort_key(group)
        if role == ROW_ROLE:
            return group
        if role == SEARCH_ROLE:
            return self._search.get(group.id, "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.FontRole and group.dotted_line:
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole and group.ended_by(self.today):
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            if group.dotted_line:
                return f"{group.name} is linked to the board above it but does not report to it."
            return group.name
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].description
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].align
        return None

    def index_of(self, group_id: int) -> QModelIndex:
        """The index of a group, wherever it sits in the tree (invalid if it is not there)."""
        stack = [(self._root, QModelIndex())]
        while stack:
            node, index = stack.pop()
            for row, child in enumerate(node.children):
                child_index = self.index(row, 0, index)
                if child.group is not None and child.group.id == group_id:
                    return child_index
                stack.append((child, child_index))
        return QModelIndex()


PERSON = text_column("Person", lambda row: row.person_name)
ROLE = enum_column("Role", lambda row: row.role)
AGENCY = text_column("Agency represented", lambda row: row.agency_name, stretch=True)
SINCE = date_column("Since", lambda row: row.start_date)
UNTIL = date_column("Until", lambda row: row.end_date, description="The date the membership ends, when known")
DEPUTY_FOR = text_column("Deputy for", lambda row: row.deputy_for)
MEMBER_COLUMNS = (PERSON, ROLE, AGENCY, SINCE, UNTIL, DEPUTY_FOR)


class StructurePage(Page):
    key = "groups"
    title = "Boards and groups"
    subtitle = "Boards at the top, each subgroup under the group it reports to. Select a group to see who sits on it."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tree_model = GroupTreeModel(self.today(), self)
        self.tree_proxy = SearchFilterProxyModel(self)
        self.tree_proxy.setRecursiveFilteringEnabled(True)
        self.tree_proxy.setSourceModel(self.tree_model)
        self.search = SearchField(self.tree_proxy, "boards and groups")
        self.show_ended = QCheckBox("Show &ended groups")
        self.show_ended.setToolTip("Include task and finish groups and others whose end date has passed")
        self.show_ended.toggled.connect(self._apply_filters)
        self.layout_.addLayout(toolbar_row(self.search, self.show_ended))

        self.tree = QTreeView()
        self.tree.setModel(self.tree_proxy)
        self.tree.setAccessibleName("Boards and groups")
        # The order of the structure until a header is clicked.
        self.tree.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(True)
        self.tree.selectionModel().currentRowChanged.connect(self._group_selected)

        members_panel = QWidget()
        members_layout = QVBoxLayout(members_panel)
        members_layout.setContentsMargins(0, 8, 0, 0)
        self.members_heading = QLabel("Members")
        self.members_heading.setFont(scaled_font(self.members_heading, 1.2, bold=True))
        self.members_heading.setWordWrap(True)
        self.group_details = QLabel("")
        self.group_details.setWordWrap(True)
        self.on_date = QDateEdit()
        self.on_date.setDisplayFormat("dd/MM/yyyy")
        self.on_date.setCalendarPopup(True)
        self.on_date.setAccessibleName("Members on the date")
        self.on_date.setToolTip("Show who sat on the group on another day")
        self.on_date.setDate(_qdate(self.today()))
        self.on_date.dateChanged.connect(lambda _date: self._show_members())
        date_label = QLabel("Members &on:")
        date_label.setBuddy(self.on_date)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.members_heading, 1)
        heading_row.addWidget(date_label)
        heading_row.addWidget(self.on_date)
        members_layout.addLayout(heading_row)
        members_layout.addWidget(self.group_details)
        self.members_model = RowTableModel(MEMBER_COLUMNS, self)
        self.members_proxy = SearchFilterProxyModel(self)
        self.members_proxy.setSourceModel(self.members_model)
        self.members_table = make_table(self.members_proxy, "Members of the selected group")
        members_layout.addWidget(self.members_table, 1)
        self.members_count = CountLabel(self.members_proxy, "member", "members")
        members_layout.addWidget(self.members_count)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(members_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value("structure/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)
        self._apply_filters()
        self._show_members()

    def search_field(self) -> SearchField:
        return self.search

    def save_state(self) -> None:
        self.settings.setValue("structure/splitter", self.splitter.saveState())

    def reload(self) -> None:
        selected = self.selected_group()
        today = self.today()
        self.tree_model.set_rows(lists.group_rows(self.database, today), today)
        self.tree.expandAll()
        fit_columns(self.tree)
        target = self.tree_model.index_of(selected.id) if selected else QModelIndex()
        if not target.isValid() and self.tree_model.rowCount() > 0:
            target = self.tree_model.index(0, 0)
        proxy_index = self.tree_proxy.mapFromSource(target)
        if proxy_index.isValid():
            self.tree.setCurrentIndex(proxy_index)
        self._show_members()

    def selected_group(self) -> GroupRow | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None

    def _apply_filters(self) -> None:
        if self.show_ended.isChecked():
            self.tree_proxy.set_row_filter(None)
        else:
            self.tree_proxy.set_row_filter(lambda group: not group.ended_by(self.tree_model.today))
        self.tree.expandAll()

    def _group_selected(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_members()

    def _show_members(self) -> None:
        group = self.selected_group()
        if group is None:
            self.members_heading.setText("Members")
            self.group_details.setText("Select a group above to see its members.")
            self.members_model.set_rows([])
            return
        on_date = self.on_date.date().toPython()
        self.members_heading.setText(f"Members of {group.name}")
        self.group_details.setText(self._describe(group))
        members: list[MemberRow] = lists.members_on(self.database, group.id, on_date)
        self.members_model.set_rows(members)
        fit_columns(self.members_table)

    def _describe(self, group: GroupRow) -> str:
        parts = [group.kind.label, f"{group.remit.label} remit"]
        if group.frequency:
            parts.append(f"meets {group.frequency.label.lower()}")
        if group.quorum:
            parts.append(f"quorum {group.quorum}")
        parent = self.tree_model.index_of(group.parent_id) if group.parent_id else QModelIndex()
        if parent.isValid():
            link = "linked to" if group.dotted_line else "reports to"
            parts.append(f"{link} {parent.data(ROW_ROLE).name}")
        term = group_term(group, self.today())
        if term:
            parts.append(term.lower() if term.startswith(("Ended", "Starts", "Until")) else f"runs {term}")
        return "; ".join(parts)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
