"""The finance exports: the contribution sheet and the year's financial statement (seed 004 Appendix 6).

Both read `reports.funding.funding_for_year`, the report the funding screen shows, so the figures sent
out are the figures on screen. In Excel the totals and the derived columns (outstanding, remaining) are
live formulas, so that a finance user who corrects a figure sees the totals follow; amounts are numbers
formatted £#,##0.00, dates real dates, each list a real Excel table under a frozen header.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from board_admin.db.engine import Database
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds, pounds
from board_admin.domain.permissions import Permission
from board_admin.domain.workbook_format import looks_like_formula
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails
from board_admin.reports.funding import YearFunding, YearTotals, actual_heading, funding_for_year, funding_history
from board_admin.reports.organisation import USUAL_NAME

MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
TEMPLATE = "statement.docx"

TITLE_FONT = Font(name="Calibri", size=14, bold=True, color="1F3A5F")
SUBTITLE_FONT = Font(name="Calibri", size=11, italic=True, color="4A5568")
HEADING_FONT = Font(name="Calibri", size=12, bold=True, color="1F3A5F")
BOLD = Font(name="Calibri", size=11, bold=True)


def contributions_title(year: FinancialYear) -> str:
    return f"Contributions from partner agencies {year.label}"


def statement_title(year: FinancialYear) -> str:
    return f"Financial statement {year.label}"


def _recorded(database: Database, year: FinancialYear) -> YearFunding:
    database.actor.require(Permission.EXPORT)
    funding = funding_for_year(database, year)
    if not funding.recorded:
        raise BoardAdminError(f"The financial year {year.label} has not been recorded; there is nothing to export.")
    return funding


def _period(year: FinancialYear) -> str:
    return f"1 April {year.start_year} to 31 March {year.start_year + 1}"


# --- Excel helpers -------------------------------------------------------------------------------


def _text(sheet, row: int, column: int, text: str, font: Font | None = None):
    """Text kept as text: never a formula, even when edited in Excel later."""
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    cell.quotePrefix = looks_like_formula(text)
    if font is not None:
        cell.font = font
    return cell


def _money(sheet, row: int, column: int, value):
    """Pence as pounds (an exact Decimal), or a formula, formatted £#,##0.00."""
    cell = sheet.cell(row, column)
    cell.value = pounds(value) if isinstance(value, int) else value
    cell.number_format = MONEY_FORMAT
    return cell


def _date(sheet, row: int, column: int, value: dt.date | None):
    cell = sheet.cell(row, column)
    if value is not None:
        cell.value = value
        cell.number_format = DATE_FORMAT
    return cell


def _heading_block(sheet, title: str, subtitle: str) -> None:
    _text(sheet, 1, 1, title, TITLE_FONT)
    _text(sheet, 2, 1, subtitle, SUBTITLE_FONT)


def _header_cells(sheet, row: int, headers, alignments=None) -> None:
    for column, text in enumerate(headers, start=1):
        cell = _text(sheet, row, column, text, BOLD)
        cell.alignment = (
            alignments[column - 1] if alignments else Alignment(horizontal="left" if column == 1 else "right")
        )


def _print_setup(sheet, title: str, year: FinancialYear, organisation: str, title_rows: str, landscape: bool) -> None:
    sheets.print_setup(
        sheet,
        title=title,
        period=f"Financial year {year.label}",
        organisation=organisation,
        title_rows=title_rows,
        landscape=landscape,
    )


