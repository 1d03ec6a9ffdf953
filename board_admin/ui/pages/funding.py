"""Funding: for a financial year, the partners' contributions, other income, the budget against what was
spent, the spending entries, charts and the comparison with previous years; opening the next year, the
contribution formula and the finance exports.

Everything shown comes from `reports.funding` (the exports read the same report); every change goes
through `services.funding`, which checks the user may keep the money.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.domain.permissions import Permission
from board_admin.reports import funding as report
from board_admin.reports import lists
from board_admin.reports.funding import YearFunding
from board_admin.services import funding as service
from board_admin.ui.charts import BarChart, ChartData, Series
from board_admin.ui.colours import WARNING_STYLE
from board_admin.ui.dialogs import funding_forms as forms
from board_admin.ui.messages import ask, describe_failure, show_message, show_written
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    RIGHT,
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    date_column,
    money_column,
    text_column,
)
from board_admin.ui.widgets import (
    EmptyState,
    SearchField,
    fit_columns,
    flow_row,
    labelled,
    make_table,
    scaled_font,
    toolbar_row,
    wrap_long_text,
)
from board_admin.ui.workers import BackgroundJob

WIDE_LAYOUT_CHARACTERS = 240  # side by side only when the agency names fit whole beside the budget
BUDGET_COLOUR = QColor("#9bb7d4")
SPENT_COLOUR = QColor("#2f5d8a")
AGREED_COLOUR = QColor("#9bb7d4")
RECEIVED_COLOUR = QColor("#2e7d4f")
HISTORY_YEARS = 6


def received_text(row: report.ContributionRow) -> str:
    # The status column says "Not yet received" in words.
    return "–" if row.received_pence is None else format_pounds(row.received_pence)


def contribution_tooltip(row: report.ContributionRow) -> str | None:
    notes = [row.agency_name]
    if row.invoiced_on:
        notes.append(f"Invoiced {format_date(row.invoiced_on)}")
    if row.received_on:
        notes.append(f"Received {format_date(row.received_on)}")
    if row.in_kind:
        notes.append(f"In kind: {row.in_kind}")
    return "; ".join(notes)


CONTRIBUTION_AGENCY = text_column("Agency", lambda row: row.agency_name, tooltip=contribution_tooltip, stretch=True)
CONTRIBUTION_AGREED = money_column("Agreed", lambda row: row.agreed_pence)
CONTRIBUTION_RECEIVED = Column(
    "Received", received_text, sort=lambda row: row.received_pence, align=RIGHT, tooltip=contribution_tooltip
)
CONTRIBUTION_OUTSTANDING = money_column(
    "Outstanding",
    lambda row: row.outstanding_pence,
    warn=lambda row: row.outstanding_pence > 0,
    description="Agreed less received",
)
CONTRIBUTION_STATUS = text_column(
    "Status",
    lambda row: row.outstanding_text,
    warn=lambda row: row.outstanding_pence > 0,
    description="Whether the agreed contribution has been paid",
)
CONTRIBUTION_COLUMNS = (
    CONTRIBUTION_AGENCY,
    CONTRIBUTION_AGREED,
    CONTRIBUTION_RECEIVED,
    CONTRIBUTION_OUTSTANDING,
    CONTRIBUTION_STATUS,
)

INCOME_SOURCE = text_column("Source", lambda row: row.source, stretch=True)
INCOME_AMOUNT = money_column("Amount", lambda row: row.amount_pence)
INCOME_COLUMNS = (INCOME_SOURCE, INCOME_AMOUNT)

LINE_NAME = text_column("Budget line", lambda row: row.name, stretch=True)
LINE_BUDGET = money_column("Budget", lambda row: row.budget_pence)
LINE_ACTUAL = money_column("Actual", lambda row: row.actual_pence, description="The sum of the spending on the line")
LINE_REMAINING = Column(
    "Remaining",
    lambda row: format_pounds(row.remaining_pence) + (" overspent" if row.overspent else ""),
    sort=lambda row: row.remaining_pence,
    align=RIGHT,
    warn=lambda row: row.overspent,
    description="Budget less actual; negative and marked overspent when more was spent than the budget",
)
LINE_COLUMNS = (LINE_NAME, LINE_BUDGET, LINE_ACTUAL, LINE_REMAINING)

SPENT_ON = date_column("Date", lambda row: row.spent_on)
SPENT_LINE = text_column("Budget line", lambda row: row.budget_line)
SPENT_DESCRIPTION = text_column("Description", lambda row: row.description, stretch=True)
SPENT_AMOUNT = money_column("Amount", lambda row: row.amount_pence, description="Negative for a refund or income")
SPENDING_COLUMNS = (SPENT_ON, SPENT_LINE, SPENT_DESCRIPTION, SPENT_AMOUNT)

HISTORY_COLUMNS = (
    text_column("Year", lambda row: row.year.label, sort=lambda row: row.year.start_year),
    money_column("Contributions agreed", lambda row: row.agreed_pence),
    money_column("Received", lambda row: row.received_pence),
    money_column("Other income", lambda row: row.other_income_pence),
    money_column("Total income", lambda row: row.income_pence),
    money_column("Budget", lambda row: row.budget_pence),
    money_column("Actual", lambda row: row.actual_pence),
    Column(
        "Remaining",
        lambda row: format_pounds(row.remaining_pence) + (" overspent" if row.remaining_pence < 0 else ""),
        sort=lambda row: row.remaining_pence,
        align=RIGHT,
        warn=lambda row: row.remaining_pence < 0,
    ),
)


class _Section(QGroupBox):
    """A titled, sortable table with its totals underneath and, for finance, Add / Edit / Delete."""

    def __init__(self, title: str, columns, accessible_name: str, noun: str) -> None:
        super().__init__(title)
        self.model = RowTableModel(columns, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table: QTableView = wrap_long_text(make_table(self.proxy, accessible_name))
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(f"Add {noun}…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        for button, verb in (
            (self.add_button, "Add a"),
            (self.edit_button, "Edit the chosen"),
            (self.delete_button, "Delete the chosen"),
        ):
            button.setToolTip(f"{verb} {noun}")
            button.setAccessibleName(f"{verb} {noun}")
        self.buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        self.empty_state = EmptyState(self.table, self.model)
        layout.addWidget(self.empty_state, 1)
        layout.addWidget(self.totals)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.editable = False

    def set_rows(self, rows, totals: str) -> None:
        self.model.set_rows(rows)
        self.totals.setText(totals)
        self.totals.setAccessibleName(totals)
        fit_columns(self.table)
        self.update_buttons()

    def selected(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(indexes[0]) if indexes else None

    def select_row(self, predicate: Callable[[Any], bool]) -> None:
        for position in range(self.proxy.rowCount()):
            index = self.proxy.index(position, 0)
            if predicate(self.proxy.row_at(index)):
                self.table.selectRow(position)
                return

    def update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(self.editable)
        self.edit_button.setEnabled(self.editable and chosen)
        self.delete_button.setEnabled(self.editable and chosen)


class FundingPage(Page):
    key = "funding"
    title = "Funding"
    subtitle = "Partner contributions, other income and the budget against what was spent, for a financial year."

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year_picker = QComboBox()
        self.year_picker.setAccessibleName("Financial year")
        self.year_picker.setToolTip("The financial year runs from 1 April to 31 March")
        self.year_picker.currentIndexChanged.connect(lambda _index: self._show_year())
        self.open_year_button = QPushButton("Open next year…")
        self.open_year_button.setToolTip(
            "Open the year after the latest, copying its budget lines and agreed contributions, and carry "
            "forward the underspends you choose"
        )
        self.formula_button = QPushButton("Contribution formula…")
        self.formula_button.setToolTip("Share a total across the partners by agreed percentages")
        self.export_button = QPushButton("&Export")
        self.export_button.setToolTip("The year's contribution sheet (Excel) or financial statement (Excel or Word)")
        export_menu = QMenu(self.export_button)
        self.export_contributions_action = export_menu.addAction(
            "&Contribution sheet (Excel)…", lambda: self.export("contributions")
        )
        self.export_statement_action = export_menu.addAction(
            "Financial &statement (Excel or Word)…", lambda: self.export("statement")
        )
        self.export_button.setMenu(export_menu)
        self.open_year_button.clicked.connect(self.open_next_year)
        self.formula_button.clicked.connect(self.open_formula)
        row = flow_row(
            labelled("Financial &year:", self.year_picker),
            self.year_picker,
            self.open_year_button,
            self.formula_button,
        )
        row.addStretch()
        row.addWidget(self.export_button)
        self.layout_.addLayout(row)

        summary = QWidget()
        self.figures_grid = grid = QGridLayout(summary)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(32)
        self.figures: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        self.figure_blocks: list[tuple[QLabel, QLabel, QLabel]] = []
        tips = {
            "income": "The contributions agreed plus the other income",
            "outstanding": "Agreed contributions not yet received",
            "budget": "The total of the budget lines",
            "actual": "The total of the spending entries",
            "remaining": "Budget less spent",
        }
        for key, caption in [
            ("income", "Total income"),
            ("outstanding", "Contributions outstanding"),
            ("budget", "Budget"),
            ("actual", "Spent"),
            ("remaining", "Remaining"),
        ]:
            heading = QLabel(caption)
            figure = QLabel("")
            figure.setFont(scaled_font(figure, 1.6, bold=True))
            figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            heading.setBuddy(figure)
            heading.setToolTip(tips[key])
            figure.setToolTip(tips[key])
            detail = QLabel("")
            self.figure_blocks.append((heading, figure, detail))
            self.figures[key] = figure
            self.details[key] = detail
        self.figures_per_row = 0
        self._place_figures(3)  # five across once the page is wide enough (resizeEvent)
        self.layout_.addWidget(summary)

        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(self.empty)

        self.contributions = _Section(
            "Contributions from partner agencies", CONTRIBUTION_COLUMNS, "Contributions", "contribution"
        )
        self.income = _Section("Other income", INCOME_COLUMNS, "Other income", "income")
        self.budget = _Section("Budget lines", LINE_COLUMNS, "Budget lines", "budget line")
        right = QSplitter(Qt.Orientation.Vertical)  # budget above other income, in either layout
        right.setChildrenCollapsible(False)
        right.addWidget(self.budget)
        right.addWidget(self.income)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        # Starts one above the other, so that the page can be narrow; side by side when wide (resizeEvent).
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.contributions)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 3)
        self.right_splitter = right
        for splitter, key in [(self.splitter, "funding/splitter"), (right, "funding/right_splitter")]:
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)

        self.spending = _Section("Spending entries", SPENDING_COLUMNS, "Spending entries", "spending")
        self.spending_search = SearchField(self.spending.proxy, "spending")
        self.line_filter = QComboBox()
        self.line_filter.setAccessibleName("Show the spending of")
        self.line_filter.setToolTip("Show the spending of one budget line, or of all")
        self.line_filter.currentIndexChanged.connect(lambda _index: self._filter_spending())
        filters = toolbar_row(labelled("&Line:", self.line_filter), self.line_filter, self.spending_search)
        self.spending.layout().insertLayout(0, filters)

        charts = QWidget()
        charts_layout = QHBoxLayout(charts)
        self.budget_chart = BarChart(format_pounds)
        self.contributions_chart = BarChart(format_pounds)
        charts_layout.addWidget(self.budget_chart, 1)
        charts_layout.addWidget(self.contributions_chart, 1)

        history = QWidget()
        history_layout = QVBoxLayout(history)
        self.history_model = RowTableModel(HISTORY_COLUMNS, self)
        self.history_proxy = SearchFilterProxyModel(self)
        self.history_proxy.setSourceModel(self.history_model)
        self.history_table = wrap_long_text(make_table(self.history_proxy, "Compared with previous years"))
        self.history_chart = BarChart(format_pounds)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(self.history_chart, 2)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Funding views")
        self.tabs.addTab(self.splitter, "&Overview")
        self.tabs.addTab(self.spending, "&Spending")
        self.tabs.addTab(charts, "C&harts")
        self.tabs.addTab(history, "&Previous years")
        self.layout_.addWidget(self.tabs, 1)
        self.funding: YearFunding | None = None
        self.jobs: list[BackgroundJob] = []
        self.last_export: Path | None = None

        self.contributions.add_button.clicked.connect(lambda: self.edit_contribution(None))
        self.contributions.edit_button.clicked.connect(lambda: self.edit_contribution(self.contributions.selected()))
        self.contributions.table.doubleClicked.connect(lambda _i: self.edit_contribution(self.contributions.selected()))
        self.contributions.delete_button.clicked.connect(self.delete_contribution)
        self.income.add_button.clicked.connect(lambda: self.edit_income(None))
        self.income.edit_button.clicked.connect(lambda: self.edit_income(self.income.selected()))
        self.income.table.doubleClicked.connect(lambda _i: self.edit_income(self.income.selected()))
        self.income.delete_button.clicked.connect(self.delete_income)
        self.budget.add_button.clicked.connect(lambda: self.edit_budget_line(None))
        self.budget.edit_button.clicked.connect(lambda: self.edit_budget_line(self.budget.selected()))
        self.budget.table.doubleClicked.connect(lambda _i: self.edit_budget_line(self.budget.selected()))
        self.budget.delete_button.clicked.connect(self.delete_budget_line)
        self.spending.add_button.clicked.connect(lambda: self.edit_spending(None))
        self.spending.edit_button.clicked.connect(lambda: self.edit_spending(self.spending.selected()))
        self.spending.table.doubleClicked.connect(lambda _i: self.edit_spending(self.spending.selected()))
        self.spending.delete_button.clicked.connect(self.delete_spending)

    # --- layout and state ------------------------------------------------------------------------

    def _place_figures(self, per_row: int) -> None:
        """The summary figures in one row, or wrapped on to a second when the page is narrow."""
        if per_row == self.figures_per_row:
            return
        self.figures_per_row = per_row
        grid = self.figures_grid
        for position, widgets in enumerate(self.figure_blocks):
            band, column = divmod(position, per_row)
            for line, widget in enumerate(widgets):
                grid.removeWidget(widget)
                grid.addWidget(widget, band * 3 + line, column)
        for column in range(len(self.figure_blocks) + 1):
            grid.setColumnStretch(column, 1 if column == per_row else 0)

    def fit_to_width(self, width: int) -> None:
        characters = width / max(1, self.fontMetrics().averageCharWidth())
        self._place_figures(len(self.figure_blocks) if characters >= 150 else 3 if characters >= 105 else 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        # Side by side when there is room for agency names and the amounts in each half; else one above
        # the other (a small screen, or large text or display scaling).
        wide = self.width() >= self.fontMetrics().averageCharWidth() * WIDE_LAYOUT_CHARACTERS
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
        super().resizeEvent(event)

    def save_state(self) -> None:
        self.settings.setValue("funding/splitter", self.splitter.saveState())
        self.settings.setValue("funding/right_splitter", self.right_splitter.saveState())

    def search_field(self):
        return self.spending_search if self.tabs.currentWidget() is self.spending else None

    def can_edit(self) -> bool:
        return self.database.actor.can(Permission.EDIT_FUNDING)

    def reload(self) -> None:
        years = report.financial_years(self.database)
        chosen = self.year_picker.currentData()
        current = FinancialYear.containing(self.today())
        self.year_picker.blockSignals(True)
        self.year_picker.clear()
        for year in reversed(years):
            self.year_picker.addItem(year.label, year)
        if chosen is None or chosen not in years:
            chosen = current if current in years else (years[-1] if years else None)
        self.year_picker.setCurrentIndex(max(0, self.year_picker.findText(chosen.label)) if chosen else -1)
        self.year_picker.blockSignals(False)
        editable = self.can_edit()
        self.open_year_button.setVisible(editable)
        self.open_year_button.setText(f"Open {self._next_year().label}…")
        self.formula_button.setVisible(editable)
        self.export_button.setVisible(self.database.actor.can(Permission.EXPORT))
        for section in (self.contributions, self.income, self.budget, self.spending):
            section.editable = editable
        self._show_year()

    def selected_year(self) -> FinancialYear | None:
        return self.year_picker.currentData()

    def choose_year(self, year: FinancialYear) -> None:
        self.year_picker.setCurrentIndex(self.year_picker.findText(year.label))

    def _next_year(self) -> FinancialYear:
        years = report.financial_years(self.database)
        return years[-1].next() if years else FinancialYear.containing(self.today())

    def _show_year(self) -> None:
        year = self.selected_year()
        has_year = year is not None
        self.tabs.setVisible(has_year)
        # With no year there are no lists: the sentence takes their place at the top, not spread down the page.
        self.layout_.setStretchFactor(self.empty, 0 if has_year else 1)
        self.year_picker.setEnabled(has_year)
        for button in (self.formula_button, self.export_button):
            button.setEnabled(has_year)
        if not has_year:
            self.funding = None
            self.empty.setText(
                "No financial year has been recorded yet. Contributions, other income and the budget are "
                "recorded per financial year, which runs from 1 April to 31 March."
                + (f" Open {self._next_year().label} to begin." if self.can_edit() else "")
            )
            self.empty.show()
            for figure in self.figures.values():
                figure.setText("–")
            for detail in self.details.values():
                detail.setText("")
            return
        funding = report.funding_for_year(self.database, year)
        self.funding = funding
        nothing = not (funding.contributions or funding.income_lines or funding.budget_lines)
        self.empty.setText(f"Nothing has been recorded for {year.label} yet.")
        self.empty.setVisible(nothing)
        self._show_figures(funding)
        self.contributions.set_rows(
            funding.contributions,
            f"Total agreed {format_pounds(funding.agreed_pence)}; received {format_pounds(funding.received_pence)}; "
            f"outstanding {format_pounds(funding.outstanding_pence)}.",
        )
        self.income.set_rows(
            funding.income_lines,
            f"Other income {format_pounds(funding.other_income_pence)}. With the contributions agreed, "
            f"total income for {year.label} is {format_pounds(funding.income_pence)}.",
        )
        overspent = len(funding.overspent_lines)
        self.budget.set_rows(
            funding.budget_lines,
            f"Total budget {format_pounds(funding.budget_pence)}; actual {format_pounds(funding.actual_pence)}; "
            f"remaining {format_pounds(funding.remaining_pence)}."
            + (f" {overspent} line{'s are' if overspent != 1 else ' is'} overspent." if overspent else ""),
        )
        self._show_spending(year, funding)
        self._show_charts(funding)
        self._show_history(year)
        self._say_what_to_do_first(year)

    def _say_what_to_do_first(self, year: FinancialYear) -> None:
        """An empty list says what goes in it, and how, instead of showing a blank table."""
        label = year.label
        if not self.can_edit():
            for section, what in (
                (self.contributions, "contributions"),
                (self.income, "other income"),
                (self.budget, "budget lines"),
                (self.spending, "spending"),
            ):
                section.empty_state.set_message(f"No {what} recorded for {label}.")
            return
        self.contributions.empty_state.set_message(
            f"No contributions recorded for {label} yet. Choose Add contribution… for each partner agency, or "
            "Contribution formula… to share a total across the partners by agreed percentages."
        )
        self.income.empty_state.set_message(
            f"No other income for {label}. Training income, money from reserves or a grant go here (Add income…)."
        )
        self.budget.empty_state.set_message(
            f"No budget lines for {label} yet. Choose Add budget line… for each (e.g. staff costs, the "
            "independent scrutineer, training); spending is then entered against them."
        )
        self.spending.empty_state.set_message(
            f"No spending recorded for {label}. Choose Add spending… to enter a payment against a budget line."
            if self.budget.model.rowCount()
            else f"No spending recorded for {label}. Add the year's budget lines first (Overview tab): "
            "spending is entered against them."
        )

    def _show_figures(self, funding: YearFunding) -> None:
        self.figures["income"].setText(format_pounds(funding.income_pence))
        self.figures["outstanding"].setText(format_pounds(funding.outstanding_pence))
        self.figures["budget"].setText(format_pounds(funding.budget_pence))
        self.figures["actual"].setText(format_pounds(funding.actual_pence))
        remaining = format_pounds(funding.remaining_pence)
        self.figures["remaining"].setText(remaining if funding.remaining_pence >= 0 else f"{remaining} (overspent)")
        self.details["income"].setText(
            f"contributions {format_pounds(funding.agreed_pence)}, other {format_pounds(funding.other_income_pence)}"
        )
        unpaid = sum(1 for row in funding.contributions if row.outstanding_pence > 0)
        self.details["outstanding"].setText(
            f"{unpaid} of {len(funding.contributions)} partners still to pay"
            if unpaid
            else ("every partner has paid" if funding.contributions else "no contributions agreed yet")
        )
        self.details["outstanding"].setStyleSheet(WARNING_STYLE if unpaid else "")
        lines = len(funding.budget_lines)
        self.details["budget"].setText(f"{lines} budget line{'s' if lines != 1 else ''}")
        self.details["actual"].setText(
            f"{funding.actual_pence * 100 // funding.budget_pence}% of the budget" if funding.budget_pence else ""
        )
        if funding.remaining_pence < 0:
            self.details["remaining"].setText("more has been spent than the budget")
        elif funding.budget_pence:
            self.details["remaining"].setText(
                f"{funding.remaining_pence * 100 // funding.budget_pence}% of the budget left"
            )
        else:
            self.details["remaining"].setText("")

    def _show_spending(self, year: FinancialYear, funding: YearFunding) -> None:
        rows = report.expenditure_rows(self.database, year)
        chosen = self.line_filter.currentData()
        self.line_filter.blockSignals(True)
        self.line_filter.clear()
        self.line_filter.addItem("Every budget line", None)
        for line in funding.budget_lines:
            self.line_filter.addItem(line.name, line.id)
        self.line_filter.setCurrentIndex(max(0, self.line_filter.findData(chosen)))
        self.line_filter.blockSignals(False)
        total = sum(row.amount_pence for row in rows)
        self.spending.set_rows(rows, f"{len(rows)} entries in {year.label}, totalling {format_pounds(total)}.")
        self.spending.add_button.setEnabled(bool(funding.budget_lines))
        self._filter_spending()

    def _filter_spending(self) -> None:
        line = self.line_filter.currentData()
        self.spending.proxy.set_row_filter(None if line is None else (lambda row: row.budget_line_id == line))

    def _show_charts(self, funding: YearFunding) -> None:
        lines = funding.budget_lines
        self.budget_chart.set_data(
            ChartData(
                f"Budget and actual by line, {funding.year.label}",
                [line.name for line in lines],
                [
                    Series("Budget", BUDGET_COLOUR, [line.budget_pence for line in lines]),
                    Series("Actual", SPENT_COLOUR, [line.actual_pence for line in lines]),
                ],
                ["overspent" if line.overspent else None for line in lines],
            )
        )
        partners = sorted(funding.contributions, key=lambda row: -row.agreed_pence)
        self.contributions_chart.set_data(
            ChartData(
                f"Contributions by partner, {funding.year.label}",
                [row.agency_name for row in partners],
                [
                    Series("Agreed", AGREED_COLOUR, [row.agreed_pence for row in partners]),
                    Series("Received", RECEIVED_COLOUR, [row.received_pence or 0 for row in partners]),
                ],
                ["outstanding" if row.outstanding_pence > 0 else None for row in partners],
            )
        )

    def _show_history(self, year: FinancialYear) -> None:
        history = report.funding_history(self.database, year, HISTORY_YEARS)
        self.history_model.set_rows(history)
        fit_columns(self.history_table)
        self.history_chart.set_data(
            ChartData(
                f"Income, budget and actual, {history[0].year.label} to {year.label}" if history else "Previous years",
                [totals.year.label for totals in history],
                [
                    Series("Income", RECEIVED_COLOUR, [totals.income_pence for totals in history]),
                    Series("Budget", BUDGET_COLOUR, [totals.budget_pence for totals in history]),
                    Series("Actual", SPENT_COLOUR, [totals.actual_pence for totals in history]),
                ],
                ["overspent" if totals.remaining_pence < 0 else None for totals in history],
            )
        )

    # --- editing ---------------------------------------------------------------------------------

    def _after_change(self, message: str) -> None:
        self.stale = False
        self.reload()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 5000)

    def _run_dialog(self, dialog: QDialog, done: Callable[[], None]) -> QDialog:
        """Opens the form window-modal without blocking; `done` runs if it was saved."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def edit_contribution(self, row: report.ContributionRow | None) -> QDialog | None:
        year = self.selected_year()
        if year is None or not self.can_edit():
            return None
        dialog = forms.ContributionDialog(self.database, year, lists.agency_rows(self.database), row, self)
        return self._run_dialog(dialog, lambda: self._after_change("The contribution was saved."))

    def edit_income(self, row: report.IncomeLineRow | None) -> QDialog | None:
        year = self.selected_year()
        if year is None or not self.can_edit():
            return None
        dialog = forms.IncomeDialog(self.database, year, row, self)
        return self._run_dialog(dialog, lambda: self._after_change("The income line was saved."))

    def edit_budget_line(self, row: report.BudgetLineRow | None) -> QDialog | None:
        year = self.selected_year()
        if year is None or not self.can_edit():
            return None
        dialog = forms.BudgetLineDialog(self.database, year, row, self)
        return self._run_dialog(dialog, lambda: self._after_change("The budget line was saved."))

    def edit_spending(self, row: report.ExpenditureRow | None) -> QDialog | None:
        year = self.selected_year()
        if year is None or self.funding is None or not self.can_edit():
            return None
        dialog = forms.ExpenditureDialog(
            self.database, year, self.funding.budget_lines, row, self.line_filter.currentData(), self.today(), self
        )
        return self._run_dialog(dialog, lambda: self._after_change("The spending entry was saved."))

    def _delete(self, question: str, action: Callable[[], None], done: str) -> QMessageBox:
        def confirmed() -> None:
            try:
                action()
            except Exception as error:  # noqa: BLE001 - every failure is told as a sentence
                show_message(self, QMessageBox.Icon.Warning, "Not deleted", describe_failure(error))
                return
            self._after_change(done)

        return ask(self, "Delete", question, "Delete", confirmed)

    def delete_contribution(self) -> QMessageBox | None:
        row = self.contributions.selected()
        if row is None:
            return None
        return self._delete(
            f"Delete the {self.selected_year().label} contribution of {row.agency_name} "
            f"({format_pounds(row.agreed_pence)} agreed)?",
            lambda: service.delete_contribution(self.database, row.id),
            "The contribution was deleted.",
        )

    def delete_income(self) -> QMessageBox | None:
        row = self.income.selected()
        if row is None:
            return None
        return self._delete(
            f"Delete the income line '{row.source}' ({format_pounds(row.amount_pence)})?",
            lambda: service.delete_income_line(self.database, row.id),
            "The income line was deleted.",
        )

    def delete_budget_line(self) -> QMessageBox | None:
        row = self.budget.selected()
        if row is None:
            return None
        return self._delete(
            f"Delete the budget line '{row.name}' ({format_pounds(row.budget_pence)})?",
            lambda: service.delete_budget_line(self.database, row.id),
            "The budget line was deleted.",
        )

    def delete_spending(self) -> QMessageBox | None:
        row = self.spending.selected()
        if row is None:
            return None
        return self._delete(
            f"Delete the spending of {format_pounds(row.amount_pence)} on {format_date(row.spent_on)} "
            f"from '{row.budget_line}'?",
            lambda: service.delete_expenditure(self.database, row.id),
            "The spending entry was deleted.",
        )

    def open_next_year(self) -> QDialog | None:
        if not self.can_edit():
            return None
        year = self._next_year()
        years = report.financial_years(self.database)
        previous = report.funding_for_year(self.database, years[-1]) if years else None
        dialog = forms.OpenYearDialog(self.database, year, previous, self)

        def opened() -> None:
            self._after_change(f"{year.label} is open.")
            self.choose_year(year)

        return self._run_dialog(dialog, opened)

    def open_formula(self) -> QDialog | None:
        year = self.selected_year()
        if year is None or self.funding is None or not self.can_edit():
            return None
        dialog = forms.FormulaDialog(self.database, year, lists.agency_rows(self.database), self.funding, self)
        return self._run_dialog(dialog, lambda: self._after_change("The agreed contributions were saved."))

    # --- exports ---------------------------------------------------------------------------------

    def _last_folder(self) -> str:
        folder = self.settings.value("files/last_folder")
        return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())

    def export(self, what: str) -> None:
        year = self.selected_year()
        if year is None:
            return
        if what == "contributions":
            title, name, filters = (
                "Export the contribution sheet",
                f"contributions-{year.label}.xlsx",
                "Excel workbook (*.xlsx)",
            )
        else:
            title, name = "Export the financial statement", f"financial-statement-{year.label}.xlsx"
            filters = "Excel workbook (*.xlsx);;Word document (*.docx)"
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(Path(self._last_folder()) / name), filters)
        if chosen:
            self.export_to(what, Path(chosen))

    def export_to(self, what: str, path: Path) -> BackgroundJob:
        """Writes the export off the UI thread; the user is told when it is done, or why it failed."""
        from board_admin.exports import write_listed

        year = self.selected_year()
        if what == "contributions":
            path = path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")
        else:
            path = path if path.suffix.lower() in (".xlsx", ".docx") else path.with_suffix(".xlsx")

        def work() -> str:
            return write_listed(self.database, what, path, year=year)

        self.settings.setValue("files/last_folder", str(path.parent))

        def succeeded(_result) -> None:
            self.last_export = path
            show_written(self, "Exported", f"Wrote {path.name} in {path.parent}.", path)

        def failed(error: BaseException) -> None:
            show_message(self, QMessageBox.Icon.Warning, "Not exported", describe_failure(error))

        job = BackgroundJob(self, f"Writing {path.name}…", work, succeeded, failed)
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()
