"""The Qt binding the application runs on must not wear down None's reference count (PySide6 6.12.0 does:
every call returning nothing loses one, and Python 3.11 aborts after a few thousand paint calls)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor


def test_calls_returning_nothing_keep_none_alive():
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        colour.setRed(1)
    # Other references to None come and go meanwhile; a leak loses one per call.
    assert sys.getrefcount(None) > before - 100
