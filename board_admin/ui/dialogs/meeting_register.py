"""The meeting window's Register tab: one line per member, marked with one key each, and the guests.

Select one or more members and press P (present), A (apologies), X (absent), D (deputy: the member's named
deputy, or a choice) or Delete (not recorded). After a line is marked the list stays where it was and the
next member is selected, so P, P, A, P runs down the register without a look at the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout

from board_admin.domain.dates import format_date
from board_admin.domain.enums import AttendanceStatus
from board_admin.reports import meetings as reports
from board_admin.reports.meetings import RegisterLine
from board_admin.services import meetings as service
from board_admin.services import minutes as minutes_service
from board_admin.ui.colours import WARNING_HEX
from board_admin.ui.dialogs.attendance_dialogs import DeputyDialog
from board_admin.ui.dialogs.meeting_forms import PersonChoiceDialog
from board_admin.ui.dialogs.meeting_parts import (
    SIDE_COLUMN_CHARACTERS,
    MeetingPanel,
    button,
    button_row,
    error_label,
    fit_to_text,
    make_list,
)
from board_admin.ui.dialogs.minutes_dialogs import AdvanceApologyDialog
from board_admin.ui.table_model import enum_column, text_column

QUORATE_STYLE = "QLabel { background: #e3f1e6; color: #1d5c2e; border: 1px solid #1d5c2e; padding: 6px; }"
NOT_QUORATE_STYLE = (
    f"QLabel {{ background: #fbe9e9; color: {WARNING_HEX}; border: 1px solid {WARNING_HEX}; padding: 6px; }}"
)
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


# The widest the deputy column grows to, in average characters, as deputies are recorded: a name and two
# agencies ("… deputising for …") wrap onto a few lines of that one row, and the members' agencies keep
# the width.
DEPUTY_CHARACTERS = SIDE_COLUMN_CHARACTERS

GUEST_COLUMNS = (
    text_column("In attendance", lambda guest: guest.person_name),
    text_column("Job title", lambda guest: guest.job_title),
    text_column("Agency", lambda guest: guest.agency_name, stretch=True),
)


class _RegisterKeys(QObject):
    """P, A, X, D and Delete on the register set the status of the selected lines."""

    def __init__(self, panel: RegisterPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not event.modifiers():
            key = _key_code(event.key())
            if key in KEYS:
                self.panel.set_selected_status(KEYS[key])
                return True
            if key in CLEAR_KEYS:
                self.panel.set_selected_status(None)
                return True
        return super().eventFilter(watched, event)


class RegisterPanel(MeetingPanel):
    covered_by_minutes = True

    def __init__(self, window) -> None:
        super().__init__(window)
        self.register = None
        self.deputy_dialog: DeputyDialog | None = None
        self.guest_dialog: PersonChoiceDialog | None = None
        self.apology_dialog: AdvanceApologyDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_line)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_label.setAccessibleName("Quorum")
        layout.addWidget(self.quorum_label)
        help_text = QLabel(
            "Select a member and press P present, A apologies, X absent, D deputy, Delete not recorded: the next "
            "member is selected, so the register is taken one key per member. Shift or Ctrl selects several."
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        self.model, self.proxy, self.table = make_list(self, "Register", self._columns())
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Sorted once when a header is clicked, not again as lines are marked.
        self.proxy.setDynamicSortFilter(False)
        # Kept on self: PySide calls a Python eventFilter only while its wrapper lives.
        self.keys = _RegisterKeys(self)
        self.table.installEventFilter(self.keys)
        self.table.doubleClicked.connect(lambda _index: self.set_selected_status(AttendanceStatus.PRESENT))
        layout.addWidget(self.table, 4)
        self.present_button = button(
            "&Present (P)",
            "Mark the selected members present",
            lambda: self.set_selected_status(AttendanceStatus.PRESENT),
        )
        self.apologies_button = button(
            "Apologies (A)",
            "The selected members sent apologies",
            lambda: self.set_selected_status(AttendanceStatus.APOLOGIES),
        )
        self.absent_button = button(
            "Absent (X)",
            "The selected members did not come and sent no apologies",
            lambda: self.set_selected_status(AttendanceStatus.ABSENT),
        )
        self.deputy_button = button("Deputy… (D)", "Someone came in the member's place: choose who", self.choose_deputy)
        self.clear_button = button("Not recorded", "Clear the selected lines", lambda: self.set_selected_status(None))
        self.rest_present_button = button(
            "All others present", "Mark present every member not yet recorded", self.rest_present
        )
        self.register_buttons = (
            self.present_button,
            self.apologies_button,
            self.absent_button,
            self.deputy_button,
            self.clear_button,
            self.rest_present_button,
        )
        layout.addLayout(button_row(*self.register_buttons))
        self.error = error_label("Problem with the register")
        layout.addWidget(self.error)
        self.guest_model, self.guest_proxy, self.guest_table = make_list(self, "In attendance", GUEST_COLUMNS)
        layout.addWidget(QLabel("In attendance (not members): presenters, officers, observers"))
        # A few lines are enough for the guests; the members' register gets the height.
        self.guest_table.setMaximumHeight(self.fontMetrics().height() * 7)
        layout.addWidget(self.guest_table, 1)
        self.add_guest_button = button("Add &guest…", "Someone in attendance who is not a member", self.add_guest)
        self.remove_guest_button = button("Remove guest", "Take the selected guest off the register", self.remove_guest)
        self.advance_button = button(
            "Apologies in ad&vance…",
            "Record (or change) the apologies the selected member sent before the meeting",
            self.advance_apology,
        )
        self.withdraw_button = button(
            "Withdraw apologies", "The selected member's apologies in advance were withdrawn", self.withdraw_apology
        )
        layout.addLayout(
            button_row(self.add_guest_button, self.remove_guest_button, self.advance_button, self.withdraw_button)
        )
        self.edit_widgets = [
            *self.register_buttons,
            self.add_guest_button,
            self.remove_guest_button,
            self.advance_button,
            self.withdraw_button,
        ]
        self._fitted = False

    def _columns(self):
        return (
            text_column("Member", lambda line: line.person_name),
            enum_column("Role", lambda line: line.role),
            text_column(
                "Agency",
                lambda line: line.agency_name + (" (statutory partner)" if line.statutory_partner else ""),
                stretch=True,
                tooltip=lambda line: line.agency_name,
            ),
            text_column(
                "Attendance",
                attendance_text,
                warn=lambda line: line.status is None,
                description="P present, A apologies, X absent, D deputy, Delete not recorded",
            ),
            text_column(
                "Deputy",
                self.deputy_text,
                tooltip=self.deputy_text,
                description="Who came in the member's place, and their agency when it is another; in brackets, "
                "the member's named deputy",
            ),
            text_column(
                "Apologies received",
                lambda line: format_date(line.apology_received_on) if line.apology_received_on else "",
                tooltip=lambda line: line.advance_apology,
                description="When apologies sent before the meeting were received (the note is in the tooltip)",
            ),
        )

    def _deputy_outgrown(self) -> bool:
        """A deputy's text is wider than the deputy column, which may still grow."""
        header = self.table.horizontalHeader()
        column = next(c for c in range(self.model.columnCount()) if self.model.columns[c].header == "Deputy")
        limit = self.table.fontMetrics().averageCharWidth() * DEPUTY_CHARACTERS
        widest = max(
            (self.table.fontMetrics().horizontalAdvance(self.deputy_text(line)) for line in self.register.lines),
            default=0,
        )
        return header.sectionSize(column) < limit and widest > header.sectionSize(column)

    def deputy_text(self, line: RegisterLine) -> str:
        if line.status is AttendanceStatus.DEPUTY:
            if line.deputy_agency_name and line.deputy_agency_name != line.agency_name:
                return f"{line.deputy_name} ({line.deputy_agency_name}, deputising for {line.agency_name})"
            return line.deputy_name or ""
        return f"(named: {line.named_deputy_name})" if line.named_deputy_name else ""

    # --- reading -----------------------------------------------------------------------------------

    def reload(self, select: set[int] | None = None, current: int | None = None) -> None:
        """Reads the register again, keeping the selection (or selecting the members in `select`, with
        `current` the line the cursor is on) and the place the list was scrolled to."""
        selected = select if select is not None else {line.person_id for line in self.selected_lines()}
        if current is None:
            line = self.proxy.row_at(self.table.currentIndex())
            current = line.person_id if line is not None else None
        bar = self.table.verticalScrollBar()
        scrolled = bar.value()
        self.register = reports.register(self.database, self.meeting_id)
        if [line.person_id for line in self.model.rows()] == [line.person_id for line in self.register.lines]:
            # The same members: updated where they are, so that no line moves under the pointer (also when the
            # list is sorted by attendance, which a mark changes).
            self.model.update_rows(self.register.lines)
        else:
            self.model.set_rows(self.register.lines)
        self.guest_model.set_rows(self.register.guests)
        self._show_quorum()
        if not self._fitted or self._deputy_outgrown():
            # Once, and again only when a deputy recorded (in a dialog, away from the list) needs more room:
            # columns that change width as lines are marked would move under the pointer. The agency gets the
            # width; the deputy column is as wide as the deputies recorded, up to a limit, wrapping.
            fit_to_text(self.table, ("Deputy",), DEPUTY_CHARACTERS)
            fit_to_text(self.guest_table)
            self._fitted = bool(self.register.lines)
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        selection.clearSelection()
        current_index = None
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            person_id = self.proxy.row_at(index).person_id
            if person_id in selected:
                selection.select(index, flags.Select | flags.Rows)
            if person_id == current or (current is None and current_index is None and person_id in selected):
                current_index = index
        if current_index is not None:
            selection.setCurrentIndex(current_index, flags.NoUpdate)
        bar.setValue(scrolled)
        if current_index is not None:
            # Only when the next line is out of view, and then by as little as it takes.
            self.table.scrollTo(current_index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _show_quorum(self) -> None:
        quorum = self.register.quorum
        recorded = f" {self.register.recorded} of {len(self.register.lines)} members recorded."
        self.quorum_label.setText(quorum.describe() + recorded)
        if not quorum.rule_set:
            self.quorum_label.setStyleSheet(NO_RULE_STYLE)
        else:
            self.quorum_label.setStyleSheet(QUORATE_STYLE if quorum.quorate else NOT_QUORATE_STYLE)

    def selected_lines(self) -> list[RegisterLine]:
        if self.table.selectionModel() is None:
            return []
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda index: index.row())
        return [self.proxy.row_at(index) for index in rows]

    # --- marking -----------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def set_selected_status(self, status: AttendanceStatus | None) -> None:
        if not self.can_edit:
            return
        lines = self.selected_lines()
        if not lines:
            self._show_error("Select a member first (click a name, or use the arrow keys).")
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
        following = self._line_below() if len(lines) == 1 else None
        if self.attempt(work, self.error):
            self._marked(lines, following)

    def _line_below(self) -> RegisterLine | None:
        current = self.table.currentIndex()
        if not current.isValid():
            return None
        return self.proxy.row_at(current.siblingAtRow(current.row() + 1))

    def _marked(self, lines: list[RegisterLine], following: RegisterLine | None) -> None:
        """After one line is marked the next is selected, so a register is taken with one key per member;
        several marked at once stay selected."""
        if len(lines) == 1:
            target = following or lines[0]
            self.reload({target.person_id}, target.person_id)
        else:
            self.reload()
        # Back to the list after a button or a dialog, so that the next key marks the next member.
        self.table.setFocus()

    def rest_present(self) -> None:
        person_ids = [line.person_id for line in self.register.lines if line.status is None]
        if person_ids and self.attempt(
            lambda: service.set_attendance_many(self.database, self.meeting_id, person_ids, AttendanceStatus.PRESENT),
            self.error,
        ):
            self.reload()
            self.table.setFocus()

    def choose_deputy(self) -> None:
        lines = self.selected_lines()
        if len(lines) != 1:
            self._show_error("Select the one member whose deputy came.")
            return
        line = lines[0]
        following = self._line_below()
        dialog = DeputyDialog(
            line.person_name,
            line.agency_id,
            line.agency_name,
            [person for person in self.window_.people() if person.id != line.person_id],
            line.named_deputy_id,
            self,
        )
        dialog.on_save = lambda person_id, agency_id: service.set_attendance(
            self.database, self.meeting_id, line.person_id, AttendanceStatus.DEPUTY, person_id, agency_id
        )
        dialog.accepted.connect(lambda: (self.window_.saved(), self._marked([line], following)))
        self.deputy_dialog = dialog
        dialog.open()

    def add_guest(self) -> None:
        members = {line.person_id for line in self.register.lines} | {g.person_id for g in self.register.guests}
        dialog = PersonChoiceDialog(
            "Add a guest",
            "Someone in attendance who is not a member of the group.",
            [person for person in self.window_.people() if person.id not in members],
            parent=self,
        )
        dialog.on_save = lambda person_id: service.add_guest(self.database, self.meeting_id, person_id)
        dialog.accepted.connect(lambda: (self.window_.saved(), self.reload()))
        self.guest_dialog = dialog
        dialog.open()

    def advance_apology(self) -> None:
        lines = self.selected_lines()
        if len(lines) != 1:
            self._show_error("Select the one member who sent apologies.")
            return
        line = lines[0]
        recorded = next(
            (
                row
                for row in reports.advance_apologies(self.database, self.meeting_id)
                if row.person_id == line.person_id
            ),
            None,
        )
        dialog = AdvanceApologyDialog(
            self.database, self.meeting_id, line.person_id, line.person_name, self.today(), recorded, self
        )
        dialog.accepted.connect(lambda: (self.window_.saved(), self.reload({line.person_id}, line.person_id)))
        self.apology_dialog = dialog
        dialog.open()

    def withdraw_apology(self) -> None:
        lines = self.selected_lines()
        recorded = {row.person_id: row for row in reports.advance_apologies(self.database, self.meeting_id)}
        chosen = [recorded[line.person_id] for line in lines if line.person_id in recorded]
        if not chosen:
            self._show_error("Select a member whose apologies in advance are recorded.")
            return
        if self.attempt(
            lambda: [minutes_service.delete_advance_apology(self.database, row.id) for row in chosen], self.error
        ):
            self.reload()
            self.table.setFocus()

    def remove_guest(self) -> None:
        guest = self.guest_proxy.row_at(self.guest_table.currentIndex())
        if guest is not None and self.attempt(
            lambda: service.remove_guest(self.database, self.meeting_id, guest.person_id)
        ):
            self.reload()
