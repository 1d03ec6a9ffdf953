"""The annual report pack, read back: each section holds the figures of the report behind its screen; progress,
cancel (no file left) and the command line."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from board_admin.cli import EXIT_FAILED, EXIT_OK, main
from board_admin.domain.attendance import Period, percent_text
from board_admin.domain.enums import ActionStatus, GroupKind
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds, pounds
from board_admin.exporters.annual_pack import SECTIONS, ExportCancelled, export_annual_pack
from board_admin.reports.attendance import attendance_report
from board_admin.reports.challenges import ChallengeFilter, challenge_log, status_counts
from board_admin.reports.funding import funding_for_year
from board_admin.reports.meetings import action_log
from board_admin.reports.structure import membership_matrix, structure_on
from tests.unit.exporters.test_attendance_export import Charts, tiny_png

TODAY = dt.date(2026, 11, 21)
YEAR = FinancialYear(2025)  # the demo's last whole year: every section has rows
PERIOD = Period(YEAR.start, YEAR.end)


@pytest.fixture
def demo(database, with_demo):
    return with_demo(database, TODAY)


def export(database, path, **options):
    return export_annual_pack(
        database,
        YEAR,
        path,
        on_date=TODAY,
        picture=lambda groups: tiny_png() if groups else None,
        charts=lambda report: Charts(tiny_png(), {}),
        **options,
    )


def word_tables(path) -> dict[str, list[list[list[str]]]]:
    """The document's tables under the heading (level 1 or 2) that comes before each, as rows of cell texts."""
    document = Document(str(path))
    found: dict[str, list] = {}
    heading = ""
    tables = iter(document.tables)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr"))
            style = style.find(qn("w:pStyle")) if style is not None else None
            if style is not None and style.get(qn("w:val")) in ("Heading1", "Heading2"):
                heading = "".join(node.text or "" for node in child.iter(qn("w:t")))
        elif child.tag == qn("w:tbl"):
            table = next(tables)
            found.setdefault(heading, []).append([[cell.text for cell in row.cells] for row in table.rows])
    return found


def money(pence: int) -> float:
    """Pounds as read back from a cell (stored exactly, read as a number)."""
    return float(pounds(pence))


def sheet_rows(book, name) -> list[tuple]:
    """The rows of the sheet's table, without its header and its totals row."""
    sheet = book[name]
    (table,) = sheet.tables.values()
    last = int("".join(filter(str.isdigit, table.ref.split(":")[1]))) - (table.totalsRowCount or 0)
    return [row for row in sheet.iter_rows(min_row=4, max_row=last, values_only=True) if row[0] is not None]


def boards(database):
    return [placed.group for placed in structure_on(database, YEAR.end) if placed.group.kind is GroupKind.BOARD]


def test_the_word_pack_has_every_section_a_contents_and_page_numbers(demo, tmp_path):
    out = tmp_path / "pack.docx"
    export(demo, out)
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{number}. {title}" for number, (title, _write) in enumerate(SECTIONS, start=1)]
    contents = document.element.body.find(qn("w:sdt"))
    assert contents is not None  # a contents control, one line per section, each with its page reference
    codes = [node.text for node in contents.iter(qn("w:instrText"))]
    assert codes == [f" PAGEREF _Toc_section_{number} \\h " for number in range(1, len(SECTIONS) + 1)]
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer  # page numbers from the template's footer
    assert document.core_properties.title == "Annual report 2025-26: appendices"
    # The structure picture and one chart per board.
    assert len(document.inline_shapes) == 1 + len(boards(demo))


