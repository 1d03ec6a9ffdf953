"""Long work (exports, imports) off the UI thread, with a progress window while it runs.

The work function gets the Database and plain values only; it opens its own sessions (the services and
exporters do), so nothing ORM-bound crosses between threads. Its result or exception comes back to the
UI thread through a queued signal.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("board_admin.ui.workers")

_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while background work runs (counted, for jobs that overlap).

    A big export builds hundreds of thousands of objects, and each time the heap grows by a quarter the
    collector walks all of them holding the lock every thread needs: the window froze for most of a second,
    a dozen times an export (tests/perf, figure 7). Reference counting still frees nearly everything; what
    is left in cycles is collected once the work is done.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class WorkRunnable(QRunnable):
    """Runs `work` on a pool thread with the collector paused; its result or error goes out through `signals`
    (any QObject with `succeeded` and `failed` signals). Errors of the `expected` types are not logged."""

    def __init__(
        self, work: Callable[[], Any], signals: QObject, expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.expected = expected

    def run(self) -> None:
        try:
            with collector_paused():
                result = self.work()
        except BaseException as error:  # noqa: BLE001 - every failure must reach the user as a sentence
            if not isinstance(error, self.expected):
                log.error("Background work failed", exc_info=error)
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


class BackgroundJob(QObject):
    """Runs `work` on the global thread pool while a window-modal progress window says what is happening.

    Exactly one of `on_success(result)` or `on_failure(error)` is then called on the UI thread, after
    the progress window has closed. `finished` is emitted last.
    """

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        label: str,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self.on_success = on_success
        self.on_failure = on_failure
        self.running = False
        self.progress = QProgressDialog(label, "", 0, 0, parent)
        self.progress.setWindowTitle("Board Admin")
        # The exporters and the import have no safe point to stop at: each writes whole or not at all,
        # so there is no Cancel button rather than one that would not really cancel.
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setAccessibleName(label)
        self._signals = _Signals(self)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._runnable = WorkRunnable(work, self._signals)
        self._runnable.setAutoDelete(False)

    def start(self) -> BackgroundJob:
        self.running = True
        self.progress.show()
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _close(self) -> None:
        self.running = False
        self.progress.close()
        self.progress.deleteLater()

    def _succeeded(self, result: Any) -> None:
        self._close()
        try:
            self.on_success(result)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._close()
        try:
            self.on_failure(error)
        finally:
            self.finished.emit()
