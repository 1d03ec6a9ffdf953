"""Send to members, from the meeting window: the agenda pack, the agenda, the minutes, or a reminder to the owners
of open actions, as an e-mail draft opened in the user's mail program (exporters/email_draft.py writes it).

The dialog says who the message will go to and lists, before anything is opened, everyone it cannot reach (no
email address, or one that is not an address) with the reason, so nobody is left out without the user knowing.
The draft is written to a folder of its own in the computer's temporary folder and opened there: Outlook opens it
as a new message (it is marked unsent), to check and send; the file itself is no longer needed after that.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.exports import SENDING, Written, email_addressees, email_template, pack_export, write_listed
from board_admin.handover_files import drafts_folder, remove_old_drafts
from board_admin.reports.meetings import MeetingDetail
from board_admin.resources import template_path, user_templates_dir
from board_admin.ui.messages import describe_failure, show_message
from board_admin.ui.workers import BackgroundJob

# The choices as the dialog offers them, in the order a meeting's cycle needs them.
CHOICES = (
    ("pack", "Send the agenda &pack", "The agenda and its papers as one PDF, to the members and their deputies"),
    ("agenda", "Send the &agenda", "The agenda (Word), to the members and their deputies"),
    ("minutes", "Send the &minutes", "The minutes (Word), to the members and their deputies"),
    ("actions", "&Remind action owners", "Each owner of the group's open actions, with their actions listed"),
)


class SendDialog(QDialog):
    """Choose what to send, see who it goes to and who it cannot reach, then open the draft."""

    def __init__(
        self,
        database: Database,
        meeting: MeetingDetail,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
        sending: str = "agenda",
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.meeting = meeting
        self.today = today
        self.job: BackgroundJob | None = None
        self.draft = None  # the exporters' Draft once written
        self.setWindowTitle(f"Send to members: {meeting.title}")

        heading = QLabel(f"What to send for the meeting of {meeting.group_name} on {format_date(meeting.meeting_date)}")
        heading.setWordWrap(True)
        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        makes_packs = pack_export() is not None
        for key, text, tip in CHOICES:
            if key == "minutes" and meeting.minutes_document != "minutes":
                text = f"Send the &{meeting.minutes_document}"
            choice = QRadioButton(text)
            choice.setToolTip(tip)
            if key == "pack" and not makes_packs:
                choice.setEnabled(False)
                choice.setToolTip("This version of Board Admin does not make agenda packs yet: send the agenda")
            self.choices.addButton(choice)
            self.buttons[key] = choice
            layout.addWidget(choice, 0, Qt.AlignmentFlag.AlignLeft)  # a click beside its words is not a choice

        self.addressed = QLabel()
        self.addressed.setWordWrap(True)
        self.addressed.setAccessibleName("Who it goes to")
        self.left_out_label = QLabel()
        self.left_out_label.setWordWrap(True)
        self.left_out = QTableWidget(0, 2)
        self.left_out.setAccessibleName("Not addressed")
        self.left_out.setHorizontalHeaderLabels(["Not addressed", "Why"])
        self.left_out.verticalHeader().setVisible(False)
        self.left_out.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.left_out.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.left_out.setWordWrap(True)
        header = self.left_out.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.wording = QLabel()
        self.wording.setWordWrap(True)
        self.wording.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addSpacing(6)
        layout.addWidget(self.addressed)
        layout.addWidget(self.left_out_label)
        layout.addWidget(self.left_out, 1)
        layout.addWidget(self.wording)
        # Takes the list's room when nobody is left out, so the words stay together above the buttons.
        self.filler = QWidget()
        layout.addWidget(self.filler, 1)

        self.open_button = QPushButton("&Open the draft in my mail program")
        self.open_button.setToolTip("Write the e-mail with the document attached and open it, ready to check and send")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_draft)
        self.wording_button = QPushButton("Change the &wording…")
        self.wording_button.setToolTip("Open your own copy of this e-mail's template to edit its subject and text")
        self.wording_button.clicked.connect(self.edit_wording)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.wording_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.choices.buttonToggled.connect(lambda _button, checked: checked and self.refresh())
        start = sending if self.buttons[sending].isEnabled() else "agenda"
        self.buttons[start].setChecked(True)
        self.refresh()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 30)

    @property
    def sending(self) -> str:
        return next(key for key, button in self.buttons.items() if button.isChecked())

    def refresh(self) -> None:
        """Who the chosen message goes to, and the list of those it cannot reach."""
        sending = self.sending
        # The exporters (and python-docx) are loaded when the dialog is used, not when the main window opens.
        found = email_addressees(self.database, self.meeting.id, sending, self.today())
        day = format_date(self.meeting.meeting_date)
        if sending == "actions":
            text = f"To: {_people(len(found.to))} who own open actions of {self.meeting.group_name}."
        else:
            text = f"To: {_people(len(found.to))}, the members of {self.meeting.group_name} on {day}."
            if found.cc:
                text += f" Cc: {_people(len(found.cc), 'deputy', 'deputies')} named for them."
        self.addressed.setText(text)
        self.left_out.setRowCount(len(found.left_out))
        for row, who in enumerate(found.left_out):
            self.left_out.setItem(row, 0, QTableWidgetItem(who.who))
            reason = QTableWidgetItem(who.why)
            reason.setToolTip(who.why)
            self.left_out.setItem(row, 1, reason)
        self.left_out.resizeRowsToContents()
        self.left_out.setVisible(bool(found.left_out))
        self.filler.setVisible(not found.left_out)
        if found.left_out:
            self.left_out_label.setText(
                f"{_people(len(found.left_out))} {'is' if len(found.left_out) == 1 else 'are'} not reached by this "
                "e-mail as things stand: add or correct their email address on the People page, or send them the "
                "document another way."
            )
        else:
            self.left_out_label.setText("Everyone it is for has an email address.")
        self.wording.setText(
            f"The subject and text come from {email_template(sending)}: Change the wording… opens your own copy, in "
            "the templates folder of your data folder."
        )
        self.wording.setToolTip(str(user_templates_dir() / email_template(sending)))
        self.open_button.setEnabled(bool(found.to or found.cc))

    def open_draft(self) -> BackgroundJob | None:
        """Writes the draft off the UI thread, then opens it in the mail program."""
        if self.job is not None and self.job.running:
            return None
        sending = self.sending
        folder = drafts_folder()
        try:
            folder.mkdir(exist_ok=True)
            remove_old_drafts()
            handle = tempfile.NamedTemporaryFile(
                prefix=f"{self.meeting.meeting_date:%Y-%m-%d} {sending} ", suffix=".eml", dir=folder, delete=False
            )
            handle.close()
        except OSError as error:
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))
            return None
        path = Path(handle.name)
        today = self.today()

        def done(written: Written) -> None:
            draft = self.draft = written.result  # the list's "email" entry gives the draft back, to open it
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(draft.path)))
            self.accept()

        def failed(error: BaseException) -> None:
            path.unlink(missing_ok=True)
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        self.job = BackgroundJob(
            self,
            f"Writing the e-mail ({SENDING[sending]})…",
            lambda: write_listed(
                self.database, "email", path, meeting_id=self.meeting.id, sending=sending, today=today
            ),
            done,
            failed,
        )
        return self.job.start()

    def edit_wording(self) -> Path:
        """Opens the unit's own copy of the chosen e-mail's template (made from the shipped one the first time)."""
        name = email_template(self.sending)
        own = user_templates_dir() / name
        try:
            if not own.is_file():
                own.parent.mkdir(parents=True, exist_ok=True)
                own.write_bytes(template_path(name).read_bytes())
        except OSError as error:
            show_message(self, QMessageBox.Icon.Warning, "Not opened", describe_failure(error))
            return own
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(own)))
        return own


def _people(count: int, one: str = "person", many: str = "people") -> str:
    return f"{count} {one if count == 1 else many}"
