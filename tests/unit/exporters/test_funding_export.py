"""The finance exports read back (openpyxl, python-docx) and opened for real in LibreOffice, which
recalculates the live formulas: the totals must be those of seed 004 Appendix 6."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.exporters.funding import MONEY_FORMAT, export_contributions, export_statement
from board_admin.reports.funding import funding_for_year
from board_admin.services import funding as money

TODAY = dt.date(2025, 6, 15)
YEAR = FinancialYear(2015)
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")


@pytest.fixture
def world(sqlite_database, with_world):
    return with_world(sqlite_database, TODAY)


def convert(path: Path, to: str, tmp_path: Path, profile: Path) -> Path:
    """Opened and saved by LibreOffice headless, which recalculates every formula (with the run's profile,
    tests/conftest.py's libreoffice_profile, so that parallel runs never share one)."""
    out = tmp_path / f"converted-{to}"
    subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            # UTF-8 text for the £ sign (LibreOffice's CSV filter: comma, double quote, UTF-8).
            "csv:Text - txt - csv (StarCalc):44,34,76" if to == "csv" else to,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{path.stem}.{to}"


def csv_rows(path: Path, tmp_path: Path, profile: Path) -> list[list[str]]:
    with convert(path, "csv", tmp_path, profile).open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle)]


def pdf_text(path: Path, tmp_path: Path, profile: Path) -> str:
    pdf = convert(path, "pdf", tmp_path, profile)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def row_of(rows: list[list[str]], first: str) -> list[str]:
    return next(row for row in rows if row and row[0] == first)


def test_the_contribution_sheet(sqlite_database, world, tmp_path):
    out = tmp_path / "contributions.xlsx"
    exported = export_contributions(sqlite_database, YEAR, out)
    assert exported.rows == 3
    sheet = load_workbook(out)["Contributions"]
    assert sheet["A1"].value == "Contributions from partner agencies 2015-16"
    assert [cell.value for cell in sheet[4]] == [
        "Agency",
        "Agreed",
        "Share of total",
        "Invoiced on",
        "Received",
        "Received on",
        "Outstanding",
        "Status",
        "In kind",
    ]
    assert [sheet.cell(row, 1).value for row in range(5, 8)] == [
        "Cambridgeshire and Peterborough Clinical Commissioning Group",
        "Cambridgeshire Constabulary",
        "Cambridgeshire County Council",
    ]
    assert sheet["B6"].value == Decimal("60000.00") and sheet["B6"].number_format == MONEY_FORMAT
    assert sheet["E5"].value is None and sheet["E6"].value == Decimal("45000.00")
    assert sheet["G6"].value == "=B6-E6"
    assert sheet["C6"].value == "=IF(SUM(Contributions[Agreed])=0,0,B6/SUM(Contributions[Agreed]))"
    # The totals row belongs to the table and adds up the table's columns, so a row added by hand counts.
    assert (sheet["A8"].value, sheet["B8"].value, sheet["E8"].value, sheet["G8"].value) == (
        "Total",
        "=SUBTOTAL(109,Contributions[Agreed])",
        "=SUBTOTAL(109,Contributions[Received])",
        "=SUBTOTAL(109,Contributions[Outstanding])",
    )
    table = sheet.tables["Contributions"]
    assert list(sheet.tables) == ["Contributions"] and table.ref == "A4:I8" and table.totalsRowCount == 1
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["A"].width >= 60


def test_every_heading_of_the_contribution_sheet_fits_its_column(sqlite_database, world, tmp_path):
    """ "Share of total" was wider than its column: beside "Agreed" it printed as "Agreedare of total"."""
    from openpyxl.utils import get_column_letter

    out = tmp_path / "contributions.xlsx"
    export_contributions(sqlite_database, YEAR, out)
    sheet = load_workbook(out)["Contributions"]
    for cell in sheet[4]:
        width = sheet.column_dimensions[get_column_letter(cell.column)].width
        # A bold heading takes about 1.1 widths a character, and the table's filter button two more.
        assert width >= len(cell.value) * 1.1 + 2, f"{cell.value!r} does not fit a column {width} wide"


