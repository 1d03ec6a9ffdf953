"""The Boards and groups page's pieces: the group tree's model, the member list's columns and the words
for a group's term and quorum; the page itself is structure.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette

from board_admin.domain.dates import format_date
from board_admin.domain.quorum import DEFAULT_COUNTING_ROLES, describe_roles
from board_admin.reports.groups import GroupRecord
from board_admin.reports.lists import GroupRow, MemberRow
from board_admin.ui.table_model import (
    NO_PARENT,
    ROW_ROLE,
    SEARCH_ROLE,
    SORT_ROLE,
    AnyIndex,
    Column,
    date_column,
    enum_column,
    number_column,
    person_column,
    text_column,
)


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


def membership_standing(row: MemberRow, on_date: dt.date) -> str:
    """Where a membership stands on the day shown, in words (the list also greys past ones)."""
    if row.start_date > on_date:
        return "Not started yet"
    if row.end_date is not None and row.end_date < on_date:
        return "Past"
    return "Current"


PERSON = person_column("Person", lambda row: row.person_name)
ROLE = enum_column("Role", lambda row: row.role)
AGENCY = text_column("Agency represented", lambda row: row.agency_name, stretch=True)
SINCE = date_column("Since", lambda row: row.start_date)
UNTIL = date_column("Until", lambda row: row.end_date, description="The date the membership ends, when known")
DEPUTY_FOR = text_column("Deputy for", lambda row: row.deputy_for, description="The member a deputy stands in for")
MEMBER_COLUMNS = (PERSON, ROLE, AGENCY, SINCE, UNTIL, DEPUTY_FOR)

DETAIL_FIELDS = (
    ("kind", "Kind:"),
    ("remit", "Remit:"),
    ("parent", "Reports to:"),
    ("chair", "Chair:"),
    ("frequency", "Meets:"),
    ("quorum", "Quorum rule:"),
    ("term", "Runs:"),
)


def quorum_rule(group: GroupRow, record: GroupRecord | None) -> str:
    statutory = bool(record and record.statutory_partners_required)
    if not group.quorum:
        return "Each statutory partner represented" if statutory else "No quorum set"
    text = f"{group.quorum} member{'s' if group.quorum != 1 else ''} present"
    text += ", including each statutory partner" if statutory else ""
    if record is not None and record.counting_roles != DEFAULT_COUNTING_ROLES:
        # Only a group that changed the voting roles says which they are; the default goes without saying.
        text += f" (counting: {describe_roles(record.counting_roles).lower()})"
    return text


def term_text(group: GroupRow) -> str:
    if group.start_date and group.end_date:
        return f"{format_date(group.start_date)} to {format_date(group.end_date)}"
    if group.start_date:
        return f"From {format_date(group.start_date)} (standing group)"
    if group.end_date:
        return f"Until {format_date(group.end_date)}"
    return "Standing group (no end date)"
