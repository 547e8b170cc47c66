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
from pre_gen_project import SHIPPED_LOCALES
from rendering import (
    ANSWERS_FILE,
    cookiecutter_context,
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


def leftovers(root: Path, allowed: dict[str, re.Pattern[str]]) -> list[str]:
    """Lines of rendered text files that still look like template syntax."""
    found = []
    for path, text in text_files(root).items():
        relative = path.relative_to(root).as_posix()
        for glob, pattern in allowed.items():
            if fnmatch(relative, glob):
                text = pattern.sub("", text)
        for number, line in enumerate(text.splitlines(), start=1):
            if LEFTOVER.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


@variations
def test_no_template_leftovers(bakes, variation):
    found = leftovers(bakes.cookiecutter(variation), ALLOWED_LEFTOVERS)
    assert not found, "template syntax left in the rendered project:\n" + "\n".join(found)


def test_the_leftover_scan_catches_each_marker_and_honours_the_allow_list(tmp_path):
    (tmp_path / "a.txt").write_text("{{ x }}\n{% if %}\n{# c #}\ncookiecutter.name\nclean\n")
    (tmp_path / "ci.yml").write_text("run: echo ${{ github.sha }}\n")

    allowed = {"*.yml": re.compile(r"\$\{\{ github\.\w+ \}\}")}
    assert [line.split(":")[1] for line in leftovers(tmp_path, allowed)] == ["1", "2", "3", "4"]
    assert "ci.yml:1: run: echo ${{ github.sha }}" in leftovers(tmp_path, {})


# TypeScript reads its config files as JSON with comments and trailing commas.
JSON_WITH_COMMENTS = ("tsconfig*.json", "jsconfig*.json")
JSONC_NOISE = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/|,(?=\s*[\]}])', re.DOTALL)


def parse_json_with_comments(text: str) -> object:
    """Parse JSONC: drop comments and trailing commas outside strings, then parse as JSON."""
    return json.loads(JSONC_NOISE.sub(lambda match: match[1] or "", text))


def parse_json(text: str, path: Path) -> object:
    if any(fnmatch(path.name, pattern) for pattern in JSON_WITH_COMMENTS):
        return parse_json_with_comments(text)
    return json.loads(text)


def parse_problems(root: Path) -> list[str]:
    """Files that do not parse as what their name says they are."""
    parsers = {
        ".py": lambda text, path: compile(text, str(path), "exec", dont_inherit=True),
        ".toml": lambda text, path: tomllib.loads(text),
        ".yml": lambda text, path: list(yaml.safe_load_all(text)),
        ".yaml": lambda text, path: list(yaml.safe_load_all(text)),
        ".json": parse_json,
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


def test_json_with_comments_is_parsed_strictly_otherwise():
    text = '{\n  // a comment\n  "url": "http://x//y", /* block */\n  "list": [1, 2,],\n}'
    assert parse_json_with_comments(text) == {"url": "http://x//y", "list": [1, 2]}
    with pytest.raises(ValueError, match="Expecting"):
        parse_json_with_comments('{"a": 1 "b": 2}')


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
        [sys.executable, "-m", "ruff", *command, "--no-cache", "--output-format", "concise", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def chosen_locales(variation: str) -> list[str]:
    answers = VARIATIONS[variation]
    value = answers.get("supported_locales", cookiecutter_context()["supported_locales"])
    return [locale.strip() for locale in value.split(",")]


def catalogs(root: Path) -> set[str]:
    """Locales with a gettext catalog: locales/<ll>.po or locales/<ll>/LC_MESSAGES/*.po."""
    flat = {path.stem for path in root.rglob("locales/*.po")}
    return flat | {path.parent.parent.name for path in root.rglob("locales/*/LC_MESSAGES/*.po")}


@variations
def test_each_chosen_locale_gets_its_catalog_and_no_other(bakes, variation):
    assert catalogs(bakes.cookiecutter(variation)) == set(chosen_locales(variation))


def test_the_template_ships_a_catalog_for_each_shipped_locale(bakes):
    assert catalogs(bakes.cookiecutter("all-shipped-locales")) == set(SHIPPED_LOCALES)


def test_rendering_twice_gives_identical_bytes(tmp_path):
    answers = VARIATIONS["hosts-wildcard-port"]
    found = differences(
        tree(render_cookiecutter(answers, tmp_path / "cookiecutter-1")),
        tree(render_cookiecutter(answers, tmp_path / "cookiecutter-2")),
        ("first cookiecutter render", "second"),
    )
    found += differences(
        tree(render_copier(answers, tmp_path / "copier-1")),
        tree(render_copier(answers, tmp_path / "copier-2")),
        ("first copier render", "second"),
    )
    assert not found, "\n".join(found)


# What a front end names of the flavour it did not choose: imports, packages, JSX, files.
FOREIGN_FRONTEND = {
    "react": re.compile(r"chatElement|web_component|web component"),
    "web_component": re.compile(r"\breact\b|chatkit-react|\.tsx\b|jsx", re.IGNORECASE),
}


@variations
def test_the_front_end_holds_nothing_of_the_flavour_not_chosen(bakes, variation):
    flavour = VARIATIONS[variation].get("frontend", cookiecutter_context()["frontend"][0])
    frontend = bakes.cookiecutter(variation) / "frontend"
    found = [
        f"{path.relative_to(frontend)}:{number}: {line.strip()}"
        for path, text in text_files(frontend).items()
        for number, line in enumerate(text.splitlines(), start=1)
        if FOREIGN_FRONTEND[flavour].search(f"{path.name} {line}")
    ]
    assert not found, f"frontend={flavour} mentions another flavour:\n" + "\n".join(found)
