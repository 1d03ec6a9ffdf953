"""Dates as the business unit writes them: dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def format_time(moment: dt.time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""
