"""The forms of the Boards and groups page: a group (new, edit, move under another, close) and a membership
(add a member or a deputy, change a role from a date, end a membership). Each saves through the structure
services; a refused value is told under its field and nothing is written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import Frequency, GroupKind, MemberRole, Remit
from board_admin.domain.quorum import DEFAULT_COUNTING_ROLES
from board_admin.reports.groups import GroupRecord
from board_admin.reports.lists import GroupRow, MemberRow, agency_rows, person_rows
from board_admin.services import structure as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.dialogs.meeting_forms import choice_combo, chosen_item, person_combo

TOP_OF_STRUCTURE = "(nothing: top of the structure)"
NOT_SET = "(not set)"


def enum_combo(members, chosen=None, blank: str | None = None) -> QComboBox:
    # Qt would hand a str enum back as a plain str, so each item keeps the stored value.
    combo = choice_combo([(member.label, member.value) for member in members], blank)
    if chosen is not None:
        combo.setCurrentIndex(max(0, combo.findData(chosen.value)))
    return combo


def chosen_enum(combo: QComboBox, enum_class):
    value = combo.currentData()
    return enum_class(value) if value is not None else None


def _descendants(groups: list[GroupRow], group_id: int) -> set[int]:
    """The group and everything reporting to it, at any depth: none of them can become its parent."""
    found = {group_id}
    grew = True
    while grew:
        grew = False
        for group in groups:
            if group.parent_id in found and group.id not in found:
                found.add(group.id)
                grew = True
    return found


def parent_combo(groups: list[GroupRow], group_id: int | None, chosen: int | None) -> QComboBox:
    excluded = _descendants(groups, group_id) if group_id is not None else set()
    combo = choice_combo([(group.name, group.id) for group in groups if group.id not in excluded], TOP_OF_STRUCTURE)
    if chosen is not None:
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo


def fields_of(group: GroupRow, record: GroupRecord | None, **changes) -> service.GroupFields:
    """The group as it is, with `changes`: what Move under… and the like save."""
    fields = service.GroupFields(
        name=group.name,
        kind=group.kind,
        remit=group.remit,
        short_name=group.short_name,
        parent_id=group.parent_id,
        frequency=group.frequency,
        quorum=group.quorum,
        statutory_partners_required=record.statutory_partners_required if record else False,
        start_date=group.start_date,
        end_date=group.end_date,
        counting_roles=record.counting_roles if record else DEFAULT_COUNTING_ROLES,
    )
    for name, value in changes.items():
        setattr(fields, name, value)
    return fields


class GroupFormDialog(FormDialog):
    """A new group (group None) or the details of one. `group_id` holds the saved group's id afterwards."""

    def __init__(
        self,
        database: Database,
        groups: list[GroupRow],
        group: GroupRow | None = None,
        record: GroupRecord | None = None,
        parent_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New group" if group is None else f"Edit {group.name}"
        intro = (
            "A board, subgroup, task and finish group, forum or panel. Give a task and finish group the dates "
            "it runs; a dotted-line forum is linked to the group chosen under 'Reports to' without reporting to it."
        )
        super().__init__(title, intro, parent)
        self.database = database
        self.group = group
        self.record = record
        self.group_id: int | None = group.id if group else None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.name = self.add_field("name", "&Name:", QLineEdit(group.name if group else ""))
        self.short_name = self.add_field(
            "short_name",
            "S&hort name:",
            QLineEdit(group.short_name or "" if group else ""),
            "The initials used in tables and on the structure picture, e.g. SCPB",
        )
        self.kind = self.add_field("kind", "&Kind:", enum_combo(GroupKind, group.kind if group else GroupKind.SUBGROUP))
        self.remit = self.add_field("remit", "&Remit:", enum_combo(Remit, group.remit if group else Remit.JOINT))
        self.parent_group = self.add_field(
            "parent_id",
            "Reports &to:",
            parent_combo(groups, group.id if group else None, group.parent_id if group else parent_id),
            "The group it reports to (for a dotted-line forum: the one it is linked to)",
        )
        self.frequency = self.add_field(
            "frequency", "&Meets:", enum_combo(Frequency, group.frequency if group else None, NOT_SET)
        )
        self.quorum = QSpinBox()
        self.quorum.setRange(0, 99)
        self.quorum.setSpecialValueText("No quorum set")
        self.quorum.setSuffix(" members present")
        self.quorum.setValue(group.quorum or 0 if group else 0)
        self.add_field("quorum", "&Quorum:", self.quorum, "The fewest members who must be present for decisions")
        self.statutory = QCheckBox("Each statutory partner must be represented")
        self.statutory.setChecked(bool(record and record.statutory_partners_required))
        self.add_field(
            "statutory_partners_required",
            "",
            self.statutory,
            "The meeting is quorate only if the local authority, police and health are all there",
        )
        self.statutory.setAccessibleName("Each statutory partner must be represented")
        self.counting_boxes = self._counting_roles(record.counting_roles if record else DEFAULT_COUNTING_ROLES)
        self.start_date = self.add_field(
            "start_date",
            "&Starts:",
            DateField(optional=True, day=group.start_date if group else None),
            "dd/mm/yyyy; leave empty for a standing group",
        )
        self.end_date = self.add_field(
            "end_date",
            "&Ends:",
            DateField(optional=True, day=group.end_date if group else None),
            "dd/mm/yyyy; a task and finish group's planned end. Leave empty for a standing group",
        )

    def fields(self) -> service.GroupFields:
        return service.GroupFields(
            name=self.name.text(),
            kind=chosen_enum(self.kind, GroupKind),
            remit=chosen_enum(self.remit, Remit),
            short_name=self.short_name.text(),
            parent_id=self.parent_group.currentData(),
            frequency=chosen_enum(self.frequency, Frequency),
            quorum=self.quorum.value() or None,
            statutory_partners_required=self.statutory.isChecked(),
            start_date=self.start_date.value("start_date"),
            end_date=self.end_date.value("end_date"),
            counting_roles=frozenset(role for role, box in self.counting_boxes.items() if box.isChecked()),
        )

    def _counting_roles(self, chosen) -> dict[MemberRole, QCheckBox]:
        """One box per role: ticked, its members count towards the quorum."""
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes = {}
        for index, role in enumerate(MemberRole):
            text = "Deputy in a member's place" if role is MemberRole.DEPUTY else role.label
            box = QCheckBox(text)
            box.setChecked(role in chosen)
            box.setAccessibleName(f"{text} counts towards the quorum")
            grid.addWidget(box, index // 4, index % 4)
            boxes[role] = box
        # Never squeezed when an error line opens above it in a dialog that does not grow.
        holder.setMinimumHeight(holder.sizeHint().height())
        self.add_field(
            "counting_roles",
            "Counts towards\nthe quorum:",
            holder,
            "Whose presence makes the meeting quorate; advisers, observers and minute-takers usually do not count",
        )
        return boxes

    def save(self) -> None:
        if self.group is None:
            self.group_id = service.create_group(self.database, self.fields())
        else:
            version = self.record.version if self.record else None
            service.update_group(self.database, self.group.id, self.fields(), version)


class MoveGroupDialog(FormDialog):
    """Moves a group under another (or to the top); its own subgroups move with it."""

    def __init__(
        self,
        database: Database,
        groups: list[GroupRow],
        group: GroupRow,
        record: GroupRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Move {group.name}",
            f"Choose the group '{group.name}' reports to from now on. The groups under it move with it.",
            parent,
        )
        self.database = database
        self.group = group
        self.record = record
        self.parent_group = self.add_field("parent_id", "Reports &to:", parent_combo(groups, group.id, group.parent_id))

    def save(self) -> None:
        fields = fields_of(self.group, self.record, parent_id=self.parent_group.currentData())
        service.update_group(self.database, self.group.id, fields, self.record.version if self.record else None)


class CloseGroupDialog(FormDialog):
    """Ends a group (a task and finish group whose work is done); the memberships still open end with it."""

    def __init__(self, database: Database, group: GroupRow, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Close {group.name}",
            "The group stays on record with its meetings and members; it leaves the structure after this date, "
            "and the memberships still open end on it.",
            parent,
        )
        self.database = database
        self.group = group
        self.end_date = self.add_field("end_date", "&Last day:", DateField(group.end_date or today))

    def save(self) -> None:
        service.end_group(self.database, self.group.id, self.end_date.value("end_date"))


class MemberFormDialog(FormDialog):
    """Adds a member to a group, or (deputy_for given) a deputy who stands in for that member."""

    def __init__(
        self,
        database: Database,
        group: GroupRow,
        today: dt.date,
        deputy_for: MemberRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if deputy_for is None:
            title, intro = (
                f"Add a member to {group.name}",
                "The member represents their own agency unless you choose another.",
            )
        else:
            title = f"Add a deputy for {deputy_for.person_name}"
            intro = (
                f"The deputy stands in for {deputy_for.person_name} ({deputy_for.agency_name}) on {group.name} "
                "and counts for the agency's representation when attending instead."
            )
        super().__init__(title, intro, parent)
        self.database = database
        self.group = group
        self.deputy_for = deputy_for
        self.membership_id: int | None = None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        people = [person for person in person_rows(database) if deputy_for is None or person.id != deputy_for.person_id]
        self.person = self.add_field("person_id", "&Person:", person_combo(people, "Choose a person…"))
        if deputy_for is None:
            self.role = self.add_field("role", "&Role:", enum_combo(MemberRole, MemberRole.MEMBER))
        else:
            self.role = None
            shown = QLabel(f"Deputy for {deputy_for.person_name}")
            self.add_field("deputy_for_id", "Role:", shown)
        agencies = [(agency.name, agency.id) for agency in agency_rows(database) if agency.active]
        if deputy_for is not None:
            agencies = [(deputy_for.agency_name, deputy_for.agency_id)] + [
                item for item in agencies if item[1] != deputy_for.agency_id
            ]
            blank = None
        else:
            blank = "(the agency they work for)"
        self.agency = self.add_field(
            "agency_id",
            "&Agency represented:",
            choice_combo(agencies, blank),
            "The agency the person sits for; it stays on the record if they later move agency",
        )
        start = max(today, deputy_for.start_date) if deputy_for else today
        if group.start_date and start < group.start_date:
            start = group.start_date
        self.start_date = self.add_field("start_date", "&Starts:", DateField(start))
        self.end_date = self.add_field(
            "end_date",
            "&Ends:",
            DateField(optional=True, day=deputy_for.end_date if deputy_for else None),
            "dd/mm/yyyy; leave empty while the term has no set end",
        )

    def fields(self) -> service.MembershipFields:
        role = MemberRole.DEPUTY if self.role is None else chosen_enum(self.role, MemberRole)
        return service.MembershipFields(
            group_id=self.group.id,
            person_id=chosen_item(self.person, "person_id", "people"),
            role=role,
            start_date=self.start_date.value("start_date"),
            end_date=self.end_date.value("end_date"),
            agency_id=self.agency.currentData(),
            deputy_for_id=self.deputy_for.membership_id if self.deputy_for else None,
        )

    def save(self) -> None:
        self.membership_id = service.add_membership(self.database, self.fields())


class ChangeRoleDialog(FormDialog):
    """A new role from a date: the membership so far keeps its role, a new one holds the new role."""

    def __init__(self, database: Database, row: MemberRow, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Change {row.person_name}'s role",
            f"{row.person_name} is {row.role.label.lower()} since {format_date(row.start_date)}. The new role "
            "starts on the date below; the history keeps the old role until the day before.",
            parent,
        )
        self.database = database
        self.row = row
        others = [role for role in MemberRole if role is not row.role]
        self.role = self.add_field("role", "New &role:", enum_combo(others, others[0]))
        self.start_date = self.add_field("start_date", "&From:", DateField(max(today, row.start_date)))

    def save(self) -> None:
        service.change_role(
            self.database,
            self.row.membership_id,
            chosen_enum(self.role, MemberRole),
            self.start_date.value("start_date"),
        )


class EndMembershipDialog(FormDialog):
    """Ends a membership on a date; it stays in the group's history (and its deputies' seats end with it)."""

    def __init__(self, database: Database, row: MemberRow, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(
            f"End {row.person_name}'s membership",
            f"{row.person_name} stays in the history as {row.role.label.lower()} from "
            f"{format_date(row.start_date)} to the date below. Any deputy for them stops on the same day.",
            parent,
        )
        self.database = database
        self.row = row
        self.end_date = self.add_field("end_date", "&Last day:", DateField(max(today, row.start_date)))

    def save(self) -> None:
        service.end_membership(self.database, self.row.membership_id, self.end_date.value("end_date"))
