"""The challenge log's exports, read back: the Excel table and summary, the Word report by theme."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.exporters.challenges import export_challenges
from board_admin.reports.challenges import ChallengeFilter
from board_admin.services import challenges as c
from tests.sample_world import EXECUTIVE

TODAY = dt.date(2025, 6, 15)
HEADERS = [
    "Reference",
    "Date raised",
    "Raised at",
    "Raised at meeting",
    "Raised by",
    "Agency challenged",
    "Theme",
    "Challenge",
    "Response due",
    "Overdue",
    "Days overdue",
    "Response",
    "Response date",
    "Outcome and impact",
    "Status",
    "Escalated to",
    "Date closed",
    "History",
]


@pytest.fixture
def world(world, database):
    c.add_theme(database, "Exploitation")
    world.raised = c.record_challenge(
        database,
        c.ChallengeFields(
            date_raised=TODAY - dt.timedelta(days=90),
            agency_id=world.agencies["Police"],
            challenge='=HYPERLINK("http://x") is what the minute said.\nSecond paragraph.',
            theme="Exploitation",
            raised_at_meeting_id=world.meetings["board-2"],
            raised_by_id=world.people["Grace Lin"],
            response_due=TODAY - dt.timedelta(days=60),
        ),
    )
    c.escalate_challenge(database, world.raised, group_id=world.groups[EXECUTIVE], on=TODAY - dt.timedelta(days=50))
    c.record_response(database, world.raised, "A secure mailbox is set up.", TODAY - dt.timedelta(days=20))
    c.close_challenge(database, world.raised, TODAY - dt.timedelta(days=5), outcome="Intelligence is now shared.")
    return world


def sheet_rows(sheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(min_row=3, values_only=True))  # under the title and period
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_workbook_has_every_challenge_as_a_real_table(database, world, tmp_path):
    path = tmp_path / "log.xlsx"
    assert export_challenges(database, path, TODAY) == 5
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Challenges", "Summary"]
    sheet = workbook["Challenges"]
    assert (sheet["A1"].value, sheet["A2"].value) == ("Challenge log", "All challenges; as at 15/06/2025.")
    assert [cell.value for cell in sheet[3]] == HEADERS
    # The title, the period and the headers are printed at the top of every page.
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.freeze_panes == "B4"
    assert list(sheet.tables) == ["Challenges"] and sheet.tables["Challenges"].ref == "A3:R8"
    rows = {row["Reference"]: row for row in sheet_rows(sheet)}
    assert list(rows) == ["CH-2025-002", "CH-2025-004", "CH-2025-005", "CH-2025-001", "CH-2025-003"]  # newest first

    new = rows["CH-2025-005"]
    assert new["Date raised"] == dt.datetime(2025, 3, 17)  # a real date
    assert sheet.cell(row=5, column=2).number_format == "dd/mm/yyyy"
    assert new["Raised at"] == "Safeguarding Children Partnership Board"
    assert new["Raised at meeting"] == dt.datetime(2025, 3, 17)
    assert new["Agency challenged"] == "Cambridgeshire Constabulary" and new["Theme"] == "Exploitation"
    # Typed text that looks like a formula stays text.
    assert new["Challenge"].startswith("=HYPERLINK") and sheet.cell(row=5, column=8).data_type == "s"
    assert new["Response"] == "A secure mailbox is set up." and new["Response date"] == dt.datetime(2025, 5, 26)
    assert new["Outcome and impact"] == "Intelligence is now shared."
    assert new["Status"] == "Closed" and new["Date closed"] == dt.datetime(2025, 6, 10)
    assert new["Escalated to"] == EXECUTIVE
    assert new["History"].splitlines() == [
        "17/03/2025 Open (system): Recorded",
        f"26/04/2025 Open to Escalated (system): Escalated to {EXECUTIVE}",
        "26/05/2025 Escalated to Responded (system)",
        "10/06/2025 Responded to Closed (system)",
    ]
    overdue = rows["CH-2025-001"]
    assert (overdue["Overdue"], overdue["Days overdue"], overdue["Status"]) == ("Yes", 30, "Awaiting response")
    assert (rows["CH-2025-002"]["Overdue"], rows["CH-2025-002"]["Days overdue"]) == ("No", None)


def test_the_summary_counts_by_status_and_agency(database, world, tmp_path):
    path = tmp_path / "log.xlsx"
    export_challenges(database, path, TODAY)
    sheet = openpyxl.load_workbook(path)["Summary"]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Challenge log summary"
    assert values[1][0] == "All challenges; as at 15/06/2025."
    assert sheet.print_title_rows == "$1:$2"  # the title and period on every printed page
    by_status = {row[0]: row[1] for row in values[4:12] if row[0]}
    assert by_status == {
        "Open": 1,
        "Awaiting response": 1,
        "Responded": 1,
        "Escalated": 0,
        "Closed": 2,
        "Total": 5,
        "Of which overdue": 1,
    }
    header_row = next(index for index, row in enumerate(values) if row[0] == "Agency challenged")
    assert values[header_row][:9] == (
        "Agency challenged",
        "Open",
        "Awaiting response",
        "Responded",
        "Escalated",
        "Closed",
        "Total",
        "Not closed",
        "Overdue",
    )
    agencies = {row[0]: row[1:9] for row in values[header_row + 1 :] if row[0]}
    assert agencies["Cambridgeshire Constabulary"] == (1, 0, 0, 0, 1, 2, 1, 0)
    assert agencies["Cambridgeshire County Council"] == (0, 1, 0, 0, 0, 1, 1, 1)
    assert agencies["Total"] == (1, 1, 1, 0, 2, 5, 3, 1)
    assert set(sheet.tables) == {"ByStatus", "ByAgency"}


def test_the_export_follows_the_filter(database, world, tmp_path):
    path = tmp_path / "open.xlsx"
    chosen = ChallengeFilter(statuses=frozenset({ChallengeStatus.OPEN, ChallengeStatus.AWAITING_RESPONSE}))
    assert export_challenges(database, path, TODAY, chosen) == 2
    workbook = openpyxl.load_workbook(path)
    assert [row["Reference"] for row in sheet_rows(workbook["Challenges"])] == ["CH-2025-002", "CH-2025-001"]
    assert workbook["Summary"]["A2"].value == "Challenges status Open or Awaiting response; as at 15/06/2025."


def test_the_word_report_is_grouped_by_theme_with_response_and_outcome(database, world, tmp_path):
    path = tmp_path / "log.docx"
    assert export_challenges(database, path, TODAY) == 5
    document = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Challenge log")
    assert paragraphs[1] == ("Subtitle", "All challenges; as at 15/06/2025.")
    assert "recorded 5 challenges to 4 agencies" in paragraphs[2][1]
    themes = [text for style, text in paragraphs if style == "Heading 1"]
    assert themes == [
        "Challenges by agency",
        "Children placed out of county",
        "Exploitation",
        "FGM reporting",
        "Health assessments",
        "Information sharing",
    ]
    exploitation = [text for _style, text in paragraphs[[t for _s, t in paragraphs].index("Exploitation") :]][:7]
    assert exploitation[1] == "CH-2025-005: Cambridgeshire Constabulary"
    assert exploitation[2].startswith("Raised on 17/03/2025 at Safeguarding Children Partnership Board, meeting of ")
    assert exploitation[2].endswith("Status: Closed on 10/06/2025.")
    assert exploitation[3] == 'Challenge: =HYPERLINK("http://x") is what the minute said.'
    assert exploitation[4] == "Second paragraph."
    assert exploitation[5] == "Response (26/05/2025): A secure mailbox is set up."
    assert exploitation[6] == "Outcome and impact: Intelligence is now shared."
    overdue = next(text for text in (t for _s, t in paragraphs) if text.startswith("Raised on 07/03/2025"))
    assert overdue.endswith("Status: Awaiting response; overdue: a response was due on 16/05/2025.")
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Agency challenged",
        "Challenges",
        "Closed",
        "Not closed",
        "Overdue",
    ]
    assert [cell.text for cell in table.rows[-1].cells] == ["Total", "5", "2", "3", "1"]


def test_an_empty_year_gives_a_document_that_says_so(database, world, tmp_path):
    path = tmp_path / "none.docx"
    assert export_challenges(database, path, TODAY, ChallengeFilter.for_year(FinancialYear(2015))) == 0
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[1] == "Challenges raised 01/04/2015 to 31/03/2016; as at 15/06/2025."
    assert "No challenges match." in texts


def test_another_extension_is_refused_and_nothing_is_written(database, world, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BoardAdminError, match=r"\.xlsx or \.docx"):
        export_challenges(database, folder / "log.csv", TODAY)
    assert list(folder.iterdir()) == []


def test_the_minutes_section_lists_the_challenges_raised_at_the_meeting(database, world, tmp_path):
    from board_admin.exporters.minutes import write_challenges_section
    from board_admin.reports.challenges import meeting_challenges

    document = Document()
    write_challenges_section(document, meeting_challenges(database, world.meetings["board-2"], TODAY))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert texts[0] == ("Heading 1", "Challenges raised at this meeting")
    assert texts[1][1] == (
        "CH-2025-001 (Cambridgeshire County Council, Children placed out of county): "
        "The board asked children placed out of county to be evidenced."
    )
    assert texts[2][1] == "Status: Awaiting response; response due by 16/05/2025; raised by Grace Lin."
    assert texts[3][1].startswith("CH-2025-005 (Cambridgeshire Constabulary, Exploitation): =HYPERLINK")
    assert texts[4][1] == "Status: Closed; raised by Grace Lin."
    empty = Document()
    write_challenges_section(empty, meeting_challenges(database, world.meetings["qeg-1"], TODAY))
    assert [p.text for p in empty.paragraphs] == []
