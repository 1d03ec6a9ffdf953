"""File > Export workbook and File > Import workbook from the window: the work runs off the UI thread, the
result or the problems are told in words, and the pages show the imported records."""

from __future__ import annotations

import threading
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from board_admin.exporters.workbook import export_workbook
from board_admin.ui.messages import ProblemsDialog
from tests.ui.conftest import open_messages


def choose_file(monkeypatch, method: str, path: Path) -> list[tuple]:
    """Answers the file dialog as a user would, and records what it was asked."""
    asked: list[tuple] = []

    def answer(*args, **kwargs):
        asked.append(args)
        return str(path), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(QFileDialog, method, staticmethod(answer))
    return asked


def wait_for_jobs(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)


def message(title: str) -> QMessageBox:
    found = [box for box in open_messages() if box.windowTitle() == title]
    assert found, f"no message titled {title!r}; open: {[box.windowTitle() for box in open_messages()]}"
    return found[0]


def test_export_writes_the_workbook_in_the_background(window, qtbot, monkeypatch, tmp_path, settings):
    asked = choose_file(monkeypatch, "getSaveFileName", tmp_path / "partnership")
    window.export_action.trigger()
    assert window.jobs and window.jobs[0].running  # the window stays responsive while it writes
    assert any(
        isinstance(widget, QProgressDialog) and widget.isVisible() for widget in window.findChildren(QProgressDialog)
    )
    wait_for_jobs(qtbot, window)
    written = tmp_path / "partnership.xlsx"  # the extension is added when the name has none
    assert written.is_file()
    agencies = list(load_workbook(written)["Agencies"].iter_rows(values_only=True))
    assert len(agencies) == 7  # the header and six agencies
    assert "Cambridgeshire Constabulary" in {row[0] for row in agencies}
    done = message("Workbook exported")
    assert done.text().startswith("Wrote ") and str(written) in done.text()
    assert settings.value("files/last_folder") == str(tmp_path)
    assert asked[0][3] == "Excel workbook (*.xlsx)"


def test_export_from_the_reports_page(window, qtbot, monkeypatch, tmp_path):
    choose_file(monkeypatch, "getSaveFileName", tmp_path / "from-reports.xlsx")
    window.show_page_by_key("reports")
    page = window.page("reports")
    page.select("workbook")
    page.export_button.click()
    qtbot.waitUntil(lambda: not page.jobs, timeout=20000)  # the Reports page runs its own exports
    assert (tmp_path / "from-reports.xlsx").is_file()


def test_export_cancelled_in_the_file_dialog_does_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: ("", "")))
    window.export_action.trigger()
    assert window.jobs == [] and open_messages() == []


def test_an_export_that_fails_is_told_in_a_sentence(window, qtbot, monkeypatch, tmp_path):
    choose_file(monkeypatch, "getSaveFileName", tmp_path / "no-such-folder" / "out.xlsx")
    window.export_action.trigger()
    wait_for_jobs(qtbot, window)
    box = message("Board Admin")
    assert "Traceback" not in box.text() and box.text().endswith(".")


def test_import_shows_the_problems_and_changes_nothing(window, qtbot, monkeypatch, tmp_path, sqlite_database):
    source = tmp_path / "broken.xlsx"
    export_workbook(sqlite_database, source)
    workbook = load_workbook(source)
    sheet = workbook["Agencies"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index("Sector") + 1, value="Martian")
    workbook.save(source)
    choose_file(monkeypatch, "getOpenFileName", source)
    window.import_action.trigger()
    wait_for_jobs(qtbot, window)
    dialog = window.problems_dialog
    assert isinstance(dialog, ProblemsDialog) and dialog.isVisible()
    assert dialog.message.text().startswith("broken.xlsx: The workbook was not imported")
    assert dialog.model.rowCount() >= 1
    assert any("Agencies" in problem and "Martian" in problem for problem in dialog.problems)
    dialog.close()


