"""The attendance exports for the chair: an Excel workbook for machine reading and a short Word report.

Both read `reports.attendance.attendance_report`, the report the Attendance page shows, so the figures sent
out are the figures on screen. In Excel every list is a real table under a frozen header, rates are numbers
formatted as percentages and every colour band also has its word. The Word report takes the charts as PNG
bytes made by the caller (the page or the command line draws them with Qt); this module never imports Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from board_admin.collector import with_collector_paused
from board_admin.db.engine import Database
from board_admin.domain.attendance import MATRIX_KEY, Period, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output, safe_text
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails
from board_admin.reports.attendance import AttendanceReport, Matrix, attendance_report, find_groups

TEMPLATE = "attendance.docx"
RATE_FORMAT = "0%"
DATE_FORMAT = "dd/mm/yyyy"
BOLD = Font(bold=True)
# Headers wrap over two lines (the row is made tall enough, since LibreOffice does not grow it on opening)
# so that narrow figure columns keep long headers; text columns are widened to their longest text instead.
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
HEADER_HEIGHT = 30
ROW_HEIGHT = 15
# Each sheet's table starts under its title and period.
HEADER_ROW = sheets.TABLE_ROW
# Rows of 15 pt a landscape A4 page holds under the title rows, with room to spare.
ROWS_PER_PAGE = 28
CENTRED = Alignment(horizontal="center")
WIDEST_TEXT = 36
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

AGENCY_HEADERS = ("Agency", "Expected", "Represented", "Rate", "Band", "Not recorded", "Sector", "Statutory partner")
PERSON_HEADERS = (
    "Person",
    "Agency",
    "Group",
    "Held while a member",
    "Present",
    "Apologies",
    "Absent",
    "Deputy sent",
    "Not recorded",
    "Rate",
    "Band",
    "Serial non-attender",
    "Why flagged",
)
GROUP_HEADERS = (
    "Group",
    "Planned",
    "Held",
    "Cancelled",
    "Not quorate",
    "Quorate",
    "Postponed",
    "Still planned",
    "Average attendance",
    "Members in the room per meeting",
    "Not recorded",
    "Registers missing",
    "Cancellation reasons",
)


@with_collector_paused
def export_attendance(
    database: Database,
    path: Path,
    *,
    start: dt.date,
    end: dt.date,
    group_names: list[str] | None = None,
    charts=None,
) -> AttendanceReport:
    """Writes the attendance for the period and groups (None: every group) to `path` (.xlsx or .docx).

    `charts` puts the pictures in the Word report: an AttendanceCharts (ui.attendance_charts), or a function
    making one from the report (the command line passes `charts_for`, so the report is worked out once).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name} must end in .xlsx or .docx.")
    database.actor.require(Permission.EXPORT)
    period = Period(start, end)
    group_ids = find_groups(database, group_names) if group_names else None
    report = attendance_report(database, period, group_ids)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_attendance_workbook(report, temporary, word.document_details(database))
        else:
            pictures = charts(report) if callable(charts) else charts
            write_attendance_document(report, temporary, pictures, word.document_details(database))
    return report


@dataclass(frozen=True)
class ChartPictures:
    """The Word report's pictures (as ui.attendance_charts.AttendanceCharts), without Qt."""

    agencies: bytes | None
    groups: dict[int, bytes]


@with_collector_paused
def write_attendance_file(
    database: Database,
    path: Path,
    start: dt.date,
    end: dt.date,
    group_ids: Sequence[int] | None = None,
    charts: ChartPictures | None = None,
) -> Path:
    """The Attendance page's export (.xlsx or .docx) of the period and groups, as a worker process runs it
    (board_admin/worker_process.py): the report worked out there by the same function as the page's."""
    database.actor.require(Permission.EXPORT)
    report = attendance_report(database, Period(start, end), group_ids)
    with atomic_output(path) as temporary:
        if Path(path).suffix.lower() == ".xlsx":
            write_attendance_workbook(report, temporary, word.document_details(database))
        else:
            write_attendance_document(report, temporary, charts, word.document_details(database))
    return Path(path)


def report_title(report: AttendanceReport) -> str:
    return f"Attendance, {report.period.label}"


# --- Excel ---------------------------------------------------------------------------------------


def _rate(rate: Fraction | None) -> float | None:
    # A rate of nothing stays an empty cell, not 0%.
    return None if rate is None else float(rate)


def band_text(band) -> str:
    return band.label if band is not None else "No meetings"


AGENCY_HEADERS_IN_WORD = ("Agency", "Expected", "Represented", "Rate", "Band", "Not recorded")


