"""Settings for the public pages benchmark: production settings with Redis, plus a bare view.

The cache is the shared Redis of production (REDIS_URL); the benchmark's keys carry a
prefix of their own (BENCH_CACHE_PREFIX), removed when it ends.
"""

import os

from bench.settings_bench import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
CACHES["default"]["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]  # noqa: F405
