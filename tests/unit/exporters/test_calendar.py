"""The .ics schedule, parsed with the icalendar package as a calendar program would."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from board_admin.domain.enums import Frequency
from board_admin.domain.errors import NotFoundError
from board_admin.domain.schedule import LAST, SchedulePlan, ScheduleRule
from board_admin.exporters.calendar import export_calendar, fold
from board_admin.services import meetings as m
from board_admin.services import structure as s
from tests.sample_world import CHILDREN_BOARD, build_world

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


def test_all_groups_and_the_status_of_each_meeting(database, tmp_path):
    world = build_world(database, TODAY)
    target = tmp_path / "all.ics"
    count = export_calendar(database, target)
    found = events(target)
    # The world has nine meetings; the postponed one is left out (its replacement is in).
    assert count == len(found) == 8
    summaries = sorted(str(event["SUMMARY"]) for event in found)
    assert f"Cancelled: {CHILDREN_BOARD}" in summaries
    cancelled = next(event for event in found if str(event["SUMMARY"]).startswith("Cancelled"))
    assert str(cancelled["STATUS"]) == "CANCELLED"
    # A meeting without a time is a whole-day event.
    assert cancelled.decoded("DTSTART") == TODAY - dt.timedelta(days=30)
    assert world.meetings


def test_an_unknown_group_is_a_clear_error(database, tmp_path):
    with pytest.raises(NotFoundError, match="no group called 'Nobody'"):
        export_calendar(database, tmp_path / "x.ics", "Nobody")


def test_long_lines_are_folded_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
