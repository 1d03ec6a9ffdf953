"""Which rolling backups to keep: the newest copy of each of the last few days, weeks and months.

Pure: given the moments the copies were made, it says which to keep, so the rule can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


def copies_to_keep(made: list[dt.datetime], retention: Retention = Retention()) -> set[dt.datetime]:
    """The newest copy of each of the `daily` most recent days that have copies, likewise for ISO weeks
    and calendar months; the newest copy of all is always kept."""
    keep: set[dt.datetime] = set()
    if not made:
        return keep
    newest_first = sorted(made, reverse=True)
    keep.add(newest_first[0])
    for period, limit in (
        (lambda moment: moment.date(), retention.daily),
        (lambda moment: moment.isocalendar()[:2], retention.weekly),
        (lambda moment: (moment.year, moment.month), retention.monthly),
    ):
        seen = []
        for moment in newest_first:
            key = period(moment)
            if key not in seen:
                if len(seen) == limit:
                    break
                seen.append(key)
                keep.add(moment)
    return keep
