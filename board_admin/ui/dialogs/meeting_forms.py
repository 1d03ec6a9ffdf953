"""The small forms of the meeting screens: a new meeting, the schedule generator, cancelling and postponing,
an action, a guest and a deputy. Each saves through services/meetings; a refusal shows beside its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus, Frequency, Rag
from board_admin.domain.errors import ValidationError
from board_admin.domain.schedule import LAST, SCHEDULABLE, WEEK_NAMES, WEEKDAYS, SchedulePlan, ScheduleRule
from board_admin.reports.lists import AgencyRow, GroupRow, PersonRow, sorted_by_surname
from board_admin.reports.meetings import ActionRow
from board_admin.services import meetings as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.dialogs.unsaved import AsksBeforeDiscarding
from board_admin.ui.widgets import widest_choice_width


def time_field(value: dt.time | None = None) -> QLineEdit:
    field = QLineEdit(f"{value:%H:%M}" if value else "")
    field.setPlaceholderText("HH:MM")
    field.setMaxLength(5)
    return field


def parse_time(text: str, field: str, label: str) -> dt.time | None:
    """'10:00', '9.30' or '' (no time)."""
    text = text.strip().replace(".", ":")
    if not text:
        return None
    try:
        hours, minutes = text.split(":") if ":" in text else (text, "0")
        return dt.time(int(hours), int(minutes))
    except ValueError as error:
        raise ValidationError(f"{label} '{text}' is not a time: write it as HH:MM, e.g. 10:00.", field) from error


def parse_dates(text: str, field: str) -> frozenset[dt.date]:
    """Dates written dd/mm/yyyy, separated by commas or spaces."""
    found = set()
    for part in text.replace(",", " ").split():
        try:
            found.add(dt.datetime.strptime(part, "%d/%m/%Y").date())
        except ValueError as error:
            raise ValidationError(f"'{part}' is not a date: write dates as dd/mm/yyyy.", field) from error
    return frozenset(found)


def problem_of(read: Callable[[], object]) -> str | None:
    """The sentence of the ValidationError `read` raises, or None: a form's check of one field."""
    try:
        read()
    except ValidationError as error:
        return error.message
    return None


