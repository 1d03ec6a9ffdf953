"""Restoring a backup and the backup settings: writes like any other, with a permission and an audit entry.

The copying itself is board_admin.db.backup's; these use cases decide who may do it and record that it was done.
"""

from __future__ import annotations

from pathlib import Path

from board_admin.db.backup import SERVER_BACKUPS, BackupError, Step, read_backup_settings, restore_backup
from board_admin.db.engine import Database
from board_admin.db.migrate import upgrade
from board_admin.domain.errors import ValidationError
from board_admin.domain.permissions import SYSTEM, Permission
from board_admin.domain.retention import Retention
from board_admin.services.settings import write_settings
from board_admin.services.uow import ReadOnlyError, UnitOfWork

BACKUP_KEYS = {
    "daily": "backup.daily",
    "weekly": "backup.weekly",
    "monthly": "backup.monthly",
    "interval_minutes": "backup.interval_minutes",
}


def restore_from_backup(database: Database, source: Path, step: Step | None = None) -> Path | None:
    """Replaces the database with the copy at `source` (the current state is backed up first) and brings its
    schema up to date; returns the safety copy's path. The restored database's trail records the restore.
    `step` hears the progress and may stop the restore before the copy is put in place (db/backup)."""
    database.actor.require(Permission.RESTORE_BACKUP)  # before the file is even looked at
    if database.read_only_reason:
        raise ReadOnlyError(f"Nothing was restored: {database.read_only_reason}")
    if database.sqlite_path is None:
        raise BackupError(SERVER_BACKUPS)
    source = Path(source)
    safety = restore_backup(database, source, step)
    with database.acting_as(SYSTEM):  # the migrations act as the system, and only while they run
        upgrade(database)
    with UnitOfWork(database, Permission.RESTORE_BACKUP, audit=False) as uow:
        after = {"from": source.name}
        if safety is not None:
            after["previous state kept in"] = safety.name
        uow.record("database", "restore", after=after)
        uow.commit()
    return safety


def save_backup_settings(database: Database, retention: Retention, interval_minutes: int) -> None:
    """How many rolling copies are kept (days, weeks, months) and the minutes between them."""
    with UnitOfWork(database, Permission.MANAGE_SETTINGS, audit=False) as uow:  # refused before anything is read
        wanted = {
            "daily": retention.daily,
            "weekly": retention.weekly,
            "monthly": retention.monthly,
            "interval_minutes": interval_minutes,
        }
        for name, value in wanted.items():
            if not isinstance(value, int) or value < 0:
                label = name.replace("_", " ")
                raise ValidationError(f"The number of {label} must be a whole number, 0 or more.", name)
        if interval_minutes < 1:
            raise ValidationError("Rolling backups need at least 1 minute between them.", "interval_minutes")
        was_retention, was_interval = read_backup_settings(database)
        was = {
            "daily": was_retention.daily,
            "weekly": was_retention.weekly,
            "monthly": was_retention.monthly,
            "interval_minutes": was_interval,
        }
        write_settings(uow, BACKUP_KEYS, was, wanted)
        uow.commit()
