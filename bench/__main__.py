"""`python -m bench`: see bench/benchmark.py."""

import sys

from bench.benchmark import main

sys.exit(main())
