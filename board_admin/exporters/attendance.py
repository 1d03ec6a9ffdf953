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
from dataclasses import dataclass, replace
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import escape
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.xml.functions import Element

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
# The room page 1 leaves for the agencies' chart under the report's title, period, thresholds, the "By agency"
# heading and its note: A4 with 20 mm margins has 257 mm for text, the opening takes about 95 mm in Word and
# LibreOffice, and a little is kept in hand for their differences.
FIRST_PAGE_ROOM_MM = 150
RATE_FORMAT = "0%"
DATE_FORMAT = "dd/mm/yyyy"
BOLD = Font(bold=True)
HEADER_HEIGHT = 30
ROW_HEIGHT = 15
# Each sheet's table starts under its title and period.
HEADER_ROW = sheets.TABLE_ROW
# Rows of 15 pt a landscape A4 page holds under the title rows, with room to spare.
ROWS_PER_PAGE = 28
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
    group_ids: list[int] | None = None,
    charts=None,
) -> AttendanceReport:
    """Writes the attendance for the period and groups, by name or id (None: every group) to `path` (.xlsx or
    .docx).

    `charts` puts the pictures in the Word report: an AttendanceCharts (ui.attendance_charts), or a function
    making one from the report (the command line passes `charts_for`, so the report is worked out once).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name} must end in .xlsx or .docx.")
    database.actor.require(Permission.EXPORT)
    period = Period(start, end)
    if group_names:
        group_ids = find_groups(database, group_names)
    report = attendance_report(database, period, group_ids, every_view=True)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_attendance_workbook(report, temporary, word.document_details(database))
        else:
            pictures = charts(report) if callable(charts) else charts
            write_attendance_document(report, temporary, pictures, word.document_details(database))
    return report


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
    # Write-only: each row goes to the file once, as it is appended. Every sheet's widths, row heights and
    # page count are worked out from its rows (all in memory) before its first row is written, since
    # openpyxl writes the columns, the frozen pane and the page fitting ahead of the rows.
    workbook = Workbook(write_only=True)
    page = _Page(report_title(report), _period_text(report), details.organisation)
    tables = _TableNames()
    looks = _Looks()
    _write_sheet(
        _new_sheet(workbook, "By agency"),
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
        looks=looks,
    )
    _write_sheet(
        _new_sheet(workbook, "By person"),
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
        looks=looks,
    )
    _write_sheet(
        _new_sheet(workbook, "By group"),
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
        looks=looks,
    )
    sheet_names = _matrix_sheet_names(report.matrices)
    for matrix, name in zip(report.matrices, sheet_names, strict=True):
        _write_matrix(_new_sheet(workbook, name), matrix, tables.unique(f"Matrix{matrix.group_id}"), page, looks)
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


@dataclass(frozen=True)
class _Look:
    """How a cell looks: its font, alignment and number format."""

    font: Font | None = None
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    indent: float = 0
    rotation: int = 0
    number_format: str | None = None

    def lined_up_top(self, *, wrap: bool) -> _Look:
        """The same look, standing at the top of a row made taller for wrapped text (wrapped itself when
        `wrap`: a wrapped cell is no longer centred)."""
        if wrap:
            return _Look(self.font, None, "top", True, self.indent, self.rotation, self.number_format)
        return _Look(self.font, self.horizontal, "top", self.wrap, self.indent, self.rotation, self.number_format)


PLAIN = _Look()
RATE = _Look(number_format=RATE_FORMAT)
CENTRED = _Look(horizontal="center")
INDENTED = _Look(horizontal="left", indent=sheets.AFTER_FIGURE_INDENT)  # LibreOffice indents only left-aligned text
# Headers wrap over two lines (the row is made tall enough, since LibreOffice does not grow it on opening)
# so that narrow figure columns keep long headers; text columns are widened to their longest text instead.
HEADER = _Look(font=BOLD, vertical="top", wrap=True)
MATRIX_HEADER = _Look(font=BOLD)
MATRIX_DATE = _Look(font=BOLD, horizontal="center", rotation=90)
NOTE = _Look(font=Font(italic=True))


class _Looks:
    """The workbook's cell styles, each made once: a cell takes a copy of its look's style, where setting a
    font and an alignment on every cell would look both up in the workbook again (most of the matrix's time)."""

    def __init__(self) -> None:
        self.styles: dict[tuple[_Look, bool], object] = {}

    def cell(self, sheet, value, look: _Look):
        """What to append for `value`: the value itself when it needs no style, else a write-only cell. Text
        always stays text (files.safe_text)."""
        quote_prefix = False
        if value is None and look.number_format is not None:
            look = replace(look, number_format=None)  # a number format only where there is a number
        if isinstance(value, str):
            value, quote_prefix = safe_text(value)
            if look is PLAIN and not quote_prefix and not value.startswith("=") and value not in ERROR_CODES:
                return value
        elif look is PLAIN or look == PLAIN:
            return value
        key = (look, quote_prefix)
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self._style(sheet, look, quote_prefix)
        cell = _StyledCell(sheet, style)
        if value is not None:
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, whatever it looks like (files.text_cell)
        return cell

    @staticmethod
    def _style(sheet, look: _Look, quote_prefix: bool) -> tuple:
        cell = WriteOnlyCell(sheet)
        if look.font is not None:
            cell.font = look.font
        if look.horizontal or look.vertical or look.wrap or look.indent or look.rotation:
            cell.alignment = Alignment(
                horizontal=look.horizontal,
                vertical=look.vertical,
                wrap_text=look.wrap or None,
                indent=look.indent,
                text_rotation=look.rotation,
            )
        if look.number_format is not None:
            cell.number_format = look.number_format
        if quote_prefix:
            cell.quotePrefix = True
        return cell._style, cell.style_id


def _new_sheet(workbook, title: str):
    """A write-only sheet that takes a styled cell (`_Looks.cell`) as it is. openpyxl's own append first tries
    every value as a plain one, so each styled cell (most of a matrix: its register letters) cost a refused
    conversion, an exception and a fresh cell; plain values still go through openpyxl's conversion."""
    sheet = workbook.create_sheet(title)
    plain = WriteOnlyCell(sheet)

    def values_to_row(values, row_number: int):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                plain.value = value  # openpyxl's conversion, and its ValueError for what a cell cannot hold
                cell = plain
            cell.column, cell.row = column, row_number
            yield cell

    # openpyxl's write-only sheet converts appended rows through this method (openpyxl 3.1).
    sheet._values_to_row = values_to_row
    return sheet


class _StyledCell(Cell):
    """A write-only cell of a style made once (`_Looks`). Its number among the workbook's styles is known
    when it is made, where openpyxl looks the style up in the workbook again as it writes each cell; and it
    names itself cheaply, since appending a cell makes openpyxl format its name into an error it then drops."""

    __slots__ = ("_style_id",)

    def __init__(self, sheet, style: tuple) -> None:
        super().__init__(sheet, row=1, column=1)
        self._style, self._style_id = style

    @property
    def style_id(self) -> int:
        return self._style_id

    def __repr__(self) -> str:
        return "<styled cell>"


class _NamedColumn(TableColumn):
    """A table's column that has a name and nothing else, written as openpyxl writes it
    (`<tableColumn id name/>`) but without its general serialiser, which asks every column for each of its
    sixteen settings: over a ten-year matrix's hundred and more columns that took longer than the rest of
    saving the workbook beyond its rows."""

    def to_tree(self, tagname=None, idx=None, namespace=None):
        return Element("tableColumn", id=str(self.id), name=escape(self.name))


@dataclass(frozen=True)
class _Page:
    """What every sheet says above its table and on each printed page: the report, its period, who from."""

    title: str
    period: str
    organisation: str


def _period_text(report: AttendanceReport) -> str:
    return f"{format_date(report.period.start)} to {format_date(report.period.end)}"


def _lined_up(rows: list[list], looks: list[list[_Look]], widths, heights: dict[int, float], first: int) -> None:
    """Text longer than its column wraps (an agency's name is never cut off), its row made tall enough for
    the lines, since LibreOffice does not grow a row on opening. `looks` are the rows' cells' looks (for the
    columns that may wrap: the first ones), changed in place; `heights` gets the tall rows' heights."""
    for row_number, (values, row_looks) in enumerate(zip(rows, looks, strict=True), start=first):
        lines = 1
        wrapped = []
        for column, value in enumerate(values[: len(row_looks)]):
            needed = sheets.lines_needed(value, widths[column]) if isinstance(value, str) else 1
            if needed > 1:
                lines = max(lines, needed)
                wrapped.append(column)
        if lines > 1:
            heights[row_number] = ROW_HEIGHT * lines
            # The figures stand level with the first line of a wrapped name, not under its last.
            for column, look in enumerate(row_looks):
                row_looks[column] = look.lined_up_top(wrap=column in wrapped or look.wrap)


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


def _write_sheet(
    sheet, headers, rows, *, rate_columns: set[int], widths, table_name: str, page: _Page, looks: _Looks
) -> None:
    cell_looks = []
    for values in rows:
        row_looks = []
        for column, value in enumerate(values, start=1):
            if column - 1 in rate_columns:  # a band's word would run into the rate's figure on its left
                look = CENTRED
            elif isinstance(value, str) and column > 1 and isinstance(values[column - 2], int | float):
                # Text after a figure is indented, so that the two never run together ("0Probation").
                look = INDENTED
            elif column in rate_columns:
                look = RATE
            else:
                look = PLAIN
            row_looks.append(look)
        cell_looks.append(row_looks)
    longest = [0] * len(headers)
    for values in rows:
        for index, value in enumerate(values):
            if isinstance(value, str):
                longest[index] = max(longest[index], len(value))
    # An indented column (text after a figure) is wider by its indent, or its longest text runs into the next.
    indents = [max((row_looks[index].indent for row_looks in cell_looks), default=0) for index in range(len(headers))]
    widths = [
        max(width, min(length + 2 + 2 * indent, WIDEST_TEXT))
        for width, length, indent in zip(widths, longest, indents, strict=True)
    ]
    # A heading wraps between its words, never inside one ("Average attendance").
    widths = [
        max(width, max(len(part) for part in header.split()) + 2) for width, header in zip(widths, headers, strict=True)
    ]
    heights = {HEADER_ROW: _header_height(headers, widths)}
    _lined_up(rows, cell_looks, widths, heights, HEADER_ROW + 1)
    _finish(sheet, headers, len(rows) + HEADER_ROW, widths, heights, table_name, page)
    _heading(sheet, page, sheet.title.lower())
    sheet.append([looks.cell(sheet, header, HEADER) for header in headers])
    for values, row_looks in zip(rows, cell_looks, strict=True):
        sheet.append([looks.cell(sheet, value, look) for value, look in zip(values, row_looks, strict=True)])


def _write_matrix(sheet, matrix: Matrix, table_name: str, page: _Page, looks: _Looks) -> None:
    headers = ["Member", "Agency"] + [format_date(day) for day in matrix.meeting_dates] + ["Present", "Held", "Rate"]
    header_looks = [MATRIX_HEADER] * 2 + [MATRIX_DATE] * len(matrix.meeting_dates) + [MATRIX_HEADER] * 3
    last = len(matrix.rows) + HEADER_ROW
    names = max((len(row.person_name) for row in matrix.rows), default=0)
    agencies = max((len(row.agency_name) for row in matrix.rows), default=0)
    widths = (
        [max(20, names + 2), min(max(20, agencies + 2), WIDEST_TEXT)] + [4.5] * len(matrix.meeting_dates) + [9, 7, 8]
    )
    heights = {HEADER_ROW: 72} if matrix.meeting_dates else {}  # the dates stand upright in full
    name_looks = [[PLAIN, PLAIN] for _row in matrix.rows]
    _lined_up([(row.person_name, row.agency_name) for row in matrix.rows], name_looks, widths, heights, HEADER_ROW + 1)
    _finish(sheet, headers, last, widths, heights, table_name, page)
    _heading(sheet, page, f"attendance matrix, {matrix.group_name}")
    sheet.append([looks.cell(sheet, header, look) for header, look in zip(headers, header_looks, strict=True)])
    code_cells: dict[tuple[str, bool], object] = {}
    for row, (name_look, agency_look) in zip(matrix.rows, name_looks, strict=True):
        cells = [looks.cell(sheet, row.person_name, name_look), looks.cell(sheet, row.agency_name, agency_look)]
        # A row made taller for a wrapped name: its codes and figures stand level with the name's first line.
        tall = name_look.vertical == "top" or agency_look.vertical == "top"
        for code in row.codes:
            if not code:  # not a member then: no cell at all (half of a long matrix; a blank cell shows the same)
                cells.append(None)
                continue
            # Each code's cell is made once and appended again: a write-only row is written as it is appended.
            cell = code_cells.get((code, tall))
            if cell is None:
                look = CENTRED.lined_up_top(wrap=False) if tall else CENTRED
                cell = code_cells[code, tall] = looks.cell(sheet, code, look)
            cells.append(cell)
        if tall:
            top = PLAIN.lined_up_top(wrap=False)
            cells += [looks.cell(sheet, row.present, top), looks.cell(sheet, row.held, top)]
            cells.append(looks.cell(sheet, _rate(row.rate), RATE.lined_up_top(wrap=False)))
        else:
            cells += [row.present, row.held, looks.cell(sheet, _rate(row.rate), RATE)]
        sheet.append(cells)
    # The key sits below the table, where it never gets in the way of a filter.
    note = f"{matrix.group_name}. Key: {MATRIX_KEY}." if matrix.rows else f"{matrix.group_name}: no meetings held."
    sheet.append([])
    sheet.append([looks.cell(sheet, note, NOTE)])


def _heading(sheet, page: _Page, what: str) -> None:
    """The sheet's title and period above its table (rows 1 and 2), printed again on every page."""
    for cell in sheets.title_cells(sheet, f"{page.title}: {what}", f"Period: {page.period}"):
        sheet.append([cell])


def _finish(sheet, headers, last_row: int, widths, heights: dict[int, float], table_name: str, page: _Page) -> None:
    """The sheet's table, frozen header, column widths, row heights and printing, set before its first row
    is written (write-only mode writes them ahead of the rows)."""
    if last_row > HEADER_ROW:  # a table needs a row under its header
        table = Table(displayName=table_name, ref=f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}")
        table.tableStyleInfo = TABLE_STYLE
        # Named here, with the filter buttons: openpyxl does both when it saves an ordinary sheet, from the
        # header cells, which a write-only sheet no longer holds by then (add_table only warns of that).
        table.tableColumns = [
            _NamedColumn(id=index, name=safe_text(header)[0]) for index, header in enumerate(headers, start=1)
        ]
        table.autoFilter = AutoFilter(ref=table.ref)
        sheet.tables.add(table)  # the names are unique (_TableNames)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheets.set_widths(sheet, widths)
    for row, height in heights.items():
        sheet.row_dimensions[row].height = height
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
    height = sum(heights.get(row, ROW_HEIGHT) for row in range(HEADER_ROW + 1, last_row + 1))
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
    chart = charts.agencies if charts is not None else None
    # The chart leads when it fits under the opening on page 1; a taller one (many agencies) follows the
    # table, which then starts on page 1, instead of leaving that page all but empty.
    chart_first = chart is not None and _printed_height_mm(chart, word.AGENCY_CHART_MM) <= FIRST_PAGE_ROOM_MM
    if chart_first:
        _agency_chart(document, chart)
    _word_table(
        document,
        AGENCY_HEADERS_IN_WORD,
        agency_rows_in_word(report.agencies),
        (Mm(62), Mm(20), Mm(25), Mm(17), Mm(20), Mm(22)),
        "No agency was expected at a held meeting in this period.",
    )
    if chart and not chart_first:
        _agency_chart(document, chart)

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
                # The group's name and its chart in one paragraph: never the name (and the heading kept with it)
                # alone at a page's foot, which LibreOffice did with the chart a paragraph of its own.
                chart = document.add_paragraph()
                chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
                name = chart.add_run(row.group_name)
                name.bold = True
                name.add_break()
                chart.add_run().add_picture(BytesIO(picture), width=Mm(word.GROUP_CHART_MM))

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


def _agency_chart(document, picture: bytes) -> None:
    document.add_picture(BytesIO(picture), width=Mm(word.AGENCY_CHART_MM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _printed_height_mm(picture: bytes, width_mm: float) -> float:
    """How tall a picture prints when placed `width_mm` wide."""
    image = Image.from_blob(picture)
    return image.px_height / image.px_width * width_mm


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
