"""The decision register as an Excel workbook or a Word document, from the rows the screen shows
(reports/decisions.decision_register), filtered the same way; written as every register is
(exporters/registers.py)."""

from __future__ import annotations

from pathlib import Path

from board_admin.db.engine import Database
from board_admin.domain.financial_year import FinancialYear
from board_admin.exporters.registers import Column, Register, export_register
from board_admin.reports.decisions import decision_register

REGISTER = Register(
    "Decision register",
    "Decisions",
    "Decisions",
    (
        Column("Reference", lambda row: row.reference, "text", 20, 38),
        Column("Group", lambda row: row.group_name, "text", 36, 44),
        Column("Meeting", lambda row: row.meeting_date, "date", 12, 24),
        Column("Item", lambda row: f"{row.item_position}. {row.item_title}", "long", 34, 46),
        Column("Decision", lambda row: row.text, "long", 62, 101),
    ),
    "No decisions are recorded for this choice.",
)


def export_decisions(
    database: Database,
    path: Path,
    group_id: int | None = None,
    year: FinancialYear | None = None,
    search: str | None = None,
    group_name: str | None = None,
) -> int:
    """Writes the register (filtered) to `path`, .xlsx or .docx by its extension; returns how many decisions."""
    return export_register(
        database, path, REGISTER, lambda: decision_register(database, group_id, year, search), group_name, year
    )
