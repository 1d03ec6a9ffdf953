"""The annual report pack: the appendices of the partnership's annual report for a financial year, in Word
(with the structure picture, the charts, headings, a table of contents and page numbers) or in Excel (the
same tables, one sheet each).

Every section is read from the report function behind its screen, never worked out again here: the
structure and the agency x board matrix from `reports.structure`, meetings and attendance from
`reports.attendance.attendance_report` (one report for every group, one per board), the challenge log
from `reports.challenges`, the actions from `reports.meetings.action_log`, the money from
`reports.funding.funding_for_year`. This module only chooses the year's rows and lays them out.

The pictures are made by the caller, as PNG bytes or functions making them (the window and the command
line draw them with Qt), because this module never imports Qt. The export reports its progress through a
callback and asks `is_cancelled` between steps; a cancelled export raises ExportCancelled and, like a
failed one, leaves no file behind (atomic_output).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from openpyxl.styles import Alignment
from openpyxl.worksheet.table import TableStyleInfo

from board_admin.collector import with_collector_paused
from board_admin.db.engine import Database
from board_admin.domain.attendance import Period, percent_text
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus, ChallengeStatus, GroupKind
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds
from board_admin.domain.permissions import Permission
from board_admin.exporters import case_reviews as review_tables
from board_admin.exporters import word
from board_admin.exporters.annual_pack_workbook import write_pack_workbook
from board_admin.exporters.attendance import AGENCY_HEADERS_IN_WORD, agency_rows_in_word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import AGENCY_CHART_MM, DEFAULT_DETAILS, DocumentDetails
from board_admin.reports.attendance import AttendanceReport, GroupRow, attendance_report
from board_admin.reports.case_reviews import AnnualReviewReport, annual_review_report, may_read
from board_admin.reports.challenges import (
    AgencySummaryRow,
    ChallengeFilter,
    ChallengeLogRow,
    agency_summary,
    challenge_log,
    status_counts,
)
from board_admin.reports.funding import YearFunding, funding_for_year
from board_admin.reports.meetings import ActionRow, action_log
from board_admin.reports.structure import MembershipMatrix, PlacedGroup, membership_matrix, structure_on

TEMPLATE = "annual_pack.docx"
ORGANISATION = "Independent Safeguarding Partnership Service"
MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0%"
HEADER_FILL = "DDE6F0"
TOTAL_FILL = "EEF2F7"
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
WIDEST_TEXT = 60
TOP = Alignment(vertical="top")

Progress = Callable[[int, int, str], None]
# The structure picture: PNG bytes, or a function drawing it from the groups in the order of the structure.
StructurePicture = bytes | Callable[[list[PlacedGroup]], bytes | None] | None
# The attendance charts: a function making an AttendanceCharts (ui.attendance_charts.charts_for) from a report.
ChartMaker = Callable[[AttendanceReport], object] | None


class ExportCancelled(Exception):  # noqa: N818 - it is not an error: the user asked to stop
    """The user cancelled the export; nothing was written."""


# --- what the pack holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardAttendance:
    """Attendance by agency at one board over the year, with its chart when one was drawn."""

    board_id: int
    board_name: str
    report: AttendanceReport
    chart: bytes | None


@dataclass(frozen=True)
class AnnualPack:
    year: FinancialYear
    on_date: dt.date  # the structure and the membership as they stood on this day
    structure: tuple[PlacedGroup, ...]
    structure_picture: bytes | None
    membership: MembershipMatrix  # agencies x boards
    attendance: AttendanceReport  # every group, over the year
    boards: tuple[BoardAttendance, ...]
    challenges: tuple[ChallengeLogRow, ...]  # raised in the year
    closed: tuple[ChallengeLogRow, ...]  # closed in the year, whenever raised
    actions: tuple[ActionRow, ...]  # agreed at the year's meetings
    funding: YearFunding
    # The year's case reviews (issue 24); None when the role may not read them (finance: they concern individuals).
    case_reviews: AnnualReviewReport | None = None

    @property
    def meeting_groups(self) -> tuple[GroupRow, ...]:
        """The groups that had meetings scheduled in the year."""
        return tuple(row for row in self.attendance.groups if row.planned)

    @property
    def challenge_counts(self) -> dict[ChallengeStatus, int]:
        return status_counts(list(self.challenges))

    @property
    def challenges_by_agency(self) -> list[AgencySummaryRow]:
        return agency_summary(list(self.challenges))

    @property
    def action_counts(self) -> dict[ActionStatus, int]:
        counted = Counter(row.status for row in self.actions)
        return {status: counted[status] for status in ActionStatus}

    def actions_with(self, status: ActionStatus) -> tuple[ActionRow, ...]:
        return tuple(row for row in self.actions if row.status is status)

    def parent_name(self, placed: PlacedGroup) -> str:
        """The short name (else the name) of the group `placed` reports to; "" for a top-level group."""
        if placed.parent_id is None:
            return ""
        parent = next((entry.group for entry in self.structure if entry.group.id == placed.parent_id), None)
        if parent is None:
            return ""
        return parent.short_name or parent.name


def pack_title(year: FinancialYear) -> str:
    return f"Annual report {year.label}: appendices"


def _period_text(year: FinancialYear) -> str:
    return f"1 April {year.start_year} to 31 March {year.start_year + 1}"


READING_STEPS = 7


class _Steps:
    """Counts the steps done, tells the caller, and stops when it has been asked to."""

    def __init__(self, total: int, progress: Progress | None, is_cancelled: Callable[[], bool] | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress
        self.is_cancelled = is_cancelled

    def next(self, text: str) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise ExportCancelled("The annual report pack was cancelled; no file was written.")
        if self.progress is not None:
            self.progress(self.done, self.total, text)
        self.done += 1

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total, "Done")


def read_annual_pack(
    database: Database,
    year: FinancialYear,
    *,
    on_date: dt.date | None = None,
    picture: StructurePicture = None,
    charts: ChartMaker = None,
    steps: _Steps | None = None,
) -> AnnualPack:
    """Reads every section of the pack from its report. The structure is the one on the year's last day, or
    on `on_date` (today) while the year is still running."""
    today = on_date or dt.date.today()
    as_on = min(year.end, today)
    steps = steps or _Steps(0, None, None)
    period = Period(year.start, year.end)

    steps.next("Reading the governance structure")
    structure = structure_on(database, as_on)
    drawn = picture(structure) if callable(picture) else picture
    boards = [placed.group for placed in structure if placed.group.kind is GroupKind.BOARD]
    steps.total += len(boards)
    steps.next("Reading the agencies represented on each board")
    membership = membership_matrix(database, as_on, [board.id for board in boards])
    steps.next("Reading meetings and attendance")
    attendance = attendance_report(database, period)
    board_attendance = []
    for board in boards:
        steps.next(f"Reading attendance at the {board.name}")
        report = attendance_report(database, period, [board.id], attendance.thresholds)
        made = charts(report) if charts is not None else None
        chart = getattr(made, "agencies", made) if made is not None else None
        board_attendance.append(BoardAttendance(board.id, board.name, report, chart))
    steps.next("Reading the challenge log")
    raised = challenge_log(database, today, ChallengeFilter.for_year(year))
    closed = [
        row
        for row in challenge_log(database, today)
        if row.date_closed is not None and year.start <= row.date_closed <= year.end
    ]
    closed.sort(key=lambda row: (row.date_closed, row.reference))
    steps.next("Reading the actions")
    actions = [row for row in action_log(database, today) if year.start <= row.meeting_date <= year.end]
    actions.sort(key=lambda row: (row.meeting_date, row.group_name.casefold(), row.id))
    steps.next("Reading the financial statement")
    funding = funding_for_year(database, year)
    steps.next("Reading the case reviews")
    case_reviews = annual_review_report(database, year) if may_read(database) else None
    return AnnualPack(
        year=year,
        on_date=as_on,
        structure=tuple(structure),
        structure_picture=drawn,
        membership=membership,
        attendance=attendance,
        boards=tuple(board_attendance),
        challenges=tuple(raised),
        closed=tuple(closed),
        actions=tuple(actions),
        funding=funding,
        case_reviews=case_reviews,
    )


@with_collector_paused
def export_annual_pack(
    database: Database,
    year: FinancialYear,
    path: Path,
    *,
    on_date: dt.date | None = None,
    picture: StructurePicture = None,
    charts: ChartMaker = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> AnnualPack:
    """Writes the pack for `year` to `path` (.docx or .xlsx) and returns what it holds.

    `progress(done, total, text)` is told before each step; `is_cancelled()` is asked before each step and,
    when true, the export stops with ExportCancelled and leaves no file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise BoardAdminError(f"{path.name}: the annual report pack is written to a file ending in .docx or .xlsx.")
    database.actor.require(Permission.EXPORT)
    # Reading (one step more per board, counted once the boards are known), writing each section, saving.
    steps = _Steps(READING_STEPS + len(SECTIONS) + 1, progress, is_cancelled)
    pack = read_annual_pack(database, year, on_date=on_date, picture=picture, charts=charts, steps=steps)
    with atomic_output(path) as temporary:
        if suffix == ".docx":
            write_pack_document(pack, temporary, steps, word.document_details(database))
        else:
            write_pack_workbook(
                pack,
                temporary,
                steps,
                word.document_details(database),
                title=pack_title(year),
                section_titles=[title for title, _write in SECTIONS],
            )
        steps.next("Saving")
    steps.finish()
    return pack


