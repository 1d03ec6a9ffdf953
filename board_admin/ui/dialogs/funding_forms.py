"""The funding forms: a contribution, an income line, a budget line, a spending entry, opening the next
year (with the underspends to carry forward) and the contribution formula (propose, review, save).

Each saves through services/funding; amounts are typed as 1234.5, 1,234.50 or £1,234.50 and a refusal
is shown beside its field, with nothing saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QListView, QPushButton, QTableView, QWidget

from board_admin.db.engine import Database
from board_admin.domain.errors import BoardAdminError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds, parse_pounds
from board_admin.domain.shares import HUNDRED, parse_percentage
from board_admin.reports.funding import BudgetLineRow, ContributionRow, ExpenditureRow, IncomeLineRow, YearFunding
from board_admin.reports.lists import AgencyRow
from board_admin.services import funding as service
from board_admin.ui.date_field import DateField
from board_admin.ui.dialogs.accounts import FormDialog
from board_admin.ui.widgets import configure_table, wrap_long_text

AMOUNT_HINT = "Pounds and pence, e.g. 1234.50, 1,234.50 or £1,234.50"


class AmountField(QLineEdit):
    """Pounds and pence as typed; text that is not an amount is a problem the form tells beside the field
    together with every other, before anything is saved. Whether a blank is allowed is the service's rule."""

    def __init__(self, pence: int | None = None, *, allow_negative: bool = False) -> None:
        super().__init__(_pounds_text(pence))
        self.allow_negative = allow_negative
        self.setPlaceholderText("e.g. 1,234.50")

    def problem(self) -> str | None:
        if not self.text().strip():
            return None
        try:
            parse_pounds(self.text(), allow_negative=self.allow_negative)
        except ValidationError as error:
            return error.message
        return None


def amount_field(pence: int | None = None, *, allow_negative: bool = False) -> AmountField:
    return AmountField(pence, allow_negative=allow_negative)


def _pounds_text(pence: int | None) -> str:
    if pence is None:
        return ""
    return format_pounds(pence).replace("£", "")


# Characters of a long name (an agency, a budget line) that a choice box shows whole.
CHOICE_CHARACTERS = 60


def room_for(field: QWidget) -> int:
    """A form's width with `field` whole beside the labels (the form's fields scroll up and down, never
    sideways, so the form itself must be wide enough; FormDialog caps it at the screen's width)."""
    return field.minimumSizeHint().width() + field.fontMetrics().averageCharWidth() * 24


