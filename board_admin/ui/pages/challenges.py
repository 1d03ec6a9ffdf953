"""The challenge log (seed 004, 7.5): what the partnership challenged, of whom, and what came of it."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QSplitter, QTextBrowser

from board_admin.domain.dates import format_date
from board_admin.domain.enums import ChallengeStatus
from board_admin.reports import lists
from board_admin.reports.lists import ChallengeRow
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, date_column, enum_column
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import CountLabel, SearchField, fit_columns, labelled, make_table, toolbar_row

NOT_CLOSED = "not closed"


def response_due_text(row: ChallengeRow) -> str:
    if row.response_due is None:
        return ""
    return f"{format_date(row.response_due)} (overdue)" if row.overdue else format_date(row.response_due)


def raised_at_text(row: ChallengeRow) -> str:
    if row.raised_at_group and row.raised_at_meeting_date:
        return f"{row.raised_at_group}, meeting of {format_date(row.raised_at_meeting_date)}"
    return row.raised_at_group or ""


REFERENCE = text("Reference", lambda row: row.reference)
RAISED = date_column("Raised", lambda row: row.date_raised, description="The date the challenge was raised")
AGENCY = text("Agency challenged", lambda row: row.agency_name)
THEME = text("Theme", lambda row: row.theme, tooltip=lambda row: row.challenge)
STATUS = enum_column("Status", lambda row: row.status)
RESPONSE_DUE = Column(
    "Response due",
    response_due_text,
    sort=lambda row: row.response_due,
    warn=lambda row: row.overdue,
    description="Overdue: the date has passed with no response",
)
RAISED_AT = text(
    "Raised at", lambda row: row.raised_at_group, tooltip=lambda row: raised_at_text(row) or None, stretch=True
)
COLUMNS = (REFERENCE, RAISED, AGENCY, THEME, STATUS, RESPONSE_DUE, RAISED_AT)


def challenge_html(row: ChallengeRow) -> str:
    """The whole entry, for the pane under the list (the list itself has room for the headlines only)."""

    def para(label: str, value: str | None) -> str:
        if not value:
            return ""
        text = html.escape(value).replace("\n", "<br>")
        return f"<p><b>{html.escape(label)}</b><br>{text}</p>"

    title = html.escape(row.reference + (f": {row.theme}" if row.theme else ""))
    raised = f"Raised {format_date(row.date_raised)}"
    if row.raised_at_group:
        raised += f" at {raised_at_text(row)}"
    if row.raised_by:
        raised += f" by {row.raised_by}"
    status = row.status.label
    if row.overdue:
        status += f"; overdue: a response was due on {format_date(row.response_due)}"
    elif row.response_due:
        status += f"; response due {format_date(row.response_due)}"
    if row.date_closed:
        status += f"; closed {format_date(row.date_closed)}"
    return "".join(
        [
            f"<h3>{title}</h3>",
            f"<p>{html.escape(raised)}. Agency challenged: {html.escape(row.agency_name)}.</p>",
            f"<p><b>Status:</b> {html.escape(status)}</p>",
            para("The challenge", row.challenge),
            para("Response", row.response) or "<p><i>No response recorded yet.</i></p>",
            para("Outcome and impact", row.outcome),
            para("Escalated to", row.escalated_to),
        ]
    )


class ChallengesPage(Page):
    key = "challenges"
    title = "Challenge log"
    subtitle = "A record of the challenges the partnership made to its agencies and the changes that came from them."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "challenges")
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        self.status_filter.addItem("Not closed", NOT_CLOSED)
        for status in ChallengeStatus:
            # Qt would hand a str enum back as a plain str, so the item keeps the stored value.
            self.status_filter.addItem(status.label, status.value)
        self.overdue_only = QCheckBox("&Overdue only")
        self.overdue_only.setToolTip("Show only the challenges whose response due date has passed with no response")
        self.count = CountLabel(self.proxy, "challenge", "challenges")
        self.layout_.addLayout(
            toolbar_row(self.search, labelled("S&tatus:", self.status_filter), self.status_filter, self.overdue_only)
        )
        self.table = make_table(self.proxy, "Challenge log")
        self.table.sortByColumn(COLUMNS.index(RAISED), Qt.SortOrder.DescendingOrder)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected challenge in full")
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value("challenges/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)
        self.layout_.addWidget(self.count)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.overdue_only.toggled.connect(self._apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._show(None)

    def search_field(self) -> SearchField:
        return self.search

    def save_state(self) -> None:
        self.settings.setValue("challenges/splitter", self.splitter.saveState())

    def reload(self) -> None:
        current = self.proxy.row_at(self.table.currentIndex())
        self.model.set_rows(lists.challenge_rows(self.database, self.today()))
        fit_columns(self.table)
        if current is not None:
            for row in range(self.proxy.rowCount()):
                if self.proxy.row_at(self.proxy.index(row, 0)).id == current.id:
                    self.table.selectRow(row)
                    return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self._show(None)

    def _apply_filters(self) -> None:
        chosen = self.status_filter.currentData()
        status = ChallengeStatus(chosen) if chosen not in (None, NOT_CLOSED) else chosen
        overdue_only = self.overdue_only.isChecked()

        def accepts(row: ChallengeRow) -> bool:
            if overdue_only and not row.overdue:
                return False
            if status == NOT_CLOSED:
                return row.status is not ChallengeStatus.CLOSED
            return status is None or row.status is status

        self.proxy.set_row_filter(None if status is None and not overdue_only else accepts)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.proxy.row_at(current))

    def _show(self, row: ChallengeRow | None) -> None:
        if row is None:
            self.detail.setHtml(
                "<p><i>Select a challenge above to read it in full, with its response and outcome.</i></p>"
            )
        else:
            self.detail.setHtml(challenge_html(row))
