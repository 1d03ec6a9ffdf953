"""One meeting's window: details and status, the attendance register, agenda and minutes, and actions.

Everything is saved through services/meetings as it is done (there is no "save all" to forget), and the
window reads back from reports/meetings after each change, so what it shows is what is stored. The
register is built for speed: select one or more members and press P (present), A (apologies),
X (absent), D (deputy: the member's named deputy, or a choice) or Delete (not recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus, MeetingStatus
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.reports import lists
from board_admin.reports import meetings as reports
from board_admin.reports.meetings import ActionRow, AgendaRow, MeetingDetail, Register, RegisterLine
from board_admin.services import meetings as service
from board_admin.ui.dialogs.meeting_forms import (
    ActionDialog,
    CancelDialog,
    PersonChoiceDialog,
    PostponeDialog,
    date_field,
    from_qdate,
    parse_time,
    time_field,
)
from board_admin.ui.messages import ask, describe_failure, show_message
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel, date_column, enum_column, text_column
from board_admin.ui.widgets import fit_columns, make_table
from board_admin.ui.workers import BackgroundJob

QUORATE_STYLE = "QLabel { background: #e3f1e6; color: #1d5c2e; border: 1px solid #1d5c2e; padding: 6px; }"
NOT_QUORATE_STYLE = "QLabel { background: #fbe9e9; color: #a4161a; border: 1px solid #a4161a; padding: 6px; }"
NO_RULE_STYLE = "QLabel { background: #eef1f5; color: #223; border: 1px solid #889; padding: 6px; }"


def _key_code(key) -> int:
    """PySide hands a key back as a Qt.Key or, for some events, a plain int: compared as numbers."""
    return key.value if hasattr(key, "value") else int(key)


KEYS = {
    _key_code(Qt.Key.Key_P): AttendanceStatus.PRESENT,
    _key_code(Qt.Key.Key_A): AttendanceStatus.APOLOGIES,
    _key_code(Qt.Key.Key_X): AttendanceStatus.ABSENT,
    _key_code(Qt.Key.Key_D): AttendanceStatus.DEPUTY,
}
CLEAR_KEYS = {_key_code(Qt.Key.Key_Delete), _key_code(Qt.Key.Key_Backspace)}


def attendance_text(line: RegisterLine) -> str:
    if line.status is None:
        return "Not recorded"
    return line.status.label


def deputy_text(line: RegisterLine) -> str:
    if line.status is AttendanceStatus.DEPUTY:
        return line.deputy_name or ""
    return f"(named: {line.named_deputy_name})" if line.named_deputy_name else ""


REGISTER_COLUMNS = (
    text_column("Member", lambda line: line.person_name),
    enum_column("Role", lambda line: line.role),
    text_column(
        "Agency",
        lambda line: line.agency_name + (" (statutory partner)" if line.statutory_partner else ""),
        stretch=True,
    ),
    text_column(
        "Attendance",
        attendance_text,
        warn=lambda line: line.status is None,
        description="P present, A apologies, X absent, D deputy, Delete not recorded",
    ),
    text_column(
        "Deputy",
        deputy_text,
        stretch=True,
        description="Who came in the member's place; in brackets, the member's named deputy",
    ),
)
GUEST_COLUMNS = (
    text_column("In attendance", lambda guest: guest.person_name),
    text_column("Job title", lambda guest: guest.job_title),
    text_column("Agency", lambda guest: guest.agency_name, stretch=True),
)
AGENDA_COLUMNS = (
    text_column("No.", lambda item: str(item.position), sort=lambda item: item.position),
    text_column("Item", lambda item: item.title, stretch=True),
    text_column("Presenter", lambda item: item.presenter),
    text_column("Paper", lambda item: item.paper_reference),
    text_column("Minuted", lambda item: "Yes" if item.minutes or item.decisions else "Not yet"),
)


def action_status(action: ActionRow) -> str:
    text = action.status.label + (f", {action.rag.label}" if action.rag else "")
    return text + (", overdue" if action.overdue else "")


ACTION_COLUMNS = (
    text_column("Ref", lambda action: action.reference),
    text_column("Action", lambda action: action.description, stretch=True),
    text_column("Owner", lambda action: action.owner),
    date_column("Due", lambda action: action.due_date, warn=lambda action: action.overdue),
    text_column("Status", action_status, warn=lambda action: action.overdue),
)
ARISING_COLUMNS = (date_column("From meeting", lambda action: action.meeting_date), *ACTION_COLUMNS)


class _RegisterKeys(QObject):
    """P, A, X, D and Delete on the register set the status of the selected lines."""

    def __init__(self, window: MeetingWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not event.modifiers():
            key = _key_code(event.key())
            if key in KEYS:
                self.window.set_selected_status(KEYS[key])
                return True
            if key in CLEAR_KEYS:
                self.window.set_selected_status(None)
                return True
        return super().eventFilter(watched, event)


def _table(model, name: str, columns) -> tuple[RowTableModel, SearchFilterProxyModel, QTableView]:
    source = RowTableModel(columns, model)
    proxy = SearchFilterProxyModel(model)
    proxy.setSourceModel(source)
    return source, proxy, make_table(proxy, name)


def _button(text: str, tooltip: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setAccessibleName(text.replace("&", "").replace("…", ""))
    button.clicked.connect(slot)
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return layout


class MeetingWindow(QDialog):
    """`changed` is emitted after every saved change, so the lists behind the window can read again."""

    changed = Signal()

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        settings: QSettings,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.meeting_id = meeting_id
        self.settings = settings
        self.today = today
        self.jobs: list[BackgroundJob] = []
        self.detail: MeetingDetail | None = None
        self.register: Register | None = None
        self._people: list | None = None
        self.can_edit = database.actor.can(Permission.EDIT_MEETINGS)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 44)

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Meeting")
        self.summary = QLabel()
        self.summary.setAccessibleName("Meeting status")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of the meeting")
        self.tabs.addTab(self._details_tab(), "&Details")
        self.tabs.addTab(self._register_tab(), "&Register")
        self.tabs.addTab(self._agenda_tab(), "A&genda and minutes")
        self.tabs.addTab(self._actions_tab(), "Ac&tions")
        self.export_minutes_button = _button(
            "Export &minutes…", "Write the minutes as a Word document", lambda: self.export_document("minutes")
        )
        self.export_agenda_button = _button(
            "Export a&genda…", "Write the agenda as a Word document to send out", lambda: self.export_document("agenda")
        )
        close = _button("Close", "Close this meeting (everything is already saved)", self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        bottom = _row(self.export_minutes_button, self.export_agenda_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.reload()

    # --- reading -----------------------------------------------------------------------------------

    def people(self) -> list:
        if self._people is None:
            self._people = lists.person_rows(self.database)
        return self._people

    def reload(self) -> None:
        self.detail = reports.meeting_detail(self.database, self.meeting_id)
        detail = self.detail
        self.setWindowTitle(f"Meeting: {detail.title}")
        self.heading.setText(f"{detail.group_name}: {detail.meeting_date:%A} {format_date(detail.meeting_date)}")
        self.summary.setText(self._status_sentence(detail))
        self._load_details()
        self.reload_register()
        self.reload_agenda()
        self.reload_actions()

    @staticmethod
    def _status_sentence(detail: MeetingDetail) -> str:
        text = detail.status.label
        if detail.times:
            text += f", {detail.times}"
        if detail.location:
            text += f", {detail.location}"
        if detail.status is MeetingStatus.CANCELLED:
            text += f". Cancelled: {detail.cancellation_reason}"
        elif detail.status is MeetingStatus.POSTPONED:
            text += f". Moved to {format_date(detail.postponed_to)}" if detail.postponed_to else ""
        if detail.minutes_approved_on:
            text += f". Minutes approved on {format_date(detail.minutes_approved_on)}"
        elif detail.status is MeetingStatus.HELD:
            text += ". Minutes in draft"
        return text + "."

    def _saved(self) -> None:
        self.changed.emit()

    def _attempt(self, work: Callable[[], None], error_label: QLabel | None = None) -> bool:
        """Runs a service call; a refusal is shown in `error_label` (or a message box) and nothing is saved."""
        if error_label is not None:
            error_label.setVisible(False)
        try:
            work()
        except BoardAdminError as error:
            if error_label is not None:
                error_label.setText(error.message)
                error_label.setVisible(True)
            else:
                show_message(self, QMessageBox.Icon.Warning, "Not saved", error.message)
            # What the user typed stays in the form, to be corrected.
            return False
        self._saved()
        return True

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet("color: #a4161a;")
        label.setVisible(False)
        return label

    # --- details and status ------------------------------------------------------------------------

    def _details_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        details = QGroupBox("When and where")
        form = QFormLayout(details)
        self.date_edit = date_field(self.today())
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
        self.details_error = self._error_label()
        self.details_error.setAccessibleName("Problem with the meeting's details")
        form.addRow("", self.details_error)
        self.save_details_button = _button("&Save details", "Save the date, times and place", self.save_details)
        form.addRow("", self.save_details_button)
        layout.addWidget(details)

        status = QGroupBox("Status")
        status_layout = QVBoxLayout(status)
        self.held_button = _button("Mark &held", "The meeting took place", self.mark_held)
        self.cancel_button = _button(
            "&Cancel meeting…", "Record that the meeting was cancelled, and why", self.cancel_meeting
        )
        self.postpone_button = _button("&Postpone…", "Move the meeting to a new date", self.postpone)
        self.planned_button = _button("Back to p&lanned", "Undo a status set by mistake", self.mark_planned)
        self.delete_button = _button("Delete meeting…", "Remove a meeting entered by mistake", self.delete_meeting)
        status_layout.addLayout(
            _row(self.held_button, self.cancel_button, self.postpone_button, self.planned_button, self.delete_button)
        )
        layout.addWidget(status)

        minutes = QGroupBox("Minutes")
        minutes_form = QFormLayout(minutes)
        self.minutes_state = QLabel()
        self.minutes_state.setAccessibleName("State of the minutes")
        minutes_form.addRow("State:", self.minutes_state)
        self.approved_edit = date_field(self.today())
        self.approved_edit.setAccessibleName("Approved at the meeting of")
        self.approved_edit.setToolTip("The date of the later meeting that approved these minutes")
        minutes_form.addRow("Approved at the meeting &of:", self.approved_edit)
        self.approve_button = _button("&Approve minutes", "Record the minutes as approved", self.approve_minutes)
        self.draft_button = _button("Make dra&ft again", "Withdraw the approval", lambda: self.approve_on(None))
        minutes_form.addRow("", _wrap(_row(self.approve_button, self.draft_button)))
        self.minutes_error = self._error_label()
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
        return tab

    def _load_details(self) -> None:
        detail = self.detail
        self.date_edit.setDate(self.date_edit.date().fromString(format_date(detail.meeting_date), "dd/MM/yyyy"))
        self.start_edit.setText(f"{detail.start_time:%H:%M}" if detail.start_time else "")
        self.end_edit.setText(f"{detail.end_time:%H:%M}" if detail.end_time else "")
        self.location_edit.setText(detail.location or "")
        status = detail.status
        self.held_button.setEnabled(self.can_edit and status is not MeetingStatus.HELD)
        self.cancel_button.setEnabled(self.can_edit and status is not MeetingStatus.CANCELLED)
        self.planned_button.setEnabled(self.can_edit and status is not MeetingStatus.PLANNED)
        if detail.minutes_approved_on:
            self.minutes_state.setText(f"Approved at the meeting of {format_date(detail.minutes_approved_on)}")
        else:
            self.minutes_state.setText("Draft")
        self.approve_button.setEnabled(self.can_edit and status is MeetingStatus.HELD)
        self.draft_button.setEnabled(self.can_edit and detail.minutes_approved_on is not None)

    def save_details(self) -> None:
        def work() -> None:
            fields = service.MeetingFields(
                self.detail.group_id,
                from_qdate(self.date_edit.date()),
                parse_time(self.start_edit.text(), "start_time", "The start time"),
                parse_time(self.end_edit.text(), "end_time", "The end time"),
                self.location_edit.text(),
            )
            service.update_meeting(self.database, self.meeting_id, fields, self.detail.version)

        if self._attempt(work, self.details_error):
            self.reload()

    def _status_change(self, work: Callable[[], None]) -> None:
        if self._attempt(work):
            self.reload()

    def mark_held(self) -> None:
        self._status_change(lambda: service.mark_held(self.database, self.meeting_id))

    def mark_planned(self) -> None:
        self._status_change(lambda: service.mark_planned(self.database, self.meeting_id))

    def cancel_meeting(self) -> None:
        dialog = CancelDialog(self.database, self.meeting_id, self.detail.title, self)
        dialog.accepted.connect(lambda: (self._saved(), self.reload()))
        dialog.open()

    def postpone(self) -> None:
        dialog = PostponeDialog(self.database, self.meeting_id, self.detail.title, self.detail.meeting_date, self)
        dialog.accepted.connect(lambda: (self._saved(), self.reload()))
        dialog.open()

    def delete_meeting(self) -> None:
        def delete() -> None:
            if self._attempt(lambda: service.delete_meeting(self.database, self.meeting_id)):
                self.close()

        ask(
            self,
            "Delete meeting",
            f"Delete the meeting of {self.detail.title}? Its agenda goes with it.",
            "Delete",
            delete,
        )

    def approve_minutes(self) -> None:
        self.approve_on(from_qdate(self.approved_edit.date()))

    def approve_on(self, day: dt.date | None) -> None:
        if self._attempt(lambda: service.approve_minutes(self.database, self.meeting_id, day), self.minutes_error):
            self.reload()

    # --- the register ------------------------------------------------------------------------------

    def _register_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setAccessibleName("Quorum")
        layout.addWidget(self.quorum_label)
        help_text = QLabel(
            "Select one or more members (Shift or Ctrl to add) and press P present, A apologies, X absent, "
            "D deputy, Delete not recorded; or use the buttons."
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.register_model, self.register_proxy, self.register_table = _table(self, "Register", REGISTER_COLUMNS)
        self.register_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Kept on self: PySide calls a Python eventFilter only while its wrapper lives.
        self.register_keys = _RegisterKeys(self)
        self.register_table.installEventFilter(self.register_keys)
        self.register_table.doubleClicked.connect(lambda _index: self.set_selected_status(AttendanceStatus.PRESENT))
        layout.addWidget(self.register_table, 4)
        self.present_button = _button(
            "&Present (P)",
            "Mark the selected members present",
            lambda: self.set_selected_status(AttendanceStatus.PRESENT),
        )
        self.apologies_button = _button(
            "Apologies (A)",
            "The selected members sent apologies",
            lambda: self.set_selected_status(AttendanceStatus.APOLOGIES),
        )
        self.absent_button = _button(
            "Absent (X)",
            "The selected members did not come and sent no apologies",
            lambda: self.set_selected_status(AttendanceStatus.ABSENT),
        )
        self.deputy_button = _button(
            "Deputy… (D)", "Someone came in the member's place: choose who", self.choose_deputy
        )
        self.clear_button = _button("Not recorded", "Clear the selected lines", lambda: self.set_selected_status(None))
        self.rest_present_button = _button(
            "All others present", "Mark present every member not yet recorded", self.rest_present
        )
        layout.addLayout(
            _row(
                self.present_button,
                self.apologies_button,
                self.absent_button,
                self.deputy_button,
                self.clear_button,
                self.rest_present_button,
            )
        )
        self.register_error = self._error_label()
        self.register_error.setAccessibleName("Problem with the register")
        layout.addWidget(self.register_error)
        self.guest_model, self.guest_proxy, self.guest_table = _table(self, "In attendance", GUEST_COLUMNS)
        layout.addWidget(QLabel("In attendance (not members): presenters, officers, observers"))
        layout.addWidget(self.guest_table, 1)
        self.add_guest_button = _button("Add &guest…", "Someone in attendance who is not a member", self.add_guest)
        self.remove_guest_button = _button(
            "Remove guest", "Take the selected guest off the register", self.remove_guest
        )
        layout.addLayout(_row(self.add_guest_button, self.remove_guest_button))
        for widget in (
            self.present_button,
            self.apologies_button,
            self.absent_button,
            self.deputy_button,
            self.clear_button,
            self.rest_present_button,
            self.add_guest_button,
            self.remove_guest_button,
        ):
            widget.setEnabled(self.can_edit)
        return tab

    def reload_register(self, select: set[int] | None = None) -> None:
        """Reads the register again, keeping the selection (or selecting the members in `select`)."""
        selected = select if select is not None else {line.person_id for line in self.selected_lines()}
        self.register = reports.register(self.database, self.meeting_id)
        self.register_model.set_rows(self.register.lines)
        self.guest_model.set_rows(self.register.guests)
        self._show_quorum()
        fit_columns(self.register_table)
        fit_columns(self.guest_table)
        selection = self.register_table.selectionModel()
        first = None
        for row in range(self.register_proxy.rowCount()):
            index = self.register_proxy.index(row, 0)
            if self.register_proxy.row_at(index).person_id in selected:
                first = first or index
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)

    def _show_quorum(self) -> None:
        quorum = self.register.quorum
        recorded = f" {self.register.recorded} of {len(self.register.lines)} members recorded."
        self.quorum_label.setText(quorum.describe() + recorded)
        if not quorum.rule_set:
            self.quorum_label.setStyleSheet(NO_RULE_STYLE)
        else:
            self.quorum_label.setStyleSheet(QUORATE_STYLE if quorum.quorate else NOT_QUORATE_STYLE)

    def selected_lines(self) -> list[RegisterLine]:
        if not hasattr(self, "register_table") or self.register_table.selectionModel() is None:
            return []
        rows = self.register_table.selectionModel().selectedRows()
        return [self.register_proxy.row_at(index) for index in rows]

    def set_selected_status(self, status: AttendanceStatus | None) -> None:
        if not self.can_edit:
            return
        lines = self.selected_lines()
        if not lines:
            self.register_error.setText("Select a member first (click a name, or use the arrow keys).")
            self.register_error.setVisible(True)
            return
        person_ids = [line.person_id for line in lines]
        if status is AttendanceStatus.DEPUTY:
            named = [line for line in lines if line.named_deputy_id or line.deputy_id]
            if len(lines) == 1 and not named:
                self.choose_deputy()
                return
            work = lambda: [  # noqa: E731 - one call per line; each takes the member's own deputy
                service.set_attendance(self.database, self.meeting_id, person_id, status) for person_id in person_ids
            ]
        else:
            work = lambda: service.set_attendance_many(self.database, self.meeting_id, person_ids, status)  # noqa: E731
        if self._attempt(work, self.register_error):
            self.reload_register(self._next_after(lines))

    def _next_after(self, lines: list[RegisterLine]) -> set[int] | None:
        """After one line is marked the next is selected, so a register is taken with one key per member."""
        if len(lines) != 1:
            return None
        current = self.register_table.currentIndex()
        below = self.register_proxy.row_at(current.siblingAtRow(current.row() + 1)) if current.isValid() else None
        return {below.person_id} if below is not None else {lines[0].person_id}

    def rest_present(self) -> None:
        person_ids = [line.person_id for line in self.register.lines if line.status is None]
        if person_ids and self._attempt(
            lambda: service.set_attendance_many(self.database, self.meeting_id, person_ids, AttendanceStatus.PRESENT),
            self.register_error,
        ):
            self.reload_register()

    def choose_deputy(self) -> None:
        lines = self.selected_lines()
        if len(lines) != 1:
            self.register_error.setText("Select the one member whose deputy came.")
            self.register_error.setVisible(True)
            return
        line = lines[0]
        dialog = PersonChoiceDialog(
            "Deputy",
            f"Who came in place of {line.person_name}?"
            + (f" Their named deputy is {line.named_deputy_name}." if line.named_deputy_name else ""),
            [person for person in self.people() if person.id != line.person_id],
            line.deputy_id or line.named_deputy_id,
            self,
        )
        dialog.on_save = lambda person_id: service.set_attendance(
            self.database, self.meeting_id, line.person_id, AttendanceStatus.DEPUTY, person_id
        )
        dialog.accepted.connect(lambda: (self._saved(), self.reload_register()))
        self.deputy_dialog = dialog
        dialog.open()

    def add_guest(self) -> None:
        members = {line.person_id for line in self.register.lines} | {g.person_id for g in self.register.guests}
        dialog = PersonChoiceDialog(
            "Add a guest",
            "Someone in attendance who is not a member of the group.",
            [person for person in self.people() if person.id not in members],
            parent=self,
        )
        dialog.on_save = lambda person_id: service.add_guest(self.database, self.meeting_id, person_id)
        dialog.accepted.connect(lambda: (self._saved(), self.reload_register()))
        self.guest_dialog = dialog
        dialog.open()

    def remove_guest(self) -> None:
        index = self.guest_table.currentIndex()
        guest = self.guest_proxy.row_at(index)
        if guest is not None and self._attempt(
            lambda: service.remove_guest(self.database, self.meeting_id, guest.person_id)
        ):
            self.reload_register()

    # --- agenda and minutes ------------------------------------------------------------------------

    def _agenda_tab(self) -> QWidget:
        tab = QWidget()
        layout = QHBoxLayout(tab)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.agenda_model, self.agenda_proxy, self.agenda_table = _table(self, "Agenda", AGENDA_COLUMNS)
        self.agenda_table.setSortingEnabled(False)  # the agenda's own order is the point
        self.agenda_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        left_layout.addWidget(self.agenda_table, 2)
        self.add_item_button = _button("&New item", "Add an item at the end of the agenda", self.add_item)
        self.standard_button = _button(
            "Standard agenda",
            "Add the standard items (welcome and apologies, minutes "
            "of the last meeting, matters arising, AOB, next meeting)",
            self.standard_agenda,
        )
        self.up_button = _button("Move &up", "Move the item up (Ctrl+Up)", lambda: self.move_item(-1))
        self.down_button = _button("Move do&wn", "Move the item down (Ctrl+Down)", lambda: self.move_item(1))
        self.delete_item_button = _button("Delete item", "Remove the item from the agenda", self.delete_item)
        left_layout.addLayout(_row(self.add_item_button, self.standard_button))
        left_layout.addLayout(_row(self.up_button, self.down_button, self.delete_item_button))
        QShortcut(QKeySequence("Ctrl+Up"), self.agenda_table, lambda: self.move_item(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.agenda_table, lambda: self.move_item(1))
        left_layout.addWidget(QLabel("Matters arising: open actions from the group's earlier meetings"))
        self.arising_model, self.arising_proxy, self.arising_table = _table(self, "Matters arising", ARISING_COLUMNS)
        left_layout.addWidget(self.arising_table, 1)
        splitter.addWidget(left)

        editor = QGroupBox("The item")
        form = QFormLayout(editor)
        self.item_title = QLineEdit()
        self.item_presenter = QLineEdit()
        self.item_paper = QLineEdit()
        self.item_minutes = QPlainTextEdit()
        self.item_decisions = QPlainTextEdit()
        for widget, label in (
            (self.item_title, "&Title:"),
            (self.item_presenter, "P&resenter:"),
            (self.item_paper, "Pape&r reference:"),
            (self.item_minutes, "&Minutes:"),
            (self.item_decisions, "Decisi&ons:"),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        self.item_minutes.setTabChangesFocus(True)
        self.item_decisions.setTabChangesFocus(True)
        self.item_decisions.setFixedHeight(self.fontMetrics().height() * 5)
        self.item_error = self._error_label()
        self.item_error.setAccessibleName("Problem with the item")
        form.addRow("", self.item_error)
        self.save_item_button = _button(
            "&Save item", "Save the item's title, minutes and decisions (Ctrl+S)", self.save_item
        )
        QShortcut(QKeySequence.StandardKey.Save, editor, self.save_item)
        form.addRow("", self.save_item_button)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter)
        for widget in (
            self.add_item_button,
            self.standard_button,
            self.up_button,
            self.down_button,
            self.delete_item_button,
            self.save_item_button,
        ):
            widget.setEnabled(self.can_edit)
        return tab

    def reload_agenda(self, select_id: int | None = None) -> None:
        current = self.current_item()
        select_id = select_id if select_id is not None else (current.id if current else None)
        self.agenda_model.set_rows(reports.agenda(self.database, self.meeting_id))
        self.arising_model.set_rows(reports.matters_arising(self.database, self.meeting_id, self.today()))
        fit_columns(self.agenda_table)
        fit_columns(self.arising_table)
        rows = self.agenda_model.rows()
        position = next((i for i, item in enumerate(rows) if item.id == select_id), 0 if rows else None)
        if position is not None:
            self.agenda_table.selectRow(position)
        self._show_item()

    def current_item(self) -> AgendaRow | None:
        if not hasattr(self, "agenda_table"):
            return None
        return self.agenda_proxy.row_at(self.agenda_table.currentIndex())

    def _show_item(self) -> None:
        item = self.current_item()
        self.item_error.setVisible(False)
        for widget in (self.item_title, self.item_presenter, self.item_paper, self.item_minutes, self.item_decisions):
            widget.setEnabled(item is not None and self.can_edit)
        self.item_title.setText(item.title if item else "")
        self.item_presenter.setText(item.presenter or "" if item else "")
        self.item_paper.setText(item.paper_reference or "" if item else "")
        self.item_minutes.setPlainText(item.minutes or "" if item else "")
        self.item_decisions.setPlainText(item.decisions or "" if item else "")

    def _item_fields(self) -> service.AgendaItemFields:
        return service.AgendaItemFields(
            self.item_title.text(),
            self.item_presenter.text(),
            self.item_paper.text(),
            self.item_minutes.toPlainText(),
            self.item_decisions.toPlainText(),
        )

    def save_item(self) -> None:
        item = self.current_item()
        if item is None or not self.can_edit:
            return
        if self._attempt(
            lambda: service.update_agenda_item(self.database, item.id, self._item_fields(), item.version),
            self.item_error,
        ):
            self.reload_agenda(item.id)

    def add_item(self) -> None:
        new_id: list[int] = []
        if self._attempt(
            lambda: new_id.append(
                service.add_agenda_item(self.database, self.meeting_id, service.AgendaItemFields("New item"))
            ),
            self.item_error,
        ):
            self.reload_agenda(new_id[0])
            self.item_title.setFocus()
            self.item_title.selectAll()

    def standard_agenda(self) -> None:
        if self._attempt(lambda: service.add_standard_agenda(self.database, self.meeting_id), self.item_error):
            self.reload_agenda()

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None or not self.can_edit:
            return
        if self._attempt(lambda: service.move_agenda_item(self.database, item.id, item.position + step)):
            self.reload_agenda(item.id)

    def delete_item(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def delete() -> None:
            if self._attempt(lambda: service.delete_agenda_item(self.database, item.id)):
                self.reload_agenda()

        ask(self, "Delete item", f"Delete item {item.position}, '{item.title}', and its minutes?", "Delete", delete)

    # --- actions -----------------------------------------------------------------------------------

    def _actions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.action_model, self.action_proxy, self.action_table = _table(self, "Actions", ACTION_COLUMNS)
        self.action_table.doubleClicked.connect(lambda _index: self.edit_action())
        self.action_table.activated.connect(lambda _index: self.edit_action())
        layout.addWidget(self.action_table, 1)
        self.new_action_button = _button("&New action…", "Record an action agreed at this meeting", self.new_action)
        self.edit_action_button = _button(
            "&Edit action…", "Change the selected action (or press Enter)", self.edit_action
        )
        self.delete_action_button = _button("Delete action", "Remove an action recorded by mistake", self.delete_action)
        layout.addLayout(_row(self.new_action_button, self.edit_action_button, self.delete_action_button))
        for widget in (self.new_action_button, self.edit_action_button, self.delete_action_button):
            widget.setEnabled(self.can_edit)
        return tab

    def reload_actions(self) -> None:
        self.action_model.set_rows(reports.meeting_actions(self.database, self.meeting_id, self.today()))
        fit_columns(self.action_table)

    def _action_dialog(self, action: ActionRow | None) -> None:
        dialog = ActionDialog(
            self.database,
            self.meeting_id,
            self.people(),
            lists.agency_rows(self.database),
            self.detail.meeting_date,
            action,
            self,
        )
        dialog.accepted.connect(lambda: (self._saved(), self.reload_actions(), self.reload_agenda()))
        self.action_dialog = dialog
        dialog.open()

    def new_action(self) -> None:
        if self.can_edit:
            self._action_dialog(None)

    def edit_action(self) -> None:
        action = self.action_proxy.row_at(self.action_table.currentIndex())
        if action is not None and self.can_edit:
            self._action_dialog(action)

    def delete_action(self) -> None:
        action = self.action_proxy.row_at(self.action_table.currentIndex())
        if action is None:
            return

        def delete() -> None:
            if self._attempt(lambda: service.delete_action(self.database, action.id)):
                self.reload_actions()

        ask(self, "Delete action", f"Delete the action '{action.description}'?", "Delete", delete)

    # --- exports -----------------------------------------------------------------------------------

    def export_document(self, kind: str) -> None:
        folder = self.settings.value("files/last_folder") or str(Path.home())
        group = "".join(c if c.isalnum() or c in " -" else "_" for c in self.detail.group_name).strip()
        suggested = Path(str(folder)) / f"{group} {kind} {self.detail.meeting_date:%Y-%m-%d}.docx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, f"Export the {kind}", str(suggested), "Word documents (*.docx)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        self.settings.setValue("files/last_folder", str(path.parent))
        self.run_export(kind, path)

    def run_export(self, kind: str, path: Path) -> BackgroundJob:
        """Writes the document off the UI thread; the window stays responsive."""
        from board_admin.exporters.minutes import export_agenda, export_minutes

        export = export_minutes if kind == "minutes" else export_agenda
        today = self.today()

        def done(_content) -> None:
            show_message(self, QMessageBox.Icon.Information, "Document written", f"Wrote the {kind} to {path}.")

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        job = BackgroundJob(
            self, f"Writing {path.name}…", lambda: export(self.database, self.meeting_id, path, today), done, failed
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
