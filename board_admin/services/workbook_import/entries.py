"""What planning makes of every record: an `Entry`, the record as it will be after the import, found by its `Key`."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from board_admin.reports.workbook_rows import StoredRow
from board_admin.services.workbook_import.reading import Row


@dataclass
class Entry:
    """A record as it will be after the import: the database's values overlaid with the workbook's row."""

    values: dict[str, object]
    stored: StoredRow | None = None
    row: Row | None = None
    # The key of the record it points to in its own sheet (for a challenge: the group or person it was escalated to).
    link: Hashable | None = None
    id: int | None = None
    changes: set[str] = field(default_factory=set)

    @property
    def is_new(self) -> bool:
        return self.stored is None


Key = Hashable