def test_import_checks_first_asks_then_imports_and_the_pages_reload(
    make_window, qtbot, monkeypatch, tmp_path, sqlite_database, world, empty_database_factory
):
    source = tmp_path / "partnership.xlsx"
    export_workbook(sqlite_database, source)
    empty = empty_database_factory("sqlite")
    window = make_window(empty)
    window.show_page_by_key("people")
    assert window.page("people").agencies.model.rowCount() == 0
    choose_file(monkeypatch, "getOpenFileName", source)

    window.import_action.trigger()
    wait_for_jobs(qtbot, window)
    question = message("Import workbook")
    assert "partnership.xlsx is ready to import: it would add or update 6 agencies" in question.text()
    assert window.page("people").agencies.model.rowCount() == 0  # the check changed nothing
    next(button for button in question.buttons() if button.text() == "&Import").click()
    wait_for_jobs(qtbot, window)

    assert message("Workbook imported").text().startswith("partnership.xlsx: added or updated 6 agencies")
    assert window.page("people").agencies.model.rowCount() == 6
    assert window.page("people").people.model.rowCount() == 7
    window.show_page_by_key("dashboard")
    assert window.page("dashboard").figure("agencies") == "5"


def test_the_window_does_not_close_while_work_is_running(window, qtbot):
    release = threading.Event()
    results = []
    window._run("Waiting…", lambda: release.wait(10), results.append)
    window.close()
    assert window.isVisible()
    assert message("Board Admin is busy").text().startswith("Board Admin is still writing")
    release.set()
    wait_for_jobs(qtbot, window)
    assert results == [True]
    window.close()
    assert not window.isVisible()


def test_an_unexpected_failure_in_the_background_is_a_sentence(window, qtbot):
    window._run("Working…", lambda: 1 / 0, lambda _result: None)
    wait_for_jobs(qtbot, window)
    text = message("Board Admin").text()
    assert text.startswith("Something unexpected went wrong") and "ZeroDivisionError" not in text
    assert not any(widget.isVisible() for widget in window.findChildren(QProgressDialog))


# --- import, backup and restore run in the background, with progress and Cancel ---------------------------


class Gate:
    """Wraps a service's `step` callback so that the work waits at a chosen step until the test has clicked
    Cancel: the click then lands while the work is running, as it would for a user with a large file."""

    def __init__(self, waits_at: str) -> None:
        self.waits_at = waits_at
        self.reached = threading.Event()
        self.go = threading.Event()

    def wrap(self, step):
        def gated(done, total, text):
            step(done, total, text)
            if text == self.waits_at and not self.reached.is_set():
                self.reached.set()
                self.go.wait(20)

        return gated


def click_cancel(qtbot, job) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    cancel = next(button for button in job.progress.findChildren(QPushButton) if "Cancel" in button.text())
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)


def test_a_cancelled_import_changes_nothing_and_keeps_no_backup(
    make_window, qtbot, monkeypatch, tmp_path, sqlite_database, world, empty_database_factory
):
    from board_admin.db.backup import backups_dir
    from board_admin.services import workbook_import

    source = tmp_path / "partnership.xlsx"
    export_workbook(sqlite_database, source)
    empty = empty_database_factory("sqlite")
    window = make_window(empty)
    choose_file(monkeypatch, "getOpenFileName", source)
    gate = Gate("Writing the records")
    real_import = workbook_import.import_workbook

    def gated_import(database, path, dry_run=False, step=None):
        return real_import(database, path, dry_run=dry_run, step=step if dry_run else gate.wrap(step))

    monkeypatch.setattr(workbook_import, "import_workbook", gated_import)
    window.import_action.trigger()
    wait_for_jobs(qtbot, window)
    question = message("Import workbook")
    next(button for button in question.buttons() if button.text() == "&Import").click()
    job = window.jobs[0]
    assert gate.reached.wait(20)
    # While it writes, the progress window says which step it is at, out of how many.
    qtbot.waitUntil(lambda: "Writing the records" in job.progress.labelText())
    assert job.progress.labelText() == "Importing partnership.xlsx: Writing the records…"
    assert (job.progress.value(), job.progress.maximum()) == (3, 5)
    click_cancel(qtbot, job)
    gate.go.set()
    wait_for_jobs(qtbot, window)
    assert message("Import cancelled").text() == "The import of partnership.xlsx was cancelled: nothing was changed."
    window.show_page_by_key("people")
    assert window.page("people").agencies.model.rowCount() == 0
    from board_admin.reports.lists import agency_rows

    assert agency_rows(empty) == []
    assert not list(backups_dir(empty).glob("*before-import*"))


