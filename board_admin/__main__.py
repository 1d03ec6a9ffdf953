import multiprocessing
import sys

if __name__ == "__main__":
    # Exports run in worker processes started afresh (board_admin/worker_process.py); the guard keeps such a
    # process, which imports this module too, from starting the application again.
    multiprocessing.freeze_support()
    from board_admin.cli import main

    sys.exit(main())
