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

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from board_admin.db.engine import Database
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.money import format_pounds, pounds
from board_admin.domain.permissions import Permission
from board_admin.domain.workbook_format import looks_like_formula
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import repeat_as_header, shade
from board_admin.reports.funding import YearFunding, YearTotals, funding_for_year, funding_history
from board_admin.resources import template_path

MONEY_FORMAT = "£#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
TEMPLATE = "statement.docx"
ORGANISATION = "Independent Safeguarding Partnership Service"

TITLE_FONT = Font(name="Calibri", size=14, bold=True, color="1F3A5F")
SUBTITLE_FONT = Font(name="Calibri", size=11, italic=True, color="4A5568")
HEADING_FONT = Font(name="Calibri", size=12, bold=True, color="1F3A5F")
BOLD = Font(name="Calibri", size=11, bold=True)
TOTAL_BORDER = Border(top=Side(style="thin", color="1F3A5F"), bottom=Side(style="double", color="1F3A5F"))
TOTAL_FILL = PatternFill("solid", start_color="EEF2F7")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)


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


def _table(sheet, name: str, header_row: int, last_row: int, columns: int) -> None:
    """A real Excel table over the header and the rows (filter buttons, banded rows)."""
    if last_row <= header_row:
        return  # a table needs at least one row
    table = Table(displayName=name, ref=f"A{header_row}:{get_column_letter(columns)}{last_row}")
    table.tableStyleInfo = TABLE_STYLE
    sheet.add_table(table)


def _total_row(sheet, row: int, label: str, columns: int) -> None:
    _text(sheet, row, 1, label, BOLD)
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        cell.border = TOTAL_BORDER
        cell.fill = TOTAL_FILL
        cell.font = BOLD


def _sum(column: int, first: int, last: int) -> str:
    letter = get_column_letter(column)
    return f"=SUM({letter}{first}:{letter}{last})" if last >= first else "=0"


def _print_setup(sheet, title_rows: str, landscape: bool) -> None:
    sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = f"{ORGANISATION} · &P of &N"


