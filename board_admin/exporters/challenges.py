"""The challenge log as an Excel workbook or a Word report.

Excel: a `Challenges` sheet with every field as a real table (dates as dates) and a `Summary` sheet with
the counts by status and by agency. Word: a report grouped by theme, each challenge with its response and
outcome, written to be lifted into the annual report. Both read the same rows as the screen
(reports/challenges.py), filtered the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import ChallengeStatus
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.exporters.word import DEFAULT_DETAILS, DocumentDetails
from board_admin.reports.challenges import (
    AgencySummaryRow,
    ChallengeFilter,
    ChallengeLogRow,
    StatusChangeRow,
    agency_summary,
    all_status_history,
    challenge_log,
    status_counts,
)

TEMPLATE = "challenges.docx"
NO_THEME = "Other challenges"


@dataclass(frozen=True)
class ChallengeExport:
    """What was read for an export: the rows, their history, the day overdue was judged on, the filter."""

    rows: list[ChallengeLogRow]
    history: dict[int, list[StatusChangeRow]]
    on_date: dt.date
    log_filter: ChallengeFilter

    @property
    def heading(self) -> str:
        described = self.log_filter.describe()
        scope = f"Challenges {described}" if described else "All challenges"
        return f"{scope}; as at {format_date(self.on_date)}."


def read_export(
    database: Database, on_date: dt.date | None = None, log_filter: ChallengeFilter | None = None
) -> ChallengeExport:
    database.actor.require(Permission.EXPORT)
    on_date = on_date or dt.date.today()
    log_filter = log_filter or ChallengeFilter()
    return ChallengeExport(
        challenge_log(database, on_date, log_filter), all_status_history(database), on_date, log_filter
    )


def export_challenges(
    database: Database, path: Path, on_date: dt.date | None = None, log_filter: ChallengeFilter | None = None
) -> int:
    """Writes the (filtered) log to `path`, .xlsx or .docx by its extension; returns the number of challenges."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BoardAdminError(f"{path.name}: the challenge log is exported to a file ending in .xlsx or .docx.")
    data = read_export(database, on_date, log_filter)
    with atomic_output(path) as temporary:
        if suffix == ".xlsx":
            write_workbook(data, temporary, word.document_details(database))
        else:
            write_document(data, temporary, word.document_details(database))
    return len(data.rows)


# --- Excel ---------------------------------------------------------------------------------------


def history_text(steps: list[StatusChangeRow]) -> str:
    """One line per change: "12/03/2025 Open to Awaiting response (jsmith): letter sent"."""
    lines = []
    for step in steps:
        moved = f"{step.from_status.label} to {step.to_status.label}" if step.from_status else step.to_status.label
        line = f"{format_date(step.changed_on)} {moved} ({step.changed_by})"
        lines.append(f"{line}: {step.note}" if step.note else line)
    return "\n".join(lines)


# (header, value, kind, width): kind "date", "text" (short, one line), "long" (wrapped), "number"
def _challenge_columns(history: dict[int, list[StatusChangeRow]]):
    return [
        ("Reference", lambda r: r.reference, "text", 14),
        ("Date raised", lambda r: r.date_raised, "date", 12),
        ("Raised at", lambda r: r.raised_at_group, "text", 30),
        ("Raised at meeting", lambda r: r.raised_at_meeting_date, "date", 12),
        ("Raised by", lambda r: r.raised_by, "text", 18),
        ("Agency challenged", lambda r: r.agency_name, "long", 28),
        ("Theme", lambda r: r.theme, "text", 18),
        ("Challenge", lambda r: r.challenge, "long", 45),
        ("Response due", lambda r: r.response_due, "date", 12),
        ("Overdue", lambda r: "Yes" if r.overdue else "No", "text", 9),
        ("Days overdue", lambda r: r.days_overdue or None, "number", 9),
        ("Response", lambda r: r.response, "long", 40),
        ("Response date", lambda r: r.responded_on, "date", 12),
        ("Outcome and impact", lambda r: r.outcome, "long", 40),
        ("Status", lambda r: r.status.label, "text", 17),
        ("Escalated to", lambda r: r.escalated_to, "long", 24),
        ("Date closed", lambda r: r.date_closed, "date", 12),
        ("History", lambda r: history_text(history.get(r.id, [])), "long", 50),
    ]


