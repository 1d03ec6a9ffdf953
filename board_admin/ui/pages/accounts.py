"""Accounts and the audit trail, for administrators: who may sign in, and who changed what and when."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError
from board_admin.reports.accounts import AccountRow, AuditRow, account_rows, audit_rows, audit_usernames
from board_admin.services import accounts
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import AccountDialog, ResetPasswordDialog
from board_admin.ui.messages import show_message, show_written
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, text_column, yes_no_column
from board_admin.ui.widgets import (
    CountLabel,
    EmptyState,
    SearchField,
    fit_columns,
    labelled,
    make_table,
    toolbar_row,
    wrap_long_text,
)

RECORD_NAMES = {
    "agency": "Agency",
    "person": "Person",
    "board_group": "Group",
    "membership": "Membership",
    "meeting": "Meeting",
    "agenda_item": "Agenda item",
    "attendance": "Register line",
    "action": "Action",
    "challenge": "Challenge",
    "financial_year": "Financial year",
    "contribution": "Contribution",
    "income_line": "Income line",
    "budget_line": "Budget line",
    "expenditure": "Expenditure",
    "app_user": "Account",
    "database": "Whole database",
    "challenge_theme": "Challenge theme",
    "challenge_status_change": "Challenge history",
    "challenge_reference_counter": "Challenge numbering",
    "setting": "Settings",
}
OPERATION_NAMES = {"create": "Added", "update": "Changed", "delete": "Deleted", "import": "Imported", "demo": "Demo"}


def roles_text(roles: frozenset[UserRole]) -> str:
    return ", ".join(role.label for role in UserRole if role in roles)


def change_text(row: AuditRow) -> str:
    """What changed, in one line: "name: Healthwatch → Healthwatch Cambridgeshire"."""
    before = json.loads(row.before) if row.before else {}
    after = json.loads(row.after) if row.after else {}
    if row.operation == "update":
        return "; ".join(f"{key}: {before.get(key)} → {after.get(key)}" for key in sorted(after))
    shown = after or before
    return "; ".join(f"{key}: {value}" for key, value in sorted(shown.items()) if value not in (None, ""))


def local_time(moment: dt.datetime) -> str:
    """Audit times are stored in UTC and shown in the computer's own time."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%d/%m/%Y %H:%M:%S")


ACCOUNT_COLUMNS = (
    text_column("User name", lambda row: row.username),
    text_column("Name", lambda row: row.display_name),
    text_column("Roles", lambda row: roles_text(row.roles)),
    yes_no_column("Active", lambda row: row.active),
)
AUDIT_COLUMNS = (
    Column("When", lambda row: local_time(row.at), sort=lambda row: row.at),
    text_column("Who", lambda row: row.username),
    text_column("Record", lambda row: RECORD_NAMES.get(row.entity, row.entity)),
    text_column("Number", lambda row: str(row.entity_id) if row.entity_id is not None else ""),
    text_column("What", lambda row: OPERATION_NAMES.get(row.operation, row.operation)),
    text_column("Change", change_text, tooltip=change_text, stretch=True),
)


