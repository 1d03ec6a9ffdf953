"""Every export as a board member or a finance officer gets it: produced from the demo, opened and printed by
LibreOffice (which recalculates every formula), read back page by page. Also the file properties, the
statement of seed 004 Appendix 6 built from income lines alone, and the annual pack's Excel totals against
its Word ones."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from board_admin.db.engine import sqlite_url
from board_admin.demo import build_demo_data
from board_admin.domain.errors import ValidationError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import CONTRIBUTIONS_SOURCE
from board_admin.exporters.annual_pack import export_annual_pack
from board_admin.exporters.attendance import export_attendance
from board_admin.exporters.audit import export_audit
from board_admin.exporters.case_reviews import export_reviews
from board_admin.exporters.challenges import export_challenges
from board_admin.exporters.decisions import export_decisions
from board_admin.exporters.funding import export_contributions, export_statement
from board_admin.exporters.interests import export_interests
from board_admin.exporters.membership import export_membership
from board_admin.exporters.minutes import export_agenda, export_minutes
from board_admin.exporters.workbook import export_workbook
from board_admin.reports.lists import meeting_rows
from board_admin.reports.meetings import minutes_content
from board_admin.reports.organisation import Organisation
from board_admin.services import funding as money
from board_admin.services.settings import save_organisation
from tests.conftest import open_as_system

# One worker runs this module under xdist: the demo's exports, written once for the module, not once per worker.
pytestmark = pytest.mark.xdist_group("test_documents_on_paper")

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_libreoffice = pytest.mark.skipif(
    LIBREOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (libreoffice or soffice) and pdftotext are needed to print the exports; CI installs both",
)
TODAY = dt.date(2026, 12, 6)
YEAR = FinancialYear(2025)
ERRORS = re.compile(r"###|#VALUE!|#REF!|#NAME\?|#DIV/0!|#N/A|Err:\d+")
ORGANISATION = "North Shire Safeguarding Partnership"


def libreoffice(files: list[Path], to: str, out: Path, profile: Path) -> None:
    """Converts with LibreOffice headless (the run's profile, tests/conftest.py's libreoffice_profile, so that
    parallel runs never share one)."""
    subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to, "--outdir", str(out)]
        + [str(path) for path in files],
        check=True,
        capture_output=True,
        timeout=900,
    )


def pages(pdf: Path) -> list[str]:
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def furniture(pages_text: list[str]) -> set[str]:
    """The lines every page repeats (header, footer, print titles): a page holding nothing else is empty."""
    if len(pages_text) < 2:
        return set()
    sets = [{line.strip() for line in page.splitlines() if line.strip()} for page in pages_text]
    common = set.intersection(*sets)
    return common | {line for page in sets for line in page if re.search(r"Page \d+ of \d+", line)}


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory):
    """Every export of the README's list, from the demo, in each of its formats (the demo's organisation named)."""
    folder = tmp_path_factory.mktemp("exports")
    database = open_as_system(sqlite_url(folder / "demo.sqlite"))
    build_demo_data(database, TODAY)
    save_organisation(database, Organisation(ORGANISATION, "Pat Organiser", "pat@example.org"))
    # Minutes not yet approved: draft, which they say on every page.
    held = [row for row in meeting_rows(database) if row.status.value == "held" and not row.minutes_approved_on]
    meeting = max(held, key=lambda row: len(minutes_content(database, row.id, TODAY).actions))
    files = {
        "workbook.xlsx": lambda path: export_workbook(database, path),
        "minutes.docx": lambda path: export_minutes(database, meeting.id, path, TODAY),
        "agenda.docx": lambda path: export_agenda(database, meeting.id, path, TODAY),
        "challenges.xlsx": lambda path: export_challenges(database, path),
        "challenges-w.docx": lambda path: export_challenges(database, path),
        "membership.xlsx": lambda path: export_membership(database, path, TODAY),
        "membership-w.docx": lambda path: export_membership(database, path, TODAY),
        "contributions.xlsx": lambda path: export_contributions(database, YEAR, path),
        "statement.xlsx": lambda path: export_statement(database, YEAR, path, TODAY),
        "statement-w.docx": lambda path: export_statement(database, YEAR, path, TODAY),
        "attendance.xlsx": lambda path: export_attendance(database, path, start=YEAR.start, end=YEAR.end),
        "attendance-w.docx": lambda path: export_attendance(database, path, start=YEAR.start, end=YEAR.end),
        "reviews.xlsx": lambda path: export_reviews(database, path, YEAR, TODAY),
        "reviews-w.docx": lambda path: export_reviews(database, path, YEAR, TODAY),
        "pack.xlsx": lambda path: export_annual_pack(database, YEAR, path, on_date=TODAY),
        "pack-w.docx": lambda path: export_annual_pack(database, YEAR, path, on_date=TODAY),
        "decisions.xlsx": lambda path: export_decisions(database, path),
        "decisions-w.docx": lambda path: export_decisions(database, path),
        "interests.xlsx": lambda path: export_interests(database, path, year=YEAR),
        "interests-w.docx": lambda path: export_interests(database, path, year=YEAR),
        "audit.xlsx": lambda path: export_audit(database, path, start=TODAY - dt.timedelta(days=7)),
    }
    paths = []
    for name, write in files.items():
        write(folder / name)
        paths.append(folder / name)
    yield database, folder, paths
    database.dispose()


def test_every_word_and_excel_export_names_its_title_author_and_date(demo_exports):
    _database, _folder, paths = demo_exports
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for path in paths:
        if path.suffix == ".docx":
            properties = Document(str(path)).core_properties
            assert properties.author == ORGANISATION, path.name
            assert properties.title and properties.subject, path.name
            assert "python-docx" not in (properties.comments or "") + (properties.last_modified_by or "")
            assert abs(properties.created.replace(tzinfo=None) - now) < dt.timedelta(hours=1), path.name
            assert abs(properties.modified.replace(tzinfo=None) - now) < dt.timedelta(hours=1), path.name
        else:
            book = load_workbook(path)
            for sheet in book.worksheets:
                # A4, never the printer's US Letter default, and numbered "Page N of M" on every page.
                assert int(sheet.page_setup.paperSize) == 9, (path.name, sheet.title)
                footer = " ".join(str(part.text or "") for part in (sheet.oddFooter.left, sheet.oddFooter.right))
                assert "Page &P of &N" in footer, (path.name, sheet.title)
            properties = book.properties
            if path.name == "workbook.xlsx":
                continue  # the database's own exchange format, not a document to send out
            assert properties.title and properties.subject, path.name
            assert properties.creator == ORGANISATION, path.name


# What the title row (row 1) and the period row (row 2) of each Excel export's sheets must name.
TITLED = {
    "challenges.xlsx": ("Challenge log", "as at"),
    "membership.xlsx": ("Agencies represented on the boards", f"on {TODAY:%d/%m/%Y}"),
    "contributions.xlsx": ("Contributions", "1 April 2025 to 31 March 2026"),
    "statement.xlsx": ("", "1 April 2025 to 31 March 2026"),
    "attendance.xlsx": ("Attendance", "01/04/2025 to 31/03/2026"),
    "pack.xlsx": ("Annual report", "1 April 2025 to 31 March 2026"),
    "reviews.xlsx": ("Case reviews 2025-26", "1 April 2025 to 31 March 2026"),
    "decisions.xlsx": ("Decision register", "Every board and group; every year recorded"),
    "interests.xlsx": ("Register of declarations of interest, 2025-26", "1 April 2025 to 31 March 2026"),
    "audit.xlsx": ("Audit trail", "Changes from"),
}


def test_every_excel_sheet_opens_with_its_title_and_period_printed_on_every_page(demo_exports):
    _database, _folder, paths = demo_exports
    checked = set()
    for path in paths:
        if path.suffix != ".xlsx" or path.name == "workbook.xlsx":
            continue  # the workbook is the import format: its headers stay on row 1
        what, period = TITLED[path.name]
        for sheet in load_workbook(path).worksheets:
            title, when = sheet["A1"].value, sheet["A2"].value
            assert isinstance(title, str) and what in title, (path.name, sheet.title, title)
            assert isinstance(when, str) and period in when, (path.name, sheet.title, when)
            assert sheet.print_title_rows and sheet.print_title_rows.startswith("$1:$"), (path.name, sheet.title)
        checked.add(path.name)
    assert checked == set(TITLED)


def test_every_word_page_names_the_document_its_period_and_page_n_of_m(demo_exports):
    _database, _folder, paths = demo_exports
    for path in paths:
        if path.suffix != ".docx":
            continue
        document = Document(str(path))
        for section in document.sections:
            header = "\n".join(paragraph.text for paragraph in section.header.paragraphs)
            footer = section.footer.paragraphs[0]
            assert ORGANISATION in header, path.name
            assert footer.text.endswith("· Page 1 of 1"), path.name  # fields shown as 1 until laid out
            fields = [node.text.strip() for node in footer._p.iter() if node.tag.endswith("instrText")]
            assert fields == ["PAGE", "NUMPAGES"], path.name
        draft = "DRAFT" in "\n".join(p.text for p in document.sections[0].header.paragraphs)
        assert draft == (path.name == "minutes.docx"), path.name
        for table in document.tables:
            for row in table.rows:
                properties = row._tr.trPr
                assert (
                    properties is not None
                    and properties.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit")
                    is not None
                ), path.name


@needs_libreoffice
def test_every_export_prints_without_hashes_errors_or_empty_pages(demo_exports, tmp_path, libreoffice_profile):
    _database, folder, paths = demo_exports
    out = tmp_path / "pdf"
    libreoffice(paths, "pdf", out, libreoffice_profile)
    for path in paths:
        printed = pages(out / f"{path.stem}.pdf")
        assert printed, path.name
        repeated = furniture(printed)
        for number, page in enumerate(printed, start=1):
            assert not ERRORS.search(page), f"{path.name} page {number}: {ERRORS.search(page).group()}"
            lines = {line.strip() for line in page.splitlines() if line.strip()} - repeated
            assert lines, f"{path.name} page {number} is empty"
        if path.suffix == ".docx":
            assert f"Page {len(printed)} of {len(printed)}" in printed[-1], path.name


@needs_libreoffice
def test_the_annual_packs_excel_totals_recalculated_are_those_of_its_word_file(
    demo_exports, tmp_path, libreoffice_profile
):
    _database, folder, _paths = demo_exports
    libreoffice([folder / "pack.xlsx"], "xlsx", tmp_path / "recalculated", libreoffice_profile)
    book = load_workbook(tmp_path / "recalculated" / "pack.xlsx", data_only=True)
    word_tables = Document(str(folder / "pack-w.docx")).tables
    word_totals = {tuple(cell.text for cell in table.rows[-1].cells) for table in word_tables}

    def total_row(name: str) -> list:
        sheet = book[name]
        (table,) = sheet.tables.values()
        last = int(re.sub(r"\D", "", table.ref.split(":")[1]))
        return [cell.value for cell in sheet[last]]

    def pounds(value) -> str:
        return f"£{value:,.2f}" if value >= 0 else f"-£{-value:,.2f}"

    income = total_row("Income")
    assert ("Total income", pounds(income[1])) in word_totals
    spending = total_row("Expenditure")
    assert ("Total for the whole budget", pounds(spending[1]), pounds(spending[2]), pounds(spending[3])) in {
        total[:4] for total in word_totals
    }
    partners = total_row("Contributions")
    assert ("All partners", pounds(partners[1]), "100.0%", pounds(partners[3]), pounds(partners[4]), "") in (
        word_totals
    )
    net = [row for row in book["Net position"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert net[2][0] == "Income less spending" and net[2][1] == pytest.approx(income[1] - spending[2])
    text = "\n".join(paragraph.text for paragraph in Document(str(folder / "pack-w.docx")).paragraphs)
    assert f"Net position (income less spending): {pounds(net[2][1])}." in text


# --- seed 004 Appendix 6 from income lines alone ------------------------------------------------

APPENDIX_6_INCOME = [(CONTRIBUTIONS_SOURCE, "248,269"), ("Training", "7,125"), ("From reserves", "15,000")]
APPENDIX_6_LINES = [
    ("LSCB Unit Costs", "118,878.00", "112,532.19", None),
    ("Chair Expenses", "42,500.00", "38,248.48", None),
    ("Training", "75,891.00", "68,334.08", "*income from training is accounted for in this sum"),
    ("Serious Case Review Costs", "22,149.00", "3,340.84", None),
]
APPENDIX_6_FIGURES = [
    "£248,269.00", "£7,125.00", "£15,000.00", "£270,394.00",
    "£118,878.00", "£112,532.19", "£6,345.81", "£42,500.00", "£38,248.48", "£4,251.52",
    "£75,891.00", "£68,334.08", "£7,556.92", "£22,149.00", "£3,340.84", "£18,808.16",
    "£259,418.00", "£222,455.59", "£36,962.41",
]  # fmt: skip


@pytest.fixture
def appendix_6(sqlite_database):
    """2015-16 kept as seed 004 keeps it: income lines (the partners' contributions as one) and budget lines."""
    year = FinancialYear(2015)
    money.open_year(sqlite_database, year)
    for source, amount in APPENDIX_6_INCOME:
        money.create_income_line(sqlite_database, year, money.IncomeFields(source, amount))
    for name, budget, actual, footnote in APPENDIX_6_LINES:
        line = money.create_budget_line(sqlite_database, year, money.BudgetLineFields(name, budget, footnote))
        money.create_expenditure(sqlite_database, money.ExpenditureFields(line, dt.date(2016, 3, 31), actual))
    return year


@needs_libreoffice
def test_the_statement_of_seed_004_is_built_from_income_lines_alone(
    sqlite_database, appendix_6, tmp_path, libreoffice_profile
):
    out = tmp_path / "statement.xlsx"
    export_statement(sqlite_database, appendix_6, out, dt.date(2016, 6, 1))
    libreoffice([out], "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv", libreoffice_profile)
    rows = [line.split('","') for line in (tmp_path / "csv" / "statement.csv").read_text("utf-8").splitlines()]
    text = (tmp_path / "csv" / "statement.csv").read_text("utf-8")
    for figure in APPENDIX_6_FIGURES:
        assert figure in text, figure
    contributions = [line for line in text.splitlines() if line.startswith(CONTRIBUTIONS_SOURCE)]
    assert len(contributions) == 1 and "£0.00" not in contributions[0]
    assert "Training *" in text and "* income from training is accounted for in this sum" in text
    assert rows
    # The comparison with previous years files the contributions as contributions, not as other income.
    history = load_workbook(out)["Previous years"]
    assert [cell.value for cell in history[5]][:3] == ["2015-16", 248269, 22125]


def test_the_word_statement_of_seed_004_prints_its_footnote_under_the_table(sqlite_database, appendix_6, tmp_path):
    out = tmp_path / "statement.docx"
    export_statement(sqlite_database, appendix_6, out, dt.date(2016, 6, 1))
    document = Document(str(out))
    income, lines = document.tables[:2]
    assert [cell.text for cell in income.rows[1].cells] == [CONTRIBUTIONS_SOURCE, "£248,269.00"]
    assert len(income.rows) == 5  # three sources and the total: no second contributions line
    assert [cell.text for cell in lines.rows[3].cells] == ["Training *", "£75,891.00", "£68,334.08", "£7,556.92"]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "* income from training is accounted for in this sum" in texts


def test_an_in_year_statement_labels_its_actuals_to_date(sqlite_database, appendix_6, tmp_path):
    out = tmp_path / "statement.xlsx"
    export_statement(sqlite_database, appendix_6, out, dt.date(2015, 12, 6))
    sheet = load_workbook(out)["Statement"]
    headers = [row[2] for row in sheet.iter_rows(values_only=True) if row[0] == "Budget line"]
    assert headers == ["Actual to date (06/12/2015)"]
    out = tmp_path / "statement.docx"
    export_statement(sqlite_database, appendix_6, out, dt.date(2016, 4, 1))
    assert Document(str(out)).tables[1].rows[0].cells[2].text == "Actual to end March 2016"


def test_a_years_contributions_are_per_agency_or_one_income_line_never_both(sqlite_database, appendix_6):
    from board_admin.services import structure as s

    agency = s.create_agency(sqlite_database, s.AgencyFields("Shire County Council", s.Sector.LOCAL_AUTHORITY))
    with pytest.raises(ValidationError, match="delete that line before recording contributions agency by agency"):
        money.create_contribution(sqlite_database, appendix_6, money.ContributionFields(agency, "1,000"))
    other = FinancialYear(2016)
    money.open_year(sqlite_database, other)
    money.create_contribution(sqlite_database, other, money.ContributionFields(agency, "1,000"))
    with pytest.raises(ValidationError, match="cannot also be an income line"):
        money.create_income_line(
            sqlite_database, other, money.IncomeFields("contributions from  partner agencies", "5")
        )
