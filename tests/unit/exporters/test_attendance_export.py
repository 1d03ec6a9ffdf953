"""The attendance exports, read back: the workbook's sheets, headers, figures and formats; the Word report."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from board_admin.domain.attendance import Period
from board_admin.domain.enums import UserRole
from board_admin.domain.errors import BoardAdminError, NotFoundError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Actor, PermissionDeniedError
from board_admin.exporters.attendance import export_attendance
from board_admin.reports.attendance import attendance_report, find_groups

TODAY = dt.date(2026, 11, 21)
YEAR = FinancialYear.containing(TODAY)
AGENCY_HEADERS = ["Agency", "Expected", "Represented", "Rate"]
GROUP_HEADERS = ["Group", "Planned", "Held", "Cancelled", "Not quorate"]
BOARD = "Safeguarding Children Partnership Board"
SUBGROUP = "Child Death Overview Panel"


@pytest.fixture
def demo(database, with_demo):
    return with_demo(database, TODAY)


def headers(sheet) -> list:
    return [cell.value for cell in sheet[3]]  # under the title and the period


def body(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] is not None]


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A small grey PNG (2x1 pixels unless told): a real picture without drawing anything with Qt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress((b"\x00" + b"\x80" * width) * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@dataclass(frozen=True)
class Charts:
    agencies: bytes | None
    groups: dict[int, bytes]


def test_the_workbook_has_one_sheet_per_view_and_the_exact_headers(demo, tmp_path):
    path = tmp_path / "attendance.xlsx"
    report = export_attendance(demo, path, start=YEAR.start, end=YEAR.end)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["By agency", "By person", "By group"]
    matrices = book.sheetnames[3:]
    assert len(matrices) == len(report.matrices) > 1
    assert all(name.startswith("Matrix - ") and len(name) <= 31 for name in matrices)
    assert len({name.casefold() for name in matrices}) == len(matrices)
    assert headers(book["By agency"])[:4] == AGENCY_HEADERS
    assert "Band" in headers(book["By agency"])
    assert headers(book["By group"])[:5] == GROUP_HEADERS
    assert headers(book["By person"])[:3] == ["Person", "Agency", "Group"]
    table_names = [name for sheet in book for name in sheet.tables]
    empty = [matrix.group_name for matrix in report.matrices if not matrix.rows]
    assert len(table_names) == len(book.sheetnames) - len(empty)  # every list with rows is a real table
    assert len(set(table_names)) == len(table_names)
    for matrix, name in zip(report.matrices, matrices, strict=True):
        if not matrix.rows:
            assert book[name]["A5"].value == f"{matrix.group_name}: no meetings held."
    for sheet in book:
        # Each sheet says what it is and for which period, on screen and on every printed page.
        period = f"{YEAR.start:%d/%m/%Y} to {YEAR.end:%d/%m/%Y}"
        assert sheet["A1"].value.startswith("Attendance") and sheet["A2"].value == f"Period: {period}"
        assert sheet.print_title_rows == "$1:$3" and sheet.oddHeader.right.text == period
        assert sheet.freeze_panes == "A4"
        assert all(cell.font.bold for cell in sheet[3] if cell.value is not None)
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1


def test_the_agency_figures_are_the_report_figures(demo, tmp_path):
    path = tmp_path / "attendance.xlsx"
    export_attendance(demo, path, start=YEAR.start, end=YEAR.end)
    expected = attendance_report(demo, Period(YEAR.start, YEAR.end))
    sheet = openpyxl.load_workbook(path)["By agency"]
    rows = body(sheet)
    assert len(rows) == len(expected.agencies) > 10
    for row, agency in zip(rows, expected.agencies, strict=True):
        assert row[:3] == (agency.agency_name, agency.expected, agency.represented)
        assert row[3] == pytest.approx(float(agency.rate))
        assert row[4] == agency.band.label
    for cell in sheet["D"][3 : len(rows) + 3]:
        assert cell.number_format == "0%"
        assert isinstance(cell.value, int | float)  # a number (100% reads back as 1), never text


def test_text_beside_a_figure_never_runs_into_it(demo, tmp_path):
    path = tmp_path / "attendance.xlsx"
    export_attendance(demo, path, start=YEAR.start, end=YEAR.end)
    beside = 0
    for name in ("By agency", "By person", "By group"):
        for row in openpyxl.load_workbook(path)[name].iter_rows(min_row=4):
            for left, cell in zip(row[:-1], row[1:], strict=True):
                if isinstance(cell.value, str) and isinstance(left.value, int | float):
                    beside += 1
                    assert cell.alignment.indent >= 1 or cell.alignment.horizontal == "center", (name, cell.coordinate)
    assert beside > 10  # the sector after "not recorded", for one


def test_the_group_figures_and_the_people_flagged(demo, tmp_path):
    path = tmp_path / "attendance.xlsx"
    export_attendance(demo, path, start=YEAR.start, end=YEAR.end)
    expected = attendance_report(demo, Period(YEAR.start, YEAR.end))
    book = openpyxl.load_workbook(path)
    groups = body(book["By group"])
    assert [row[:4] for row in groups] == [
        (group.group_name, group.planned, group.held, group.cancelled) for group in expected.groups
    ]
    assert sum(row[3] for row in groups) > 0  # the demo cancels some meetings
    people = book["By person"]
    columns = headers(people)
    flagged = [row for row in body(people) if row[columns.index("Serial non-attender")] == "Yes"]
    assert len(flagged) == len(expected.serial_non_attenders) > 0
    assert all(row[columns.index("Why flagged")] for row in flagged)


def test_one_group_has_one_matrix_sheet_with_the_register_letters(demo, tmp_path):
    path = tmp_path / "board.xlsx"
    report = export_attendance(demo, path, start=YEAR.start, end=YEAR.end, group_names=[BOARD])
    assert report.group_names == (BOARD,)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["By agency", "By person", "By group", "Matrix"]
    matrix = report.matrices[0]
    sheet = book["Matrix"]
    assert headers(sheet)[:2] == ["Member", "Agency"]
    assert headers(sheet)[2 : 2 + len(matrix.meeting_dates)] == [f"{day:%d/%m/%Y}" for day in matrix.meeting_dates]
    rows = body(sheet)[: len(matrix.rows)]
    for row, expected in zip(rows, matrix.rows, strict=True):
        assert row[0] == expected.person_name
        assert tuple(code or "" for code in row[2 : 2 + len(matrix.meeting_dates)]) == expected.codes
    letters = {code for row in matrix.rows for code in row.codes}
    assert letters <= {"P", "A", "X", "D", "?", ""} and "P" in letters


def test_a_group_that_does_not_exist_is_named_and_nothing_is_written(demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(NotFoundError, match="There is no group called 'Tea Committee'"):
        export_attendance(
            demo, folder / "attendance.xlsx", start=YEAR.start, end=YEAR.end, group_names=["Tea Committee"]
        )
    assert list(folder.iterdir()) == []


def test_exports_need_the_export_permission_and_a_known_format(demo, tmp_path):
    demo.actor = Actor("nobody", "No Body", frozenset())
    with pytest.raises(PermissionDeniedError):
        export_attendance(demo, tmp_path / "a.xlsx", start=YEAR.start, end=YEAR.end)
    demo.actor = Actor("carol", "Carol Chair", frozenset({UserRole.CHAIR}))
    with pytest.raises(BoardAdminError, match=r"must end in \.xlsx or \.docx"):
        export_attendance(demo, tmp_path / "a.csv", start=YEAR.start, end=YEAR.end)
    export_attendance(demo, tmp_path / "a.xlsx", start=YEAR.start, end=YEAR.end)
    assert (tmp_path / "a.xlsx").exists()


def test_the_word_report_has_the_tables_the_pictures_and_a_landscape_matrix(demo, tmp_path):
    path = tmp_path / "attendance.docx"
    group_ids = find_groups(demo, [BOARD, SUBGROUP])
    picture = tiny_png()
    report = export_attendance(
        demo,
        path,
        start=YEAR.start,
        end=YEAR.end,
        group_names=[BOARD, SUBGROUP],
        charts=Charts(picture, {group_ids[0]: picture}),
    )
    document = Document(str(path))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styled[0] == ("Title", f"Attendance, financial year {YEAR.label}")
    assert styled[1][0] == "Subtitle" and BOARD in styled[1][1] and SUBGROUP in styled[1][1]
    headings = [text for style, text in styled if style == "Heading 1"]
    assert headings[:3] == ["By agency", "By group", "By person"]
    assert f"Attendance matrix: {BOARD}" in headings
    assert len(document.inline_shapes) == 2  # the agency chart and the board's turnout
    tables = {tuple(cell.text for cell in table.rows[0].cells): table for table in document.tables}
    by_agency = tables[("Agency", "Expected", "Represented", "Rate", "Band", "Not recorded")]
    assert [row.cells[0].text for row in by_agency.rows[1:]] == [row.agency_name for row in report.agencies]
    assert by_agency.rows[1].cells[3].text == f"{round(report.agencies[0].rate * 100)}%"
    by_group = tables[
        ("Group", "Planned", "Held", "Cancelled", "Still planned", "Not quorate", "Average", "Registers missing")
    ]
    assert sorted(row.cells[0].text for row in by_group.rows[1:]) == sorted([BOARD, SUBGROUP])
    by_person = next(table for header, table in tables.items() if header[0] == "Person")
    flags = [row.cells[-1].text for row in by_person.rows[1:]]
    assert len(flags) == len(report.people)
    assert sum(flag.startswith("Yes: ") for flag in flags) == len(report.serial_non_attenders)
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[-1].page_width > document.sections[-1].page_height


@pytest.mark.parametrize(("height_mm", "chart_first"), [(90, True), (220, False)])
def test_a_tall_agencies_chart_follows_their_table_rather_than_leaving_page_1_empty(
    demo, tmp_path, height_mm, chart_first
):
    """Printed, every group's report (38 agencies) had its title and "By agency" alone on page 1: the chart
    did not fit under them and went to page 2. A chart that fits leads; a taller one follows the table."""
    from board_admin.exporters.word import AGENCY_CHART_MM

    path = tmp_path / "attendance.docx"
    chart = tiny_png(160, round(160 * height_mm / AGENCY_CHART_MM))  # prints height_mm tall at its place
    export_attendance(demo, path, start=YEAR.start, end=YEAR.end, charts=Charts(chart, {}))
    body = list(Document(str(path)).element.body)
    picture = next(index for index, block in enumerate(body) if block.xpath(".//pic:pic"))
    table = next(index for index, block in enumerate(body) if block.tag.endswith("}tbl"))  # by agency, the first
    heading = next(index for index, block in enumerate(body) if block.xpath("string(.)") == "By group")
    assert (picture < table) is chart_first
    assert picture < heading  # still in its section


def test_the_word_report_without_charts_has_no_pictures(demo, tmp_path):
    path = tmp_path / "attendance.docx"
    export_attendance(demo, path, start=YEAR.start, end=YEAR.end, group_names=[SUBGROUP])
    document = Document(str(path))
    assert len(document.inline_shapes) == 0
    assert any(table.rows[0].cells[0].text == "Agency" for table in document.tables)


def test_a_period_with_no_meetings_still_gives_a_complete_workbook(demo, tmp_path):
    path = tmp_path / "empty.xlsx"
    report = export_attendance(demo, path, start=dt.date(2001, 4, 1), end=dt.date(2001, 6, 30))
    assert report.agencies == () and report.people == ()
    book = openpyxl.load_workbook(path)
    assert headers(book["By agency"])[:4] == AGENCY_HEADERS
    assert body(book["By agency"]) == []
    groups = body(book["By group"])
    assert len(groups) == len(report.groups) > 1
    assert all(row[1:4] == (0, 0, 0) and row[8] is None for row in groups)  # no meetings: no rate, not 0%


def test_the_workbook_written_row_by_row_keeps_its_widths_wrapping_filters_and_pages(demo, tmp_path):
    # The workbook is written in openpyxl's write-only mode, where widths, heights, the frozen pane, the
    # tables and the page fitting must all be settled before the first row is written: read back, each is
    # still there and agrees with the rows.
    from board_admin.exporters.sheets import lines_needed

    path = tmp_path / "attendance.xlsx"
    report = export_attendance(demo, path, start=YEAR.start, end=YEAR.end)
    book = openpyxl.load_workbook(path)
    wrapped_rows = 0
    for sheet in book:
        last = sheet.max_row - 2 if sheet.title.startswith("Matrix") else sheet.max_row
        header = [cell.value for cell in sheet[3] if cell.value is not None]
        if last > 3:
            (table,) = sheet.tables.values()
            assert table.ref == f"A3:{openpyxl.utils.get_column_letter(len(header))}{last}"
            assert [column.name for column in table.tableColumns] == header
            assert table.autoFilter.ref == table.ref  # the filter buttons
            assert sheet.row_dimensions[3].height >= 30  # the headers on two lines, or the dates upright
        widths = [_width(sheet, n) for n in range(1, len(header) + 1)]
        for text, width in zip(header, widths, strict=True):
            assert width >= max(len(part) for part in text.split()) + 2 or sheet.title.startswith("Matrix"), text
        rows_height = 0
        for number in range(4, last + 1):
            row = sheet[number]
            lines = max(
                lines_needed(cell.value, widths[index]) if isinstance(cell.value, str) else 1
                for index, cell in enumerate(row[: len(widths)])
            )
            height = sheet.row_dimensions[number].height
            if lines > 1:
                wrapped_rows += 1
                assert height == 15 * lines, (sheet.title, number)
                # Every figure and register letter stands level with the first line of the wrapped name.
                filled = [cell for cell in row[: len(widths)] if cell.value is not None]
                assert all(cell.alignment.vertical == "top" for cell in filled), (sheet.title, number)
                assert any(cell.alignment.wrap_text for cell in row)
            else:
                assert height is None, (sheet.title, number)
            rows_height += height or 15
        assert sheet.page_setup.fitToHeight == max(1, -(-round(rows_height) // (28 * 15)))
        assert int(sheet.page_setup.paperSize) == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage  # A4
        assert sheet.oddFooter.right.text == "Page &P of &N"
    assert wrapped_rows > 10
    matrix = next(matrix for matrix in report.matrices if matrix.rows)
    sheet = book[f"Matrix - {matrix.short_name}"]
    dates = len(matrix.meeting_dates)
    assert all(cell.alignment.text_rotation == 90 for cell in sheet[3][2 : 2 + dates])
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(matrix.rows)):
        assert all(cell.alignment.horizontal == "center" for cell in row[2 : 2 + dates])
        assert row[2 + dates + 2].number_format == "0%"
    assert sheet.cell(sheet.max_row, 1).font.italic  # the key


def test_the_list_s_entry_writes_the_groups_ticked_none_ticked_or_every_group(demo, tmp_path):
    """The Attendance page writes through the list's entry by ids: none ticked is no group, as its screen shows;
    the Reports page and the command line, with none named, write every group."""
    from board_admin.exports import write_listed

    [board_id] = find_groups(demo, [BOARD])
    period = {"start": YEAR.start, "end": YEAR.end}
    one = write_listed(demo, "attendance", tmp_path / "one.xlsx", group_ids=(board_id,), **period).result
    none = write_listed(demo, "attendance", tmp_path / "none.xlsx", group_ids=(), **period).result
    every = write_listed(demo, "attendance", tmp_path / "every.xlsx", **period).result
    assert one.group_names == (BOARD,)
    assert none.group_names == ()
    assert every.group_names == attendance_report(demo, Period(YEAR.start, YEAR.end)).group_names
    assert len(every.group_names) > 1


def _width(sheet, column: int) -> float:
    """A column's width read back, also when it is within a range of columns of one width (`<col min max>`)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return dimension.width
    raise AssertionError(f"column {column} of {sheet.title} has no width")