def agency_rows_in_word(agencies) -> list[tuple[str, ...]]:
    """Each agency's figures as a Word table prints them: this report's and the annual pack's, per board."""
    return [
        (
            row.agency_name,
            str(row.expected),
            str(row.represented),
            percent_text(row.rate),
            band_text(row.band),
            str(row.not_recorded),
        )
        for row in agencies
    ]


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def write_attendance_workbook(report: AttendanceReport, path: Path, details: DocumentDetails | None = None) -> None:
    details = details or DEFAULT_DETAILS
    workbook = Workbook()
    page = _Page(report_title(report), _period_text(report), details.organisation)
    tables = _TableNames()
    agencies = workbook.active
    agencies.title = "By agency"
    _write_sheet(
        agencies,
        AGENCY_HEADERS,
        [
            (
                row.agency_name,
                row.expected,
                row.represented,
                _rate(row.rate),
                band_text(row.band),
                row.not_recorded,
                row.sector.label,
                _yes_no(row.statutory_partner),
            )
            for row in report.agencies
        ],
        rate_columns={4},
        widths=(20, 10, 13, 8, 10, 10, 14, 11),
        table_name=tables.unique("ByAgency"),
        page=page,
    )
    _write_sheet(
        workbook.create_sheet("By person"),
        PERSON_HEADERS,
        [
            (
                row.person_name,
                row.agency_name,
                row.group_name,
                row.held,
                row.present,
                row.apologies,
                row.absent,
                row.deputy,
                row.not_recorded,
                _rate(row.rate),
                band_text(row.band),
                _yes_no(row.serial),
                row.reason,
            )
            for row in report.people
        ],
        rate_columns={10},
        widths=(20, 20, 20, 9, 8, 10, 8, 8, 9, 7, 9, 11, 14),
        table_name=tables.unique("ByPerson"),
        page=page,
    )
    _write_sheet(
        workbook.create_sheet("By group"),
        GROUP_HEADERS,
        [
            (
                row.group_name,
                row.planned,
                row.held,
                row.cancelled,
                row.not_quorate if row.quorum_set else None,
                row.quorate if row.quorum_set else None,
                row.postponed,
                row.still_planned,
                _rate(row.average_rate),
                None if row.average_attended is None else round(row.average_attended, 1),
                row.not_recorded,
                ", ".join(format_date(day) for day in row.registers_missing),
                "; ".join(row.cancellation_reasons),
            )
            for row in report.groups
        ],
        rate_columns={9},
        widths=(20, 8, 7, 10, 9, 8, 10, 9, 10, 11, 9, 12, 22),
        table_name=tables.unique("ByGroup"),
        page=page,
    )
    sheet_names = _matrix_sheet_names(report.matrices)
    for matrix, name in zip(report.matrices, sheet_names, strict=True):
        _write_matrix(workbook.create_sheet(name), matrix, tables.unique(f"Matrix{matrix.group_id}"), page)
    sheets.set_properties(workbook, report_title(report), f"Attendance, {_period_text(report)}", details)
    workbook.save(path)


class _TableNames:
    """Table names are unique across a workbook and may hold only letters, digits and underscores."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, wanted: str) -> str:
        name = re.sub(r"\W", "_", wanted)
        candidate, number = name, 2
        while candidate.casefold() in self.used:
            candidate, number = f"{name}_{number}", number + 1
        self.used.add(candidate.casefold())
        return candidate


def _matrix_sheet_names(matrices: Sequence[Matrix]) -> list[str]:
    """`Matrix` alone for one group; `Matrix - <short name>` per group, cut to Excel's 31 and unique."""
    if len(matrices) == 1:
        return ["Matrix"]
    names: list[str] = []
    used: set[str] = {"by agency", "by person", "by group"}
    for matrix in matrices:
        short = SHEET_NAME_FORBIDDEN.sub(" ", matrix.short_name).strip() or str(matrix.group_id)
        name = f"Matrix - {short}"[:SHEET_NAME_LIMIT].rstrip()
        number = 2
        while name.casefold() in used:
            tail = f" ({number})"
            name = f"Matrix - {short}"[: SHEET_NAME_LIMIT - len(tail)].rstrip() + tail
            number += 1
        used.add(name.casefold())
        names.append(name)
    return names


def _put(sheet, row: int, column: int, value, number_format: str | None = None):
    if isinstance(value, str):
        text, quote_prefix = safe_text(value)
        cell = sheet.cell(row, column, text)
        cell.data_type = "s"  # text stays text, whatever it looks like (files.text_cell)
        if quote_prefix:
            cell.quotePrefix = True
    else:
        cell = sheet.cell(row, column, value)
    if number_format is not None and value is not None:
        cell.number_format = number_format
    return cell


