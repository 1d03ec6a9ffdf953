"""Dates as the business unit writes them: dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def format_time(moment: dt.time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


# The one rule for every date typed in a form or read from a workbook: a slip such as 0001-01-01 or
# 31/12/9999 is refused rather than kept (and then shown, sorted and exported as if it were real).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def date_out_of_range(day: dt.date | None) -> str | None:
    """A sentence when `day` is outside 1900-2100; None when it is inside (or there is no date)."""
    if day is None or FIRST_DAY <= (day.date() if isinstance(day, dt.datetime) else day) <= LAST_DAY:
        return None
    return f"{format_date(day)} is not a date Board Admin keeps: dates run from 01/01/1900 to 31/12/2100."


def check_date_in_range(day: dt.date | None, field: str | None = None) -> None:
    """Raises ValidationError (naming the form's `field`) for a date outside 1900-2100."""
    from board_admin.domain.errors import ValidationError

    problem = date_out_of_range(day)
    if problem:
        raise ValidationError(problem, field)