# --- Word ----------------------------------------------------------------------------------------


def write_pack_document(
    pack: AnnualPack, path: Path, steps: _Steps | None = None, details: DocumentDetails | None = None
) -> None:
    steps = steps or _Steps(0, None, None)
    details = details or DEFAULT_DETAILS
    document = word.open_template(TEMPLATE)
    writer = _Word(document)
    year = pack.year
    word.add_paragraph(document, pack_title(year), style="Title")
    word.add_paragraph(document, f"{details.organisation} · financial year {_period_text(year)}", style="Subtitle")
    word.add_paragraph(
        document,
        f"Prepared from the partnership's records. The structure and the membership are shown as they stood on "
        f"{format_date(pack.on_date)}; meetings, attendance, challenges, actions and money cover the whole year.",
    )
    word.add_paragraph(document, "Contents", style="TOC Heading")
    writer.contents([(number, title) for number, (title, _write) in enumerate(SECTIONS, start=1)])
    landscape = False
    for number, (title, write) in enumerate(SECTIONS, start=1):
        steps.next(f"Writing {title.lower()}")
        wide = number in LANDSCAPE_SECTIONS
        if wide != landscape:
            writer.new_section(landscape=wide)
            landscape = wide
            writer.section_heading(number, title, new_page=False)
        else:
            writer.section_heading(number, title)
        write(writer, pack)
    word.finish(
        document,
        details,
        title=pack_title(year),
        subject=f"Appendices of the annual report, financial year {_period_text(year)}",
        label=pack_title(year),
        period=f"Financial year {year.label}",
    )
    document.save(str(path))


