"""Schema migrations with Alembic, applied automatically when a database is opened.

The migration scripts live inside the package so that the frozen Windows build carries them.

Every upgrade, the very first one that creates the schema included, is one transaction: on PostgreSQL
because its DDL is transactional, on SQLite because the migration runs on a connection where `BEGIN` is
issued explicitly (the pysqlite driver otherwise commits before every CREATE or ALTER, so a kill in the
middle left tables without `alembic_version` and a file that could never be opened again).

Alembic itself is loaded only when the schema is not current: on an everyday start the recorded version is read
with one plain SELECT and compared with the revisions named in the migration scripts (read as text), which
saves loading Alembic (a fifth of a second) before the window opens.
"""

from __future__ import annotations

import ast
import functools
import logging
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from board_admin.db.models import Base
from board_admin.db.sqlite import on_sqlite_connect
from board_admin.domain.case_reviews import STANDARD_KINDS
from board_admin.domain.errors import BoardAdminError

if TYPE_CHECKING:
    from alembic.config import Config

    from board_admin.db.engine import Database

log = logging.getLogger("board_admin.db.migrate")

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


class HalfMadeDatabaseError(BoardAdminError):
    """Board Admin's tables hold rows but the schema's version was never recorded."""


def alembic_config(database: Database, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = database.engine
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions(database: Database) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(database)).get_heads())


def current_revisions(database: Database) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def script_heads() -> frozenset[str]:
    """The newest revisions, read from the migration scripts' `revision` and `down_revision` lines as text (what
    Alembic's ScriptDirectory.get_heads() finds, without loading Alembic): the revisions no script follows."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        values = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        followed.update((down,) if isinstance(down, str) else down or ())
    return frozenset(revisions - followed)


def schema_is_current(database: Database) -> bool:
    """True when the database records exactly the newest revisions: one plain SELECT of `alembic_version`.
    False when it records anything else or has no version table yet (then `upgrade` asks Alembic)."""
    try:
        with database.engine.connect() as connection:
            recorded = {row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}
    except DBAPIError:
        return False  # no version table (a new or half-made database), or unreadable: the full path decides
    return bool(recorded) and recorded == script_heads()


def file_schema_is_current(path: Path) -> bool:
    """schema_is_current for a SQLite file, read on a read-only connection of its own: nothing is written to the
    file, not even the connection's set-up, before it has been checked. A file that cannot say is not current."""
    try:
        with closing(sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)) as connection:
            recorded = {row[0] for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")}
    except sqlite3.Error:
        return False
    return bool(recorded) and recorded == script_heads()


def migration_engine(database: Database) -> Engine:
    """An engine whose transactions take in DDL too. For SQLite a separate one, as SQLAlchemy's pysqlite
    notes describe: the driver's own transaction handling is switched off and `BEGIN IMMEDIATE` issued
    (IMMEDIATE: two first starts at once wait for each other instead of both creating tables)."""
    if not database.is_sqlite:
        return database.engine
    engine = create_engine(database.url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, record) -> None:
        on_sqlite_connect(dbapi_connection, record)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# Rows a migration writes itself, which are not anyone's records: the standard kinds of case review (0004_case_reviews).
SEEDED_ROWS = {"case_review_kind": len(STANDARD_KINDS)}


def _remove_half_made_schema(database: Database, connection: Connection) -> None:
    """A schema without a recorded version was left by a start killed under an older version of Board
    Admin. With nothing in it, it is removed (and made again by the upgrade); with rows, it is refused."""
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    ours = [table for table in Base.metadata.sorted_tables if table.name in present]
    if not ours:
        return
    filled = [
        table.name
        for table in ours
        if connection.scalar(select(func.count()).select_from(table)) > SEEDED_ROWS.get(table.name, 0)
    ]
    if filled:
        raise HalfMadeDatabaseError(
            f"The database {database.describe()} holds Board Admin records (in {', '.join(filled[:3])}) but no "
            "record of its schema version, so it cannot be brought up to date safely: restore a backup, or ask "
            "your IT officer."
        )
    log.warning("Removing the empty, half-made schema of %s before creating it", database.describe())
    Base.metadata.drop_all(connection, tables=list(reversed(ours)))


def upgrade(database: Database) -> Path | None:
    """Brings the schema to the newest revision in one transaction. A SQLite file that already holds tables
    is backed up first; returns that backup's path."""
    if schema_is_current(database):
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    from board_admin.db.backup import backup_now

    current = current_revisions(database)
    heads = head_revisions(database)
    if current == heads:
        return None
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(database)).walk_revisions()}
    unknown = sorted(current - known)
    if unknown:
        # A newer Board Admin upgraded this database: this version cannot know what its schema holds.
        raise BoardAdminError(
            f"The database {database.describe()} was brought up to date by a newer version of Board Admin "
            f"(schema {', '.join(unknown)}), which this version does not know: install the newer version, or "
            "ask your IT officer."
        )
    head = "+".join(sorted(heads))
    backup = None
    path = database.sqlite_path
    if path is not None and inspect(database.engine).get_table_names():
        backup = backup_now(database, "before-migration")
    log.info("Migrating %s from %s to %s", database.describe(), current, head)
    engine = migration_engine(database)
    try:
        with engine.begin() as connection:
            if not current:
                _remove_half_made_schema(database, connection)
            command.upgrade(alembic_config(database, connection), "heads")
    finally:
        if engine is not database.engine:
            engine.dispose()
    return backup