def choice_combo(items: list[tuple[str, object]], blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def person_combo(people: list[PersonRow], blank: str | None = None, chosen: int | None = None) -> QComboBox:
    """A person chosen by typing part of a name or agency. `blank` (e.g. "Not assigned") is the choice of
    nobody: in the list, it is a line; in the box, grey placeholder text, so typing never adds to it."""
    combo = choice_combo([(f"{p.name} ({p.agency_name})", p.id) for p in sorted_by_surname(people) if p.active], blank)
    combo.setEditable(True)  # type to find a name in a long list
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    # The names offered as the user types are read whole, however narrow the box.
    completer.popup().setMinimumWidth(widest_choice_width(combo))
    if blank is not None:
        combo.lineEdit().setPlaceholderText(blank)

        def show_placeholder(index: int) -> None:
            if index >= 0 and combo.itemData(index) is None:
                combo.lineEdit().clear()

        combo.currentIndexChanged.connect(show_placeholder)
    if chosen is not None:
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
    if blank is not None:
        show_placeholder(combo.currentIndex())
    return combo


def searchable_combo(items: list[tuple[str, object]], placeholder: str, chosen: object | None = None) -> QComboBox:
    """A long list the user may type into to find a name. `placeholder` ("Choose a person…") is a hint shown
    in the empty box, not text in it: typing replaces it, and a blank box means nothing chosen."""
    combo = choice_combo(items)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
    return combo


def chosen_item(combo: QComboBox, field: str, what: str) -> object | None:
    """The item named in the box (picked, typed in full, or typed down to the only one the box offers), None
    when the box is blank. The box's current index is not trusted: after the text is cleared or changed it
    still points at the item shown before."""
    typed = " ".join(combo.currentText().split()).casefold()
    if not typed:
        return None
    texts = [" ".join(combo.itemText(position).split()).casefold() for position in range(combo.count())]
    for position, text in enumerate(texts):
        if text == typed:
            return combo.itemData(position)
    # Part of one name, as the list offered while typing (it matches anywhere in the line): that one, as the
    # deputy picker takes it. Two or more offered, or none, and the user is asked to choose.
    offered = [at for at, text in enumerate(texts) if typed in text and combo.itemData(at) is not None]
    if len(offered) == 1:
        return combo.itemData(offered[0])
    raise ValidationError(f"'{combo.currentText().strip()}' is not in the list of {what}.", field)


class MeetingFormDialog(FormDialog):
    """A single meeting added by hand (the schedule generator adds a year of them)."""

    def __init__(
        self,
        database: Database,
        groups: list[GroupRow],
        day: dt.date,
        group_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New meeting", "Add one meeting; use Generate schedule for a year of them.", parent)
        self.database = database
        self.meeting_id: int | None = None
        self.group = self.add_field("group_id", "&Group:", choice_combo([(g.name, g.id) for g in groups]))
        if group_id is not None:
            self.group.setCurrentIndex(max(0, self.group.findData(group_id)))
        self.day = self.add_field("meeting_date", "&Date:", DateField(day))
        self.start = self.add_field("start_time", "&Starts:", time_field(dt.time(10)), "Leave empty if not known")
        self.end = self.add_field("end_time", "&Ends:", time_field(dt.time(12)), "Leave empty if not known")
        self.location = self.add_field("location", "&Location:", QLineEdit())
        # Opens wide enough to read the longest group's name whole ("Adults' Consultation and Development For"
        # left the two forums a word apart).
        self.read_whole.append(self.group)

    def save(self) -> None:
        fields = service.MeetingFields(
            self.group.currentData(),
            self.day.value("meeting_date"),
            parse_time(self.start.text(), "start_time", "The start time"),
            parse_time(self.end.text(), "end_time", "The end time"),
            self.location.text(),
        )
        self.meeting_id = service.create_meeting(self.database, fields)


class ScheduleDialog(FormDialog):
    """A year of meetings from a rule such as "bi-monthly, second Tuesday, 10:00-12:00", previewed as typed."""

    def __init__(
        self,
        database: Database,
        groups: list[GroupRow],
        today: dt.date,
        group_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Generate a schedule",
            "Adds a planned meeting on each date of the rule. Dates the group already meets on are left as they "
            "are; any single meeting can be changed afterwards.",
            parent,
        )
        self.database = database
        self.result: service.ScheduleResult | None = None
        self.group = self.add_field("group_id", "&Group:", choice_combo([(g.name, g.id) for g in groups]))
        if group_id is not None:
            self.group.setCurrentIndex(max(0, self.group.findData(group_id)))
        self.frequency = self.add_field(
            "frequency", "&How often:", choice_combo([(f.label, f.value) for f in SCHEDULABLE])
        )
        self.frequency.setCurrentIndex(self.frequency.findData(Frequency.BI_MONTHLY.value))
        self.by_weekday = QRadioButton("On a &weekday of the month")
        self.by_day = QRadioButton("On a day of the &month")
        self.by_weekday.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.by_weekday)
        kinds.addButton(self.by_day)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.by_weekday)
        row_layout.addWidget(self.by_day)
        row_layout.addStretch(1)
        self.add_field("kind", "Which day:", row)
        self.week = self.add_field(
            "week", "&Week:", choice_combo([(WEEK_NAMES[w].capitalize(), w) for w in (1, 2, 3, 4, LAST)])
        )
        self.week.setCurrentIndex(1)
        self.weekday = self.add_field(
            "weekday", "Week&day:", choice_combo([(d, i) for i, d in enumerate(WEEKDAYS[:5])])
        )
        self.weekday.setCurrentIndex(1)
        self.day_of_month = self.add_field("day_of_month", "&Day of month:", QSpinBox())
        self.day_of_month.setRange(1, 31)
        self.day_of_month.setToolTip("A day a month lacks (e.g. the 31st) falls on that month's last day")
        self.start = self.add_field(
            "start_time",
            "&Starts:",
            time_field(dt.time(10)),
            check=lambda: problem_of(lambda: parse_time(self.start.text(), "start_time", "The start time")),
        )
        self.end = self.add_field(
            "end_time",
            "&Ends:",
            time_field(dt.time(12)),
            check=lambda: problem_of(lambda: parse_time(self.end.text(), "end_time", "The end time")),
        )
        first = dt.date(today.year, 4, 1) if today.month < 4 else dt.date(today.year + 1, 4, 1)
        self.first = self.add_field("first", "&From:", DateField(first))
        self.last = self.add_field("last", "&To:", DateField(dt.date(first.year + 1, 3, 31)))
        self.skip = self.add_field(
            "skip",
            "S&kip dates:",
            QLineEdit(),
            "Dates not to meet on (holidays), as dd/mm/yyyy separated by commas",
            check=lambda: problem_of(lambda: parse_dates(self.skip.text(), "skip")),
        )
        self.skip.setPlaceholderText("e.g. 23/12/2025, 30/12/2025")
        self.location = self.add_field("location", "&Location:", QLineEdit())
        # The rule in words and the number of meetings, then every date in a list of fixed height that
        # scrolls: the count and the dates always agree, and the dialog keeps its size as the rule changes.
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What the rule gives")
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.preview_dates = QListWidget()
        self.preview_dates.setAccessibleName("Dates the rule gives")
        self.preview_dates.setFlow(QListView.Flow.LeftToRight)
        self.preview_dates.setWrapping(True)
        self.preview_dates.setResizeMode(QListView.ResizeMode.Adjust)
        self.preview_dates.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview_dates.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        # Under the fields, never scrolled out of view on a small screen: the dates are what the form is for.
        footer = QWidget()
        footer_layout = QFormLayout(footer)
        footer_layout.setContentsMargins(0, 0, 0, 0)
        footer_layout.addRow("Dates:", self.preview)
        footer_layout.addRow(self.preview_dates)
        self.add_footer(footer)
        for signal in (
            self.frequency.currentIndexChanged,
            self.week.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.day_of_month.valueChanged,
            self.by_day.toggled,
            self.first.textChanged,
            self.last.textChanged,
            self.skip.textChanged,
            self.start.textChanged,
            self.end.textChanged,
        ):
            signal.connect(self.update_preview)
        self.update_preview()

    def rule(self) -> ScheduleRule:
        frequency = Frequency(self.frequency.currentData())
        by_day = self.by_day.isChecked() and frequency is not Frequency.WEEKLY
        return ScheduleRule(
            frequency,
            weekday=None if by_day else self.weekday.currentData(),
            week=None if by_day or frequency is Frequency.WEEKLY else self.week.currentData(),
            day_of_month=self.day_of_month.value() if by_day else None,
            start_time=parse_time(self.start.text(), "start_time", "The start time"),
            end_time=parse_time(self.end.text(), "end_time", "The end time"),
        )

    def plan(self) -> SchedulePlan:
        return SchedulePlan(
            self.rule(),
            self.first.value("first"),
            self.last.value("last"),
            parse_dates(self.skip.text(), "skip"),
            self.location.text(),
        )

    def update_preview(self, *_args) -> None:
        weekly = self.frequency.currentData() == Frequency.WEEKLY.value
        by_day = self.by_day.isChecked() and not weekly
        self.by_day.setEnabled(not weekly)
        self.by_weekday.setEnabled(not weekly)
        self.week.setEnabled(not weekly and not by_day)
        self.weekday.setEnabled(not by_day)
        self.day_of_month.setEnabled(by_day)
        self.preview_dates.clear()
        try:
            plan = self.plan()
            dates = plan.dates()
        except ValidationError as error:
            self.preview.setText(error.message)
            return
        self.preview.setText(f"{plan.rule.describe()}: {len(dates)} meeting{'' if len(dates) == 1 else 's'}.")
        self.preview_dates.addItems([format_date(day) for day in dates])

    def rule_problems(self) -> list[ValidationError]:
        found = []
        if self.group.currentData() is None:
            found.append(ValidationError("Choose the group that meets.", "group_id"))
        # The rule is checked apart from the dates to skip, so that a bad time is told with a bad date.
        for check in (lambda: self.rule().check(), lambda: self.plan().dates()):
            try:
                check()
            except ValidationError as error:
                found.append(error)
        return found

    def save(self) -> None:
        if self.group.currentData() is None:
            raise ValidationError("Choose the group that meets.", "group_id")
        self.result = service.generate_schedule(self.database, self.group.currentData(), self.plan())


