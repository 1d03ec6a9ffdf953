"""People and agencies: the two lists on tabs, each with its search and filters; the forms to add and change
them; a person's page and an agency's page; delete (refused with the reason when records depend on it, and
"Make inactive" offered instead); and the membership-by-agency table for the annual report, to Excel or Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.enums import Sector
from board_admin.domain.errors import InUseError
from board_admin.domain.permissions import Permission
from board_admin.reports import lists
from board_admin.reports.lists import AgencyRow, PersonRow
from board_admin.reports.structure import agency_detail, current_seat_counts, person_detail
from board_admin.services import structure as service
from board_admin.ui.messages import ask, describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    RowTableModel,
    SearchFilterProxyModel,
    enum_column,
    number_column,
    person_column,
    text_column,
    yes_no_column,
)
from board_admin.ui.widgets import (
    CountLabel,
    EmptyState,
    SearchField,
    fit_columns,
    flow_row,
    labelled,
    make_table,
    wrap_long_text,
)
from board_admin.ui.workers import BackgroundJob

EXPORT_FILTER = "Excel workbook (*.xlsx);;Word document (*.docx)"
ANY = "any"
ACTIVE = "active"
INACTIVE = "inactive"


@dataclass(frozen=True)
class AgencyEntry:
    """An agency's row with the number of groups its people sit on today."""

    row: AgencyRow
    groups: int

    def __getattr__(self, name: str):
        # The list's columns and filters read the agency's own fields straight through.
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclass(frozen=True)
class PersonEntry:
    """A person's row with the number of groups they sit on today."""

    row: PersonRow
    groups: int

    def __getattr__(self, name: str):
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


GROUPS_NOW = "Groups now"

AGENCY_NAME = text_column("Agency", lambda row: row.name, stretch=True)
AGENCY_SHORT = text_column("Short name", lambda row: row.short_name)
AGENCY_SECTOR = enum_column("Sector", lambda row: row.sector)
AGENCY_STATUTORY = yes_no_column(
    # One word: at 1366x768 and 150% the longer heading took the width the agencies' names need.
    "Statutory",
    lambda row: row.statutory_partner,
    description="The local authority, the police and the health commissioner are the statutory partners",
)
AGENCY_ACTIVE = yes_no_column("Active", lambda row: row.active)
AGENCY_PEOPLE = number_column("People", lambda row: row.active_people, description="Active people in the agency")
AGENCY_GROUPS = number_column(
    GROUPS_NOW, lambda row: row.groups, description="The boards and groups the agency has someone on today"
)
AGENCY_COLUMNS = (
    AGENCY_NAME,
    AGENCY_SHORT,
    AGENCY_SECTOR,
    AGENCY_STATUTORY,
    AGENCY_ACTIVE,
    AGENCY_PEOPLE,
    AGENCY_GROUPS,
)

PERSON_NAME = person_column("Name", lambda row: row.name)
PERSON_AGENCY = text_column("Agency", lambda row: row.agency_name, stretch=True)
PERSON_TITLE = text_column("Job title", lambda row: row.job_title)
PERSON_EMAIL = text_column("Email", lambda row: row.email, keep_width=True)
PERSON_PHONE = text_column("Phone", lambda row: row.phone)
PERSON_ACTIVE = yes_no_column("Active", lambda row: row.active)
PERSON_GROUPS = number_column(
    GROUPS_NOW, lambda row: row.groups, description="The boards and groups the person sits on today"
)
PERSON_COLUMNS = (PERSON_NAME, PERSON_AGENCY, PERSON_TITLE, PERSON_EMAIL, PERSON_PHONE, PERSON_ACTIVE, PERSON_GROUPS)


