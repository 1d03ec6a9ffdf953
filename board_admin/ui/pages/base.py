"""What every page of the main window has: a title, a search box to focus, and loading on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from board_admin.db.engine import Database
from board_admin.ui.widgets import PageHeader


class Page(QWidget):
    """A page loads its lists from the reports when first shown and again after `mark_stale()`.

    `navigate` asks the main window to show another page by its key (the dashboard's tiles use it).
    """

    key: str = ""
    title: str = ""
    subtitle: str = ""
    navigate = Signal(str)

    def __init__(
        self,
        database: Database,
        settings: QSettings,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings
        self.today = today
        self.setAccessibleName(self.title)
        self.stale = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(8)
        self.header = PageHeader(self.title, self.subtitle)
        self.layout_.addWidget(self.header)

    def reload(self) -> None:
        """Reads the page's lists again from the database."""
        raise NotImplementedError

    def ensure_loaded(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    def mark_stale(self) -> None:
        self.stale = True

    def open_dialog(self, dialog: QDialog, on_saved: Callable[[], None]) -> QDialog:
        """Opens a page's form window-modal without blocking (`self.dialog` for tests); `on_saved` runs on OK."""
        self.dialog = dialog
        dialog.accepted.connect(on_saved)
        dialog.open()
        return dialog

    def search_field(self) -> QLineEdit | None:
        """The search box that Ctrl+F focuses, if the page has one."""
        return None

    def save_state(self) -> None:
        """Writes splitter positions and the like to the settings (called when the window closes)."""
