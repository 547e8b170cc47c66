"""Both renderers write the same, clean, well-formed project for every variation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from cases import COMBINATIONS, VARIATIONS, variation_with
from pre_gen_project import SHIPPED_LOCALES
from rendering import (
    ANSWERS_FILE,
    TEMPLATE,
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
    every_shipped = variation_with(supported_locales=",".join(SHIPPED_LOCALES))
    assert catalogs(bakes.cookiecutter(every_shipped)) == set(SHIPPED_LOCALES)


def test_rendering_twice_gives_identical_bytes(tmp_path):
    answers = VARIATIONS[variation_with(hostnames="app.example.com,*.staging.example.com:8443")]
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


# What a project's code names of a choice it did not make: packages, imports, files. Keyed by
# the value chosen; searched in file names and lines of the code (not the documentation, which
# may compare the choices).
FOREIGN_CODE: dict[tuple[str, str], re.Pattern[str]] = {
    ("database", "sqlite"): re.compile(r"asyncpg|psycopg|postgresql\+"),
    ("database", "postgres"): re.compile(r"aiosqlite|sqlite\+|PRAGMA"),
    ("framework", "fastapi"): re.compile(r"litestar", re.IGNORECASE),
    ("framework", "litestar"): re.compile(r"fastapi|starlette", re.IGNORECASE),
    ("encryption", "none"): re.compile(r"AESGCM|aes_gcm|ENCRYPTION_KEYS|rotate.keys|Cipher\b"),
    ("frontend", "react"): re.compile(r"chatElement|web_component|web component"),
    ("frontend", "web_component"): re.compile(r"\breact\b|chatkit-react|\.tsx\b|jsx", re.IGNORECASE),
}
CODE_DIRECTORIES = ("src", "tests", "migrations", "benchmarks", "frontend", "deploy")
CODE_FILES = ("pyproject.toml", "Makefile", "alembic.ini", ".env.example")


def foreign_code(root: Path, pattern: re.Pattern[str]) -> list[str]:
    files = {path: text for path, text in text_files(root).items() if path.name in CODE_FILES}
    for directory in CODE_DIRECTORIES:
        files |= {path: text for path, text in text_files(root / directory).items() if path.suffix != ".md"}
    return [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path, text in files.items()
        for number, line in enumerate(text.splitlines(), start=1)
        if pattern.search(f"{path.name} {line}")
    ]


@variations
def test_the_code_holds_nothing_of_the_choices_not_made(bakes, variation):
    context = cookiecutter_context()
    root = bakes.cookiecutter(variation)
    found = []
    for (option, value), pattern in FOREIGN_CODE.items():
        if VARIATIONS[variation].get(option, context[option][0]) == value:
            found += [f"{option}={value}: {line}" for line in foreign_code(root, pattern)]
    assert not found, "code of a choice not made:\n" + "\n".join(found)


def test_the_foreign_code_scan_sees_file_names_and_lines(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "App.tsx").write_text("ok\n", encoding="utf-8")
    (tmp_path / "src" / "db.py").write_text("import asyncpg\n", encoding="utf-8")
    (tmp_path / "src" / "notes.md").write_text("asyncpg or aiosqlite\n", encoding="utf-8")

    assert foreign_code(tmp_path, FOREIGN_CODE["frontend", "web_component"]) == ["src/App.tsx:1: ok"]
    assert foreign_code(tmp_path, FOREIGN_CODE["database", "sqlite"]) == ["src/db.py:1: import asyncpg"]


def test_a_broken_file_of_one_choice_fails_exactly_the_combinations_making_it(tmp_path):
    template = tmp_path / "template"
    shutil.copytree(
        TEMPLATE, template, ignore=shutil.ignore_patterns(".git", ".venv", "build", "node_modules")
    )
    broken = next(template.rglob("{% if cookiecutter.database == 'postgres' %}database.py{% endif %}"))
    broken.write_text(broken.read_text(encoding="utf-8") + "\ndef broken(:\n", encoding="utf-8")

    failing = {
        combination
        for combination, answers in COMBINATIONS.items()
        if parse_problems(render_cookiecutter(answers, tmp_path / combination, template))
    }

    assert failing == {name for name, answers in COMBINATIONS.items() if answers["database"] == "postgres"}
