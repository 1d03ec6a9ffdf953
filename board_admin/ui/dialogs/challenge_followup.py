"""Following a challenge up: the agency's response, escalation, closing with the outcome, another status.

Each form saves through services/challenges, which also writes the challenge's history; a refusal is
shown beside the field it is about.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from board_admin.db.engine import Database
from board_admin.domain.enums import ChallengeStatus
from board_admin.reports.challenges import ChallengeLogRow
from board_admin.reports.lists import group_rows, person_rows
from board_admin.services import challenges as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.dialogs.challenge_form import text_box
from board_admin.ui.dialogs.meeting_forms import choice_combo, chosen_item, person_combo
from board_admin.ui.dialogs.unsaved import AsksBeforeDiscarding

# The statuses set by hand; the others come with their own step (response, escalation, closing).
SET_BY_HAND = (ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE)


def _headline(row: ChallengeLogRow) -> str:
    return f"{row.reference}, to {row.agency_name} (now {row.status.label.lower()})."


class RespondDialog(AsksBeforeDiscarding, FormDialog):
    """The agency's response and its date; the challenge becomes 'Responded' unless it is closed. Cancel with
    a response typed asks whether to save it."""

    what = "the response"

    def __init__(self, database: Database, row: ChallengeLogRow, today: dt.date, parent: QWidget | None = None):
        super().__init__(f"Response to {row.reference}", _headline(row), parent)
        self.database, self.row = database, row
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.responded_on = self.add_field(
            "responded_on",
            "Response &date:",
            DateField(row.responded_on or today),
            "It cannot be before the date raised",
        )
        self.response = self.add_field("response", "&Response:", text_box(row.response, 6))
        self.note = self.add_field("note", "&Note for the history:", text_box(None, 2), "Optional")
        self.remember_typed()

    def typed(self) -> tuple:
        return (self.responded_on.date(), self.response.toPlainText(), self.note.toPlainText())

    def save(self) -> None:
        service.record_response(
            self.database,
            self.row.id,
            self.response.toPlainText(),
            self.responded_on.value("responded_on"),
            self.row.version,
            self.note.toPlainText(),
        )


class EscalateDialog(FormDialog):
    """Escalation to a group (e.g. the Executive board) or to a person (e.g. the independent chair)."""

    def __init__(self, database: Database, row: ChallengeLogRow, today: dt.date, parent: QWidget | None = None):
        super().__init__(f"Escalate {row.reference}", _headline(row), parent)
        self.database, self.row = database, row
        self.to_group = QRadioButton("To a &group")
        self.to_person = QRadioButton("To a &person")
        self.choice = QButtonGroup(self)
        for button in (self.to_group, self.to_person):
            self.choice.addButton(button)
        kind = QWidget()
        line = QHBoxLayout(kind)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.to_group)
        line.addWidget(self.to_person)
        line.addStretch(1)
        self.add_field("escalated_to", "Escalate:", kind)
        self.group = self.add_field("group_id", "&Group:", choice_combo([(g.name, g.id) for g in group_rows(database)]))
        self.person = self.add_field("person_id", "P&erson:", person_combo(person_rows(database)))
        self.escalated_on = self.add_field("changed_on", "&Date:", DateField(today))
        self.note = self.add_field("note", "&Why:", text_box(None, 3), "Recorded in the challenge's history")
        self.to_group.toggled.connect(self._kind_changed)
        self.to_person.setChecked(bool(row.escalated_to_person_id))
        self.to_group.setChecked(not row.escalated_to_person_id)
        if row.escalated_to_group_id:
            self.group.setCurrentIndex(max(0, self.group.findData(row.escalated_to_group_id)))
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        self.group.setEnabled(self.to_group.isChecked())
        self.person.setEnabled(self.to_person.isChecked())

    def save(self) -> None:
        service.escalate_challenge(
            self.database,
            self.row.id,
            group_id=self.group.currentData() if self.to_group.isChecked() else None,
            person_id=chosen_item(self.person, "person_id", "people") if self.to_person.isChecked() else None,
            note=self.note.toPlainText(),
            on=self.escalated_on.value("changed_on"),
            version=self.row.version,
        )


class CloseDialog(AsksBeforeDiscarding, FormDialog):
    """Closing needs the outcome and impact: what changed because of the challenge."""

    what = "the outcome"

    def __init__(self, database: Database, row: ChallengeLogRow, today: dt.date, parent: QWidget | None = None):
        super().__init__(f"Close {row.reference}", _headline(row), parent)
        self.database, self.row = database, row
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.closed_on = self.add_field("date_closed", "Date &closed:", DateField(today))
        self.outcome = self.add_field(
            "outcome", "&Outcome and impact:", text_box(row.outcome, 6), "Required: what changed because of it"
        )
        self.note = self.add_field("note", "&Note for the history:", text_box(None, 2), "Optional")
        self.remember_typed()

    def typed(self) -> tuple:
        return (self.closed_on.date(), self.outcome.toPlainText(), self.note.toPlainText())

    def save(self) -> None:
        service.close_challenge(
            self.database,
            self.row.id,
            self.closed_on.value("date_closed"),
            self.outcome.toPlainText(),
            self.note.toPlainText(),
            self.row.version,
        )


class StatusDialog(FormDialog):
    """Back to open or awaiting a response (also reopens a closed challenge), with a note for the history."""

    def __init__(self, database: Database, row: ChallengeLogRow, today: dt.date, parent: QWidget | None = None):
        super().__init__(
            f"Change the status of {row.reference}",
            _headline(row) + " To record a response, escalate or close, use those buttons instead.",
            parent,
        )
        self.database, self.row = database, row
        choices = [(status.label, status.value) for status in SET_BY_HAND if status is not row.status]
        self.status = self.add_field("status", "New &status:", choice_combo(choices))
        self.changed_on = self.add_field("changed_on", "&Date:", DateField(today))
        self.note = self.add_field("note", "&Note:", text_box(None, 3), "Why the status changed; kept in the history")

    def save(self) -> None:
        service.change_status(
            self.database,
            self.row.id,
            ChallengeStatus(self.status.currentData()),
            self.note.toPlainText(),
            self.changed_on.value("changed_on"),
            self.row.version,
        )
