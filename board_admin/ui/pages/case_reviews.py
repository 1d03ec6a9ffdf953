"""Case reviews: rapid reviews, CSPRs, SARs and other learning reviews, from notification to published learning.

The list shows each review's next deadline with the working days left (overdue in words, not colour alone);
the filters build one `CaseReviewFilter`, the one the export also uses. Under the list, the selected review's
own page: its deadlines, timeline, recommendations and the actions carrying them out. Administrators keep
reviews; the chair reads and exports; finance does not see the page at all (reviews concern individuals).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from board_admin.domain.case_reviews import CaseReviewStatus
from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.reports.case_reviews import (
    CaseReviewDetail,
    CaseReviewFilter,
    CaseReviewRow,
    case_review_list,
    review_detail,
    review_kinds,
)
from board_admin.services import case_reviews as service
from board_admin.ui.messages import describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page, refill_filter, select_row_with_id
from board_admin.ui.table_model import Column, RowTableModel, SearchFilterProxyModel, date_column, enum_column
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

REFERENCE = text("Reference", lambda row: row.reference)
COLUMNS = (
    REFERENCE,
    text("Name", lambda row: row.name),
    text("Kind", lambda row: row.kind),
    enum_column("Status", lambda row: row.status),
    date_column("Notified", lambda row: row.notified_on),
    text("Next deadline", lambda row: row.next_due_what),
    date_column("Due", lambda row: row.next_due),
    Column(
        "Days left",
        lambda row: row.days_left_text,
        sort=lambda row: row.working_days_left,
        warn=lambda row: row.overdue,
        description="Working days to the deadline (weekends and bank holidays left out); overdue once it has passed",
    ),
    text("Overseen by", lambda row: row.overseeing_group, stretch=True),
)


def _para(label: str, value: str | None) -> str:
    if not value:
        return ""
    return f"<p><b>{html.escape(label)}</b><br>{html.escape(value).replace(chr(10), '<br>')}</p>"


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse: collapse'>"
        f"<tr>{head}</tr>{body}</table>"
    )


def review_html(detail: CaseReviewDetail) -> str:
    """A review's own page: what it is, its deadlines, its timeline, its recommendations and their actions."""
    row = detail.review
    facts = [f"{row.kind}; notified {format_date(row.notified_on)}"]
    if row.referring_agency:
        facts.append(f"referred by {row.referring_agency}")
    if row.overseeing_group:
        facts.append(f"overseen by {row.overseeing_group}")
    status = html.escape(row.status.label)
    if row.overdue:
        status += (
            f"; <span style='color:#a4161a; font-weight:bold'>overdue: {html.escape(row.next_due_what or '')} was due "
            f"{format_date(row.next_due)}</span>"
        )
    parts = [
        f"<h3>{html.escape(row.reference)}: {html.escape(row.name)}</h3>",
        f"<p>{html.escape('; '.join(facts))}.</p>",
        f"<p><b>Status:</b> {status}</p>",
    ]
    if row.themes:
        parts.append(f"<p><b>Learning themes:</b> {html.escape(', '.join(row.themes))}</p>")
    parts.append(_para("Summary", row.summary))
    if detail.deadlines:
        parts.append("<p><b>Deadlines</b> (working days leave out weekends and bank holidays)</p>")
        parts.append(
            _table(
                ("Deadline", "Due", "State"),
                [
                    (
                        html.escape(d.what),
                        format_date(d.due),
                        f"<b>{html.escape(d.state)}</b>" if d.overdue else html.escape(d.state),
                    )
                    for d in detail.deadlines
                ],
            )
        )
    parts.append("<p><b>Timeline</b></p>")
    parts.append(
        _table(
            ("Date", "What", ""),
            [(format_date(e.on), html.escape(e.what), html.escape(e.detail)) for e in detail.timeline],
        )
    )
    parts.append("<p><b>Recommendations and actions</b></p>")
    if not detail.recommendations:
        parts.append("<p><i>No recommendations recorded yet.</i></p>")
    for recommendation in detail.recommendations:
        parts.append(
            f"<p><b>{recommendation.number}.</b> {html.escape(recommendation.text)}<br>"
            f"<i>{html.escape(recommendation.progress)}</i></p>"
        )
        if recommendation.actions:
            parts.append(
                _table(
                    ("Action", "For", "Due", "Status"),
                    [
                        (
                            html.escape(f"{a.reference}: {a.description}" if a.reference else a.description),
                            html.escape(a.owner),
                            format_date(a.due_date),
                            html.escape(a.status.label + (" (overdue)" if a.overdue else "")),
                        )
                        for a in recommendation.actions
                    ],
                )
            )
    return "".join(parts)


