"""Backups of a SQLite database, its integrity check, and restoring a copy.

Copies are made with SQLite's online backup API, so they are consistent even while the program is
writing. They live in `backups/` beside the database file. Rolling copies are thinned to the newest of
each of the last few days, weeks and months; copies taken before a migration, an import or a restore
are kept until someone deletes them. A shared PostgreSQL server is backed up by the server's own means.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from board_admin.db.models import AuditEntry, Setting
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.retention import Retention, copies_to_keep

if TYPE_CHECKING:
    from board_admin.db.engine import Database

log = logging.getLogger("board_admin.db.backup")

ROLLING = "auto"
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite$")
SERVER_BACKUPS = (
    "This database is on a shared server, whose own backups apply: ask your IT officer. "
    "For a copy you can keep yourself, export the whole database as a workbook (File, Export workbook)."
)


class BackupError(BoardAdminError):
    """A backup or a restore could not be made; the message says why."""


@dataclass(frozen=True)
class BackupCopy:
    path: Path
    made: dt.datetime
    reason: str
    size: int


# Told how far a long step has gone: (done, total, what). It may raise to stop the work there (the window's
# Cancel); whatever was half made is then removed.
Step = Callable[[int, int, str], None]

# Pages copied between two reports of progress (and chances to stop): 4 MB of a database with 4 KB pages.
PAGES_PER_STEP = 1024


def backup_sqlite_file(source: Path, target: Path, step: Step | None = None) -> Path:
    """A consistent copy of a live SQLite file, made with SQLite's online backup API, and its content hash.

    On any failure (a full disk, a killed source, `step` raising because the user cancelled) nothing is left:
    not the copy, its journal nor its hash."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # sqlite3's own context manager commits but does not close; closing() does.
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            if step is None:
                src.backup(dst)
            else:
                step(0, 1, "Copying the database")
                src.backup(
                    dst,
                    pages=PAGES_PER_STEP,
                    progress=lambda _status, remaining, total: step(total - remaining, total, "Copying the database"),
                )
        write_content_hash(target)
    except BaseException:
        for leftover in (target, *sidecars(target)):
            leftover.unlink(missing_ok=True)
        raise
    return target


def sidecars(path: Path) -> tuple[Path, ...]:
    """The files SQLite and Board Admin keep beside a copy: its journals and its content hash."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm", HASH_SUFFIX))


# A copy's SHA-256 is kept beside it (`copy.sqlite.sha256`): SQLite's integrity check finds broken pages but
# not a flipped byte inside a text value; the hash finds any change at all since the copy was made.
HASH_SUFFIX = ".sha256"


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_content_hash(path: Path) -> None:
    path.with_name(path.name + HASH_SUFFIX).write_text(content_hash(path) + "\n", encoding="ascii")


def hash_problem(path: Path) -> str | None:
    """A sentence when the copy no longer matches the hash kept beside it; None when it does (or has none)."""
    kept = path.with_name(path.name + HASH_SUFFIX)
    try:
        expected = kept.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return f"{path.name} has an unreadable content hash beside it."
    if content_hash(path) != expected:
        return f"{path.name} has changed since it was made (its content hash no longer matches)."
    return None


def backups_dir(database: Database) -> Path:
    path = _sqlite_path(database)
    return path.parent / "backups"


def _sqlite_path(database: Database) -> Path:
    if database.sqlite_path is None:
        raise BackupError(SERVER_BACKUPS)
    return database.sqlite_path


def backup_now(
    database: Database, reason: str = "manual", now: dt.datetime | None = None, step: Step | None = None
) -> Path:
    """Copies the database into its backups folder; returns the copy's path. `step` hears the progress and
    may stop the copy, which leaves no file."""
    path = _sqlite_path(database)
    moment = now or dt.datetime.now()
    target = backups_dir(database) / f"{path.stem}-{moment.strftime(STAMP)}-{reason}.sqlite"
    try:
        backup_sqlite_file(path, target, step)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"The backup to {target.parent} could not be made: {error}") from error
    log.info("Backed up %s to %s", path, target)
    return target


@dataclass
class HeldBackup:
    path: Path | None
    keep: bool = False


@contextmanager
def backup_kept_if_written(database: Database, reason: str, *, make: bool = True) -> Iterator[HeldBackup]:
    """A copy taken before a change (of a SQLite file, when `make`), deleted again unless the caller sets
    `keep` (the change wrote something): a refused or empty import leaves no copy behind."""
    held = HeldBackup(backup_now(database, reason) if make and database.sqlite_path is not None else None)
    try:
        yield held
    finally:
        if held.path is not None and not held.keep:
            for leftover in (held.path, *sidecars(held.path)):
                leftover.unlink(missing_ok=True)


def list_backups(database: Database) -> list[BackupCopy]:
    """Every copy in the backups folder, newest first."""
    path = _sqlite_path(database)
    folder = backups_dir(database)
    copies = []
    for candidate in folder.glob(f"{path.stem}-*.sqlite") if folder.is_dir() else []:
        match = _NAME.match(candidate.name)
        if match and match["stem"] == path.stem:
            made = dt.datetime.strptime(match["stamp"], STAMP)
            copies.append(BackupCopy(candidate, made, match["reason"], candidate.stat().st_size))
    return sorted(copies, key=lambda copy: copy.made, reverse=True)


def thin_rolling_backups(database: Database, retention: Retention) -> list[Path]:
    """Deletes the rolling copies the retention rule does not keep; returns what it deleted."""
    rolling = [copy for copy in list_backups(database) if copy.reason == ROLLING]
    keep = copies_to_keep([copy.made for copy in rolling], retention)
    removed = []
    for copy in rolling:
        if copy.made not in keep:
            for leftover in (copy.path, *sidecars(copy.path)):
                leftover.unlink(missing_ok=True)
            removed.append(copy.path)
    return removed


def read_backup_settings(database: Database) -> tuple[Retention, int]:
    """The retention rule and the minutes between rolling backups, from the shared settings."""
    defaults = {"backup.daily": 7, "backup.weekly": 5, "backup.monthly": 12, "backup.interval_minutes": 30}
    with database.session() as session:
        stored = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(defaults))).all())
    values = {}
    for key, default in defaults.items():
        try:
            values[key] = max(int(stored.get(key, default)), 0)
        except ValueError:
            values[key] = default
    retention = Retention(values["backup.daily"], values["backup.weekly"], values["backup.monthly"])
    return retention, max(values["backup.interval_minutes"], 1)


def last_change_marker(database: Database) -> int:
    """Grows with every write through Board Admin (each leaves an audit entry)."""
    with database.session() as session:
        return session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))


class RollingBackups:
    """On start, and then whenever asked after the interval has passed and something changed."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.retention, self.interval_minutes = read_backup_settings(database)
        self.marker: int | None = None
        self.last: dt.datetime | None = None

    def due(self, now: dt.datetime) -> bool:
        if self.last is None:
            return True
        if now - self.last < dt.timedelta(minutes=self.interval_minutes):
            return False
        return last_change_marker(self.database) != self.marker

    def make(self, now: dt.datetime | None = None) -> Path | None:
        """A rolling copy if one is due; returns its path, or None."""
        now = now or dt.datetime.now()
        if self.database.sqlite_path is None or not self.due(now):
            return None
        marker = last_change_marker(self.database)
        copy = backup_now(self.database, ROLLING, now)
        self.marker, self.last = marker, now
        thin_rolling_backups(self.database, self.retention)
        return copy