class _Word:
    """The pack's Word building blocks: numbered headings with bookmarks, the contents, tables, pictures."""

    def __init__(self, document) -> None:
        self.document = document
        self.bookmark = 0

    def contents(self, entries: list[tuple[int, str]]) -> None:
        """The table of contents: a Word contents control holding one line per section, each ending in a
        PAGEREF field to the section's heading. LibreOffice works the page numbers out as it lays the
        document out and Word updates the fields (marked dirty) on opening; a TOC field would not do for
        LibreOffice, which shows a TOC field's saved text as it is, without page numbers."""
        control = parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
            "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>"
        )
        lines = []
        for number, title in entries:
            paragraph = word.add_paragraph(self.document, style="TOC 1")
            paragraph.add_run(f"{number}. {title}\t")
            word.field_start(paragraph, f"PAGEREF {_bookmark_name(number)} \\h", dirty=True)
            paragraph.add_run("")  # no page number until laid out
            word.field_end(paragraph)
            lines.append(paragraph._p)
        lines[0].addprevious(control)
        content = control.find(qn("w:sdtContent"))
        for line in lines:
            content.append(line)

    def new_section(self, *, landscape: bool) -> None:
        """A new page turned the other way (the structure picture is wide); header and footer carry on."""
        previous = self.document.sections[-1]
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        # The section break sits in an empty paragraph at the end of the previous section: kept 1 pt high,
        # so that it never spills onto a page of its own after a page-filling table.
        holder = self.document.paragraphs[-1].paragraph_format
        holder.space_before = holder.space_after = Pt(0)
        holder.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        holder.line_spacing = Pt(1)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        short, long = sorted((previous.page_width, previous.page_height))
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        self.landscape = landscape

    @property
    def text_width(self) -> float:
        """The width inside the margins, in millimetres."""
        section = self.document.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 36000

    def section_heading(self, number: int, title: str, *, new_page: bool = True) -> None:
        heading = word.add_heading(self.document, "", level=1)
        heading.paragraph_format.page_break_before = new_page
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(number))
        start.set(qn("w:name"), _bookmark_name(number))
        heading._p.append(start)
        heading.add_run(f"{number}. {title}")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(number))
        heading._p.append(end)

    def heading(self, text: str, *, new_page: bool = False) -> None:
        word.add_heading(self.document, text, level=2).paragraph_format.page_break_before = new_page

    def text(self, text: str, *, italic: bool = False) -> None:
        paragraph = word.add_paragraph(self.document)
        run = paragraph.add_run(text)
        run.italic = italic

    def bullet(self, text: str) -> None:
        word.add_paragraph(self.document, text, style="List Bullet")

    def picture(self, png: bytes, width_mm: float) -> None:
        self.document.add_picture(BytesIO(png), width=Mm(width_mm))
        paragraph = self.document.paragraphs[-1]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True

    def table(
        self,
        headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
        widths: tuple[float, ...],
        *,
        total: tuple[str, ...] | None = None,
        right_from: int = 1,
        centre_from: int = 99,
        empty: str = "",
        size: int = 9,
    ) -> None:
        if not rows:
            self.text(empty, italic=True)
            return
        word.table(
            self.document,
            headers,
            rows,
            widths,
            total=total,
            size=size,
            right_from=right_from,
            centre_from=centre_from,
        )
        # No empty paragraph after the table: what follows is a heading with its own space above, and an
        # empty paragraph after a table that fills a page would push a blank page before the next section.


