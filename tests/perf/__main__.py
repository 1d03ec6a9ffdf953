"""`python -m tests.perf`: see tests/perf/benchmark.py."""

import sys

if __name__ == "__main__":  # not again in the worker processes the exports start (figure 7)
    from tests.perf.benchmark import main

    sys.exit(main())