class AccountsPage(Page):
    key = "accounts"
    title = "Accounts and audit trail"
    subtitle = "Who may sign in and with which role, and every change made through Board Admin."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Accounts or audit trail")
        self.tabs.addTab(self._accounts_tab(), "&Accounts")
        self.tabs.addTab(self._audit_tab(), "Audit &trail")
        self.layout_.addWidget(self.tabs, 1)

    # --- accounts --------------------------------------------------------------------------------

    def _accounts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.account_model = RowTableModel(ACCOUNT_COLUMNS, self)
        self.account_proxy = SearchFilterProxyModel(self)
        self.account_proxy.setSourceModel(self.account_model)
        self.account_table = make_table(self.account_proxy, "Accounts")
        self.new_button = QPushButton("&New account…")
        self.edit_button = QPushButton("&Edit…")
        self.active_button = QPushButton("&Disable")
        self.reset_button = QPushButton("&Reset password…")
        self.new_button.setToolTip("Let someone sign in: their user name, name, roles and a first password")
        self.edit_button.setToolTip("Change the selected account's name or roles (double-click does the same)")
        self.reset_button.setToolTip("Give the selected person a new password, e.g. when they have forgotten theirs")
        self.active_button.setToolTip("A disabled account cannot sign in; its history stays in the audit trail")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.active_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.account_table, 1)
        self.new_button.clicked.connect(self.new_account)
        self.edit_button.clicked.connect(self.edit_account)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.account_table.doubleClicked.connect(lambda _index: self.edit_account())
        self.account_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        return tab

    def selected_account(self) -> AccountRow | None:
        return self.account_proxy.row_at(self.account_table.currentIndex())

    def _update_buttons(self) -> None:
        account = self.selected_account()
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(account is not None)
        self.active_button.setText("&Enable" if account is not None and not account.active else "&Disable")

    def new_account(self) -> None:
        if AccountDialog(self.database, parent=self).exec():
            self.reload()

    def edit_account(self) -> None:
        account = self.selected_account()
        if account is not None and AccountDialog(self.database, account, parent=self).exec():
            self.reload()

    def reset_password(self) -> None:
        account = self.selected_account()
        if account is not None and ResetPasswordDialog(self.database, account, parent=self).exec():
            self.reload()

    def toggle_active(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        try:
            accounts.set_account_active(self.database, account.id, not account.active)
        except BoardAdminError as error:
            show_message(self, QMessageBox.Icon.Warning, "Account not changed", error.message)
            return
        self.reload()

    # --- audit trail -----------------------------------------------------------------------------

    def _audit_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.audit_model = RowTableModel(AUDIT_COLUMNS, self)
        self.audit_proxy = SearchFilterProxyModel(self)
        self.audit_proxy.setSourceModel(self.audit_model)
        self.audit_search = SearchField(self.audit_proxy, "audit trail")
        self.who = QComboBox()
        self.who.setAccessibleName("Changes made by")
        self.who.setToolTip("Only the changes made by one account")
        self.record = QComboBox()
        self.record.setAccessibleName("Kind of record")
        self.record.setToolTip("Only the changes to one kind of record (meetings, challenges, contributions...)")
        self.record.addItem("Any record", None)
        for key, name in sorted(RECORD_NAMES.items(), key=lambda item: item[1]):
            self.record.addItem(name, key)
        self.start = DateField(own_errors=True)
        self.end = DateField(own_errors=True)
        for edit, name in ((self.start, "From"), (self.end, "To")):
            edit.setAccessibleName(f"{name} date")
            edit.setToolTip(f"Changes made on or {'after' if name == 'From' else 'before'} this date")
        today = QDate.currentDate()
        self.start.setDate(today.addMonths(-3).toPython())
        self.end.setDate(today.toPython())
        self.export_button = QPushButton("E&xport to Excel…")
        self.export_button.setToolTip("Write the entries shown, with their before and after values, to a workbook")
        # Two rows, so that the page still fits a small window at 150% scaling.
        layout.addLayout(toolbar_row(self.audit_search, self.export_button))
        layout.addLayout(
            toolbar_row(
                labelled("B&y:", self.who),
                self.who,
                labelled("Re&cord:", self.record),
                self.record,
                labelled("F&rom:", self.start),
                self.start,
                labelled("T&o:", self.end),
                self.end,
            )
        )
        self.audit_table = wrap_long_text(make_table(self.audit_proxy, "Audit trail"))
        self.audit_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.audit_empty = EmptyState(self.audit_table, self.audit_model)
        layout.addWidget(self.audit_empty, 1)
        self.audit_count = CountLabel(self.audit_proxy, "entry", "entries")
        layout.addWidget(self.audit_count)
        for combo in (self.who, self.record):
            combo.currentIndexChanged.connect(self.reload_audit)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.reload_audit)
        self.export_button.clicked.connect(self.export_audit)
        return tab

    def audit_filters(self) -> dict:
        return {
            "username": self.who.currentData(),
            "entity": self.record.currentData(),
            "start": self.start.date(),
            "end": self.end.date(),
        }

    def reload_audit(self) -> None:
        chosen = self.audit_filters()
        self.audit_model.set_rows(audit_rows(self.database, **chosen))
        fit_columns(self.audit_table)
        who = f" by {chosen['username']}" if chosen["username"] else ""
        what = f" to {self.record.currentText().lower()}" if chosen["entity"] else ""
        self.audit_empty.set_message(
            f"No changes{who}{what} were made between {format_date(chosen['start'])} and "
            f"{format_date(chosen['end'])}. Change the dates or the filters above to see others."
        )

    def export_audit(self) -> None:
        from board_admin.exports import write_listed

        folder = str(self.settings.value("files/last_folder") or Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail", str(Path(folder) / "audit-trail.xlsx"), "Excel workbook (*.xlsx)"
        )
        if not name:
            return
        path = Path(name).with_suffix(".xlsx")
        try:
            count = write_listed(self.database, "audit", path, **self.audit_filters()).result
        except BoardAdminError as error:
            show_message(self, QMessageBox.Icon.Warning, "Audit trail not exported", error.message)
            return
        self.settings.setValue("files/last_folder", str(path.parent))
        show_written(self, "Audit trail exported", f"Wrote {count} entries to {path}.", path)

    # --- page ------------------------------------------------------------------------------------

    def search_field(self) -> SearchField:
        return self.audit_search

    def reload(self) -> None:
        self.account_model.set_rows(account_rows(self.database))
        fit_columns(self.account_table)
        if self.account_proxy.rowCount() and not self.account_table.currentIndex().isValid():
            self.account_table.selectRow(0)
        self._update_buttons()
        chosen = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("Anyone", None)
        for name in audit_usernames(self.database):
            self.who.addItem(name, name)
        self.who.setCurrentIndex(max(self.who.findData(chosen), 0))
        self.who.blockSignals(False)
        self.reload_audit()