def _combo(tooltip: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(tooltip)
    for text, data in items:
        combo.addItem(text, data)
    # Long agency names would otherwise set the page's width; the list opens wide enough to read them.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def status_combo(plural: str) -> QComboBox:
    return _combo(
        f"Show the active {plural}, the inactive ones (kept for their history) or both",
        [("Active and inactive", ANY), ("Active only", ACTIVE), ("Inactive only", INACTIVE)],
    )


def _status_accepts(chosen: str, active: bool) -> bool:
    return chosen == ANY or (chosen == ACTIVE) == active


class _ListTab(QWidget):
    """A searchable, filterable list with its count under it; `accepts` reads the tab's filters."""

    def __init__(
        self, columns, singular: str, plural: str, filters: list[tuple[str, QComboBox]], empty_text: str
    ) -> None:
        super().__init__()
        self.singular, self.plural = singular, plural
        self.model = RowTableModel(columns, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, plural)
        self.table: QTableView = wrap_long_text(make_table(self.proxy, plural.capitalize()))
        self.table.setToolTip(f"Double-click a {singular}, or press Enter, to open their page")
        self.count = CountLabel(self.proxy, singular, plural)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        widgets: list[QWidget] = [self.search]
        for label, combo in filters:
            widgets += [labelled(label, combo), combo]
            combo.currentIndexChanged.connect(self.apply_filters)
        layout.addLayout(flow_row(*widgets))
        self.empty = EmptyState(self.table, self.model, empty_text)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.count)

    def accepts(self, row) -> bool:
        raise NotImplementedError

    def filtering(self) -> bool:
        raise NotImplementedError

    def apply_filters(self, *_args) -> None:
        self.proxy.set_row_filter(self.accepts if self.filtering() else None)

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table)

    def current_row(self):
        return self.proxy.row_at(self.table.currentIndex())

    def shown_rows(self) -> list:
        return [self.proxy.row_at(self.proxy.index(position, 0)) for position in range(self.proxy.rowCount())]

    def select(self, record_id: int | None) -> None:
        if record_id is not None:
            for position, row in enumerate(self.shown_rows()):
                if row.id == record_id:
                    self.table.selectRow(position)
                    return
        if self.proxy.rowCount() and self.current_row() is None:
            self.table.selectRow(0)

    def clear_filters(self) -> None:
        self.search.clear()
        for combo in self.findChildren(QComboBox):
            combo.setCurrentIndex(0)


class AgenciesTab(_ListTab):
    def __init__(self) -> None:
        self.sector_filter = _combo(
            "Show the agencies of one sector", [("Any sector", None), *((s.label, s.value) for s in Sector)]
        )
        self.partner_filter = _combo(
            "Show only the statutory partners (local authority, police, health), or only the other agencies",
            [("Any agency", None), ("Statutory partners", True), ("Other agencies", False)],
        )
        self.status_filter = status_combo("agencies")
        super().__init__(
            AGENCY_COLUMNS,
            "agency",
            "agencies",
            [("Se&ctor:", self.sector_filter), ("Pa&rtner:", self.partner_filter), ("S&tatus:", self.status_filter)],
            "No agencies yet. An administrator adds each partner agency with New agency… (or brings a list in "
            "with File > Import workbook…); then the people who represent them on the People tab.",
        )

    def filtering(self) -> bool:
        return any(combo.currentIndex() > 0 for combo in (self.sector_filter, self.partner_filter, self.status_filter))

    def accepts(self, row: AgencyEntry) -> bool:
        sector, partner = self.sector_filter.currentData(), self.partner_filter.currentData()
        return (
            (sector is None or row.sector.value == sector)
            and (partner is None or row.statutory_partner == partner)
            and _status_accepts(self.status_filter.currentData(), row.active)
        )


