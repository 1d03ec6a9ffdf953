"""What every page of the main window has: a title, a search box to focus, and loading on demand."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.ui.messages import ask, describe_failure, show_message
from board_admin.ui.widgets import PageHeader

log = logging.getLogger("board_admin.ui.pages")

EXPORT_FILTER = "Excel workbook (*.xlsx);;Word document (*.docx)"


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
        self.read_at_changes = -1  # the database's count of saves when the page was last read
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(8)
        self.header = PageHeader(self.title, self.subtitle)
        self.layout_.addWidget(self.header)

    # --- the width the window gives ---------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # The page scrolls inside the window, so it is never narrower than its own minimum: the width the
        # window really gives is the scroll area's, watched here for pages that rearrange to fit it.
        viewport = self.parentWidget()
        if viewport is not None and not getattr(self, "_watching_viewport", False):
            self._watching_viewport = True
            viewport.installEventFilter(self)
        if viewport is not None:
            self.fit_to_width(viewport.width())
        super().showEvent(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is not self:
            self.fit_to_width(watched.width())
        return super().eventFilter(watched, event)

    def fit_to_width(self, width: int) -> None:
        """Rearranges the page for `width` (figures fewer a row, panels one under the other); most pages
        simply scroll."""

    def reload(self) -> None:
        """Reads the page's lists again from the database."""
        raise NotImplementedError

    def ensure_loaded(self) -> None:
        """Reads the page when first shown, when marked stale, and after a save made anywhere since it was
        read (another page, a meeting window, an import): a figure on screen is never older than the data."""
        if self.stale or self.read_at_changes != self.database.changes:
            self.stale = False
            self.read_at_changes = self.database.changes
            try:
                self.reload()
            except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
                # A file found damaged while the window opens (its check runs beside the first paint) or a
                # server gone away: the page says so and is read again when next shown.
                self.stale = True
                log.warning("The %s page could not be read: %s", self.key, error)
                show_message(self, QMessageBox.Icon.Warning, "Not read", describe_failure(error))

    def mark_stale(self) -> None:
        self.stale = True

    def open_dialog(self, dialog: QDialog, on_saved: Callable[[], None]) -> QDialog:
        """Opens a page's form window-modal without blocking (`self.dialog` for tests); `on_saved` runs on OK."""
        self.dialog = dialog
        dialog.accepted.connect(on_saved)
        dialog.open()
        return dialog

    def ask_to_delete(self, title: str, text: str, delete: Callable[[], None], done: Callable[[], None]) -> QMessageBox:
        """Asks before `delete` runs; a refusal is told as a sentence ("Not deleted"), and `done` follows a
        deletion that went through."""

        def confirmed() -> None:
            try:
                delete()
            except Exception as error:  # noqa: BLE001 - told as a sentence, never a traceback
                show_message(self, QMessageBox.Icon.Warning, "Not deleted", describe_failure(error))
                return
            done()

        return ask(self, title, text, "Delete", confirmed)

    # --- files ------------------------------------------------------------------------------------

    def last_folder(self) -> Path:
        """The folder the user last saved to (the window keeps it), else their home folder."""
        window = self.window()
        if hasattr(window, "last_folder"):
            return Path(window.last_folder())
        folder = self.settings.value("files/last_folder")
        return Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()

    def remember_folder(self, path: Path) -> None:
        window = self.window()
        if hasattr(window, "remember_folder"):
            window.remember_folder(path)
        else:
            self.settings.setValue("files/last_folder", str(path.parent))

    def choose_export_file(self, title: str, suggested_name: str) -> Path | None:
        """Asks where to write an export to Excel or Word; a name typed without .xlsx or .docx gets the one
        of the chosen file type. None when the user cancels."""
        chosen, selected = QFileDialog.getSaveFileName(
            self, title, str(self.last_folder() / suggested_name), EXPORT_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (".xlsx", ".docx"):
            path = path.with_name(path.name + (".docx" if "docx" in (selected or "") else ".xlsx"))
        self.remember_folder(path)
        return path

    def search_field(self) -> QLineEdit | None:
        """The search box that Ctrl+F focuses, if the page has one."""
        return None

    def save_state(self) -> None:
        """Writes splitter positions and the like to the settings (called when the window closes)."""


def refill_filter(combo: QComboBox, anything: str, items: list[tuple[str, object]]) -> None:
    """Fills a filter with `anything` (no filter) and `items`, keeping the choice when it is still offered,
    without telling the page, which is already reloading."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(anything, None)
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
    combo.blockSignals(False)


def select_row_with_id(table: QTableView, row_id: int | None) -> bool:
    """Selects the row shown for the record `row_id`, else the first row; False when no row is shown."""
    proxy = table.model()
    if row_id is not None:
        for position in range(proxy.rowCount()):
            if proxy.row_at(proxy.index(position, 0)).id == row_id:
                table.selectRow(position)
                return True
    if proxy.rowCount():
        table.selectRow(0)
        return True
    return False
