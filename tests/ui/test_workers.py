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


def test_a_generator_job_shows_each_step_and_stops_at_cancel(qtbot):
    """Work written as a generator (the TagStudio way): each yield moves the progress window, and Cancel,
    pressed as the user would, stops it before its next step with its clean-up run."""
    from PySide6.QtWidgets import QPushButton

    from board_admin.ui.workers import JobCancelled

    parent = QWidget()
    qtbot.addWidget(parent)
    first_step_shown = threading.Event()
    cancelled_pressed = threading.Event()
    steps_done: list[int] = []
    cleaned_up: list[bool] = []

    def work():
        try:
            for step in range(1, 4):
                steps_done.append(step)
                yield step, 3, f"step {step}"
                if step == 1:
                    first_step_shown.wait(10)
                    cancelled_pressed.wait(10)
            return "finished"
        finally:
            cleaned_up.append(True)

    outcomes: list[object] = []
    job = BackgroundJob(parent, "Working…", work, outcomes.append, outcomes.append, cancellable=True)
    job.start()
    qtbot.waitUntil(lambda: job.progress.value() == 1, timeout=10_000)
    assert job.progress.maximum() == 3 and "step 1" in job.progress.labelText()
    first_step_shown.set()
    [cancel] = job.progress.findChildren(QPushButton)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        cancel.click()
        cancelled_pressed.set()
    assert len(outcomes) == 1 and isinstance(outcomes[0], JobCancelled)
    # The step under way when Cancel was pressed ends at its yield; the third never starts.
    assert steps_done == [1, 2] and cleaned_up == [True]


def test_a_generator_job_returns_its_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work():
        yield 1, 2, "half"
        yield 2, 2, "all"
        return "finished"

    outcomes: list[object] = []
    job = BackgroundJob(parent, "Working…", work, outcomes.append, outcomes.append, cancellable=True)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    assert outcomes == ["finished"]
