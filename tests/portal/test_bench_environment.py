"""The benchmarks start their servers with production settings: those settings must load.

A setting made required in production (as REFERRALS_FOLLOW_UP_CODE_KEY was) once stopped
`make bench-pages` before it measured anything; this catches that without running a benchmark.
"""

import subprocess
import sys

import pytest

from bench.submission import ROOT, production_env


@pytest.mark.parametrize("settings_module", ["bench.settings_bench", "bench.settings_pages"])
def test_the_benchmarks_production_settings_load(tmp_path, settings_module):
    env = production_env({"SQLITE_PATH": str(tmp_path / "bench.sqlite3"), "DATABASE_URL": ""}, settings_module)
    env.update(REDIS_URL="redis://127.0.0.1:6379/15", BENCH_CACHE_PREFIX="bench-test")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
