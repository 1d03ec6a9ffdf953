"""Long work (exports, imports) off the UI thread, with a progress window while it runs.

The work function gets the Database and plain values only; it opens its own sessions (the services and
exporters do), so nothing ORM-bound crosses between threads. Its result or exception comes back to the
UI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("board_admin.ui.workers")


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # noqa: BLE001 - every failure must reach the user as a sentence
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
        self._runnable = _Runnable(work, self._signals)
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
