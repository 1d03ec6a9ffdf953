"""Starting the desktop application: the QApplication, the log file, the database, the main window."""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.engine import make_url

from board_admin import __version__
from board_admin.domain.errors import BoardAdminError
from board_admin.ui import icons
from board_admin.ui.messages import describe_failure, show_message

log = logging.getLogger("board_admin.ui")

APPLICATION_NAME = "Board Admin"
# QSettings keeps the window layout and last folder under this name (the registry on Windows).
ORGANISATION_NAME = "BoardAdmin"
LOG_FILE = "board-admin.log"
QUIT_WHEN_SHOWN_ENV = "BOARD_ADMIN_QUIT_WHEN_SHOWN"


def setup_logging() -> Path | None:
    """Adds a rotating log file in the data folder; returns its path (None if it cannot be written)."""
    from board_admin.db.engine import data_dir

    try:
        path = data_dir() / "logs" / LOG_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        log.warning("No log file could be opened; messages go to the console only", exc_info=True)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    # The file gets the informational lines too (migrations, backups); the console keeps to its level.
    for existing in root.handlers:
        if existing.level == logging.NOTSET:
            existing.setLevel(root.level or logging.WARNING)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


class ExceptionReporter:
    """The last line of defence: an error nothing else caught is logged with its traceback and shown to
    the user as a sentence. One message at a time, so that a repeating error does not stack windows."""

    def __init__(self, log_path: Path | None, parent: QWidget | None = None) -> None:
        self.log_path = log_path
        self.parent = parent
        self.showing: QMessageBox | None = None

    def __call__(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if QApplication.instance() is None or self.showing is not None:
            return
        box = show_message(
            self.parent, QMessageBox.Icon.Critical, APPLICATION_NAME, describe_failure(error, self.log_path)
        )
        self.showing = box
        box.finished.connect(self._closed)

    def _closed(self, _result: int) -> None:
        self.showing = None


def install_excepthook(log_path: Path | None, parent: QWidget | None = None) -> ExceptionReporter:
    reporter = ExceptionReporter(log_path, parent)
    sys.excepthook = reporter
    return reporter


def describe_url(url: str) -> str:
    """The database as a person would name it: the file path, or the name and server (never a password)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unreadable URL is described as typed
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "an in-memory database"
    return f"{parsed.database} on {parsed.host}" + (f":{parsed.port}" if parsed.port else "")


def open_failure_text(url: str, error: BaseException) -> str:
    where = describe_url(url)
    if isinstance(error, BoardAdminError):
        reason = error.message
    elif isinstance(error, ImportError):
        reason = "A part of Board Admin is missing from this installation; reinstall it."
    else:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    advice = (
        "Check that the file is in a folder you can write to and is not open in another copy of Board Admin."
        if where.endswith((".sqlite", ".db")) or "/" in where or "\\" in where
        else "Check that the database server is running and that the address, name and password are right."
    )
    return f"Board Admin could not open the database {where}.\n\n{reason}\n\n{advice}"


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setWindowIcon(icons.icon("application"))
    return app  # type: ignore[return-value]


def open_chosen_database(database_url: str | None, demo: bool, *, check_in_background: bool = False):
    """Opens (and migrates) the database, filling the demo database on first use.

    check_in_background: a SQLite file whose schema is current is not checked here but by IntegrityWatch
    (ui/safety.py) beside the first paint, writes held back until it passes."""
    from board_admin.db.damage import DatabaseDamagedError
    from board_admin.db.engine import open_database, resolve_url

    url = resolve_url(database_url, demo)
    try:
        try:
            database = open_database(url, check_in_background=check_in_background)
        except DatabaseDamagedError as damaged:
            from board_admin.db.engine import Database
            from board_admin.ui.safety import DAMAGED_READ_ONLY, LOOK, offer_backup

            choice = offer_backup(damaged.path, damaged.detail)
            if choice is None:
                raise
            if choice == LOOK:
                database = Database(url)
                database.read_only_reason = DAMAGED_READ_ONLY
                return database, None
            database = open_database(url)
        if demo:
            from board_admin.demo import ensure_demo_data

            ensure_demo_data(database)
    except Exception as error:  # noqa: BLE001 - any failure here is told to the user, not raised
        log.exception("Could not open the database %s", describe_url(url))
        return None, open_failure_text(url, error)
    return database, None


def sign_in_at_start(database, demo: bool, username: str | None = None) -> bool:
    """Signs someone in before the window opens; a new database first gets its administrator.

    `--user NAME` with BOARD_ADMIN_PASSWORD set signs in without the dialog (for scripted starts);
    a wrong password falls back to the dialog. Returns False when the person gave up (closed the
    dialog): the application then quits.
    """
    from board_admin.domain.errors import BoardAdminError
    from board_admin.domain.permissions import NOBODY
    from board_admin.services.accounts import has_accounts, sign_in

    if not has_accounts(database):
        from board_admin.ui.dialogs.accounts import FirstAdministratorDialog

        return bool(FirstAdministratorDialog(database).exec())
    database.actor = NOBODY
    password = os.environ.get("BOARD_ADMIN_PASSWORD")
    if username and password is not None:
        try:
            sign_in(database, username, password)
            return True
        except BoardAdminError as error:
            log.info("Scripted sign-in as %s refused: %s", username, error)
    from board_admin.ui.dialogs.accounts import SignInDialog

    dialog = SignInDialog(database, demo=demo)
    if username:
        dialog.username.setText(username)
        dialog.password.setFocus()
    return bool(dialog.exec())


def sign_in_to_server(url: str, username: str | None):
    """A shared server set up with setup-server: the person signs in to PostgreSQL as themselves (scripted with
    --user and BOARD_ADMIN_PASSWORD, else in the dialog). Returns the database, or None if they gave up."""
    from board_admin.db.server_roles import connect_as_person
    from board_admin.domain.errors import BoardAdminError
    from board_admin.ui.dialogs.accounts import ServerSignInDialog

    password = os.environ.get("BOARD_ADMIN_PASSWORD")
    if username and password is not None:
        try:
            return connect_as_person(url, username, password)
        except BoardAdminError as error:
            log.info("Scripted sign-in as %s refused: %s", username, error)
    dialog = ServerSignInDialog(url, username)
    return dialog.database if dialog.exec() else None


def run_application(database_url: str | None, demo: bool, username: str | None = None) -> int:
    """The `board-admin` window: returns the process exit code."""
    app = create_application()
    log_path = setup_logging()
    reporter = install_excepthook(log_path)
    from board_admin.db.engine import resolve_url
    from board_admin.db.server_roles import is_person_url

    url = resolve_url(database_url, demo)
    if is_person_url(url):
        database = sign_in_to_server(url, username)
        if database is None:
            return 0
        from board_admin.ui.main_window import MainWindow

        window = MainWindow(database, log_path=log_path)
        reporter.parent = window
        window.show()
        from board_admin.collector import resume_after_start_up

        resume_after_start_up()  # paused for the start by cli.run_gui
        try:
            return app.exec()
        finally:
            database.dispose()
    database, problem = open_chosen_database(database_url, demo, check_in_background=True)
    if database is None:
        QMessageBox.critical(None, APPLICATION_NAME, problem or "The database could not be opened.")
        return 1

    from board_admin.ui.safety import IntegrityWatch, SafetyKeeper, check_at_start, take_writer_lock

    # The quick check runs from here, beside the sign-in and the first paint; writes wait for it.
    watch = IntegrityWatch(database)
    watch.start()
    lock = take_writer_lock(database)
    if lock is False:
        database.dispose()
        return 0
    keeper = SafetyKeeper(database, lock)
    if not check_at_start(database) or not sign_in_at_start(database, demo, username):
        keeper.stop()
        database.dispose()
        return 0

    from board_admin.ui.main_window import MainWindow

    window = MainWindow(database, log_path=log_path)
    keeper.setParent(window)
    reporter.parent = window
    window.show()
    # Rolling backups start once the check has passed: a damaged file is never copied over a good backup.
    watch.attach(window, keeper)
    # What start-up loaded (Qt, SQLAlchemy, openpyxl...) stays for the whole session: moved out of the
    # collector's sight, a full collection during an export no longer walks it with the UI waiting on the GIL.
    gc.freeze()
    # The collector was paused for the start (cli.run_gui): back on, with all that out of its sight.
    from board_admin.collector import resume_after_start_up

    resume_after_start_up()
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        # For start-up timing (the build and the benchmark): leave as soon as the window is up and idle.
        QTimer.singleShot(0, window.close)
    try:
        return app.exec()
    finally:
        keeper.stop()
        database.dispose()
