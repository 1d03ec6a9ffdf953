"""The meeting window's Actions tab: the actions agreed at the meeting, added and changed in a form, and the
matters arising (the open actions of the group's earlier meetings)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from board_admin.reports import lists
from board_admin.reports import meetings as reports
from board_admin.reports.meetings import ActionRow
from board_admin.services import meetings as service
from board_admin.ui.dialogs.meeting_forms import ActionDialog
from board_admin.ui.dialogs.meeting_parts import MeetingPanel, button, button_row, fit_to_text, make_list
from board_admin.ui.messages import ask
from board_admin.ui.table_model import date_column, text_column

# The owner (a name and an agency, long) is held to a modest width, wrapping, so that the action's own words
# get the width; the status is short and shown whole ("In progress, Red, overdue" was cut to "… ov…").
HELD_COLUMNS = ("Owner",)


def action_status(action: ActionRow) -> str:
    text = action.status.label + (f", {action.rag.label}" if action.rag else "")
    return text + (", overdue" if action.overdue else "")


ACTION_COLUMNS = (
    text_column("Ref", lambda action: action.reference),
    text_column("Action", lambda action: action.description, stretch=True, tooltip=lambda action: action.description),
    text_column("Owner", lambda action: action.owner, tooltip=lambda action: action.owner),
    date_column("Due", lambda action: action.due_date, warn=lambda action: action.overdue),
    text_column("Status", action_status, warn=lambda action: action.overdue, tooltip=action_status),
)
ARISING_COLUMNS = (date_column("From meeting", lambda action: action.meeting_date), *ACTION_COLUMNS)


class ActionsPanel(MeetingPanel):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.action_dialog: ActionDialog | None = None
        layout = QVBoxLayout(self)
        self.model, self.proxy, self.table = make_list(self, "Actions", ACTION_COLUMNS)
        self.table.doubleClicked.connect(lambda _index: self.edit_action())
        self.table.activated.connect(lambda _index: self.edit_action())
        agreed = QLabel("Actions agreed at this meeting")
        layout.addWidget(agreed)
        layout.addWidget(self.table, 1)
        self.new_action_button = button("&New action…", "Record an action agreed at this meeting", self.new_action)
        self.edit_action_button = button(
            "&Edit action…", "Change the selected action (or press Enter)", self.edit_action
        )
        self.delete_action_button = button("Delete action", "Remove an action recorded by mistake", self.delete_action)
        layout.addLayout(button_row(self.new_action_button, self.edit_action_button, self.delete_action_button))
        for widget in (self.new_action_button, self.edit_action_button, self.delete_action_button):
            widget.setEnabled(self.can_edit)
        arising = QLabel("Matters arising: open actions from the group's earlier meetings")
        arising.setWordWrap(True)
        layout.addWidget(arising)
        self.arising_model, self.arising_proxy, self.arising_table = make_list(self, "Matters arising", ARISING_COLUMNS)
        layout.addWidget(self.arising_table, 1)

    def reload(self) -> None:
        self.model.set_rows(reports.meeting_actions(self.database, self.meeting_id, self.today()))
        self.arising_model.set_rows(reports.matters_arising(self.database, self.meeting_id, self.today()))
        fit_to_text(self.table, HELD_COLUMNS)
        fit_to_text(self.arising_table, HELD_COLUMNS)

    def _action_dialog(self, action: ActionRow | None) -> None:
        window = self.window_
        dialog = ActionDialog(
            self.database,
            self.meeting_id,
            window.people(),
            lists.agency_rows(self.database),
            window.detail.meeting_date,
            action,
            self,
            next_meeting=reports.next_meeting_date(self.database, self.meeting_id),
        )
        dialog.accepted.connect(lambda: (window.saved(), self.reload(), window.agenda_panel.reload()))
        self.action_dialog = dialog
        dialog.open()

    def new_action(self) -> None:
        if self.can_edit:
            self._action_dialog(None)

    def edit_action(self) -> None:
        action = self.proxy.row_at(self.table.currentIndex())
        if action is not None and self.can_edit:
            self._action_dialog(action)

    def delete_action(self) -> None:
        action = self.proxy.row_at(self.table.currentIndex())
        if action is None:
            return

        def delete() -> None:
            if self.attempt(lambda: service.delete_action(self.database, action.id)):
                self.reload()

        ask(self, "Delete action", f"Delete the action '{action.description}'?", "Delete", delete)