class ContributionDialog(FormDialog):
    def __init__(
        self,
        database: Database,
        year: FinancialYear,
        agencies: list[AgencyRow],
        row: ContributionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Contribution of {row.agency_name}" if row else "New contribution"
        super().__init__(title, f"A partner agency's contribution for {year.label}.", parent)
        self.database, self.year, self.row = database, year, row
        self.agency = QComboBox()
        for agency in agencies:
            if agency.active or (row and agency.id == row.agency_id):
                self.agency.addItem(agency.name, agency.id)
        # A new contribution has no agency until one is chosen (the first in the list was, and Enter recorded the
        # money against it); the box is wide enough to tell "Cambridgeshire and Peterborough ..." apart.
        self.agency.setPlaceholderText("Choose the partner agency")
        self.agency.setCurrentIndex(self.agency.findData(row.agency_id) if row else -1)
        self.add_field("agency_id", "&Agency:", self.agency)
        self.agency.setMinimumContentsLength(CHOICE_CHARACTERS)  # after add_field, which sets a shorter one
        self.setMinimumWidth(room_for(self.agency))
        self.agreed = self.add_field("agreed", "A&greed:", amount_field(row.agreed_pence if row else None), AMOUNT_HINT)
        self.invoiced_on = self.add_field(
            "invoiced_on",
            "&Invoiced on:",
            DateField(row.invoiced_on if row else None, optional=True),
            "Leave blank if not yet",
        )
        self.received = self.add_field(
            "received", "&Received:", amount_field(row.received_pence if row else None), AMOUNT_HINT
        )
        self.received_on = self.add_field(
            "received_on", "Received &on:", DateField(row.received_on if row else None, optional=True)
        )
        self.in_kind = self.add_field(
            "in_kind",
            "In &kind:",
            QLineEdit(row.in_kind or "" if row else ""),
            "What the agency gives besides money, e.g. meeting rooms",
        )

    def save(self) -> None:
        fields = service.ContributionFields(
            agency_id=self.agency.currentData(),
            agreed=self.agreed.text(),
            invoiced_on=self.invoiced_on.value("invoiced_on"),
            received=self.received.text(),
            received_on=self.received_on.value("received_on"),
            in_kind=self.in_kind.text(),
        )
        if self.row:
            service.update_contribution(self.database, self.row.id, fields, self.row.version)
        else:
            service.create_contribution(self.database, self.year, fields)


class IncomeDialog(FormDialog):
    def __init__(
        self, database: Database, year: FinancialYear, row: IncomeLineRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Edit income" if row else "New income",
            f"Income for {year.label} other than the partners' contributions: training, reserves, grants.",
            parent,
        )
        self.database, self.year, self.row = database, year, row
        self.source = self.add_field("source", "&Source:", QLineEdit(row.source if row else ""))
        self.amount = self.add_field("amount", "&Amount:", amount_field(row.amount_pence if row else None), AMOUNT_HINT)
        self.footnote = self.add_field(
            "footnote", "&Footnote:", QLineEdit(row.footnote or "" if row else ""), "Printed under the statement"
        )

    def save(self) -> None:
        fields = service.IncomeFields(self.source.text(), self.amount.text(), self.footnote.text())
        if self.row:
            service.update_income_line(self.database, self.row.id, fields, self.row.version)
        else:
            service.create_income_line(self.database, self.year, fields)


class BudgetLineDialog(FormDialog):
    def __init__(
        self, database: Database, year: FinancialYear, row: BudgetLineRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Edit budget line" if row else "New budget line", f"A line of the {year.label} budget.", parent
        )
        self.database, self.year, self.row = database, year, row
        self.name = self.add_field("name", "&Name:", QLineEdit(row.name if row else ""), "e.g. Chair expenses")
        self.budget = self.add_field("budget", "&Budget:", amount_field(row.budget_pence if row else None), AMOUNT_HINT)
        self.footnote = self.add_field(
            "footnote", "&Footnote:", QLineEdit(row.footnote or "" if row else ""), "Printed under the statement"
        )

    def save(self) -> None:
        fields = service.BudgetLineFields(self.name.text(), self.budget.text(), self.footnote.text())
        if self.row:
            service.update_budget_line(self.database, self.row.id, fields, self.row.version)
        else:
            service.create_budget_line(self.database, self.year, fields)


class ExpenditureDialog(FormDialog):
    def __init__(
        self,
        database: Database,
        year: FinancialYear,
        lines: tuple[BudgetLineRow, ...],
        row: ExpenditureRow | None = None,
        line_id: int | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Edit spending" if row else "New spending",
            f"Money spent from a budget line in {year.label}. A refund or income credited to the line is "
            "entered as a negative amount, e.g. -250.00.",
            parent,
        )
        self.database, self.year, self.row = database, year, row
        self.line = QComboBox()
        for line in lines:
            self.line.addItem(line.name, line.id)
        chosen = row.budget_line_id if row else line_id
        # No line is chosen for the user (the first one was, and money went on staff costs unnoticed), unless the
        # page shows one line's spending; a letter typed picks a line.
        self.line.setPlaceholderText("Choose the budget line")
        self.line.setCurrentIndex(self.line.findData(chosen) if chosen is not None else -1)
        self.add_field("budget_line_id", "Budget &line:", self.line)
        self.line.setMinimumContentsLength(CHOICE_CHARACTERS)
        self.setMinimumWidth(room_for(self.line))
        default_day = row.spent_on if row else (today if today and today in year else None)
        self.spent_on = self.add_field("spent_on", "&Date:", DateField(default_day, optional=True))
        self.amount = self.add_field(
            "amount",
            "&Amount:",
            amount_field(row.amount_pence if row else None, allow_negative=True),
            AMOUNT_HINT + "; negative for a refund",
        )
        self.description = self.add_field(
            "description", "D&escription:", QLineEdit(row.description or "" if row else "")
        )

    def save(self) -> None:
        spent_on = self.spent_on.value("spent_on")
        fields = service.ExpenditureFields(
            self.line.currentData(), spent_on, self.amount.text(), self.description.text()
        )
        if self.row:
            service.update_expenditure(self.database, self.row.id, fields, self.row.version)
        else:
            service.create_expenditure(self.database, fields)


class OpenYearDialog(FormDialog):
    """Opens the year after the latest: budget lines and agreements copied, chosen underspends carried forward."""

    def __init__(
        self, database: Database, year: FinancialYear, previous: YearFunding | None, parent: QWidget | None = None
    ) -> None:
        if previous is not None and previous.recorded:
            intro = (
                f"Open {year.label} (1 April {year.start_year} to 31 March {year.start_year + 1}). The budget lines "
                f"and the partners' agreed contributions of {previous.year.label} are copied; nothing invoiced, "
                f"received or spent is. Tick the lines whose underspend is carried forward: their total becomes "
                f"the income line \u201c{service.carried_forward_source(previous.year)}\u201d."
            )
        else:
            intro = f"Open {year.label} (1 April {year.start_year} to 31 March {year.start_year + 1}), empty."
        super().__init__(f"Open {year.label}", intro, parent)
        self.database, self.year = database, year
        self.underspends = {row.id: row for row in previous.underspent_lines} if previous else {}
        self.model = QStandardItemModel(self)
        for row in self.underspends.values():
            item = QStandardItem(f"{row.name}: {format_pounds(row.remaining_pence)} unspent")
            item.setData(row.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.model.appendRow(item)
        self.list = QListView()
        self.list.setModel(self.model)
        self.total = QLabel("")
        self.opened: service.OpenedYear | None = None
        if self.underspends:
            self.add_field("carry_forward", "&Carry forward:", self.list, "Tick (Space) each underspend to bring in")
            self.form.addRow("", self.total)
            self.model.itemChanged.connect(lambda _item: self._update_total())
        self._update_total()
        self.buttons.button(self.buttons.StandardButton.Ok).setText(f"&Open {year.label}")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 85)

    def chosen_line_ids(self) -> list[int]:
        items = (self.model.item(row) for row in range(self.model.rowCount()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, line_ids: list[int]) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in line_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_total(self) -> None:
        total = sum(self.underspends[line].remaining_pence for line in self.chosen_line_ids())
        self.total.setText(f"To carry forward: {format_pounds(total)}")

    def save(self) -> None:
        self.opened = service.open_year(self.database, self.year, self.chosen_line_ids())


# --- the contribution formula --------------------------------------------------------------------


class _ShareModel(QAbstractTableModel):
    """Partners (ticked to take part), their percentage (typed) and the proposed amount (after review)."""

    HEADERS = ("Partner", "Percentage", "Proposed amount")

    def __init__(self, agencies: list[AgencyRow], chosen: set[int], parent=None) -> None:
        super().__init__(parent)
        self.agencies = agencies
        self.included = {agency.id: agency.id in chosen for agency in agencies}
        self.percentages: dict[int, str] = {agency.id: "" for agency in agencies}
        self.proposed: dict[int, int] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.agencies)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 1 and self.included[self.agencies[index.row()].id]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.agencies):
            return None
        agency = self.agencies[index.row()]
        included = self.included[agency.id]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return agency.name
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
        if index.column() == 1 and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = self.percentages[agency.id]
            return (f"{text}%" if text and role == Qt.ItemDataRole.DisplayRole else text) if included else ""
        if index.column() == 2 and role == Qt.ItemDataRole.DisplayRole:
            return format_pounds(self.proposed[agency.id]) if included and agency.id in self.proposed else ""
        if index.column() > 0 and role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return "Type the partner's share, e.g. 33.33 (the shares must add up to 100%)"
        return None

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        agency = self.agencies[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.included[agency.id] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            self.percentages[agency.id] = str(value).strip().removesuffix("%").strip()
        else:
            return False
        self.set_proposal({})
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(2))
        return True

    def set_percentage(self, agency_id: int, text: str) -> None:
        self.included[agency_id] = True
        row = next(position for position, agency in enumerate(self.agencies) if agency.id == agency_id)
        self.setData(self.index(row, 1), text)

    def set_proposal(self, proposed: dict[int, int]) -> None:
        self.proposed = proposed
        if self.agencies:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.agencies) - 1, 2))

    def shares(self) -> list[tuple[int, Decimal]]:
        result = []
        for agency in self.agencies:
            if self.included[agency.id]:
                percentage = parse_percentage(self.percentages[agency.id] or "", field="percentages")
                result.append((agency.id, percentage))
        return result

    def percentage_total(self) -> Decimal | None:
        try:
            return sum((percentage for _, percentage in self.shares()), Decimal(0))
        except ValidationError:
            return None


