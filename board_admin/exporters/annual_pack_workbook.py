"""The annual report pack in Excel: the tables of the Word pack (exporters/annual_pack.py), one sheet each, in
the order of the document. Every sheet opens with its title and period (repeated on each printed page); the
money sheets are tables with a totals row of structured references and their derived columns (remaining,
outstanding, share, net position) as formulas, so that they add up by themselves when a figure is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from board_admin.domain.dates import format_date
from board_admin.domain.enums import ActionStatus
from board_admin.domain.money import pounds
from board_admin.exporters import case_reviews as review_tables
from board_admin.exporters import sheets
from board_admin.exporters.attendance import band_text
from board_admin.exporters.files import text_cell
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails

if TYPE_CHECKING:
    from board_admin.exporters.annual_pack import AnnualPack

MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0%"
SHARE_FORMAT = "0.0%"
WIDEST_TEXT = 40  # characters; longer text wraps, so that a wide sheet still prints at a readable size
TOP = Alignment(vertical="top")
DATE_ALIGNMENT = Alignment(vertical="top", horizontal="center")
# The table starts under the title and the period.
HEADER_ROW = sheets.TABLE_ROW


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    kind: str = "text"  # text, number, money, rate, date, share; a formula column is money with a formula
    # "sum" for a SUBTOTAL in the totals row (a money table has one), or a formula of the totals row's own.
    total: str | None = None


def write_pack_workbook(
    pack: AnnualPack,
    path: Path,
    steps=None,
    details: DocumentDetails | None = None,
    *,
    title: str,
    section_titles: list[str],
) -> None:
    """The pack's tables, one sheet each, in the order of the document (`section_titles`, for the progress)."""
    details = details or DEFAULT_DETAILS
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section, fill in zip(section_titles, SHEETS, strict=True):
        if steps is not None:
            steps.next(f"Writing {section.lower()}")
        for sheet_name, columns, rows in fill(pack):
            _sheet(workbook, sheet_name, columns, rows, pack, title, details.organisation)
    workbook.properties.title = title
    workbook.properties.subject = f"Appendices of the annual report, financial year {pack.year.label}"
    workbook.properties.creator = details.author
    workbook.properties.lastModifiedBy = details.author
    workbook.save(path)


def _structure_sheets(pack: AnnualPack):
    yield (
        "Structure",
        (_Column("Group", 44), _Column("Kind", 20), _Column("Reports to", 40), _Column("Level", 7, "number"),
         _Column("Chair", 28), _Column("Members", 9, "number")),
        [
            (placed.group.name, placed.group.kind.label, pack.parent_name(placed), placed.depth + 1,
             ", ".join(placed.group.chairs), placed.group.members)
            for placed in pack.structure
        ],
    )  # fmt: skip


def _membership_sheets(pack: AnnualPack):
    matrix = pack.membership
    yield (
        "Agencies on boards",
        (
            _Column("Agency", 40),
            _Column("Sector", 16),
            _Column("Statutory partner", 10),
            *(_Column(placed.group.short_name or placed.group.name, 14) for placed in matrix.groups),
        ),
        [
            (
                agency.name,
                agency.sector.label,
                "Yes" if agency.statutory_partner else "No",
                *(matrix.cell(agency.id, placed.group.id).text for placed in matrix.groups),
            )
            for agency in matrix.agencies
        ],
    )


def _meetings_sheets(pack: AnnualPack):
    yield (
        "Meetings",
        (_Column("Group", 44), _Column("Planned", 9, "number"), _Column("Held", 8, "number"),
         _Column("Cancelled", 10, "number"), _Column("Still planned", 10, "number"),
         _Column("Of which postponed", 11, "number"), _Column("Held of planned", 10, "rate"),
         _Column("Registers missing", 24), _Column("Cancellation reasons", 40)),
        [
            (row.group_name, row.planned, row.held, row.cancelled, row.still_planned, row.postponed,
             _rate(row.held_rate), ", ".join(format_date(day) for day in row.registers_missing),
             "; ".join(row.cancellation_reasons))
            for row in pack.meeting_groups
        ],
    )  # fmt: skip