def test_each_word_section_holds_the_figures_of_its_report(demo, tmp_path):
    out = tmp_path / "pack.docx"
    export(demo, out)
    tables = word_tables(out)

    # Agencies on each board: the structure screen's matrix, on the year's last day.
    board_ids = [board.id for board in boards(demo)]
    matrix = membership_matrix(demo, YEAR.end, board_ids)
    [shown] = tables["2. Agencies represented on each board"]
    assert shown[0][2:] == [placed.group.short_name or placed.group.name for placed in matrix.groups]
    assert [row[2:] for row in shown[1:]] == [
        [matrix.cell(agency.id, placed.group.id).text for placed in matrix.groups] for agency in matrix.agencies
    ]
    assert [row[0].split("\n")[0] for row in shown[1:]] == [agency.name for agency in matrix.agencies]

    # Meetings planned and held: the attendance report's by-group figures.
    report = attendance_report(demo, PERIOD)
    groups = [row for row in report.groups if row.planned]
    [meetings] = tables["3. Meetings planned and held"]
    assert meetings[1:-1] == [
        [row.group_name, str(row.planned), str(row.held), str(row.cancelled), str(row.still_planned),
         str(row.postponed), percent_text(row.held_rate)]
        for row in groups
    ]  # fmt: skip
    planned, held = sum(row.planned for row in groups), sum(row.held for row in groups)
    assert meetings[-1][:3] == ["All groups", str(planned), str(held)]
    assert meetings[-1][6] == percent_text(Fraction(held, planned))

    # Attendance by agency at each board: that board's attendance report.
    for board in boards(demo):
        by_agency = attendance_report(demo, PERIOD, [board.id]).agencies
        assert by_agency
        [shown] = tables[board.name]
        assert [row[:4] for row in shown[1:]] == [
            [row.agency_name, str(row.expected), str(row.represented), percent_text(row.rate)] for row in by_agency
        ]

    # The challenge log: counts of the year's challenges, and the challenges closed in the year.
    raised = challenge_log(demo, TODAY, ChallengeFilter.for_year(YEAR))
    [by_status] = tables["Challenges raised in 2025-26 by status"]
    assert by_status[1:-1] == [[status.label, str(count)] for status, count in status_counts(raised).items()]
    assert by_status[-1] == ["Raised in the year", str(len(raised))]
    closed = [
        row for row in challenge_log(demo, TODAY) if row.date_closed and YEAR.start <= row.date_closed <= YEAR.end
    ]
    assert closed
    [shown] = tables["Challenges closed in 2025-26 and their outcomes"]
    assert sorted(row[0].split("\n")[0] for row in shown[1:]) == sorted(row.reference for row in closed)
    outcomes = {row[0].split("\n")[0]: row[3] for row in shown[1:]}
    assert all(outcomes[row.reference] == (row.outcome or "No outcome recorded") for row in closed)

    # Actions from the year's meetings, by status.
    actions = [row for row in action_log(demo, TODAY) if YEAR.start <= row.meeting_date <= YEAR.end]
    counted = Counter(row.status for row in actions)
    [by_status] = tables["6. Actions from the year's meetings"]
    assert by_status[1:-1] == [[status.label, str(counted[status])] for status in ActionStatus]
    for status in ActionStatus:
        if counted[status]:
            [listed] = tables[f"{status.label} ({counted[status]})"]
            assert sorted(row[1] for row in listed[1:]) == sorted(a.description for a in actions if a.status is status)

    # The financial statement and the contributions: the funding screen's report.
    funding = funding_for_year(demo, YEAR)
    [income] = tables["Income"]
    assert income[1:] == [[source, format_pounds(amount)] for source, amount in funding.income_by_source] + [
        ["Total income", format_pounds(funding.income_pence)]
    ]
    [spending] = tables["Expenditure"]
    assert [row[:3] for row in spending[1:-1]] == [
        [line.name, format_pounds(line.budget_pence), format_pounds(line.actual_pence)] for line in funding.budget_lines
    ]
    assert spending[-1][1:3] == [format_pounds(funding.budget_pence), format_pounds(funding.actual_pence)]
    [contributions] = tables["Contributions by partner"]
    assert [row[:5] for row in contributions[1:-1]] == [
        [row.agency_name, format_pounds(row.agreed_pence), f"{row.agreed_pence * 100 / funding.agreed_pence:.1f}%",
         format_pounds(row.received_pence or 0), format_pounds(row.outstanding_pence)]
        for row in funding.contributions
    ]  # fmt: skip
    assert contributions[-1][2:5] == ["100.0%", format_pounds(funding.received_pence),
                                      format_pounds(funding.outstanding_pence)]  # fmt: skip


def test_the_excel_pack_has_the_same_tables_one_sheet_each(demo, tmp_path):
    out = tmp_path / "pack.xlsx"
    export(demo, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Structure", "Agencies on boards", "Meetings", "Attendance by agency", "Challenges by status",
        "Challenges by agency", "Challenges closed", "Actions by status", "Actions", "Income", "Expenditure",
        "Contributions", "Net position", "Reviews in the year", "Source of referrals", "Reviews by kind",
        "Learning themes", "Published reviews", "Recommendations",
    ]  # fmt: skip
    for sheet in book.worksheets:
        # Each sheet says what it is and for which year, on screen and on every printed page.
        assert sheet["A1"].value == f"Annual report {YEAR.label}: appendices: {sheet.title}", sheet.title
        assert sheet["A2"].value.startswith(f"Financial year {YEAR.label}")
        assert sheet.print_title_rows == "$1:$3" and sheet.oddHeader.right.text == f"Financial year {YEAR.label}"
        assert sheet.freeze_panes == "A4" and sheet.tables, sheet.title

    assert [row[0] for row in sheet_rows(book, "Structure")] == [p.group.name for p in structure_on(demo, YEAR.end)]
    groups = [row for row in attendance_report(demo, PERIOD).groups if row.planned]
    assert [row[:6] for row in sheet_rows(book, "Meetings")] == [
        (row.group_name, row.planned, row.held, row.cancelled, row.still_planned, row.postponed) for row in groups
    ]
    expected = [
        (board.name, row.agency_name, row.expected, row.represented, pytest.approx(float(row.rate)))
        for board in boards(demo)
        for row in attendance_report(demo, PERIOD, [board.id]).agencies
    ]
    assert [row[:5] for row in sheet_rows(book, "Attendance by agency")] == expected
    assert book["Attendance by agency"]["E4"].number_format == "0%"

    raised = challenge_log(demo, TODAY, ChallengeFilter.for_year(YEAR))
    assert sheet_rows(book, "Challenges by status") == [(s.label, n) for s, n in status_counts(raised).items()]
    closed = sheet_rows(book, "Challenges closed")
    assert all(YEAR.start <= row[2].date() <= YEAR.end for row in closed) and closed
    assert book["Challenges closed"]["B4"].number_format == "dd/mm/yyyy"
    # A date never runs into the text beside it: dates centred, text after a figure or a date indented.
    actions = book["Actions"]
    assert actions["B4"].alignment.horizontal == "center" and actions["E4"].alignment.horizontal == "center"
    assert actions["C4"].alignment.indent >= 1 and actions["F4"].alignment.indent >= 1

    funding = funding_for_year(demo, YEAR)
    assert sheet_rows(book, "Income") == [(source, money(amount)) for source, amount in funding.income_by_source]
    # Remaining and outstanding are formulas over their row; the totals are the tables' own.
    assert sheet_rows(book, "Expenditure") == [
        (line.name, money(line.budget_pence), money(line.actual_pence), f"=B{row}-C{row}")
        for row, line in enumerate(funding.budget_lines, start=4)
    ]
    assert book["Contributions"]["B4"].number_format == "£#,##0.00"
    assert [row[4] for row in sheet_rows(book, "Contributions")] == [
        f"=B{row}-D{row}" for row in range(4, 4 + len(funding.contributions))
    ]
    last = 4 + len(funding.budget_lines)
    assert [cell.value for cell in book["Expenditure"][last]] == [
        "Total",
        "=SUBTOTAL(109,Expenditure[Budget])",
        "=SUBTOTAL(109,Expenditure[Actual])",
        "=SUBTOTAL(109,Expenditure[Remaining])",
    ]