def test_dates_are_real_dates(sqlite_database, world, tmp_path):
    police = world.agencies["Police"]
    row = next(row for row in funding_for_year(sqlite_database, YEAR).contributions if row.agency_id == police)
    money.update_contribution(
        sqlite_database,
        row.id,
        money.ContributionFields(
            police, "60,000", dt.date(2015, 4, 20), "45,000", dt.date(2015, 6, 3), "=cmd|' /C calc'!A0"
        ),
    )
    out = tmp_path / "contributions.xlsx"
    export_contributions(sqlite_database, YEAR, out)
    sheet = load_workbook(out)["Contributions"]
    assert sheet["D6"].value == dt.datetime(2015, 4, 20) and sheet["D6"].number_format == "dd/mm/yyyy"
    assert sheet["F6"].value == dt.datetime(2015, 6, 3) and sheet["D5"].value is None
    # Text typed by a person stays text, never a formula.
    assert sheet["I6"].value == "=cmd|' /C calc'!A0" and sheet["I6"].data_type == "s"


@needs_libreoffice
def test_the_contribution_sheet_in_libreoffice_shows_the_totals(sqlite_database, world, tmp_path, libreoffice_profile):
    out = tmp_path / "contributions.xlsx"
    export_contributions(sqlite_database, YEAR, out)
    rows = csv_rows(out, tmp_path, libreoffice_profile)
    total = row_of(rows, "Total")
    assert (total[1], total[2], total[4], total[6]) == ("£248,269.00", "100.0%", "£175,000.00", "£73,269.00")
    assert row_of(rows, "Cambridgeshire Constabulary")[2] == "24.2%"
    assert row_of(rows, "Cambridgeshire Constabulary")[6:8] == ["£15,000.00", "Part paid"]
    assert row_of(rows, "Cambridgeshire and Peterborough Clinical Commissioning Group")[6:8] == [
        "£58,269.00",
        "Not yet received",
    ]
    text = pdf_text(out, tmp_path, libreoffice_profile)
    assert "£248,269.00" in text and "£175,000.00" in text and "£73,269.00" in text


def test_the_statement_workbook(sqlite_database, world, tmp_path):
    out = tmp_path / "statement.xlsx"
    export_statement(sqlite_database, YEAR, out, TODAY)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Statement", "Previous years"]
    sheet = workbook["Statement"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=1, max_col=4)]
    assert values[0][0] == "Financial statement 2015-16"
    assert values[5:9] == [
        ["Contributions from partner agencies", 248269, None, None],
        ["Training", 7125, None, None],
        ["From reserves", 15000, None, None],
        ["Total income", "=SUBTOTAL(109,Income[Amount])", None, None],
    ]
    assert values[11:17] == [
        ["Budget line", "Budget", "Actual to end March 2016", "Remaining"],
        ["LSCB Unit Costs", 118878, 112532.19, "=B13-C13"],
        ["Chair Expenses", 42500, 38248.48, "=B14-C14"],
        ["Training", 75891, 68334.08, "=B15-C15"],
        ["Serious Case Review Costs", 22149, 3340.84, "=B16-C16"],
        [
            "Total for the whole budget",
            "=SUBTOTAL(109,Expenditure[Budget])",
            "=SUBTOTAL(109,Expenditure[Actual to end March 2016])",
            "=SUBTOTAL(109,Expenditure[Remaining])",
        ],
    ]
    assert sorted(sheet.tables) == ["Expenditure", "Income"]
    assert all(sheet.cell(row, 2).number_format == MONEY_FORMAT for row in (6, 9, 13, 17))
    assert sheet.page_setup.fitToWidth == 1 and sheet.freeze_panes == "A4"


@needs_libreoffice
def test_the_statement_in_libreoffice_shows_appendix_6(sqlite_database, world, tmp_path, libreoffice_profile):
    out = tmp_path / "statement.xlsx"
    export_statement(sqlite_database, YEAR, out)
    rows = csv_rows(out, tmp_path, libreoffice_profile)
    assert row_of(rows, "Total income")[1] == "£270,394.00"
    assert row_of(rows, "Total for the whole budget")[1:4] == ["£259,418.00", "£222,455.59", "£36,962.41"]
    assert row_of(rows, "Serious Case Review Costs")[3] == "£18,808.16"
    text = pdf_text(out, tmp_path, libreoffice_profile)
    for figure in ("£270,394.00", "£259,418.00", "£222,455.59", "£36,962.41"):
        assert figure in text


@needs_libreoffice
def test_the_totals_are_live_formulas(sqlite_database, world, tmp_path, libreoffice_profile):
    """A finance user corrects a figure: the totals follow."""
    out = tmp_path / "statement.xlsx"
    export_statement(sqlite_database, YEAR, out)
    workbook = load_workbook(out)
    workbook["Statement"]["C13"] = Decimal("112632.19")  # £100 more spent on unit costs
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    rows = csv_rows(edited, tmp_path, libreoffice_profile)
    assert row_of(rows, "LSCB Unit Costs")[3] == "£6,245.81"
    assert row_of(rows, "Total for the whole budget")[1:4] == ["£259,418.00", "£222,555.59", "£36,862.41"]


