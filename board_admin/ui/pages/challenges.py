"""The challenge log (seed 004, 7.5): what the partnership challenged, of whom, and what came of it.

The filters build one `ChallengeFilter` (reports/challenges.py), the same the export uses, so what is
exported is what is on screen. Counts per status and the "by agency" summary follow the rows shown.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.challenges import (
    AgencySummaryRow,
    ChallengeFilter,
    ChallengeLogRow,
    StatusChangeRow,
    agency_summary,
    challenge_log,
    status_counts,
    status_history,
)
from board_admin.services import challenges as service
from board_admin.ui.colours import WARNING_STYLE
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page, refill_filter, select_row_with_id
from board_admin.ui.table_model import (
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    enum_column,
    number_column,
)
from board_admin.ui.table_model import text_column as text
from board_admin.ui.widgets import (
    CountLabel,
    EmptyState,
    SearchField,
    action_button,
    fit_columns,
    labelled,
    make_table,
    more_button,
    toolbar_row,
    wrap_long_text,
)
from board_admin.ui.workers import BackgroundJob

NOT_CLOSED = "not closed"


def response_due_text(row: ChallengeLogRow) -> str:
    if row.response_due is None:
        return ""
    return f"{format_date(row.response_due)} (overdue)" if row.overdue else format_date(row.response_due)


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
RAISED_AT = text("Raised at", lambda row: row.raised_at_group, tooltip=lambda row: row.raised_at or None, stretch=True)
COLUMNS = (REFERENCE, RAISED, AGENCY, THEME, STATUS, RESPONSE_DUE, RAISED_AT)

SUMMARY_COLUMNS = (
    text("Agency challenged", lambda row: row.agency_name, stretch=True),
    number_column("Challenges", lambda row: row.total),
    *(
        number_column(status.label, lambda row, status=status: row.by_status[status])
        for status in (ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.RESPONDED)
    ),
    number_column("Escalated", lambda row: row.by_status[ChallengeStatus.ESCALATED]),
    number_column("Closed", lambda row: row.by_status[ChallengeStatus.CLOSED]),
    number_column("Not closed", lambda row: row.not_closed),
    Column(
        "Overdue",
        lambda row: f"{row.overdue} overdue" if row.overdue else "none",
        sort=lambda row: row.overdue,
        warn=lambda row: row.overdue > 0,
        description="Challenges whose response is overdue",
    ),
    date_column("Oldest open since", lambda row: row.oldest_open_raised),
)


def _history_html(history: list[StatusChangeRow]) -> str:
    if not history:
        return ""
    lines = []
    for step in history:
        moved = f"{step.from_status.label} → {step.to_status.label}" if step.from_status else step.to_status.label
        lines.append(
            "<tr>"
            f"<td>{format_date(step.changed_on)}</td><td>{html.escape(moved)}</td>"
            f"<td>{html.escape(step.changed_by)}</td><td>{html.escape(step.note or '')}</td>"
            "</tr>"
        )
    return (
        "<p><b>History</b></p><table cellspacing='0' cellpadding='3' border='1' style='border-collapse: collapse'>"
        "<tr><th align='left'>Date</th><th align='left'>Status</th><th align='left'>By</th>"
        "<th align='left'>Note</th></tr>" + "".join(lines) + "</table>"
    )


def challenge_html(row: ChallengeLogRow, history: list[StatusChangeRow] | None = None) -> str:
    """The whole entry, for the pane under the list (the list itself has room for the headlines only)."""

    def para(label: str, value: str | None) -> str:
        if not value:
            return ""
        body = html.escape(value).replace("\n", "<br>")
        return f"<p><b>{html.escape(label)}</b><br>{body}</p>"

    title = html.escape(row.reference + (f": {row.theme}" if row.theme else ""))
    raised = f"Raised {format_date(row.date_raised)}"
    if row.raised_at:
        raised += f" at {row.raised_at}"
    if row.raised_by:
        raised += f" by {row.raised_by}"
    status = row.status.label
    if row.status is ChallengeStatus.ESCALATED and row.escalated_to:
        status += f" to {row.escalated_to}"
    if row.overdue:
        status += f"; overdue: a response was due on {format_date(row.response_due)}"
    elif row.response_due and not row.response and row.status is not ChallengeStatus.CLOSED:
        status += f"; response due {format_date(row.response_due)}"
    if row.date_closed:
        status += f"; closed {format_date(row.date_closed)}"
    status_html = html.escape(status)
    if row.overdue:
        status_html = f"<span style='{WARNING_STYLE}'>{status_html}</span>"
    response_label = "Response" + (f" ({format_date(row.responded_on)})" if row.responded_on else "")
    return "".join(
        [
            f"<h3>{title}</h3>",
            f"<p>{html.escape(raised)}. Agency challenged: {html.escape(row.agency_name)}.</p>",
            f"<p><b>Status:</b> {status_html}</p>",
            para("The challenge", row.challenge),
            para(response_label, row.response) or "<p><i>No response recorded yet.</i></p>",
            para("Outcome and impact", row.outcome),
            para("Escalated to", row.escalated_to),
            _history_html(history or []),
        ]
    )


def counts_text(rows: list[ChallengeLogRow]) -> str:
    """'Open 2 · Awaiting response 3 · ... · 3 overdue' for the rows shown."""
    counts = status_counts(rows)
    overdue = sum(row.overdue for row in rows)
    parts = [f"{status.label} {number}" for status, number in counts.items()]
    return " · ".join([*parts, f"{overdue} overdue" if overdue else "none overdue"])


class ChallengesPage(Page):
    key = "challenges"
    title = "Challenge log"
    subtitle = "A record of the challenges the partnership made to its agencies and the changes that came from them."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs: list[BackgroundJob] = []
        self.dialog: QWidget | None = None
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "challenges")
        self._build_filters()
        self._build_actions()
        self.count = CountLabel(self.proxy, "challenge", "challenges")
        self.counts = QLabel()
        self.counts.setAccessibleName("Challenges shown by status")
        self.counts.setToolTip("How many of the challenges shown are in each status, and how many are overdue")
        # Filters on a grid and the rarer actions under "More", so that the page fits a narrow window.
        self.layout_.addLayout(toolbar_row(self.search, self.overdue_only))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        pairs = [
            ("S&tatus:", self.status_filter),
            ("A&gency:", self.agency_filter),
            ("T&heme:", self.theme_filter),
            ("Gro&up:", self.group_filter),
            ("&Period:", self.period_filter),
        ]
        for position, (label, combo) in enumerate(pairs):
            row, column = divmod(position, 3)
            grid.addWidget(labelled(label, combo), row, column * 2)
            grid.addWidget(combo, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        self.layout_.addLayout(grid)
        self.layout_.addLayout(
            toolbar_row(
                self.new_button,
                self.respond_button,
                self.escalate_button,
                self.close_button,
                self.more_button,
                self.export_button,
            )
        )
        self.layout_.addWidget(self.counts)

        self.table = wrap_long_text(make_table(self.proxy, "Challenge log"))
        self.table.sortByColumn(COLUMNS.index(RAISED), Qt.SortOrder.DescendingOrder)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected challenge in full")
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.table_empty = EmptyState(self.table, self.model, self._no_challenges_text())
        self.splitter.addWidget(self.table_empty)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value("challenges/splitter")
        if state is not None:
            self.splitter.restoreState(state)

        self.summary_model = RowTableModel(SUMMARY_COLUMNS, self)
        self.summary_proxy = SearchFilterProxyModel(self)
        self.summary_proxy.setSourceModel(self.summary_model)
        self.summary_table = wrap_long_text(make_table(self.summary_proxy, "Challenges by agency"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Challenge log views")
        self.tabs.addTab(self.splitter, "&Log")
        self.summary_empty = EmptyState(
            self.summary_table,
            self.summary_model,
            "No challenges to count: the challenges shown in the log are counted here by agency.",
        )
        self.tabs.addTab(self.summary_empty, "&By agency")
        self.tabs.setTabToolTip(1, "Challenges by agency, for the chair to report to the board; follows the filters")
        self.layout_.addWidget(self.tabs, 1)
        self.layout_.addWidget(self.count)

        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_challenge())
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._shown_rows_changed)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_challenge)
        self._show(None)
        self._update_actions()

    # --- building ---------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.status_filter = QComboBox()
        self.status_filter.setToolTip("Not closed: open, awaiting a response, responded or escalated")
        self.status_filter.addItem("Any status", None)
        self.status_filter.addItem("Not closed", NOT_CLOSED)
        for status in ChallengeStatus:
            # Qt would hand a str enum back as a plain str, so the item keeps the stored value.
            self.status_filter.addItem(status.label, status.value)
        self.agency_filter = QComboBox()
        self.agency_filter.setToolTip("The agency challenged")
        self.theme_filter = QComboBox()
        self.theme_filter.setToolTip("The priority or theme of the challenge (kept under More, Themes)")
        self.group_filter = QComboBox()
        self.group_filter.setToolTip("The group the challenge was raised at")
        self.period_filter = QComboBox()
        self.period_filter.setToolTip("The financial year the challenge was raised in")
        for combo in (self.status_filter, self.agency_filter, self.theme_filter, self.group_filter, self.period_filter):
            # Long agency and group names would otherwise set the page's width; the list opens wide enough.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.overdue_only = QCheckBox("&Overdue only")
        self.overdue_only.setToolTip("Show only the challenges whose response due date has passed with no response")
        for combo in (self.status_filter, self.agency_filter, self.theme_filter, self.group_filter, self.period_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.overdue_only.toggled.connect(self._apply_filters)

    def _build_actions(self) -> None:
        self.new_button = action_button("&New…", "Record a new challenge (Ctrl+N)", self.new_challenge)
        self.respond_button = action_button("&Respond…", "Record the agency's response and its date", self.respond)
        self.escalate_button = action_button(
            "Escal&ate…", "Escalate the challenge to a group or a person", self.escalate
        )
        self.close_button = action_button(
            "&Close…", "Close the challenge with its outcome and impact", self.close_challenge
        )
        self.export_button = action_button(
            "E&xport…", "Write the challenges shown to Excel (.xlsx) or a Word report (.docx)", self.export
        )

        def action(label: str, tip: str, slot, shortcut=None) -> QAction:
            made = QAction(label, self)
            made.setToolTip(tip)
            made.setStatusTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                made.setShortcut(shortcut)
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(made)
            return made

        self.edit_action = action(
            "&Edit…", "Change what was challenged, of whom, where and when (Ctrl+E)", self.edit_challenge, "Ctrl+E"
        )
        self.status_action = action(
            "Change the &status…",
            "Set it back to open or awaiting a response (also reopens a closed one)",
            self.change_status,
        )
        self.delete_action = action(
            "&Delete…",
            "Delete the challenge; its reference is not used again",
            self.delete,
            QKeySequence.StandardKey.Delete,
        )
        self.themes_action = action("&Themes…", "Keep the list of themes: add, rename or retire one", self.themes)
        self.more_button = more_button(
            "Edit, change the status, delete; keep the list of themes",
            self,
            [self.edit_action, self.status_action, self.delete_action],
            [self.themes_action],
        )
        self.more_menu = self.more_button.menu()

    def _no_challenges_text(self) -> str:
        if not self.database.actor.can(Permission.EDIT_CHALLENGES):
            return "No challenges have been recorded yet. The business unit records them as they are raised."
        return (
            "No challenges recorded yet. Choose New… (Ctrl+N) to record the first: the agency challenged, "
            "what was challenged, where it was raised and when a response is due."
        )

    # --- loading and filtering --------------------------------------------------------------------

    def search_field(self) -> SearchField:
        return self.search

    def save_state(self) -> None:
        self.settings.setValue("challenges/splitter", self.splitter.saveState())

    def reload(self, select_id: int | None = None) -> None:
        current = self.current_row()
        wanted = select_id if select_id is not None else (current.id if current else None)
        rows = challenge_log(self.database, self.today())
        self._refill_choices(rows)
        self.model.set_rows(rows)
        fit_columns(self.table)
        self._select(wanted)

    def _select(self, challenge_id: int | None) -> None:
        if not select_row_with_id(self.table, challenge_id):
            self._show(None)

    @staticmethod
    def _refill(combo: QComboBox, anything: str, items: list[tuple[str, object]]) -> None:
        refill_filter(combo, anything, items)
        # The narrow box opens a list wide enough to read every name whole.
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + combo.fontMetrics().averageCharWidth() * 4)

    def _refill_choices(self, rows: list[ChallengeLogRow]) -> None:
        """The filters offer what the log holds: its agencies, themes, groups and years."""
        agencies = sorted({(row.agency_name, row.agency_id) for row in rows}, key=lambda item: item[0].casefold())
        themes = sorted({row.theme for row in rows if row.theme}, key=str.casefold)
        groups = {(row.raised_at_group, row.raised_at_group_id) for row in rows if row.raised_at_group_id}
        years = sorted({FinancialYear.containing(row.date_raised).start_year for row in rows}, reverse=True)
        self._refill(self.agency_filter, "Any agency", agencies)
        self._refill(self.theme_filter, "Any theme", [(theme, theme) for theme in themes])
        self._refill(self.group_filter, "Any group", sorted(groups, key=lambda item: item[0].casefold()))
        self._refill(self.period_filter, "Any time", [(FinancialYear(start).label, start) for start in years])

    def current_filter(self) -> ChallengeFilter:
        """The filters chosen, as the reports and the export read them."""
        chosen = self.status_filter.currentData()
        values = dict(
            statuses=frozenset({ChallengeStatus(chosen)}) if chosen not in (None, NOT_CLOSED) else frozenset(),
            not_closed=chosen == NOT_CLOSED,
            agency_id=self.agency_filter.currentData(),
            theme=self.theme_filter.currentData(),
            group_id=self.group_filter.currentData(),
            overdue_only=self.overdue_only.isChecked(),
        )
        year = self.period_filter.currentData()
        if year is not None:
            return ChallengeFilter.for_year(FinancialYear(year), **values)
        return ChallengeFilter(**values)

    def _apply_filters(self, *_args) -> None:
        chosen = self.current_filter()
        self.proxy.set_row_filter(None if chosen == ChallengeFilter() else chosen.accepts)

    def shown_rows(self) -> list[ChallengeLogRow]:
        return [self.proxy.row_at(self.proxy.index(position, 0)) for position in range(self.proxy.rowCount())]

    def _shown_rows_changed(self, *_args) -> None:
        shown = self.shown_rows()
        self.counts.setText(counts_text(shown))
        summary: list[AgencySummaryRow] = agency_summary(shown)
        self.summary_model.set_rows(summary)
        fit_columns(self.summary_table)
        if self.current_row() is None:
            self._select(None)

    def current_row(self) -> ChallengeLogRow | None:
        return self.proxy.row_at(self.table.currentIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.proxy.row_at(current))
        self._update_actions()

    def _show(self, row: ChallengeLogRow | None) -> None:
        if row is None:
            self.detail.setHtml(
                "<p><i>Select a challenge above to read it in full, with its response, outcome and history.</i></p>"
            )
        else:
            self.detail.setHtml(challenge_html(row, status_history(self.database, row.id)))

    def _update_actions(self) -> None:
        row = self.current_row()
        can = self.database.actor.can
        edit, respond = can(Permission.EDIT_CHALLENGES), can(Permission.RESPOND_TO_CHALLENGES)
        open_ = row is not None and row.status is not ChallengeStatus.CLOSED
        self.new_button.setEnabled(edit)
        self.edit_action.setEnabled(edit and row is not None)
        self.respond_button.setEnabled(respond and row is not None)
        self.escalate_button.setEnabled(edit and open_)
        self.close_button.setEnabled(respond and open_)
        self.status_action.setEnabled(edit and row is not None)
        self.delete_action.setEnabled(edit and row is not None)
        self.themes_action.setEnabled(True)  # the list can always be read; changing it is checked inside
        self.export_button.setEnabled(can(Permission.EXPORT))

    # --- changes --------------------------------------------------------------------------------------

    def _changed(self, challenge_id: int | None = None) -> None:
        """After a save: this page reads the log again; the other pages (the dashboard) when next shown."""
        self.reload(challenge_id)

    def new_challenge(self) -> QWidget | None:
        if not self.new_button.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_form import ChallengeFormDialog

        dialog = ChallengeFormDialog(self.database, self.today(), None, self)
        return self.open_dialog(dialog, lambda: self._clear_filters_and_show(dialog.challenge_id))

    def _clear_filters_and_show(self, challenge_id: int | None) -> None:
        # A new challenge might be hidden by the filters chosen; it is shown so the user sees it saved.
        for combo in (self.status_filter, self.agency_filter, self.theme_filter, self.group_filter, self.period_filter):
            combo.setCurrentIndex(0)
        self.overdue_only.setChecked(False)
        self.search.clear()
        self._changed(challenge_id)

    def _with_row(self, make_dialog) -> QWidget | None:
        row = self.current_row()
        if row is None:
            return None
        return self.open_dialog(make_dialog(row), lambda: self._changed(row.id))

    def edit_challenge(self) -> QWidget | None:
        if not self.edit_action.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_form import ChallengeFormDialog

        return self._with_row(lambda row: ChallengeFormDialog(self.database, self.today(), row, self))

    def respond(self) -> QWidget | None:
        if not self.respond_button.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_followup import RespondDialog

        return self._with_row(lambda row: RespondDialog(self.database, row, self.today(), self))

    def escalate(self) -> QWidget | None:
        if not self.escalate_button.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_followup import EscalateDialog

        return self._with_row(lambda row: EscalateDialog(self.database, row, self.today(), self))

    def close_challenge(self) -> QWidget | None:
        if not self.close_button.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_followup import CloseDialog

        return self._with_row(lambda row: CloseDialog(self.database, row, self.today(), self))

    def change_status(self) -> QWidget | None:
        if not self.status_action.isEnabled():
            return None
        from board_admin.ui.dialogs.challenge_followup import StatusDialog

        return self._with_row(lambda row: StatusDialog(self.database, row, self.today(), self))

    def delete(self) -> QMessageBox | None:
        row = self.current_row()
        if row is None or not self.delete_action.isEnabled():
            return None

        return self.ask_to_delete(
            "Delete the challenge",
            f"Delete {row.reference} ({row.agency_name}) and its history? This cannot be undone; "
            "the reference will not be given to another challenge.",
            lambda: service.delete_challenge(self.database, row.id),
            self._changed,
        )

    def themes(self) -> QWidget:
        from board_admin.ui.dialogs.challenge_themes import ThemesDialog

        dialog = ThemesDialog(self.database, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._changed() if dialog.changed else None)
        dialog.open()
        return dialog

    # --- export -------------------------------------------------------------------------------------

    def export(self) -> BackgroundJob | None:
        path = self.choose_export_file("Export the challenge log", f"challenge-log-{self.today():%Y-%m-%d}.xlsx")
        return None if path is None else self.run_export(path, self.current_filter())

    def run_export(self, path: Path, log_filter: ChallengeFilter) -> BackgroundJob:
        """The list's "challenges" export (exports.py) of the challenges shown: the page's filter goes with it."""
        from board_admin.exports import write_listed

        today: dt.date = self.today()

        def done(written) -> None:
            show_written(self, "Challenge log written", f"Wrote {written.summary} to {path}.", path)

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        job = BackgroundJob(
            self,
            f"Writing {path.name}…",
            lambda: write_listed(self.database, "challenges", path, today=today, challenge_filter=log_filter),
            done,
            failed,
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
