"""A form that holds typed text asks before throwing it away: Save, Discard or Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


class AsksBeforeDiscarding:
    """Mixed into a FormDialog: Cancel, Esc or the window's close button, with something typed since the form
    opened, asks "Save changes to <what>?" instead of closing. `typed()` says what the form holds now;
    `remember_typed()` is called at the end of the form's __init__."""

    what = "the form"

    def typed(self) -> tuple:
        raise NotImplementedError

    def remember_typed(self) -> None:
        self._typed_at_start = self.typed()
        self._discarding = False
        self.discard_question: QMessageBox | None = None

    def has_changes(self) -> bool:
        return self.typed() != self._typed_at_start

    def reject(self) -> None:
        if self._discarding or not self.has_changes():
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save changes to {self.what}?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(clicked) -> None:
            if clicked is save:
                self._accept()
            elif clicked is discard:
                self._discarding = True
                self.reject()

        box.buttonClicked.connect(answered)
        self.discard_question = box
        box.open()
