"""Python's cyclic garbage collector, paused while a big piece of work builds its objects.

No Qt here: the exporters pause it themselves (their work is the same from the window, a worker process or
the command line), and ui/workers.BackgroundJob around every background job.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while background work runs (counted, for jobs that overlap).

    A big export builds hundreds of thousands of objects, and each time the heap grows by a quarter the
    collector walks all of them (and everything else the program holds) holding the lock every thread
    needs: the window froze for most of a second, a dozen times an export (tests/perf, figure 7), and the
    passes were two fifths of the attendance workbook's time. Reference counting still frees nearly
    everything; what is left in cycles is collected once the work is done.
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


def with_collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """`function` runs with the collector paused (an export: see `collector_paused`)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return function(*args, **kwargs)

    return paused


_start_up = ExitStack()


def pause_for_start_up() -> None:
    """The collector paused from the start of the window's program until its window is up
    (`resume_after_start_up`): importing SQLAlchemy, Qt's bindings and the window's code builds hundreds of
    thousands of objects, and the collector's passes over them were a fifth of the start's processor time.
    What start-up loads stays for the session (the application then freezes it, `gc.freeze`)."""
    _start_up.enter_context(collector_paused())


def resume_after_start_up() -> None:
    """Ends the start's pause (if any; a second call does nothing). Jobs already running keep theirs."""
    _start_up.close()
