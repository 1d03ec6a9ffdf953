"""The dashboard's figures on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from board_admin.domain.financial_year import FinancialYear
from board_admin.reports import dashboard
from tests.sample_world import build_world

TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def world(database):
    return build_world(database, TODAY)


def test_active_agencies_and_people(database, world):
    # Hinchingbrooke and Eve Marsh are inactive.
    assert dashboard.active_agencies(database) == 5
    assert dashboard.active_people(database) == 6


def test_current_groups_leave_out_ended_and_not_yet_started_ones(database, world):
    assert dashboard.current_groups(database, TODAY) == 4  # the neglect group ended 300 days ago
    assert dashboard.current_groups(database, TODAY - dt.timedelta(days=400)) == 5
    assert dashboard.current_groups(database, TODAY - dt.timedelta(days=501)) == 4  # before it started


def test_meetings_planned_and_held_in_a_financial_year(database, world):
    # 2025-26 from 15/06/2025: held -60 and -20; cancelled -30; planned +5, +20, +40; the postponed -10 not counted.
    assert dashboard.meetings_in_year(database, FinancialYear(2025)) == dashboard.MeetingCounts(
        planned=6, held=2, cancelled=1
    )
    assert dashboard.meetings_in_year(database, FinancialYear(2024)) == dashboard.MeetingCounts(2, 2, 0)
    assert dashboard.meetings_in_year(database, FinancialYear(2026)) == dashboard.MeetingCounts(0, 0, 0)


def test_open_actions_and_the_overdue_among_them(database, world):
    assert dashboard.open_actions(database, TODAY) == dashboard.OpenCounts(open=2, overdue=1)
    assert dashboard.open_actions(database, TODAY + dt.timedelta(days=31)) == dashboard.OpenCounts(2, 2)


def test_open_challenges_and_the_overdue_among_them(database, world):
    assert dashboard.open_challenges(database, TODAY) == dashboard.OpenCounts(open=3, overdue=1)
    assert dashboard.open_challenges(database, TODAY + dt.timedelta(days=11)) == dashboard.OpenCounts(3, 2)


def test_an_empty_database_counts_nothing(database):
    assert dashboard.active_agencies(database) == 0
    assert dashboard.current_groups(database) == 0
    assert dashboard.meetings_in_year(database, FinancialYear(2025)) == dashboard.MeetingCounts(0, 0, 0)
    assert dashboard.open_actions(database) == dashboard.OpenCounts(0, 0)
    assert dashboard.open_challenges(database) == dashboard.OpenCounts(0, 0)
