"""Keeping the money: financial years, partner contributions, other income, budget lines and spending.

Each public function is one use case in one transaction, under Permission.EDIT_FUNDING. Amounts come in
as whole pence (int) or as the text a person typed (`1234.5`, `1,234.50`, `£1,234.50`), parsed here so
that every screen and script gets the same rules and the same messages, each naming its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import Agency, BudgetLine, Contribution, Expenditure, FinancialYearRecord, IncomeLine
from board_admin.domain import funding as money_rules
from board_admin.domain.dates import format_date
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import CONTRIBUTIONS_SOURCE, format_pounds, is_contributions_source, parse_pounds
from board_admin.domain.permissions import Permission
from board_admin.domain.shares import split_by_percentages
from board_admin.services.structure import check_version, clean_text, get_or_fail, refuse_if_used
from board_admin.services.uow import UnitOfWork

NAME_LIMIT = 200
# Far beyond any partnership's budget, and well inside a 64-bit column.
LARGEST_PENCE = 10_000_000_000_00

Amount = int | str


def amount_in_pence(value: Amount | None, field: str, label: str, *, allow_negative: bool = False) -> int:
    """Pence from an int of pence or typed text; a missing, negative (unless allowed) or too large amount
    raises ValidationError naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"Enter {label}.", field)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{label[0].upper()}{label[1:]} must be an amount in pounds and pence.", field)
    pence = parse_pounds(value, field=field, allow_negative=allow_negative) if isinstance(value, str) else value
    if pence < 0 and not allow_negative:
        raise ValidationError(f"{label[0].upper()}{label[1:]} cannot be negative.", field)
    if abs(pence) >= LARGEST_PENCE:
        raise ValidationError(f"{format_pounds(pence)} is too large for {label}.", field)
    return pence


