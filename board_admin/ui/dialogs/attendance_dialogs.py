"""The attendance dialogs: the meetings behind a rate, the thresholds the chair agrees, and who came as a
member's deputy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.attendance import AttendanceThresholds
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.permissions import Permission
from board_admin.reports.attendance import DrillLine, attendance_thresholds
from board_admin.reports.lists import PersonRow
from board_admin.services.settings import save_attendance_thresholds
from board_admin.ui.messages import describe_failure
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel, date_column, yes_no_column
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import CountLabel, fit_columns, make_table

DRILL_COLUMNS = (
    date_column("Date", lambda line: line.meeting_date, sort=lambda line: (line.meeting_date, line.meeting_id)),
    text("Group", lambda line: line.group_name),
    text("What happened", lambda line: line.outcome, stretch=True),
    yes_no_column(
        "Counted",
        lambda line: line.counted,
        description="Yes when the meeting counts towards the top figure of the rate (attended or represented)",
    ),
)


class DrillDownDialog(QDialog):
    """The meetings behind one rate; Enter or a double-click on a meeting opens it (when `open_meeting` is given)."""

    def __init__(
        self,
        title: str,
        sentence: str,
        lines: Sequence[DrillLine],
        open_meeting: Callable[[int], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.open_meeting = open_meeting
        layout = QVBoxLayout(self)
        self.sentence = QLabel(sentence)
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName("What the rate is made of")
        layout.addWidget(self.sentence)
        self.model = RowTableModel(DRILL_COLUMNS, self)
        self.model.set_rows(lines)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy, "Meetings behind the rate")
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        hint = "Double-click a meeting (or press Enter) to open it." if open_meeting else ""
        self.count = CountLabel(self.proxy, "meeting", "meetings")
        layout.addWidget(self.count)
        if hint:
            layout.addWidget(QLabel(hint))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.height() * 30)
        fit_columns(self.table)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def lines(self) -> list[DrillLine]:
        return self.model.rows()

    def _activated(self, index) -> None:
        line = self.proxy.row_at(index)
        if line is not None and self.open_meeting is not None:
            self.open_meeting(line.meeting_id)


class ThresholdsDialog(QDialog):
    """The colour bands and the serial non-attendance rules; everyone may read them, administrators change them."""

    FIELDS = (
        ("green_from", "&Green from (%):", 0, 100, "A rate at or above this is green"),
        ("amber_from", "&Amber from (%):", 0, 100, "A rate at or above this (and under green) is amber; below it, red"),
        (
            "missed_in_a_row",
            "&Meetings missed in a row:",
            1,
            99,
            "A member who misses this many held meetings in a row (apologies, absent or a deputy sent) is flagged",
        ),
        (
            "minimum_rate",
            "&Lowest acceptable rate (%):",
            0,
            100,
            "A member attending less than this over the period is flagged",
        ),
    )

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.saved: AttendanceThresholds | None = None
        self.can_edit = database.actor.can(Permission.MANAGE_SETTINGS) and not database.read_only_reason
        self.setWindowTitle("Attendance thresholds")
        self.setAccessibleName("Attendance thresholds")
        current = attendance_thresholds(database)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "These settings are shared by everyone using this database: the colour bands of the rates, and "
            "when a member is flagged as a serial non-attender."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        self.errors: dict[str, QLabel] = {}
        for name, label, low, high, tip in self.FIELDS:
            spin = QSpinBox()
            spin.setRange(low, high)
            spin.setValue(getattr(current, name))
            spin.setToolTip(tip)
            spin.setAccessibleName(label.replace("&", "").rstrip(":"))
            spin.setEnabled(self.can_edit)
            if name != "missed_in_a_row":
                spin.setSuffix("%")
            error = QLabel()
            error.setStyleSheet("color: #a4161a; font-weight: bold;")
            error.setWordWrap(True)
            error.setVisible(False)
            error.setAccessibleName(f"Problem with {label.replace('&', '').rstrip(':')}")
            self.spins[name], self.errors[name] = spin, error
            form.addRow(label, spin)
            form.addRow("", error)
        layout.addLayout(form)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #a4161a; font-weight: bold;")
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        layout.addWidget(self.general_error)
        if self.can_edit:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.save)
        else:
            note = QLabel("Only an administrator can change these thresholds.")
            note.setWordWrap(True)
            layout.addWidget(note)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def thresholds(self) -> AttendanceThresholds:
        return AttendanceThresholds(**{name: spin.value() for name, spin in self.spins.items()})

    def save(self) -> None:
        for error in (*self.errors.values(), self.general_error):
            error.setVisible(False)
        try:
            self.saved = save_attendance_thresholds(self.database, self.thresholds())
        except ValidationError as error:
            label = self.errors.get(error.field or "", self.general_error)
            label.setText(error.message)
            label.setVisible(True)
            if error.field in self.spins:
                self.spins[error.field].setFocus()
            return
        except BoardAdminError as error:
            self.general_error.setText(describe_failure(error))
            self.general_error.setVisible(True)
            return
        self.accept()


class DeputyDialog(QDialog):
    """Who came in a member's place. The people of the member's own agency come first, under its name; nobody
    is chosen until the user chooses; typing filters the list. Someone from another agency is taken only once
    the user confirms that they represent the member's agency at this meeting.

    `on_save(person_id, representing_agency_id)` records the choice and may raise a BoardAdminError, shown in
    the dialog; `representing_agency_id` is None for someone of the member's own agency.
    """

    def __init__(
        self,
        member_name: str,
        agency_id: int | None,
        agency_name: str,
        people: Sequence[PersonRow],
        named_deputy_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.member_name = member_name
        self.agency_id, self.agency_name = agency_id, agency_name
        self.named_deputy_id = named_deputy_id
        self.on_save: Callable[[int, int | None], None] | None = None
        self.chosen_id: int | None = None
        self.representing_agency_id: int | None = None
        self.question: QMessageBox | None = None
        self.setWindowTitle(f"Deputy for {member_name}")
        self.setAccessibleName(f"Deputy for {member_name}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Who came in place of {member_name} ({agency_name})?")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a name or an agency to find someone")
        self.search.setAccessibleName("Find a person")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName("People")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemDoubleClicked.connect(lambda _item: self.choose())
        # A person chosen (or the search changed) answers "Choose who came": the sentence goes.
        self.list.itemSelectionChanged.connect(lambda: self.error.setVisible(False))
        self.search.textChanged.connect(lambda _text: self.error.setVisible(False))
        layout.addWidget(self.list, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4161a;")
        self.error.setVisible(False)
        self.error.setAccessibleName("Problem with the deputy")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record deputy")
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.people = {person.id: person for person in people if person.active}
        own = [p for p in self.people.values() if p.agency_id == agency_id]
        own.sort(key=lambda p: (p.id != named_deputy_id, p.name.casefold()))
        others = sorted((p for p in self.people.values() if p.agency_id != agency_id), key=lambda p: p.name.casefold())
        self.own_heading = self._heading(f"{agency_name} (the member's agency)")
        for person in own:
            self._person(person, "named deputy" if person.id == named_deputy_id else person.job_title)
        if not own:
            self.list.addItem(self._note("Nobody else from this agency is recorded."))
        self.other_heading = self._heading("Other agencies")
        for person in others:
            self._person(person, person.agency_name)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 90, metrics.height() * 28
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)
        self.search.setFocus()

    def _heading(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        # Shown as a heading (not greyed out), never chosen.
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.list.addItem(item)
        return item

    @staticmethod
    def _note(text: str) -> QListWidgetItem:
        item = QListWidgetItem(f"    {text}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _person(self, person: PersonRow, detail: str | None) -> None:
        item = QListWidgetItem(f"    {person.name}" + (f" ({detail})" if detail else ""))
        item.setData(Qt.ItemDataRole.UserRole, person.id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{person.name}, {person.agency_name}")
        self.list.addItem(item)

    def person_items(self) -> list[QListWidgetItem]:
        """The people shown, in order (headings left out)."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [item for item in items if item.data(Qt.ItemDataRole.UserRole) is not None and not item.isHidden()]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        heading = None
        shown_under: dict[int, bool] = {}
        for row in range(self.list.count()):
            item = self.list.item(row)
            person_id = item.data(Qt.ItemDataRole.UserRole)
            if person_id is None:
                heading = row
                shown_under.setdefault(row, False)
                item.setHidden(False)
                continue
            person = self.people[person_id]
            haystack = f"{person.name} {person.agency_name} {person.job_title or ''}".casefold()
            visible = all(word in haystack for word in words)
            item.setHidden(not visible)
            if visible and heading is not None:
                shown_under[heading] = True
        for row, any_shown in shown_under.items():
            item = self.list.item(row)
            # A heading stays while a person under it is shown; the note under the member's agency goes with it.
            item.setHidden(bool(words) and not any_shown)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            shown = self.person_items()
            if shown:
                self.list.setFocus()
                self.list.setCurrentItem(shown[0])
                return True
        return super().eventFilter(watched, event)

    def selected_person(self) -> PersonRow | None:
        items = [item for item in self.list.selectedItems() if item.data(Qt.ItemDataRole.UserRole) is not None]
        return self.people[items[0].data(Qt.ItemDataRole.UserRole)] if items else None

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def choose(self) -> None:
        self.error.setVisible(False)
        person = self.selected_person()
        shown = self.person_items()
        if person is None and len(shown) == 1 and self.search.text().strip():
            # Typed down to one name, then Enter: that is the person meant (another agency's is still asked).
            person = self.people[shown[0].data(Qt.ItemDataRole.UserRole)]
        if person is None:
            self._show_error("Choose who came from the list (type part of their name to find them).")
            return
        if person.agency_id == self.agency_id or person.id == self.named_deputy_id:
            self._record(person, None)
            return
        # Asked once, for this choice: a name picked from the wrong agency would credit the wrong agency.
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Deputy from another agency",
            f"{person.name} works for {person.agency_name}. Are they representing {self.agency_name} at this "
            f"meeting, in place of {self.member_name}?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            f"If yes, the meeting counts as attended by {self.agency_name}. If they came for their own agency, "
            "choose No and add them as a guest instead."
        )
        yes = box.addButton(f"Yes, for {self.agency_name}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("No, choose again", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda clicked: self._record(person, self.agency_id) if clicked is yes else None)
        self.question = box
        box.open()

    def _record(self, person: PersonRow, representing_agency_id: int | None) -> None:
        try:
            if self.on_save is not None:
                self.on_save(person.id, representing_agency_id)
        except BoardAdminError as error:
            self._show_error(describe_failure(error))
            return
        self.chosen_id, self.representing_agency_id = person.id, representing_agency_id
        self.accept()