def test_progress_is_told_step_by_step_up_to_the_end(sqlite_database, with_demo, tmp_path):
    with_demo(sqlite_database, TODAY)
    told: list[tuple[int, int, str]] = []
    export(sqlite_database, tmp_path / "pack.xlsx", progress=lambda done, total, text: told.append((done, total, text)))
    assert told[0][0] == 0 and told[-1][0] == told[-1][1]
    assert [done for done, _total, _text in told] == sorted(done for done, _total, _text in told)
    assert all(done <= total for done, total, _text in told)
    assert any(text.startswith("Writing financial statement") for _done, _total, text in told)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize("stop_after", [1, 12])  # while reading, and while writing the file
def test_a_cancelled_export_leaves_no_file(sqlite_database, with_demo, tmp_path, suffix, stop_after):
    with_demo(sqlite_database, TODAY)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"pack{suffix}"
    steps: list[str] = []
    with pytest.raises(ExportCancelled):
        export(
            sqlite_database,
            out,
            progress=lambda done, total, text: steps.append(text),
            is_cancelled=lambda: len(steps) >= stop_after,
        )
    assert len(steps) == stop_after
    assert list(folder.iterdir()) == []  # neither the file nor its temporary


def test_a_cancelled_export_keeps_the_file_it_would_have_replaced(sqlite_database, with_demo, tmp_path):
    with_demo(sqlite_database, TODAY)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.xlsx"
    out.write_bytes(b"last year's pack")
    with pytest.raises(ExportCancelled):
        export(sqlite_database, out, is_cancelled=lambda: True)
    assert out.read_bytes() == b"last year's pack" and list(folder.iterdir()) == [out]


def test_a_year_without_money_says_so(sqlite_database, with_demo, tmp_path):
    with_demo(sqlite_database, TODAY)
    out = tmp_path / "pack.docx"
    export_annual_pack(sqlite_database, FinancialYear(2010), out, on_date=TODAY)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "No money has been recorded for 2010-11." in texts
    assert "No meeting was scheduled in this year." in texts


# --- the command line ----------------------------------------------------------------------------

DEMO = ["--demo", "--user", "admin"]


@pytest.fixture
def _password(monkeypatch, demo_in_data_dir):
    monkeypatch.setenv("BOARD_ADMIN_PASSWORD", "demo")


@pytest.mark.usefixtures("_password")
@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_the_command_writes_the_pack(tmp_path, capsys, suffix):
    out = tmp_path / f"annual{suffix}"
    assert main([*DEMO, "export", "annual-pack", "--year", "2025-26", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"Wrote {out} (the annual report pack for 2025-26)."
    if suffix == ".docx":
        assert len(Document(str(out)).inline_shapes) >= 2  # the structure picture and the boards' charts
    else:
        assert "Meetings" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.usefixtures("_password")
def test_the_command_refuses_a_wrong_extension_or_year(tmp_path, capsys):
    assert main([*DEMO, "export", "annual-pack", "--year", "2025-26", str(tmp_path / "pack.pdf")]) == EXIT_FAILED
    assert "must end in .docx or .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "pack.pdf").exists()
    with pytest.raises(SystemExit):
        main([*DEMO, "export", "annual-pack", "--year", "last year", str(tmp_path / "pack.xlsx")])
