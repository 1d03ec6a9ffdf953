"""The meeting schedule as an iCalendar (.ics) file that Outlook, Google and Apple calendars import, written
with the `icalendar` package (escaping, folding and time zones by a maintained library, not by hand).

Times are local UK times with the Europe/London time zone defined in the file (VTIMEZONE), so that a 10:00
meeting stays at 10:00 on both sides of the clock change and in any calendar. Each meeting keeps the same
UID from one export to the next, ending in this database's own random id (so two installations never send
the same UID), and its SEQUENCE rises with every change of the meeting, so importing a newer file updates
the meetings instead of adding them twice. A cancelled or a postponed meeting is sent with its original UID
as STATUS:CANCELLED, so a calendar that imported it earlier shows that it is off (the postponed meeting's
new date is a meeting of its own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from board_admin.db.engine import Database
from board_admin.domain.dates import format_date
from board_admin.domain.enums import MeetingStatus
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Permission
from board_admin.exporters.files import atomic_output
from board_admin.reports.attendance import find_groups, group_choices
from board_admin.reports.lists import MeetingRow, meeting_rows
from board_admin.reports.organisation import Organisation, installation_id, organisation

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
# Meetings entered without an end time are shown as two hours long, the usual board meeting.
DEFAULT_LENGTH = dt.timedelta(hours=2)
OFF = (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)

VTIMEZONE = "\r\n".join(
    (
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
        "",
    )
)


def meeting_uid(row: MeetingRow, installation: str) -> str:
    return f"meeting-{row.id}-{installation}@board-admin"


def event(row: MeetingRow, stamp: dt.datetime, installation: str, organiser: Organisation | None = None):
    """The meeting as a VEVENT: cancelled and postponed meetings keep their UID and say STATUS:CANCELLED."""
    item = icalendar.Event()
    item.add("uid", meeting_uid(row, installation))
    item.add("dtstamp", stamp)
    # Version 1 is the meeting as first saved; each change of the meeting raises it, and SEQUENCE with it.
    item.add("sequence", max(row.version - 1, 0))
    if row.start_time is None:
        item.add("dtstart", row.meeting_date)
        item.add("dtend", row.meeting_date + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(row.meeting_date, row.start_time, tzinfo=LONDON)
        end = dt.datetime.combine(row.meeting_date, row.end_time, tzinfo=LONDON) if row.end_time else None
        item.add("dtstart", start)
        item.add("dtend", end or start + DEFAULT_LENGTH)
    description = f"Meeting of the {row.group_name}."
    if row.status is MeetingStatus.CANCELLED:
        summary = f"Cancelled: {row.group_name}"
        if row.cancellation_reason:
            description += f" Cancelled: {row.cancellation_reason}"
    elif row.status is MeetingStatus.POSTPONED:
        summary = f"Postponed: {row.group_name}"
        moved = f"to {format_date(row.postponed_to)}" if row.postponed_to else "to a date to be arranged"
        description += f" Postponed {moved}."
    else:
        summary = row.group_name
    item.add("summary", summary)
    if row.location:
        item.add("location", row.location)
    item.add("description", description)
    item.add("status", "CANCELLED" if row.status in OFF else "CONFIRMED")
    item.add("transp", "OPAQUE")
    if organiser is not None and organiser.organiser_email:
        address = icalendar.vCalAddress(f"mailto:{organiser.organiser_email}")
        if organiser.organiser_name:
            address.params["cn"] = icalendar.vText(organiser.organiser_name)
        item.add("organizer", address)
    return item


def calendar_text(
    rows: list[MeetingRow],
    name: str,
    stamp: dt.datetime | None = None,
    *,
    installation: str = "local",
    organiser: Organisation | None = None,
) -> str:
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    product = (organiser.shown_name if organiser else "Board Admin").replace("//", "/")
    calendar.add("prodid", f"-//{product}//Board Admin//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add_component(icalendar.Timezone.from_ical(VTIMEZONE))
    for row in sorted(rows, key=lambda row: (row.meeting_date, row.start_time or dt.time.min, row.group_name)):
        calendar.add_component(event(row, stamp, installation, organiser))
    return calendar.to_ical().decode("utf-8")


def export_calendar(
    database: Database, path: Path, group_name: str | None = None, meeting_ids: Collection[int] | None = None
) -> int:
    """Writes the meetings of one group (by name or short name) or of all groups to `path`; returns the number
    of events (cancelled and postponed meetings included, marked cancelled). `meeting_ids` keeps only those
    meetings (the ones a search on the Meetings page shows)."""
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise BoardAdminError(f"{path.name}: the file name must end in .ics.")
    database.actor.require(Permission.EXPORT)
    group_id = None
    name = "Board Admin meetings"
    if group_name:
        group_id = find_groups(database, [group_name])[0]
        group = next(choice for choice in group_choices(database) if choice.id == group_id)
        name = f"{group.name} meetings"
    rows = meeting_rows(database, group_id=group_id)
    if meeting_ids is not None:
        wanted = set(meeting_ids)
        rows = [row for row in rows if row.id in wanted]
    text = calendar_text(rows, name, installation=installation_id(database), organiser=organisation(database))
    with atomic_output(path) as temporary:
        temporary.write_bytes(text.encode("utf-8"))
    return len(rows)
