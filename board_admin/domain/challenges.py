"""The rules of the challenge log, written once (see domain/structure.py for how they are called)."""

from __future__ import annotations

import datetime as dt
import re

from board_admin.domain.dates import format_date
from board_admin.domain.enums import ChallengeStatus

# The references the log gives out: CH-2025-014.
REFERENCE_PATTERN = re.compile(r"CH-(\d{4})-(\d{3,})")
LAST_REFERENCE_NUMBER = 999_999


def format_reference(year: int, number: int) -> str:
    return f"CH-{year}-{number:03d}"


def reference_number_problem(year: int, number: int) -> str | None:
    if number > LAST_REFERENCE_NUMBER:
        return (
            f"A challenge reference can be numbered up to {LAST_REFERENCE_NUMBER} "
            f"({format_reference(year, LAST_REFERENCE_NUMBER)}), not {number}."
        )
    return None


def response_due_problem(raised: dt.date, due: dt.date | None) -> str | None:
    if due is not None and due < raised:
        return f"The response due date ({format_date(due)}) is before the date raised ({format_date(raised)})."
    return None


def _before_raised(what: str, day: dt.date | None, raised: dt.date) -> str | None:
    if day is not None and day < raised:
        return (
            f"The {what} ({format_date(day)}) cannot be before the date the challenge was raised "
            f"({format_date(raised)})."
        )
    return None


def responded_problem(raised: dt.date, responded: dt.date | None) -> str | None:
    return _before_raised("response date", responded, raised)


def closed_problem(raised: dt.date, closed: dt.date | None) -> str | None:
    return _before_raised("closing date", closed, raised)


def change_problem(raised: dt.date | None, on: dt.date) -> str | None:
    """A status cannot change before the challenge was raised."""
    if raised is not None and on < raised:
        return f"The date of the change ({format_date(on)}) is before the challenge was raised ({format_date(raised)})."
    return None


def challenge_overdue(
    response_due: dt.date | None, response: str | None, status: ChallengeStatus, on_date: dt.date
) -> bool:
    """Overdue: the response due date has passed with no response, and the challenge is not closed."""
    return (
        response_due is not None
        and response_due < on_date
        and not (response or "").strip()
        and status is not ChallengeStatus.CLOSED
    )
