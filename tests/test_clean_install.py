"""One combination installs from its own pyproject.toml, the way its README says, and passes.

The other suites share one environment holding every combination's dependencies, which could
hide a dependency a project forgot. Here a generated project builds its own `.venv` with
`make test-backend` (no PYTHON given: `python3 -m venv` and `pip install -e '.[dev]'`), then
runs its backend suite there. The combination rotates with the template's commit, so successive
submissions cover them all; CLEAN_INSTALL_COMBINATION picks one by id.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from test_generated_suite import run_streaming, runnable_copy, with_database_marks

from cases import COMBINATIONS
from rendering import TEMPLATE

CHOICE_VARIABLE = "CLEAN_INSTALL_COMBINATION"


def rotating_combination() -> str:
    """CLEAN_INSTALL_COMBINATION if set, else the one the template's commit picks."""
    chosen = os.environ.get(CHOICE_VARIABLE, "").strip()
    if chosen:
        if chosen not in COMBINATIONS:
            raise pytest.UsageError(f"{CHOICE_VARIABLE}={chosen!r} is not one of {sorted(COMBINATIONS)}")
        return chosen
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=TEMPLATE, capture_output=True, text=True, check=False
    ).stdout.strip()
    number = int(head, 16) if head else 0
    return list(COMBINATIONS)[number % len(COMBINATIONS)]


@pytest.mark.slow
@pytest.mark.parametrize("combination", with_database_marks([rotating_combination()]))
def test_a_combination_installs_alone_and_passes_its_backend_suite(bakes, tmp_path, combination):
    render = bakes.cookiecutter(combination)
    with runnable_copy(render, combination, tmp_path) as (project, environment):
        code, tail = run_streaming(["make", "test-backend"], project, environment)

    assert code == 0, (
        f"{combination}: `make test-backend` in its own environment failed (exit {code}):\n{tail}"
    )
    assert (project / ".venv" / ".installed").is_file(), "the suite did not run in the project's own .venv"
