"""The frozen program's entry point (PyInstaller runs this file, not the package's __main__)."""

import multiprocessing
import sys

from board_admin.cli import main

if __name__ == "__main__":
    # The exports' worker processes (board_admin/worker_process.py) are this program started again: here
    # they run their work and end, instead of opening the application.
    multiprocessing.freeze_support()
    sys.exit(main())
