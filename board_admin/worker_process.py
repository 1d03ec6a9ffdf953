"""Work done in a separate Python process, so that the window never waits on it.

A thread shares the interpreter lock with the window: an export holds it for most of its run, and the
window froze for up to 180 ms at a time while one ran (tests/perf, figure 7). A process has its own. The
work is named, not handed over (`ProcessWork`: "module:function", the database's address, who is acting
and plain arguments); the process opens the database itself (the window has already checked the file),
calls the function, and sends back its progress, its result or its error through a queue.

Started with "spawn", as on Windows, so the process begins from nothing (no copy of the window's Qt
state). The entry points call `multiprocessing.freeze_support()` so that the frozen program, started
again as the worker, runs the work and not the application (packaging/board_admin_main.py).

No Qt here: ui/workers.BackgroundJob runs a ProcessWork in this way.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import multiprocessing
import pickle
import queue
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from board_admin.domain.errors import BoardAdminError
from board_admin.domain.permissions import Actor

if TYPE_CHECKING:
    from board_admin.db.engine import Database

log = logging.getLogger("board_admin.worker_process")

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class ProcessWork:
    """`target` ("package.module:function") called as target(database, *args, **kwargs) in a new process,
    the database opened from `url` acting as `actor`. Arguments and result must pickle (paths, dates,
    numbers, bytes). A generator function yields (done, total, text) after each step and can be cancelled
    between steps."""

    target: str
    url: str
    actor: Actor
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    server_roles: str | None = None

    @classmethod
    def on(cls, database: Database, target: str, *args: Any, **kwargs: Any) -> ProcessWork | Callable[[], Any]:
        """The work on this open database, as whoever is signed in to it. A database in memory cannot be
        opened by another process: the work is then a function to run here, on a thread, as before."""
        if database.is_sqlite and database.sqlite_path is None:
            return lambda: _function(target)(database, *args, **kwargs)
        url = database.url.render_as_string(hide_password=False)
        return cls(target, url, database.actor, args, kwargs, database.server_roles)


class WorkerStoppedError(BoardAdminError):
    """The worker process ended without an answer (killed, or out of memory)."""


def run_in_process(
    work: ProcessWork,
    progressed: Callable[[int, int, str], None] = lambda done, total, text: None,
    is_cancelled: Callable[[], bool] = lambda: False,
    cancelled: Callable[[], BaseException] = lambda: RuntimeError("cancelled"),
) -> Any:
    """Runs `work` in a new process and waits for it (call this off the UI thread); progress is passed on,
    the result returned, the work's error raised again here. When `is_cancelled()` turns true the work
    stops at its next step and `cancelled()` is raised."""
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    stop = context.Event()
    process = context.Process(target=_child, args=(work, answers, stop), name="board-admin-worker", daemon=True)
    process.start()
    try:
        while True:
            if is_cancelled():
                stop.set()
            try:
                kind, value = answers.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # it may have answered just before it ended
                    kind, value = answers.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    raise WorkerStoppedError(
                        f"The work stopped unexpectedly (worker process exit code {process.exitcode}); "
                        "nothing was written."
                    ) from None
            if kind == "progress":
                progressed(*value)
            elif kind == "done":
                return value
            elif kind == "cancelled":
                raise cancelled()
            else:
                raise value
    finally:
        process.join(timeout=10)
        if process.is_alive():  # never left behind, whatever happened here
            process.terminate()
            process.join()
        answers.close()


def _child(work: ProcessWork, answers, stop) -> None:
    """The worker process: opens the database, runs the work, answers once (and with progress on the way)."""
    from board_admin.db.engine import Database

    database = None
    try:
        function = _function(work.target)
        database = Database(work.url)
        database.actor = work.actor
        database.server_roles = work.server_roles
        result = function(database, *work.args, **dict(work.kwargs))
        if inspect.isgenerator(result):
            while True:
                if stop.is_set():
                    result.close()  # its `finally` clauses clean up (a half-written file is removed)
                    answers.put(("cancelled", None))
                    return
                try:
                    step = next(result)
                except StopIteration as finished:
                    result = finished.value
                    break
                answers.put(("progress", tuple(step)))
        _answer(answers, "done", result)
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the window as a sentence
        if not isinstance(error, BoardAdminError):
            log.error("Work in the worker process failed", exc_info=error)
        _answer(answers, "failed", error)
    finally:
        if database is not None:
            database.dispose()


def _function(target: str) -> Callable[..., Any]:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def _answer(answers, kind: str, value: Any) -> None:
    """Puts the answer on the queue; one that would not come out the other side (an exception whose class
    cannot be rebuilt from its arguments) goes as a sentence instead."""
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:  # noqa: BLE001
        if kind == "done":
            kind, value = "failed", BoardAdminError("The work finished, but its result could not be passed back.")
        else:
            value = BoardAdminError(str(value) or type(value).__name__)
    answers.put((kind, value))
