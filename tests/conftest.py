"""Fixtures shared by the template's tests: one render per renderer and set of answers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cases import VARIATIONS
from rendering import render_cookiecutter, render_copier
from timing import TimingReport

# Copier commits uncommitted template changes in a scratch clone; git needs an identity for
# that, and a fresh CI machine has none.
for variable, value in {
    "GIT_AUTHOR_NAME": "template tests",
    "GIT_AUTHOR_EMAIL": "template-tests@example.invalid",
    "GIT_COMMITTER_NAME": "template tests",
    "GIT_COMMITTER_EMAIL": "template-tests@example.invalid",
}.items():
    os.environ.setdefault(variable, value)


class Bakes:
    """Renders each variation at most once per renderer per test process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.done: dict[tuple[str, str], Path] = {}

    def cookiecutter(self, variation: str) -> Path:
        key = ("cookiecutter", variation)
        if key not in self.done:
            self.done[key] = render_cookiecutter(
                VARIATIONS[variation], self.root / "cookiecutter" / variation
            )
        return self.done[key]

    def copier(self, variation: str) -> Path:
        key = ("copier", variation)
        if key not in self.done:
            self.done[key] = render_copier(VARIATIONS[variation], self.root / "copier" / variation)
        return self.done[key]


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller sees every worker's reports
        config.pluginmanager.register(TimingReport(), "timing-report")
    config.addinivalue_line(
        "markers",
        "postgres: needs the PostgreSQL server of TEST_POSTGRES_URL (`make test` provides one; "
        "left out by `make test-fast`)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        return "TEST_POSTGRES_URL: not set (database=postgres suites will fail)"
    # The password, if any, stays out of the report.
    return "TEST_POSTGRES_URL: " + re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest first, so that parallel workers do not wait on one suite started last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def bakes(tmp_path_factory: pytest.TempPathFactory) -> Bakes:
    return Bakes(tmp_path_factory.mktemp("bakes"))
