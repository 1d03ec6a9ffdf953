"""The funding report (screen and exports alike) on a real database, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.reports import funding
from board_admin.services import funding as money

TODAY = dt.date(2025, 6, 15)


def test_financial_years_oldest_first(database, world):
    assert [year.label for year in funding.financial_years(database)] == ["2015-16", "2016-17"]


def test_funding_reproduces_the_2015_16_statement(database, world):
    statement = funding.funding_for_year(database, FinancialYear.parse("2015-16"))
    assert statement.recorded
    assert [row.agency_name for row in statement.contributions] == [
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
        "Cambridgeshire Constabulary",
        "Cambridgeshire County Council",
    ]
    police = statement.contributions[1]
    assert (police.agreed_pence, police.received_pence, police.outstanding_pence) == (6_000_000, 4_500_000, 1_500_000)
    assert police.outstanding_text == "Part paid"
    ccg = statement.contributions[0]
    assert ccg.received_pence is None and ccg.outstanding_pence == 5_826_900
    assert ccg.outstanding_text == "Not yet received"
    assert statement.contributions[2].outstanding_text == "Paid in full"
    assert format_pounds(statement.agreed_pence) == "£248,269.00"
    assert format_pounds(statement.received_pence) == "£175,000.00"
    assert format_pounds(statement.outstanding_pence) == "£73,269.00"
    assert [(row.source, row.amount_pence) for row in statement.income_lines] == [
        ("Training", 712_500),
        ("From reserves", 1_500_000),
    ]
    # Seed 004 Appendix 6: 248,269 + 7,125 + 15,000 = 270,394.
    assert statement.income_by_source == (
        ("Contributions from partner agencies", 248_269_00),
        ("Training", 7_125_00),
        ("From reserves", 15_000_00),
    )
    assert format_pounds(statement.income_pence) == "£270,394.00"
    assert [
        (row.name, format_pounds(row.budget_pence), format_pounds(row.actual_pence), format_pounds(row.remaining_pence))
        for row in statement.budget_lines
    ] == [
        ("LSCB Unit Costs", "£118,878.00", "£112,532.19", "£6,345.81"),
        ("Chair Expenses", "£42,500.00", "£38,248.48", "£4,251.52"),
        ("Training", "£75,891.00", "£68,334.08", "£7,556.92"),
        ("Serious Case Review Costs", "£22,149.00", "£3,340.84", "£18,808.16"),
    ]
    assert [row.entries for row in statement.budget_lines] == [2, 1, 2, 1]
    assert all(isinstance(row.actual_pence, int) for row in statement.budget_lines)
    assert (format_pounds(statement.budget_pence), format_pounds(statement.actual_pence)) == (
        "£259,418.00",
        "£222,455.59",
    )
    assert format_pounds(statement.remaining_pence) == "£36,962.41"
    assert statement.overspent_lines == () and len(statement.underspent_lines) == 4


def test_an_overspent_line_shows_as_such(database, world):
    line = funding.funding_for_year(database, FinancialYear(2015)).budget_lines[1]
    money.create_expenditure(database, money.ExpenditureFields(line.id, dt.date(2016, 3, 1), "5,000.00", "Extra"))
    statement = funding.funding_for_year(database, FinancialYear(2015))
    chair = statement.budget_lines[1]
    assert chair.overspent and chair.remaining_pence == -74_848
    assert statement.overspent_lines == (chair,)
    assert format_pounds(statement.remaining_pence) == "£31,962.41"


def test_funding_of_an_empty_or_unrecorded_year(database, world):
    opened = funding.funding_for_year(database, FinancialYear(2016))
    assert opened.recorded and opened.contributions == () and opened.budget_lines == ()
    assert (opened.income_pence, opened.remaining_pence) == (0, 0)
    missing = funding.funding_for_year(database, FinancialYear(2030))
    assert not missing.recorded and missing.income_lines == ()
    assert funding.expenditure_rows(database, FinancialYear(2030)) == []


def test_spending_entries_by_date(database, world):
    rows = funding.expenditure_rows(database, FinancialYear(2015))
    assert len(rows) == 6
    assert sum(row.amount_pence for row in rows) == 222_455_59
    assert [row.budget_line for row in rows] == [
        "LSCB Unit Costs",
        "LSCB Unit Costs",
        "Chair Expenses",
        "Training",
        "Training",
        "Serious Case Review Costs",
    ]
    assert rows[4].amount_pence == -7_125_00


def test_comparison_with_previous_years(database, world):
    money.create_budget_line(database, FinancialYear(2016), money.BudgetLineFields("Unit costs", "120,000"))
    history = funding.funding_history(database, FinancialYear(2016))
    assert [totals.year.label for totals in history] == ["2015-16", "2016-17"]
    first, second = history
    assert (first.income_pence, first.received_pence, first.budget_pence, first.actual_pence) == (
        270_394_00,
        175_000_00,
        259_418_00,
        222_455_59,
    )
    assert first.remaining_pence == 36_962_41
    assert (second.income_pence, second.budget_pence, second.actual_pence) == (0, 120_000_00, 0)
    assert [totals.year.label for totals in funding.funding_history(database, FinancialYear(2015))] == ["2015-16"]
    assert funding.funding_history(database, FinancialYear(2020), years=3) == []


def test_reports_cost_a_fixed_number_of_queries(database, world, count_statements):
    for call, most in [
        (lambda: funding.funding_for_year(database, FinancialYear(2015)), 4),
        (lambda: funding.expenditure_rows(database, FinancialYear(2015)), 1),
        (lambda: funding.funding_history(database, FinancialYear(2016)), 5),
    ]:
        with count_statements() as counter:
            rows = call()
        assert rows
        assert counter.count <= most


def test_an_empty_database(database):
    assert funding.financial_years(database) == []
    assert funding.funding_history(database, FinancialYear(2015)) == []
