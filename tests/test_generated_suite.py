"""The generated project's own test suite passes, run the way its README says (`make test`)."""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cases import SUITE_VARIATIONS

TIMEOUT_SECONDS = 20 * 60


def nested_environment() -> dict[str, str]:
    """This environment, minus what would leak the template's pytest into the project's."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_CORE_")) and name not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }
    # As if the venv holding requirements.txt were activated: its tools come first on PATH.
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    return environment


def run_streaming(command: list[str], cwd: Path) -> tuple[int, str]:
    """Run `command`, echoing its output as it comes; returns the exit code and the last lines.

    pytest shows the echoed output with a failure (or live, with `-s`).
    """
    tail: collections.deque[str] = collections.deque(maxlen=60)
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=nested_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            tail.append(line)
        code = process.wait(timeout=TIMEOUT_SECONDS)
    return code, "".join(tail)


@pytest.mark.slow
@pytest.mark.parametrize("variation", SUITE_VARIATIONS)
def test_the_generated_projects_suite_passes(bakes, tmp_path, variation):
    # Work on a copy: the suite writes caches, catalogs and node_modules into the project.
    project = shutil.copytree(bakes.cookiecutter(variation), tmp_path / "project")

    code, tail = run_streaming(["make", "test", f"PYTHON={sys.executable}"], cwd=project)

    assert code == 0, f"`make test` failed in the generated project (exit {code}):\n{tail}"
