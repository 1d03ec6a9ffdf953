"""Where the database is and how to talk to it.

Default: a SQLite file in the per-user data folder, with WAL and foreign keys on. A
`postgresql+psycopg://` URL points a whole office at one shared server.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from board_admin.db.damage import DatabaseDamagedError, damage_described, sqlite_problems
from board_admin.db.integrity import IntegrityGate
from board_admin.db.migrate import file_schema_is_current, upgrade
from board_admin.db.sqlite import on_sqlite_connect
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import NOBODY, SYSTEM, Actor

log = logging.getLogger("board_admin.db")

APP_NAME = "BoardAdmin"
ENV_URL = "BOARD_ADMIN_DATABASE_URL"


class DatabaseOpenError(BoardAdminError):
    """The database could not be opened; the message names it and says why."""


def data_dir() -> Path:
    """The per-user folder for the database, backups, logs and the user's own templates."""
    override = os.environ.get("BOARD_ADMIN_DATA_DIR")
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve().as_posix()}"


def default_url() -> str:
    return sqlite_url(data_dir() / "board-admin.sqlite")


def demo_url() -> str:
    return sqlite_url(data_dir() / "demo.sqlite")


def resolve_url(cli_url: str | None, demo: bool = False) -> str:
    """--database wins, then --demo, then BOARD_ADMIN_DATABASE_URL, then the default file.

    A plain path to a SQLite file (an existing file, or a name ending .sqlite or .db) is taken as people type it;
    anything else must be an address, so that a typing slip is refused rather than made into a new empty file."""
    if cli_url:
        return _as_url(cli_url)
    if demo:
        return demo_url()
    chosen = os.environ.get(ENV_URL)
    return _as_url(chosen) if chosen else default_url()


def _as_url(text: str) -> str:
    if "://" in text:
        return text
    path = Path(text).expanduser()
    return sqlite_url(path) if path.suffix.lower() in SQLITE_SUFFIXES or path.is_file() else text


SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


class Database:
    """An engine and the factory of sessions on it; one per open database."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url)
            event.listen(self.engine, "connect", on_sqlite_connect)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        # Whoever is signed in; the services check their permissions and name them in the audit trail.
        # Nobody until someone signs in: an opened database never acts for anyone by default.
        self.actor: Actor = NOBODY
        # Saves made through this object (services.uow counts each commit): a page of the window read before
        # the last one is read again when next shown, whichever page or window the save came from.
        self.changes = 0
        # On a shared server set up with `setup-server`: the prefix of its group roles. PostgreSQL then
        # enforces the roles and its triggers write the audit trail (board_admin.db.server_roles).
        self.server_roles: str | None = None
        # Set when another copy of the program holds the file for changes: reading only.
        self.read_only_reason: str | None = None
        # Set by open_database once SQLite's quick check has passed, so the window does not run it twice.
        self.checked_at_open = False
        # Set by open_database(check_in_background=True): the check still to run, holding back writes meanwhile.
        self.integrity: IntegrityGate | None = None

    @property
    def sqlite_path(self) -> Path | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return Path(self.url.database)
        return None

    def describe(self) -> str:
        """What the status bar shows: the file, or the server and database name (never a password)."""
        if self.is_sqlite:
            return str(self.sqlite_path or "in-memory database")
        return f"{self.url.database} on {self.url.host}" + (f":{self.url.port}" if self.url.port else "")

    @contextlib.contextmanager
    def acting_as(self, actor: Actor) -> Iterator[Actor]:
        """Acts as `actor` inside the block only; whoever acted before acts again afterwards, whatever happens."""
        previous = self.actor
        self.actor = actor
        try:
            yield actor
        finally:
            self.actor = previous

    def session(self) -> Session:
        return self.session_factory()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    url: str, *, migrate: bool = True, create: bool = True, check_in_background: bool = False
) -> Database:
    """Opens the database and brings its schema up to date (backing up a SQLite file first).

    An existing SQLite file is checked first (SQLite's quick check): a damaged one raises
    DatabaseDamagedError rather than being migrated or read. With create=False a missing file is refused
    instead of being made.

    check_in_background=True (the window's start): when the file's schema is already current, so that opening
    writes nothing, the check is left to run beside the first paint: `database.integrity` is then the check to
    run (IntegrityGate.run, on a worker thread), and every write waits until it has passed. A file that needs
    migrating is checked first, as without it."""
    parsed = make_url(url)
    deferred = False
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not create and not path.is_file():
            raise DatabaseOpenError(f"There is no database at {path}: check the name and the folder.")
        if path.is_file():
            deferred = check_in_background and migrate and file_schema_is_current(path)
            problems = [] if deferred else sqlite_problems(path)
            if problems:
                raise DatabaseDamagedError(path, problems[0])
    database = Database(url)
    if deferred:
        database.integrity = IntegrityGate(database.sqlite_path)
        database.integrity.hold_writes(database.engine)
    else:
        database.checked_at_open = database.sqlite_path is not None and database.sqlite_path.is_file()
    try:
        if migrate:
            with database.acting_as(SYSTEM):  # the migrations act as the system, and only while they run
                upgrade(database)
        else:
            with database.engine.connect():
                pass  # an unreachable server or an unreadable file is told now, with the database's name
    except Exception as error:
        database.dispose()
        damage = damage_described(error)
        if damage and database.sqlite_path is not None:
            raise DatabaseDamagedError(database.sqlite_path, damage) from error
        raise
    return database


def open_database_for_user(url: str, *, migrate: bool = True, create: bool = True) -> Database:
    """open_database, with every failure turned into one sentence naming the database (never its password)."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError as error:
        raise DatabaseOpenError(
            f"'{url}' is not a database address: use sqlite:///path/to/file.sqlite "
            "or postgresql+psycopg://user@server/name."
        ) from error
    try:
        return open_database(url, migrate=migrate, create=create)
    except BoardAdminError:
        raise
    except Exception as error:  # the driver's own first line says what went wrong
        log.info("Could not open %s", shown, exc_info=True)
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseOpenError(f"Could not open the database {shown}: {first_line}") from error