class CaseReviewsPage(Page):
    key = "reviews"
    title = "Case reviews"
    subtitle = "Rapid reviews, practice reviews and adult reviews, from notification to published learning."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs: list[BackgroundJob] = []
        self.dialog: QWidget | None = None
        self.detail_shown: CaseReviewDetail | None = None
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.search = SearchField(self.proxy, "case reviews")
        self._build_filters()
        self._build_actions()
        self.count = CountLabel(self.proxy, "case review", "case reviews")
        self.layout_.addLayout(toolbar_row(self.search, self.overdue_only))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for position, (label, combo) in enumerate(
            (("&Kind:", self.kind_filter), ("S&tatus:", self.status_filter), ("&Year:", self.year_filter))
        ):
            grid.addWidget(labelled(label, combo), 0, position * 2)
            grid.addWidget(combo, 0, position * 2 + 1)
            grid.setColumnStretch(position * 2 + 1, 1)
        self.layout_.addLayout(grid)
        self.layout_.addLayout(
            toolbar_row(
                self.new_button,
                self.edit_button,
                self.status_button,
                self.recommend_button,
                self.action_button,
                self.more_button,
                self.export_button,
            )
        )
        self.table = wrap_long_text(make_table(self.proxy, "Case reviews"))
        self.table.sortByColumn(COLUMNS.index(COLUMNS[4]), Qt.SortOrder.DescendingOrder)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected case review: deadlines, timeline, recommendations and actions")
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.table_empty = EmptyState(self.table, self.model, self._empty_text())
        self.splitter.addWidget(self.table_empty)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = self.settings.value("reviews/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)
        self.layout_.addWidget(self.count)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_review())
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsRemoved):
            signal.connect(self._shown_rows_changed)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_review)
        self._show(None)
        self._update_actions()

    # --- building ---------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.kind_filter = QComboBox()
        self.kind_filter.setToolTip("The kind of review: rapid review, CSPR, SAR...")
        self.status_filter = QComboBox()
        self.status_filter.setToolTip("Where the review has got to")
        self.status_filter.addItem("Any status", None)
        for status in CaseReviewStatus:
            self.status_filter.addItem(status.label, status.value)
        self.year_filter = QComboBox()
        self.year_filter.setToolTip("Reviews notified in the financial year, or still under way during it")
        for combo in (self.kind_filter, self.status_filter, self.year_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._apply_filters)
        self.overdue_only = QCheckBox("&Overdue only")
        self.overdue_only.setToolTip("Only the reviews with a deadline passed and not met")
        self.overdue_only.toggled.connect(self._apply_filters)

    def _build_actions(self) -> None:
        self.new_button = action_button("&New…", "Record a notified case (Ctrl+N)", self.new_review)
        self.edit_button = action_button(
            "&Edit…", "Change the review's details and the dates of its stages", self.edit_review
        )
        self.status_button = action_button(
            "Stat&us…", "Move the review to its next status, with the date", self.change_status
        )
        self.recommend_button = action_button("Recommen&dation…", "Add a recommendation", self.add_recommendation)
        self.action_button = action_button(
            "&Action…", "Add an action carrying out a recommendation, for a named agency", self.add_action
        )
        self.export_button = action_button(
            "E&xport…", "Write the year's case reviews to Excel (.xlsx) or a Word report (.docx)", self.export
        )
        self.delete_action = QAction("&Delete…", self)
        self.delete_action.setToolTip("Delete a review recorded by mistake")
        self.delete_action.triggered.connect(lambda _checked=False: self.delete())
        self.themes_action = QAction("Add a learning &theme…", self)
        self.themes_action.triggered.connect(lambda _checked=False: self.add_theme())
        self.more_button = more_button(
            "Delete a review; add a learning theme", self, [self.delete_action], [self.themes_action]
        )
        self.more_menu = self.more_button.menu()

    def _empty_text(self) -> str:
        if not self.database.actor.can(Permission.EDIT_CASE_REVIEWS):
            return "No case reviews have been recorded yet. The business unit records them as cases are notified."
        return (
            "No case reviews recorded yet. Choose New… (Ctrl+N) to record a notified case: its kind, an anonymised "
            "name, the date and the referring agency. The deadlines follow from the dates."
        )

    # --- loading and filtering --------------------------------------------------------------------

    def search_field(self) -> SearchField:
        return self.search

    def save_state(self) -> None:
        self.settings.setValue("reviews/splitter", self.splitter.saveState())

    def reload(self, select_id: int | None = None) -> None:
        if not self.database.actor.can(Permission.READ_CASE_REVIEWS):
            self.model.set_rows([])
            return
        current = self.current_row()
        wanted = select_id if select_id is not None else (current.id if current else None)
        rows = case_review_list(self.database, today=self.today())
        refill_filter(self.kind_filter, "Any kind", [(k.name, k.id) for k in review_kinds(self.database)])
        years = sorted({FinancialYear.containing(row.notified_on).start_year for row in rows}, reverse=True)
        refill_filter(self.year_filter, "Any year", [(FinancialYear(start).label, start) for start in years])
        self.model.set_rows(rows)
        fit_columns(self.table)
        self._select(wanted)

    def _select(self, review_id: int | None) -> None:
        if not select_row_with_id(self.table, review_id):
            self._show(None)

    def current_filter(self) -> CaseReviewFilter:
        status = self.status_filter.currentData()
        year = self.year_filter.currentData()
        return CaseReviewFilter(
            kind_id=self.kind_filter.currentData(),
            status=CaseReviewStatus(status) if status else None,
            year=FinancialYear(year) if year is not None else None,
            overdue_only=self.overdue_only.isChecked(),
        )

    def _apply_filters(self, *_args) -> None:
        chosen = self.current_filter()
        self.proxy.set_row_filter(None if chosen == CaseReviewFilter() else chosen.accepts)

    def shown_rows(self) -> list[CaseReviewRow]:
        return [self.proxy.row_at(self.proxy.index(position, 0)) for position in range(self.proxy.rowCount())]

    def _shown_rows_changed(self, *_args) -> None:
        if self.current_row() is None:
            self._select(None)

    def current_row(self) -> CaseReviewRow | None:
        return self.proxy.row_at(self.table.currentIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.proxy.row_at(current))
        self._update_actions()

    def _show(self, row: CaseReviewRow | None) -> None:
        if row is None:
            self.detail_shown = None
            self.detail.setHtml(
                "<p><i>Select a review above to see its deadlines, timeline, recommendations and actions.</i></p>"
            )
            return
        self.detail_shown = review_detail(self.database, row.id, self.today())
        self.detail.setHtml(review_html(self.detail_shown))

    def _update_actions(self) -> None:
        row = self.current_row()
        can = self.database.actor.can
        edit = can(Permission.EDIT_CASE_REVIEWS) and not self.database.read_only_reason
        self.new_button.setEnabled(edit)
        for control in (self.edit_button, self.status_button, self.recommend_button, self.action_button):
            control.setEnabled(edit and row is not None)
        self.delete_action.setEnabled(edit and row is not None)
        self.themes_action.setEnabled(edit)
        self.more_button.setEnabled(edit)
        self.export_button.setEnabled(can(Permission.EXPORT) and can(Permission.READ_CASE_REVIEWS))

    # --- changes --------------------------------------------------------------------------------------

    def _changed(self, review_id: int | None = None) -> None:
        self.reload(review_id)

    def _with_row(self, make_dialog) -> QWidget | None:
        row = self.current_row()
        if row is None:
            return None
        return self.open_dialog(make_dialog(row), lambda: self._changed(row.id))

    def new_review(self) -> QWidget | None:
        if not self.new_button.isEnabled():
            return None
        from board_admin.ui.dialogs.case_review_forms import CaseReviewFormDialog

        dialog = CaseReviewFormDialog(self.database, self.today(), None, self)
        return self.open_dialog(dialog, lambda: self._clear_filters_and_show(dialog.review_id))

    def _clear_filters_and_show(self, review_id: int | None) -> None:
        for combo in (self.kind_filter, self.status_filter, self.year_filter):
            combo.setCurrentIndex(0)
        self.overdue_only.setChecked(False)
        self.search.clear()
        self._changed(review_id)

    def edit_review(self) -> QWidget | None:
        if not self.edit_button.isEnabled():
            return None
        from board_admin.ui.dialogs.case_review_forms import CaseReviewFormDialog

        return self._with_row(lambda row: CaseReviewFormDialog(self.database, self.today(), row, self))

    def change_status(self) -> QWidget | None:
        if not self.status_button.isEnabled():
            return None
        from board_admin.ui.dialogs.case_review_forms import ReviewStatusDialog

        return self._with_row(lambda row: ReviewStatusDialog(self.database, row, self.today(), self))

    def add_recommendation(self) -> QWidget | None:
        if not self.recommend_button.isEnabled():
            return None
        from board_admin.ui.dialogs.case_review_forms import RecommendationDialog

        return self._with_row(lambda row: RecommendationDialog(self.database, row, self))

    def add_action(self) -> QWidget | None:
        if not self.action_button.isEnabled() or self.detail_shown is None:
            return None
        from board_admin.ui.dialogs.case_review_forms import RecommendationActionDialog

        recommendations = [(r.id, r.number, r.text) for r in self.detail_shown.recommendations]
        return self._with_row(
            lambda row: RecommendationActionDialog(self.database, row, recommendations, self.today(), self)
        )

    def add_theme(self) -> QWidget | None:
        if not self.themes_action.isEnabled():
            return None
        from board_admin.ui.dialogs.case_review_forms import LearningThemeDialog

        return self.open_dialog(LearningThemeDialog(self.database, self), lambda: self._changed())

    def delete(self) -> QMessageBox | None:
        row = self.current_row()
        if row is None or not self.delete_action.isEnabled():
            return None

        return self.ask_to_delete(
            "Delete the case review",
            f"Delete {row.reference} ({row.name}) with its history and recommendations? This cannot be undone; "
            "the reference will not be given to another review.",
            lambda: service.delete_case_review(self.database, row.id),
            self._changed,
        )

    # --- export -------------------------------------------------------------------------------------

    def export_year(self) -> FinancialYear:
        chosen = self.year_filter.currentData()
        return FinancialYear(chosen) if chosen is not None else FinancialYear.containing(self.today())

    def export(self) -> BackgroundJob | None:
        year = self.export_year()
        path = self.choose_export_file(f"Export the case reviews of {year.label}", f"case-reviews-{year.label}.xlsx")
        return None if path is None else self.run_export(path, year)

    def run_export(self, path: Path, year: FinancialYear) -> BackgroundJob:
        from board_admin.exports import write_listed

        today = self.today()

        def done(_data) -> None:
            show_written(self, "Case reviews written", f"Wrote the case reviews of {year.label} to {path}.", path)

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not written", describe_failure(error))

        job = BackgroundJob(
            self,
            f"Writing {path.name}…",
            lambda: write_listed(self.database, "reviews", path, year=year, today=today),
            done,
            failed,
        )
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()


__all__ = ["CaseReviewsPage", "review_html"]
