"""The benchmarks every generated project ships run, briefly, on both databases and frameworks.

They are not tests of speed (nothing here is timed): this checks that `make loadtest` and
`make bench-store` work as their documentation says, end to end, and report no errors.
"""

from __future__ import annotations

import re
import sys

import pytest
from test_generated_suite import run_streaming, runnable_copy, with_database_marks

from cases import variation_with

LOADTEST_ARGS = "--servers app,sample,floor --concurrency 1,3 --turns 12 --warmup 3 --delay-ms 1"
BENCH_ARGS = "--threads 200 --repeat 2 --probe-threads 400 --probe-items 400"
# server, streams, turns, errors, ...: every run completes its turns without an error.
RUN_ROW = re.compile(r"^(app|sample|floor) +(\d+) +(\d+) +(\d+) ", re.MULTILINE)
# Two runs, each value of both once: the default (FastAPI, SQLite) and Litestar on PostgreSQL.
BENCHMARKED = ["default", variation_with(database="postgres", framework="litestar")]


@pytest.mark.slow
@pytest.mark.parametrize("variation", with_database_marks(BENCHMARKED))
def test_the_benchmarks_run_and_report(bakes, tmp_path, variation):
    # On PostgreSQL the benchmarks create their own databases on that database's server.
    with runnable_copy(bakes.cookiecutter(variation), variation, tmp_path) as (project, environment):
        python = f"PYTHON={sys.executable}"

        code, loadtest = run_streaming(
            ["make", "loadtest", python, f"LOADTEST_ARGS={LOADTEST_ARGS}"], project, environment
        )
        assert code == 0, f"`make loadtest` failed (exit {code}):\n{loadtest}"
        bench_code, bench = run_streaming(
            ["make", "bench-store", python, f"BENCH_ARGS={BENCH_ARGS}"], project, environment
        )
        assert bench_code == 0, f"`make bench-store` failed (exit {bench_code}):\n{bench}"

    rows = RUN_ROW.findall(loadtest)
    assert sorted((server, streams) for server, streams, _, _ in rows) == [
        ("app", "1"),
        ("app", "3"),
        ("floor", "1"),
        ("floor", "3"),
        ("sample", "1"),
        ("sample", "3"),
    ]
    assert all((turns, errors) == ("12", "0") for _, _, turns, errors in rows)
    assert "Server CPU per turn, app / sample: 1 streams" in loadtest
    assert "Server CPU per turn, floor / sample: 1 streams" in loadtest
    assert "Largest cursor page / first page ratio" in bench
    assert re.search(r"Purge of \d+ of 600 threads", bench)
