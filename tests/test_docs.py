"""The option tables in the README and docs/options.md match cookiecutter.json."""

from __future__ import annotations

import re

import pytest

import pre_gen_project as hook
from rendering import TEMPLATE, cookiecutter_context, question_names

DOCUMENTS = ["README.md", "docs/options.md"]
CODE = re.compile(r"`([^`]+)`")


def option_table(document: str) -> dict[str, dict[str, str]]:
    """Rows of the table whose header starts with `| option |`, by option name."""
    lines = (TEMPLATE / document).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\|\s*option\s*\|", line))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = dict(zip(header, (cell.strip() for cell in line.strip().strip("|").split("|")), strict=True))
        (name,) = CODE.findall(cells["option"])
        rows[name] = cells
    return rows


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_table_lists_every_question_in_order(document):
    assert list(option_table(document)) == question_names()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_choice_values_and_defaults_are_the_cookiecutter_ones(document):
    table, context = option_table(document), cookiecutter_context()
    for name, value in context.items():
        if isinstance(value, list):
            assert CODE.findall(table[name]["values"]) == value, name
            assert CODE.findall(table[name]["default"]) == [value[0]], name
        elif isinstance(value, str) and "{{" not in value:
            assert CODE.findall(table[name]["default"]) == [value], name


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_locale_values_are_the_shipped_locales(document):
    values = option_table(document)["supported_locales"]["values"]
    assert CODE.findall(values) == list(hook.SHIPPED_LOCALES)


def options_sections() -> dict[str, str]:
    """docs/options.md's `### ` sections, by each option named in the heading."""
    text = (TEMPLATE / "docs" / "options.md").read_text(encoding="utf-8")
    sections = {}
    for part in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = part.partition("\n")
        for name in CODE.findall(heading):
            sections[name] = body.split("\n## ")[0]
    return sections


def test_options_md_has_a_section_per_question():
    assert sorted(options_sections()) == sorted(question_names())


def test_options_md_describes_every_choice_value():
    sections, context = options_sections(), cookiecutter_context()
    for name, value in context.items():
        if isinstance(value, list):
            described = re.findall(r"^- `([^`]+)`:", sections[name], flags=re.MULTILINE)
            assert described == value, name
