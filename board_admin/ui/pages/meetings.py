"""All meetings, newest first, filtered by group and status and searched by any word."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.reports import lists
from board_admin.reports.lists import MeetingRow
from board_admin.ui.pages.base import Page
from board_admin.ui.pages.dashboard import meeting_time
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, date_column, enum_column
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import CountLabel, SearchField, fit_columns, labelled, make_table, toolbar_row


def meeting_notes(row: MeetingRow) -> str:
    if row.status is MeetingStatus.CANCELLED:
        return f"Reason: {row.cancellation_reason}" if row.cancellation_reason else "No reason recorded"
    if row.status is MeetingStatus.POSTPONED:
        return f"Moved to {format_date(row.postponed_to)}" if row.postponed_to else "New date not yet set"
    if row.minutes_approved_on:
        return f"Minutes approved {format_date(row.minutes_approved_on)}"
    return ""


DATE = date_column(
    "Date", lambda row: row.meeting_date, sort=lambda row: (row.meeting_date, row.start_time or dt.time.min)
)
TIME = Column("Time", meeting_time, sort=lambda row: row.start_time)
GROUP = text("Group", lambda row: row.group_name)
STATUS = enum_column("Status", lambda row: row.status)
LOCATION = text("Location", lambda row: row.location)
NOTES = Column("Notes", meeting_notes, tooltip=lambda row: meeting_notes(row) or None, stretch=True)
COLUMNS = (DATE, TIME, GROUP, STATUS, LOCATION, NOTES)


class MeetingsPage(Page):
    key = "meetings"
    title = "Meetings"
    subtitle = "Every meeting of every board and group, newest first: planned, held, cancelled and postponed."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "meetings")
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("Show the meetings of")
        self.group_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show meetings with the status")
        self.status_filter.addItem("Any status", None)
        for status in MeetingStatus:
            # Qt would hand a str enum back as a plain str, so the item keeps the stored value.
            self.status_filter.addItem(status.label, status.value)
        self.count = CountLabel(self.proxy, "meeting", "meetings")
        self.layout_.addLayout(
            toolbar_row(
                self.search,
                labelled("&Group:", self.group_filter),
                self.group_filter,
                labelled("S&tatus:", self.status_filter),
                self.status_filter,
            )
        )
        self.table = make_table(self.proxy, "Meetings")
        self.table.sortByColumn(COLUMNS.index(DATE), Qt.SortOrder.DescendingOrder)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.count)
        self.group_filter.currentIndexChanged.connect(self._apply_filters)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)

    def search_field(self) -> SearchField:
        return self.search

    def reload(self) -> None:
        rows = lists.meeting_rows(self.database)
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("All groups", None)
        for group in sorted(lists.group_rows(self.database, self.today()), key=lambda group: group.name.casefold()):
            self.group_filter.addItem(group.name, group.id)
        self.group_filter.setCurrentIndex(max(0, self.group_filter.findData(chosen)))
        self.group_filter.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filters()
        fit_columns(self.table)

    def _apply_filters(self) -> None:
        group_id = self.group_filter.currentData()
        chosen = self.status_filter.currentData()
        status = None if chosen is None else MeetingStatus(chosen)
        if group_id is None and status is None:
            self.proxy.set_row_filter(None)
            return
        self.proxy.set_row_filter(
            lambda row: (group_id is None or row.group_id == group_id) and (status is None or row.status is status)
        )
