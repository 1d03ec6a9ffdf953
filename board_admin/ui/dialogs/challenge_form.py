"""Recording a challenge, or editing one: what was challenged, of which agency, where, when and by whom."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.reports.challenges import ChallengeLogRow, theme_names
from board_admin.reports.lists import agency_rows, group_rows, meeting_rows, person_rows
from board_admin.services import challenges as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.dialogs.meeting_forms import choice_combo, chosen_item, person_combo, searchable_combo

NO_THEME = "(no theme)"


def text_box(text: str | None, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit(text or "")
    box.setTabChangesFocus(True)  # Tab moves on to the next field, as everywhere else in the form
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ChallengeFormDialog(FormDialog):
    """New (row None) or edit. `challenge_id` holds the saved challenge's id afterwards."""

    def __init__(
        self, database: Database, today: dt.date, row: ChallengeLogRow | None = None, parent: QWidget | None = None
    ) -> None:
        title = "Record a challenge" if row is None else f"Edit challenge {row.reference}"
        intro = (
            "The reference (CH-year-number) is given when the challenge is saved."
            if row is None
            else "The reference stays as it is; use Respond, Escalate or Close to follow the challenge up."
        )
        super().__init__(title, intro, parent)
        self.database = database
        self.row = row
        self.challenge_id: int | None = row.id if row else None
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        self.date_raised = self.add_field("date_raised", "Date &raised:", DateField(row.date_raised if row else today))
        agencies = [(a.name, a.id) for a in agency_rows(database) if a.active or (row and a.id == row.agency_id)]
        self.agency = self.add_field(
            "agency_id",
            "&Agency challenged:",
            searchable_combo(agencies, "Choose an agency…", row.agency_id if row else None),
        )
        themes = theme_names(database)
        if row and row.theme and row.theme not in themes:
            themes.append(row.theme)  # a retired theme stays on the challenges filed under it
        self.theme = self.add_field(
            "theme",
            "&Theme:",
            choice_combo([(name, name) for name in themes], NO_THEME),
            "The theme or priority the challenge is filed under; the list is kept with Themes… on the log",
        )
        if row and row.theme:
            self.theme.setCurrentIndex(max(0, self.theme.findData(row.theme)))
        groups = [(g.name, g.id) for g in group_rows(database, today)]
        self.group = self.add_field("raised_at_group_id", "Raised at &group:", choice_combo(groups, "(not recorded)"))
        if row and row.raised_at_group_id:
            self.group.setCurrentIndex(max(0, self.group.findData(row.raised_at_group_id)))
        self.meeting = self.add_field(
            "raised_at_meeting_id",
            "Raised at &meeting:",
            QComboBox(),
            "The meeting of the group where it was raised; its minutes list the challenges raised there",
        )
        self._fill_meetings(row.raised_at_meeting_id if row else None)
        self.group.currentIndexChanged.connect(lambda _index: self._fill_meetings(None))
        self.raised_by = self.add_field(
            "raised_by_id",
            "Raised &by:",
            person_combo(person_rows(database), "(not recorded)", row.raised_by_id if row else None),
        )
        self.response_due = self.add_field(
            "response_due",
            "Response &due:",
            DateField(row.response_due if row else None, optional=True),
            "dd/mm/yyyy; after this date with no response the challenge shows as overdue. Leave empty if none.",
        )
        if row is None:
            self.response_due.setDate(today + dt.timedelta(days=28))
        self.challenge = self.add_field("challenge", "The &challenge:", text_box(row.challenge if row else ""))

    def _fill_meetings(self, chosen: int | None) -> None:
        self.meeting.clear()
        self.meeting.addItem("(not at a meeting)", None)
        group_id = self.group.currentData()
        if group_id is None:
            self.meeting.setEnabled(False)
            return
        self.meeting.setEnabled(True)
        for meeting in meeting_rows(self.database, group_id=group_id):
            self.meeting.addItem(f"{format_date(meeting.meeting_date)} ({meeting.status.label})", meeting.id)
        if chosen is not None:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(chosen)))

    def fields(self) -> service.ChallengeFields:
        return service.ChallengeFields(
            date_raised=self.date_raised.value("date_raised"),
            agency_id=chosen_item(self.agency, "agency_id", "agencies"),
            challenge=self.challenge.toPlainText(),
            theme=self.theme.currentData(),
            raised_at_group_id=self.group.currentData(),
            raised_at_meeting_id=self.meeting.currentData(),
            raised_by_id=chosen_item(self.raised_by, "raised_by_id", "people"),
            response_due=self.response_due.value("response_due"),
        )

    def save(self) -> None:
        if self.row is None:
            self.challenge_id = service.record_challenge(self.database, self.fields())
        else:
            service.update_challenge(self.database, self.row.id, self.fields(), self.row.version)
