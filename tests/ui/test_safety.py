"""The window's side of data safety: a second copy opens read-only, a damaged file is restored."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from PySide6.QtWidgets import QMessageBox

from board_admin.db import backup as b
from board_admin.db.engine import sqlite_url
from board_admin.domain.enums import Sector
from board_admin.services import structure
from board_admin.services.uow import ReadOnlyError
from board_admin.ui import safety
from tests.conftest import open_as_system


@pytest.fixture
def answers(monkeypatch):
    """Answers every question with the next of the given buttons and records what was asked."""
    asked: list[str] = []
    queue: list[QMessageBox.StandardButton] = []

    def question(parent, title, text, *rest):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda parent, title, text, *rest: asked.append(text)))
    return asked, queue


def hold_from_elsewhere(database) -> None:
    lock_path = database.sqlite_path.with_name(database.sqlite_path.name + ".lock")
    since = dt.datetime(2026, 3, 2, 9, 15).isoformat()
    lock_path.write_text(json.dumps({"user": "jo", "host": "office-pc-7", "pid": 1, "since": since}))


def test_a_second_copy_may_open_read_only(qapp, sqlite_database, answers):
    asked, queue = answers
    hold_from_elsewhere(sqlite_database)
    queue.append(QMessageBox.StandardButton.Yes)
    assert safety.take_writer_lock(sqlite_database) is None
    assert "jo on office-pc-7" in asked[0] and "Open it read-only?" in asked[0]
    with pytest.raises(ReadOnlyError, match="Nothing was changed: the database is open for changes by jo"):
        structure.create_agency(sqlite_database, structure.AgencyFields("Healthwatch", Sector.OTHER))


def test_a_second_copy_may_also_not_open(qapp, sqlite_database, answers):
    _, queue = answers
    hold_from_elsewhere(sqlite_database)
    queue.append(QMessageBox.StandardButton.No)
    assert safety.take_writer_lock(sqlite_database) is False


def test_the_first_copy_takes_the_lock_and_lets_it_go(qapp, sqlite_database, answers):
    lock = safety.take_writer_lock(sqlite_database)
    assert lock.holder().host == socket.gethostname()
    keeper = safety.SafetyKeeper(sqlite_database, lock)
    keeper.start()  # makes the rolling backup of the start
    assert [copy.reason for copy in b.list_backups(sqlite_database)] == [b.ROLLING]
    keeper.stop()
    assert not lock.path.exists()


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

    queue.append(QMessageBox.StandardButton.Yes)
    assert safety.check_at_start(database)
    assert "is damaged" in asked[0] and "Restore the latest good backup" in asked[0]
    assert b.check_integrity(database, full=True) == []
    database.dispose()
