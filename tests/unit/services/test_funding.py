"""Keeping the money through the services, on SQLite and PostgreSQL: amounts, years, carry-forward, formula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from board_admin.db.models import AuditEntry, Contribution, IncomeLine
from board_admin.domain.enums import Sector, UserRole
from board_admin.domain.errors import ConflictError, InUseError, ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.reports.funding import funding_for_year
from board_admin.services import funding as money
from board_admin.services import structure as s

YEAR = FinancialYear(2015)
NEXT = FinancialYear(2016)


@pytest.fixture
def agencies(database) -> dict[str, int]:
    return {
        short: s.create_agency(database, s.AgencyFields(name, sector, short, True))
        for short, name, sector in [
            ("CCC", "Cambridgeshire County Council", Sector.LOCAL_AUTHORITY),
            ("Police", "Cambridgeshire Constabulary", Sector.POLICE),
            ("CCG", "Clinical Commissioning Group", Sector.HEALTH),
        ]
    }


@pytest.fixture
def year(database, agencies):
    """2015-16 as seed 004 Appendix 6 has it, entered through the services as the finance user would."""
    opened = money.open_year(database, YEAR)
    assert opened == money.OpenedYear(YEAR, 0, 0, 0)
    for agency, agreed, received, on in [
        ("CCC", "£130,000.00", "130,000", dt.date(2015, 5, 1)),
        ("Police", "60,000", "45000.00", dt.date(2015, 6, 1)),
        ("CCG", "58269", None, None),
    ]:
        money.create_contribution(
            database,
            YEAR,
            money.ContributionFields(agencies[agency], agreed, dt.date(2015, 4, 20), received, on),
        )
    money.create_income_line(database, YEAR, money.IncomeFields("Training", "7,125"))
    money.create_income_line(database, YEAR, money.IncomeFields("From reserves", 15_000_00))
    lines = {}
    for name, budget, spending in [
        ("LSCB Unit Costs", "118,878.00", ["100,000.00", "12,532.19"]),
        ("Chair Expenses", "42,500", ["38,248.48"]),
        ("Training", "75,891", ["75,459.08", "-7,125.00"]),
        ("Serious Case Review Costs", "22149", ["3,340.84"]),
    ]:
        lines[name] = money.create_budget_line(database, YEAR, money.BudgetLineFields(name, budget))
        for amount in spending:
            money.create_expenditure(
                database, money.ExpenditureFields(lines[name], dt.date(2015, 10, 1), amount, "Spending")
            )
    return lines


def test_the_2015_16_statement_entered_through_the_services(database, year):
    statement = funding_for_year(database, YEAR)
    assert statement.income_pence == 270_394_00
    assert (statement.budget_pence, statement.actual_pence, statement.remaining_pence) == (
        259_418_00,
        222_455_59,
        36_962_41,
    )
    assert statement.outstanding_pence == 73_269_00


@pytest.mark.parametrize(
    ("typed", "pence"), [("1234.5", 1_234_50), ("1,234.50", 1_234_50), ("£1,234.50", 1_234_50), (" 7 ", 7_00)]
)
def test_amounts_as_typed(database, year, typed, pence):
    line = money.create_income_line(database, YEAR, money.IncomeFields("Grant", typed))
    assert next(row for row in funding_for_year(database, YEAR).income_lines if row.id == line).amount_pence == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("12.345", "is not an amount in pounds"),
        ("ten pounds", "is not an amount in pounds"),
        ("", "Enter the amount"),
        (-500, "cannot be negative"),
        (1.5, "must be an amount in pounds and pence"),
        ("99,999,999,999.00", "too large"),
    ],
)
def test_bad_amounts_are_refused_with_a_message_naming_the_field(database, year, typed, message):
    before = funding_for_year(database, YEAR)
    with pytest.raises(ValidationError, match=message) as raised:
        money.create_income_line(database, YEAR, money.IncomeFields("Grant", typed))
    assert raised.value.field == "amount"
    assert funding_for_year(database, YEAR) == before


def test_contribution_rules(database, year, agencies):
    police = next(row for row in funding_for_year(database, YEAR).contributions if row.agency_id == agencies["Police"])
    fields = money.ContributionFields(agencies["Police"], "60,000", dt.date(2015, 4, 20), "60,000", dt.date(2015, 9, 1))
    money.update_contribution(database, police.id, fields, police.version)
    updated = next(row for row in funding_for_year(database, YEAR).contributions if row.id == police.id)
    assert updated.outstanding_pence == 0 and updated.version == police.version + 1
    with pytest.raises(ConflictError):
        money.update_contribution(database, police.id, fields, police.version)
    for bad, field in [
        (money.ContributionFields(agencies["CCC"], "1"), "agency_id"),
        (money.ContributionFields(None, "1"), "agency_id"),
        (money.ContributionFields(agencies["Police"], "1", received="5"), "received_on"),
        (money.ContributionFields(agencies["Police"], "1", received_on=dt.date(2015, 5, 1)), "received"),
        (money.ContributionFields(agencies["Police"], "-1"), "agreed"),
        (money.ContributionFields(agencies["Police"], "1", invoiced_on=dt.date(2019, 1, 1)), "invoiced_on"),
        (
            money.ContributionFields(
                agencies["Police"], "1", dt.date(2015, 6, 1), received="1", received_on=dt.date(2015, 5, 1)
            ),
            "received_on",
        ),
    ]:
        with pytest.raises(ValidationError) as raised:
            money.update_contribution(database, police.id, bad)
        assert raised.value.field == field
    assert next(row for row in funding_for_year(database, YEAR).contributions if row.id == police.id) == updated
    money.delete_contribution(database, police.id)
    assert len(funding_for_year(database, YEAR).contributions) == 2


def test_budget_lines_and_spending(database, year):
    with pytest.raises(ValidationError, match="already a budget line 'training'") as raised:
        money.create_budget_line(database, YEAR, money.BudgetLineFields("training", "1"))
    assert raised.value.field == "name"
    with pytest.raises(InUseError, match="2 spending entries"):
        money.delete_budget_line(database, year["Training"])
    spare = money.create_budget_line(database, YEAR, money.BudgetLineFields("Communications", "500"))
    money.update_budget_line(database, spare, money.BudgetLineFields("Communications and events", "750.50"))
    assert funding_for_year(database, YEAR).budget_lines[-1].budget_pence == 750_50
    with pytest.raises(ValidationError, match="outside 2015-16") as raised:
        money.create_expenditure(database, money.ExpenditureFields(spare, dt.date(2016, 4, 1), "10"))
    assert raised.value.field == "spent_on"
    with pytest.raises(ValidationError, match="cannot be £0.00"):
        money.create_expenditure(database, money.ExpenditureFields(spare, dt.date(2016, 3, 1), "0"))
    entry = money.create_expenditure(database, money.ExpenditureFields(spare, dt.date(2016, 3, 31), "£1,000.01"))
    line = funding_for_year(database, YEAR).budget_lines[-1]
    assert line.actual_pence == 1_000_01 and line.overspent and line.remaining_pence == -249_51
    money.update_expenditure(database, entry, money.ExpenditureFields(spare, dt.date(2016, 3, 31), "-20"))
    assert funding_for_year(database, YEAR).budget_lines[-1].actual_pence == -20_00
    money.delete_expenditure(database, entry)
    money.delete_budget_line(database, spare)
    assert len(funding_for_year(database, YEAR).budget_lines) == 4


def test_opening_the_next_year_copies_lines_and_agreements_and_carries_forward(database, year):
    opened = money.open_year(
        database, NEXT, carry_forward_line_ids=[year["Chair Expenses"], year["Serious Case Review Costs"]]
    )
    assert opened == money.OpenedYear(NEXT, budget_lines=4, contributions=3, carried_forward_pence=23_059_68)
    statement = funding_for_year(database, NEXT)
    assert [(row.name, row.budget_pence, row.actual_pence) for row in statement.budget_lines] == [
        ("LSCB Unit Costs", 118_878_00, 0),
        ("Chair Expenses", 42_500_00, 0),
        ("Training", 75_891_00, 0),
        ("Serious Case Review Costs", 22_149_00, 0),
    ]
    # Agreements are copied; what was invoiced and received belongs to the old year.
    assert [(row.agreed_pence, row.invoiced_on, row.received_pence) for row in statement.contributions] == [
        (60_000_00, None, None),
        (130_000_00, None, None),
        (58_269_00, None, None),
    ]
    # 4,251.52 + 18,808.16 = 23,059.68
    assert [(row.source, row.amount_pence) for row in statement.income_lines] == [
        ("Carried forward from 2015-16", 23_059_68)
    ]
    assert funding_for_year(database, YEAR).income_pence == 270_394_00  # the old year is untouched


def test_opening_a_year_is_refused_when_it_makes_no_sense(database, year):
    with pytest.raises(ValidationError, match="2015-16 is already open"):
        money.open_year(database, YEAR)
    with pytest.raises(ValidationError, match="nothing to carry forward: 2018-19"):
        money.open_year(database, FinancialYear(2019), [year["Training"]])
    money.create_expenditure(database, money.ExpenditureFields(year["Training"], dt.date(2016, 1, 1), "7,556.92"))
    with pytest.raises(ValidationError, match="'Training' has no underspend in 2015-16"):
        money.open_year(database, NEXT, [year["Training"]])
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(IncomeLine)) == 2
    assert funding_for_year(database, NEXT).recorded is False


def test_the_contribution_formula_is_reviewed_then_saved(database, year, agencies):
    shares = [
        (agencies["CCC"], Decimal("33.33")),
        (agencies["Police"], Decimal("33.33")),
        (agencies["CCG"], Decimal("33.34")),
    ]
    proposal = money.propose_shares("100.01", shares)
    assert [share.amount_pence for share in proposal] == [33_33, 33_33, 33_35]
    with database.session() as session:
        assert session.scalar(select(func.sum(Contribution.agreed_pence))) == 248_269_00  # nothing saved yet
    assert money.apply_contribution_formula(database, YEAR, proposal) == 3
    statement = funding_for_year(database, YEAR)
    assert statement.agreed_pence == 100_01
    ccc = next(row for row in statement.contributions if row.agency_id == agencies["CCC"])
    assert (ccc.agreed_pence, ccc.received_pence) == (33_33, 130_000_00)  # what was received stays
    with pytest.raises(ValidationError, match="not 100%"):
        money.propose_shares("100", shares[:2])
    with pytest.raises(ValidationError, match="listed twice"):
        money.propose_shares("100", [shares[0], shares[0]])
    tampered = [money.ProposedShare(share.agency_id, share.percentage, 50_00) for share in proposal[:2]] + [
        money.ProposedShare(proposal[2].agency_id, proposal[2].percentage, 1)
    ]
    with pytest.raises(ValidationError, match="do not follow the percentages"):
        money.apply_contribution_formula(database, YEAR, tampered)


def test_the_formula_adds_a_contribution_for_a_new_partner(database, agencies):
    money.open_year(database, YEAR)
    proposal = money.propose_shares(100_00, [(agencies["CCC"], Decimal(60)), (agencies["CCG"], Decimal(40))])
    money.apply_contribution_formula(database, YEAR, proposal)
    assert [(row.agency_name, row.agreed_pence) for row in funding_for_year(database, YEAR).contributions] == [
        ("Cambridgeshire County Council", 60_00),
        ("Clinical Commissioning Group", 40_00),
    ]


def test_only_finance_and_administrators_keep_the_money(database, year):
    database.actor = Actor("chair", "Chris Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(PermissionDeniedError, match="may not edit contributions"):
        money.create_income_line(database, YEAR, money.IncomeFields("Grant", "5"))
    database.actor = Actor("fay", "Fay Finance", frozenset({UserRole.FINANCE}))
    line = money.create_income_line(database, YEAR, money.IncomeFields("Grant", "5"))
    with database.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "income_line").order_by(AuditEntry.id.desc())
        ).first()
    assert (entry.username, entry.entity_id, entry.operation) == ("fay", line, "create")