def _print_setup(sheet, title_rows: str, data: ChallengeExport, organisation: str) -> None:
    sheets.print_setup(
        sheet,
        title=f"Challenge log: {sheet.title}",
        period=data.heading,
        organisation=organisation,
        title_rows=title_rows,
        landscape=True,
    )
    sheet.print_options.gridLines = False


def write_workbook(data: ChallengeExport, path: Path, details: DocumentDetails | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Challenges"
    columns = _challenge_columns(data.history)
    top = sheets.title_block(sheet, "Challenge log", data.heading)
    for index, (header, _value, _kind, width) in enumerate(columns, start=1):
        cell = sheets.put(sheet, top, index, header)
        cell.font, cell.fill = sheets.BOLD, sheets.HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[top].height = 2 * sheets.LINE_HEIGHT
    for row_number, row in enumerate(data.rows, start=top + 1):
        lines = 1
        for index, (_header, value, kind, width) in enumerate(columns, start=1):
            shown = value(row)
            sheets.put(sheet, row_number, index, shown, kind)
            if isinstance(shown, str) and shown:
                lines = max(lines, sheets.lines_needed(shown, width))
        # Spreadsheet programs do not grow a row for wrapped text written by a program; so it is set here.
        sheet.row_dimensions[row_number].height = min(lines * sheets.LINE_HEIGHT, 409)
    sheets.table(sheet, "Challenges", top, len(data.rows) + top, len(columns))
    sheet.freeze_panes = sheet.cell(top + 1, 2).coordinate
    _print_setup(sheet, f"1:{top}", data, (details or DEFAULT_DETAILS).organisation)
    # Every field is too wide for one page: two pages across, the reference repeated on each.
    sheet.page_setup.fitToWidth = 2
    sheet.print_title_cols = "A:A"

    _write_summary(workbook.create_sheet("Summary"), data, (details or DEFAULT_DETAILS).organisation)
    sheets.set_properties(workbook, "Challenge log", data.heading, details or DEFAULT_DETAILS)
    workbook.save(path)


def _write_summary(sheet, data: ChallengeExport, organisation: str) -> None:
    sheets.title_block(sheet, "Challenge log summary", data.heading)
    counts = status_counts(data.rows)
    overdue = sum(row.overdue for row in data.rows)

    row = 4
    for column, header in enumerate(("Status", "Challenges"), start=1):
        cell = sheets.put(sheet, row, column, header)
        cell.font, cell.fill = sheets.BOLD, sheets.HEADER_FILL
    for status, number in counts.items():
        row += 1
        sheets.put(sheet, row, 1, status.label)
        sheets.put(sheet, row, 2, number, "number")
    sheets.table(sheet, "ByStatus", 4, row, 2)
    row += 1
    for column, value in enumerate(("Total", len(data.rows)), start=1):
        cell = sheets.put(sheet, row, column, value, "number")
        cell.font, cell.fill = sheets.BOLD, sheets.TOTAL_FILL
    row += 1
    sheets.put(sheet, row, 1, "Of which overdue")
    sheets.put(sheet, row, 2, overdue, "number")

    row += 2
    headers = ["Agency challenged", *(s.label for s in ChallengeStatus), "Total", "Not closed", "Overdue"]
    first = row
    for column, header in enumerate(headers, start=1):
        cell = sheets.put(sheet, row, column, header)
        cell.font, cell.fill = sheets.BOLD, sheets.HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="left" if column == 1 else "right")
    sheet.row_dimensions[row].height = 2 * sheets.LINE_HEIGHT
    summary = agency_summary(data.rows)
    for line in summary:
        row += 1
        for column, value in enumerate(_agency_values(line), start=1):
            sheets.put(sheet, row, column, value, "number")
    sheets.table(sheet, "ByAgency", first, row, len(headers))
    row += 1
    totals = ["Total", *(counts[s] for s in ChallengeStatus), len(data.rows)]
    totals += [sum(line.not_closed for line in summary), overdue]
    for column, value in enumerate(totals, start=1):
        cell = sheets.put(sheet, row, column, value, "number")
        cell.font, cell.fill = sheets.BOLD, sheets.TOTAL_FILL

    sheet.column_dimensions["A"].width = 58
    for column in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    for line in range(4, row + 1):
        for column in range(2, len(headers) + 1):
            cell = sheet.cell(row=line, column=column)
            cell.alignment = Alignment(
                horizontal="right", vertical=cell.alignment.vertical, wrap_text=cell.alignment.wrap_text
            )
    # The title and period on every page; the two tables are short enough not to need their headers again.
    _print_setup(sheet, "1:2", data, organisation)


