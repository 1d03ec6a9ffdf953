"""Background work: the result or the failure comes back on the UI thread, and the garbage collector
stays paused while any work runs (it froze the window during big exports)."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtWidgets import QWidget

from board_admin.ui.workers import BackgroundJob, collector_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_overlapping_pauses_resume_the_collector_only_when_the_last_ends(collector_on):
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second piece of work still runs
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_failure_resumes_the_collector(collector_on):
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("the export failed")
    assert gc.isenabled()


def test_a_job_runs_off_the_ui_thread_with_the_collector_paused(qtbot, collector_on):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def work() -> str:
        seen["thread"] = threading.current_thread()
        seen["collector"] = gc.isenabled()
        return "written"

    results: list[object] = []
    job = BackgroundJob(parent, "Writing…", work, results.append, results.append)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    assert results == ["written"]
    assert seen["thread"] is not threading.main_thread()
    assert seen["collector"] is False
    assert gc.isenabled()


def test_a_failing_job_reports_its_error_and_resumes_the_collector(qtbot, collector_on):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work() -> None:
        raise OSError("The folder is read-only.")

    failures: list[BaseException] = []
    job = BackgroundJob(parent, "Writing…", work, lambda _result: None, failures.append)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    assert [str(error) for error in failures] == ["The folder is read-only."]
    assert gc.isenabled()
