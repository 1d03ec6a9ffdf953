"""The rules of the money, written once (see domain/structure.py for how they are called)."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.dates import format_date
from board_admin.domain.financial_year import FinancialYear

# How far outside its year a contribution's dates may fall: invoices go out up to six months early, and a
# partner may pay up to a year late.
INVOICE_SLACK_DAYS = 183
PAYMENT_SLACK_DAYS = 366


def outside_year(what: str, day: dt.date | None, year: FinancialYear, *, slack_days: int = 0) -> str | None:
    """A day that belongs to a financial year lies within it (give or take `slack_days`)."""
    if day is None:
        return None
    first, last = year.start - dt.timedelta(days=slack_days), year.end + dt.timedelta(days=slack_days)
    if first <= day <= last:
        return None
    return (
        f"{what} ({format_date(day)}) is outside {year.label}, which runs from {format_date(year.start)} "
        f"to {format_date(year.end)}."
    )
