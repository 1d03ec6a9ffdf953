"""Schema migrations with Alembic, applied automatically when a database is opened.

The migration scripts live inside the package so that the frozen Windows build carries them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from board_admin.db.backup import backup_now
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
        backup = backup_now(database, "before-migration")
    log.info("Migrating %s from %s to %s", database.describe(), current, head)
    command.upgrade(alembic_config(database), "heads")
    return backup
