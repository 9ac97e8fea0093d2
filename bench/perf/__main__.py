"""``python -m bench.perf``: run the performance benchmark (:mod:`bench.perf.benchmark`)."""

import sys

from bench.errors import EnqueteError
from bench.perf.benchmark import main

try:
    sys.exit(main())
except EnqueteError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(1)