@dataclass(frozen=True)
class _Page:
    """What every sheet says above its table and on each printed page: the report, its period, who from."""

    title: str
    period: str
    organisation: str


def _period_text(report: AttendanceReport) -> str:
    return f"{format_date(report.period.start)} to {format_date(report.period.end)}"


def _heading(sheet, page: _Page, what: str) -> None:
    """The sheet's title and period above its table (rows 1 and 2), printed again on every page."""
    sheets.title_block(sheet, f"{page.title}: {what}", f"Period: {page.period}")


def _wrap_rows(sheet, first: int, rows, widths) -> None:
    """Text longer than its column wraps (an agency's name is never cut off), its row made tall enough for
    the lines, since LibreOffice does not grow a row on opening."""
    for row_number, values in enumerate(rows, start=first):
        lines = 1
        for column, value in enumerate(values, start=1):
            needed = sheets.lines_needed(value, widths[column - 1]) if isinstance(value, str) else 1
            if needed == 1:
                continue
            lines = max(lines, needed)
            cell = sheet.cell(row_number, column)
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=cell.alignment.indent)
        if lines > 1:
            sheet.row_dimensions[row_number].height = ROW_HEIGHT * lines
            # The figures stand level with the first line of a wrapped name, not under its last.
            for column in range(1, len(values) + 1):
                cell = sheet.cell(row_number, column)
                if not cell.alignment.wrap_text:
                    cell.alignment = Alignment(
                        horizontal=cell.alignment.horizontal, vertical="top", indent=cell.alignment.indent
                    )


def _header_height(headers, widths) -> float:
    """Tall enough for every header on as many lines as its words need in its column."""
    lines = 1
    for header, width in zip(headers, widths, strict=True):
        room, line, count = max(int(width - 1), 1), 0, 1
        for part in header.split():
            if line and line + 1 + len(part) > room:
                count, line = count + 1, len(part)
            else:
                line += (1 if line else 0) + len(part)
        lines = max(lines, count)
    return max(HEADER_HEIGHT, ROW_HEIGHT * lines + 4)


def _write_sheet(sheet, headers, rows, *, rate_columns: set[int], widths, table_name: str, page: _Page) -> None:
    _heading(sheet, page, sheet.title.lower())
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, HEADER_ROW, column, header)
        cell.font = BOLD
        cell.alignment = HEADER_ALIGNMENT
    for row_number, values in enumerate(rows, start=HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, row_number, column, value, RATE_FORMAT if column in rate_columns else None)
            if column - 1 in rate_columns:  # a band's word would run into the rate's figure on its left
                cell.alignment = CENTRED
            elif isinstance(value, str) and column > 1 and isinstance(values[column - 2], int | float):
                # Text after a figure is indented, so that the two never run together ("0Probation").
                cell.alignment = Alignment(indent=1)
    longest = [0] * len(headers)
    for values in rows:
        for index, value in enumerate(values):
            if isinstance(value, str):
                longest[index] = max(longest[index], len(value))
    widths = [max(width, min(length + 2, WIDEST_TEXT)) for width, length in zip(widths, longest, strict=True)]
    # A heading wraps between its words, never inside one ("Average attendance").
    widths = [
        max(width, max(len(part) for part in header.split()) + 2) for width, header in zip(widths, headers, strict=True)
    ]
    _wrap_rows(sheet, HEADER_ROW + 1, rows, widths)
    _finish(sheet, len(headers), len(rows) + HEADER_ROW, widths, table_name, page)
    sheet.row_dimensions[HEADER_ROW].height = _header_height(headers, widths)


