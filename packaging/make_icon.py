"""Draws the application icon (board_admin/ui/icons.py) into packaging/board-admin.ico for the Windows build.

QT_QPA_PLATFORM=offscreen python packaging/make_icon.py
"""

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from board_admin.ui import icons

if __name__ == "__main__":
    app = QGuiApplication([])
    target = Path(__file__).with_name("board-admin.ico")
    if not icons.icon("application").pixmap(QSize(256, 256)).toImage().save(str(target), "ICO"):
        raise SystemExit(f"could not write {target}")
    print(f"Wrote {target}")
