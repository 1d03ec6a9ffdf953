"""Boards and groups: the governance structure as a tree with each group's details and members, the forms
that keep it (administrators only), and the structure as a picture to save as PNG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.enums import MemberRole
from board_admin.domain.errors import InUseError
from board_admin.domain.permissions import Permission
from board_admin.reports import lists
from board_admin.reports.groups import GroupRecord, group_record, membership_history
from board_admin.reports.lists import GroupRow, MemberRow
from board_admin.reports.structure import structure_on
from board_admin.services import structure as service
from board_admin.ui.date_field import DateField
from board_admin.ui.diagram import StructureDiagram, render_structure_png
from board_admin.ui.dialogs import group_forms
from board_admin.ui.messages import ask, describe_failure, show_message
from board_admin.ui.pages.base import Page
from board_admin.ui.pages.structure_parts import (
    DETAIL_FIELDS,
    MEMBER_COLUMNS,
    GroupTreeModel,
    membership_standing,
    quorum_rule,
    term_text,
)
from board_admin.ui.table_model import (
    ROW_ROLE,
    RowTableModel,
    SearchFilterProxyModel,
    text_column,
)
from board_admin.ui.widgets import (
    CountLabel,
    EmptyState,
    SearchField,
    action_button,
    fit_columns,
    flow_row,
    labelled,
    make_table,
    scaled_font,
    toolbar_row,
    wrap_long_text,
)


class StructurePage(Page):
    key = "groups"
    title = "Boards and groups"
    subtitle = "Boards at the top, each subgroup under the group it reports to. Select a group to see who sits on it."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dialog: QWidget | None = None
        self._record: GroupRecord | None = None
        self.groups: list[GroupRow] = []
        self.tree_model = GroupTreeModel(self.today(), self)
        self.tree_proxy = SearchFilterProxyModel(self)
        self.tree_proxy.setRecursiveFilteringEnabled(True)
        self.tree_proxy.setSourceModel(self.tree_model)
        self.search = SearchField(self.tree_proxy, "boards and groups")
        self.show_ended = QCheckBox("Show &ended groups")
        self.show_ended.setToolTip("Include task and finish groups and others whose end date has passed")
        self.show_ended.toggled.connect(self._apply_filters)
        self._build_group_actions()
        self.layout_.addLayout(
            flow_row(
                self.search,
                self.show_ended,
                self.new_group_button,
                self.edit_group_button,
                self.move_group_button,
                self.close_group_button,
                self.delete_group_button,
            )
        )

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
        self.tree.doubleClicked.connect(lambda _index: self.edit_group())

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.tree_empty = EmptyState(
            self.tree,
            self.tree_model,
            "No boards or groups yet. An administrator starts with the executive board (New group…, kind Board), "
            "then adds each partnership board and subgroup under the group it reports to, and their members "
            "below. The agencies and people come first, on People and agencies.",
        )
        self.splitter.addWidget(self.tree_empty)
        self.lower = QSplitter(Qt.Orientation.Horizontal)
        self.lower.setChildrenCollapsible(False)
        self.lower.addWidget(self._build_details())
        self.lower.addWidget(self._build_members())
        self.lower.setStretchFactor(0, 2)
        self.lower.setStretchFactor(1, 5)
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # Until the user moves them: the tree its rows' height, the details a readable column beside the members.
        self.splitter.setSizes([400, 500])
        self.lower.setSizes([400, 1100])
        for key, splitter in (("structure/splitter", self.splitter), ("structure/lower", self.lower)):
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Boards and groups views")
        self.tabs.addTab(self.splitter, "&Groups and members")
        self.tabs.addTab(self._build_picture(), "Structure &picture")
        self.tabs.setTabToolTip(1, "The governance structure drawn as a diagram, to save as a picture")
        self.tabs.currentChanged.connect(lambda _index: self._show_picture())
        self.layout_.addWidget(self.tabs, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_group)
        # Delete acts on whichever list has the focus: the group in the tree, the membership in the table.
        for view, slot in ((self.tree, self.delete_group), (self.members_table, self.delete_membership)):
            shortcut = QShortcut(QKeySequence.StandardKey.Delete, view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._apply_filters()
        self._show_group()
        self._update_actions()

    # --- building ---------------------------------------------------------------------------------

    def _build_group_actions(self) -> None:
        button = action_button
        self.new_group_button = button(
            "&New group…", "Add a board, subgroup, task and finish group or forum (Ctrl+N)", self.new_group
        )
        self.edit_group_button = button("Ed&it group…", "Change the selected group's details", self.edit_group)
        self.move_group_button = button(
            "&Move under…",
            "Make the selected group report to another group; its subgroups move with it",
            self.move_group,
        )
        self.close_group_button = button(
            "C&lose group…",
            "End the selected group on a date (a task and finish group whose work is done)",
            self.close_group,
        )
        self.delete_group_button = button(
            "&Delete group…",
            "Delete a group entered by mistake (Delete key); a group with a history is closed instead",
            self.delete_group,
        )
        self.group_buttons = (
            self.new_group_button,
            self.edit_group_button,
            self.move_group_button,
            self.close_group_button,
            self.delete_group_button,
        )

    def _build_details(self) -> QWidget:
        box = QGroupBox("Group details")
        box.setAccessibleName("Details of the selected group")
        # The details scroll inside the box when the splitter leaves it short (a laptop at 150%): a wrapped value
        # ("Reports to" a board of a long name) was cut after the lines the box had room for.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        scroll.setWidget(inner)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.group_name = QLabel()
        self.group_name.setFont(scaled_font(self.group_name, 1.15, bold=True))
        self.group_name.setWordWrap(True)
        self.group_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.group_name)
        self.detail_labels: dict[str, QLabel] = {}
        for key, caption in DETAIL_FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption, value)
            self.detail_labels[key] = value
        box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        return box

    def _build_members(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.members_heading = QLabel("Members")
        self.members_heading.setFont(scaled_font(self.members_heading, 1.15, bold=True))
        self.members_heading.setWordWrap(True)
        layout.addWidget(self.members_heading)

        self.show_past = QCheckBox("Show &past members")
        self.show_past.setToolTip("List every membership the group has had, with those that ended and those to come")
        self.show_past.toggled.connect(lambda _checked: self._show_members())
        self.on_date = DateField(own_errors=True)
        self.on_date.setAccessibleName("Show members on date")
        self.on_date.setToolTip("Show who sat on the group on another day, past or future")
        self.on_date.setDate(self.today())
        self.on_date.dateChanged.connect(lambda _date: self._show_members())
        self.today_button = action_button("&Today", "Show the members on today's date", self._members_today)
        layout.addLayout(
            flow_row(self.show_past, labelled("Show members &on:", self.on_date), self.on_date, self.today_button)
        )

        self.add_member_button = action_button("&Add member…", "Add a person to the selected group", self.add_member)
        self.change_role_button = action_button(
            "Change &role…",
            "Give the selected member a new role from a date; the old role stays in the history",
            self.change_role,
        )
        self.end_member_button = action_button(
            "&End membership…", "End the selected membership on a date; it stays in the history", self.end_membership
        )
        self.add_deputy_button = action_button(
            "Add dep&uty…", "Add a deputy who stands in for the selected member", self.add_deputy
        )
        self.delete_member_button = action_button(
            "Delete membership…",
            "Delete a membership entered by mistake (Delete key); end it instead if it simply finished",
            self.delete_membership,
        )
        self.member_buttons = (
            self.add_member_button,
            self.change_role_button,
            self.end_member_button,
            self.add_deputy_button,
            self.delete_member_button,
        )
        layout.addLayout(flow_row(*self.member_buttons))

        standing = text_column(
            "Standing",
            lambda row: membership_standing(row, self._members_date()),
            description="Current, past or not started yet, on the date shown",
        )
        self.members_model = RowTableModel((*MEMBER_COLUMNS, standing), self)
        self.members_proxy = SearchFilterProxyModel(self)
        self.members_proxy.setSourceModel(self.members_model)
        self.members_table = wrap_long_text(make_table(self.members_proxy, "Members of the selected group"))
        self.members_table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_actions())
        layout.addWidget(self.members_table, 1)
        self.members_count = CountLabel(self.members_proxy, "membership", "memberships")
        layout.addWidget(self.members_count)
        return panel

    def _build_picture(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        self.picture_date = DateField(own_errors=True)
        self.picture_date.setToolTip("Draw the structure as it stood (or will stand) on this date")
        self.picture_date.setDate(self.today())
        self.picture_date.dateChanged.connect(lambda _date: self._show_picture(force=True))
        self.save_picture_button = action_button(
            "&Save picture as PNG…",
            "Save the structure picture as a PNG file, e.g. for a report or a slide",
            self.save_picture,
        )
        layout.addLayout(
            toolbar_row(labelled("Structure &on:", self.picture_date), self.picture_date, self.save_picture_button)
        )
        self.diagram = StructureDiagram()
        self.picture_scroll = QScrollArea()
        self.picture_scroll.setWidgetResizable(True)
        self.picture_scroll.setWidget(self.diagram)
        self.picture_scroll.setAccessibleName("Structure picture")
        layout.addWidget(self.picture_scroll, 1)
        self._picture_stale = True
        return panel

    # --- loading ------------------------------------------------------------------------------------

    def search_field(self) -> SearchField:
        return self.search

    def save_state(self) -> None:
        self.settings.setValue("structure/splitter", self.splitter.saveState())
        self.settings.setValue("structure/lower", self.lower.saveState())

    def reload(self, select_id: int | None = None) -> None:
        selected = self.selected_group()
        wanted = select_id if select_id is not None else (selected.id if selected else None)
        today = self.today()
        self.groups = lists.group_rows(self.database, today)
        self.tree_model.set_rows(self.groups, today)
        self.tree.expandAll()
        fit_columns(self.tree)
        self.select_group(wanted)
        self._picture_stale = True
        self._show_picture()
        self._show_group()
        self._update_actions()

    def select_group(self, group_id: int | None) -> None:
        target = self.tree_model.index_of(group_id) if group_id is not None else QModelIndex()
        proxy_index = self.tree_proxy.mapFromSource(target) if target.isValid() else QModelIndex()
        if not proxy_index.isValid() and self.tree_proxy.rowCount() > 0:
            proxy_index = self.tree_proxy.index(0, 0)
        if proxy_index.isValid():
            self.tree.setCurrentIndex(proxy_index)

    def selected_group(self) -> GroupRow | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None

    def selected_member(self) -> MemberRow | None:
        return self.members_proxy.row_at(self.members_table.currentIndex())

    def _members_date(self) -> dt.date:
        return self.on_date.date() or self.today()

    def _members_today(self) -> None:
        self.on_date.setDate(self.today())

    def _apply_filters(self) -> None:
        if self.show_ended.isChecked():
            self.tree_proxy.set_row_filter(None)
        else:
            self.tree_proxy.set_row_filter(lambda group: not group.ended_by(self.tree_model.today))
        self.tree.expandAll()

    def _group_selected(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_group()
        self._update_actions()

    def _show_group(self) -> None:
        group = self.selected_group()
        self._record = group_record(self.database, group.id) if group else None
        if group is None:
            self.group_name.setText("No group selected")
            for label in self.detail_labels.values():
                label.setText("")
            self.detail_labels["kind"].setText("Select a group in the list above to see its details and members.")
        else:
            self.group_name.setText(group.name + (f" ({group.short_name})" if group.short_name else ""))
            parent = self.tree_model.index_of(group.parent_id) if group.parent_id else QModelIndex()
            parent_name = parent.data(ROW_ROLE).name if parent.isValid() else None
            if group.dotted_line:
                reports = f"Linked to {parent_name} (dotted line: does not report to it)" if parent_name else "Nothing"
            else:
                reports = parent_name or "Nothing: top of the structure"
            values = {
                "kind": group.kind.label,
                "remit": group.remit.label,
                "parent": reports,
                "chair": " and ".join(group.chairs) if group.chairs else "No chair at present",
                "frequency": group.frequency.label if group.frequency else "Not set",
                "quorum": quorum_rule(group, self._record),
                "term": term_text(group) + (" (ended)" if group.ended_by(self.today()) else ""),
            }
            for key, text in values.items():
                self.detail_labels[key].setText(text)
        self._show_members()

    def _show_members(self) -> None:
        group = self.selected_group()
        self.on_date.setEnabled(not self.show_past.isChecked())
        if group is None:
            self.members_heading.setText("Members")
            self.members_model.set_rows([])
            return
        on_date = self._members_date()
        if self.show_past.isChecked():
            self.members_heading.setText(f"Everyone who has sat on {group.name}")
            rows = membership_history(self.database, group.id, on_date)
        else:
            when = "today" if on_date == self.today() else f"on {format_date(on_date)}"
            self.members_heading.setText(f"Members of {group.name} {when}")
            rows = lists.members_on(self.database, group.id, on_date)
        selected = self.selected_member()
        self.members_model.set_rows(rows)
        fit_columns(self.members_table)
        if selected is not None:
            for position in range(self.members_proxy.rowCount()):
                if (
                    self.members_proxy.row_at(self.members_proxy.index(position, 0)).membership_id
                    == selected.membership_id
                ):
                    self.members_table.selectRow(position)
                    break
        self._update_actions()

    def _show_picture(self, force: bool = False) -> None:
        if self.tabs.currentIndex() != 1 or not (self._picture_stale or force):
            return
        on_date = self.picture_date.date() or self.today()
        self.diagram.set_groups(structure_on(self.database, on_date), on_date=on_date)
        self._picture_stale = False

    def _update_actions(self) -> None:
        allowed = self.database.actor.can(Permission.EDIT_STRUCTURE) and not getattr(
            self.database, "read_only_reason", None
        )
        group = self.selected_group()
        member = self.selected_member()
        for button in (*self.group_buttons, *self.member_buttons):
            # Only administrators keep the structure: the others do not see the actions at all.
            button.setVisible(allowed)
        self.new_group_button.setEnabled(allowed)
        for button in (self.edit_group_button, self.move_group_button, self.delete_group_button):
            button.setEnabled(allowed and group is not None)
        self.close_group_button.setEnabled(allowed and group is not None and not group.ended_by(self.today()))
        self.add_member_button.setEnabled(allowed and group is not None and not group.ended_by(self.today()))
        current = member is not None and (member.end_date is None or member.end_date >= self.today())
        self.change_role_button.setEnabled(allowed and current)
        self.end_member_button.setEnabled(allowed and current)
        self.add_deputy_button.setEnabled(allowed and current and member.role is not MemberRole.DEPUTY)
        self.delete_member_button.setEnabled(allowed and member is not None)

    # --- changes ------------------------------------------------------------------------------------

    def _changed(self, group_id: int | None = None) -> None:
        """After a save: this page reads again; the other pages (people, dashboard) when next shown."""
        self.reload(group_id)

    def new_group(self) -> QWidget | None:
        if not self.new_group_button.isEnabled():
            return None
        selected = self.selected_group()
        dialog = group_forms.GroupFormDialog(
            self.database, self.groups, None, None, selected.id if selected else None, self
        )
        return self.open_dialog(dialog, lambda: self._show_new_group(dialog.group_id))

    def _show_new_group(self, group_id: int | None) -> None:
        self.search.clear()
        self._changed(group_id)

    def edit_group(self) -> QWidget | None:
        group = self.selected_group()
        if group is None or not self.edit_group_button.isEnabled():
            return None
        dialog = group_forms.GroupFormDialog(self.database, self.groups, group, self._record, None, self)
        return self.open_dialog(dialog, lambda: self._changed(group.id))

    def move_group(self) -> QWidget | None:
        group = self.selected_group()
        if group is None or not self.move_group_button.isEnabled():
            return None
        dialog = group_forms.MoveGroupDialog(self.database, self.groups, group, self._record, self)
        return self.open_dialog(dialog, lambda: self._changed(group.id))

    def close_group(self, group: GroupRow | None = None) -> QWidget | None:
        group = group or self.selected_group()
        if group is None or not self.edit_group_button.isEnabled():
            return None
        dialog = group_forms.CloseGroupDialog(self.database, group, self.today(), self)
        return self.open_dialog(dialog, lambda: self._changed(group.id))

    def delete_group(self) -> QMessageBox | None:
        group = self.selected_group()
        if group is None or not self.delete_group_button.isEnabled():
            return None

        def confirmed() -> None:
            try:
                service.delete_group(self.database, group.id)
            except InUseError as error:
                self._offer_to_close(group, error)
                return
            except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
                show_message(self, QMessageBox.Icon.Warning, "Not deleted", describe_failure(error))
                return
            self._changed()

        return ask(
            self,
            "Delete the group",
            f"Delete '{group.name}'? This cannot be undone. A group that has members, meetings or groups under "
            "it cannot be deleted: close it instead.",
            "Delete",
            confirmed,
        )

    def _offer_to_close(self, group: GroupRow, error: InUseError) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Not deleted", error.message, QMessageBox.StandardButton.NoButton, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        close_instead = box.addButton("Close it instead…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(close_instead)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setAccessibleName("Not deleted")
        box.buttonClicked.connect(lambda button: self.close_group(group) if button is close_instead else None)
        box.open()
        self.dialog = box
        return box

    def add_member(self) -> QWidget | None:
        group = self.selected_group()
        if group is None or not self.add_member_button.isEnabled():
            return None
        dialog = group_forms.MemberFormDialog(self.database, group, self.today(), None, self)
        return self.open_dialog(dialog, lambda: self._member_saved(group.id, dialog.membership_id))

    def add_deputy(self) -> QWidget | None:
        group, member = self.selected_group(), self.selected_member()
        if group is None or member is None or not self.add_deputy_button.isEnabled():
            return None
        dialog = group_forms.MemberFormDialog(self.database, group, self.today(), member, self)
        return self.open_dialog(dialog, lambda: self._member_saved(group.id, dialog.membership_id))

    def _member_saved(self, group_id: int, membership_id: int | None) -> None:
        self._changed(group_id)
        for position in range(self.members_proxy.rowCount()):
            if self.members_proxy.row_at(self.members_proxy.index(position, 0)).membership_id == membership_id:
                self.members_table.selectRow(position)
        if membership_id is not None:
            self.offer_past_registers(membership_id)

    def offer_past_registers(self, membership_id: int) -> QWidget | None:
        """A member entered after registers were taken is left off them; the question offers to add them,
        as not recorded (neither attended nor missed), so the registers can be completed."""
        days = service.registers_left_off(self.database, membership_id)
        if not days:
            return None
        count = len(days)
        those = "that register" if count == 1 else "those registers"
        text = (
            f"This membership starts before {count} held meeting{'' if count == 1 else 's'} whose register was "
            f"already taken ({', '.join(format_date(day) for day in days)}), so the member is not on {those}.\n\n"
            f"Add them to {those} as not recorded? A line not recorded counts neither as attended nor as "
            "missed; complete it from the meeting's register."
        )
        box = ask(
            self,
            "Add to earlier registers",
            text,
            "Add to the register" if count == 1 else "Add to the registers",
            lambda: self._add_to_past_registers(membership_id),
        )
        self.dialog = box
        return box

    def _add_to_past_registers(self, membership_id: int) -> None:
        try:
            service.add_to_past_registers(self.database, membership_id)
        except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
            show_message(self, QMessageBox.Icon.Warning, "Not added", describe_failure(error))
            return
        self._changed(self.selected_group().id if self.selected_group() else None)

    def change_role(self) -> QWidget | None:
        group, member = self.selected_group(), self.selected_member()
        if group is None or member is None or not self.change_role_button.isEnabled():
            return None
        dialog = group_forms.ChangeRoleDialog(self.database, member, self.today(), self)
        return self.open_dialog(dialog, lambda: self._changed(group.id))

    def end_membership(self) -> QWidget | None:
        group, member = self.selected_group(), self.selected_member()
        if group is None or member is None or not self.end_member_button.isEnabled():
            return None
        dialog = group_forms.EndMembershipDialog(self.database, member, self.today(), self)
        return self.open_dialog(dialog, lambda: self._changed(group.id))

    def delete_membership(self) -> QMessageBox | None:
        group, member = self.selected_group(), self.selected_member()
        if group is None or member is None or not self.delete_member_button.isEnabled():
            return None

        def confirmed() -> None:
            try:
                service.delete_membership(self.database, member.membership_id)
            except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
                show_message(self, QMessageBox.Icon.Warning, "Not deleted", describe_failure(error))
                return
            self._changed(group.id)

        return ask(
            self,
            "Delete the membership",
            f"Delete {member.person_name}'s membership of {group.name} ({member.role.label.lower()} from "
            f"{format_date(member.start_date)})? This cannot be undone and removes it from the history; "
            "to record that they left, use End membership instead.",
            "Delete",
            confirmed,
        )

    # --- the picture --------------------------------------------------------------------------------

    def _last_folder(self) -> Path:
        window = self.window()
        if hasattr(window, "last_folder"):
            return Path(window.last_folder())
        folder = self.settings.value("files/last_folder")
        return Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()

    def save_picture(self) -> Path | None:
        on_date: dt.date = self.picture_date.date() or self.today()
        suggested = self._last_folder() / f"governance-structure-{on_date:%Y-%m-%d}.png"
        chosen, _selected = QFileDialog.getSaveFileName(
            self, "Save the structure picture", str(suggested), "PNG picture (*.png)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        self.remember_folder(path)
        try:
            self.write_picture(path, on_date)
        except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
            show_message(self, QMessageBox.Icon.Warning, "Not saved", describe_failure(error))
            return None
        show_message(self, QMessageBox.Icon.Information, "Picture saved", f"Saved the structure picture to {path}.")
        return path

    def write_picture(self, path: Path, on_date: dt.date) -> None:
        from board_admin.exporters.files import atomic_output  # loads openpyxl: on first use, not at start

        picture = render_structure_png(
            structure_on(self.database, on_date), title=f"Governance structure on {format_date(on_date)}"
        )
        with atomic_output(path) as temporary:
            temporary.write_bytes(picture)