def _write_matrix(sheet, matrix: Matrix, table_name: str, page: _Page) -> None:
    _heading(sheet, page, f"attendance matrix, {matrix.group_name}")
    headers = ["Member", "Agency"] + [format_date(day) for day in matrix.meeting_dates] + ["Present", "Held", "Rate"]
    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, HEADER_ROW, column, header)
        cell.font = BOLD
        if 2 < column <= 2 + len(matrix.meeting_dates):
            cell.alignment = Alignment(horizontal="center", text_rotation=90)
    centred = None
    for row_number, row in enumerate(matrix.rows, start=HEADER_ROW + 1):
        _put(sheet, row_number, 1, row.person_name)
        _put(sheet, row_number, 2, row.agency_name)
        for offset, code in enumerate(row.codes):
            cell = _put(sheet, row_number, 3 + offset, code)
            if centred is None:
                cell.alignment = CENTRED
                centred = cell._style
            else:
                # The first code cell's style, copied: assigning the alignment hashes it again for every cell
                # (a third of the export's time on ten years of registers).
                cell._style = copy(centred)
        tail = 3 + len(row.codes)
        _put(sheet, row_number, tail, row.present)
        _put(sheet, row_number, tail + 1, row.held)
        _put(sheet, row_number, tail + 2, _rate(row.rate), RATE_FORMAT)
    last = len(matrix.rows) + HEADER_ROW
    names = max((len(row.person_name) for row in matrix.rows), default=0)
    agencies = max((len(row.agency_name) for row in matrix.rows), default=0)
    widths = (
        [max(20, names + 2), min(max(20, agencies + 2), WIDEST_TEXT)] + [4.5] * len(matrix.meeting_dates) + [9, 7, 8]
    )
    _wrap_rows(sheet, HEADER_ROW + 1, [(row.person_name, row.agency_name) for row in matrix.rows], widths)
    _finish(sheet, len(headers), last, widths, table_name, page)
    if matrix.meeting_dates:
        sheet.row_dimensions[HEADER_ROW].height = 72  # the dates stand upright in full
    # The key sits below the table, where it never gets in the way of a filter.
    note = f"{matrix.group_name}. Key: {MATRIX_KEY}." if matrix.rows else f"{matrix.group_name}: no meetings held."
    _put(sheet, last + 2, 1, note).font = Font(italic=True)