class CancelDialog(FormDialog):
    def __init__(self, database: Database, meeting_id: int, title: str, parent: QWidget | None = None) -> None:
        super().__init__("Cancel the meeting", f"Cancel the meeting of {title}. The reason is kept on record.", parent)
        self.database = database
        self.meeting_id = meeting_id
        self.reason = self.add_field("reason", "&Reason:", QLineEdit(), "Shown in the chair's reports")

    def save(self) -> None:
        service.cancel_meeting(self.database, self.meeting_id, self.reason.text())


class PostponeDialog(FormDialog):
    def __init__(
        self, database: Database, meeting_id: int, title: str, day: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Postpone the meeting",
            f"Move the meeting of {title} to a new date. A planned meeting is added on that date (or the group's "
            "meeting already on it is used), and this one is marked postponed, pointing to it.",
            parent,
        )
        self.database = database
        self.meeting_id = meeting_id
        self.new_meeting_id: int | None = None
        self.new_date = self.add_field("new_date", "&New date:", DateField(day + dt.timedelta(days=7)))

    def save(self) -> None:
        self.new_meeting_id = service.postpone_meeting(self.database, self.meeting_id, self.new_date.value("new_date"))


class ActionDialog(AsksBeforeDiscarding, FormDialog):
    """An action agreed at the meeting: what, who (person and agency), by when, how it is going.

    A new action is due by the group's next meeting when one is planned (where actions are reviewed), and
    has no due date until one is chosen otherwise; never today's date by default.
    """

    what = "the action"

    def __init__(
        self,
        database: Database,
        meeting_id: int,
        people: list[PersonRow],
        agencies: list[AgencyRow],
        meeting_date: dt.date,
        action: ActionRow | None = None,
        parent: QWidget | None = None,
        next_meeting: dt.date | None = None,
    ) -> None:
        super().__init__("Edit action" if action else "New action", "", parent)
        self.database = database
        self.meeting_id = meeting_id
        self.action = action
        self.description = self.add_field(
            "description", "&Action:", QPlainTextEdit(action.description if action else "")
        )
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 4)
        self.owner = self.add_field(
            "owner_id", "&Owner:", person_combo(people, "Not assigned", action.owner_id if action else None)
        )
        agency_items = [(a.name, a.id) for a in agencies if a.active or (action and a.id == action.owner_agency_id)]
        self.agency = self.add_field(
            "owner_agency_id",
            "A&gency:",
            choice_combo(agency_items, "The owner's agency"),
            "The agency that owns the action; by default the owner's",
        )
        if action and action.owner_agency_id:
            self.agency.setCurrentIndex(max(0, self.agency.findData(action.owner_agency_id)))
        # Opens wide enough to read the owner chosen and their agency whole (cut to "Louise Brennan
        # (Cambridgeshire and Pet…" at 150%), within the screen.
        self.read_whole.extend([self.owner, self.agency])
        self.has_due = QCheckBox("&Due by")
        if action is not None:
            due = action.due_date
        else:
            due = next_meeting
        self.due = DateField(due or next_meeting or meeting_date + dt.timedelta(days=28))
        self.has_due.setChecked(due is not None)
        self.has_due.setToolTip(
            "Tick to give a due date; a new action is due by the group's next meeting when one is planned"
        )
        self.due.setEnabled(self.has_due.isChecked())
        self.has_due.toggled.connect(self.due.setEnabled)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.has_due)
        row_layout.addWidget(self.due, 1)
        self.due.setAccessibleName("Due date")
        self.add_field("due_date", "Due date:", row)
        self.status = self.add_field("status", "&Status:", choice_combo([(s.label, s.value) for s in ActionStatus]))
        self.rag = self.add_field(
            "rag",
            "&RAG:",
            choice_combo([(r.label, r.value) for r in Rag], "Not rated"),
            "Red, amber or green: how the action is going",
        )
        if action:
            self.status.setCurrentIndex(self.status.findData(action.status.value))
            self.rag.setCurrentIndex(max(0, self.rag.findData(action.rag.value if action.rag else None)))
        self.remember_typed()

    def typed(self) -> tuple:
        return (
            self.description.toPlainText(),
            self.owner.currentText(),
            self.agency.currentIndex(),
            self.has_due.isChecked(),
            self.due.date(),
            self.status.currentIndex(),
            self.rag.currentIndex(),
        )

    def save(self) -> None:
        owner_id = chosen_item(self.owner, "owner_id", "people")
        fields = service.ActionFields(
            self.description.toPlainText(),
            owner_id,
            self.agency.currentData(),
            self.due.value("due_date") if self.has_due.isChecked() else None,
            ActionStatus(self.status.currentData()),
            Rag(self.rag.currentData()) if self.rag.currentData() else None,
            self.action.reference if self.action else None,
        )
        if self.action is None:
            service.create_action(self.database, self.meeting_id, fields)
        else:
            service.update_action(self.database, self.action.id, fields, self.action.version)


class PersonChoiceDialog(FormDialog):
    """Chooses one person: a guest in attendance, or who came as a member's deputy."""

    def __init__(
        self, title: str, intro: str, people: list[PersonRow], chosen: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, intro, parent)
        self.person = self.add_field("person_id", "&Person:", person_combo(people, chosen=chosen))
        if chosen is None:
            # Nobody is chosen for the user: Enter straight away must not record the first name in the list.
            self.person.setCurrentIndex(-1)
            self.person.lineEdit().setPlaceholderText("Type part of a name or agency")
        self.chosen_id: int | None = None
        self.on_save = None

    def save(self) -> None:
        self.chosen_id = chosen_item(self.person, "person_id", "people")
        if self.chosen_id is None:
            raise ValidationError("Choose a person from the list.", "person_id")
        if self.on_save is not None:
            self.on_save(self.chosen_id)