def _widths(sheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _footnotes(sheet, row: int, notes: list[tuple[str, str]]) -> int:
    """Writes the footnotes under a table from `row`; returns the row after them."""
    for mark, text in notes:
        _text(sheet, row, 1, f"{mark} {text}", SUBTITLE_FONT)
        row += 1
    return row


# --- the contribution sheet ----------------------------------------------------------------------

CONTRIBUTION_HEADERS = (
    "Agency",
    "Agreed",
    "Share of total",
    "Invoiced on",
    "Received",
    "Received on",
    "Outstanding",
    "Status",
    "In kind",
)
CENTRED = Alignment(horizontal="center")
INDENTED = Alignment(horizontal="left", indent=sheets.AFTER_FIGURE_INDENT)
RIGHT = Alignment(horizontal="right")
LEFT = Alignment(horizontal="left")
CONTRIBUTION_ALIGNMENT = (LEFT, RIGHT, RIGHT, CENTRED, RIGHT, CENTRED, RIGHT, INDENTED, INDENTED)
SHARE_FORMAT = "0.0%"


@dataclass(frozen=True)
class Exported:
    """What an export wrote, for the one line the command prints."""

    path: Path
    rows: int


def export_contributions(database: Database, year: FinancialYear, path: Path) -> Exported:
    """The contribution sheet for finance: each agency's agreed, share, invoiced, received and outstanding,
    with totals."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise BoardAdminError(f"{path.name}: the contribution sheet is a spreadsheet; the file name must end in .xlsx.")
    funding = _recorded(database, year)
    details = word.document_details(database)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Contributions"
    write_contribution_sheet(sheet, funding, details.organisation)
    _properties(workbook, contributions_title(year), details)
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    return Exported(path, len(funding.contributions))


def _properties(workbook, title: str, details: DocumentDetails) -> None:
    workbook.properties.title = title
    workbook.properties.subject = title
    workbook.properties.creator = details.author
    workbook.properties.lastModifiedBy = details.author


def write_contribution_sheet(sheet, funding: YearFunding, organisation: str = USUAL_NAME) -> None:
    year = funding.year
    _heading_block(sheet, contributions_title(year), f"Financial year {_period(year)}. Amounts in pounds.")
    header = 4
    _header_cells(sheet, header, CONTRIBUTION_HEADERS, CONTRIBUTION_ALIGNMENT)
    first = header + 1
    row = first - 1
    agreed_column = sheets.column_reference("Contributions", "Agreed")
    for row, contribution in enumerate(funding.contributions, start=first):
        _text(sheet, row, 1, contribution.agency_name)
        _money(sheet, row, 2, contribution.agreed_pence)
        share = sheet.cell(row, 3)
        # SUM, not SUBTOTAL: the totals row's SUBTOTAL of this column would leave out cells holding a SUBTOTAL.
        share.value = f"=IF(SUM({agreed_column})=0,0,B{row}/SUM({agreed_column}))"
        share.number_format = SHARE_FORMAT
        _date(sheet, row, 4, contribution.invoiced_on).alignment = CENTRED
        if contribution.received_pence is not None:
            _money(sheet, row, 5, contribution.received_pence)
        else:
            sheet.cell(row, 5).number_format = MONEY_FORMAT
        _date(sheet, row, 6, contribution.received_on).alignment = CENTRED
        _money(sheet, row, 7, f"=B{row}-E{row}")
        # Said in words as well as in figures (and kept live, like the outstanding amount).
        sheet.cell(row, 8).value = (
            f'=IF(G{row}>0,IF(N(E{row})>0,"Part paid","Not yet received"),'
            f'IF(G{row}<0,"Paid more than agreed","Paid in full"))'
        )
        sheet.cell(row, 8).alignment = INDENTED
        if contribution.in_kind:
            in_kind = _text(sheet, row, 9, contribution.in_kind)
            in_kind.alignment = Alignment(wrap_text=True, indent=sheets.AFTER_FIGURE_INDENT)
    total = sheets.money_table(
        sheet, "Contributions", header, row, CONTRIBUTION_HEADERS, totals={2: "sum", 3: "sum", 5: "sum", 7: "sum"}
    )
    if total is not None:
        for column in (2, 5, 7):
            sheet.cell(total, column).number_format = MONEY_FORMAT
        sheet.cell(total, 3).number_format = SHARE_FORMAT
    else:
        _text(sheet, header + 2, 1, f"No contributions have been recorded for {year.label}.")
    longest = max((len(row.agency_name) for row in funding.contributions), default=20)
    in_kind = max((len(row.in_kind or "") for row in funding.contributions), default=0)
    # Each column at least as wide as its bold heading (with room for the filter button of the table).
    _widths(sheet, [min(max(longest + 2, 30), 62), 15, 18, 15, 15, 15, 15, 22, min(max(in_kind + 2, 12), 40)])
    sheet.freeze_panes = f"A{first}"
    _print_setup(sheet, contributions_title(year), year, organisation, f"1:{header}", landscape=True)


# --- the financial statement ---------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """What a statement shows: the year's money, the years before it, and the day its actuals run to."""

    funding: YearFunding
    history: list[YearTotals]
    today: dt.date


def export_statement(database: Database, year: FinancialYear, path: Path, on_date: dt.date | None = None) -> Exported:
    """The year's statement in the shape of seed 004 Appendix 6, as .xlsx or .docx by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the file name must end in .xlsx or .docx.")
    funding = _recorded(database, year)
    history = funding_history(database, year)
    details = word.document_details(database)
    today = on_date or dt.date.today()
    statement = Statement(funding, history, today)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_statement_workbook(statement, temporary, details)
        else:
            write_statement_document(statement, temporary, details)
    return Exported(path, len(funding.income_by_source) + len(funding.budget_lines))


def _named(name: str, mark: str) -> str:
    return f"{name} {mark}" if mark else name


def write_statement_workbook(statement: Statement, path: Path, details: DocumentDetails | None = None) -> None:
    funding, history, today = statement.funding, statement.history, statement.today
    details = details or DEFAULT_DETAILS
    year = funding.year
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Statement"
    _heading_block(sheet, statement_title(year), f"Financial year {_period(year)}. Amounts in pounds.")

    _text(sheet, 4, 1, "Income", HEADING_FONT)
    header = 5
    income_headers = ("Source", "Amount")
    _header_cells(sheet, header, income_headers)
    row = header
    for row, (source, amount, note) in enumerate(funding.income_with_footnotes, start=header + 1):
        _text(sheet, row, 1, _named(source, funding.footnote_mark(note)))
        _money(sheet, row, 2, amount)
    income_total = sheets.money_table(
        sheet, "Income", header, row, income_headers, totals={2: "sum"}, total_label="Total income"
    )
    after = (income_total or header) + 1
    if income_total is not None:
        sheet.cell(income_total, 2).number_format = MONEY_FORMAT
    else:
        _text(sheet, after, 1, f"No income has been recorded for {year.label}.")
        after += 1
    income_notes = [(funding.footnote_mark(note), note) for _s, _a, note in funding.income_with_footnotes if note]
    after = _footnotes(sheet, after, [(mark, _clean(note)) for mark, note in income_notes])

    top = after + 1
    _text(sheet, top, 1, "Expenditure", HEADING_FONT)
    header = top + 1
    line_headers = ("Budget line", "Budget", actual_heading(year, today), "Remaining")
    _header_cells(sheet, header, line_headers)
    row = header
    for row, line in enumerate(funding.budget_lines, start=header + 1):
        _text(sheet, row, 1, _named(line.name, funding.footnote_mark(line.footnote)))
        _money(sheet, row, 2, line.budget_pence)
        _money(sheet, row, 3, line.actual_pence)
        _money(sheet, row, 4, f"=B{row}-C{row}")
    total = sheets.money_table(
        sheet,
        "Expenditure",
        header,
        row,
        line_headers,
        totals={2: "sum", 3: "sum", 4: "sum"},
        total_label="Total for the whole budget",
    )
    after = (total or header) + 1
    if total is not None:
        for column in (2, 3, 4):
            sheet.cell(total, column).number_format = MONEY_FORMAT
    else:
        _text(sheet, after, 1, f"No budget lines have been recorded for {year.label}.")
        after += 1
    line_notes = [
        (funding.footnote_mark(line.footnote), _clean(line.footnote)) for line in funding.budget_lines if line.footnote
    ]
    after = _footnotes(sheet, after, line_notes)

    # The net position: income less spending, worked out from the two tables.
    after += 1
    _text(sheet, after, 1, "Net position", HEADING_FONT)
    income_sum = f"SUBTOTAL(109,{sheets.column_reference('Income', 'Amount')})" if income_total else "0"
    spent_sum = f"SUBTOTAL(109,{sheets.column_reference('Expenditure', line_headers[2])})" if total else "0"
    for offset, (label, formula) in enumerate(
        (
            ("Total income", f"={income_sum}"),
            ("Total spent", f"={spent_sum}"),
            ("Income less spending", f"=B{after + 1}-B{after + 2}"),
        ),
        start=1,
    ):
        _text(sheet, after + offset, 1, label, BOLD if offset == 3 else None)
        _money(sheet, after + offset, 2, formula).font = BOLD if offset == 3 else Font()
    notes = after + 5
    for note in _statement_notes(funding):
        _text(sheet, notes, 1, note, SUBTITLE_FONT)
        notes += 1
    longest = max(
        [len(line.name) for line in funding.budget_lines] + [len(s) for s, _ in funding.income_by_source] + [20]
    )
    _widths(sheet, [min(max(longest + 6, 30), 60), 16, 26, 16])
    sheet.freeze_panes = "A4"
    _print_setup(sheet, statement_title(year), year, details.organisation, "1:2", landscape=False)

    if history:
        _write_history_sheet(workbook.create_sheet("Previous years"), history, year, details.organisation)
    _properties(workbook, statement_title(year), details)
    workbook.save(path)


def _clean(note: str | None) -> str:
    return (note or "").lstrip("*†‡ ").strip()


HISTORY_HEADERS = (
    "Year",
    "Contributions agreed",
    "Other income",
    "Total income",
    "Budget",
    "Actual",
    "Remaining",
    "Net position",
)


def _write_history_sheet(sheet, history: list[YearTotals], year: FinancialYear, organisation: str) -> None:
    first = history[0].year if history else year
    _heading_block(
        sheet,
        "Compared with previous years",
        f"Totals of each financial year, 1 April {first.start_year} to 31 March {year.start_year + 1}. "
        "Amounts in pounds.",
    )
    header = 4
    _header_cells(sheet, header, HISTORY_HEADERS)
    row = header
    for row, totals in enumerate(history, start=header + 1):
        _text(sheet, row, 1, totals.year.label)
        _money(sheet, row, 2, totals.agreed_pence)
        _money(sheet, row, 3, totals.other_income_pence)
        _money(sheet, row, 4, f"=B{row}+C{row}")
        _money(sheet, row, 5, totals.budget_pence)
        _money(sheet, row, 6, totals.actual_pence)
        _money(sheet, row, 7, f"=E{row}-F{row}")
        _money(sheet, row, 8, f"=D{row}-F{row}")
    # Years are compared side by side, not added up: no totals row.
    sheets.money_table(sheet, "PreviousYears", header, row, HISTORY_HEADERS)
    _widths(sheet, [10, 22, 16, 16, 16, 16, 16, 16])
    sheet.freeze_panes = f"A{header + 1}"
    _print_setup(sheet, "Financial statements compared", year, organisation, f"1:{header}", landscape=True)


def _statement_notes(funding: YearFunding) -> list[str]:
    notes = []
    for line in funding.overspent_lines:
        notes.append(f"{line.name} is overspent by {format_pounds(-line.remaining_pence)}.")
    if funding.remaining_pence < 0:
        notes.append(f"The whole budget is overspent by {format_pounds(-funding.remaining_pence)}.")
    if funding.outstanding_pence > 0:
        notes.append(
            f"Contributions still outstanding: {format_pounds(funding.outstanding_pence)} of "
            f"{format_pounds(funding.agreed_pence)} agreed."
        )
    return notes


# --- Word ----------------------------------------------------------------------------------------


def write_statement_document(statement: Statement, path: Path, details: DocumentDetails | None = None) -> None:
    funding, history, today = statement.funding, statement.history, statement.today
    year = funding.year
    document = word.open_template(TEMPLATE)
    document.add_paragraph(statement_title(year), style="Title")
    document.add_paragraph(f"Financial year {_period(year)}. Amounts in pounds.")

    document.add_heading("Income", level=1)
    income = [
        (_named(source, funding.footnote_mark(note)), format_pounds(amount))
        for source, amount, note in funding.income_with_footnotes
    ]
    word.figures_table(
        document,
        ("Source", "Amount"),
        income,
        ("Total income", format_pounds(funding.income_pence)),
        (Mm(130), Mm(40)),
    )
    _word_footnotes(document, [note for _s, _a, note in funding.income_with_footnotes if note], funding)

    document.add_heading("Expenditure", level=1)
    lines = [
        (
            _named(line.name, funding.footnote_mark(line.footnote)),
            format_pounds(line.budget_pence),
            format_pounds(line.actual_pence),
            _remaining(line.remaining_pence),
        )
        for line in funding.budget_lines
    ]
    word.figures_table(
        document,
        ("Budget line", "Budget", actual_heading(year, today), "Remaining"),
        lines,
        (
            "Total for the whole budget",
            format_pounds(funding.budget_pence),
            format_pounds(funding.actual_pence),
            _remaining(funding.remaining_pence),
        ),
        (Mm(70), Mm(30), Mm(40), Mm(30)),
    )
    _word_footnotes(document, [line.footnote for line in funding.budget_lines if line.footnote], funding)
    net = document.add_paragraph()
    net.add_run("Net position (income less spending): ").bold = True
    net.add_run(format_pounds(funding.income_pence - funding.actual_pence))
    for note in _statement_notes(funding):
        paragraph = document.add_paragraph(note)
        paragraph.runs[0].italic = True

    if len(history) > 1:
        document.add_heading("Compared with previous years", level=1)
        rows = [
            (
                totals.year.label,
                format_pounds(totals.income_pence),
                format_pounds(totals.budget_pence),
                format_pounds(totals.actual_pence),
                _remaining(totals.remaining_pence),
            )
            for totals in history
        ]
        word.figures_table(
            document,
            ("Year", "Total income", "Budget", "Actual", "Remaining"),
            rows,
            None,
            (Mm(22), Mm(37), Mm(37), Mm(37), Mm(37)),
        )
    word.finish(
        document,
        details,
        title=statement_title(year),
        subject=f"Financial statement, financial year {_period(year)}",
        label=statement_title(year),
        period=f"Financial year {year.label}",
    )
    document.save(str(path))


def _word_footnotes(document, notes: list[str], funding: YearFunding) -> None:
    for note in notes:
        paragraph = document.add_paragraph(f"{funding.footnote_mark(note)} {_clean(note)}")
        paragraph.runs[0].italic = True
        paragraph.runs[0].font.size = Pt(9)


def _remaining(pence: int) -> str:
    return format_pounds(pence) if pence >= 0 else f"{format_pounds(pence)} (overspent)"
