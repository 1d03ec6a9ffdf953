"""One writer per SQLite file: the lock names its holder, and a stale one is taken over."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys

import pytest

from board_admin.db.lock import DatabaseLockedError, WriterLock, on_network_share


def write_lock(lock: WriterLock, *, host: str, pid: int, user: str = "jo", since: str = "2026-03-02T09:15:00"):
    lock.path.write_text(json.dumps({"user": user, "host": host, "pid": pid, "since": since}))


def test_the_lock_is_taken_and_released(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    lock.acquire()
    holder = lock.holder()
    assert (holder.host, holder.pid) == (socket.gethostname(), os.getpid())
    lock.release()
    assert not lock.path.exists()


def test_a_second_copy_is_told_who_holds_the_file(tmp_path):
    # A real second process holds the lock while this one tries.
    database = tmp_path / "board.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from board_admin.db.lock import WriterLock; "
            f"WriterLock(r'{database}').acquire(); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLockedError) as refused:
            WriterLock(database).acquire()
        assert f"on {socket.gethostname()}" in refused.value.message
        assert "open it read-only" in refused.value.message
    finally:
        holder.kill()
        holder.wait()
    # The holder died without releasing: the lock is stale and taken over.
    lock = WriterLock(database)
    lock.acquire()
    assert lock.holder().pid == os.getpid()


def test_a_lock_from_another_computer_is_respected_until_it_goes_stale(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    write_lock(lock, host="office-pc-7", pid=4242)
    with pytest.raises(DatabaseLockedError, match=r"jo on office-pc-7 \(since 02/03/2026 09:15\)"):
        lock.acquire()
    old = (dt.datetime.now() - dt.timedelta(minutes=10)).timestamp()
    os.utime(lock.path, (old, old))
    lock.acquire()
    assert lock.holder().host == socket.gethostname()


def test_a_half_written_lock_is_stale_once_it_is_not_being_written(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    lock.path.write_text('{"user": "jo", "ho')
    with pytest.raises(DatabaseLockedError):
        lock.acquire()  # it may be being written this very moment
    old = (dt.datetime.now() - dt.timedelta(minutes=1)).timestamp()
    os.utime(lock.path, (old, old))
    lock.acquire()
    assert lock.held


def test_network_paths():
    assert on_network_share(r"\\fileserver\safeguarding\board.sqlite")
    assert not on_network_share(os.getcwd())
