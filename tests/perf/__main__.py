"""`python -m tests.perf`: see tests/perf/benchmark.py."""

import sys

from tests.perf.benchmark import main

sys.exit(main())
