"""Reports: the documents and spreadsheets Board Admin can write, each ready to use."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QSizePolicy

from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import RowTableModel, SearchFilterProxyModel, text_column
from board_admin.ui.widgets import fit_columns, make_table, toolbar_row


@dataclass(frozen=True)
class ExportChoice:
    key: str
    name: str
    file_format: str
    contents: str


EXPORTS = (
    ExportChoice(
        "workbook",
        "Whole database workbook",
        "Excel workbook (.xlsx)",
        "Every record on one sheet per kind: Agencies, People, Groups, Memberships, Meetings, Attendance, "
        "Actions, Challenges, Contributions, IncomeLines, BudgetLines, Expenditure. It can be edited and "
        "imported back (File > Import workbook).",
    ),
)

NAME = text_column("Export", lambda row: row.name)
FORMAT = text_column("Format", lambda row: row.file_format)
CONTENTS = text_column("What it holds", lambda row: row.contents, tooltip=lambda row: row.contents, stretch=True)
COLUMNS = (NAME, FORMAT, CONTENTS)


class ReportsPage(Page):
    key = "reports"
    title = "Reports"
    subtitle = "The documents and spreadsheets Board Admin writes. Select one and choose Export, or double-click it."

    export_requested = Signal(str)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy, "Exports")
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(self._export)
        self.table.activated.connect(self._export)
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export the selected report")
        self.export_button.clicked.connect(lambda: self._export(self.table.currentIndex()))
        # As tall as its rows: a short list should not sit in a tall empty box.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_.addWidget(self.table)
        self.layout_.addLayout(toolbar_row(self.export_button))
        note = QLabel(
            "To bring records in from a spreadsheet, use File > Import workbook… with a workbook in the same "
            "format: every row is checked first, you are told what would be added or changed, and nothing is "
            "written unless the whole workbook is right."
        )
        note.setWordWrap(True)
        self.layout_.addSpacing(12)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def reload(self) -> None:
        self.model.set_rows(EXPORTS)
        fit_columns(self.table)
        self.table.resizeRowsToContents()
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._current_changed(self.table.currentIndex(), QModelIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        choice: ExportChoice | None = self.proxy.row_at(current)
        self.export_button.setEnabled(choice is not None)

    def _export(self, index: QModelIndex) -> None:
        choice: ExportChoice | None = self.proxy.row_at(index)
        if choice is not None:
            self.export_requested.emit(choice.key)