def test_back_up_now_runs_in_the_background_and_a_cancelled_backup_leaves_no_file(
    window, qtbot, monkeypatch, sqlite_database
):
    from board_admin.db import backup
    from board_admin.db.backup import backups_dir
    from board_admin.ui import safety

    folder = backups_dir(sqlite_database)
    before = set(folder.glob("*")) if folder.exists() else set()
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 1)  # many steps, even for a small database
    gate = Gate("Copying the database")
    real_backup = safety.backup_now
    monkeypatch.setattr(
        safety, "backup_now", lambda database, reason, step: real_backup(database, reason, step=gate.wrap(step))
    )
    window.backup_action.trigger()
    job = window.jobs[0]
    assert gate.reached.wait(20)
    qtbot.waitUntil(lambda: "Copying the database" in job.progress.labelText())
    click_cancel(qtbot, job)
    gate.go.set()
    wait_for_jobs(qtbot, window)
    assert message("Back up").text() == "The backup was cancelled: no copy was made."
    assert set(folder.glob("*")) == before  # no half copy, journal or hash left behind
    message("Back up").close()

    # Not cancelled: the copy is made, with its hash, and named in the message.
    monkeypatch.setattr(safety, "backup_now", real_backup)
    window.backup_action.trigger()
    wait_for_jobs(qtbot, window)
    made = set(folder.glob("*-manual.sqlite")) - before
    assert len(made) == 1
    copy = made.pop()
    assert copy.with_name(copy.name + ".sha256").is_file()
    assert message("Back up").text() == f"The database was copied to {copy}."


def test_restore_runs_in_the_background_and_cancelled_before_the_copy_changes_nothing(
    window, qtbot, monkeypatch, sqlite_database, world
):
    from board_admin.db.backup import backup_now, backups_dir
    from board_admin.domain.enums import Sector
    from board_admin.reports.lists import agency_rows
    from board_admin.services import backups as backup_service
    from board_admin.services import structure as st

    copy = backup_now(sqlite_database, "manual")
    st.create_agency(sqlite_database, st.AgencyFields("Healthwatch", Sector.OTHER, "HW"))
    choose_file(monkeypatch, "getOpenFileName", copy)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Yes))
    gate = Gate("Copying the database")  # the safety copy of the database as it is now
    real_restore = backup_service.restore_from_backup
    monkeypatch.setattr(
        backup_service,
        "restore_from_backup",
        lambda database, source, step: real_restore(database, source, gate.wrap(step)),
    )
    window.restore_action.trigger()
    job = window.jobs[0]
    assert gate.reached.wait(20)
    click_cancel(qtbot, job)
    gate.go.set()
    wait_for_jobs(qtbot, window)
    assert message("Restore").text() == "The restore was cancelled: the database was not changed."
    assert "Healthwatch" in {row.name for row in agency_rows(sqlite_database)}
    assert not list(backups_dir(sqlite_database).glob("*before-restore*"))  # no half safety copy
    message("Restore").close()

    monkeypatch.setattr(backup_service, "restore_from_backup", real_restore)
    window.restore_action.trigger()
    wait_for_jobs(qtbot, window)
    assert message("Restore").text().startswith(f"Restored from {copy.name}. The previous state is in ")
    assert "Healthwatch" not in {row.name for row in agency_rows(sqlite_database)}
