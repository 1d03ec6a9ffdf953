"""The window's side of data safety: a second copy opens read-only, a damaged file is restored."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from filelock import FileLock
from PySide6.QtWidgets import QMessageBox

from board_admin.db import backup as b
from board_admin.db.engine import Database, sqlite_url
from board_admin.domain.enums import Sector
from board_admin.services import structure
from board_admin.services.uow import ReadOnlyError
from board_admin.ui import safety
from tests.conftest import acting_as_system, open_as_system


@pytest.fixture
def held_elsewhere():
    """Holds the operating-system lock of a database as another copy would; released after the test."""
    holders: list[FileLock] = []
    yield holders
    for holder in holders:
        holder.release()


def hold_from_elsewhere(database, holders) -> None:
    holder = FileLock(database.sqlite_path.with_name(database.sqlite_path.name + ".lock.os"), timeout=0)
    holder.acquire()
    holders.append(holder)
    lock_path = database.sqlite_path.with_name(database.sqlite_path.name + ".lock")
    since = dt.datetime(2026, 3, 2, 9, 15).isoformat()
    lock_path.write_text(json.dumps({"user": "jo", "host": "office-pc-7", "pid": 1, "since": since}))


def test_a_second_copy_may_open_read_only(qapp, sqlite_database, answers, held_elsewhere):
    asked, queue = answers
    hold_from_elsewhere(sqlite_database, held_elsewhere)
    queue.append(QMessageBox.StandardButton.Yes)
    assert safety.take_writer_lock(sqlite_database) is None
    assert "jo on office-pc-7" in asked[0] and "Open it read-only?" in asked[0]
    with pytest.raises(ReadOnlyError, match="Nothing was changed: the database is open for changes by jo"):
        structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))


def test_a_second_copy_may_also_not_open(qapp, sqlite_database, answers, held_elsewhere):
    _, queue = answers
    hold_from_elsewhere(sqlite_database, held_elsewhere)
    queue.append(QMessageBox.StandardButton.No)
    assert safety.take_writer_lock(sqlite_database) is False


def test_the_first_copy_takes_the_lock_and_lets_it_go(qtbot, sqlite_database, answers):
    lock = safety.take_writer_lock(sqlite_database)
    assert lock.holder().host == socket.gethostname()
    keeper = safety.SafetyKeeper(sqlite_database, lock)
    keeper.first_backup.setInterval(0)
    keeper.start()  # the session's first rolling backup, on the worker thread once the window is up
    qtbot.waitUntil(lambda: keeper.worker is not None and not keeper.worker.is_alive())
    copies = b.list_backups(sqlite_database)
    assert [copy.reason for copy in copies] == [b.ROLLING]
    assert b.file_problems(copies[0].path) == []
    keeper.stop()
    assert not lock.path.exists()


def test_stopping_waits_for_a_rolling_copy_in_progress(qtbot, sqlite_database, answers):
    keeper = safety.SafetyKeeper(sqlite_database, safety.take_writer_lock(sqlite_database))
    keeper.start()
    keeper.rolling_backup()  # started now, on the worker thread
    keeper.stop()  # as the window closes
    assert not keeper.worker.is_alive()
    copies = b.list_backups(sqlite_database)
    assert [copy.reason for copy in copies] == [b.ROLLING] and b.file_problems(copies[0].path) == []


def test_a_damaged_file_is_restored_from_the_latest_good_backup(qapp, tmp_path, answers):
    asked, queue = answers
    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    b.backup_now(database, b.ROLLING)
    database.dispose()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    database = Database(sqlite_url(path))  # as the window has it when open_database did not check it

    queue.append(QMessageBox.StandardButton.Yes)
    assert safety.check_at_start(database)
    assert "is damaged" in asked[0] and "Restore the newest good backup" in asked[0]
    assert b.check_integrity(database, full=True) == []
    database.dispose()


def test_a_file_damaged_at_open_is_met_with_the_newest_backup_that_passes_its_checks(qapp, tmp_path, answers):
    """Issue 17, item 2: the window's start offers a backup instead of a traceback. The newest copy was
    changed after it was made (its content hash no longer matches) and is passed over for the one before."""
    from board_admin.ui.app import open_chosen_database

    asked, queue = answers
    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    older = b.backup_now(database, b.ROLLING, dt.datetime(2026, 3, 1, 9, 30))
    newer = b.backup_now(database, b.ROLLING, dt.datetime(2026, 3, 2, 16, 45))
    database.dispose()
    spoilt = bytearray(newer.read_bytes())
    at = spoilt.index(b"Agency 150")
    spoilt[at : at + 3] = b"\xff\xfe\xfd"
    newer.write_bytes(bytes(spoilt))
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2 : len(damaged) // 2 + 4096] = bytes((n * 37) % 251 for n in range(4096))
    path.write_bytes(bytes(damaged))

    queue.append(QMessageBox.StandardButton.Yes)
    opened, problem = open_chosen_database(sqlite_url(path), demo=False)

    assert problem is None
    assert "is damaged" in asked[0] and "made 01/03/2026 at 09:30" in asked[0]
    assert b.file_problems(older) == []
    with opened.session() as session:
        from sqlalchemy import func, select

        from board_admin.db.models import Agency

        assert session.scalar(select(func.count()).select_from(Agency)) == 300
    opened.dispose()


def test_damage_met_while_working_is_told_as_damage(qapp, tmp_path):
    """Issue 17, item 2: a value that no longer decodes, met in the middle of the work, is not "unexpected"."""
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError

    from board_admin.db.models import Agency
    from board_admin.ui.messages import describe_failure

    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    structure.create_agency(database, structure.AgencyFields("Healthwatch Westshire", Sector.OTHER))
    database.dispose()
    (tmp_path / "board.sqlite-wal").unlink(missing_ok=True)
    path.write_bytes(path.read_bytes().replace(b"Healthwatch", b"\xff\xfe\xfdlthwatch"))
    with pytest.raises(DBAPIError) as raised, database.session() as session:
        session.scalars(select(Agency.name)).all()
    database.dispose()
    assert describe_failure(raised.value).startswith("The database file is damaged (Could not decode to UTF-8")


def test_a_damaged_file_without_a_good_backup_may_be_looked_at_read_only(qapp, tmp_path, answers):
    """Issue 17, item 2: no backup to offer, but what can still be read is not lost from view."""
    from board_admin.ui.app import open_chosen_database

    asked, queue = answers
    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    database.dispose()
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2 : len(damaged) // 2 + 4096] = bytes(4096)
    path.write_bytes(bytes(damaged))

    queue.append(QMessageBox.StandardButton.Open)
    opened, problem = open_chosen_database(sqlite_url(path), demo=False)

    assert problem is None and "no good backup" in asked[0]
    assert safety.check_at_start(opened)  # not asked again
    assert len(asked) == 1
    acting_as_system(opened)  # someone who may write is still refused: the file is open for reading only
    with pytest.raises(ReadOnlyError, match="the database file is damaged"):
        structure.create_agency(opened, structure.AgencyFields("Healthwatch", Sector.OTHER))
    opened.dispose()
