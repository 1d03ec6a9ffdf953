"""Funding: for a financial year, the partners' contributions, other income and the budget against actuals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.reports import lists
from board_admin.reports.lists import YearFunding
from board_admin.ui.pages.base import Page
from board_admin.ui.table_model import (
    RIGHT,
    Column,
    RowTableModel,
    SearchFilterProxyModel,
    money_column,
    text_column,
)
from board_admin.ui.widgets import fit_columns, labelled, make_table, scaled_font, toolbar_row

WIDE_LAYOUT_CHARACTERS = 190


def received_text(row: lists.ContributionRow) -> str:
    if row.received_pence is None:
        return "Not yet received"
    return format_pounds(row.received_pence)


def contribution_tooltip(row: lists.ContributionRow) -> str | None:
    notes = []
    if row.invoiced_on:
        notes.append(f"Invoiced {format_date(row.invoiced_on)}")
    if row.received_on:
        notes.append(f"Received {format_date(row.received_on)}")
    if row.in_kind:
        notes.append(f"In kind: {row.in_kind}")
    return "; ".join(notes) or None


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
CONTRIBUTION_COLUMNS = (CONTRIBUTION_AGENCY, CONTRIBUTION_AGREED, CONTRIBUTION_RECEIVED, CONTRIBUTION_OUTSTANDING)

INCOME_SOURCE = text_column("Source", lambda row: row.source, stretch=True)
INCOME_AMOUNT = money_column("Amount", lambda row: row.amount_pence)
INCOME_COLUMNS = (INCOME_SOURCE, INCOME_AMOUNT)

LINE_NAME = text_column("Budget line", lambda row: row.name, stretch=True)
LINE_BUDGET = money_column("Budget", lambda row: row.budget_pence)
LINE_ACTUAL = money_column("Actual", lambda row: row.actual_pence, description="The sum of the spending on the line")
LINE_REMAINING = money_column(
    "Remaining",
    lambda row: row.remaining_pence,
    warn=lambda row: row.remaining_pence < 0,
    description="Budget less actual; negative when the line is overspent",
)
LINE_COLUMNS = (LINE_NAME, LINE_BUDGET, LINE_ACTUAL, LINE_REMAINING)


class _Section(QGroupBox):
    """A titled, sortable table with its totals underneath."""

    def __init__(self, title: str, columns, accessible_name: str) -> None:
        super().__init__(title)
        self.model = RowTableModel(columns, self)
        self.proxy = SearchFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table: QTableView = make_table(self.proxy, accessible_name)
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)

    def set_rows(self, rows, totals: str) -> None:
        self.model.set_rows(rows)
        self.totals.setText(totals)
        self.totals.setAccessibleName(totals)
        fit_columns(self.table)


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
        self.layout_.addLayout(toolbar_row(labelled("Financial &year:", self.year_picker), self.year_picker))

        summary = QWidget()
        grid = QGridLayout(summary)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(32)
        self.figures: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(
            [("income", "Total income"), ("budget", "Budget"), ("actual", "Spent"), ("remaining", "Remaining")]
        ):
            heading = QLabel(caption)
            figure = QLabel("")
            figure.setFont(scaled_font(figure, 1.6, bold=True))
            figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            heading.setBuddy(figure)
            detail = QLabel("")
            grid.addWidget(heading, 0, column)
            grid.addWidget(figure, 1, column)
            grid.addWidget(detail, 2, column)
            self.figures[key] = figure
            self.details[key] = detail
        grid.setColumnStretch(4, 1)
        self.layout_.addWidget(summary)

        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.empty)

        self.contributions = _Section("Contributions from partner agencies", CONTRIBUTION_COLUMNS, "Contributions")
        self.income = _Section("Other income", INCOME_COLUMNS, "Other income")
        self.budget = _Section("Budget lines", LINE_COLUMNS, "Budget lines")
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(self.budget)
        right.addWidget(self.income)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.contributions)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)
        self.right_splitter = right
        for splitter, key in [(self.splitter, "funding/splitter"), (right, "funding/right_splitter")]:
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)
        self.funding: YearFunding | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        # Side by side when there is room for agency names and four amounts in each half; else one above
        # the other (a small screen, or large text or display scaling).
        wide = self.width() >= self.fontMetrics().averageCharWidth() * WIDE_LAYOUT_CHARACTERS
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.right_splitter.setOrientation(Qt.Orientation.Vertical if wide else Qt.Orientation.Horizontal)
        super().resizeEvent(event)

    def save_state(self) -> None:
        self.settings.setValue("funding/splitter", self.splitter.saveState())
        self.settings.setValue("funding/right_splitter", self.right_splitter.saveState())

    def reload(self) -> None:
        years = lists.financial_years(self.database)
        chosen = self.year_picker.currentData()
        current = FinancialYear.containing(self.today())
        self.year_picker.blockSignals(True)
        self.year_picker.clear()
        for year in reversed(years):
            self.year_picker.addItem(year.label, year)
        if chosen is None:
            chosen = current if current in years else (years[-1] if years else None)
        self.year_picker.setCurrentIndex(max(0, self.year_picker.findText(chosen.label)) if chosen else -1)
        self.year_picker.blockSignals(False)
        self._show_year()

    def selected_year(self) -> FinancialYear | None:
        return self.year_picker.currentData()

    def _show_year(self) -> None:
        year = self.selected_year()
        has_year = year is not None
        self.splitter.setVisible(has_year)
        self.year_picker.setEnabled(has_year)
        if not has_year:
            self.funding = None
            self.empty.setText(
                "No financial year has been recorded yet. Contributions, other income and the budget are "
                "recorded per financial year, which runs from 1 April to 31 March."
            )
            self.empty.show()
            for figure in self.figures.values():
                figure.setText("–")
            for detail in self.details.values():
                detail.setText("")
            return
        funding = lists.funding_for_year(self.database, year)
        self.funding = funding
        nothing = not (funding.contributions or funding.income_lines or funding.budget_lines)
        self.empty.setText(f"Nothing has been recorded for {year.label} yet.")
        self.empty.setVisible(nothing)
        self.figures["income"].setText(format_pounds(funding.income_pence))
        self.figures["budget"].setText(format_pounds(funding.budget_pence))
        self.figures["actual"].setText(format_pounds(funding.actual_pence))
        remaining = format_pounds(funding.remaining_pence)
        self.figures["remaining"].setText(remaining if funding.remaining_pence >= 0 else f"{remaining} (overspent)")
        self.details["income"].setText(
            f"contributions {format_pounds(funding.agreed_pence)}, other {format_pounds(funding.other_income_pence)}"
        )
        lines = len(funding.budget_lines)
        self.details["budget"].setText(f"{lines} budget line{'s' if lines != 1 else ''}")
        self.details["actual"].setText(
            f"{funding.actual_pence / funding.budget_pence:.0%} of the budget" if funding.budget_pence else ""
        )
        if funding.remaining_pence < 0:
            self.details["remaining"].setText("more has been spent than the budget")
        elif funding.budget_pence:
            self.details["remaining"].setText(
                f"{funding.remaining_pence / funding.budget_pence:.0%} of the budget left"
            )
        else:
            self.details["remaining"].setText("")
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
        self.budget.set_rows(
            funding.budget_lines,
            f"Total budget {format_pounds(funding.budget_pence)}; actual {format_pounds(funding.actual_pence)}; "
            f"remaining {format_pounds(funding.remaining_pence)}.",
        )