def _bookmark_name(number: int) -> str:
    return f"_Toc_section_{number}"


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


# --- the sections, in the order of the document --------------------------------------------------


def _structure_section(word: _Word, pack: AnnualPack) -> None:
    boards = sum(1 for placed in pack.structure if placed.group.kind is GroupKind.BOARD)
    word.text(
        f"The boards, subgroups and forums of the partnership on {format_date(pack.on_date)}: "
        f"{_count(len(pack.structure), 'group')}, {_count(boards, 'board')}. Each group reports to the one "
        "above it; a dotted-line forum is linked to its board without reporting to it."
    )
    if pack.structure_picture:
        word.picture(pack.structure_picture, word.text_width)
    word.heading("Groups and their chairs", new_page=bool(pack.structure_picture))
    word.table(
        ("Group", "Kind", "Reports to", "Chair"),
        [
            (
                ("    " * placed.depth) + placed.group.name,
                placed.group.kind.label,
                pack.parent_name(placed),
                ", ".join(placed.group.chairs) or "Not recorded",
            )
            for placed in pack.structure
        ],
        (100, 44, 40, 69),
        right_from=9,
        empty="No group was running.",
        size=8,
    )


def _membership_section(word: _Word, pack: AnnualPack) -> None:
    matrix = pack.membership
    word.text(
        f"The agencies with a seat on each board on {format_date(matrix.on_date)}: a tick for a member, "
        "otherwise the most senior role the agency holds there. Statutory partners are listed first."
    )
    boards = matrix.groups
    share = max(14, min(24, 80 // max(len(boards), 1)))
    word.table(
        ("Agency", "Sector", *(placed.group.short_name or placed.group.name for placed in boards)),
        [
            (
                agency.name + ("\nStatutory partner" if agency.statutory_partner else ""),
                agency.sector.label,
                *(matrix.cell(agency.id, placed.group.id).text for placed in boards),
            )
            for agency in matrix.agencies
        ],
        (166 - 28 - share * len(boards), 28, *([share] * len(boards))),
        right_from=99,
        centre_from=2,
        empty="No agency had a seat on a board on that day.",
    )


def _meetings_section(word: _Word, pack: AnnualPack) -> None:
    groups = pack.meeting_groups
    planned = sum(row.planned for row in groups)
    held = sum(row.held for row in groups)
    word.text(
        f"{_count(planned, 'meeting')} planned across {_count(len(groups), 'group')} in {pack.year.label}, "
        f"{held} held. Planned = held + cancelled + still planned; a postponed meeting is the same meeting "
        "moved, counted once, at the date it moved to (as cancelled if it was never re-arranged)."
    )
    word.table(
        ("Group", "Planned", "Held", "Cancelled", "Still planned", "Of which postponed", "Held of planned"),
        [
            (
                row.group_name,
                str(row.planned),
                str(row.held),
                str(row.cancelled),
                str(row.still_planned),
                str(row.postponed),
                percent_text(row.held_rate),
            )
            for row in groups
        ],
        (52, 16, 13, 19, 18, 24, 24),
        total=(
            "All groups",
            str(planned),
            str(held),
            str(sum(row.cancelled for row in groups)),
            str(sum(row.still_planned for row in groups)),
            str(sum(row.postponed for row in groups)),
            percent_text(Fraction(held, planned) if planned else None),
        ),
        empty="No meeting was scheduled in this year.",
    )
    reasons = [(row.group_name, reason) for row in groups for reason in row.cancellation_reasons]
    if reasons:
        word.heading("Meetings cancelled")
        for group_name, reason in reasons:
            word.bullet(f"{group_name}, {reason}")
    missing = [row for row in groups if row.registers_missing]
    if missing:
        word.heading("Registers missing")
        word.text("Held meetings with no attendance register: left out of every attendance rate.")
        for row in missing:
            word.bullet(f"{row.group_name}, {row.registers_missing_text.lower()}")


def _attendance_section(word: _Word, pack: AnnualPack) -> None:
    word.text(
        "For each board, the held meetings at which an agency had a member whose line was recorded (expected) "
        "and at which one of its members or a deputy in their place was present (represented); not recorded: "
        "meetings at which none of its members' lines was recorded, left out of the rate. "
        + pack.attendance.thresholds.describe()
    )
    if not pack.boards:
        word.text("No board was running in this year.", italic=True)
    for position, board in enumerate(pack.boards):
        word.heading(board.board_name, new_page=position > 0)  # a board's chart and table start together
        if board.chart:
            word.picture(board.chart, AGENCY_CHART_MM)
        word.table(
            AGENCY_HEADERS_IN_WORD,
            agency_rows_in_word(board.report.agencies),
            (62, 20, 25, 17, 20, 20),
            empty="The board held no meeting with members expected in this year.",
        )


def _challenges_section(word: _Word, pack: AnnualPack) -> None:
    raised = pack.challenges
    counts = pack.challenge_counts
    word.text(
        f"{_count(len(raised), 'challenge')} raised in {pack.year.label}; "
        f"{_count(len(pack.closed), 'challenge')} closed in the year (some raised in earlier years). "
        "The log records each challenge to an agency, its response and what changed as a result."
    )
    word.heading(f"Challenges raised in {pack.year.label} by status")
    word.table(
        ("Status", "Challenges"),
        [(status.label, str(number)) for status, number in counts.items()],
        (80, 30),
        total=("Raised in the year", str(len(raised))),
        empty="",
    )
    word.heading(f"Challenges raised in {pack.year.label} by agency")
    word.table(
        ("Agency challenged", "Raised", "Not closed", "Overdue for a response"),
        [
            (line.agency_name, str(line.total), str(line.not_closed), str(line.overdue))
            for line in pack.challenges_by_agency
        ],
        (80, 22, 24, 40),
        empty="No challenge was raised in this year.",
    )
    word.heading(f"Challenges closed in {pack.year.label} and their outcomes")
    word.table(
        ("Reference", "Agency challenged", "Challenge", "Outcome and impact"),
        [
            (
                f"{row.reference}\nraised {format_date(row.date_raised)}\nclosed {format_date(row.date_closed)}",
                row.agency_name + (f"\n{row.theme}" if row.theme else ""),
                row.challenge,
                row.outcome or "No outcome recorded",
            )
            for row in pack.closed
        ],
        (28, 36, 50, 52),
        right_from=9,
        empty="No challenge was closed in this year.",
        size=8,
    )


def _actions_section(word: _Word, pack: AnnualPack) -> None:
    counts = pack.action_counts
    word.text(
        f"{_count(len(pack.actions), 'action')} agreed at the meetings held in {pack.year.label}, by their status "
        f"on {format_date(pack.on_date)}."
    )
    word.table(
        ("Status", "Actions"),
        [(status.label, str(number)) for status, number in counts.items()],
        (80, 30),
        total=("Agreed in the year", str(len(pack.actions))),
    )
    for status in ActionStatus:
        rows = pack.actions_with(status)
        if not rows:
            continue
        word.heading(f"{status.label} ({len(rows)})")
        word.table(
            ("Meeting", "Action", "Owner", "Due", "RAG"),
            [
                (
                    f"{row.group_name}\n{format_date(row.meeting_date)}",
                    row.description,
                    "\n".join(part for part in (row.owner_name, row.owner_agency_name) if part) or "Not named",
                    format_date(row.due_date) if row.due_date else "",
                    (row.rag.label if row.rag else "") + ("\noverdue" if row.overdue else ""),
                )
                for row in rows
            ],
            (42, 56, 34, 19, 15),
            right_from=9,
            size=8,
        )


def _funding_section(word: _Word, pack: AnnualPack) -> None:
    funding = pack.funding
    if not funding.recorded:
        word.text(f"No money has been recorded for {pack.year.label}.", italic=True)
        return
    word.text(f"Financial year {_period_text(pack.year)}. Amounts in pounds.")
    word.heading("Income")
    word.table(
        ("Source", "Amount"),
        [(source, format_pounds(amount)) for source, amount in funding.income_by_source],
        (126, 40),
        total=("Total income", format_pounds(funding.income_pence)),
    )
    word.heading("Expenditure")
    word.table(
        ("Budget line", "Budget", "Actual", "Remaining"),
        [
            (
                line.name,
                format_pounds(line.budget_pence),
                format_pounds(line.actual_pence),
                _remaining(line.remaining_pence),
            )
            for line in funding.budget_lines
        ],
        (70, 30, 32, 34),
        total=(
            "Total for the whole budget",
            format_pounds(funding.budget_pence),
            format_pounds(funding.actual_pence),
            _remaining(funding.remaining_pence),
        ),
        empty="No budget line was recorded.",
    )
    net = funding.income_pence - funding.actual_pence
    word.text(f"Net position (income less spending): {format_pounds(net)}.")
    word.heading("Contributions by partner")
    word.table(
        ("Agency", "Agreed", "Share", "Received", "Outstanding", "Status"),
        [
            (
                row.agency_name,
                format_pounds(row.agreed_pence),
                share_text(row.agreed_pence, funding.agreed_pence),
                format_pounds(row.received_pence or 0),
                format_pounds(row.outstanding_pence),
                row.outstanding_text,
            )
            for row in funding.contributions
        ],
        (50, 24, 14, 24, 24, 30),
        total=(
            "All partners",
            format_pounds(funding.agreed_pence),
            "100.0%" if funding.agreed_pence else "",
            format_pounds(funding.received_pence),
            format_pounds(funding.outstanding_pence),
            "",
        ),
        empty="No contribution was recorded.",
    )


def share_text(part: int, whole: int) -> str:
    """An agency's share of the total agreed, as the spreadsheets show it (one decimal place)."""
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%" if whole else ""


def _remaining(pence: int) -> str:
    return format_pounds(pence) if pence >= 0 else f"{format_pounds(pence)} (overspent)"


def _case_reviews_section(word: _Word, pack: AnnualPack) -> None:
    """Seed 002's "Learning from child safeguarding practice reviews": the tables of exporters.case_reviews."""
    if pack.case_reviews is None:
        word.text(
            "Case reviews concern individuals: they are left out of a pack made by a role that may not read them."
        )
        return
    word.text(review_tables.intro(pack.case_reviews))
    for table in review_tables.annual_tables(pack.case_reviews):
        word.heading(table.title)
        numbers = [kind == "number" for kind in table.kinds]
        word.table(
            table.headers,
            [
                tuple(review_tables.cell_text(value, kind) for value, kind in zip(row, table.kinds, strict=True))
                for row in table.rows
            ],
            table.widths,
            right_from=0 if all(numbers) else 1 if all(numbers[1:]) else 99,
            empty=table.empty,
            size=8,
        )


LANDSCAPE_SECTIONS = {1}  # the structure picture is wide
SECTIONS: tuple[tuple[str, Callable[[_Word, AnnualPack], None]], ...] = (
    ("Governance structure", _structure_section),
    ("Agencies represented on each board", _membership_section),
    ("Meetings planned and held", _meetings_section),
    ("Attendance by agency at each board", _attendance_section),
    ("Challenge log", _challenges_section),
    ("Actions from the year's meetings", _actions_section),
    ("Financial statement", _funding_section),
    ("Case reviews and learning", _case_reviews_section),
)
