"""The colours the screens share, written once: the warning red for what needs attention (unpaid, overdue,
not quorate, a refused entry), always with a word beside it, never colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor

WARNING_HEX = "#a4161a"
WARNING_COLOUR = QColor(WARNING_HEX)
WARNING_STYLE = f"color: {WARNING_HEX}; font-weight: bold;"
