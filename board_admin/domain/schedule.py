"""Schedule rules: the dates a group meets, from a rule such as "bi-monthly, second Tuesday, 10:00-12:00".

A rule names how often (weekly, monthly, bi-monthly, quarterly) and which day: a weekday in a given week
of the month ("second Tuesday", "last Thursday"), or a day of the month ("the 15th"). A day of the month
that a month lacks (the 31st in June, the 29th of February outside a leap year) falls on that month's
last day, so a group that "meets on the 31st" still meets every month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from board_admin.domain.enums import Frequency
from board_admin.domain.errors import ValidationError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Week of the month: 1 to 4, or LAST.
LAST = -1
WEEK_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", LAST: "last"}
MONTH_STEP = {Frequency.MONTHLY: 1, Frequency.BI_MONTHLY: 2, Frequency.QUARTERLY: 3}
SCHEDULABLE = (Frequency.WEEKLY, Frequency.MONTHLY, Frequency.BI_MONTHLY, Frequency.QUARTERLY)


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def nth_weekday(year: int, month: int, weekday: int, week: int) -> dt.date:
    """The `week`-th (1-4, or LAST) `weekday` (0 = Monday) of the month."""
    if week == LAST:
        last_day = calendar.monthrange(year, month)[1]
        last = dt.date(year, month, last_day)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """The `day`-th of the month, or the month's last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ScheduleRule:
    """How often and on which day a group meets, and at what time.

    Weekly rules use `weekday` alone. Monthly, bi-monthly and quarterly rules use either `weekday` with
    `week` (1-4 or LAST) or `day_of_month`; the months counted are those from the schedule's first month.
    """

    frequency: Frequency
    weekday: int | None = None
    week: int | None = None
    day_of_month: int | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    def check(self) -> None:
        """Raises ValidationError naming the field of the first thing wrong with the rule."""
        if self.frequency not in SCHEDULABLE:
            raise ValidationError(
                "Choose how often the group meets: weekly, monthly, bi-monthly or quarterly.", "frequency"
            )
        if self.frequency is Frequency.WEEKLY or self.day_of_month is None:
            if self.weekday is None or not 0 <= self.weekday <= 6:
                raise ValidationError("Choose the day of the week the group meets.", "weekday")
        if self.frequency is not Frequency.WEEKLY:
            if self.day_of_month is None and self.week not in WEEK_NAMES:
                raise ValidationError("Choose which week of the month (first to fourth, or last).", "week")
            if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
                raise ValidationError("The day of the month must be between 1 and 31.", "day_of_month")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                f"The meeting ends ({self.end_time:%H:%M}) before it starts ({self.start_time:%H:%M}).", "end_time"
            )

    def describe(self) -> str:
        """The rule in the business unit's words, e.g. "Bi-monthly, second Tuesday, 10:00-12:00"."""
        parts = [self.frequency.label]
        if self.frequency is Frequency.WEEKLY:
            parts.append(f"every {WEEKDAYS[self.weekday]}")
        elif self.day_of_month is not None:
            parts.append(f"on the {ordinal(self.day_of_month)}")
        else:
            parts.append(f"{WEEK_NAMES[self.week]} {WEEKDAYS[self.weekday]}")
        if self.start_time is not None:
            times = f"{self.start_time:%H:%M}"
            if self.end_time is not None:
                times += f"-{self.end_time:%H:%M}"
            parts.append(times)
        return ", ".join(parts)

    def dates(self, first: dt.date, last: dt.date, skip: Iterable[dt.date] = ()) -> list[dt.date]:
        """The meeting dates from `first` to `last` (both included), leaving out the dates in `skip`."""
        self.check()
        if last < first:
            raise ValidationError("The schedule's last date is before its first date.", "last")
        skipped = set(skip)
        found: list[dt.date] = []
        if self.frequency is Frequency.WEEKLY:
            day = first + dt.timedelta(days=(self.weekday - first.weekday()) % 7)
            while day <= last:
                found.append(day)
                day += dt.timedelta(days=7)
        else:
            step = MONTH_STEP[self.frequency]
            year, month = first.year, first.month
            while dt.date(year, month, 1) <= last:
                if self.day_of_month is not None:
                    day = day_in_month(year, month, self.day_of_month)
                else:
                    day = nth_weekday(year, month, self.weekday, self.week)
                if first <= day <= last:
                    found.append(day)
                month += step
                year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return [day for day in found if day not in skipped]


@dataclass(frozen=True)
class SchedulePlan:
    """A rule applied to a period: what the schedule generator is asked for."""

    rule: ScheduleRule
    first: dt.date
    last: dt.date
    skip: frozenset[dt.date] = field(default_factory=frozenset)
    location: str | None = None

    def dates(self) -> list[dt.date]:
        return self.rule.dates(self.first, self.last, self.skip)