def _widths(sheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# --- the contribution sheet ----------------------------------------------------------------------

CONTRIBUTION_HEADERS = (
    "Agency",
    "Agreed",
    "Invoiced on",
    "Received",
    "Received on",
    "Outstanding",
    "Status",
    "In kind",
)
CENTRED = Alignment(horizontal="center")
INDENTED = Alignment(horizontal="left", indent=1)
RIGHT = Alignment(horizontal="right")
LEFT = Alignment(horizontal="left")
CONTRIBUTION_ALIGNMENT = (LEFT, RIGHT, CENTRED, RIGHT, CENTRED, RIGHT, INDENTED, INDENTED)


@dataclass(frozen=True)
class Exported:
    """What an export wrote, for the one line the command prints."""

    path: Path
    rows: int


def export_contributions(database: Database, year: FinancialYear, path: Path) -> Exported:
    """The contribution sheet for finance: each agency's agreed, invoiced, received and outstanding, with totals."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise BoardAdminError(f"{path.name}: the contribution sheet is a spreadsheet; the file name must end in .xlsx.")
    funding = _recorded(database, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Contributions"
    write_contribution_sheet(sheet, funding)
    workbook.properties.title = contributions_title(year)
    workbook.properties.creator = ORGANISATION
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    return Exported(path, len(funding.contributions))


def write_contribution_sheet(sheet, funding: YearFunding) -> None:
    year = funding.year
    _heading_block(sheet, contributions_title(year), f"Financial year {_period(year)}. Amounts in pounds.")
    header = 4
    for column, text in enumerate(CONTRIBUTION_HEADERS, start=1):
        _text(sheet, header, column, text, BOLD).alignment = CONTRIBUTION_ALIGNMENT[column - 1]
    first = header + 1
    row = first - 1
    for row, contribution in enumerate(funding.contributions, start=first):
        _text(sheet, row, 1, contribution.agency_name)
        _money(sheet, row, 2, contribution.agreed_pence)
        _date(sheet, row, 3, contribution.invoiced_on).alignment = CENTRED
        if contribution.received_pence is not None:
            _money(sheet, row, 4, contribution.received_pence)
        else:
            sheet.cell(row, 4).number_format = MONEY_FORMAT
        _date(sheet, row, 5, contribution.received_on).alignment = CENTRED
        _money(sheet, row, 6, f"=B{row}-D{row}")
        # Said in words as well as in figures (and kept live, like the outstanding amount).
        sheet.cell(row, 7).value = (
            f'=IF(F{row}>0,IF(N(D{row})>0,"Part paid","Not yet received"),'
            f'IF(F{row}<0,"Paid more than agreed","Paid in full"))'
        )
        sheet.cell(row, 7).alignment = INDENTED
        if contribution.in_kind:
            _text(sheet, row, 8, contribution.in_kind).alignment = Alignment(wrap_text=True, indent=1)
    last = row
    _table(sheet, "Contributions", header, last, len(CONTRIBUTION_HEADERS))
    total = last + 1
    _total_row(sheet, total, "Total", len(CONTRIBUTION_HEADERS))
    for column in (2, 4, 6):
        _money(sheet, total, column, _sum(column, first, last)).font = BOLD
    if not funding.contributions:
        _text(sheet, total + 2, 1, f"No contributions have been recorded for {year.label}.")
    longest = max((len(row.agency_name) for row in funding.contributions), default=20)
    in_kind = max((len(row.in_kind or "") for row in funding.contributions), default=0)
    _widths(sheet, [min(max(longest + 2, 30), 62), 15, 13, 15, 13, 15, 22, min(max(in_kind + 2, 12), 40)])
    sheet.freeze_panes = f"A{first}"
    _print_setup(sheet, f"{header}:{header}", landscape=True)


# --- the financial statement ---------------------------------------------------------------------


def export_statement(database: Database, year: FinancialYear, path: Path) -> Exported:
    """The year's statement in the shape of seed 004 Appendix 6, as .xlsx or .docx by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the file name must end in .xlsx or .docx.")
    funding = _recorded(database, year)
    history = funding_history(database, year)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_statement_workbook(funding, history, temporary)
        else:
            write_statement_document(funding, history, temporary)
    return Exported(path, len(funding.income_by_source) + len(funding.budget_lines))


def write_statement_workbook(funding: YearFunding, history: list[YearTotals], path: Path) -> None:
    year = funding.year
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Statement"
    _heading_block(sheet, statement_title(year), f"Financial year {_period(year)}. Amounts in pounds.")

    _text(sheet, 4, 1, "Income", HEADING_FONT)
    header = 5
    _text(sheet, header, 1, "Source", BOLD)
    _text(sheet, header, 2, "Amount", BOLD).alignment = Alignment(horizontal="right")
    first = header + 1
    row = first - 1
    for row, (source, amount) in enumerate(funding.income_by_source, start=first):
        _text(sheet, row, 1, source)
        _money(sheet, row, 2, amount)
    _table(sheet, "Income", header, row, 2)
    income_total = row + 1
    _total_row(sheet, income_total, "Total income", 2)
    _money(sheet, income_total, 2, _sum(2, first, row)).font = BOLD

    top = income_total + 2
    _text(sheet, top, 1, "Expenditure", HEADING_FONT)
    header = top + 1
    actual_heading = f"Actual to end March {year.start_year + 1}"
    for column, text in enumerate(("Budget line", "Budget", actual_heading, "Remaining"), start=1):
        _text(sheet, header, column, text, BOLD).alignment = Alignment(horizontal="left" if column == 1 else "right")
    first = header + 1
    row = first - 1
    for row, line in enumerate(funding.budget_lines, start=first):
        _text(sheet, row, 1, line.name)
        _money(sheet, row, 2, line.budget_pence)
        _money(sheet, row, 3, line.actual_pence)
        _money(sheet, row, 4, f"=B{row}-C{row}")
    _table(sheet, "Expenditure", header, row, 4)
    total = row + 1
    _total_row(sheet, total, "Total for the whole budget", 4)
    for column in (2, 3, 4):
        _money(sheet, total, column, _sum(column, first, row)).font = BOLD
    notes = total + 2
    for note in _statement_notes(funding):
        _text(sheet, notes, 1, note, SUBTITLE_FONT)
        notes += 1
    longest = max([len(line.name) for line in funding.budget_lines] + [len(s) for s, _ in funding.income_by_source])
    _widths(sheet, [min(max(longest + 4, 30), 60), 16, 24, 16])
    sheet.freeze_panes = "A4"
    _print_setup(sheet, "1:2", landscape=False)

    if history:
        _write_history_sheet(workbook.create_sheet("Previous years"), history)
    workbook.properties.title = statement_title(year)
    workbook.properties.creator = ORGANISATION
    workbook.save(path)


def _write_history_sheet(sheet, history: list[YearTotals]) -> None:
    _heading_block(sheet, "Compared with previous years", "Totals of each financial year. Amounts in pounds.")
    headers = ("Year", "Contributions agreed", "Other income", "Total income", "Budget", "Actual", "Remaining")
    header = 4
    for column, text in enumerate(headers, start=1):
        _text(sheet, header, column, text, BOLD).alignment = Alignment(horizontal="left" if column == 1 else "right")
    row = header
    for row, totals in enumerate(history, start=header + 1):
        _text(sheet, row, 1, totals.year.label)
        _money(sheet, row, 2, totals.agreed_pence)
        _money(sheet, row, 3, totals.other_income_pence)
        _money(sheet, row, 4, f"=B{row}+C{row}")
        _money(sheet, row, 5, totals.budget_pence)
        _money(sheet, row, 6, totals.actual_pence)
        _money(sheet, row, 7, f"=E{row}-F{row}")
    _table(sheet, "PreviousYears", header, row, len(headers))
    _widths(sheet, [10, 22, 16, 16, 16, 16, 16])
    sheet.freeze_panes = f"A{header + 1}"
    _print_setup(sheet, f"{header}:{header}", landscape=True)


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


def write_statement_document(funding: YearFunding, history: list[YearTotals], path: Path) -> None:
    year = funding.year
    document = Document(str(template_path(TEMPLATE)))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph(statement_title(year), style="Title")
    document.add_paragraph(f"Financial year {_period(year)}. Amounts in pounds.")

    document.add_heading("Income", level=1)
    income = [(source, format_pounds(amount)) for source, amount in funding.income_by_source]
    _word_table(
        document,
        ("Source", "Amount"),
        income,
        ("Total income", format_pounds(funding.income_pence)),
        (Mm(130), Mm(40)),
    )

    document.add_heading("Expenditure", level=1)
    lines = [
        (
            line.name,
            format_pounds(line.budget_pence),
            format_pounds(line.actual_pence),
            _remaining(line.remaining_pence),
        )
        for line in funding.budget_lines
    ]
    _word_table(
        document,
        ("Budget line", "Budget", f"Actual to end March {year.start_year + 1}", "Remaining"),
        lines,
        (
            "Total for the whole budget",
            format_pounds(funding.budget_pence),
            format_pounds(funding.actual_pence),
            _remaining(funding.remaining_pence),
        ),
        (Mm(70), Mm(30), Mm(40), Mm(30)),
    )
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
        _word_table(
            document,
            ("Year", "Total income", "Budget", "Actual", "Remaining"),
            rows,
            None,
            (Mm(22), Mm(37), Mm(37), Mm(37), Mm(37)),
        )
    document.core_properties.title = statement_title(year)
    document.save(str(path))


def _remaining(pence: int) -> str:
    return format_pounds(pence) if pence >= 0 else f"{format_pounds(pence)} (overspent)"


def _word_table(document, headers, rows, total, widths) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and Word lay the table out by
    repeat_as_header(table.rows[0])
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, headers, strict=True)):
        _word_cell(cell, text, widths[index], bold=True, right=index > 0)
        shade(cell, "DDE6F0")
    for values in rows:
        for index, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            _word_cell(cell, text, widths[index], right=index > 0)
    if total is not None:
        for index, (cell, text) in enumerate(zip(table.add_row().cells, total, strict=True)):
            _word_cell(cell, text, widths[index], bold=True, right=index > 0)
            shade(cell, "EEF2F7")


def _word_cell(cell, text: str, width, *, bold: bool = False, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(10)
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cell.width = width