def test_the_statement_document(sqlite_database, world, tmp_path):
    out = tmp_path / "statement.docx"
    export_statement(sqlite_database, YEAR, out)
    document = Document(str(out))
    assert document.paragraphs[0].text == "Financial statement 2015-16"
    assert document.paragraphs[0].style.name == "Title"
    income, lines = document.tables[:2]
    assert [[cell.text for cell in row.cells] for row in income.rows] == [
        ["Source", "Amount"],
        ["Contributions from partner agencies", "£248,269.00"],
        ["Training", "£7,125.00"],
        ["From reserves", "£15,000.00"],
        ["Total income", "£270,394.00"],
    ]
    assert [cell.text for cell in lines.rows[-1].cells] == [
        "Total for the whole budget",
        "£259,418.00",
        "£222,455.59",
        "£36,962.41",
    ]
    assert [cell.text for cell in lines.rows[3].cells] == ["Training", "£75,891.00", "£68,334.08", "£7,556.92"]
    headings = [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "Heading 1"]
    assert headings == ["Income", "Expenditure"]  # one year only: no comparison


def test_the_statement_compares_with_the_previous_year_and_says_what_is_overspent(sqlite_database, world, tmp_path):
    line = money.create_budget_line(sqlite_database, FinancialYear(2016), money.BudgetLineFields("Unit costs", "100"))
    money.create_expenditure(sqlite_database, money.ExpenditureFields(line, dt.date(2016, 5, 1), "150.50"))
    out = tmp_path / "statement.docx"
    export_statement(sqlite_database, FinancialYear(2016), out)
    document = Document(str(out))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Unit costs is overspent by £50.50." in text
    comparison = document.tables[2]
    assert [[cell.text for cell in row.cells] for row in comparison.rows] == [
        ["Year", "Total income", "Budget", "Actual", "Remaining"],
        ["2015-16", "£270,394.00", "£259,418.00", "£222,455.59", "£36,962.41"],
        ["2016-17", "£0.00", "£100.00", "£150.50", "-£50.50 (overspent)"],
    ]


def test_exports_refuse_what_they_cannot_do(sqlite_database, world, tmp_path):
    with pytest.raises(BoardAdminError, match="2030-31 has not been recorded"):
        export_statement(sqlite_database, FinancialYear(2030), tmp_path / "s.xlsx")
    with pytest.raises(BoardAdminError, match="must end in .xlsx or .docx"):
        export_statement(sqlite_database, YEAR, tmp_path / "s.pdf")
    with pytest.raises(BoardAdminError, match="must end in .xlsx"):
        export_contributions(sqlite_database, YEAR, tmp_path / "c.docx")
    sqlite_database.actor = Actor("nobody", "No Body", frozenset())
    with pytest.raises(PermissionDeniedError):
        export_contributions(sqlite_database, YEAR, tmp_path / "c.xlsx")
    sqlite_database.actor = Actor("fay", "Fay Finance", frozenset({UserRole.FINANCE}))
    export_contributions(sqlite_database, YEAR, tmp_path / "c.xlsx")
    assert sorted(
        path.name for path in tmp_path.iterdir() if path.suffix != ".sqlite" and "sqlite" not in path.name
    ) == ["c.xlsx"]


def test_the_commands(sqlite_database, world, tmp_path, capsys):
    url = str(sqlite_database.engine.url)
    statement = tmp_path / "statement.xlsx"
    assert main(["--database", url, "export", "statement", "--year", "2015-16", str(statement)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {statement} (the financial statement for 2015-16)."
    sheet = tmp_path / "contributions.xlsx"
    assert main(["--database", url, "export", "contributions", "--year", "2015-16", str(sheet)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {sheet} (contributions of 3 agencies for 2015-16)."
    assert load_workbook(sheet)["Contributions"]["B8"].value == "=SUBTOTAL(109,Contributions[Agreed])"
    missing = tmp_path / "later.docx"
    assert main(["--database", url, "export", "statement", "--year", "2030-31", str(missing)]) == EXIT_FAILED
    assert capsys.readouterr().err.strip() == (
        "board-admin: The financial year 2030-31 has not been recorded; there is nothing to export."
    )
    assert main(["--database", url, "export", "contributions", "--year", "2015-16", str(tmp_path / "c.docx")]) == (
        EXIT_FAILED
    )
    assert capsys.readouterr().err.strip() == "board-admin: c.docx: the file name must end in .xlsx."
    assert not missing.exists()