def optional_amount(value: Amount | None, field: str, label: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return amount_in_pence(value, field, label)


def year_record(session: Session, year: FinancialYear) -> FinancialYearRecord:
    record = session.scalar(select(FinancialYearRecord).where(FinancialYearRecord.start_year == year.start_year))
    if record is None:
        raise ValidationError(f"The financial year {year.label} has not been opened yet.", "year")
    return record


def _year_of(session: Session, year_id: int) -> FinancialYear:
    return FinancialYear(get_or_fail(session, FinancialYearRecord, year_id, "financial year").start_year)


# --- financial years -----------------------------------------------------------------------------


def carried_forward_source(previous: FinancialYear) -> str:
    return f"Carried forward from {previous.label}"


@dataclass(frozen=True)
class OpenedYear:
    year: FinancialYear
    budget_lines: int
    contributions: int
    carried_forward_pence: int


def open_year(db: Database, year: FinancialYear, carry_forward_line_ids: Collection[int] = ()) -> OpenedYear:
    """Opens `year`. When the year before it is recorded, its budget lines (with their budgets) and its
    contribution agreements (agreed amounts, not what was invoiced or paid) are copied, and the underspend
    of the chosen budget lines is brought in as one income line "Carried forward from <previous year>"."""
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        session = uow.session
        if session.scalar(select(FinancialYearRecord.id).where(FinancialYearRecord.start_year == year.start_year)):
            raise ValidationError(f"The financial year {year.label} is already open.", "year")
        previous = session.scalar(
            select(FinancialYearRecord).where(FinancialYearRecord.start_year == year.start_year - 1)
        )
        if carry_forward_line_ids and previous is None:
            raise ValidationError(
                f"There is nothing to carry forward: {year.previous().label} has not been recorded.", "carry_forward"
            )
        record = FinancialYearRecord(start_year=year.start_year, label=year.label)
        session.add(record)
        uow.flush()
        lines = contributions = carried = 0
        if previous is not None:
            old_lines = session.scalars(
                select(BudgetLine).where(BudgetLine.year_id == previous.id).order_by(BudgetLine.id)
            ).all()
            chosen = set(carry_forward_line_ids)
            unknown = chosen - {line.id for line in old_lines}
            if unknown:
                raise ValidationError(
                    f"Only budget lines of {previous.label} can be carried forward into {year.label}.", "carry_forward"
                )
            spent = dict(
                session.execute(
                    select(Expenditure.budget_line_id, func.sum(Expenditure.amount_pence))
                    .where(Expenditure.budget_line_id.in_([line.id for line in old_lines]))
                    .group_by(Expenditure.budget_line_id)
                ).all()
            )
            for line in old_lines:
                session.add(BudgetLine(year_id=record.id, name=line.name, budget_pence=line.budget_pence))
                lines += 1
                if line.id in chosen:
                    remaining = line.budget_pence - int(spent.get(line.id) or 0)
                    if remaining <= 0:
                        raise ValidationError(
                            f"'{line.name}' has no underspend in {previous.label} to carry forward.", "carry_forward"
                        )
                    carried += remaining
            for old in session.scalars(select(Contribution).where(Contribution.year_id == previous.id)):
                session.add(Contribution(year_id=record.id, agency_id=old.agency_id, agreed_pence=old.agreed_pence))
                contributions += 1
            if carried:
                source = carried_forward_source(FinancialYear(previous.start_year))
                session.add(IncomeLine(year_id=record.id, source=source, amount_pence=carried))
        uow.commit()
        return OpenedYear(year, lines, contributions, carried)


# --- contributions -------------------------------------------------------------------------------


@dataclass
class ContributionFields:
    agency_id: int | None
    agreed: Amount | None
    invoiced_on: dt.date | None = None
    received: Amount | None = None
    received_on: dt.date | None = None
    in_kind: str | None = None


def _check_in_year(day: dt.date | None, year: FinancialYear, field: str, what: str, *, slack_days: int = 0) -> None:
    problem = money_rules.outside_year(what, day, year, slack_days=slack_days)
    if problem:
        raise ValidationError(problem, field)


def _apply_contribution(session: Session, contribution: Contribution, year_id: int, fields: ContributionFields) -> None:
    year = _year_of(session, year_id)
    if fields.agency_id is None:
        raise ValidationError("Choose the partner agency.", "agency_id")
    agency = session.get(Agency, fields.agency_id)
    if agency is None:
        raise ValidationError("The chosen agency no longer exists.", "agency_id")
    duplicate = session.scalar(
        select(Contribution.id).where(
            Contribution.year_id == year_id,
            Contribution.agency_id == agency.id,
            Contribution.id != (contribution.id or -1),
        )
    )
    if duplicate is not None:
        raise ValidationError(f"{agency.name} already has a contribution for {year.label}; edit that one.", "agency_id")
    _refuse_both_kinds_of_contributions(session, year_id, year, per_agency=True)
    agreed = amount_in_pence(fields.agreed, "agreed", "the amount agreed")
    received = optional_amount(fields.received, "received", "the amount received")
    if received is None and fields.received_on is not None:
        raise ValidationError("Enter the amount received on that date, or clear the date.", "received")
    if received is not None and fields.received_on is None:
        raise ValidationError("Enter the date the payment was received.", "received_on")
    # Invoices and payments may fall a little either side of the year (raised in March, paid in April).
    _check_in_year(
        fields.invoiced_on, year, "invoiced_on", "The invoice date", slack_days=money_rules.INVOICE_SLACK_DAYS
    )
    _check_in_year(
        fields.received_on, year, "received_on", "The date received", slack_days=money_rules.PAYMENT_SLACK_DAYS
    )
    if fields.invoiced_on and fields.received_on and fields.received_on < fields.invoiced_on:
        raise ValidationError(
            f"The date received ({format_date(fields.received_on)}) is before the invoice date "
            f"({format_date(fields.invoiced_on)}).",
            "received_on",
        )
    contribution.year_id = year_id
    contribution.agency_id = agency.id
    contribution.agreed_pence = agreed
    contribution.invoiced_on = fields.invoiced_on
    contribution.received_pence = received
    contribution.received_on = fields.received_on
    contribution.in_kind = clean_text(fields.in_kind, "in_kind", "The in-kind description", required=False, limit=2000)


def create_contribution(db: Database, year: FinancialYear, fields: ContributionFields) -> int:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        contribution = Contribution()
        _apply_contribution(uow.session, contribution, year_record(uow.session, year).id, fields)
        uow.session.add(contribution)
        uow.commit()
        return contribution.id


def update_contribution(
    db: Database, contribution_id: int, fields: ContributionFields, version: int | None = None
) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        contribution = get_or_fail(uow.session, Contribution, contribution_id, "contribution")
        check_version(contribution, version, "contribution")
        _apply_contribution(uow.session, contribution, contribution.year_id, fields)
        uow.commit()


def delete_contribution(db: Database, contribution_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        uow.session.delete(get_or_fail(uow.session, Contribution, contribution_id, "contribution"))
        uow.commit()


# --- the contribution formula --------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedShare:
    agency_id: int
    percentage: Decimal
    amount_pence: int


def propose_shares(total: Amount, shares: Sequence[tuple[int, Decimal]]) -> list[ProposedShare]:
    """The amounts the formula gives each partner, for the user to review before they are saved.

    `shares` are (agency id, percentage) pairs; the percentages must add up to 100.
    """
    total_pence = amount_in_pence(total, "total", "the total to share")
    agencies = [agency_id for agency_id, _ in shares]
    if len(set(agencies)) != len(agencies):
        raise ValidationError("A partner is listed twice; give each partner one percentage.", "percentages")
    amounts = split_by_percentages(total_pence, [percentage for _, percentage in shares])
    return [
        ProposedShare(agency_id, percentage, amount)
        for (agency_id, percentage), amount in zip(shares, amounts, strict=True)
    ]


def apply_contribution_formula(db: Database, year: FinancialYear, proposal: Sequence[ProposedShare]) -> int:
    """Saves reviewed proposed amounts as the partners' agreed contributions for the year (creating a
    contribution where a partner has none, keeping what was invoiced or received); returns how many."""
    db.actor.require(Permission.EDIT_FUNDING)  # before any work on the proposal, whoever calls
    check = split_by_percentages(sum(share.amount_pence for share in proposal), [s.percentage for s in proposal])
    if check != [share.amount_pence for share in proposal]:
        raise ValidationError("The proposed amounts do not follow the percentages; propose them again.", "percentages")
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        record = year_record(uow.session, year)
        _refuse_both_kinds_of_contributions(uow.session, record.id, year, per_agency=True)
        existing = {
            contribution.agency_id: contribution
            for contribution in uow.session.scalars(select(Contribution).where(Contribution.year_id == record.id))
        }
        for share in proposal:
            if uow.session.get(Agency, share.agency_id) is None:
                raise ValidationError("One of the chosen agencies no longer exists.", "percentages")
            contribution = existing.get(share.agency_id)
            if contribution is None:
                uow.session.add(
                    Contribution(year_id=record.id, agency_id=share.agency_id, agreed_pence=share.amount_pence)
                )
            else:
                contribution.agreed_pence = share.amount_pence
        uow.commit()
        return len(proposal)


# --- other income --------------------------------------------------------------------------------


@dataclass
class IncomeFields:
    source: str
    amount: Amount | None
    footnote: str | None = None


def _refuse_both_kinds_of_contributions(session: Session, year_id: int, year: FinancialYear, *, per_agency: bool):
    """A year's partner contributions are either per agency or one income line of that kind, never both, so the
    statement never counts them twice nor shows a second contributions line."""
    if per_agency:
        sources = session.scalars(select(IncomeLine.source).where(IncomeLine.year_id == year_id))
        if any(is_contributions_source(source) for source in sources):
            raise ValidationError(
                f"{year.label} records the partners' contributions as the income line '{CONTRIBUTIONS_SOURCE}'; "
                "delete that line before recording contributions agency by agency.",
                "agency_id",
            )
    elif session.scalar(select(func.count(Contribution.id)).where(Contribution.year_id == year_id)):
        raise ValidationError(
            f"{year.label} records the partners' contributions agency by agency; they cannot also be an income "
            f"line '{CONTRIBUTIONS_SOURCE}'.",
            "source",
        )


def _apply_income(session: Session, line: IncomeLine, year_id: int, fields: IncomeFields) -> None:
    source = clean_text(fields.source, "source", "The source of the income", required=True, limit=NAME_LIMIT)
    duplicate = session.scalar(
        select(IncomeLine.id).where(
            IncomeLine.year_id == year_id,
            func.lower(IncomeLine.source) == source.lower(),
            IncomeLine.id != (line.id or -1),
        )
    )
    if duplicate is not None:
        raise ValidationError(f"There is already an income line '{source}' this year; edit that one.", "source")
    if is_contributions_source(source):
        _refuse_both_kinds_of_contributions(session, year_id, _year_of(session, year_id), per_agency=False)
    line.year_id = year_id
    line.source = source
    line.amount_pence = amount_in_pence(fields.amount, "amount", "the amount")
    line.footnote = clean_text(fields.footnote, "footnote", "The footnote", required=False, limit=2000)


def create_income_line(db: Database, year: FinancialYear, fields: IncomeFields) -> int:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        line = IncomeLine()
        _apply_income(uow.session, line, year_record(uow.session, year).id, fields)
        uow.session.add(line)
        uow.commit()
        return line.id


def update_income_line(db: Database, line_id: int, fields: IncomeFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        line = get_or_fail(uow.session, IncomeLine, line_id, "income line")
        check_version(line, version, "income line")
        _apply_income(uow.session, line, line.year_id, fields)
        uow.commit()


def delete_income_line(db: Database, line_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        uow.session.delete(get_or_fail(uow.session, IncomeLine, line_id, "income line"))
        uow.commit()


# --- budget lines --------------------------------------------------------------------------------


@dataclass
class BudgetLineFields:
    name: str
    budget: Amount | None
    footnote: str | None = None


def _apply_budget_line(session: Session, line: BudgetLine, year_id: int, fields: BudgetLineFields) -> None:
    name = clean_text(fields.name, "name", "The budget line's name", required=True, limit=NAME_LIMIT)
    duplicate = session.scalar(
        select(BudgetLine.id).where(
            BudgetLine.year_id == year_id, func.lower(BudgetLine.name) == name.lower(), BudgetLine.id != (line.id or -1)
        )
    )
    if duplicate is not None:
        raise ValidationError(f"There is already a budget line '{name}' this year.", "name")
    line.year_id = year_id
    line.name = name
    line.budget_pence = amount_in_pence(fields.budget, "budget", "the budget")
    line.footnote = clean_text(fields.footnote, "footnote", "The footnote", required=False, limit=2000)


def create_budget_line(db: Database, year: FinancialYear, fields: BudgetLineFields) -> int:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        line = BudgetLine()
        _apply_budget_line(uow.session, line, year_record(uow.session, year).id, fields)
        uow.session.add(line)
        uow.commit()
        return line.id


def update_budget_line(db: Database, line_id: int, fields: BudgetLineFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        line = get_or_fail(uow.session, BudgetLine, line_id, "budget line")
        check_version(line, version, "budget line")
        _apply_budget_line(uow.session, line, line.year_id, fields)
        uow.commit()


def delete_budget_line(db: Database, line_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        line = get_or_fail(uow.session, BudgetLine, line_id, "budget line")
        refuse_if_used(
            uow.session,
            [(select(Expenditure.id).where(Expenditure.budget_line_id == line_id), "spending entries")],
            "The budget line",
            line.name,
        )
        uow.session.delete(line)
        uow.commit()


# --- expenditure ---------------------------------------------------------------------------------


@dataclass
class ExpenditureFields:
    budget_line_id: int | None
    spent_on: dt.date | None
    amount: Amount | None
    description: str | None = None


def _apply_expenditure(session: Session, entry: Expenditure, fields: ExpenditureFields) -> None:
    if fields.budget_line_id is None:
        raise ValidationError("Choose the budget line the money was spent from.", "budget_line_id")
    line = session.get(BudgetLine, fields.budget_line_id)
    if line is None:
        raise ValidationError("The chosen budget line no longer exists.", "budget_line_id")
    if fields.spent_on is None:
        raise ValidationError("Enter the date of the spending.", "spent_on")
    _check_in_year(fields.spent_on, _year_of(session, line.year_id), "spent_on", "The date")
    # Negative for a refund or income credited to the line (seed 004: training income).
    amount = amount_in_pence(fields.amount, "amount", "the amount", allow_negative=True)
    if amount == 0:
        raise ValidationError("The amount cannot be £0.00.", "amount")
    entry.budget_line_id = line.id
    entry.spent_on = fields.spent_on
    entry.amount_pence = amount
    entry.description = clean_text(fields.description, "description", "The description", required=False, limit=2000)


def create_expenditure(db: Database, fields: ExpenditureFields) -> int:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        entry = Expenditure()
        _apply_expenditure(uow.session, entry, fields)
        uow.session.add(entry)
        uow.commit()
        return entry.id


def update_expenditure(db: Database, entry_id: int, fields: ExpenditureFields, version: int | None = None) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        entry = get_or_fail(uow.session, Expenditure, entry_id, "spending entry")
        check_version(entry, version, "spending entry")
        old_year = get_or_fail(uow.session, BudgetLine, entry.budget_line_id, "budget line").year_id
        _apply_expenditure(uow.session, entry, fields)
        if uow.session.get(BudgetLine, entry.budget_line_id).year_id != old_year:
            raise ValidationError(
                "A spending entry stays in its financial year; choose a line of that year.", "budget_line_id"
            )
        uow.commit()


def delete_expenditure(db: Database, entry_id: int) -> None:
    with UnitOfWork(db, Permission.EDIT_FUNDING) as uow:
        uow.session.delete(get_or_fail(uow.session, Expenditure, entry_id, "spending entry"))
        uow.commit()
