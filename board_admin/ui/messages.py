"""What the user is told: message boxes that do not block the event loop, a failure put into a sentence,
and the list of problems that stopped an import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.damage import damage_described
from board_admin.domain.errors import BoardAdminError
from board_admin.ui.widgets import resize_within_screen

log = logging.getLogger("board_admin.ui")


def show_message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str | None = None,
) -> QMessageBox:
    """Opens a window-modal message and returns at once; the box deletes itself when closed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if informative:
        box.setInformativeText(informative)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.open()
    return box


def show_written(parent: QWidget | None, title: str, text: str, path: Path) -> QMessageBox:
    """Says where an export went, with buttons to open the document or its folder (every export says it so)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    open_document = box.addButton("&Open the document", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("Open the &folder", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(clicked) -> None:
        if clicked is open_document:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif clicked is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    box.buttonClicked.connect(answered)
    box.open()
    return box


def ask(parent: QWidget | None, title: str, text: str, yes_text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """Asks a yes/no question without blocking; `on_yes` runs only if the user agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button) -> None:
        if button is yes:
            on_yes()

    box.buttonClicked.connect(answered)
    box.open()
    return box


def describe_failure(error: BaseException, log_path: Path | None = None) -> str:
    """A sentence an administrator understands for what went wrong (the traceback goes to the log)."""
    if isinstance(error, BoardAdminError):
        return error.message
    damage = damage_described(error)
    if damage:
        return (
            f"The database file is damaged ({damage}), so Board Admin stopped before changing anything more. "
            "Restore a backup: File, Restore from backup... (the newest good copy is in the backups folder)."
        )
    if isinstance(error, PermissionError):
        name = error.filename or "the file"
        return (
            f"Board Admin was not allowed to use {name}. If it is open in Excel, Word or another program, "
            "close it and try again; otherwise choose a folder you can write to."
        )
    if isinstance(error, FileNotFoundError):
        return f"{error.filename or 'The file'} does not exist (any more). Choose another file or folder."
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"The computer refused the file operation{where}: {error.strerror or error}."
    where = f" The details were written to {log_path}." if log_path else ""
    return (
        "Something unexpected went wrong and Board Admin could not finish. Each change is saved whole or "
        f"not at all, so your records are as they were before.{where}"
    )


class ProblemsDialog(QDialog):
    """The problems found in a workbook, one per line (sheet, row, column and what is wrong)."""

    def __init__(self, title: str, message: str, problems: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.problems = list(problems)
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        count = QLabel(f"{len(self.problems):,} problem{'s' if len(self.problems) != 1 else ''} to correct:")
        layout.addWidget(count)
        self.model = QStringListModel(self.problems, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Problems found in the workbook")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        count.setBuddy(self.list)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("&Copy the list")
        copy.setToolTip("Copy every problem to the clipboard, to paste into an email or a document")
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        resize_within_screen(self, width * 100, self.fontMetrics().height() * 28)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText("\n".join([self.message.text(), "", *self.problems]))
