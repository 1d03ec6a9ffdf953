"""A process killed (SIGKILL) in the middle of a large import leaves a sound database holding all of
the import or none of it, whenever the kill comes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest

from board_admin.db.engine import open_database, sqlite_url
from board_admin.demo import build_demo_data
from board_admin.exporters.workbook import export_workbook

KILLS = 20
TABLES = (
    "agency",
    "person",
    "membership",
    "meeting",
    "attendance",
    "agenda_item",
    "challenge",
    "challenge_theme",
    "challenge_status_change",
    "expenditure",
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def counts(path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def start_import(database_path, workbook, data_dir) -> subprocess.Popen:
    environment = dict(os.environ, BOARD_ADMIN_DATA_DIR=str(data_dir))
    return subprocess.Popen(
        [sys.executable, "-m", "board_admin", "--database", sqlite_url(database_path), "import", "workbook", workbook],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_an_import_at_any_moment_leaves_all_or_nothing(tmp_path):
    source = open_database(sqlite_url(tmp_path / "source.sqlite"))
    build_demo_data(source, dt.date(2026, 11, 21))
    workbook = str(tmp_path / "everything.xlsx")
    export_workbook(source, tmp_path / "everything.xlsx")
    source.dispose()
    full = counts(tmp_path / "source.sqlite")

    empty = tmp_path / "empty.sqlite"
    open_database(sqlite_url(empty)).dispose()
    nothing = counts(empty)

    # One import left to finish, to know how long a whole one takes (start-up included).
    finished = tmp_path / "finished.sqlite"
    shutil.copy(empty, finished)
    started = time.perf_counter()
    assert start_import(finished, workbook, tmp_path / "data").wait(timeout=300) == 0
    whole = time.perf_counter() - started
    assert counts(finished) == full

    outcomes = []
    for number in range(KILLS):
        target = tmp_path / f"killed-{number}.sqlite"
        shutil.copy(empty, target)
        process = start_import(target, workbook, tmp_path / "data")
        time.sleep(whole * (number + 0.5) / KILLS)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        found = counts(target)
        assert found in (nothing, full), f"kill {number} after {whole * (number + 0.5) / KILLS:.2f} s: {found}"
        outcomes.append("all" if found == full else "none")
    print("outcomes:", outcomes)
    # The kills spanned the import: early ones left nothing.
    assert outcomes[0] == "none"
