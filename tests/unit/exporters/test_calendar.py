"""The .ics schedule, parsed with the icalendar package as a calendar program would."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from board_admin.db.engine import sqlite_url
from board_admin.domain.enums import Frequency
from board_admin.domain.errors import NotFoundError
from board_admin.domain.schedule import LAST, SchedulePlan, ScheduleRule
from board_admin.exporters.calendar import export_calendar
from board_admin.reports.organisation import Organisation
from board_admin.services import meetings as m
from board_admin.services import structure as s
from board_admin.services.settings import save_organisation
from tests.conftest import open_as_system
from tests.sample_world import CHILDREN_BOARD

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2025, 6, 15)


def events(path) -> list:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [component for component in calendar.walk("VEVENT")]


def test_a_groups_schedule_keeps_its_local_times_across_the_clock_change(database, tmp_path):
    group = s.create_group(database, s.GroupFields("Adults Board, West; South", s.GroupKind.BOARD))
    other = s.create_group(database, s.GroupFields("Other group", s.GroupKind.SUBGROUP))
    rule = ScheduleRule(Frequency.MONTHLY, weekday=1, week=LAST, start_time=dt.time(10), end_time=dt.time(12))
    plan = SchedulePlan(rule, dt.date(2025, 9, 1), dt.date(2026, 4, 30), location="Shire Hall, Room 2")
    created = m.generate_schedule(database, group, plan).created
    m.create_meeting(database, m.MeetingFields(other, dt.date(2025, 10, 1), dt.time(9)))
    target = tmp_path / "adults.ics"
    assert export_calendar(database, target, "adults board, west; south") == len(created) == 8

    found = events(target)
    assert len(found) == 8
    starts = [event.decoded("DTSTART") for event in found]
    # Every meeting at 10:00 London time, in summer time (September, April) as in winter (October to March).
    assert [start.date() for start in starts] == list(created)
    for event, start in zip(found, starts, strict=True):
        assert start.tzinfo is not None
        local = start.astimezone(LONDON)
        assert (local.hour, local.minute) == (10, 0)
        assert event.decoded("DTEND").astimezone(LONDON).hour == 12
        assert str(event["SUMMARY"]) == "Adults Board, West; South"
        assert str(event["LOCATION"]) == "Shire Hall, Room 2"
    # In UTC the same meetings are an hour apart in summer and winter: the zone was honoured.
    september, december = starts[0], starts[3]
    assert september.astimezone(dt.UTC).hour == 9 and december.astimezone(dt.UTC).hour == 10
    assert len({str(event["UID"]) for event in found}) == 8


def test_all_groups_and_the_status_of_each_meeting(database, tmp_path, with_world):
    world = with_world(database, TODAY)
    target = tmp_path / "all.ics"
    count = export_calendar(database, target)
    found = events(target)
    # The world has nine meetings: the postponed one is sent too, as cancelled (its replacement is in).
    assert count == len(found) == 9
    summaries = sorted(str(event["SUMMARY"]) for event in found)
    assert f"Cancelled: {CHILDREN_BOARD}" in summaries and f"Postponed: {CHILDREN_BOARD}" in summaries
    cancelled = next(event for event in found if str(event["SUMMARY"]).startswith("Cancelled"))
    assert str(cancelled["STATUS"]) == "CANCELLED"
    postponed = next(event for event in found if str(event["SUMMARY"]).startswith("Postponed"))
    assert str(postponed["STATUS"]) == "CANCELLED"
    # A meeting without a time is a whole-day event.
    assert cancelled.decoded("DTSTART") == TODAY - dt.timedelta(days=30)
    assert world.meetings


def test_an_unknown_group_is_a_clear_error(database, tmp_path):
    with pytest.raises(NotFoundError, match="no group called 'Nobody'"):
        export_calendar(database, tmp_path / "x.ics", "Nobody")


def test_long_lines_are_folded_without_splitting_a_character(database, tmp_path):
    s.create_group(database, s.GroupFields("Board " + "é" * 60, s.GroupKind.BOARD))
    group = s.create_group(database, s.GroupFields("Small", s.GroupKind.BOARD))
    m.create_meeting(database, m.MeetingFields(group, dt.date(2025, 10, 1), dt.time(9), location="é" * 80))
    target = tmp_path / "long.ics"
    export_calendar(database, target, "Small")
    assert all(len(line) <= 75 for line in target.read_bytes().split(b"\r\n"))
    assert str(events(target)[0]["LOCATION"]) == "é" * 80


def test_a_meeting_keeps_its_uid_its_sequence_rises_and_a_postponed_one_is_sent_cancelled(database, tmp_path):
    group = s.create_group(database, s.GroupFields("Safeguarding Board", s.GroupKind.BOARD))
    meeting = m.create_meeting(database, m.MeetingFields(group, dt.date(2025, 10, 1), dt.time(10)))
    first = tmp_path / "first.ics"
    export_calendar(database, first)
    (before,) = events(first)
    m.update_meeting(database, meeting, m.MeetingFields(group, dt.date(2025, 10, 1), dt.time(11)))
    second = tmp_path / "second.ics"
    export_calendar(database, second)
    (after,) = events(second)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    m.postpone_meeting(database, meeting, dt.date(2025, 10, 8))
    third = tmp_path / "third.ics"
    export_calendar(database, third)
    by_uid = {str(event["UID"]): event for event in events(third)}
    assert len(by_uid) == 2
    moved = by_uid[str(before["UID"])]
    assert str(moved["STATUS"]) == "CANCELLED" and int(moved["SEQUENCE"]) > int(after["SEQUENCE"])
    assert "8 October 2025" in str(moved["DESCRIPTION"]) or "08/10/2025" in str(moved["DESCRIPTION"])
    (replacement,) = (event for uid, event in by_uid.items() if uid != str(before["UID"]))
    assert str(replacement["STATUS"]) == "CONFIRMED"


def test_uids_are_unique_to_the_installation_and_the_organiser_comes_from_the_settings(tmp_path):
    # Two installations, each migrated on its own (test databases copied from one template would share an id).
    installations = [open_as_system(sqlite_url(tmp_path / f"office-{number}.sqlite")) for number in (1, 2)]
    uids = []
    for number, db in enumerate(installations):
        group = s.create_group(db, s.GroupFields("Safeguarding Board", s.GroupKind.BOARD))
        m.create_meeting(db, m.MeetingFields(group, dt.date(2025, 10, 1), dt.time(10)))
        target = tmp_path / f"{number}.ics"
        export_calendar(db, target)
        uids.append(str(events(target)[0]["UID"]))
    assert uids[0] != uids[1]
    database = installations[0]
    save_organisation(database, Organisation("Our Partnership", "Pat Organiser", "pat@example.org"))
    target = tmp_path / "organiser.ics"
    export_calendar(database, target)
    organiser = events(target)[0]["ORGANIZER"]
    assert str(organiser) == "mailto:pat@example.org" and organiser.params["CN"] == "Pat Organiser"
    for db in installations:
        db.dispose()
