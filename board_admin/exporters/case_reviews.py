"""Case reviews for a financial year as an Excel workbook or a Word report (seed 002: "Learning from child
safeguarding practice reviews").

Both hold the annual table (rapid reviews with criteria met and not met, CSPRs ongoing from earlier years,
new referrals, completed and published, ongoing SARs), the source of referrals by agency, the reviews by kind,
the learning themes, the published reviews with their summaries and what was done about the recommendations.
The workbook also lists every review with its next deadline. The tables are made once here
(`annual_tables`) and written by this module and by the annual report pack alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import Permission
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails, repeat_as_header, shade
from board_admin.reports.case_reviews import (
    ANNUAL_COLUMNS,
    AnnualReviewReport,
    CaseReviewFilter,
    CaseReviewRow,
    annual_review_report,
    case_review_list,
)

TEMPLATE = "challenges.docx"  # the unit's house style for a report that goes into the annual report


@dataclass(frozen=True)
class ReviewTable:
    """One table of the year's case reviews, as both the Word report and the workbook show it."""

    title: str
    sheet: str  # at most 31 characters
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # per column: "text", "long" (wrapped), "number" or "date"
    widths: tuple[float, ...]  # millimetres on an A4 page; the workbook's columns are a little over half that
    rows: list[tuple]
    empty: str


def intro(report: AnnualReviewReport) -> str:
    counts = report.counts
    year = report.year.label
    return (
        f"Between 1 April {report.year.start_year} and 31 March {report.year.start_year + 1} the partnership held "
        f"{counts.rapid_reviews_criteria_met + counts.rapid_reviews_criteria_not_met} rapid review decision(s): "
        f"{counts.rapid_reviews_criteria_met} met the criteria for a child safeguarding practice review and "
        f"{counts.rapid_reviews_criteria_not_met} did not. {counts.cspr_ongoing_from_earlier} CSPR(s) had "
        f"commenced before {year} and were ongoing; {counts.cspr_new_referrals} new referral(s) commenced in the "
        f"year; {counts.cspr_completed} CSPR(s) were signed off by the board and {counts.cspr_published} "
        f"published. {counts.sar_ongoing} safeguarding adult review(s) were ongoing at the end of the year."
    )


def annual_tables(report: AnnualReviewReport) -> list[ReviewTable]:
    counts = report.counts
    child = dict(counts.child_referrals_by_agency)
    return [
        ReviewTable(
            f"Case reviews in {report.year.label}",
            "Reviews in the year",
            tuple(heading for heading, _field in ANNUAL_COLUMNS),
            ("number",) * len(ANNUAL_COLUMNS),
            (24,) * len(ANNUAL_COLUMNS),
            [tuple(getattr(counts, name) for _heading, name in ANNUAL_COLUMNS)],
            "",
        ),
        ReviewTable(
            "Source of referrals",
            "Source of referrals",
            ("Referring agency", "Rapid reviews and CSPRs", "All reviews"),
            ("text", "number", "number"),
            (90, 40, 36),
            [(agency, child.get(agency, 0), total) for agency, total in counts.referrals_by_agency],
            "No case was referred in this year.",
        ),
        ReviewTable(
            "Reviews by kind",
            "Reviews by kind",
            ("Kind of review", "Notified", "Under way at the start", "Signed off", "Published", "Under way at the end"),
            ("text", "number", "number", "number", "number", "number"),
            (66, 20, 22, 20, 20, 22),
            [
                (k.kind, k.notified, k.ongoing_at_start, k.completed, k.published, k.ongoing_at_end)
                for k in counts.by_kind
            ],
            "No review was under way in this year.",
        ),
        ReviewTable(
            "Learning themes",
            "Learning themes",
            ("Learning theme", "Reviews"),
            ("text", "number"),
            (110, 30),
            list(counts.learning_themes),
            "No learning theme was recorded for the year's reviews.",
        ),
        ReviewTable(
            "Published reviews",
            "Published reviews",
            ("Reference", "Name", "Kind", "Published", "Summary"),
            ("text", "text", "text", "date", "long"),
            (26, 20, 34, 22, 68),
            [(r.reference, r.name, r.kind, r.published_on, r.summary or "") for r in counts.published],
            "No review was published in this year.",
        ),
        ReviewTable(
            "Recommendations and what was done",
            "Recommendations",
            ("Review", "No.", "Recommendation", "Actions", "Done or dropped", "Open"),
            ("text", "number", "long", "number", "number", "number"),
            (34, 10, 78, 16, 18, 14),
            [
                (f"{p.reference} ({p.name})", p.number, p.text, p.actions, p.done, p.open)
                for p in report.recommendations
            ],
            "No recommendation was recorded for the year's reviews.",
        ),
    ]


