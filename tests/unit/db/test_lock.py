"""One writer per SQLite file: an operating-system lock, the holder named beside it, taken over atomically."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys

import pytest
from filelock import FileLock

from board_admin.db.lock import DatabaseLockedError, WriterLock, on_network_share


def write_note(lock: WriterLock, *, host: str, pid: int, user: str = "jo", since: str = "2026-03-02T09:15:00"):
    lock.path.write_text(json.dumps({"user": user, "host": host, "pid": pid, "since": since}))


def test_the_lock_is_taken_and_released(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    lock.acquire()
    holder = lock.holder()
    assert (holder.host, holder.pid) == (socket.gethostname(), os.getpid())
    lock.release()
    assert not lock.path.exists()
    again = WriterLock(tmp_path / "board.sqlite")
    again.acquire()
    again.release()


HOLDER = (
    "import sys, time; from board_admin.db.lock import WriterLock; "
    "lock = WriterLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)"
)


def test_a_second_copy_is_told_who_holds_the_file(tmp_path):
    # A real second process holds the lock while this one tries.
    database = tmp_path / "board.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLockedError) as refused:
            WriterLock(database).acquire()
        assert f"on {socket.gethostname()}" in refused.value.message
        assert "open it read-only" in refused.value.message
    finally:
        holder.kill()
        holder.wait()
    # The holder died without releasing: its lock went with it.
    lock = WriterLock(database)
    lock.acquire()
    assert lock.holder().pid == os.getpid()


@pytest.mark.skipif(sys.platform == "win32", reason="zombies are a POSIX matter")
def test_a_holder_killed_and_not_yet_reaped_no_longer_holds_the_file(tmp_path):
    """Issue 17, item 5: a zombie holder (killed, its parent not yet waiting for it) is recognised at once."""
    database = tmp_path / "board.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    # Until the kill has been delivered the holder may still hold it; afterwards, without reaping it, it must not.
    while not _is_zombie(holder.pid):
        pass
    lock = WriterLock(database)
    lock.acquire()
    assert lock.holder().pid == os.getpid()
    lock.release()
    holder.wait()


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _contend(database: str, start, results) -> None:
    start.wait()
    lock = WriterLock(database)
    try:
        lock.acquire()
    except DatabaseLockedError:
        results.put("refused")
        return
    results.put("took")
    start.wait()  # hold it until every contender has tried


def test_of_three_copies_taking_over_a_stale_lock_exactly_one_gets_it(tmp_path):
    """Issue 17, item 5: a lock left by a crash (its note still there) is taken over by one copy only."""
    context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    for trial in range(30):
        database = tmp_path / f"board-{trial}.sqlite"
        write_note(WriterLock(database), host=socket.gethostname(), pid=999_999_999)  # a crashed holder's note
        start, results = context.Barrier(3), context.Queue()
        contenders = [context.Process(target=_contend, args=(str(database), start, results)) for _ in range(3)]
        for contender in contenders:
            contender.start()
        outcomes = sorted(results.get(timeout=60) for _ in contenders)
        start.abort()  # lets the winner go
        for contender in contenders:
            contender.join(timeout=60)
        assert outcomes == ["refused", "refused", "took"], trial


def test_a_note_from_another_computer_is_shown_while_its_lock_is_held(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    elsewhere = FileLock(lock.os_lock.lock_file, timeout=0)
    elsewhere.acquire()
    write_note(lock, host="office-pc-7", pid=4242)
    with pytest.raises(DatabaseLockedError, match=r"jo on office-pc-7 \(since 02/03/2026 09:15\)"):
        lock.acquire()
    elsewhere.release()  # that computer crashed: its note stays, its lock does not
    lock.acquire()
    assert lock.holder().host == socket.gethostname()


def test_a_half_written_note_still_refuses_while_the_lock_is_held(tmp_path):
    lock = WriterLock(tmp_path / "board.sqlite")
    elsewhere = FileLock(lock.os_lock.lock_file, timeout=0)
    elsewhere.acquire()
    lock.path.write_text('{"user": "jo", "ho')
    with pytest.raises(DatabaseLockedError, match="someone on another computer"):
        lock.acquire()
    elsewhere.release()
    lock.acquire()
    assert lock.held


def test_network_paths():
    assert on_network_share(r"\\fileserver\safeguarding\board.sqlite")
    assert not on_network_share(os.getcwd())
