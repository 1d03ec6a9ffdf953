"""Small calculations of the demo's builder: calendars, shares of a sum, words for a kind of group."""

from __future__ import annotations

import datetime as dt
import random

from board_admin.db.models import Membership
from board_admin.demo.seed_business import MONTHS
from board_admin.domain.enums import GroupKind
from board_admin.domain.financial_year import FinancialYear


def active(membership: Membership, day: dt.date) -> bool:
    return membership.start_date <= day and (membership.end_date is None or membership.end_date >= day)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def noun(kind: GroupKind) -> str:
    return {
        GroupKind.BOARD: "the Board",
        GroupKind.PANEL: "the Panel",
        GroupKind.FORUM: "the Forum",
        GroupKind.DOTTED_LINE_FORUM: "the Forum",
    }.get(kind, "the Group")


def month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_ends(year: FinancialYear, last_day: dt.date) -> list[dt.date]:
    """The last working day (Monday to Friday) of each month of the year, up to `last_day`."""
    days = []
    for index in range(12):
        month = (3 + index) % 12 + 1
        calendar_year = year.start_year + (3 + index) // 12
        day = dt.date(calendar_year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        while day.weekday() > 4:
            day -= dt.timedelta(days=1)
        if day <= last_day:
            days.append(day)
    return days


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` pence in `parts` positive uneven amounts that sum to it exactly."""
    weights = [rng.randint(700, 1300) for _ in range(parts)]
    amounts = [total * weight // sum(weights) for weight in weights]
    amounts[-1] = total - sum(amounts[:-1])
    return amounts
