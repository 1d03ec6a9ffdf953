"""The money of a financial year, for the funding screen and the finance exports alike (one source of truth).

`funding_for_year` is the year's statement (seed 004 Appendix 6): partner contributions, other income,
budget lines with their actuals; `funding_history` compares the totals of the years up to a year;
`expenditure_rows` lists the spending entries behind the actuals. Money is whole pence throughout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import (
    Agency,
    BudgetLine,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    IncomeLine,
)
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import CONTRIBUTIONS_SOURCE, is_contributions_source

# Footnote marks, in the order the lines carrying a footnote appear on the statement.
FOOTNOTE_MARKS = ("*", "**", "***", "†", "‡")


def actual_heading(year: FinancialYear, today: dt.date | None = None) -> str:
    """The statement's actual column: the whole year once it has ended, else the actuals so far."""
    today = today or dt.date.today()
    if today > year.end:
        return f"Actual to end March {year.start_year + 1}"
    return f"Actual to date ({today:%d/%m/%Y})"


def _pence(value: object) -> int:
    # PostgreSQL's SUM of a bigint is a numeric (Decimal); pence are whole numbers either way.
    return int(value or 0)


def financial_years(database: Database) -> list[FinancialYear]:
    """The financial years opened for money, oldest first."""
    query = select(FinancialYearRecord.start_year).order_by(FinancialYearRecord.start_year)
    with database.session() as session:
        return [FinancialYear(start) for start in session.scalars(query)]


@dataclass(frozen=True)
class ContributionRow:
    id: int
    agency_id: int
    agency_name: str
    agreed_pence: int
    invoiced_on: dt.date | None
    received_pence: int | None
    received_on: dt.date | None
    in_kind: str | None
    version: int = 1

    @property
    def outstanding_pence(self) -> int:
        """Agreed less received; negative when an agency paid more than agreed."""
        return self.agreed_pence - (self.received_pence or 0)

    @property
    def outstanding_text(self) -> str:
        """What the screen and the sheet say besides the amount, so that colour is never the only sign."""
        if self.outstanding_pence > 0:
            return "Not yet received" if not self.received_pence else "Part paid"
        if self.outstanding_pence < 0:
            return "Paid more than agreed"
        return "Paid in full"


@dataclass(frozen=True)
class IncomeLineRow:
    id: int
    source: str
    amount_pence: int
    version: int = 1
    footnote: str | None = None

    @property
    def is_contributions(self) -> bool:
        return is_contributions_source(self.source)


@dataclass(frozen=True)
class BudgetLineRow:
    id: int
    name: str
    budget_pence: int
    actual_pence: int
    version: int = 1
    entries: int = 0
    footnote: str | None = None

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.actual_pence

    @property
    def overspent(self) -> bool:
        return self.remaining_pence < 0