def _attendance_sheets(pack: AnnualPack):
    yield (
        "Attendance by agency",
        (_Column("Board", 40), _Column("Agency", 40), _Column("Expected", 10, "number"),
         _Column("Represented", 12, "number"), _Column("Rate", 8, "rate"), _Column("Band", 12),
         _Column("Not recorded", 10, "number")),
        [
            (board.board_name, row.agency_name, row.expected, row.represented, _rate(row.rate), band_text(row.band),
             row.not_recorded)
            for board in pack.boards
            for row in board.report.agencies
        ],
    )  # fmt: skip


def _challenge_sheets(pack: AnnualPack):
    yield (
        "Challenges by status",
        (_Column("Status", 24), _Column("Raised in the year", 12, "number")),
        [(status.label, number) for status, number in pack.challenge_counts.items()],
    )
    yield (
        "Challenges by agency",
        (_Column("Agency challenged", 40), _Column("Raised", 9, "number"), _Column("Not closed", 10, "number"),
         _Column("Overdue", 10, "number")),
        [(line.agency_name, line.total, line.not_closed, line.overdue) for line in pack.challenges_by_agency],
    )  # fmt: skip
    yield (
        "Challenges closed",
        (_Column("Reference", 14), _Column("Raised", 12, "date"), _Column("Closed", 12, "date"),
         _Column("Agency challenged", 30), _Column("Theme", 20), _Column("Challenge", 50),
         _Column("Outcome and impact", 50)),
        [
            (row.reference, row.date_raised, row.date_closed, row.agency_name, row.theme or "", row.challenge,
             row.outcome or "")
            for row in pack.closed
        ],
    )  # fmt: skip


def _action_sheets(pack: AnnualPack):
    yield (
        "Actions by status",
        (_Column("Status", 20), _Column("Actions", 10, "number")),
        [(status.label, number) for status, number in pack.action_counts.items()],
    )
    yield (
        "Actions",
        (_Column("Group", 36), _Column("Meeting", 12, "date"), _Column("Action", 50), _Column("Owner", 30),
         _Column("Due", 12, "date"), _Column("Status", 12), _Column("RAG", 8), _Column("Overdue", 9)),
        [
            (row.group_name, row.meeting_date, row.description, row.owner, row.due_date, row.status.label,
             row.rag.label if row.rag else "", "Yes" if row.overdue else "No")
            for status in ActionStatus
            for row in pack.actions_with(status)
        ],
    )  # fmt: skip


def _funding_sheets(pack: AnnualPack):
    funding = pack.funding
    yield (
        "Income",
        (_Column("Source", 44), _Column("Amount", 16, "money", "sum")),
        [(source, amount) for source, amount in funding.income_by_source] if funding.recorded else [],
    )
    yield (
        "Expenditure",
        (_Column("Budget line", 40), _Column("Budget", 16, "money", "sum"), _Column("Actual", 16, "money", "sum"),
         _Column("Remaining", 16, "money", "sum")),
        [(line.name, line.budget_pence, line.actual_pence, "=B{row}-C{row}") for line in funding.budget_lines],
    )  # fmt: skip
    agreed = sheets.column_reference("Contributions", "Agreed")
    yield (
        "Contributions",
        (_Column("Agency", 40), _Column("Agreed", 16, "money", "sum"), _Column("Share of total", 10, "share", "sum"),
         _Column("Received", 16, "money", "sum"), _Column("Outstanding", 16, "money", "sum"), _Column("Status", 22)),
        [
            (row.agency_name, row.agreed_pence, f"=IF(SUM({agreed})=0,0,B{{row}}/SUM({agreed}))",
             row.received_pence or 0, "=B{row}-D{row}", row.outstanding_text)
            for row in funding.contributions
        ],
    )  # fmt: skip
    if funding.recorded:
        yield (
            "Net position",
            (_Column("", 30), _Column("Amount", 16, "money")),
            [
                ("Total income", f"=SUBTOTAL(109,{sheets.column_reference('Income', 'Amount')})"),
                ("Total spent", f"=SUBTOTAL(109,{sheets.column_reference('Expenditure', 'Actual')})"),
                ("Income less spending", "=B{first}-B{second}"),
            ],
        )


def _case_review_sheets(pack: AnnualPack):
    if pack.case_reviews is None:
        return
    for table in review_tables.annual_tables(pack.case_reviews):
        columns = tuple(
            _Column(header, max(width * review_tables.XL_PER_MM, 8), kind if kind in ("number", "date") else "text")
            for header, width, kind in zip(table.headers, table.widths, table.kinds, strict=True)
        )
        yield table.sheet, columns, table.rows


