"""Issue 17, item 1: a first start killed while the schema is being made leaves a file that opens.

The start is a real `board-admin backup COPY.sqlite` on a new file in its own process, killed with SIGKILL
just before its Nth SQL statement; twenty moments spread over the whole creation of the schema. After each
kill the file is opened again (which finishes the creation) and must be a sound database at the newest
revision."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from sqlalchemy import inspect

from board_admin.db.damage import sqlite_problems
from board_admin.db.engine import open_database, sqlite_url
from board_admin.db.migrate import current_revisions, head_revisions
from board_admin.db.models import Base

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")

# Counts the statements of a first start and, when told a number, kills the process just before that one.
STARTER = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
kill_at, seen = int(sys.argv[1]), [0]
@event.listens_for(Engine, "before_cursor_execute")
def _count(*args):
    seen[0] += 1
    if seen[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
from board_admin.cli import main
code = main(["--database", sys.argv[2], "backup", sys.argv[3]])
print(seen[0])
sys.exit(code)
"""


def first_start(kill_at: int, url: str, copy) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", STARTER, str(kill_at), url, str(copy)]
    return subprocess.run(command, capture_output=True, text=True)


def test_a_first_start_killed_at_twenty_moments_leaves_a_file_that_opens(tmp_path):
    whole = first_start(0, sqlite_url(tmp_path / "counted.sqlite"), tmp_path / "counted-copy.sqlite")
    assert whole.returncode == 0, whole.stderr
    statements = int(whole.stdout.split()[-1])
    moments = sorted({1 + statements * step // 20 for step in range(20)})
    assert len(moments) == 20

    for moment in moments:
        path = tmp_path / f"killed-at-{moment}.sqlite"
        killed = first_start(moment, sqlite_url(path), tmp_path / f"copy-{moment}.sqlite")
        assert killed.returncode == -signal.SIGKILL, (moment, killed.stderr)

        database = open_database(sqlite_url(path))
        try:
            assert current_revisions(database) == head_revisions(database), moment
            assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names()), moment
        finally:
            database.dispose()
        assert sqlite_problems(path, full=True) == [], moment
