"""The timing report: where the time of a test run goes, by tier and by combination.

Every test's setup, call and teardown time is added to its tier (named by its module) and, when
one of its parameters is a combination id, to that combination. The terminal summary shows the
totals and the slowest combinations; build/timing-report.txt keeps them for CI's log.
"""

from __future__ import annotations

import collections
import re
import time
from pathlib import Path

import pytest

from cases import COMBINATIONS

REPORT = Path(__file__).resolve().parent.parent / "build" / "timing-report.txt"
SLOWEST = 10
# Module -> tier; any other module counts as "render and checks".
TIERS = {
    "test_generated_suite.py": "own suites (make test in each combination)",
    "test_clean_install.py": "clean install (one combination, own environment)",
    "test_benchmarks.py": "benchmarks",
    "test_deploy_proxy.py": "reverse proxy (nginx)",
}
OTHER_TIER = "render and checks"
PARAMETERS = re.compile(r"\[(.*)\]$")
# A combination id among a test's parameters (joined by "-", like the id's own parts).
COMBINATION_IN_ID = {
    combination: re.compile(rf"(?<![\w.]){re.escape(combination)}(?![\w.])") for combination in COMBINATIONS
}


class TimingReport:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.by_tier: collections.Counter[str] = collections.Counter()
        self.by_combination: collections.Counter[str] = collections.Counter()
        self.tests_by_tier: collections.Counter[str] = collections.Counter()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        module = report.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
        tier = TIERS.get(module, OTHER_TIER)
        self.by_tier[tier] += report.duration
        if report.when == "call":
            self.tests_by_tier[tier] += 1
        parameters = PARAMETERS.search(report.nodeid)
        if parameters:
            for combination, pattern in COMBINATION_IN_ID.items():
                if pattern.search(parameters.group(1)):
                    self.by_combination[combination] += report.duration
                    break

    def lines(self) -> list[str]:
        wall = time.monotonic() - self.started
        lines = [f"wall clock: {wall:7.1f} s", "", "by tier (test time, summed over workers):"]
        for tier, seconds in self.by_tier.most_common():
            lines.append(f"  {seconds:7.1f} s  {self.tests_by_tier[tier]:4d} tests  {tier}")
        if self.by_combination:
            lines += ["", f"slowest combinations (all their tests, of {len(COMBINATIONS)}):"]
            for combination, seconds in self.by_combination.most_common(SLOWEST):
                lines.append(f"  {seconds:7.1f} s  {combination}")
        return lines

    def pytest_terminal_summary(self, terminalreporter) -> None:
        lines = self.lines()
        terminalreporter.write_sep("=", "timing report")
        for line in lines:
            terminalreporter.write_line(line)
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        terminalreporter.write_line(f"(written to {REPORT.relative_to(REPORT.parent.parent)})")
