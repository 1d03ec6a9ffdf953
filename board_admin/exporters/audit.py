"""The audit trail to Excel, for an auditor or an information governance request."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.exporters import sheets, word
from board_admin.exporters.files import atomic_output
from board_admin.reports.accounts import audit_rows

WRAPPED = Alignment(wrap_text=True, vertical="top")
HEADERS = ("When", "Who", "Record", "Number", "What", "Before", "After")
WIDTHS = (20, 14, 16, 10, 10, 60, 60)


def export_audit(
    database: Database,
    path: Path,
    *,
    username: str | None = None,
    entity: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> int:
    """Writes the entries that match the filters, oldest first; returns how many."""
    rows = list(reversed(audit_rows(database, username=username, entity=entity, start=start, end=end, limit=None)))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Audit trail"
    period = audit_period(start, end, username, entity)
    top = sheets.title_block(sheet, "Audit trail", period)
    sheet.append(HEADERS)
    for cell in sheet[top]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None),
                row.username,
                row.entity,
                row.entity_id,
                row.operation,
                None,
                None,
            ]
        )
        # Stored values are the users' own text: written as text, never as formulas. They wrap, with the
        # row made tall enough by hand, as LibreOffice does not grow rows when it opens a workbook.
        for column, value in ((6, row.before), (7, row.after)):
            cell = sheet.cell(sheet.max_row, column)
            cell.alignment = WRAPPED
            if value is not None:
                cell.value = value
                cell.data_type = "s"
        lines = max(math.ceil(len(value or "") / (WIDTHS[5] - 2)) for value in (row.before, row.after))
        sheet.row_dimensions[sheet.max_row].height = 15 * max(lines, 1)
        sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy hh:mm:ss"
        # Left, like the name beside it, so that the time never runs into the name.
        sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="left", vertical="top")
        for column in (2, 3, 5):
            sheet.cell(sheet.max_row, column).data_type = "s"
    for number, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"A{top + 1}"
    if rows:
        table = Table(displayName="AuditTrail", ref=f"A{top}:G{len(rows) + top}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)
    details = word.document_details(database)
    sheets.print_setup(
        sheet,
        title="Audit trail",
        period=period,
        organisation=details.organisation,
        title_rows=f"1:{top}",
        landscape=True,
    )
    sheets.set_properties(workbook, "Audit trail", period, details)
    with atomic_output(Path(path)) as temporary:
        workbook.save(temporary)
    return len(rows)


def audit_period(start: dt.date | None, end: dt.date | None, username: str | None, entity: str | None) -> str:
    """Which changes the file holds: "Changes from 01/04/2025 to 31/03/2026 by amy to agency records"."""
    if start and end:
        text = f"Changes from {format_date(start)} to {format_date(end)}"
    elif start:
        text = f"Changes from {format_date(start)}"
    elif end:
        text = f"Changes up to {format_date(end)}"
    else:
        text = "Every change recorded"
    if username:
        text += f" by {username}"
    if entity:
        text += f" to {entity} records"
    return text