# --- integrity and restore -----------------------------------------------------------------------


def check_integrity(database: Database, *, full: bool = False) -> list[str]:
    """Problems found in the database; an empty list means it is sound."""
    problems: list[str] = []
    with database.engine.connect() as connection:
        if database.is_sqlite:
            pragma = "integrity_check" if full else "quick_check"
            results = [row[0] for row in connection.execute(text(f"PRAGMA {pragma}"))]
            if results != ["ok"]:
                problems.extend(results)
            for table, rowid, parent, _ in connection.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"row {rowid} of {table} refers to a missing {parent}")
        else:
            connection.execute(text("SELECT 1"))
    return problems


def file_problems(path: Path) -> list[str]:
    """Checks a SQLite file that is not open: is it a Board Admin database, and sound?"""
    if not path.is_file():
        return [f"{path} does not exist."]
    changed = hash_problem(path)
    if changed:
        return [changed]
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            results = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        return [f"{path.name} is not a database that Board Admin can read ({error})."]
    except OSError as error:
        return [f"{path.name} cannot be read ({error.strerror or error})."]
    if results != ["ok"]:
        return [f"{path.name} is damaged: {results[0]}"]
    if not {"alembic_version", "agency", "meeting"} <= tables:
        return [f"{path.name} is not a Board Admin database."]
    return []


def latest_good_backup(database: Database) -> BackupCopy | None:
    for copy in list_backups(database):
        if not file_problems(copy.path):
            return copy
    return None


def restore_backup(database: Database, source: Path, step: Step | None = None) -> Path:
    """Replaces the database's contents with the copy at `source`, after backing up the current file.

    Returns the path of that safety copy. The caller must open the database again afterwards (the copy
    may be of an older schema, which opening brings up to date). `step` hears the progress and may stop the
    work until the copy is put in place (then nothing has changed and no safety copy is left); not after.
    """
    target = _sqlite_path(database)
    if step is not None:
        step(0, 1, "Checking the copy")
    problems = file_problems(Path(source))
    if problems:
        raise BackupError(f"Nothing was restored: {problems[0]}")
    safety = None
    if target.exists():
        try:
            safety = backup_now(database, "before-restore", step=step)
        except BackupError:
            # A damaged live file may not copy; restoring is then exactly what is wanted.
            log.warning("The current file could not be backed up before the restore", exc_info=True)
    database.dispose()
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    except sqlite3.DatabaseError as error:
        if safety is not None or not target.exists():
            raise BackupError(f"The restore failed and the database was not changed: {error}") from error
        # The live file is too damaged to be written over page by page: it is moved aside, kept, and the
        # copy put in its place.
        kept = set_damaged_file_aside(target, backups_dir(database))
        log.warning("Moved the damaged %s to %s before restoring", target, kept)
        backup_sqlite_file(Path(source), target)
        target.with_name(target.name + HASH_SUFFIX).unlink(missing_ok=True)
        safety = kept
    log.info("Restored %s from %s", target, source)
    return safety


def set_damaged_file_aside(path: Path, folder: Path) -> Path:
    """Moves a damaged database (and its WAL files) into `folder`, named as damaged; returns where it went."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{path.stem}-{dt.datetime.now().strftime(STAMP)}-damaged{path.suffix}"
    for part, suffix in ((path, ""), *((path.with_name(path.name + end), end) for end in ("-wal", "-shm"))):
        if part.exists():
            part.replace(kept.with_name(kept.name + suffix))
    return kept
