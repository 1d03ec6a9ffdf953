"""People and agencies: two lists on tabs, each with its own search."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QTableView, QTabWidget, QVBoxLayout, QWidget

from board_admin.reports import lists
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    RowTableModel,
    SearchFilterProxyModel,
    enum_column,
    number_column,
    text_column,
    yes_no_column,
)
from board_admin.ui.widgets import CountLabel, SearchField, fit_columns, make_table, toolbar_row

AGENCY_NAME = text_column("Agency", lambda row: row.name, stretch=True)
AGENCY_SHORT = text_column("Short name", lambda row: row.short_name)
AGENCY_SECTOR = enum_column("Sector", lambda row: row.sector)
AGENCY_STATUTORY = yes_no_column(
    "Statutory partner",
    lambda row: row.statutory_partner,
    description="The local authority, the police and the health commissioner are the statutory partners",
)
AGENCY_ACTIVE = yes_no_column("Active", lambda row: row.active)
AGENCY_PEOPLE = number_column("People", lambda row: row.active_people, description="Active people in the agency")
AGENCY_COLUMNS = (AGENCY_NAME, AGENCY_SHORT, AGENCY_SECTOR, AGENCY_STATUTORY, AGENCY_ACTIVE, AGENCY_PEOPLE)

PERSON_NAME = text_column("Name", lambda row: row.name)
PERSON_AGENCY = text_column("Agency", lambda row: row.agency_name, stretch=True)
PERSON_TITLE = text_column("Job title", lambda row: row.job_title)
PERSON_EMAIL = text_column("Email", lambda row: row.email)
PERSON_PHONE = text_column("Phone", lambda row: row.phone)
PERSON_ACTIVE = yes_no_column("Active", lambda row: row.active)
PERSON_COLUMNS = (PERSON_NAME, PERSON_AGENCY, PERSON_TITLE, PERSON_EMAIL, PERSON_PHONE, PERSON_ACTIVE)


class _ListTab(QWidget):
    """A searchable list with an 'active only' switch and a count under it."""

    def __init__(self, columns, singular: str, plural: str) -> None:
        super().__init__()
        self.model = RowTableModel(columns, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, plural)
        self.active_only = QCheckBox("&Active only")
        self.active_only.setToolTip(f"Hide the {plural} marked inactive")
        self.active_only.toggled.connect(lambda on: self.proxy.set_row_filter((lambda row: row.active) if on else None))
        self.table: QTableView = make_table(self.proxy, plural.capitalize())
        self.count = CountLabel(self.proxy, singular, plural)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(toolbar_row(self.search, self.active_only))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table)


class PeoplePage(Page):
    key = "people"
    title = "People and agencies"
    subtitle = "The agencies of the partnership and the people who represent them, active and former."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Agencies or people")
        self.agencies = _ListTab(AGENCY_COLUMNS, "agency", "agencies")
        self.people = _ListTab(PERSON_COLUMNS, "person", "people")
        self.tabs.addTab(self.agencies, "A&gencies")
        self.tabs.addTab(self.people, "&People")
        self.tabs.setCurrentIndex(int(self.settings.value("people/tab", 0) or 0))
        self.layout_.addWidget(self.tabs, 1)

    def search_field(self) -> SearchField:
        return self.tabs.currentWidget().search

    def save_state(self) -> None:
        self.settings.setValue("people/tab", self.tabs.currentIndex())

    def reload(self) -> None:
        agencies = lists.agency_rows(self.database)
        people = lists.person_rows(self.database)
        self.agencies.set_rows(agencies)
        self.people.set_rows(people)
        self.tabs.setTabText(0, f"A&gencies ({len(agencies):,})")
        self.tabs.setTabText(1, f"&People ({len(people):,})")