@dataclass(frozen=True)
class ReviewExport:
    report: AnnualReviewReport
    reviews: list[CaseReviewRow]
    on_date: dt.date


def export_reviews(database: Database, path: Path, year: FinancialYear, on_date: dt.date | None = None) -> ReviewExport:
    """Writes the year's case reviews to `path`, .xlsx or .docx by its extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: case reviews are exported to a file ending in .xlsx or .docx.")
    database.actor.require(Permission.EXPORT)
    on_date = on_date or dt.date.today()
    data = ReviewExport(
        annual_review_report(database, year),
        case_review_list(database, CaseReviewFilter(year=year), today=on_date),
        on_date,
    )
    details = word.document_details(database)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_workbook(data, temporary, details)
        else:
            write_document(data, temporary, details)
    return data


def title(year: FinancialYear) -> str:
    return f"Case reviews {year.label}"


def period(data: ReviewExport) -> str:
    """The year the figures cover, and the day the deadlines were judged on."""
    year = data.report.year
    return (
        f"Financial year {year.label} (1 April {year.start_year} to 31 March {year.start_year + 1}); "
        f"as at {format_date(data.on_date)}"
    )


# --- Excel -----------------------------------------------------------------------------------------

XL_PER_MM = 0.55
WIDEST_ON_ONE_PAGE = 10  # columns a landscape page prints at a readable size
_ALIGN = {"number": "right", "date": "center", "text": "left", "long": "left"}


def _review_list_table(data: ReviewExport) -> ReviewTable:
    return ReviewTable(
        "Reviews under way or finished in the year",
        "Case reviews",
        ("Reference", "Name", "Kind", "Status", "Notified", "Referred by", "Overseen by", "Decision", "Next deadline",
         "Due", "Working days left", "Overdue", "Signed off", "Published", "Learning themes"),
        ("text", "text", "text", "text", "date", "text", "text", "text", "text", "date", "number", "text", "date",
         "date", "long"),
        (26, 18, 40, 20, 20, 36, 40, 26, 34, 20, 16, 14, 20, 20, 50),
        [
            (r.reference, r.name, r.kind, r.status.label, r.notified_on, r.referring_agency or "",
             r.overseeing_group or "", r.decision.label if r.decision else "", r.next_due_what or "", r.next_due,
             r.working_days_left, "Yes" if r.overdue else "No", r.stages.signed_off_on, r.stages.published_on,
             "; ".join(r.themes))
            for r in data.reviews
        ],
        "No review was under way in this year.",
    )  # fmt: skip


def write_workbook(data: ReviewExport, path: Path, details: DocumentDetails | None = None) -> None:
    details = details or DEFAULT_DETAILS
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = annual_tables(data.report)
    first = workbook.create_sheet(tables[0].sheet)
    top = sheets.title_block(first, f"{title(data.report.year)}: {tables[0].sheet.lower()}", period(data))
    sheets.put(first, top, 1, intro(data.report)).alignment = Alignment(wrap_text=True, vertical="top")
    first.merge_cells(start_row=top, start_column=1, end_row=top, end_column=len(tables[0].headers))
    first.row_dimensions[top].height = 5 * sheets.LINE_HEIGHT
    # The introduction is read once; the title, period and the table's header are printed on every page.
    _write_table(first, tables[0], top + 2, "ReviewsInTheYear", data, details)
    for table in [*tables[1:], _review_list_table(data)]:
        sheet = workbook.create_sheet(table.sheet)
        top = sheets.title_block(sheet, f"{title(data.report.year)}: {table.title.lower()}", period(data))
        name = "".join(part for part in table.sheet.title() if part.isalnum())
        _write_table(sheet, table, top, name, data, details)
    sheets.set_properties(workbook, title(data.report.year), period(data), details)
    workbook.save(path)


def _write_table(sheet, table: ReviewTable, top: int, name: str, data: ReviewExport, details: DocumentDetails) -> None:
    widths = [max(width * XL_PER_MM, 8) for width in table.widths]
    for index, header in enumerate(table.headers, start=1):
        cell = sheets.put(sheet, top, index, header)
        cell.font, cell.fill = sheets.BOLD, sheets.HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=_ALIGN[table.kinds[index - 1]])
        sheet.column_dimensions[cell.column_letter].width = widths[index - 1]
    header_lines = max(sheets.lines_needed(header, width) for header, width in zip(table.headers, widths, strict=True))
    sheet.row_dimensions[top].height = (header_lines + 1) * sheets.LINE_HEIGHT
    for offset, values in enumerate(table.rows, start=1):
        lines = 1
        for index, (value, kind) in enumerate(zip(values, table.kinds, strict=True), start=1):
            cell = sheets.put(sheet, top + offset, index, value, kind)
            # Dates stand centred and text after a figure is indented, so that neither runs into its neighbour.
            after_figure = index > 1 and table.kinds[index - 2] == "number"
            cell.alignment = Alignment(
                wrap_text=cell.alignment.wrap_text,
                vertical="top",
                horizontal=_ALIGN[kind],
                indent=sheets.AFTER_FIGURE_INDENT if after_figure and kind in ("text", "long") else 0,
            )
            if isinstance(value, str) and value:
                lines = max(lines, sheets.lines_needed(value, widths[index - 1]))
        sheet.row_dimensions[top + offset].height = min(lines * sheets.LINE_HEIGHT, 409)
    if table.rows:
        sheets.table(sheet, name, top, top + len(table.rows), len(table.headers))
    else:
        sheets.put(sheet, top + 1, 1, table.empty).font = sheets.BOLD
    sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
    sheets.print_setup(
        sheet,
        title=f"{title(data.report.year)}: {sheet.title}",
        period=period(data),
        organisation=details.organisation,
        title_rows=f"1:{top}",
        landscape=True,
    )
    sheet.print_options.gridLines = False
    if len(table.headers) > WIDEST_ON_ONE_PAGE:
        # The list of every review is too wide for one page at a readable size: two pages across, each
        # starting with the review's reference.
        sheet.page_setup.fitToWidth = 2
        sheet.print_title_cols = "A:A"


# --- Word ------------------------------------------------------------------------------------------


def write_document(data: ReviewExport, path: Path, details: DocumentDetails | None = None) -> None:
    document = word.open_template(TEMPLATE)
    document.add_paragraph(title(data.report.year), style="Title")
    document.add_paragraph(f"{period(data)}.", style="Subtitle")
    document.add_paragraph(intro(data.report))
    for table in annual_tables(data.report):
        document.add_heading(table.title, level=1)
        word_table(document, table)
    word.finish(
        document,
        details,
        title=title(data.report.year),
        subject=period(data),
        label=title(data.report.year),
        period=f"as at {format_date(data.on_date)}",
    )
    document.save(str(path))


def cell_text(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "date":
        return format_date(value)
    return str(value)


def word_table(document, table: ReviewTable, size: float = 9) -> None:
    """The table in Word, its header repeated on each page; an empty table is the sentence saying so."""
    if not table.rows:
        document.add_paragraph().add_run(table.empty).italic = True
        return
    made = document.add_table(rows=1, cols=len(table.headers))
    made.style = document.styles["Table Grid"]
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    made.autofit = False
    for column, width in zip(made.columns, table.widths, strict=True):
        column.width = Mm(width)
    repeat_as_header(made.rows[0])
    word.keep_on_one_page(made.rows[0])
    for index, (cell, header) in enumerate(zip(made.rows[0].cells, table.headers, strict=True)):
        _word_cell(cell, header, table.widths[index], size, bold=True, right=table.kinds[index] == "number")
        shade(cell, word.HEADER_FILL)
    for values in table.rows:
        row = made.add_row()
        word.keep_on_one_page(row)
        cells = row.cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            kind = table.kinds[index]
            _word_cell(cell, cell_text(value, kind), table.widths[index], size, right=kind == "number")


def _word_cell(cell, text: str, width: float, size: float, *, bold: bool = False, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell.width = Mm(width)