class FormulaDialog(FormDialog):
    """Split a total across the chosen partners by agreed percentages; review the amounts, then save them."""

    def __init__(
        self,
        database: Database,
        year: FinancialYear,
        agencies: list[AgencyRow],
        funding: YearFunding,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Contribution formula",
            f"Share a total for {year.label} across the partners by agreed percentages, which must add up to "
            "100%. Each share is rounded down to the penny and the pennies left over go to the largest "
            "remainders, so the amounts add up exactly to the total. Review the proposed amounts, then save "
            "them as the agreed contributions.",
            parent,
        )
        self.database, self.year = database, year
        chosen = {row.agency_id for row in funding.contributions}
        # The partners who contribute this year first, then the other agencies that could.
        shown = sorted(
            (agency for agency in agencies if agency.active or agency.id in chosen),
            key=lambda agency: (agency.id not in chosen, agency.name.casefold()),
        )
        self.total = self.add_field(
            "total", "&Total to share:", amount_field(funding.agreed_pence or None), AMOUNT_HINT
        )
        self.model = _ShareModel(shown, chosen, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, "Partners and their percentages")
        wrap_long_text(self.table)  # a long agency name wraps beside its tick box
        self.table.setSortingEnabled(False)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.setMinimumHeight(self.fontMetrics().height() * 16)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * 18)
        self.add_field(
            "percentages", "&Partners:", self.table, "Tick the partners who share the total; type each percentage"
        )
        self.percent_total = QLabel("")
        self.form.addRow("", self.percent_total)
        self.propose_button = QPushButton("&Propose amounts")
        self.propose_button.setToolTip("Work out each partner's amount for you to review; nothing is saved yet")
        self.propose_button.clicked.connect(self.propose)
        self.form.addRow("", self.propose_button)
        self.proposal: list[service.ProposedShare] | None = None
        self.saved = 0
        self.ok_button = self.buttons.button(self.buttons.StandardButton.Ok)
        self.ok_button.setText("&Save agreed amounts")
        self.ok_button.setToolTip("Saves the reviewed amounts as the partners' agreed contributions")
        self.model.dataChanged.connect(lambda *_: self._inputs_changed())
        self.total.textEdited.connect(lambda _text: self._total_changed())
        self._inputs_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)

    def _total_changed(self) -> None:
        self.model.set_proposal({})
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        if self.proposal is not None and {s.agency_id: s.amount_pence for s in self.proposal} != self.model.proposed:
            self.proposal = None
        self.ok_button.setEnabled(self.proposal is not None)
        total = self.model.percentage_total()
        if total is None:
            self.percent_total.setText("Type a percentage (like 33.33) for each ticked partner.")
        elif total == HUNDRED:
            self.percent_total.setText("The percentages add up to 100%.")
        else:
            self.percent_total.setText(f"The percentages add up to {total.normalize():f}% (they must make 100%).")

    def propose(self) -> None:
        self.clear_errors()
        try:
            self.proposal = service.propose_shares(self.total.text(), self.model.shares())
        except BoardAdminError as error:
            self.proposal = None
            self.model.set_proposal({})
            self.show_error(error)
            self._inputs_changed()
            return
        self.model.set_proposal({share.agency_id: share.amount_pence for share in self.proposal})
        self._inputs_changed()

    def save(self) -> None:
        if self.proposal is None:
            raise ValidationError("Propose the amounts and review them before saving.", "percentages")
        self.saved = service.apply_contribution_formula(self.database, self.year, self.proposal)
