"""Keeping the database safe while the window is open: the writer lock, the check at start, rolling
backups, and "Back up now" / "Restore from backup..." for the File menu."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from board_admin.db.backup import (
    SERVER_BACKUPS,
    RollingBackups,
    backup_now,
    backups_dir,
    latest_good_backup,
    restore_backup,
)
from board_admin.db.damage import sqlite_problems
from board_admin.db.engine import Database, sqlite_url
from board_admin.db.lock import DatabaseLockedError, WriterLock, network_warning
from board_admin.db.migrate import upgrade
from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import SYSTEM
from board_admin.ui.messages import describe_failure, show_message
from board_admin.ui.workers import JobCancelled

log = logging.getLogger("board_admin.ui.safety")

APP = "Board Admin"


def take_writer_lock(database: Database, parent: QWidget | None = None) -> WriterLock | None | bool:
    """The lock on a SQLite file, or None for a server. When another copy holds it, asks whether to open
    read-only (returns None, the database marked read-only) or not at all (returns False)."""
    path = database.sqlite_path
    if path is None:
        return None
    warning = network_warning(path)
    if warning:
        QMessageBox.warning(parent, APP, warning)
    lock = WriterLock(path)
    try:
        lock.acquire()
    except DatabaseLockedError as error:
        answer = QMessageBox.question(
            parent,
            APP,
            error.message + "\n\nOpen it read-only?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        database.read_only_reason = f"the database is open for changes by {error.holder.describe()}."
        return None
    return lock


def check_at_start(database: Database, parent: QWidget | None = None) -> bool:
    """SQLite's quick check; on damage, offers the newest good backup. False: do not go on.

    Skipped when open_database has just run it or left it to IntegrityWatch, and when the database is open only
    for reading (another copy holds it, so nothing may be restored here; or it is the damaged file itself, opened
    to look at it)."""
    if (
        database.sqlite_path is None
        or database.read_only_reason
        or database.checked_at_open
        or database.integrity is not None
    ):
        return True
    problems = sqlite_problems(database.sqlite_path)
    if not problems:
        return True
    database.dispose()
    choice = offer_backup(database.sqlite_path, problems[0], parent)
    if choice == LOOK:
        database.read_only_reason = DAMAGED_READ_ONLY
    return choice is not None


RESTORED, LOOK = "restored", "look"
DAMAGED_READ_ONLY = "the database file is damaged; restore a backup (File, Restore from backup...) to make changes."


def offer_backup(path: Path, detail: str, parent: QWidget | None = None) -> str | None:
    """The file at `path` is damaged: offers the newest backup that passes SQLite's integrity check and its
    content hash (with its date; older copies are tried only when newer ones fail), and a read-only look at
    what can still be read. Returns RESTORED (the file is sound again), LOOK, or None (do not open it)."""
    log.error("The database %s is damaged: %s", path, detail)
    database = Database(sqlite_url(path))
    buttons = QMessageBox.StandardButton
    try:
        good = latest_good_backup(database)
        if good is None:
            answer = QMessageBox.question(
                parent,
                APP,
                f"The database {path} is damaged ({detail}) and there is no good backup beside it; ask your IT "
                "officer.\n\nOpen it read-only, to see what can still be read?",
                buttons.Open | buttons.Cancel,
            )
            return LOOK if answer == buttons.Open else None
        answer = QMessageBox.question(
            parent,
            APP,
            f"The database {path} is damaged ({detail}).\n\nRestore the newest good backup, made "
            f"{format_date(good.made.date())} at {good.made:%H:%M}? The damaged file is kept in the backups "
            "folder. (Open: look at the damaged file read-only first.)",
            buttons.Yes | buttons.Open | buttons.Cancel,
            buttons.Yes,
        )
        if answer == buttons.Open:
            return LOOK
        if answer != buttons.Yes:
            return None
        try:
            # Before anyone can sign in (the damaged file may not even list its accounts): the person at the
            # keyboard already holds the file itself, which is the boundary on SQLite. The migrations act as the
            # system.
            restore_backup(database, good.path)
            with database.acting_as(SYSTEM):
                upgrade(database)
        except BoardAdminError as error:
            QMessageBox.critical(parent, APP, error.message)
            return None
        return RESTORED
    finally:
        database.dispose()


class IntegrityWatch(QObject):
    """Runs the quick check open_database left for later (`database.integrity`) on a worker thread, beside the
    sign-in and the first paint. Once the window is up (attach): a pass starts the rolling backups; damage
    gets the same offer as damage found before opening (restore the newest good backup, look read-only, or
    close), and until then every write is refused with a sentence (db/integrity.py)."""

    checked = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.gate = database.integrity
        self.window: QWidget | None = None
        self.keeper: SafetyKeeper | None = None
        self.thread: threading.Thread | None = None
        self.handled = False
        # Emitted on the worker thread, received on the UI thread (a queued connection).
        self.checked.connect(self._checked)

    def start(self) -> None:
        if self.gate is not None and not self.gate.finished:
            self.thread = threading.Thread(target=self._run, name="board-admin-quick-check", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        self.gate.run()
        self.checked.emit()

    def attach(self, window: QWidget, keeper: SafetyKeeper | None = None) -> None:
        """The window is shown: what the check found is acted on now, or as soon as it has finished."""
        self.window, self.keeper = window, keeper
        self.setParent(window)
        if self.gate is None or self.gate.finished:
            self._checked()

    def _checked(self) -> None:
        if self.window is None or self.handled:
            return  # not shown yet: attach() acts on it
        self.handled = True
        # Open only for reading (another copy holds the file): nothing may be restored from here, as check_at_start
        # never checks such a file; its writes are refused already, and the copy that holds it checks it.
        if self.gate is None or self.gate.problem is None or self.database.read_only_reason:
            if self.keeper is not None:
                self.keeper.start()
            return
        path, problem = self.gate.path, self.gate.problem
        self.database.dispose()
        choice = offer_backup(path, problem, self.window)
        if choice is None:
            self.window.close()
            return
        if choice == RESTORED:
            self.gate.finish(None)  # the file is now the backup that passed its checks, brought up to date
        else:
            self.database.read_only_reason = DAMAGED_READ_ONLY
            if self.keeper is not None:
                self.keeper.rolling = False  # never a rolling copy of the damaged file
        if self.keeper is not None:
            self.keeper.start()
        # The status bar says "(read-only)" and the menu's changes are disabled, as when opened read-only at start.
        for name in ("show_signed_in_user", "refresh"):
            update = getattr(self.window, name, None)
            if update is not None:
                update()


# The session's first rolling copy is made this long after the window opens, not before it: copying a ten-year
# file takes a few tenths of a second that the first screen need not wait for.
START_BACKUP_DELAY_MS = 10_000


class SafetyKeeper(QObject):
    """Refreshes the writer lock every minute and makes rolling backups while the window is open.

    The copies are made on a worker thread (SQLite's backup runs outside the interpreter's lock, on a
    connection of its own), so the window does not stop while a file of several tens of megabytes is copied;
    stopping waits for a copy in progress to finish."""

    def __init__(self, database: Database, lock: WriterLock | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.lock = lock
        # False when the file is only read here (held by another copy, or damaged): no copies are made of it.
        self.rolling = bool(database.sqlite_path and not database.read_only_reason)
        self.backups: RollingBackups | None = None  # made on the first copy (it reads the settings)
        self.worker: threading.Thread | None = None
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(60_000)
        self.lock_timer.timeout.connect(self._refresh_lock)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60_000)
        self.backup_timer.timeout.connect(self.rolling_backup)
        self.first_backup = QTimer(self)
        self.first_backup.setSingleShot(True)
        self.first_backup.setInterval(START_BACKUP_DELAY_MS)
        self.first_backup.timeout.connect(self.rolling_backup)

    def start(self) -> None:
        if self.lock is not None:
            self.lock_timer.start()
        if self.rolling:
            self.first_backup.start()
            self.backup_timer.start()

    def _refresh_lock(self) -> None:
        if self.lock is not None:
            self.lock.refresh()

    def rolling_backup(self) -> None:
        """Starts a rolling copy on the worker thread if one is due and none is being made."""
        if not self.rolling or (self.worker is not None and self.worker.is_alive()):
            return
        self.worker = threading.Thread(target=self._make_rolling_backup, name="board-admin-backup", daemon=True)
        self.worker.start()

    def _make_rolling_backup(self) -> None:
        try:
            if self.backups is None:
                self.backups = RollingBackups(self.database)
            made = self.backups.make(dt.datetime.now())
        except BoardAdminError:
            log.warning("Rolling backup failed", exc_info=True)
            return
        except Exception:  # noqa: BLE001 - a worker thread's failure is logged, never lost
            log.exception("Rolling backup failed")
            return
        if made:
            log.info("Rolling backup %s", made)

    def stop(self) -> None:
        self.lock_timer.stop()
        self.backup_timer.stop()
        self.first_backup.stop()
        if self.worker is not None:
            self.worker.join()  # a copy half made is finished, not abandoned
        if self.lock is not None:
            self.lock.release()


# How the main window runs work in the background: run(label, work(step), on_success, on_failure) starts a
# cancellable BackgroundJob whose work is given the job's step (progress, and Cancel).
Run = Callable[[str, Callable[[Callable], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


def back_up_now(database: Database, parent: QWidget, run: Run) -> None:
    """Copies the database to its backups folder in the background, with progress and Cancel; a cancelled
    backup leaves no file."""
    if database.sqlite_path is None:
        QMessageBox.information(parent, "Back up", SERVER_BACKUPS)
        return

    def done(copy: Path) -> None:
        show_message(parent, QMessageBox.Icon.Information, "Back up", f"The database was copied to {copy}.")

    def failed(error: BaseException) -> None:
        if isinstance(error, JobCancelled):
            show_message(parent, QMessageBox.Icon.Information, "Back up", "The backup was cancelled: no copy was made.")
        else:
            show_message(parent, QMessageBox.Icon.Warning, "Back up", describe_failure(error))

    run("Backing up the database…", lambda step: backup_now(database, "manual", step=step), done, failed)


def restore_from_backup(database: Database, parent: QWidget, run: Run, restored: Callable[[], None]) -> bool:
    """Asks for a copy and confirms; then in the background backs up the current file, restores, and brings
    the schema up to date, calling `restored` when done. Cancel before the copy is put in place changes
    nothing. False when nothing was started."""
    if database.sqlite_path is None:
        QMessageBox.information(parent, "Restore", SERVER_BACKUPS)
        return False
    if database.read_only_reason and database.read_only_reason != DAMAGED_READ_ONLY:
        QMessageBox.information(parent, "Restore", f"Nothing can be restored: {database.read_only_reason}")
        return False
    name, _ = QFileDialog.getOpenFileName(
        parent, "Restore from backup", str(backups_dir(database)), "Board Admin backups (*.sqlite)"
    )
    if not name:
        return False
    answer = QMessageBox.question(
        parent,
        "Restore",
        f"Replace everything in {database.sqlite_path.name} with the copy {Path(name).name}?\n\n"
        "The database as it is now is backed up first, so this can be undone by restoring that copy.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    from board_admin.services.backups import restore_from_backup as restore_service

    source = Path(name)

    def done(safety: Path | None) -> None:
        text = f"Restored from {source.name}." + (f" The previous state is in {safety}." if safety else "")
        show_message(parent, QMessageBox.Icon.Information, "Restore", text)
        restored()

    def failed(error: BaseException) -> None:
        if isinstance(error, JobCancelled):
            text = "The restore was cancelled: the database was not changed."
            show_message(parent, QMessageBox.Icon.Information, "Restore", text)
        else:
            show_message(parent, QMessageBox.Icon.Warning, "Restore", describe_failure(error))

    run(f"Restoring from {source.name}…", lambda step: restore_service(database, source, step), done, failed)
    return True
