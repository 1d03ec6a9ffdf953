"""Issue 25, start-up: the window opens without loading what it does not use yet, and the quick check of the
file runs beside the first paint, holding back writes until it has passed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from board_admin.db import backup as b
from board_admin.db.engine import open_database, sqlite_url
from board_admin.db.integrity import WriteHeldError
from board_admin.db.migrate import file_schema_is_current, head_revisions, script_heads
from board_admin.db.models import Agency
from board_admin.domain.enums import Sector
from board_admin.reports.lists import challenge_rows
from board_admin.services import structure
from board_admin.services.accounts import AccountFields, create_first_administrator
from board_admin.services.uow import ReadOnlyError
from board_admin.ui import safety
from board_admin.ui.app import open_chosen_database
from board_admin.ui.main_window import PAGES
from tests.conftest import acting_as_system, open_as_system

# Loaded when first used (an export, a migration, a case review's deadline), never by the start itself.
NOT_AT_START = (
    "alembic",
    "openpyxl",
    "docx",
    "icalendar",
    "holidays",
    "board_admin.exporters",
    "board_admin.demo",
    # A meeting window, looked for when the window closes: none can be open if its code was never loaded.
    "board_admin.ui.dialogs.meeting_window",
)

START_AND_LIST = """
import gc, json, sys
from board_admin.cli import main
code = main(["--database", sys.argv[1], "--user", "admin"])
print(json.dumps({"code": code, "modules": sorted(sys.modules), "collector": gc.isenabled()}))
"""


def test_the_window_opens_without_loading_the_exporters_alembic_or_the_document_libraries(tmp_path):
    path = tmp_path / "board.sqlite"
    database = open_database(sqlite_url(path))
    create_first_administrator(database, AccountFields("admin", "Administrator", frozenset()), "password1")
    database.dispose()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        BOARD_ADMIN_DATA_DIR=str(tmp_path / "data"),
        BOARD_ADMIN_PASSWORD="password1",
        BOARD_ADMIN_QUIT_WHEN_SHOWN="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-c", START_AND_LIST, str(path)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["collector"]  # paused for the start only
    assert "board_admin.ui.main_window" in seen["modules"]  # it did open the window
    loaded = [
        name for name in seen["modules"] if any(name == top or name.startswith(top + ".") for top in NOT_AT_START)
    ]
    assert loaded == []
    # Of the pages, only the one the window opens on (the dashboard, on a first start) is built and imported.
    pages = [entry.module_name for entry in PAGES if entry.module_name in seen["modules"]]
    assert pages == ["board_admin.ui.pages.dashboard"]


def _click_page(qtbot, window, key: str) -> None:
    position = [entry.key for entry in PAGES].index(key)
    place = window.navigation.visualRect(window.navigation_model.index(position)).center()
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=place)


def test_a_page_is_built_and_its_module_imported_when_it_is_first_shown(
    make_window, sqlite_database, world, monkeypatch, qtbot
):
    import board_admin.ui.pages

    # As on a fresh start: the challenge log's module not loaded yet by this test run.
    entry = next(entry for entry in PAGES if entry.key == "challenges")
    monkeypatch.delitem(sys.modules, entry.module_name, raising=False)
    monkeypatch.delattr(board_admin.ui.pages, entry.module, raising=False)
    window = make_window(sqlite_database)
    assert window.current_page().key == "dashboard"
    assert entry.module_name not in sys.modules
    assert [page.key for page in window.built_pages()] == ["dashboard"]

    _click_page(qtbot, window, "challenges")
    assert entry.module_name in sys.modules
    page = window.current_page()
    assert page.key == "challenges" and page.isVisible()
    assert window.stack.currentWidget().widget() is page
    # The log read when the page was shown: every challenge of the sample world.
    assert sorted(row.reference for row in page.shown_rows()) == sorted(
        row.reference for row in challenge_rows(sqlite_database)
    )
    assert [page.key for page in window.built_pages()] == ["dashboard", "challenges"]

    # Back and forth by click and by the dashboard's tile: the same page, not built again.
    _click_page(qtbot, window, "dashboard")
    assert window.current_page().key == "dashboard"
    qtbot.mouseClick(window.page("dashboard").tiles["challenges"], Qt.MouseButton.LeftButton)
    assert window.current_page() is page
    _click_page(qtbot, window, "groups")
    assert window.current_page().key == "groups" and window.current_page().isVisible()
    assert [page.key for page in window.built_pages()] == ["dashboard", "groups", "challenges"]


def test_a_page_built_on_first_use_leaves_the_keyboard_with_the_window(make_window, sqlite_database, world, qtbot):
    """Building the Attendance page once showed its export buttons before they were placed, each a window of its
    own for a moment: built after the window was up, that took the keyboard (and its shortcuts) from it."""
    window = make_window(sqlite_database)
    window.activateWindow()
    qtbot.waitActive(window)
    for key in ("attendance", "funding", "people"):
        _click_page(qtbot, window, key)
        assert window.current_page().key == key
        qtbot.wait(50)  # let the window system's events arrive
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page().key == "dashboard", key


def test_the_revisions_read_from_the_scripts_are_alembics_heads(sqlite_database):
    assert set(script_heads()) == head_revisions(sqlite_database)
    assert file_schema_is_current(sqlite_database.sqlite_path)


def _agencies(path) -> int:
    database = open_database(sqlite_url(path), migrate=False)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(Agency))
    finally:
        database.dispose()


def _opened_with_check_pending(path):
    database = open_database(sqlite_url(path), check_in_background=True)
    assert database.integrity is not None and not database.integrity.finished
    return acting_as_system(database)


@pytest.fixture
def slow_check(monkeypatch):
    """The quick check, held until `release` is set: a check still running when a write comes."""
    from board_admin.db import integrity

    release = threading.Event()
    happened: list[str] = []
    real = integrity.sqlite_problems

    def held(path):
        release.wait(30)
        happened.append("checked")
        return real(path)

    monkeypatch.setattr(integrity, "sqlite_problems", held)
    return release, happened


def _check_running(database) -> threading.Thread:
    checker = threading.Thread(target=database.integrity.run)
    checker.start()
    while not database.integrity.started:
        threading.Event().wait(0.01)
    return checker


def test_a_change_made_while_the_check_runs_waits_for_it_to_pass(tmp_path, slow_check):
    release, happened = slow_check
    path = tmp_path / "board.sqlite"
    open_as_system(sqlite_url(path)).dispose()
    database = _opened_with_check_pending(path)
    checker = _check_running(database)
    threading.Timer(0.3, release.set).start()  # the check ends a little later, were the write not held back
    structure.create_agency(database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    happened.append("written")
    checker.join()
    assert happened == ["checked", "written"]
    database.dispose()
    assert _agencies(path) == 1


def test_a_change_is_refused_with_a_sentence_while_the_check_has_not_finished(tmp_path, slow_check):
    release, _happened = slow_check
    path = tmp_path / "board.sqlite"
    open_as_system(sqlite_url(path)).dispose()
    database = _opened_with_check_pending(path)
    database.integrity.wait_seconds = 0.05
    checker = _check_running(database)
    with pytest.raises(WriteHeldError, match="Nothing was changed: Board Admin is still checking the database file"):
        structure.create_agency(database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    release.set()
    checker.join()
    database.dispose()
    assert _agencies(path) == 0


def test_a_change_before_anyone_started_the_check_runs_it_first(tmp_path):
    path = tmp_path / "board.sqlite"
    open_as_system(sqlite_url(path)).dispose()
    database = _opened_with_check_pending(path)
    structure.create_agency(database, structure.AgencyFields("Healthwatch", Sector.OTHER))
    assert database.integrity.passed
    database.dispose()
    assert _agencies(path) == 1


def _damaged_file(tmp_path, with_backup: bool):
    """A file whose damage lies in its middle pages: its schema version still reads, so the window opens it and
    leaves the quick check to the background."""
    path = tmp_path / "board.sqlite"
    database = open_as_system(sqlite_url(path))
    for number in range(300):
        structure.create_agency(database, structure.AgencyFields(f"Agency {number:03}", Sector.OTHER))
    if with_backup:
        b.backup_now(database, b.ROLLING)
    database.dispose()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    return path


def test_damage_found_beside_the_first_paint_refuses_writes_and_gets_the_backup_offer(qtbot, tmp_path, answers):
    from PySide6.QtWidgets import QWidget

    asked, queue = answers
    path = _damaged_file(tmp_path, with_backup=True)
    opened, problem = open_chosen_database(sqlite_url(path), demo=False, check_in_background=True)
    assert problem is None and asked == []  # nothing offered yet: the check has not run
    acting_as_system(opened)
    before = path.read_bytes()
    opened.integrity.run()
    with pytest.raises(WriteHeldError, match="Nothing was changed: the database file is damaged"):
        structure.create_agency(opened, structure.AgencyFields("Healthwatch", Sector.OTHER))
    assert path.read_bytes() == before  # the damaged file was not written to

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    queue.append(QMessageBox.StandardButton.Yes)
    watch = safety.IntegrityWatch(opened)
    watch.attach(window)
    assert len(asked) == 1 and "is damaged" in asked[0] and "Restore the newest good backup" in asked[0]
    assert b.check_integrity(opened, full=True) == []
    structure.create_agency(opened, structure.AgencyFields("Healthwatch", Sector.OTHER))  # sound again: writes go
    opened.dispose()
    assert _agencies(path) == 301


def test_damage_found_by_the_watch_on_its_thread_is_offered_once_the_window_is_up(qtbot, tmp_path, answers, settings):
    from board_admin.ui.main_window import MainWindow

    asked, queue = answers
    path = _damaged_file(tmp_path, with_backup=False)
    opened, problem = open_chosen_database(sqlite_url(path), demo=False, check_in_background=True)
    assert problem is None
    acting_as_system(opened)
    watch = safety.IntegrityWatch(opened)
    watch.start()
    watch.thread.join()
    window = MainWindow(opened, settings=settings)
    qtbot.addWidget(window)
    window.show()
    queue.append(QMessageBox.StandardButton.Open)
    watch.attach(window)
    qtbot.waitUntil(lambda: watch.handled)
    assert len(asked) == 1 and "no good backup" in asked[0]
    assert window.user_label.text().endswith("(read-only)")
    with pytest.raises(ReadOnlyError, match="the database file is damaged"):
        structure.create_agency(opened, structure.AgencyFields("Healthwatch", Sector.OTHER))
    opened.dispose()


def test_a_new_file_is_not_left_to_the_background_check(tmp_path):
    # No schema version yet: opening writes the schema, so nothing is left for later.
    database = open_database(sqlite_url(tmp_path / "new.sqlite"), check_in_background=True)
    assert database.integrity is None
    database.dispose()


def test_a_copy_opened_read_only_is_not_offered_a_restore_by_the_background_check(qtbot, tmp_path, answers):
    from PySide6.QtWidgets import QWidget

    asked, _queue = answers
    path = _damaged_file(tmp_path, with_backup=True)
    opened, problem = open_chosen_database(sqlite_url(path), demo=False, check_in_background=True)
    assert problem is None
    opened.read_only_reason = "the database is open for changes by jo on office-pc-7."  # as take_writer_lock sets
    opened.integrity.run()
    window = QWidget()
    qtbot.addWidget(window)
    watch = safety.IntegrityWatch(opened)
    watch.attach(window)
    assert watch.handled and asked == []  # the copy that holds the file is the one to restore it
    opened.dispose()
