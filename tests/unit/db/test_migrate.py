"""The schema is created and upgraded by the Alembic migrations, with a backup first."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic import command
from sqlalchemy import inspect, text

from board_admin.db.engine import Database, open_database, sqlite_url
from board_admin.db.migrate import alembic_config, current_revisions, head_revisions, upgrade
from board_admin.db.models import Base


def test_new_database_gets_every_table_at_the_newest_revision(database):
    assert current_revisions(database) == head_revisions(database)
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrated_schema_matches_the_models(database):
    """Autogenerate finds nothing to do: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_is_opened_with_wal_and_foreign_keys(sqlite_database):
    with sqlite_database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reopening_an_up_to_date_file_takes_no_backup(tmp_path):
    path = tmp_path / "board.sqlite"
    open_database(sqlite_url(path)).dispose()
    again = Database(sqlite_url(path))
    assert upgrade(again) is None
    again.dispose()
    assert not (tmp_path / "backups").exists()


def test_an_older_file_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "board.sqlite"
    database = open_database(sqlite_url(path))
    command.downgrade(alembic_config(database), "base")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept_note (body TEXT)"))
        connection.execute(text("INSERT INTO kept_note VALUES ('written before the upgrade')"))

    backup = upgrade(database)
    database.dispose()

    assert backup is not None and backup.exists()
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT body FROM kept_note").fetchall() == [("written before the upgrade",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with closing(sqlite3.connect(path)) as live:
        tables = {row[0] for row in live.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(Base.metadata.tables) <= tables
