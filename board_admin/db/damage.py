"""Telling a damaged SQLite file from every other failure, so that it is met with a sentence and a backup.

SQLite reports damage in more than one way: as rows from its integrity check, or as an error raised by the
check itself or by any query that reaches a broken page ("database disk image is malformed", "file is not
a database", text that no longer decodes). Every one of them means the same to the person at the desk: this
file is damaged, and the way back is a backup.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from board_admin.domain.errors import BoardAdminError

# Raised by SQLite as OperationalError although they mean the file's contents are broken.
_DAMAGE_WORDS = ("malformed", "not a database", "could not decode", "corrupt", "encrypted")


class DatabaseDamagedError(BoardAdminError):
    """The SQLite file is damaged; nothing was read from it or written to it."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"The database {path} is damaged ({detail}), so Board Admin will not use it: restore a backup "
            "(File, Restore from backup... in the window, or board-admin restore BACKUP.sqlite)."
        )
        self.path = Path(path)
        self.detail = detail


def damage_described(error: BaseException) -> str | None:
    """The driver's sentence when `error` says the file is damaged; None for any other failure."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(cause, sqlite3.DatabaseError):
        return None
    text = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    if type(cause) is sqlite3.DatabaseError or any(word in text.lower() for word in _DAMAGE_WORDS):
        return text
    return None


def sqlite_problems(path: Path, *, full: bool = False) -> list[str]:
    """What SQLite finds wrong with the file at `path`, read without changing it; [] when it is sound.

    full=False is the quick check (every page read, no index compared), run whenever a file is opened;
    full=True is the integrity check and the foreign key check, run by `board-admin check`."""
    try:
        with closing(sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)) as connection:
            results = [row[0] for row in connection.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}")]
            # One line per problem, without SQLite's "*** in database main ***" heading.
            lines = [line.strip() for result in results for line in str(result).splitlines()]
            problems = [] if results == ["ok"] else [line for line in lines if line and not line.startswith("***")]
            if full:
                for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
                    problems.append(f"row {rowid} of {table} refers to a missing {parent}")
                problems.extend(_unreadable_values(connection))
            return problems
    except sqlite3.DatabaseError as error:
        if not full and "locked" in str(error).lower():
            return []  # busy with another copy's write: not damage; the open that follows waits for it
        return [damage_described(error) or str(error).strip().splitlines()[0]]


def _unreadable_values(connection: sqlite3.Connection) -> list[str]:
    """Reads every value of every table: a flipped byte inside a text passes the integrity check (the page
    is sound) but no longer decodes, and would stop an export later."""
    problems = []
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        try:
            for _row in connection.execute(f"SELECT * FROM {quoted}"):
                pass
        except sqlite3.OperationalError as error:
            problems.append(f"a value in {table} cannot be read ({error})")
    return problems
