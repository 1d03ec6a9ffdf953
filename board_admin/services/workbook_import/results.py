"""What an import gives back: the summary of what it did, or every problem that stopped it."""

from __future__ import annotations

from dataclasses import dataclass

from board_admin.domain import workbook_format as wf
from board_admin.domain.errors import BoardAdminError

# --- what the caller gets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, placed as precisely as it can be."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [self.sheet, f"row {self.row}" if self.row else None, f"column {self.column}" if self.column else None]
        where = ", ".join(part for part in place if part)
        return f"{where}: {self.message}" if where else self.message


class WorkbookImportError(BoardAdminError):
    """The workbook was refused; `problems` lists every reason, and nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        found = "1 problem was found" if count == 1 else f"{count} problems were found"
        super().__init__(f"The workbook was not imported: {found}; nothing was changed.")
        self.problems = problems


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    counts: dict[str, SheetCounts]  # by sheet name, in the workbook's order
    years_added: int = 0
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(counts.added for counts in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.counts.values())

    def describe(self) -> str:
        """'12 agencies, 80 people and 3 groups (94 new, 1 changed); 5 rows were already up to date'."""
        parts = []
        for sheet in wf.SHEETS:
            counts = self.counts.get(sheet.name)
            if counts and counts.added + counts.updated:
                parts.append(sheet.count(counts.added + counts.updated))
        if self.years_added:
            parts.append(f"{self.years_added} financial year{'s' if self.years_added != 1 else ''}")
        same = self.unchanged
        if not parts:
            return f"nothing; all {same} rows were already up to date" if same else "nothing; the workbook has no rows"
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        text = f"{listed} ({self.added} new, {self.updated} changed)"
        if same:
            text += f"; {same} row{' was' if same == 1 else 's were'} already up to date"
        return text
