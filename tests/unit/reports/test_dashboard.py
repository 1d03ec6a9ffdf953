"""The dashboard's figures on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import dashboard
from tests.sample_world import QEG

TODAY = dt.date(2025, 6, 15)


def test_active_agencies_and_people(database, world):
    # Hinchingbrooke and Eve Marsh are inactive.
    assert dashboard.active_agencies(database) == 5
    assert dashboard.active_people(database) == 6


def test_current_groups_leave_out_ended_and_not_yet_started_ones(database, world):
    assert dashboard.current_groups(database, TODAY) == 4  # the neglect group ended 300 days ago
    assert dashboard.current_groups(database, TODAY - dt.timedelta(days=400)) == 5
    assert dashboard.current_groups(database, TODAY - dt.timedelta(days=501)) == 4  # before it started


def test_meetings_planned_and_held_in_a_financial_year(database, world):
    # 2025-26 from 15/06/2025: held -60 and -20; cancelled -30; planned +5, +20, +40; the meeting of -10 was
    # postponed to +5 and counts once, there (and is the one "postponed" of the six).
    counts = dashboard.meetings_in_year(database, FinancialYear(2025))
    assert counts == dashboard.MeetingCounts(planned=6, held=2, cancelled=1, still_planned=3, postponed=1)
    assert counts.planned == counts.held + counts.cancelled + counts.still_planned
    assert dashboard.meetings_in_year(database, FinancialYear(2024)) == dashboard.MeetingCounts(2, 2, 0)
    assert dashboard.meetings_in_year(database, FinancialYear(2026)) == dashboard.MeetingCounts(0, 0, 0)


def test_open_actions_and_the_overdue_among_them(database, world):
    assert dashboard.open_actions(database, TODAY) == dashboard.OpenCounts(open=2, overdue=1)
    assert dashboard.open_actions(database, TODAY + dt.timedelta(days=31)) == dashboard.OpenCounts(2, 2)


def test_open_challenges_and_the_overdue_among_them(database, world):
    assert dashboard.open_challenges(database, TODAY) == dashboard.OpenCounts(open=3, overdue=1)
    assert dashboard.open_challenges(database, TODAY + dt.timedelta(days=11)) == dashboard.OpenCounts(3, 2)


def test_the_tiles_counts_are_read_in_one_statement_and_agree_with_each_figure(database, world, count_statements):
    for day in (TODAY, TODAY + dt.timedelta(days=31)):
        with count_statements() as counter:
            counts = dashboard.tile_counts(database, day)
        assert counter.count == 1
        assert counts == dashboard.TileCounts(
            dashboard.active_agencies(database),
            dashboard.active_people(database),
            dashboard.current_groups(database, day),
            dashboard.open_actions(database, day),
            dashboard.open_challenges(database, day),
        )
    assert dashboard.tile_counts(database, TODAY).challenges == dashboard.OpenCounts(open=3, overdue=1)


def test_the_overdue_challenges_alone_are_read_for_the_dashboards_list(database, world, count_statements):
    from board_admin.reports.lists import challenge_rows

    everything = challenge_rows(database, TODAY)
    with count_statements() as counter:
        overdue = challenge_rows(database, TODAY, overdue_only=True)
    assert counter.count == 1
    assert overdue == [row for row in everything if row.overdue] and len(overdue) == 1


def test_an_empty_database_counts_nothing(database):
    assert dashboard.active_agencies(database) == 0
    assert dashboard.current_groups(database) == 0
    assert dashboard.meetings_in_year(database, FinancialYear(2025)) == dashboard.MeetingCounts(0, 0, 0)
    assert dashboard.open_actions(database) == dashboard.OpenCounts(0, 0)
    assert dashboard.open_challenges(database) == dashboard.OpenCounts(0, 0)
    assert dashboard.tile_counts(database) == dashboard.TileCounts(
        0, 0, 0, dashboard.OpenCounts(0, 0), dashboard.OpenCounts(0, 0)
    )


# --- the dashboard's lists -----------------------------------------------------------------------


def test_upcoming_meetings_carry_their_registers_state(database, world):
    from board_admin.domain.enums import AttendanceStatus
    from board_admin.reports.lists import next_meetings
    from board_admin.reports.meetings import register
    from board_admin.services.meetings import set_attendance

    upcoming = dashboard.upcoming_meetings(database, TODAY, 5)
    assert [row.meeting for row in upcoming] == next_meetings(database, TODAY, 5)
    first = upcoming[0]
    lines = register(database, first.meeting.id).lines
    assert first.members == len(lines) > 0 and first.apologies == 0
    set_attendance(database, first.meeting.id, lines[0].person_id, AttendanceStatus.APOLOGIES)
    again = dashboard.upcoming_meetings(database, TODAY, 5)[0]
    assert again.apologies == 1
    assert again.register_state == f"{len(lines)} member{'s' if len(lines) != 1 else ''}, 1 apology"


def test_register_warnings_name_unfinished_registers_and_meetings_left_planned(database, world):
    from board_admin.domain.attendance import Period
    from board_admin.reports.attendance import attendance_report
    from board_admin.services.meetings import MeetingFields, create_meeting

    year = FinancialYear.containing(TODAY)
    report = attendance_report(database, Period(year.start, TODAY))
    before = dashboard.register_warnings(database, year, TODAY)
    assert [row.problem for row in before] == [row.problem for row in report.completeness]
    create_meeting(database, MeetingFields(group_id=world.groups[QEG], meeting_date=TODAY - dt.timedelta(days=3)))
    after = dashboard.register_warnings(database, year, TODAY)
    assert len(after) == len(before) + 1
    assert any(
        row.problem == "Date passed: not marked held or cancelled" and row.meeting_date == TODAY - dt.timedelta(days=3)
        for row in after
    )
    # A meeting planned for today is not yet late, and an earlier year's are not this year's.
    assert dashboard.register_warnings(database, FinancialYear(2010), TODAY) == []


def test_contributions_outstanding_are_the_statements(database, world):
    from board_admin.reports.funding import funding_for_year

    for start in (2015, 2016, 2025):
        year = FinancialYear(start)
        funding = funding_for_year(database, year)
        owed = dashboard.contributions_outstanding(database, year)
        assert owed.recorded == funding.recorded
        assert owed.outstanding_pence == funding.outstanding_pence
        assert set(owed.agencies) == {row.agency_name for row in funding.contributions if row.outstanding_pence > 0}


def test_report_years_run_from_the_first_record_to_this_year(database, world):
    years = dashboard.report_years(database, TODAY)
    assert years[0] == FinancialYear.containing(TODAY)
    assert FinancialYear(2015) in years and years == sorted(years, key=lambda year: -year.start_year)
    assert [year.start_year for year in years] == list(range(years[0].start_year, years[-1].start_year - 1, -1))


def test_report_years_of_an_empty_database_is_this_year(database):
    assert dashboard.report_years(database, TODAY) == [FinancialYear.containing(TODAY)]
