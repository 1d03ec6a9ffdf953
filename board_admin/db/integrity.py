"""SQLite's quick check run beside the window's first paint, with writes held back until it has passed.

On an everyday start the file's schema is already current, so nothing needs writing before the window opens:
the quick check (every page of the file read, a few tenths of a second on a ten-year file) then runs on a
worker thread with its own read-only connection while the window is built. Until it has passed, every
statement that would change the file waits for it; when it finds damage, they are refused with a sentence
(and the window offers the newest good backup, as when the damage is found before opening). Reading goes on:
it changes nothing, and what cannot be read is told as damage where it is met.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import event

from board_admin.db.damage import sqlite_problems
from board_admin.domain.errors import BoardAdminError

log = logging.getLogger("board_admin.db.integrity")

# The first word of every statement that changes the file (the rest only read it).
WRITING_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "UPSERT", "VACUUM"})
# How long a change waits for the check before it is refused (the check of a ten-year file takes under a second).
WAIT_SECONDS = 60.0


class WriteHeldError(BoardAdminError):
    """A change was refused because the file's check has not passed (it is damaged, or still being checked)."""


class IntegrityGate:
    """The state of one file's quick check: pending, passed, or damaged (with SQLite's first problem)."""

    def __init__(self, path: Path, wait_seconds: float = WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.wait_seconds = wait_seconds
        self.problem: str | None = None
        self.started = False
        self._finished = threading.Event()
        self._running = threading.Lock()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    @property
    def passed(self) -> bool:
        return self._finished.is_set() and self.problem is None

    def run(self) -> str | None:
        """Runs the quick check (on the calling thread, its own connection) unless it has run already; returns
        the problem or None."""
        with self._running:
            if self._finished.is_set():
                return self.problem
            self.started = True
            try:
                problems = sqlite_problems(self.path)
            except Exception as error:  # noqa: BLE001 - a check that cannot run has not passed
                log.exception("The quick check of %s could not run", self.path)
                problems = [str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__]
            self.finish(problems[0] if problems else None)
        return self.problem

    def finish(self, problem: str | None) -> None:
        self.problem = problem
        if problem is not None:
            log.error("The quick check of %s found damage: %s", self.path, problem)
        self._finished.set()

    def wait_until_writable(self) -> None:
        """Returns once the check has passed; raises WriteHeldError when it found damage or took too long. A write
        that comes before anyone has started the check runs it here, rather than waiting for nobody."""
        if not self.started:
            self.run()
        if not self._finished.wait(self.wait_seconds):
            raise WriteHeldError(
                "Nothing was changed: Board Admin is still checking the database file. Try again in a minute."
            )
        if self.problem is not None:
            raise WriteHeldError(
                f"Nothing was changed: the database file is damaged ({self.problem}); restore a backup "
                "(File, Restore from backup...)."
            )

    def hold_writes(self, engine) -> None:
        """Makes every statement that would change the file, on any connection of `engine`, wait for the check."""
        event.listen(engine, "before_cursor_execute", self._before_execute)

    def _before_execute(self, _connection, _cursor, statement: str, _parameters, _context, _executemany) -> None:
        if self.passed:
            return
        words = statement.lstrip().split(None, 1)
        if words and words[0].upper() in WRITING_WORDS:
            self.wait_until_writable()
