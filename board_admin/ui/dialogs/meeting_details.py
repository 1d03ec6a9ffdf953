"""The meeting window's Details tab: when and where, the meeting's status, and the approval of its minutes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout

from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.reports import meetings as reports
from board_admin.services import meetings as service
from board_admin.services import minutes as minutes_service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.meeting_forms import (
    CancelDialog,
    PostponeDialog,
    parse_time,
    time_field,
)
from board_admin.ui.dialogs.meeting_parts import (
    MeetingPanel,
    button,
    button_row,
    error_label,
    fit_to_text,
    make_list,
    wrap,
)
from board_admin.ui.dialogs.minutes_dialogs import AmendmentDialog
from board_admin.ui.messages import ask
from board_admin.ui.table_model import text_column

AMENDMENT_COLUMNS = (
    text_column("Recorded", lambda row: f"{format_date(row.recorded_at.date())} {row.recorded_at:%H:%M}"),
    text_column("By", lambda row: row.recorded_by),
    text_column("What was changed", lambda row: row.change, stretch=True, tooltip=lambda row: row.change),
    text_column("Why", lambda row: row.reason, stretch=True, tooltip=lambda row: row.reason),
)


class DetailsPanel(MeetingPanel):
    # The meeting's details and status are part of the record; the Minutes box below has its own rules.
    covered_by_minutes = True
    lock_hint = "Use 'Record an amendment…' below."

    def __init__(self, window) -> None:
        super().__init__(window)
        self.amendment_dialog: AmendmentDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_line)
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

        layout.addWidget(self._minutes_box(), 1)
        self.edit_widgets = [
            self.date_edit,
            self.start_edit,
            self.end_edit,
            self.location_edit,
            self.save_details_button,
            self.delete_button,
            self.postpone_button,
        ]

    def _minutes_box(self) -> QGroupBox:
        """Draft, circulated, approved at a later meeting; once approved, amendments instead of edits."""
        minutes = QGroupBox("Minutes")
        form = QFormLayout(minutes)
        self.minutes_state = QLabel()
        self.minutes_state.setAccessibleName("State of the minutes")
        self.minutes_state.setWordWrap(True)
        form.addRow("State:", self.minutes_state)
        self.circulated_edit = DateField(None, optional=True)
        self.circulated_edit.setAccessibleName("Circulated on")
        self.circulated_edit.setToolTip("The date the draft minutes went to the members")
        # Beside a button, not stretched: wide enough for its hint, which was cut to "dd/mm/yyyy (ma…".
        edit = self.circulated_edit.edit
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 16)
        self.circulate_button = button(
            "Mark &circulated", "Record the date the draft minutes were sent to the members", self.mark_circulated
        )
        form.addRow("Circulated &on:", wrap(button_row(self.circulated_edit, self.circulate_button)))
        self.approving_combo = QComboBox()
        self.approving_combo.setAccessibleName("Approved at the meeting of")
        self.approving_combo.setToolTip(
            "The later meeting of the same group that approved these minutes (usually the next one)"
        )
        self.approve_button = button(
            "&Approve minutes",
            "Record the minutes as approved at the chosen meeting; they are then locked",
            self.approve,
        )
        self.draft_button = button(
            "Make dra&ft again", "Withdraw an approval recorded by mistake (not once amended)", self.withdraw
        )
        self.amend_button = button(
            "Record an a&mendment…", "Correct approved minutes: what was changed and why, kept with them", self.amend
        )
        form.addRow(
            "Approved at the meeting &of:",
            wrap(button_row(self.approving_combo, self.approve_button, self.draft_button, self.amend_button)),
        )
        self.minutes_error = error_label("Problem with the minutes")
        form.addRow("", self.minutes_error)
        self.amendments_model, _proxy, self.amendments_table = make_list(
            self, "Amendments after approval", AMENDMENT_COLUMNS
        )
        self.amendments_table.setMinimumHeight(self.fontMetrics().height() * 4)
        form.addRow("Amendments after approval:", self.amendments_table)
        return minutes

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
        approval = detail.approval
        self.minutes_state.setText(approval.describe())
        self.circulated_edit.setDate(approval.circulated_on)
        # The group's later meetings; the next one is chosen first, as minutes are usually approved there.
        choices = reports.approval_choices(self.database, self.meeting_id)
        self.approving_combo.clear()
        for choice in choices:
            self.approving_combo.addItem(choice.label, choice.meeting_id)
        if detail.minutes_approved_at_id is not None:
            self.approving_combo.setCurrentIndex(self.approving_combo.findData(detail.minutes_approved_at_id))
        held = status is MeetingStatus.HELD
        self.circulated_edit.setEnabled(self.can_edit and held)
        self.circulate_button.setEnabled(self.can_edit and held)
        can_approve = self.window_.can_approve
        self.approving_combo.setEnabled(can_approve and held and not approval.approved and bool(choices))
        self.approve_button.setEnabled(can_approve and held and not approval.approved and bool(choices))
        amendments = reports.minutes_amendments(self.database, self.meeting_id)
        # Amended minutes were approved in earnest: the approval stands (services/minutes.withdraw_approval).
        self.draft_button.setEnabled(can_approve and approval.approved and not amendments)
        self.amend_button.setEnabled(can_approve and approval.approved)
        self.amendments_model.set_rows(amendments)
        fit_to_text(self.amendments_table)

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

    def mark_circulated(self) -> None:
        problem = self.circulated_edit.problem()
        if problem is None and self.circulated_edit.date() is None:
            problem = "Give the date the minutes were circulated in 'Circulated on'."
        if problem:
            self.minutes_error.setText(problem)
            self.minutes_error.setVisible(True)
            return
        day = self.circulated_edit.date()
        if self.attempt(
            lambda: minutes_service.mark_minutes_circulated(self.database, self.meeting_id, day), self.minutes_error
        ):
            self.window_.reload()

    def approve(self) -> None:
        approving = self.approving_combo.currentData()
        if approving is None:
            self.minutes_error.setText("Choose the later meeting that approved the minutes.")
            self.minutes_error.setVisible(True)
            return
        if self.attempt(
            lambda: minutes_service.approve_minutes(self.database, self.meeting_id, approving), self.minutes_error
        ):
            self.window_.reload()

    def withdraw(self) -> None:
        def withdraw() -> None:
            if self.attempt(
                lambda: minutes_service.withdraw_approval(self.database, self.meeting_id), self.minutes_error
            ):
                self.window_.reload()

        ask(
            self,
            "Make the minutes draft again",
            "Withdraw the approval of these minutes? Do this only when it was recorded by mistake; "
            "to correct approved minutes, record an amendment instead.",
            "Withdraw the approval",
            withdraw,
        )

    def amend(self) -> None:
        dialog = AmendmentDialog(self.database, self.meeting_id, self.window_.detail.approval.describe(), self)
        dialog.accepted.connect(lambda: (self.window_.saved(), self.window_.reload()))
        self.amendment_dialog = dialog
        dialog.open()