@dataclass(frozen=True)
class YearFunding:
    """A financial year's money: partner contributions, other income and budget lines with their actuals."""

    year: FinancialYear
    recorded: bool
    contributions: tuple[ContributionRow, ...]
    income_lines: tuple[IncomeLineRow, ...]
    budget_lines: tuple[BudgetLineRow, ...]

    @property
    def agreed_pence(self) -> int:
        return sum(row.agreed_pence for row in self.contributions)

    @property
    def received_pence(self) -> int:
        return sum(row.received_pence or 0 for row in self.contributions)

    @property
    def outstanding_pence(self) -> int:
        return sum(row.outstanding_pence for row in self.contributions)

    @property
    def partner_contributions_pence(self) -> int:
        """The partners' contributions: the per-agency figures agreed, or else the income line holding them."""
        if self.contributions:
            return self.agreed_pence
        return sum(row.amount_pence for row in self.income_lines if row.is_contributions)

    @property
    def other_income_pence(self) -> int:
        """Income other than the partners' contributions (training, reserves, grants)."""
        return sum(row.amount_pence for row in self.income_lines if not row.is_contributions)

    @property
    def income_pence(self) -> int:
        """Total income: the partners' contributions plus every other income line."""
        return self.partner_contributions_pence + self.other_income_pence

    @property
    def income_by_source(self) -> tuple[tuple[str, int], ...]:
        """The statement's income row: contributions first, then each other source (seed 004 Appendix 6).
        The contributions come from the per-agency figures or from an income line, never both; a year with
        neither has no contributions line (never one at £0.00)."""
        return tuple((source, amount) for source, amount, _note in self.income_with_footnotes)

    @property
    def income_with_footnotes(self) -> tuple[tuple[str, int, str | None], ...]:
        lines: list[tuple[str, int, str | None]] = []
        if self.contributions:
            lines.append((CONTRIBUTIONS_SOURCE, self.agreed_pence, None))
        lines += [(row.source, row.amount_pence, row.footnote) for row in self.income_lines if row.is_contributions]
        lines += [(row.source, row.amount_pence, row.footnote) for row in self.income_lines if not row.is_contributions]
        return tuple(lines)

    @property
    def footnotes(self) -> tuple[tuple[str, str], ...]:
        """(mark, text) of every footnote, income lines first then budget lines, as printed under the tables."""
        notes = [note for _source, _amount, note in self.income_with_footnotes if note]
        notes += [line.footnote for line in self.budget_lines if line.footnote]
        return tuple((_mark(index), _note_text(note)) for index, note in enumerate(notes))

    def footnote_mark(self, note: str | None) -> str:
        """The mark a line with footnote `note` carries after its name ("" for none)."""
        if not note:
            return ""
        notes = [text for _source, _amount, text in self.income_with_footnotes if text]
        notes += [line.footnote for line in self.budget_lines if line.footnote]
        return _mark(notes.index(note))

    @property
    def budget_pence(self) -> int:
        return sum(row.budget_pence for row in self.budget_lines)

    @property
    def actual_pence(self) -> int:
        return sum(row.actual_pence for row in self.budget_lines)

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.actual_pence

    @property
    def overspent_lines(self) -> tuple[BudgetLineRow, ...]:
        return tuple(row for row in self.budget_lines if row.overspent)

    @property
    def underspent_lines(self) -> tuple[BudgetLineRow, ...]:
        """The lines with money left, which may be carried forward into the next year."""
        return tuple(row for row in self.budget_lines if row.remaining_pence > 0)


def _mark(index: int) -> str:
    return FOOTNOTE_MARKS[index] if index < len(FOOTNOTE_MARKS) else f"({index + 1})"


def _note_text(note: str) -> str:
    """The footnote without the mark the user may have typed in front of it ("*income from training...")."""
    return note.lstrip("*†‡ ").strip()


def _year_id(session, year: FinancialYear) -> int | None:
    return session.scalar(select(FinancialYearRecord.id).where(FinancialYearRecord.start_year == year.start_year))


def funding_for_year(database: Database, year: FinancialYear) -> YearFunding:
    """The year's contributions (by agency), other income and budget lines (in the order entered)."""
    with database.session() as session:
        year_id = _year_id(session, year)
        if year_id is None:
            return YearFunding(year, recorded=False, contributions=(), income_lines=(), budget_lines=())
        contributions = session.execute(
            select(
                Contribution.id,
                Contribution.agency_id,
                Agency.name,
                Contribution.agreed_pence,
                Contribution.invoiced_on,
                Contribution.received_pence,
                Contribution.received_on,
                Contribution.in_kind,
                Contribution.version,
            )
            .join(Agency, Agency.id == Contribution.agency_id)
            .where(Contribution.year_id == year_id)
            .order_by(func.lower(Agency.name))
        ).all()
        income = session.execute(
            select(IncomeLine.id, IncomeLine.source, IncomeLine.amount_pence, IncomeLine.version, IncomeLine.footnote)
            .where(IncomeLine.year_id == year_id)
            .order_by(IncomeLine.id)
        ).all()
        spent = (
            select(
                Expenditure.budget_line_id,
                func.sum(Expenditure.amount_pence).label("spent"),
                func.count(Expenditure.id).label("entries"),
            )
            .group_by(Expenditure.budget_line_id)
            .subquery()
        )
        lines = session.execute(
            select(
                BudgetLine.id,
                BudgetLine.name,
                BudgetLine.budget_pence,
                spent.c.spent,
                BudgetLine.version,
                spent.c.entries,
                BudgetLine.footnote,
            )
            .outerjoin(spent, spent.c.budget_line_id == BudgetLine.id)
            .where(BudgetLine.year_id == year_id)
            .order_by(BudgetLine.id)
        ).all()
    return YearFunding(
        year,
        recorded=True,
        contributions=tuple(
            ContributionRow(
                id=row[0],
                agency_id=row[1],
                agency_name=row[2],
                agreed_pence=_pence(row[3]),
                invoiced_on=row[4],
                received_pence=None if row[5] is None else _pence(row[5]),
                received_on=row[6],
                in_kind=row[7],
                version=row[8],
            )
            for row in contributions
        ),
        income_lines=tuple(IncomeLineRow(row[0], row[1], _pence(row[2]), row[3], row[4]) for row in income),
        budget_lines=tuple(
            BudgetLineRow(row[0], row[1], _pence(row[2]), _pence(row[3]), row[4], int(row[5] or 0), row[6])
            for row in lines
        ),
    )


