"""Backups, their thinning, the integrity check and restoring a copy, on real SQLite files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import func, select

from board_admin.db import backup as b
from board_admin.db.engine import sqlite_url
from board_admin.db.models import Agency
from board_admin.domain.enums import Sector
from board_admin.domain.retention import Retention
from board_admin.services import structure
from tests.conftest import open_as_system


def agencies(database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(Agency.name).order_by(Agency.name)))


def test_a_backup_is_a_sound_copy_made_while_the_database_is_open(sqlite_database):
    structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    copy = b.backup_now(sqlite_database, "manual", dt.datetime(2026, 3, 1, 9, 30))
    assert copy.name == "test-20260301-093000-manual.sqlite"
    assert b.file_problems(copy) == []
    with closing(sqlite3.connect(copy)) as connection:
        assert connection.execute("SELECT name FROM agency").fetchall() == [("Healthwatch",)]
    (listed,) = b.list_backups(sqlite_database)
    assert (listed.path, listed.made, listed.reason) == (copy, dt.datetime(2026, 3, 1, 9, 30), "manual")


def test_rolling_copies_are_thinned_and_others_kept(sqlite_database):
    start = dt.datetime(2026, 1, 1, 8, 0)
    for day in range(20):
        b.backup_now(sqlite_database, b.ROLLING, start + dt.timedelta(days=day))
    b.backup_now(sqlite_database, "before-import", start)
    removed = b.thin_rolling_backups(sqlite_database, Retention(daily=3, weekly=0, monthly=0))
    left = b.list_backups(sqlite_database)
    assert len(removed) == 17
    assert [copy.made.day for copy in left if copy.reason == b.ROLLING] == [20, 19, 18]
    assert [copy.reason for copy in left if copy.reason != b.ROLLING] == ["before-import"]


def test_rolling_backups_wait_for_the_interval_and_a_change(sqlite_database):
    rolling = b.RollingBackups(sqlite_database)
    start = dt.datetime(2026, 2, 2, 9, 0)
    assert rolling.make(start) is not None  # on start
    later = start + dt.timedelta(minutes=rolling.interval_minutes + 1)
    assert rolling.make(later) is None  # nothing changed
    structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    assert rolling.make(start + dt.timedelta(minutes=1)) is None  # too soon
    assert rolling.make(later) is not None


def test_restore_brings_back_the_copy_and_keeps_the_current_state(sqlite_database):
    structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    copy = b.backup_now(sqlite_database)
    structure.create_agency(sqlite_database, structure.AgencyFields("Ely Diocese", Sector.FAITH))
    safety = b.restore_backup(sqlite_database, copy)
    assert agencies(sqlite_database) == ["Healthwatch"]
    with closing(sqlite3.connect(safety)) as connection:
        assert sorted(row[0] for row in connection.execute("SELECT name FROM agency")) == ["Ely Diocese", "Healthwatch"]
    assert b.check_integrity(sqlite_database, full=True) == []


def test_restoring_something_else_changes_nothing(sqlite_database, tmp_path):
    structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("minutes of the last meeting")
    with pytest.raises(b.BackupError, match="Nothing was restored: notes.sqlite is not a database"):
        b.restore_backup(sqlite_database, not_a_database)
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(b.BackupError, match="not a Board Admin database"):
        b.restore_backup(sqlite_database, other)
    assert agencies(sqlite_database) == ["Healthwatch"]
    assert b.list_backups(sqlite_database) == []


def test_damage_is_found_and_the_latest_good_backup_offered(tmp_path):
    database = open_as_system(sqlite_url(tmp_path / "board.sqlite"))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    good = b.backup_now(database, b.ROLLING, dt.datetime(2026, 1, 1, 9, 0))
    damaged = b.backup_now(database, b.ROLLING, dt.datetime(2026, 1, 2, 9, 0))
    database.dispose()
    # Scribble over the middle of the newer copy, as a failing disk might.
    data = bytearray(damaged.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    assert b.file_problems(damaged)
    assert b.latest_good_backup(database).path == good
    database.dispose()


def test_a_server_database_is_told_to_use_the_servers_backups(database):
    if database.is_sqlite:
        pytest.skip("about the shared server")
    with pytest.raises(b.BackupError, match="shared server, whose own backups apply"):
        b.backup_now(database)
    assert b.check_integrity(database) == []


def test_backup_settings_have_defaults(sqlite_database):
    retention, minutes = b.read_backup_settings(sqlite_database)
    assert retention == Retention(7, 5, 12) and minutes == 30
    with sqlite_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Agency)) == 0
