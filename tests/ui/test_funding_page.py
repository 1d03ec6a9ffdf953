"""The funding screen driven as the finance user drives it: typing amounts, ticking, clicking; the database
is checked afterwards, including that refused input changed nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from board_admin.domain.enums import UserRole
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor
from board_admin.reports.funding import expenditure_rows, financial_years, funding_for_year
from board_admin.services import funding as money
from board_admin.ui.dialogs import funding_forms as forms
from tests.ui.conftest import open_messages

YEAR = FinancialYear(2015)


def shown(proxy, column: int = 0) -> list[str]:
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def open_dialog(kind):
    dialogs = [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, kind) and widget.isVisible()]
    assert len(dialogs) == 1, f"expected one open {kind.__name__}"
    return dialogs[0]


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def type_percentage(qtbot, table, index, text: str) -> None:
    """Starts editing the cell (F2, as a user would) and types into its editor, then Enter."""
    table.setCurrentIndex(index)
    table.edit(index)
    editor = next(widget for widget in table.viewport().findChildren(QLineEdit) if widget.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes its editor on the next turn of the event loop.
    qtbot.waitUntil(lambda: not any(widget.isVisible() for widget in table.viewport().findChildren(QLineEdit)))


def answer(qtbot, button_text: str) -> None:
    box = open_messages()[-1]
    button = next(button for button in box.buttons() if button.text().replace("&", "") == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def page(window):
    window.show_page_by_key("funding")
    page = window.page("funding")
    page.choose_year(YEAR)
    return page


def test_adding_income_typed_as_pounds(qtbot, page, sqlite_database):
    qtbot.mouseClick(page.income.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.IncomeDialog)
    type_into(qtbot, dialog.source, "Home Office grant")
    type_into(qtbot, dialog.amount, "£1,234.5")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    statement = funding_for_year(sqlite_database, YEAR)
    assert [(row.source, row.amount_pence) for row in statement.income_lines][-1] == ("Home Office grant", 1_234_50)
    assert shown(page.income.table.model(), 1)[-1] == "£1,234.50"
    assert page.figures["income"].text() == "£271,628.50"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "'12.345' is not an amount in pounds"),
        ("-50", "cannot be negative"),
        ("lots", "'lots' is not an amount in pounds"),
    ],
)
def test_refused_amounts_are_explained_beside_the_field_and_nothing_is_saved(
    qtbot, page, sqlite_database, typed, message
):
    before = funding_for_year(sqlite_database, YEAR)
    page.budget.table.selectRow(1)
    qtbot.mouseClick(page.budget.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.BudgetLineDialog)
    assert dialog.name.text() == "Chair Expenses" and dialog.budget.text() == "42,500.00"
    type_into(qtbot, dialog.budget, typed)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors["budget"].isVisible() and message in dialog.errors["budget"].text()
    dialog.reject()
    assert funding_for_year(sqlite_database, YEAR) == before


def test_recording_a_payment_clears_what_is_outstanding(qtbot, page, sqlite_database):
    contributions = page.contributions.table.model()
    assert shown(contributions, 4) == ["Not yet received", "Part paid", "Paid in full"]
    ccg = page.contributions.model.row_at(0)
    assert page.contributions.model.data(page.contributions.model.index(0, 3), Qt.ItemDataRole.ForegroundRole)
    page.contributions.table.selectRow(0)
    qtbot.mouseClick(page.contributions.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.ContributionDialog)
    type_into(qtbot, dialog.received, "58,269.00")
    click_ok(qtbot, dialog)
    assert dialog.errors["received_on"].text() == "Enter the date the payment was received."
    type_into(qtbot, dialog.received_on, "31/02/2016")
    click_ok(qtbot, dialog)
    assert "'31/02/2016' is not a date" in dialog.errors["received_on"].text()
    type_into(qtbot, dialog.received_on, "12/01/2016")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = next(row for row in funding_for_year(sqlite_database, YEAR).contributions if row.id == ccg.id)
    assert (saved.received_pence, saved.received_on, saved.outstanding_pence) == (58_269_00, dt.date(2016, 1, 12), 0)
    assert shown(contributions, 4) == ["Paid in full", "Part paid", "Paid in full"]
    assert page.figures["outstanding"].text() == "£15,000.00"
    assert page.details["outstanding"].text() == "1 of 3 partners still to pay"


def test_spending_is_added_filtered_and_deleted_after_confirmation(qtbot, page, sqlite_database):
    page.tabs.setCurrentWidget(page.spending)
    assert shown(page.spending.table.model(), 3) == [
        "£100,000.00",
        "£12,532.19",
        "£38,248.48",
        "£75,459.08",
        "-£7,125.00",
        "£3,340.84",
    ]
    page.line_filter.setCurrentIndex(page.line_filter.findText("Chair Expenses"))
    assert shown(page.spending.table.model(), 2) == [""]
    qtbot.mouseClick(page.spending.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.ExpenditureDialog)
    assert dialog.line.currentText() == "Chair Expenses"  # the line being looked at
    type_into(qtbot, dialog.spent_on, "01/05/2016")
    type_into(qtbot, dialog.amount, "5,000")
    type_into(qtbot, dialog.description, "Chair's expenses, April")
    click_ok(qtbot, dialog)
    assert "outside 2015-16" in dialog.errors["spent_on"].text()
    type_into(qtbot, dialog.spent_on, "01/03/2016")
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    chair = funding_for_year(sqlite_database, YEAR).budget_lines[1]
    assert chair.actual_pence == 43_248_48 and chair.overspent
    assert shown(page.budget.table.model(), 3)[1] == "-£748.48 overspent"
    assert "1 line is overspent" in page.budget.totals.text()
    assert "Chair Expenses: Budget £42,500.00, Actual £43,248.48 (overspent)" in page.budget_chart.summary()
    assert shown(page.spending.table.model(), 2) == ["", "Chair's expenses, April"]

    page.spending.table.selectRow(1)
    qtbot.mouseClick(page.spending.delete_button, Qt.MouseButton.LeftButton)
    answer(qtbot, "Cancel")
    assert len(expenditure_rows(sqlite_database, YEAR)) == 7
    page.spending.table.selectRow(1)
    qtbot.mouseClick(page.spending.delete_button, Qt.MouseButton.LeftButton)
    answer(qtbot, "Delete")
    assert len(expenditure_rows(sqlite_database, YEAR)) == 6
    assert not funding_for_year(sqlite_database, YEAR).budget_lines[1].overspent


def test_a_budget_line_with_spending_is_not_deleted(qtbot, page, sqlite_database):
    page.budget.table.selectRow(0)
    qtbot.mouseClick(page.budget.delete_button, Qt.MouseButton.LeftButton)
    answer(qtbot, "Delete")
    box = open_messages()[-1]
    assert "'LSCB Unit Costs' cannot be deleted because 2 spending entries refer to it" in box.text()
    assert len(funding_for_year(sqlite_database, YEAR).budget_lines) == 4


def test_the_contribution_formula_is_reviewed_before_it_is_saved(qtbot, qtmodeltester, page, sqlite_database, world):
    qtbot.mouseClick(page.formula_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.FormulaDialog)
    assert dialog.total.text() == "248,269.00"
    table, model = dialog.table, dialog.model
    qtmodeltester.check(model)
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names[:3] == [
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
        "Cambridgeshire Constabulary",
        "Cambridgeshire County Council",
    ]
    type_into(qtbot, dialog.total, "100")
    for row, percentage in enumerate(["33.33", "33.33", "33.33"]):
        type_percentage(qtbot, table, model.index(row, 1), percentage)
    assert dialog.percent_total.text() == "The percentages add up to 99.99% (they must make 100%)."
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert "0.01% is still to share" in dialog.errors["percentages"].text()
    type_percentage(qtbot, table, model.index(2, 1), "33.34")
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert [model.index(row, 2).data() for row in range(3)] == ["£33.33", "£33.33", "£33.34"]
    assert funding_for_year(sqlite_database, YEAR).agreed_pence == 248_269_00  # reviewed, not saved yet
    type_into(qtbot, dialog.total, "100.01")  # a change means the amounts must be proposed again
    assert not dialog.ok_button.isEnabled() and model.index(2, 2).data() == ""
    qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert [model.index(row, 2).data() for row in range(3)] == ["£33.33", "£33.33", "£33.35"]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    agreed = {row.agency_name: row.agreed_pence for row in funding_for_year(sqlite_database, YEAR).contributions}
    assert sorted(agreed.values()) == [33_33, 33_33, 33_35]
    assert page.contributions.totals.text().startswith("Total agreed £100.01;")


def test_opening_the_next_year_with_a_carry_forward(qtbot, make_window, sqlite_database):
    money.open_year(sqlite_database, YEAR)
    unit = money.create_budget_line(sqlite_database, YEAR, money.BudgetLineFields("Unit costs", "1,000"))
    money.create_budget_line(sqlite_database, YEAR, money.BudgetLineFields("Training", "500"))
    money.create_expenditure(sqlite_database, money.ExpenditureFields(unit, dt.date(2015, 6, 1), "750.25"))
    window = make_window(sqlite_database)
    window.show_page_by_key("funding")
    page = window.page("funding")
    assert page.open_year_button.text() == "Open 2016-17…"
    qtbot.mouseClick(page.open_year_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.OpenYearDialog)
    assert [dialog.model.item(row).text() for row in range(dialog.model.rowCount())] == [
        "Unit costs: £249.75 unspent",
        "Training: £500.00 unspent",
    ]
    dialog.list.setFocus()
    dialog.list.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert dialog.total.text() == "To carry forward: £249.75"
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert financial_years(sqlite_database) == [YEAR, FinancialYear(2016)]
    assert page.selected_year() == FinancialYear(2016)
    statement = funding_for_year(sqlite_database, FinancialYear(2016))
    assert [(row.source, row.amount_pence) for row in statement.income_lines] == [
        ("Carried forward from 2015-16", 249_75)
    ]
    assert shown(page.budget.table.model()) == ["Unit costs", "Training"]
    assert page.open_year_button.text() == "Open 2017-18…"


def test_exports_run_in_the_background_and_say_when_done(qtbot, page, tmp_path):
    target = tmp_path / "statement.xlsx"
    page.export_to("statement", target)
    qtbot.waitUntil(lambda: not page.jobs, timeout=30_000)
    assert [box.text() for box in open_messages()] == [f"Wrote statement.xlsx in {tmp_path}."]
    # As every export says it: with the document and its folder a click away.
    assert {"&Open the document", "Open the &folder"} <= {button.text() for button in open_messages()[0].buttons()}
    assert load_workbook(target)["Statement"]["B9"].value == "=SUBTOTAL(109,Income[Amount])"
    page.export_to("contributions", tmp_path / "sheet")
    qtbot.waitUntil(lambda: not page.jobs, timeout=30_000)
    assert load_workbook(tmp_path / "sheet.xlsx")["Contributions"]["A1"].value == (
        "Contributions from partner agencies 2015-16"
    )
    page.export_to("contributions", tmp_path / "missing-folder" / "sheet.xlsx")
    qtbot.waitUntil(lambda: not page.jobs, timeout=30_000)
    warnings = [box.text() for box in open_messages() if box.icon() == QMessageBox.Icon.Warning]
    assert len(warnings) == 1 and "missing-folder does not exist" in warnings[0]


def test_a_chair_reads_but_does_not_edit(make_window, sqlite_database, world):
    sqlite_database.actor = Actor("chris", "Chris Chair", frozenset({UserRole.CHAIR}))
    window = make_window(sqlite_database)
    window.show_page_by_key("funding")
    page = window.page("funding")
    assert page.contributions.model.rowCount() == 0 or page.selected_year() == FinancialYear(2016)
    page.choose_year(YEAR)
    assert page.contributions.model.rowCount() == 3
    for widget in (page.open_year_button, page.formula_button, page.contributions.add_button, page.budget.edit_button):
        assert not widget.isVisible()
    assert page.export_button.isVisible()
    assert page.edit_income(None) is None


def test_the_charts_and_the_comparison(page):
    page.tabs.setCurrentIndex(2)
    assert page.budget_chart.accessibleName() == "Budget and actual by line, 2015-16"
    assert "LSCB Unit Costs: Budget £118,878.00, Actual £112,532.19" in page.budget_chart.accessibleDescription()
    assert page.contributions_chart.summary().startswith(
        "Contributions by partner, 2015-16. Cambridgeshire County Council: Agreed £130,000.00, Received £130,000.00"
    )
    assert "(outstanding)" in page.contributions_chart.summary()
    page.tabs.setCurrentIndex(3)
    assert shown(page.history_table.model()) == ["2015-16"]
    assert shown(page.history_table.model(), 4) == ["£270,394.00"]
    page.choose_year(FinancialYear(2016))
    assert shown(page.history_table.model()) == ["2015-16", "2016-17"]


def test_new_spending_seen_across_every_line_chooses_no_line_for_the_user(qtbot, page, sqlite_database):
    """With every budget line shown, the form used to open on the first line: Enter after the amount put the money
    on it without a word. Now no line is chosen until the user picks one (typing its first letters)."""
    page.tabs.setCurrentWidget(page.spending)
    assert page.line_filter.currentData() is None  # every budget line
    before = len(expenditure_rows(sqlite_database, YEAR))
    qtbot.mouseClick(page.spending.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.ExpenditureDialog)
    assert dialog.line.currentIndex() == -1 and dialog.line.currentText() == ""
    type_into(qtbot, dialog.spent_on, "01/03/2016")
    type_into(qtbot, dialog.amount, "120")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert (
        dialog.isVisible()
        and dialog.errors["budget_line_id"].text() == "Choose the budget line the money was spent from."
    )
    assert len(expenditure_rows(sqlite_database, YEAR)) == before
    dialog.line.setFocus()
    qtbot.keyClicks(dialog.line, "Chair")
    assert dialog.line.currentText() == "Chair Expenses"
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    added = [row for row in expenditure_rows(sqlite_database, YEAR) if row.amount_pence == 120_00]
    assert [row.budget_line for row in added] == ["Chair Expenses"]


def test_a_new_contribution_chooses_no_agency_for_the_user_and_shows_its_whole_name(qtbot, page, sqlite_database):
    """The form opened on the first agency, cut to "Bedfordshire, Northamptonshire, Camb…": Enter after the
    amount recorded the money against it."""
    from board_admin.domain.enums import Sector
    from board_admin.reports.lists import agency_rows
    from board_admin.services import structure as st

    st.create_agency(
        sqlite_database, st.AgencyFields("Integrated Care Board of Cambridgeshire and Peterborough", Sector.HEALTH)
    )
    page.reload()
    before = len(funding_for_year(sqlite_database, YEAR).contributions)
    qtbot.mouseClick(page.contributions.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(forms.ContributionDialog)
    assert dialog.agency.currentIndex() == -1
    type_into(qtbot, dialog.agreed, "4,000")
    qtbot.keyClick(dialog.agreed, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.errors["agency_id"].text() == "Choose the partner agency."
    assert len(funding_for_year(sqlite_database, YEAR).contributions) == before
    dialog.agency.setFocus()
    qtbot.keyClicks(dialog.agency, "Integ")
    name = dialog.agency.currentText()
    assert name == "Integrated Care Board of Cambridgeshire and Peterborough"
    # The whole name is shown in the box, not cut.
    assert dialog.agency.width() > dialog.agency.fontMetrics().horizontalAdvance(name)
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    added = {row.agency_name for row in funding_for_year(sqlite_database, YEAR).contributions}
    assert name in added and any(row.name == name for row in agency_rows(sqlite_database))
