"""The Attendance page's dialogs: the meetings behind a rate, and the thresholds the chair agrees."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from board_admin.db.engine import Database
from board_admin.domain.attendance import AttendanceThresholds
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.permissions import Permission
from board_admin.reports.attendance import DrillLine, attendance_thresholds
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
