"""The UK financial year: 1 April to 31 March, labelled like 2015-16."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from board_admin.domain.errors import ValidationError

_LABEL = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """From a label like 2015-16 (also 2015/16 and 2015-2016)."""
        match = _LABEL.match(str(text).strip())
        if not match:
            raise ValidationError(f"'{text}' is not a financial year: write it like 2015-16.")
        start = int(match.group(1))
        end = match.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year != start + 1 and not (len(end) == 2 and start % 100 == 99 and int(end) == 0):
            raise ValidationError(f"'{text}' is not a financial year: the second year must follow the first.")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return self.label
