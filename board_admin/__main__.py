import sys

from board_admin.cli import main

sys.exit(main())
