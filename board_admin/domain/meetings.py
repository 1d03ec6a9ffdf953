"""The rules of meetings, written once (see domain/structure.py for how they are called)."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.dates import format_time

# The most a declaration of interest says: in the meeting window and in the workbook alike.
INTEREST_LIMIT = 2000


def interest_problem(interest: str) -> str | None:
    """Why the interest (its white space folded) is too long to record, or None: the service's sentence and the
    workbook's Interest cell's (domain/workbook_format.DECLARATIONS)."""
    if len(interest) > INTEREST_LIMIT:
        return f"The interest is {len(interest)} characters long; the most allowed is {INTEREST_LIMIT}."
    return None


def times_problem(start: dt.time | None, end: dt.time | None) -> str | None:
    if start is not None and end is not None and end <= start:
        return f"The meeting ends ({format_time(end)}) before it starts ({format_time(start)})."
    return None
