"""The meeting window's Details tab: when and where, the meeting's status, and the approval of its minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout

from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.reports import meetings as reports
from board_admin.services import meetings as service
from board_admin.ui.dialogs.meeting_forms import (
    CancelDialog,
    PostponeDialog,
    parse_time,
    time_field,
)
from board_admin.ui.dialogs.meeting_parts import MeetingPanel, button, button_row, error_label, wrap
from board_admin.ui.messages import ask
from board_admin.ui.widgets import DateField


def approval_field() -> DateField:
    # Blank until chosen ("Choose the date"): an approval date is never guessed.
    field = DateField(None, optional=True)
    field.edit.setPlaceholderText("Choose the date")
    return field


class DetailsPanel(MeetingPanel):
    def __init__(self, window) -> None:
        super().__init__(window)
        layout = QVBoxLayout(self)
        details = QGroupBox("When and where")
        form = QFormLayout(details)
        self.date_edit = DateField(self.today())
        self.date_edit.setAccessibleName("Date")
        self.start_edit = time_field()
        self.start_edit.setAccessibleName("Starts")
        self.end_edit = time_field()
        self.end_edit.setAccessibleName("Ends")
        self.location_edit = QLineEdit()
        self.location_edit.setAccessibleName("Location")
        form.addRow("&Date:", self.date_edit)
        form.addRow("&Starts:", self.start_edit)
        form.addRow("&Ends:", self.end_edit)
        form.addRow("&Location:", self.location_edit)
        self.details_error = error_label("Problem with the meeting's details")
        form.addRow("", self.details_error)
        self.save_details_button = button("&Save details", "Save the date, times and place", self.save_details)
        form.addRow("", self.save_details_button)
        layout.addWidget(details)

        status = QGroupBox("Status")
        status_layout = QVBoxLayout(status)
        self.held_button = button("Mark &held", "The meeting took place", self.mark_held)
        self.cancel_button = button(
            "&Cancel meeting…", "Record that the meeting was cancelled, and why", self.cancel_meeting
        )
        self.postpone_button = button("&Postpone…", "Move the meeting to a new date", self.postpone)
        self.planned_button = button("Back to p&lanned", "Undo a status set by mistake", self.mark_planned)
        self.delete_button = button("Delete meeting…", "Remove a meeting entered by mistake", self.delete_meeting)
        status_layout.addLayout(
            button_row(
                self.held_button, self.cancel_button, self.postpone_button, self.planned_button, self.delete_button
            )
        )
        layout.addWidget(status)

        minutes = QGroupBox("Minutes")
        minutes_form = QFormLayout(minutes)
        self.minutes_state = QLabel()
        self.minutes_state.setAccessibleName("State of the minutes")
        minutes_form.addRow("State:", self.minutes_state)
        self.approved_edit = approval_field()
        self.approved_edit.setAccessibleName("Approved at the meeting of")
        self.approved_edit.setToolTip(
            "The date of the later meeting that approved these minutes (the group's next meeting, when there is one)"
        )
        minutes_form.addRow("Approved at the meeting &of:", self.approved_edit)
        self.approve_button = button("&Approve minutes", "Record the minutes as approved", self.approve_minutes)
        self.draft_button = button("Make dra&ft again", "Withdraw the approval", lambda: self.approve_on(None))
        minutes_form.addRow("", wrap(button_row(self.approve_button, self.draft_button)))
        self.minutes_error = error_label("Problem with the approval of the minutes")
        minutes_form.addRow("", self.minutes_error)
        layout.addWidget(minutes)
        layout.addStretch(1)
        for widget in (
            self.save_details_button,
            self.held_button,
            self.cancel_button,
            self.postpone_button,
            self.planned_button,
            self.delete_button,
            self.approve_button,
            self.draft_button,
        ):
            widget.setEnabled(self.can_edit)

    def reload(self) -> None:
        detail = self.window_.detail
        self.date_edit.setDate(detail.meeting_date)
        self.start_edit.setText(f"{detail.start_time:%H:%M}" if detail.start_time else "")
        self.end_edit.setText(f"{detail.end_time:%H:%M}" if detail.end_time else "")
        self.location_edit.setText(detail.location or "")
        status = detail.status
        self.held_button.setEnabled(self.can_edit and status is not MeetingStatus.HELD)
        self.cancel_button.setEnabled(self.can_edit and status is not MeetingStatus.CANCELLED)
        self.planned_button.setEnabled(self.can_edit and status is not MeetingStatus.PLANNED)
        if detail.minutes_approved_on:
            self.minutes_state.setText(f"Approved at the meeting of {format_date(detail.minutes_approved_on)}")
            self.approved_edit.setDate(detail.minutes_approved_on)
        else:
            self.minutes_state.setText("Draft")
            # Minutes are approved at the group's next meeting; never today's date by default.
            upcoming = reports.next_meeting_date(self.database, self.meeting_id)
            self.approved_edit.setDate(upcoming)
        self.approve_button.setEnabled(self.can_edit and status is MeetingStatus.HELD)
        self.draft_button.setEnabled(self.can_edit and detail.minutes_approved_on is not None)

    def save_details(self) -> None:
        def work() -> None:
            fields = service.MeetingFields(
                self.window_.detail.group_id,
                self.date_edit.value("meeting_date"),
                parse_time(self.start_edit.text(), "start_time", "The start time"),
                parse_time(self.end_edit.text(), "end_time", "The end time"),
                self.location_edit.text(),
            )
            service.update_meeting(self.database, self.meeting_id, fields, self.window_.detail.version)

        if self.attempt(work, self.details_error):
            self.window_.reload()

    def _status_change(self, work: Callable[[], None]) -> None:
        if self.attempt(work):
            self.window_.reload()

    def mark_held(self) -> None:
        self._status_change(lambda: service.mark_held(self.database, self.meeting_id))

    def mark_planned(self) -> None:
        self._status_change(lambda: service.mark_planned(self.database, self.meeting_id))

    def cancel_meeting(self) -> None:
        dialog = CancelDialog(self.database, self.meeting_id, self.window_.detail.title, self)
        dialog.accepted.connect(lambda: (self.window_.saved(), self.window_.reload()))
        dialog.open()

    def postpone(self) -> None:
        detail = self.window_.detail
        dialog = PostponeDialog(self.database, self.meeting_id, detail.title, detail.meeting_date, self)
        dialog.accepted.connect(lambda: (self.window_.saved(), self.window_.reload()))
        dialog.open()

    def delete_meeting(self) -> None:
        def delete() -> None:
            if self.attempt(lambda: service.delete_meeting(self.database, self.meeting_id)):
                self.window_.close()

        ask(
            self,
            "Delete meeting",
            f"Delete the meeting of {self.window_.detail.title}? Its agenda goes with it.",
            "Delete",
            delete,
        )

    def approve_minutes(self) -> None:
        problem = self.approved_edit.problem()
        if problem is None and self.approved_edit.date() is None:
            problem = "Choose the date of the meeting that approved the minutes in 'Approved at the meeting of'."
        if problem:
            self.minutes_error.setText(problem)
            self.minutes_error.setVisible(True)
            return
        self.approve_on(self.approved_edit.date())

    def approve_on(self, day: dt.date | None) -> None:
        if self.attempt(lambda: service.approve_minutes(self.database, self.meeting_id, day), self.minutes_error):
            self.window_.reload()
