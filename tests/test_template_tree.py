"""The template directory follows the authoring rules that keep both renderers in step."""

from __future__ import annotations

import ast
import re

from pre_gen_project import MAX_UNSHIPPED_LOCALES, SHIPPED_LOCALES
from rendering import TEMPLATE

PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
ANSWERS_FILE_TEMPLATE = "{% if _copier_conf is defined %}{{ _copier_conf.answers_file }}{% endif %}"
# Build output that cookiecutter would copy from a working tree (copier, reading git, would not).
SHIPPED_LIST = re.compile(r"reject\('in', (\[[^\]]*\])\)")
SLOT_INDEX = re.compile(r"\{\{ extra\[(\d+)\] \}\}")
JUNK = {"__pycache__", "node_modules", ".pytest_cache", ".ruff_cache", ".venv", ".mypy_cache"}


def test_no_build_output_in_the_template():
    junk = [path for path in PROJECT.rglob("*") if path.name in JUNK or path.suffix in {".pyc", ".pyo"}]
    assert not junk, f"delete these from {PROJECT.name}: {[str(p.relative_to(TEMPLATE)) for p in junk]}"


def test_only_files_are_conditional():
    # An empty directory name makes cookiecutter write into the project directory itself.
    conditional = [path for path in PROJECT.rglob("*") if path.is_dir() and "{%" in path.name]
    assert not conditional, f"put the condition on the file names instead: {conditional}"


def test_copier_only_names_appear_only_in_the_answers_file():
    offenders = []
    for path in PROJECT.rglob("*"):
        relative = path.relative_to(PROJECT).as_posix()
        if relative == ANSWERS_FILE_TEMPLATE:
            continue
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        if "_copier" in relative or "_copier_" in text:
            offenders.append(relative)
    assert not offenders, offenders


def test_the_answers_file_is_guarded_for_cookiecutter():
    answers_file = PROJECT / ANSWERS_FILE_TEMPLATE

    assert answers_file.read_text(encoding="utf-8") == (
        "{% if _copier_answers is defined %}{{ _copier_answers|to_nice_yaml }}{% endif %}"
    )


def test_the_only_hook_is_the_pre_generation_check():
    # Copier never runs hooks/: anything a post-gen hook did would be missing from its render.
    hooks = sorted(path.name for path in (TEMPLATE / "hooks").iterdir() if path.is_file())
    assert hooks == ["pre_gen_project.py"]


def test_every_copy_of_the_shipped_locales_is_the_hooks():
    # Jinja cannot import the hook, so the catalog slots and the generated tests spell the list
    # out: `reject('in', [...])` picks the locales without shipped translations.
    copies = []
    for path in [PROJECT, *PROJECT.rglob("*")]:
        text = path.name + (path.read_text(encoding="utf-8") if path.is_file() else "")
        copies += [ast.literal_eval(found) for found in SHIPPED_LIST.findall(text)]
    assert len(copies) >= MAX_UNSHIPPED_LOCALES + 3  # the slots' names and texts, two tests
    assert all(copy == list(SHIPPED_LOCALES) for copy in copies), copies


def test_there_is_a_catalog_slot_for_each_unshipped_locale_allowed():
    locales = PROJECT / "src" / "{{cookiecutter.package_name}}" / "i18n" / "locales"
    slots = sorted(path.name for path in locales.iterdir() if "extra[" in path.name)
    assert [SLOT_INDEX.search(name)[1] for name in slots] == [
        str(index) for index in range(MAX_UNSHIPPED_LOCALES)
    ]