def _finish(sheet, columns: int, last_row: int, widths, table_name: str, page: _Page) -> None:
    if last_row > HEADER_ROW:  # a table needs a row under its header
        table = Table(displayName=table_name, ref=f"A{HEADER_ROW}:{get_column_letter(columns)}{last_row}")
        table.tableStyleInfo = TABLE_STYLE
        sheet.add_table(table)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheets.print_setup(
        sheet,
        title=f"{page.title}: {sheet.title}",
        period=page.period,
        organisation=page.organisation,
        title_rows=f"1:{HEADER_ROW}",
        landscape=True,
    )
    # As many pages as the rows need at full size, and no more: a row or two that would spill onto a page of
    # their own are drawn a little smaller instead.
    # A row of wrapped names counts for as many rows as its lines.
    height = sum(sheet.row_dimensions[row].height or ROW_HEIGHT for row in range(HEADER_ROW + 1, last_row + 1))
    sheet.page_setup.fitToHeight = max(1, -(-round(height) // (ROWS_PER_PAGE * ROW_HEIGHT)))


# --- Word ----------------------------------------------------------------------------------------


def write_attendance_document(
    report: AttendanceReport, path: Path, charts=None, details: DocumentDetails | None = None
) -> None:
    document = word.open_template(TEMPLATE)
    title = report_title(report)
    document.add_paragraph(title, style="Title")
    document.add_paragraph(
        f"From {format_date(report.period.start)} to {format_date(report.period.end)}. Groups: {_groups_text(report)}.",
        style="Subtitle",
    )
    document.add_paragraph(report.thresholds.describe())

    document.add_heading("By agency", level=1)
    document.add_paragraph(
        "Meetings at which the agency had a member whose line was recorded (expected) and at which one of its "
        "members or a deputy in their place was present (represented). Not recorded: meetings at which none of "
        "its members' lines was recorded, left out of the rate."
    )
    if charts is not None and charts.agencies:
        document.add_picture(BytesIO(charts.agencies), width=Mm(word.AGENCY_CHART_MM))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _word_table(
        document,
        AGENCY_HEADERS_IN_WORD,
        agency_rows_in_word(report.agencies),
        (Mm(62), Mm(20), Mm(25), Mm(17), Mm(20), Mm(22)),
        "No agency was expected at a held meeting in this period.",
    )

    document.add_heading("By group", level=1)
    _word_table(
        document,
        ("Group", "Planned", "Held", "Cancelled", "Still planned", "Not quorate", "Average", "Registers missing"),
        [
            (
                row.group_name,
                str(row.planned),
                str(row.held),
                str(row.cancelled),
                str(row.still_planned),
                str(row.not_quorate) if row.quorum_set else "No quorum set",
                percent_text(row.average_rate),
                str(len(row.registers_missing)),
            )
            for row in report.groups
        ],
        (Mm(40), Mm(17), Mm(13), Mm(19), Mm(18), Mm(22), Mm(17), Mm(20)),
        "No group was selected.",
    )
    document.add_paragraph(
        "Planned = held + cancelled + still planned; a postponed meeting is counted once, at the date it moved to."
    )
    reasons = [(row.group_name, reason) for row in report.groups for reason in row.cancellation_reasons]
    if reasons:
        document.add_heading("Meetings cancelled", level=2)
        for group_name, reason in reasons:
            document.add_paragraph(f"{group_name}, {reason}", style="List Bullet")
    missing = [row for row in report.groups if row.registers_missing]
    if missing:
        document.add_heading("Registers missing", level=2)
        for row in missing:
            document.add_paragraph(f"{row.group_name}, {row.registers_missing_text.lower()}", style="List Bullet")
    if charts is not None:
        pictures = [(row, charts.groups.get(row.group_id)) for row in report.groups]
        pictures = [(row, picture) for row, picture in pictures if picture]
        if pictures:
            document.add_heading("Attendance over time", level=2)
            for row, picture in pictures:
                caption = document.add_paragraph(row.group_name)
                caption.runs[0].bold = True
                caption.paragraph_format.keep_with_next = True  # never a caption alone at a page's foot
                document.add_picture(BytesIO(picture), width=Mm(word.GROUP_CHART_MM))
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading("By person", level=1)
    serial = report.serial_non_attenders
    document.add_paragraph(
        f"{len(serial)} serial non-attender{'s' if len(serial) != 1 else ''} in this period, flagged below."
        if serial
        else "Nobody is a serial non-attender in this period."
    )
    _word_table(
        document,
        ("Person", "Group", "Held", "Present", "Deputy sent", "Rate", "Not recorded", "Serial non-attender"),
        [
            (
                f"{row.person_name}\n{row.agency_name}",
                row.group_name,
                str(row.held),
                str(row.present),
                str(row.deputy),
                percent_text(row.rate),
                str(row.not_recorded),
                f"Yes: {row.reason.lower()}" if row.serial else "No",
            )
            for row in report.people
        ],
        (Mm(38), Mm(30), Mm(11), Mm(16), Mm(16), Mm(13), Mm(17), Mm(25)),
        "Nobody was expected at a held meeting in this period.",
    )

    if report.completeness:
        document.add_heading("Registers to complete", level=1)
        for row in report.completeness:
            names = f" ({', '.join(row.unmarked)})" if row.unmarked and len(row.unmarked) <= 6 else ""
            document.add_paragraph(
                f"{row.group_name}, {format_date(row.meeting_date)}: {row.problem}{names}.", style="List Bullet"
            )

    matrices = [matrix for matrix in report.matrices if matrix.rows]
    if matrices:
        _landscape_section(document)
        for matrix in matrices:
            document.add_heading(f"Attendance matrix: {matrix.group_name}", level=1)
            _matrix_table(document, matrix)
            key = document.add_paragraph(f"Key: {MATRIX_KEY}.")
            key.runs[0].italic = True
            key.paragraph_format.space_before = Pt(4)
    period = f"{format_date(report.period.start)} to {format_date(report.period.end)}"
    word.finish(document, details, title=title, subject=f"Attendance, {period}", label=title, period=period)
    document.save(str(path))


def _groups_text(report: AttendanceReport) -> str:
    if not report.group_names:
        return "none"
    if len(report.group_names) <= 4:
        return ", ".join(report.group_names)
    return f"{len(report.group_names)} groups, each listed under By group"


def _landscape_section(document) -> None:
    portrait = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = portrait.page_height, portrait.page_width
    section.left_margin = section.right_margin = Mm(15)


def _matrix_table(document, matrix: Matrix) -> None:
    dates = matrix.meeting_dates
    # A landscape A4 page is 267 mm wide inside its margins; the date columns share what the names leave.
    name_width, agency_width, tail_width = Mm(48), Mm(70), Mm(14)
    date_width = Mm(max(10, min(18, (267 - 48 - 70 - 14) // max(len(dates), 1))))
    # Day and month above the year, so that a date fits a narrow column without breaking mid-number.
    headers = ["Member", "Agency"] + [f"{day:%d/%m}\n{day:%Y}" for day in dates] + ["Rate"]
    widths = [name_width, agency_width] + [date_width] * len(dates) + [tail_width]
    rows = [[row.person_name, row.agency_name] + list(row.codes) + [percent_text(row.rate)] for row in matrix.rows]
    _word_table(document, headers, rows, widths, "", size=8, centre_from=2)


def _word_table(document, headers, rows, widths, empty_text: str, *, size: int = 9, centre_from: int = 1) -> None:
    if not rows:
        document.add_paragraph(empty_text).runs[0].italic = True
        return
    # No word is broken where the page allows (word.table widens a column to its longest word).
    word.table(
        document,
        headers,
        rows,
        [width.mm for width in widths],
        size=size,
        centre_from=centre_from,
    )
