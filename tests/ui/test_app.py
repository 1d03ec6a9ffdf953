"""Starting the application: the database opened (or a sentence when it cannot be), the demo filled, the
window shown; and the last-resort error handler."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from board_admin.db.engine import sqlite_url
from board_admin.domain.errors import ValidationError
from board_admin.ui import app as ui_app
from board_admin.ui.main_window import MainWindow
from tests.ui.conftest import open_messages


@pytest.fixture(autouse=True)
def _restore_globals(monkeypatch):
    """run_application installs a log file and sys.excepthook for the process; tests put them back."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = {handler: handler.level for handler in root.handlers}, root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler, handler_level in handlers.items():
        handler.setLevel(handler_level)
    root.setLevel(level)


@pytest.fixture
def critical(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *rest: shown.append(text)))
    return shown


@pytest.fixture
def event_loop_windows(monkeypatch, qapp) -> list[MainWindow]:
    """Replaces the event loop: records the main windows shown, closes them and returns 0."""
    seen: list[MainWindow] = []

    def run(*_args) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget)
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run)
    return seen


def test_an_unreachable_server_is_told_in_a_sentence(critical, event_loop_windows):
    code = ui_app.run_application("postgresql+psycopg://clerk:s3cret@127.0.0.1:9/partnership", demo=False)
    assert code == 1 and event_loop_windows == []
    (text,) = critical
    assert text.startswith("Board Admin could not open the database partnership on 127.0.0.1:9.")
    assert "database server is running" in text
    assert "s3cret" not in text and "Traceback" not in text


def test_an_unusable_file_is_told_in_a_sentence(critical, event_loop_windows, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    code = ui_app.run_application(sqlite_url(blocker / "board.sqlite"), demo=False)
    assert code == 1
    (text,) = critical
    assert text.startswith(f"Board Admin could not open the database {blocker / 'board.sqlite'}.")
    assert "folder you can write to" in text


def sign_in_as_admin(monkeypatch) -> list[str]:
    """Answers the sign-in dialog as the demo's administrator would; returns the dialogs' titles."""
    from board_admin.ui.dialogs import accounts as dialogs

    shown: list[str] = []

    def answer(dialog) -> int:
        shown.append(dialog.windowTitle())
        dialog.username.setText("admin")
        dialog.password.setText("demo")
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(dialogs.SignInDialog, "exec", answer)
    return shown


def test_the_demo_opens_in_the_window(critical, event_loop_windows, tmp_path, monkeypatch):
    dialogs = sign_in_as_admin(monkeypatch)
    code = ui_app.run_application(None, demo=True)
    assert dialogs == ["Sign in to Board Admin"]
    assert code == 0 and critical == []
    (window,) = event_loop_windows
    assert window.database_label.text().endswith("demo.sqlite")
    assert window.user_label.text().startswith("Signed in as")
    assert int(window.page("dashboard").figure("agencies")) > 10  # the demo's agencies, from the seeds
    assert QApplication.applicationName() == "Board Admin"
    assert QApplication.organizationName() == ui_app.ORGANISATION_NAME
    assert isinstance(sys.excepthook, ui_app.ExceptionReporter)
    log_path = sys.excepthook.log_path
    assert log_path is not None and log_path.parent.is_dir()
    window.database.dispose()


def test_an_uncaught_error_is_logged_and_shown_as_a_sentence(qapp, tmp_path, caplog):
    reporter = ui_app.ExceptionReporter(tmp_path / "board-admin.log")
    try:
        raise KeyError("agency_id")
    except KeyError as error:
        with caplog.at_level(logging.ERROR, logger="board_admin.ui"):
            reporter(type(error), error, error.__traceback__)
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
    (box,) = open_messages()
    assert box.text().startswith("Something unexpected went wrong")
    assert str(tmp_path / "board-admin.log") in box.text() and "KeyError" not in box.text()

    # While one message is open, further errors are logged but do not stack windows.
    reporter(RuntimeError, RuntimeError("again"), None)
    assert len(open_messages()) == 1
    box.close()
    qapp.processEvents()
    reporter(ValidationError, ValidationError("The meeting date 31/02/2025 does not exist."), None)
    assert [message.text() for message in open_messages()] == ["The meeting date 31/02/2025 does not exist."]


def test_describe_url_never_shows_a_password():
    assert ui_app.describe_url("postgresql+psycopg://a:secret@db.example:5432/board") == "board on db.example:5432"
    assert ui_app.describe_url(sqlite_url(__import__("pathlib").Path("/tmp/x.sqlite"))) == "/tmp/x.sqlite"
