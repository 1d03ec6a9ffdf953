"""The frozen program's entry point (PyInstaller runs this file, not the package's __main__)."""

import sys

from board_admin.cli import main

if __name__ == "__main__":
    sys.exit(main())