SHEETS = (
    _structure_sheets,
    _membership_sheets,
    _meetings_sheets,
    _attendance_sheets,
    _challenge_sheets,
    _action_sheets,
    _funding_sheets,
    _case_review_sheets,
)


def _rate(rate: Fraction | None) -> float | None:
    return None if rate is None else float(rate)


def _sheet(workbook, title: str, columns, rows, pack: AnnualPack, pack_heading: str, organisation: str) -> None:
    sheet = workbook.create_sheet(title)
    period = f"Financial year {pack.year.label} (1 April {pack.year.start_year} to 31 March {pack.year.start_year + 1})"
    sheets.title_block(sheet, f"{pack_heading}: {title}", period)
    bold = Font(bold=True)
    header = HEADER_ROW
    first = header + 1
    headers = [column.header or "Item" for column in columns]
    for number, text in enumerate(headers, start=1):
        cell = sheet.cell(header, number)
        cell.value = text_cell(sheet, text).value
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    longest = [len(column.header) // 2 for column in columns]
    for row_number, values in enumerate(rows, start=first):
        for number, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row_number, number)
            if value is None:
                continue
            if isinstance(value, str) and value.startswith("=") and column.kind != "text":
                # A derived figure: a formula over this row (or, for the net position, the rows above).
                cell.value = value.format(row=row_number, first=first, second=first + 1)
                cell.number_format = SHARE_FORMAT if column.kind == "share" else MONEY_FORMAT
            elif column.kind == "money":
                cell.value = pounds(value)
                cell.number_format = MONEY_FORMAT
            elif column.kind == "rate":
                cell.value = value
                cell.number_format = RATE_FORMAT
            elif column.kind == "date":
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif column.kind == "number":
                cell.value = value
            else:
                source = text_cell(sheet, str(value))
                cell.value = source.value
                cell.data_type = "s"
                cell.quotePrefix = bool(source.quotePrefix)
                longest[number - 1] = max(longest[number - 1], len(str(value)))
    widths = [
        max(column.width, min(longest[index] + 2, WIDEST_TEXT)) if column.kind == "text" else column.width
        for index, column in enumerate(columns)
    ]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    # Text longer than its column wraps, and its row is made tall enough for the lines (LibreOffice does not
    # grow a row on opening); text after a figure is set off from it by an indent.
    for row_number, values in enumerate(rows, start=first):
        lines = 1
        for number, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row_number, number)
            if column.kind != "text" or value is None:
                # A date centred, so that it never runs into the text beside it.
                cell.alignment = DATE_ALIGNMENT if column.kind == "date" else TOP
                continue
            after_figure = number > 1 and columns[number - 2].kind != "text"
            needed = sheets.lines_needed(str(value), widths[number - 1])
            wrapped = needed > 1
            lines = max(lines, needed)
            indent = sheets.AFTER_FIGURE_INDENT if after_figure else 0
            cell.alignment = Alignment(wrap_text=wrapped, vertical="top", indent=indent)
        if lines > 1:
            sheet.row_dimensions[row_number].height = 15 * lines
    if rows:
        name = "".join(part for part in title.title() if part.isalnum())
        totals = {index: column.total for index, column in enumerate(columns, start=1) if column.total}
        total_row = sheets.money_table(
            sheet, name, header, first + len(rows) - 1, headers, totals=totals or None, total_label="Total"
        )
        if total_row is not None:
            for index, column in enumerate(columns, start=1):
                if column.kind in ("money", "share"):
                    number_format = SHARE_FORMAT if column.kind == "share" else MONEY_FORMAT
                    sheet.cell(total_row, index).number_format = number_format
    else:
        sheet.cell(first + 1, 1, f"Nothing to list for {pack.year.label}.").font = Font(italic=True)
    sheet.row_dimensions[header].height = 30
    sheet.freeze_panes = f"A{first}"
    sheets.print_setup(
        sheet,
        title=f"{pack_heading}: {title}",
        period=f"Financial year {pack.year.label}",
        organisation=organisation,
        title_rows=f"1:{header}",
        landscape=True,
    )
