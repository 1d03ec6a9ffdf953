"""The managed list of challenge themes (neglect, exploitation, voice of the child...): add, rename, retire."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from board_admin.db.engine import Database
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.reports.challenges import ThemeRow, theme_rows
from board_admin.services import challenges as service
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.messages import describe_failure, show_message
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel, number_column, text_column
from board_admin.ui.widgets import fit_columns, make_table, resize_within_screen, toolbar_row

COLUMNS = (
    text_column("Theme", lambda row: row.name, stretch=True),
    text_column("In use", lambda row: "Active" if row.active else "Retired (not offered for new challenges)"),
    number_column("Challenges", lambda row: row.challenges),
)


class ThemeNameDialog(FormDialog):
    def __init__(self, database: Database, row: ThemeRow | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "New theme" if row is None else f"Rename '{row.name}'",
            "" if row is None else "The challenges filed under it are renamed with it.",
            parent,
        )
        self.database, self.row = database, row
        self.name = self.add_field("name", "&Name:", QLineEdit(row.name if row else ""))

    def save(self) -> None:
        if self.row is None:
            service.add_theme(self.database, self.name.text())
        else:
            service.rename_theme(self.database, self.row.id, self.name.text(), self.row.version)


class ThemesDialog(QDialog):
    """Themes listed with their use; `changed` is True once anything was saved (the log then reloads)."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.changed = False
        self.setWindowTitle("Challenge themes")
        self.setAccessibleName("Challenge themes")
        layout = QVBoxLayout(self)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy, "Challenge themes")
        self.add_button = QPushButton("&Add…")
        self.rename_button = QPushButton("&Rename…")
        self.retire_button = QPushButton("Re&tire")
        self.retire_button.setToolTip("A retired theme stays on old challenges but is not offered for new ones")
        for button, slot in (
            (self.add_button, self.add),
            (self.rename_button, self.rename),
            (self.retire_button, self.toggle_active),
        ):
            button.clicked.connect(slot)
        layout.addLayout(toolbar_row(self.add_button, self.rename_button, self.retire_button))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        resize_within_screen(self, self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24)
        self.reload()

    def current(self) -> ThemeRow | None:
        return self.proxy.row_at(self.table.currentIndex())

    def reload(self, select_name: str | None = None) -> None:
        chosen = select_name or (self.current().name if self.current() else None)
        self.model.set_rows(theme_rows(self.database))
        fit_columns(self.table)
        for position in range(self.proxy.rowCount()):
            if self.proxy.row_at(self.proxy.index(position, 0)).name == chosen:
                self.table.selectRow(position)
                break
        else:
            if self.proxy.rowCount():
                self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current()
        allowed = self.database.actor.can(Permission.EDIT_CHALLENGES)
        self.add_button.setEnabled(allowed)
        self.rename_button.setEnabled(allowed and row is not None)
        self.retire_button.setEnabled(allowed and row is not None)
        self.retire_button.setText("Bring &back" if row is not None and not row.active else "Re&tire")

    def _edit(self, row: ThemeRow | None) -> None:
        form = ThemeNameDialog(self.database, row, self)
        if form.exec():
            self.changed = True
            self.reload(form.name.text().strip())

    def add(self) -> None:
        self._edit(None)

    def rename(self) -> None:
        if self.current() is not None:
            self._edit(self.current())

    def toggle_active(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            service.set_theme_active(self.database, row.id, not row.active)
        except BoardAdminError as error:
            show_message(self, QMessageBox.Icon.Warning, "Challenge themes", describe_failure(error))
            return
        self.changed = True
        self.reload(row.name)
