"""The date field of every form and page: dates typed as people type them, or picked from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from board_admin.domain.dates import EARLIEST_YEAR, LATEST_YEAR, UnreadableDateError, format_date, parse_date
from board_admin.domain.errors import ValidationError
from board_admin.ui.colours import WARNING_HEX

ERROR_STYLE = f"color: {WARNING_HEX};"
_UNREADABLE = object()


class DateField(QWidget):
    """Every date the application asks for: typed as people type dates (01/04/2026, 1/4/2026, 01042026,
    1 Apr 2026), or picked from a calendar. What is saved is what the box shows: text it cannot read is a
    problem told beside the field (`problem()`), never a quiet change to some other date.

    An optional field may be left blank (its date is None). `dateChanged` tells of a new date once the user
    has finished typing it (Enter or leaving the box) or picked it, so a page does not recalculate on half a date.
    A field on a page (no form to tell its problems) shows them itself with `own_errors=True`.
    """

    dateChanged = Signal(object)  # noqa: N815 - the name QDateEdit uses, for the pages that listen to it
    textChanged = Signal(str)  # noqa: N815
    unreadable = Signal(str)  # the sentence saying why, once the user has finished typing something not a date

    def __init__(
        self,
        day: dt.date | None = None,
        *,
        optional: bool = False,
        own_errors: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._last: dt.date | None = day
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(format_date(day))
        self.edit.setPlaceholderText("dd/mm/yyyy" + (" (may be left blank)" if optional else ""))
        self.edit.setMaxLength(30)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.edit.setToolTip("Type the date, e.g. 01/04/2026, 1/4/2026, 01042026 or 1 Apr 2026; F4 opens a calendar")
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Choose the date on a calendar (F4)")
        self.calendar_button.setAccessibleName("Calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.show_calendar)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.own_errors = own_errors
        if own_errors:
            layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self._finished)
        self.calendar: QCalendarWidget | None = None
        self._forwarding = False

    # --- what the field holds -------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def problem(self) -> str | None:
        """The sentence saying why the text is not a date, or None when it is one (or blank and optional)."""
        try:
            day = parse_date(self.edit.text())
        except UnreadableDateError as error:
            return str(error)
        if day is None and not self.optional:
            return "Enter a date (dd/mm/yyyy)."
        return None

    def date(self) -> dt.date | None:
        """The date shown; None when the box is blank or holds something that is not a date."""
        try:
            return parse_date(self.edit.text())
        except UnreadableDateError:
            return None

    def value(self, field: str | None = None) -> dt.date | None:
        """The date shown, or ValidationError (naming `field`) when there is none to save."""
        problem = self.problem()
        if problem:
            raise ValidationError(problem, field)
        return self.date()

    def setDate(self, day: dt.date | None) -> None:  # noqa: N802 - QDateEdit's name
        self.edit.setText(format_date(day))
        self._finished()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.calendar_button.setAccessibleName(f"{name}: calendar")

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setToolTip(text)
        self.edit.setToolTip(text)

    # --- typing and picking ---------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        if self.own_errors and self.error.isVisible() and not self.problem():
            self.error.setVisible(False)
        self.textChanged.emit(text)

    def _finished(self) -> None:
        problem = self.problem()
        if self.own_errors:
            self.error.setText(problem or "")
            self.error.setVisible(bool(problem))
        if problem:
            self._last = _UNREADABLE  # the next readable date is news, even if it is the date held before
            self.unreadable.emit(problem)
            return
        day = self.date()
        if day is not None and self.edit.text() != format_date(day):
            self.edit.setText(format_date(day))  # shown the way it will be saved and printed
        if day != self._last:
            self._last = day
            self.dateChanged.emit(day)

    def setText(self, text: str) -> None:  # noqa: N802 - QLineEdit's name
        self.edit.setText(text)

    def clear(self) -> None:
        self.edit.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
            return
        if not self._forwarding:
            # Keys sent to the field as a whole (as a test or an accessibility tool does) are typed in the box;
            # a key the box itself does not use comes back here and goes on to the dialog.
            self._forwarding = True
            try:
                QApplication.sendEvent(self.edit, event)
            finally:
                self._forwarding = False
            if event.isAccepted():
                return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self, Qt.WindowType.Popup)
            self.calendar.setMinimumDate(QDate(EARLIEST_YEAR, 1, 1))
            self.calendar.setMaximumDate(QDate(LATEST_YEAR, 12, 31))
            self.calendar.setGridVisible(True)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        shown = self.date() or dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.adjustSize()
        below = self.mapToGlobal(self.rect().bottomLeft())
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setDate(dt.date(day.year(), day.month(), day.day()))
        self.edit.setFocus()
