"""The register of declarations of interest, per group and year, as an Excel workbook or a Word document, from
the rows the minutes print (reports/declarations.interests_register); written as every register is
(exporters/registers.py)."""

from __future__ import annotations

from pathlib import Path

from board_admin.db.engine import Database
from board_admin.domain.financial_year import FinancialYear
from board_admin.exporters.registers import Column, Register, export_register
from board_admin.reports.declarations import interests_register

REGISTER = Register(
    "Register of declarations of interest",
    "Declarations",
    "Declarations",
    (
        Column("Group", lambda row: row.group_name, "text", 30, 38),
        Column("Meeting", lambda row: row.meeting_date, "date", 12, 22),
        Column("Person", lambda row: row.person_name, "text", 20, 28),
        Column("Agency", lambda row: row.agency_name or "", "text", 26, 32),
        Column("About", lambda row: row.about, "long", 26, 28),
        Column("Interest", lambda row: row.interest, "long", 40, 55),
        Column("Kind", lambda row: row.kind.label, "text", 16, 22),
        Column("What they did", lambda row: row.action.label, "text", 16, 28),
    ),
    "No interests were declared at these meetings.",
)


def export_interests(
    database: Database,
    path: Path,
    group_id: int | None = None,
    year: FinancialYear | None = None,
    group_name: str | None = None,
) -> int:
    """Writes the register (of a group, a year) to `path`, .xlsx or .docx by its extension; returns how many."""
    return export_register(
        database, path, REGISTER, lambda: interests_register(database, group_id, year), group_name, year
    )
