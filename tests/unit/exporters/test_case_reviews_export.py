"""`export reviews`: the year's case reviews in Excel and Word, read back; the annual pack's new section."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.cli import main
from board_admin.domain.case_reviews import ReviewDecision
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.exporters.annual_pack import export_annual_pack
from board_admin.exporters.case_reviews import export_reviews
from board_admin.reports.case_reviews import ANNUAL_COLUMNS
from board_admin.services import case_reviews as cr
from tests.case_review_world import build_review_world, fields

D = dt.date
YEAR = FinancialYear(2025)
FINANCE = Actor("fran", "Fran Finance", frozenset({UserRole.FINANCE}))


@pytest.fixture
def reviewed(sqlite_database):
    db = sqlite_database
    world = build_review_world(db)
    met = ReviewDecision.CRITERIA_MET
    csc, sarc = world["agencies"]["CSC"], world["agencies"]["SARC"]
    oliver = cr.record_case_review(
        db,
        fields(
            world,
            "CSPR",
            notified=D(2024, 11, 4),
            decided_on=D(2024, 11, 25),
            decision=met,
            signed_off_on=D(2025, 9, 15),
            published_on=D(2025, 10, 6),
            summary="A baby injured by the family's dogs.",
            themes=["Professional curiosity"],
        ),
    )
    cr.add_recommendation(db, oliver, "Ask about dogs in the home at every visit.")
    for name, agency, decision in (("Amelia", csc, ReviewDecision.CRITERIA_NOT_MET), ("Jack", sarc, met)):
        cr.record_case_review(
            db,
            cr.CaseReviewFields(
                world["kinds"]["RR"],
                name,
                D(2025, 6, 2),
                referring_agency_id=agency,
                decided_on=D(2025, 6, 20),
                decision=decision,
                themes=["Child sexual abuse"],
            ),
        )
    return db


def test_the_workbook_has_the_seed_002_table_and_the_referrals_by_source(reviewed, tmp_path):
    out = tmp_path / "reviews.xlsx"
    data = export_reviews(reviewed, out, YEAR, on_date=D(2025, 12, 1))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Reviews in the year",
        "Source of referrals",
        "Reviews by kind",
        "Learning themes",
        "Published reviews",
        "Recommendations",
        "Case reviews",
    ]
    table = book["Reviews in the year"]
    assert [cell.value for cell in table[5]] == [heading for heading, _ in ANNUAL_COLUMNS]
    assert [cell.value for cell in table[6]] == [1, 1, 1, 0, 1, 1, 0]
    referrals = [[cell.value for cell in row] for row in book["Source of referrals"].iter_rows(min_row=4)]
    assert referrals == [
        ["Children's Social Care", 1, 1],
        ["Sexual Assault Referral Centre", 1, 1],
    ]
    published = [[cell.value for cell in row] for row in book["Published reviews"].iter_rows(min_row=4)]
    assert published[0][:2] == ["CSPR-2024-01", "Oliver"] and published[0][4] == "A baby injured by the family's dogs."
    assert book["Published reviews"]["D4"].number_format == "dd/mm/yyyy"
    listed = [row[0].value for row in book["Case reviews"].iter_rows(min_row=4)]
    assert listed == [row.reference for row in data.reviews] and len(listed) == 3


def test_every_sheet_says_it_is_the_years_case_reviews_on_every_printed_page(reviewed, tmp_path):
    out = tmp_path / "reviews.xlsx"
    export_reviews(reviewed, out, YEAR, on_date=D(2025, 12, 1))
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        assert sheet["A1"].value.startswith("Case reviews 2025-26: "), sheet.title
        assert "Financial year 2025-26" in sheet["A2"].value and "as at 01/12/2025" in sheet["A2"].value, sheet.title
        assert sheet.print_title_rows.startswith("$1:$"), sheet.title
        assert int(sheet.page_setup.paperSize) == 9 and "Page &P of &N" in sheet.oddFooter.right.text, sheet.title
        assert "2025-26" in sheet.oddHeader.right.text, sheet.title
    assert book.properties.title == "Case reviews 2025-26" and "2025-26" in book.properties.subject
    assert book.properties.creator != "openpyxl"


def test_the_word_report_says_what_it_is_on_every_page(reviewed, tmp_path):
    out = tmp_path / "reviews.docx"
    export_reviews(reviewed, out, YEAR, on_date=D(2025, 12, 1))
    document = Document(str(out))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Case reviews 2025-26") and "as at 01/12/2025" in footer and "Page 1 of 1" in footer
    assert "Challenge log" not in footer
    assert document.core_properties.author != "python-docx" and "2025-26" in document.core_properties.subject
    for table in document.tables:
        for row in table.rows:
            assert (
                row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
            )


def test_the_word_report_reads_as_the_annual_report_section(reviewed, tmp_path):
    out = tmp_path / "reviews.docx"
    export_reviews(reviewed, out, YEAR, on_date=D(2025, 12, 1))
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Case reviews 2025-26" in text
    assert "1 met the criteria for a child safeguarding practice review and 1 did not" in text
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == [heading for heading, _ in ANNUAL_COLUMNS]
    assert [cell.text for cell in first.rows[1].cells] == ["1", "1", "1", "0", "1", "1", "0"]
    sources = document.tables[1]
    assert [[cell.text for cell in row.cells] for row in sources.rows[1:]] == [
        ["Children's Social Care", "1", "1"],
        ["Sexual Assault Referral Centre", "1", "1"],
    ]


def test_finance_may_not_export_reviews_and_a_wrong_name_is_a_sentence(reviewed, tmp_path):
    with pytest.raises(BoardAdminError, match="xlsx or .docx"):
        export_reviews(reviewed, tmp_path / "reviews.pdf", YEAR)
    reviewed.actor = FINANCE
    with pytest.raises(PermissionDeniedError, match="read case reviews"):
        export_reviews(reviewed, tmp_path / "reviews.xlsx", YEAR)
    assert not (tmp_path / "reviews.xlsx").exists()


def test_the_annual_pack_carries_the_reviews_but_not_for_finance(reviewed, tmp_path):
    out = tmp_path / "pack.xlsx"
    export_annual_pack(reviewed, YEAR, out, on_date=D(2025, 12, 1))
    book = openpyxl.load_workbook(out)
    assert [cell.value for cell in book["Reviews in the year"][4]] == [1, 1, 1, 0, 1, 1, 0]
    reviewed.actor = FINANCE
    document = tmp_path / "pack.docx"
    export_annual_pack(reviewed, YEAR, document, on_date=D(2025, 12, 1))
    text = "\n".join(p.text for p in Document(str(document)).paragraphs)
    assert "Case reviews concern individuals" in text and "Oliver" not in text


def test_the_command_writes_the_year_asked_for(reviewed, tmp_path, capsys):
    out = tmp_path / "reviews.xlsx"
    path = reviewed.engine.url.database
    assert main(["--database", path, "export", "reviews", "--year", "2025-26", str(out)]) == 0
    assert "case reviews of 2025-26" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["Reviews in the year"]["A6"].value == 1