class PeopleTab(_ListTab):
    def __init__(self) -> None:
        self.agency_filter = _combo("Show the people of one agency", [("Any agency", None)])
        self.status_filter = status_combo("people")
        super().__init__(
            PERSON_COLUMNS,
            "person",
            "people",
            [("A&gency:", self.agency_filter), ("S&tatus:", self.status_filter)],
            "No people yet. Add the agencies first (Agencies tab); then an administrator adds each person who "
            "sits on a board or group with New person…, naming their agency.",
        )

    def filtering(self) -> bool:
        return self.agency_filter.currentIndex() > 0 or self.status_filter.currentIndex() > 0

    def accepts(self, row: PersonEntry) -> bool:
        agency = self.agency_filter.currentData()
        return (agency is None or row.agency_id == agency) and _status_accepts(
            self.status_filter.currentData(), row.active
        )

    def set_agencies(self, agencies: list[AgencyRow]) -> None:
        """The agency filter offers every agency that has people on record, keeping the one chosen."""
        chosen = self.agency_filter.currentData()
        self.agency_filter.blockSignals(True)
        self.agency_filter.clear()
        self.agency_filter.addItem("Any agency", None)
        for agency in agencies:
            self.agency_filter.addItem(agency.name if agency.active else f"{agency.name} (inactive)", agency.id)
        self.agency_filter.setCurrentIndex(max(0, self.agency_filter.findData(chosen)) if chosen is not None else 0)
        self.agency_filter.blockSignals(False)
        view = self.agency_filter.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + self.agency_filter.fontMetrics().averageCharWidth() * 4)
        self.apply_filters()


