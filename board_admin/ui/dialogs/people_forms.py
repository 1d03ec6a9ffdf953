"""The forms and pages of the people-and-agencies screen: a new or changed agency or person (saved through
services/structure, each refusal shown beside its field with nothing saved), a person's page with every seat
they have held, and an agency's page with everyone who has represented it, where.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.enums import Sector
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import Permission
from board_admin.reports.lists import AgencyRow, agency_rows
from board_admin.reports.structure import (
    AgencyDetail,
    PersonDetail,
    SeatRow,
    agency_detail,
    agency_representatives,
    person_detail,
    person_memberships,
)
from board_admin.services import structure as service
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.table_model import (
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    enum_column,
    person_column,
    text_column,
)
from board_admin.ui.widgets import (
    CountLabel,
    fit_columns,
    make_table,
    resize_within_screen,
    scaled_font,
    wrap_long_text,
)

CHOOSE_SECTOR = "Choose a sector…"
CHOOSE_AGENCY = "Choose an agency…"
DEPUTY_FOR = "Deputy for"


# --- the forms -------------------------------------------------------------------------------------


def sector_combo(chosen: Sector | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(CHOOSE_SECTOR, None)
    for sector in Sector:
        # Qt hands a str enum back as a plain str, so the item keeps the stored value.
        combo.addItem(sector.label, sector.value)
    if chosen is not None:
        combo.setCurrentIndex(combo.findData(chosen.value))
    return combo


class AgencyFormDialog(FormDialog):
    """A new agency (detail None) or a change to one. `agency_id` holds the saved agency's id afterwards."""

    def __init__(self, database: Database, detail: AgencyDetail | None = None, parent: QWidget | None = None) -> None:
        title = "New agency" if detail is None else f"Edit {detail.name}"
        super().__init__(
            title,
            "An agency of the partnership. Statutory partners (the local authority, the police and the health "
            "commissioner) are listed first in the membership table.",
            parent,
        )
        self.database, self.detail = database, detail
        self.agency_id: int | None = detail.id if detail else None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save")
        self.name = self.add_field("name", "&Name:", QLineEdit(detail.name if detail else ""))
        self.name.setPlaceholderText("e.g. Cambridgeshire County Council")
        self.short_name = self.add_field(
            "short_name",
            "&Short name:",
            QLineEdit(detail.short_name or "" if detail else ""),
            "An abbreviation used where space is short, e.g. CCC; may be left empty",
        )
        self.sector = self.add_field("sector", "S&ector:", sector_combo(detail.sector if detail else None))
        self.statutory = self.add_field(
            "statutory_partner",
            "Statutory &partner:",
            QCheckBox("One of the three statutory safeguarding partners"),
        )
        self.statutory.setChecked(bool(detail and detail.statutory_partner))
        self.active = self.add_field(
            "active",
            "&Active:",
            QCheckBox("Still part of the partnership"),
            "An inactive agency keeps its history but is not offered for new people or memberships",
        )
        self.active.setChecked(detail.active if detail else True)

    def fields(self) -> service.AgencyFields:
        sector = self.sector.currentData()
        return service.AgencyFields(
            name=self.name.text(),
            sector=Sector(sector) if sector else None,
            short_name=self.short_name.text(),
            statutory_partner=self.statutory.isChecked(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        if self.detail is None:
            self.agency_id = service.create_agency(self.database, self.fields())
        else:
            service.update_agency(self.database, self.detail.id, self.fields(), self.detail.version)


class PersonFormDialog(FormDialog):
    """A new person (detail None) or a change to one. `person_id` holds the saved person's id afterwards."""

    def __init__(
        self,
        database: Database,
        detail: PersonDetail | None = None,
        agency_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "New person" if detail is None else f"Edit {detail.name}"
        super().__init__(
            title,
            "Someone who represents an agency, or may. Moving a person to another agency keeps their past "
            "memberships with the agency they represented then.",
            parent,
        )
        self.database, self.detail = database, detail
        self.person_id: int | None = detail.id if detail else None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save")
        self.name = self.add_field("name", "&Name:", QLineEdit(detail.name if detail else ""))
        self.name.setPlaceholderText("First name and surname")
        chosen = detail.agency_id if detail else agency_id
        self.agencies: list[AgencyRow] = [
            agency for agency in agency_rows(database) if agency.active or agency.id == chosen
        ]
        self.agency = self.add_field(
            "agency_id",
            "A&gency:",
            QComboBox(),
            "The agency the person works for now; type to find it in the list",
        )
        for agency in self.agencies:
            self.agency.addItem(agency.name, agency.id)
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.lineEdit().setPlaceholderText(CHOOSE_AGENCY)
        self.agency.setCurrentIndex(self.agency.findData(chosen) if chosen is not None else -1)
        self.job_title = self.add_field("job_title", "&Job title:", QLineEdit(detail.job_title or "" if detail else ""))
        self.email = self.add_field("email", "E&mail:", QLineEdit(detail.email or "" if detail else ""))
        self.email.setPlaceholderText("name@example.gov.uk")
        self.phone = self.add_field("phone", "P&hone:", QLineEdit(detail.phone or "" if detail else ""))
        self.active = self.add_field(
            "active",
            "&Active:",
            QCheckBox("Still working with the partnership"),
            "An inactive person keeps their history but is not offered for new memberships",
        )
        self.active.setChecked(detail.active if detail else True)

    def chosen_agency(self) -> int | None:
        """The agency named in the box: picked from the list, or typed in full."""
        typed = " ".join(self.agency.currentText().split()).casefold()
        if not typed:
            return None
        for position in range(self.agency.count()):
            if self.agency.itemText(position).casefold() == typed:
                return self.agency.itemData(position)
        raise ValidationError(f"There is no active agency called '{self.agency.currentText()}'.", "agency_id")

    def fields(self) -> service.PersonFields:
        return service.PersonFields(
            name=self.name.text(),
            agency_id=self.chosen_agency(),
            job_title=self.job_title.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        if self.detail is None:
            self.person_id = service.create_person(self.database, self.fields())
        else:
            service.update_person(self.database, self.detail.id, self.fields(), self.detail.version)


# --- the pages of a person and of an agency -------------------------------------------------------


def seat_status(row: SeatRow, today: dt.date) -> str:
    if row.start_date > today:
        return "Future"
    return "Current" if row.current_on(today) else "Past"


def _status_column(today: dt.date):
    order = {"Current": 0, "Future": 1, "Past": 2}
    return text_column(
        "Status",
        lambda row: seat_status(row, today),
        sort=lambda row: order[seat_status(row, today)],
        description="Current: a member today; Future: starts later; Past: the membership has ended",
    )


def _seat_columns(today: dt.date, *, person: bool):
    # The stretching column gives way first when the window is narrow: the agency on a person's page
    # (mostly the same one), the group on an agency's page.
    group = text_column("Group", lambda row: row.group_name, stretch=not person)
    role = enum_column("Role", lambda row: row.role)
    agency = text_column(
        "Representing",
        lambda row: row.agency_name,
        description="The agency the person sat for in this membership",
        stretch=person,
    )
    name = person_column("Person", lambda row: row.person_name)
    start = date_column("From", lambda row: row.start_date)
    end = date_column("To", lambda row: row.end_date, description="Empty while the membership is open")
    deputy = text_column(DEPUTY_FOR, lambda row: row.deputy_for, description="The member this deputy stands in for")
    if person:
        return (_status_column(today), group, role, agency, start, end, deputy)
    return (_status_column(today), name, group, role, start, end, deputy)


def _seats_summary(rows: list[SeatRow], today: dt.date) -> str:
    current = sum(row.current_on(today) for row in rows)
    future = sum(row.start_date > today for row in rows)
    past = len(rows) - current - future
    parts = [f"{current} current", f"{past} past"] + ([f"{future} to start"] if future else [])
    return ", ".join(parts)


class _RecordPage(QDialog):
    """A record's details over the list of its memberships, with Edit… for those who may change it."""

    changed = Signal()

    def __init__(self, database: Database, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.today = database, today
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self.heading, 1.5, bold=True))
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        self.details = QFormLayout()
        layout.addLayout(self.details)
        self.seats_label = QLabel()
        self.seats_label.setFont(scaled_font(self.seats_label, 1.1, bold=True))
        layout.addWidget(self.seats_label)
        self.model = RowTableModel(self.columns(), self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = wrap_long_text(make_table(self.proxy, self.table_name()))
        self.seats_label.setBuddy(self.table)
        layout.addWidget(self.table, 1)
        self.count = CountLabel(self.proxy, "membership", "memberships")
        layout.addWidget(self.count)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Change the details (Ctrl+E)")
        self.edit_button.clicked.connect(self.edit)
        self.buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.edit_button.setVisible(database.actor.can(Permission.EDIT_STRUCTURE))
        QShortcut(QKeySequence("Ctrl+E"), self, self.edit)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        resize_within_screen(self, metrics.averageCharWidth() * 175, metrics.height() * 42)
        self._labels: dict[str, QLabel] = {}

    def columns(self):
        raise NotImplementedError

    def show_state(self, active: bool, inactive_text: str) -> None:
        """An inactive record says so in words under its name (not by colour alone)."""
        self.subheading.setText("" if active else inactive_text)
        self.subheading.setVisible(not active)

    def table_name(self) -> str:
        raise NotImplementedError

    def detail_row(self, label: str, text: str) -> None:
        """One line of the details: created once, then its text replaced on reload."""
        value = self._labels.get(label)
        if value is None:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            value.setOpenExternalLinks(True)
            value.setAccessibleName(label.rstrip(":"))
            self._labels[label] = value
            self.details.addRow(label, value)
        value.setText(text)

    def edit(self) -> QDialog | None:
        if not self.edit_button.isVisible():
            return None
        dialog = self.make_form()
        if dialog is None:
            return None
        self.dialog = dialog
        dialog.accepted.connect(self._edited)
        dialog.open()
        return dialog

    def _edited(self) -> None:
        self.reload()
        self.changed.emit()

    def make_form(self) -> QDialog | None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def show_seats(self, rows: list[SeatRow]) -> None:
        self.model.set_rows(rows)
        # "Deputy for" only when someone here is a deputy: its room goes to the names otherwise.
        deputy = [column.header for column in self.model.columns].index(DEPUTY_FOR)
        self.table.setColumnHidden(deputy, not any(row.deputy_for for row in rows))
        fit_columns(self.table)
        if rows:
            self.table.selectRow(0)


def _text(value: str | None) -> str:
    return html.escape(value) if value else "<i>not recorded</i>"


class PersonPage(_RecordPage):
    """A person's details and every membership they have held, on any group: current first, then past."""

    def __init__(self, database: Database, person_id: int, today: dt.date, parent: QWidget | None = None) -> None:
        self.person_id = person_id
        self.detail: PersonDetail | None = None
        super().__init__(database, today, parent)
        self.reload()

    def columns(self):
        return _seat_columns(self.today, person=True)

    def table_name(self) -> str:
        return "Memberships of the person"

    def reload(self) -> None:
        detail = person_detail(self.database, self.person_id)
        if detail is None:
            self.heading.setText("This person no longer exists")
            self.subheading.setText("Someone may have deleted the record; close this window.")
            self.edit_button.setEnabled(False)
            self.show_seats([])
            return
        self.detail = detail
        self.setWindowTitle(f"{detail.name}: memberships")
        self.setAccessibleName(f"The page of {detail.name}")
        self.heading.setText(detail.name)
        self.show_state(detail.active, "Inactive: kept on record with their history, not offered for new memberships.")
        self.detail_row("Agency:", html.escape(detail.agency_name))
        self.detail_row("Job title:", _text(detail.job_title))
        email = detail.email
        self.detail_row(
            "Email:", f"<a href='mailto:{html.escape(email)}'>{html.escape(email)}</a>" if email else _text(None)
        )
        self.detail_row("Phone:", _text(detail.phone))
        self.detail_row("Active:", "Yes" if detail.active else "No (inactive)")
        rows = person_memberships(self.database, self.person_id, self.today)
        self.seats_label.setText(f"&Memberships across groups ({_seats_summary(rows, self.today)})")
        self.show_seats(rows)

    def make_form(self) -> QDialog | None:
        detail = person_detail(self.database, self.person_id)
        return PersonFormDialog(self.database, detail, parent=self) if detail else None


class AgencyPage(_RecordPage):
    """An agency's details and everyone who represents it, or has, and where: current seats first."""

    def __init__(self, database: Database, agency_id: int, today: dt.date, parent: QWidget | None = None) -> None:
        self.agency_id = agency_id
        self.detail: AgencyDetail | None = None
        super().__init__(database, today, parent)
        self.table.doubleClicked.connect(lambda index: self.open_person(self.proxy.row_at(index)))
        self.table.setToolTip("Double-click someone, or press Enter, to open their page")
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self._open_current)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.person_page: PersonPage | None = None
        self.reload()

    def columns(self):
        return _seat_columns(self.today, person=False)

    def table_name(self) -> str:
        return "People who represent the agency"

    def reload(self) -> None:
        detail = agency_detail(self.database, self.agency_id)
        if detail is None:
            self.heading.setText("This agency no longer exists")
            self.subheading.setText("Someone may have deleted the record; close this window.")
            self.edit_button.setEnabled(False)
            self.show_seats([])
            return
        self.detail = detail
        self.setWindowTitle(f"{detail.name}: representatives")
        self.setAccessibleName(f"The page of {detail.name}")
        self.heading.setText(detail.name)
        self.show_state(detail.active, "Inactive: kept on record with its history, not offered for new people.")
        self.detail_row("Short name:", _text(detail.short_name))
        self.detail_row("Sector:", detail.sector.label)
        self.detail_row("Statutory partner:", "Yes" if detail.statutory_partner else "No")
        self.detail_row("Active:", "Yes" if detail.active else "No (inactive)")
        self.detail_row("People on record:", f"{detail.people} ({detail.active_people} active)")
        rows = agency_representatives(self.database, self.agency_id, self.today)
        self.seats_label.setText(f"&Who represents it, where ({_seats_summary(rows, self.today)})")
        self.show_seats(rows)

    def make_form(self) -> QDialog | None:
        detail = agency_detail(self.database, self.agency_id)
        return AgencyFormDialog(self.database, detail, self) if detail else None

    def _open_current(self) -> None:
        self.open_person(self.proxy.row_at(self.table.currentIndex()))

    def open_person(self, row: SeatRow | None) -> PersonPage | None:
        if row is None:
            return None
        page = PersonPage(self.database, row.person_id, self.today, self)
        page.changed.connect(self._edited)
        self.person_page = page
        page.open()
        return page
