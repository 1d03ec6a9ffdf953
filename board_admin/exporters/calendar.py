"""The meeting schedule as an iCalendar (.ics) file that Outlook, Google and Apple calendars import.

Times are written as local UK times with the Europe/London time zone defined in the file (VTIMEZONE),
so that a 10:00 meeting stays at 10:00 on both sides of the clock change and in any calendar. Each
meeting keeps the same UID from one export to the next, so importing a newer file updates the
meetings instead of adding them twice. A postponed meeting is left out (its replacement is in);
a cancelled one is kept and marked cancelled, so a calendar that had it shows that it is off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import func, select

from board_admin.db.engine import Database
from board_admin.db.models import Group
from board_admin.domain.enums import MeetingStatus
from board_admin.domain.errors import BoardAdminError, NotFoundError
from board_admin.domain.permissions import Permission
from board_admin.exporters.files import atomic_output
from board_admin.reports.lists import MeetingRow, meeting_rows

ZONE = "Europe/London"
# Meetings entered without an end time are shown as two hours long, the usual board meeting.
DEFAULT_LENGTH = dt.timedelta(hours=2)

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{ZONE}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)


def event_lines(row: MeetingRow, stamp: dt.datetime) -> list[str]:
    cancelled = row.status is MeetingStatus.CANCELLED
    summary = ("Cancelled: " if cancelled else "") + row.group_name
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{row.id}@board-admin",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
    ]
    if row.start_time is None:
        lines += [
            f"DTSTART;VALUE=DATE:{row.meeting_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{row.meeting_date + dt.timedelta(days=1):%Y%m%d}",
        ]
    else:
        start = dt.datetime.combine(row.meeting_date, row.start_time)
        end = dt.datetime.combine(row.meeting_date, row.end_time) if row.end_time else start + DEFAULT_LENGTH
        lines += [f"DTSTART;TZID={ZONE}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={ZONE}:{end:%Y%m%dT%H%M%S}"]
    lines.append(f"SUMMARY:{escape(summary)}")
    if row.location:
        lines.append(f"LOCATION:{escape(row.location)}")
    description = f"Meeting of the {row.group_name}."
    if cancelled and row.cancellation_reason:
        description += f" Cancelled: {row.cancellation_reason}"
    lines += [
        f"DESCRIPTION:{escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def calendar_text(rows: list[MeetingRow], name: str, stamp: dt.datetime | None = None) -> str:
    stamp = stamp or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Independent Safeguarding Partnership Service//Board Admin//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{ZONE}",
        *VTIMEZONE,
    ]
    for row in sorted(rows, key=lambda row: (row.meeting_date, row.start_time or dt.time.min, row.group_name)):
        if row.status is not MeetingStatus.POSTPONED:
            lines += event_lines(row, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def export_calendar(
    database: Database, path: Path, group_name: str | None = None, meeting_ids: Collection[int] | None = None
) -> int:
    """Writes the meetings of one group (by name) or of all groups to `path`; returns the number of events.
    `meeting_ids` keeps only those meetings (the ones a search on the Meetings page shows)."""
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise BoardAdminError(f"{path.name}: the file name must end in .ics.")
    database.actor.require(Permission.EXPORT)
    group_id = None
    name = "Board Admin meetings"
    if group_name:
        with database.session() as session:
            group = session.execute(
                select(Group.id, Group.name).where(func.lower(Group.name) == group_name.strip().lower())
            ).first()
        if group is None:
            raise NotFoundError(f"There is no group called '{group_name}'.")
        group_id, name = group.id, f"{group.name} meetings"
    rows = meeting_rows(database, group_id=group_id)
    if meeting_ids is not None:
        wanted = set(meeting_ids)
        rows = [row for row in rows if row.id in wanted]
    text = calendar_text(rows, name)
    with atomic_output(path) as temporary:
        temporary.write_bytes(text.encode("utf-8"))
    return sum(1 for row in rows if row.status is not MeetingStatus.POSTPONED)