def _agency_values(line: AgencySummaryRow) -> list:
    return [line.agency_name, *(line.by_status[s] for s in ChallengeStatus), line.total, line.not_closed, line.overdue]


# --- Word ----------------------------------------------------------------------------------------


def by_theme(rows: list[ChallengeLogRow]) -> list[tuple[str, list[ChallengeLogRow]]]:
    """Themes in alphabetical order ("Other challenges" last), challenges oldest first within each."""
    grouped: dict[str, list[ChallengeLogRow]] = {}
    for row in sorted(rows, key=lambda r: (r.date_raised, r.reference)):
        grouped.setdefault(row.theme or NO_THEME, []).append(row)
    return sorted(grouped.items(), key=lambda item: (item[0] == NO_THEME, item[0].casefold()))


def status_sentence(row: ChallengeLogRow) -> str:
    text = f"Status: {row.status.label}"
    if row.status is ChallengeStatus.CLOSED and row.date_closed:
        text += f" on {format_date(row.date_closed)}"
    elif row.status is ChallengeStatus.ESCALATED and row.escalated_to:
        text += f" to {row.escalated_to}"
    if row.overdue:
        text += f"; overdue: a response was due on {format_date(row.response_due)}"
    elif row.response_due and not row.response and row.status is not ChallengeStatus.CLOSED:
        text += f"; response due by {format_date(row.response_due)}"
    return text + "."


def write_document(data: ChallengeExport, path: Path, details: DocumentDetails | None = None) -> None:
    document = word.open_template(TEMPLATE)
    document.add_paragraph("Challenge log", style="Title")
    document.add_paragraph(data.heading, style="Subtitle")
    counts = status_counts(data.rows)
    if not data.rows:
        document.add_paragraph("No challenges match.")
    else:
        closed = counts[ChallengeStatus.CLOSED]
        overdue = sum(row.overdue for row in data.rows)
        agencies = len({row.agency_id for row in data.rows})
        document.add_paragraph(
            f"The partnership recorded {_count(len(data.rows), 'challenge')} to "
            f"{_count(agencies, 'agency', 'agencies')}. {closed} {'has' if closed == 1 else 'have'} been closed "
            "with a recorded outcome; "
            f"{len(data.rows) - closed} remain open, of which {overdue} "
            f"{'is' if overdue == 1 else 'are'} past the date a response was due."
        )
        document.add_heading("Challenges by agency", level=1)
        summary = agency_summary(data.rows)
        word.figures_table(
            document,
            ("Agency challenged", "Challenges", "Closed", "Not closed", "Overdue"),
            [
                (line.agency_name, line.total, line.by_status[ChallengeStatus.CLOSED], line.not_closed, line.overdue)
                for line in summary
            ],
            ("Total", len(data.rows), closed, len(data.rows) - closed, overdue),
            (Mm(80), Mm(24), Mm(18), Mm(22), Mm(20)),
        )
    for theme, rows in by_theme(data.rows):
        document.add_heading(theme, level=1)
        for row in rows:
            document.add_heading(f"{row.reference}: {row.agency_name}", level=2)
            raised = f"Raised on {format_date(row.date_raised)}"
            if row.raised_at:
                raised += f" at {row.raised_at}"
            if row.raised_by:
                raised += f" by {row.raised_by}"
            meta = document.add_paragraph()
            meta.add_run(f"{raised}. {status_sentence(row)}").italic = True
            _labelled(document, "Challenge", row.challenge)
            response_label = "Response"
            if row.responded_on:
                response_label += f" ({format_date(row.responded_on)})"
            _labelled(document, response_label, row.response or "No response recorded yet.")
            _labelled(document, "Outcome and impact", row.outcome or "Not yet known.")
    word.finish(
        document, details, title="Challenge log", subject=data.heading, label="Challenge log", period=data.heading
    )
    document.save(str(path))


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _labelled(document, label: str, text: str) -> None:
    paragraphs = [part.strip() for part in text.split("\n") if part.strip()] or [""]
    first = document.add_paragraph()
    first.add_run(f"{label}: ").bold = True
    first.add_run(paragraphs[0])
    for more in paragraphs[1:]:
        document.add_paragraph(more)
