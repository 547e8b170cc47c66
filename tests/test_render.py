"""Both renderers write the same, clean, well-formed project for every variation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from cases import VARIATIONS
from rendering import (
    ANSWERS_FILE,
    differences,
    question_names,
    render_cookiecutter,
    render_copier,
    text_files,
    tree,
)

variations = pytest.mark.parametrize("variation", list(VARIATIONS))

LEFTOVER = re.compile(r"\{\{|\{%|\{#|cookiecutter\.")
# Rendered files that may legitimately contain template-like text: glob -> pattern of the
# allowed occurrences. Keep it empty unless a file format really needs one.
ALLOWED_LEFTOVERS: dict[str, re.Pattern[str]] = {}


@variations
def test_cookiecutter_and_copier_render_identical_trees(bakes, variation):
    rendered_by_cookiecutter = tree(bakes.cookiecutter(variation))
    rendered_by_copier = tree(bakes.copier(variation))

    assert rendered_by_cookiecutter, "cookiecutter rendered no files"
    found = differences(rendered_by_cookiecutter, rendered_by_copier, ("cookiecutter", "copier"))
    assert not found, "\n".join(found)


@variations
def test_copier_records_the_answers_for_updates(bakes, variation):
    answers = yaml.safe_load((bakes.copier(variation) / ANSWERS_FILE).read_text(encoding="utf-8"))

    assert set(question_names()) <= answers.keys()
    assert "cookiecutter" not in answers, "the computed cookiecutter dict must not be stored"
    assert answers["_src_path"]
    for name, value in VARIATIONS[variation].items():
        assert answers[name] == value


def test_cookiecutter_does_not_write_the_copier_answers_file(bakes):
    assert not (bakes.cookiecutter("default") / ANSWERS_FILE).exists()


@variations
def test_no_template_leftovers(bakes, variation):
    leftovers = []
    root = bakes.cookiecutter(variation)
    for path, text in text_files(root).items():
        relative = path.relative_to(root).as_posix()
        for glob, allowed in ALLOWED_LEFTOVERS.items():
            if fnmatch(relative, glob):
                text = allowed.sub("", text)
        for number, line in enumerate(text.splitlines(), start=1):
            if LEFTOVER.search(line):
                leftovers.append(f"{relative}:{number}: {line.strip()}")
    assert not leftovers, "template syntax left in the rendered project:\n" + "\n".join(leftovers)


def parse_problems(root: Path) -> list[str]:
    """Files that do not parse as what their name says they are."""
    parsers = {
        ".py": lambda text, path: compile(text, str(path), "exec", dont_inherit=True),
        ".toml": lambda text, path: tomllib.loads(text),
        ".yml": lambda text, path: list(yaml.safe_load_all(text)),
        ".yaml": lambda text, path: list(yaml.safe_load_all(text)),
        ".json": lambda text, path: json.loads(text),
    }
    problems = []
    for path, text in text_files(root).items():
        parse = parsers.get(path.suffix)
        if parse is None:
            continue
        try:
            parse(text, path)
        except (SyntaxError, ValueError, yaml.YAMLError) as error:
            problems.append(f"{path.relative_to(root)}: {type(error).__name__}: {error}")
    return problems


@variations
def test_python_compiles_and_config_files_parse(bakes, variation):
    root = bakes.cookiecutter(variation)

    assert list(root.rglob("*.py")), "no Python files rendered"
    problems = parse_problems(root)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
@variations
def test_ruff_is_clean_with_the_project_config(bakes, variation, command):
    root = bakes.cookiecutter(variation)
    assert (root / "pyproject.toml").is_file(), "the project has no pyproject.toml to configure ruff"

    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_rendering_twice_gives_identical_bytes(tmp_path, bakes):
    answers = VARIATIONS["hosts-wildcard-port"]
    first_cookiecutter = tree(bakes.cookiecutter("hosts-wildcard-port"))
    second_cookiecutter = tree(render_cookiecutter(answers, tmp_path / "cookiecutter"))
    first_copier = tree(bakes.copier("hosts-wildcard-port"))
    second_copier = tree(render_copier(answers, tmp_path / "copier"))

    found = differences(first_cookiecutter, second_cookiecutter, ("first", "second"))
    found += differences(first_copier, second_copier, ("first", "second"))
    assert not found, "\n".join(found)
