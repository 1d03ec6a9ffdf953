"""Schema migrations with Alembic, applied automatically when a database is opened.

The migration scripts live inside the package so that the frozen Windows build carries them.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from board_admin.db.engine import Database

log = logging.getLogger("board_admin.db.migrate")

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = database.engine
    return config


def head_revisions(database: Database) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(database)).get_heads())


def current_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def backup_sqlite_file(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file, made with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # sqlite3's own context manager commits but does not close; closing() does.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def upgrade(database: Database) -> Path | None:
    """Brings the schema to the newest revision. A SQLite file that already holds tables is backed up
    first; returns that backup's path."""
    current = current_revisions(database)
    heads = head_revisions(database)
    if current == heads:
        return None
    head = "+".join(sorted(heads))
    backup = None
    path = database.sqlite_path
    if path is not None and inspect(database.engine).get_table_names():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.parent / "backups" / f"{path.stem}-before-{head}-{stamp}.sqlite"
        backup_sqlite_file(path, backup)
        log.info("Backed up %s to %s before migrating", path, backup)
    log.info("Migrating %s from %s to %s", database.describe(), current, head)
    command.upgrade(alembic_config(database), "heads")
    return backup