class PeoplePage(Page):
    key = "people"
    title = "People and agencies"
    subtitle = "The agencies of the partnership and the people who represent them, active and former."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs: list[BackgroundJob] = []
        self.dialog: QDialog | None = None
        self.message: QMessageBox | None = None

        self.agencies = AgenciesTab()
        self.people = PeopleTab()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Agencies or people")
        self.tabs.addTab(self.agencies, "A&gencies")
        self.tabs.addTab(self.people, "&People")
        self._build_actions()
        self.read_only = QLabel("Read only: your role may look and export, but not change agencies or people.")
        self.read_only.setAccessibleName("Read only")
        actions = flow_row(
            self.new_button, self.open_button, self.edit_button, self.active_button, self.delete_button, self.read_only
        )
        actions.addStretch()
        actions.addWidget(self.export_button)  # after the stretch: at the right, apart from the record's actions
        self.layout_.addLayout(actions)
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.setCurrentIndex(int(self.settings.value("people/tab", 0) or 0))

        for tab in (self.agencies, self.people):
            tab.table.doubleClicked.connect(lambda _index: self.open_record())
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete):
                slot = self.delete_record if key == Qt.Key.Key_Delete else self.open_record
                QShortcut(QKeySequence(key), tab.table, slot, context=Qt.ShortcutContext.WidgetShortcut)
            tab.table.selectionModel().currentRowChanged.connect(self._current_changed)
            for signal in (tab.proxy.modelReset, tab.proxy.layoutChanged, tab.proxy.rowsRemoved):
                signal.connect(self._update_actions)
        self.tabs.currentChanged.connect(self._update_actions)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_record)
        QShortcut(QKeySequence("Ctrl+E"), self, self.edit_record)
        self._update_actions()

    def _build_actions(self) -> None:
        def button(label: str, slot) -> QPushButton:
            made = QPushButton(label)
            made.clicked.connect(lambda _checked=False: slot())
            return made

        self.new_button = button("&New…", self.new_record)
        self.open_button = button("&Open…", self.open_record)
        self.edit_button = button("&Edit…", self.edit_record)
        self.active_button = button("Make &inactive", self.toggle_active)
        self.delete_button = button("&Delete…", self.delete_record)
        self.export_button = button("E&xport membership by agency…", self.export)
        self.export_button.setToolTip(
            "Which agencies sit on which boards and groups today, for the annual report: Excel (.xlsx) or Word (.docx)"
        )

    # --- loading ------------------------------------------------------------------------------------

    def search_field(self) -> SearchField:
        return self.current_tab().search

    def save_state(self) -> None:
        self.settings.setValue("people/tab", self.tabs.currentIndex())

    def current_tab(self) -> _ListTab:
        return self.tabs.currentWidget()

    def on_agencies(self) -> bool:
        return self.current_tab() is self.agencies

    def reload(self, select_id: int | None = None) -> None:
        current = self.current_tab().current_row()
        kept = {tab: (tab.current_row().id if tab.current_row() else None) for tab in (self.agencies, self.people)}
        if select_id is not None:
            kept[self.current_tab()] = select_id
        elif current is not None:
            kept[self.current_tab()] = current.id
        seats = current_seat_counts(self.database, self.today())
        agencies = lists.agency_rows(self.database)
        people = lists.person_rows(self.database)
        self.agencies.set_rows([AgencyEntry(row, seats.by_agency.get(row.id, 0)) for row in agencies])
        self.people.set_rows([PersonEntry(row, seats.by_person.get(row.id, 0)) for row in people])
        with_people = {person.agency_id for person in people}
        self.people.set_agencies([agency for agency in agencies if agency.id in with_people])
        self.tabs.setTabText(0, f"A&gencies ({len(agencies):,})")
        self.tabs.setTabText(1, f"&People ({len(people):,})")
        for tab, record_id in kept.items():
            tab.select(record_id)
        self._update_actions()

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    @property
    def can_edit(self) -> bool:
        return self.database.actor.can(Permission.EDIT_STRUCTURE)

    def _update_actions(self, *_args) -> None:
        row = self.current_tab().current_row()
        can_edit = self.can_edit
        # Those who may not change the structure see the lists and pages, not the buttons that would refuse.
        for made in (self.new_button, self.edit_button, self.active_button, self.delete_button):
            made.setVisible(can_edit)
        self.read_only.setVisible(not can_edit)
        what = "agency" if self.on_agencies() else "person"
        self.new_button.setText(f"&New {what}…")
        self.new_button.setToolTip(f"Add a {what} (Ctrl+N)")
        self.open_button.setToolTip(
            f"The {what}'s page: "
            + ("everyone who represents it, where" if what == "agency" else "their memberships across groups")
            + " (Enter or double-click)"
        )
        self.edit_button.setToolTip(f"Change the {what}'s details (Ctrl+E)")
        self.delete_button.setToolTip(
            f"Delete the {what}; refused if anything refers to it, when Make inactive is offered instead (Delete)"
        )
        self.active_button.setText("Make &active" if row is not None and not row.active else "Make &inactive")
        self.active_button.setToolTip(
            f"An inactive {what} keeps their history but is not offered for new "
            + ("people or memberships" if what == "agency" else "memberships")
        )
        self.open_button.setEnabled(row is not None)
        for made in (self.edit_button, self.active_button, self.delete_button):
            made.setEnabled(can_edit and row is not None)
        self.new_button.setEnabled(can_edit)
        self.export_button.setEnabled(self.database.actor.can(Permission.EXPORT))

    # --- changes ------------------------------------------------------------------------------------

    def _changed(self, select_id: int | None = None) -> None:
        """After a save: this page reads its lists again; the other pages when next shown."""
        self.reload(select_id)

    def new_record(self) -> QDialog | None:
        if not self.new_button.isEnabled():
            return None
        from board_admin.ui.dialogs.people_forms import AgencyFormDialog, PersonFormDialog

        tab = self.current_tab()
        if tab is self.agencies:
            dialog = AgencyFormDialog(self.database, None, self)
            return self.open_dialog(dialog, lambda: self._show_new(tab, dialog.agency_id))
        # A new person starts in the agency the list is filtered to, if any.
        dialog = PersonFormDialog(self.database, None, self.people.agency_filter.currentData(), self)
        return self.open_dialog(dialog, lambda: self._show_new(tab, dialog.person_id))

    def _show_new(self, tab: _ListTab, record_id: int | None) -> None:
        # The new record might be hidden by the search or filters chosen; they are cleared so it shows.
        tab.clear_filters()
        self._changed(record_id)

    def edit_record(self) -> QDialog | None:
        row = self.current_tab().current_row()
        if row is None or not self.edit_button.isEnabled():
            return None
        from board_admin.ui.dialogs.people_forms import AgencyFormDialog, PersonFormDialog

        if self.on_agencies():
            detail = agency_detail(self.database, row.id)
            dialog = AgencyFormDialog(self.database, detail, self) if detail else None
        else:
            detail = person_detail(self.database, row.id)
            dialog = PersonFormDialog(self.database, detail, parent=self) if detail else None
        if dialog is None:
            return self._gone()
        return self.open_dialog(dialog, lambda: self._changed(row.id))

    def _gone(self) -> None:
        show_message(
            self,
            QMessageBox.Icon.Warning,
            "No longer there",
            "That record no longer exists; someone may have deleted it. The list has been read again.",
        )
        self._changed()

    def open_record(self) -> QDialog | None:
        row = self.current_tab().current_row()
        if row is None:
            return None
        from board_admin.ui.dialogs.people_forms import AgencyPage, PersonPage

        today = self.today()
        page = (
            AgencyPage(self.database, row.id, today, self)
            if self.on_agencies()
            else PersonPage(self.database, row.id, today, self)
        )
        page.changed.connect(lambda: self._changed(row.id))
        self.dialog = page
        page.open()
        return page

    def toggle_active(self) -> None:
        row = self.current_tab().current_row()
        if row is None or not self.active_button.isEnabled():
            return
        self._set_active(row, not row.active)

    def _set_active(self, row, active: bool) -> None:
        change = service.set_agency_active if self.on_agencies() else service.set_person_active
        try:
            change(self.database, row.id, active)
        except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
            self.message = show_message(self, QMessageBox.Icon.Warning, "Not changed", describe_failure(error))
            return
        self._changed(row.id)

    def delete_record(self) -> QMessageBox | None:
        row = self.current_tab().current_row()
        if row is None or not self.delete_button.isEnabled():
            return None
        agency = self.on_agencies()
        what = "agency" if agency else "person"
        delete = service.delete_agency if agency else service.delete_person

        def confirmed() -> None:
            try:
                delete(self.database, row.id)
            except InUseError as error:
                self.message = self._offer_inactive(row, what, error.message)
                return
            except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
                self.message = show_message(self, QMessageBox.Icon.Warning, "Not deleted", describe_failure(error))
                return
            self._changed()

        self.message = ask(
            self,
            f"Delete the {what}",
            f"Delete {row.name}? This cannot be undone. One with a history (memberships, attendance, actions…) "
            "cannot be deleted: make it inactive instead.",
            "Delete",
            confirmed,
        )
        return self.message

    def _offer_inactive(self, row, what: str, reason: str) -> QMessageBox:
        """The refusal, with the way out: keep the record and its history, but inactive."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Not deleted", reason, QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName("Not deleted")
        make_inactive = None
        if row.active:
            box.setInformativeText(
                f"Making the {what} inactive keeps its history and takes it off the lists offered for new entries."
            )
            make_inactive = box.addButton("Make &inactive", QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(make_inactive)
        else:
            box.setInformativeText(f"The {what} is already inactive, which keeps its history.")
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            if make_inactive is not None and button is make_inactive:
                self._set_active(row, False)

        box.buttonClicked.connect(answered)
        box.open()
        return box

    # --- export -------------------------------------------------------------------------------------

    def export(self) -> BackgroundJob | None:
        if not self.export_button.isEnabled():
            return None
        folder = Path(str(self.settings.value("files/last_folder") or Path.home()))
        suggested = folder / f"membership-by-agency-{self.today():%Y-%m-%d}.docx"
        chosen, selected = QFileDialog.getSaveFileName(
            self, "Export membership by agency", str(suggested), EXPORT_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".xlsx", ".docx"):
            path = path.with_name(path.name + (".xlsx" if "xlsx" in (selected or "") else ".docx"))
        self.settings.setValue("files/last_folder", str(path.parent))
        return self.run_export(path, self.today())

    def run_export(self, path: Path, on_date: dt.date) -> BackgroundJob:
        """The list's "membership" export (exports.py) on `on_date`."""
        from board_admin.exports import write_listed

        def done(written) -> None:
            matrix = written.result
            self.message = show_written(
                self,
                "Membership by agency written",
                f"Wrote {len(matrix.agencies)} agencies on {len(matrix.groups)} boards and groups "
                f"({format_date(matrix.on_date)}) to {path}.",
                path,
            )

        def failed(error: BaseException) -> None:
            self.message = show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        job = BackgroundJob(
            self,
            f"Writing {path.name}…",
            lambda: write_listed(self.database, "membership", path, on_date=on_date),
            done,
            failed,
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