# --- spending entries ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenditureRow:
    id: int
    budget_line_id: int
    budget_line: str
    spent_on: dt.date
    description: str | None
    amount_pence: int
    version: int = 1


def expenditure_rows(database: Database, year: FinancialYear) -> list[ExpenditureRow]:
    """Every spending entry of the year, by date (then line and entry order)."""
    query = (
        select(
            Expenditure.id,
            BudgetLine.id,
            BudgetLine.name,
            Expenditure.spent_on,
            Expenditure.description,
            Expenditure.amount_pence,
            Expenditure.version,
        )
        .join(BudgetLine, BudgetLine.id == Expenditure.budget_line_id)
        .join(FinancialYearRecord, FinancialYearRecord.id == BudgetLine.year_id)
        .where(FinancialYearRecord.start_year == year.start_year)
        .order_by(Expenditure.spent_on, BudgetLine.id, Expenditure.id)
    )
    with database.session() as session:
        rows = session.execute(query).all()
    return [ExpenditureRow(row[0], row[1], row[2], row[3], row[4], _pence(row[5]), row[6]) for row in rows]


# --- comparison with previous years --------------------------------------------------------------


@dataclass(frozen=True)
class YearTotals:
    """One year's totals, for comparing years side by side."""

    year: FinancialYear
    agreed_pence: int
    received_pence: int
    other_income_pence: int
    budget_pence: int
    actual_pence: int

    @property
    def income_pence(self) -> int:
        return self.agreed_pence + self.other_income_pence

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.actual_pence


def funding_history(database: Database, up_to: FinancialYear, years: int = 5) -> list[YearTotals]:
    """The totals of the recorded years up to and including `up_to` (at most `years` of them), oldest first."""
    first = up_to.start_year - years + 1
    in_range = FinancialYearRecord.start_year.between(first, up_to.start_year)
    with database.session() as session:
        recorded = dict(
            session.execute(select(FinancialYearRecord.id, FinancialYearRecord.start_year).where(in_range)).all()
        )
        contributions = {
            row[0]: (row[1], row[2])
            for row in session.execute(
                select(Contribution.year_id, func.sum(Contribution.agreed_pence), func.sum(Contribution.received_pence))
                .join(FinancialYearRecord, FinancialYearRecord.id == Contribution.year_id)
                .where(in_range)
                .group_by(Contribution.year_id)
            )
        }
        # A year kept without per-agency figures has its contributions as an income line (never both).
        income: dict[int, int] = {}
        contributions_line: dict[int, int] = {}
        for year_id, source, amount in session.execute(
            select(IncomeLine.year_id, IncomeLine.source, IncomeLine.amount_pence)
            .join(FinancialYearRecord, FinancialYearRecord.id == IncomeLine.year_id)
            .where(in_range)
        ):
            kind = contributions_line if is_contributions_source(source) else income
            kind[year_id] = kind.get(year_id, 0) + _pence(amount)
        budgets = dict(
            session.execute(
                select(BudgetLine.year_id, func.sum(BudgetLine.budget_pence))
                .join(FinancialYearRecord, FinancialYearRecord.id == BudgetLine.year_id)
                .where(in_range)
                .group_by(BudgetLine.year_id)
            ).all()
        )
        actuals = dict(
            session.execute(
                select(BudgetLine.year_id, func.sum(Expenditure.amount_pence))
                .join(BudgetLine, BudgetLine.id == Expenditure.budget_line_id)
                .join(FinancialYearRecord, FinancialYearRecord.id == BudgetLine.year_id)
                .where(in_range)
                .group_by(BudgetLine.year_id)
            ).all()
        )
    return [
        YearTotals(
            FinancialYear(start),
            agreed_pence=_pence(contributions.get(year_id, (0, 0))[0]) or contributions_line.get(year_id, 0),
            received_pence=_pence(contributions.get(year_id, (0, 0))[1]),
            other_income_pence=_pence(income.get(year_id)),
            budget_pence=_pence(budgets.get(year_id)),
            actual_pence=_pence(actuals.get(year_id)),
        )
        for year_id, start in sorted(recorded.items(), key=lambda item: item[1])
    ]
