"""Long work (exports, imports) off the UI thread, with a progress window while it runs.

The work function gets the Database and plain values only; it opens its own sessions (the services and
exporters do), so nothing ORM-bound crosses between threads. Its result or exception comes back to the
UI thread through a queued signal.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from board_admin.collector import collector_paused
from board_admin.worker_process import ProcessWork, run_in_process

__all__ = ["BackgroundJob", "JobCancelled", "WorkRunnable", "collector_paused"]

log = logging.getLogger("board_admin.ui.workers")


class JobCancelled(Exception):  # noqa: N818 - not an error: the user asked to stop
    """The user pressed Cancel and the work stopped at its next step."""


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class WorkRunnable(QRunnable):
    """Runs `work` on a pool thread with the collector paused; its result or error goes out through `signals`
    (any QObject with `succeeded` and `failed` signals, and `progressed` for work that reports progress).
    Errors of the `expected` types are not logged.

    Work may be a `ProcessWork` (board_admin/worker_process.py): it then runs in a separate process, so it
    never holds the interpreter lock the window needs; progress, result, errors and cancelling as below.

    Work may be a generator, the TagStudio way: it yields (done, total, text) after each step and returns its
    result; the worker reports each step and, when `is_cancelled()`, closes the generator (its `finally`
    clauses clean up) and fails with JobCancelled.
    """

    def __init__(
        self,
        work: Callable[[], Any] | ProcessWork,
        signals: QObject,
        expected: tuple[type[BaseException], ...] = (),
        is_cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.expected = (*expected, JobCancelled)
        self.is_cancelled = is_cancelled

    def run(self) -> None:
        try:
            if isinstance(self.work, ProcessWork):
                # This thread only waits (releasing the lock); the work runs in its own process.
                result = run_in_process(self.work, self._progressed, self.is_cancelled, JobCancelled)
            else:
                with collector_paused():
                    result = self.work()
                    if inspect.isgenerator(result):
                        result = self._drive(result)
        except BaseException as error:  # noqa: BLE001 - every failure must reach the user as a sentence
            if not isinstance(error, self.expected):
                log.error("Background work failed", exc_info=error)
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.signals.progressed.emit(done, total, text)

    def _drive(self, steps: Generator[tuple[int, int, str], None, Any]) -> Any:
        while True:
            if self.is_cancelled():
                steps.close()
                raise JobCancelled()
            try:
                done, total, text = next(steps)
            except StopIteration as finished:
                return finished.value
            self.signals.progressed.emit(done, total, text)


class BackgroundJob(QObject):
    """Runs `work` on the global thread pool while a window-modal progress window says what is happening:
    every export, import and backup goes through it.

    Exactly one of `on_success(result)` or `on_failure(error)` is then called on the UI thread, after the
    progress window has closed (a cancelled job calls `on_failure(JobCancelled())`, or the work's own
    cancellation error). `finished` is emitted last. A `cancellable` job has a Cancel button; its work stops
    at its next step: a generator between yields, or work that asks `is_cancelled()` (and reports with
    `report(done, total, text)`) when it does.
    """

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[], Any] | ProcessWork,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        *,
        cancellable: bool = False,
        expected: tuple[type[BaseException], ...] = (),
        result_stands: bool = False,
    ) -> None:
        super().__init__(parent)
        # Work that commits at its end (an import, a backup, a restore): once it has returned, what it did stands
        # even if Cancel was pressed during its last step, and the user is told it was done, not cancelled.
        self.result_stands = result_stands
        self.on_success = on_success
        self.on_failure = on_failure
        self.running = False
        self.label = label
        self.cancel_event = threading.Event()
        self.progress = QProgressDialog(label, "&Cancel", 0, 0, parent)
        self.progress.setWindowTitle("Board Admin")
        if cancellable:
            self.progress.canceled.connect(self.cancel)
        else:
            # Work with no safe point to stop at writes whole or not at all: no Cancel button rather than one
            # that would not really cancel.
            self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setAccessibleName(label.rstrip("…"))
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._runnable = WorkRunnable(work, self._signals, expected, self.cancel_event.is_set)
        self._runnable.setAutoDelete(False)

    def start(self) -> BackgroundJob:
        self.running = True
        self.progress.show()
        QThreadPool.globalInstance().start(self._runnable)
        return self

    # for work that reports through callbacks rather than yielding (called on the worker thread)

    def report(self, done: int, total: int, text: str) -> None:
        self._signals.progressed.emit(done, total, text)

    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def step(self, done: int, total: int, text: str) -> None:
        """For work that takes a `step` callback (db/backup.Step): reports the step, or stops the work there
        with JobCancelled when the user has pressed Cancel (called on the worker thread)."""
        if self.cancel_event.is_set():
            raise JobCancelled()
        self.report(done, total, text)

    def cancel(self) -> None:
        """Stops the work at its next step: the progress window closes now."""
        if not self.running or self.cancel_event.is_set():
            return
        self.cancel_event.set()
        self.progress.setLabelText("Cancelling…")
        self.progress.close()

    def _progressed(self, done: int, total: int, text: str) -> None:
        if self.cancel_event.is_set():
            return
        # The text before the value: a modal progress window's setValue handles pending events, among them the
        # next step's report, whose text must not then be overwritten by this older one.
        self.progress.setLabelText(f"{self.label.rstrip('…')}: {text}…")
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _close(self) -> None:
        self.running = False
        self.progress.close()
        self.progress.deleteLater()

    def _succeeded(self, result: Any) -> None:
        self._close()
        try:
            if self.cancel_event.is_set() and not self.result_stands:
                self.on_failure(JobCancelled())
            else:
                self.on_success(result)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._close()
        try:
            self.on_failure(JobCancelled() if self.cancel_event.is_set() else error)
        finally:
            self.finished.emit()
