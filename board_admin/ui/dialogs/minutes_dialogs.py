"""The forms of approved minutes and of the register before the meeting: an amendment after approval, and
apologies received in advance."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from board_admin.db.engine import Database
from board_admin.services import minutes as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().height() * lines)
    return box


class AmendmentDialog(FormDialog):
    """A correction of approved minutes: what was changed and why; the minutes list it after approval."""

    def __init__(self, database: Database, meeting_id: int, approval: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "Record an amendment",
            f"These minutes were {approval[0].lower() + approval[1:]}: they are not edited. Say what is "
            "corrected and why; the minutes show it under 'Amendments after approval', with your name and the time.",
            parent,
        )
        self.database = database
        self.meeting_id = meeting_id
        self.change = self.add_field(
            "change",
            "&What was changed:",
            _text_box(4),
            "The item and the correction, e.g. Item 3: 'agreed' should read 'noted'",
        )
        self.reason = self.add_field("reason", "W&hy:", _text_box(2), "Who asked for the correction, and why")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.amendment_id: int | None = None

    def save(self) -> None:
        self.amendment_id = service.record_amendment(
            self.database, self.meeting_id, self.change.toPlainText(), self.reason.toPlainText()
        )


class AdvanceApologyDialog(FormDialog):
    """Apologies a member sent before the meeting: the date they came and a note; changed or recorded anew."""

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        person_id: int,
        person_name: str,
        today: dt.date,
        apology=None,  # reports.meetings.AdvanceApologyRow when the apologies are already recorded
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Apologies in advance",
            f"Apologies from {person_name}, received before the meeting. Their line of the register is marked "
            "apologies; you can still change it on the day.",
            parent,
        )
        self.database, self.meeting_id, self.person_id, self.apology = database, meeting_id, person_id, apology
        self.received = self.add_field(
            "received_on", "&Received on:", DateField(apology.received_on if apology else today)
        )
        self.note = self.add_field("note", "&Note:", QLineEdit(apology.note or "" if apology else ""), "e.g. on leave")

    def save(self) -> None:
        received = self.received.value("received_on")
        if self.apology is None:
            service.record_advance_apology(self.database, self.meeting_id, self.person_id, received, self.note.text())
        else:
            service.update_advance_apology(
                self.database, self.apology.id, received, self.note.text(), self.apology.version
            )
