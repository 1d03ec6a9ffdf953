"""The rules of meetings, written once (see domain/structure.py for how they are called)."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.dates import format_time


def times_problem(start: dt.time | None, end: dt.time | None) -> str | None:
    if start is not None and end is not None and end <= start:
        return f"The meeting ends ({format_time(end)}) before it starts ({format_time(start)})."
    return None
