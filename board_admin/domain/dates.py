"""Dates as the business unit writes them: dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import re


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


EARLIEST_YEAR = FIRST_DAY.year  # the calendar pop-up's range
LATEST_YEAR = LAST_DAY.year
DATE_EXAMPLE = "dd/mm/yyyy, e.g. 01/04/2026"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class UnreadableDateError(ValueError):
    """Text that is not a date the business unit would write; the message says why, in its words."""


def _year(text: str) -> int:
    year = int(text)
    # Two figures are this century's: 1/4/26 is 2026, as a person writing it means.
    return 2000 + year if len(text) == 2 else year


def parse_date(text: str) -> dt.date | None:
    """A date as people type it, day first: 01/04/2026, 1/4/2026, 1.4.26, 01042026, 1 Apr 2026, 1 April 2026,
    or 2026-04-01. Blank is None. Anything else (or a date outside 1900-2100) raises UnreadableDateError; a
    date is never guessed."""
    cleaned = text.strip().lower().replace(",", " ")
    if not cleaned:
        return None
    parts = [part for part in re.split(r"[\s/.\-]+", cleaned) if part]
    try:
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) in (6, 8):
            digits = parts[0]
            day, month, year = int(digits[:2]), int(digits[2:4]), _year(digits[4:])
        elif len(parts) == 3 and len(parts[0]) == 4 and all(part.isdigit() for part in parts):
            year, month, day = (int(part) for part in parts)
        elif len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and len(parts[2]) in (2, 4):
            day, year = int(parts[0]), _year(parts[2])
            month = int(parts[1]) if parts[1].isdigit() else _MONTHS[parts[1]]
        else:
            raise UnreadableDateError(f"'{text.strip()}' is not a date: write it as {DATE_EXAMPLE}.")
        day_found = dt.date(year, month, day)
    except (KeyError, ValueError) as error:
        if isinstance(error, UnreadableDateError):
            raise
        raise UnreadableDateError(f"'{text.strip()}' is not a date: write it as {DATE_EXAMPLE}.") from error
    problem = date_out_of_range(day_found)
    if problem:
        raise UnreadableDateError(problem)
    return day_found
