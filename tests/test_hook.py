"""Unit tests of the cookiecutter hook's validation functions."""

from __future__ import annotations

import ast
import json
import keyword
import sys

import babel
import pytest

import pre_gen_project as hook
from rendering import TEMPLATE, cookiecutter_context

HOOK_SOURCE = (TEMPLATE / "hooks" / "pre_gen_project.py").read_text(encoding="utf-8")


def test_the_defaults_are_valid():
    # copier does not validate defaults under --defaults, so they must be valid as written.
    answers = cookiecutter_context() | {"project_slug": "chat_assistant", "package_name": "chat_assistant"}
    assert hook.validate(answers) is None


@pytest.mark.parametrize("value", ["chat", "chat_assistant", "_private", "chat2", "desk_core"])
def test_identifiers_accepted(value):
    assert hook.check_identifier("package_name", value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Chat", "is not a lowercase Python identifier"),
        ("chat-app", "is not a lowercase Python identifier"),
        ("2chat", "is not a lowercase Python identifier"),
        ("chat\n", "is not a lowercase Python identifier"),
        ("", "is not a lowercase Python identifier"),
        ("test", "is a Python keyword or the name of a standard-library"),
        ("site", "is a Python keyword or the name of a standard-library"),
        ("lambda", "is a Python keyword"),
        ("chatkit", "dependency"),
        ("tests", "project module"),
    ],
)
def test_identifiers_refused(value, expected):
    message = hook.check_identifier("project_slug", value)

    assert message is not None
    assert message.startswith(f"project_slug: '{value}' ")
    assert expected in message


def test_reserved_names_cover_this_pythons_keywords_and_standard_library():
    public = {name for name in sys.stdlib_module_names if not name.startswith("_") and name.islower()}
    lowercase_keywords = {word for word in keyword.kwlist if word.islower()}

    assert public - set(hook.RESERVED_NAMES) == set()
    assert lowercase_keywords - set(hook.RESERVED_NAMES) == set()


@pytest.mark.parametrize(
    "value",
    [
        "en",
        "fr",
        "de,en",
        " en , fr ",
        "en,fr,de,es,it,pt-BR,nl,ru,ja,ko,zh-CN,ar",
        "ja,ar,pt-BR",
        # Locales without shipped translations, after a shipped default, at most four.
        "en,sv",
        "fr,fr-CA,sr-Latn-RS,zh-Hant,es-419",
    ],
)
def test_locales_accepted(value):
    assert hook.check_locales("supported_locales", value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "supported_locales: no locale given; list at least one of en, fr, de, es, it"),
        ("en,", "'en,' has an empty entry"),
        ("fr,FR", "'FR' is listed twice in 'fr,FR'"),
        ("en,de,en", "'en' is listed twice in 'en,de,en'"),
        ("pt-BR,pt_br", "'pt_br' is listed twice in 'pt-BR,pt_br'"),
        ("en_US!", "'en_US!' is not a locale code; write a lowercase language"),
        ("EN", "'EN' is not a locale code"),
        ("pt_BR", "'pt_BR' is not a locale code"),
        ("pt-br", "'pt-br' is not a locale code"),
        ("xx", "'xx' is not a locale Babel knows (CLDR)"),
        ("en,pt-XX", "'pt-XX' is not a locale Babel knows"),
        ("sv,en", "'sv' comes first, so it would be the default locale"),
        ("en,sv,pl,tr,uk,cs", "has more than 4 locales the template ships no translations for"),
    ],
)
def test_locales_refused(value, expected):
    message = hook.check_locales("supported_locales", value)

    assert message is not None
    assert expected in message


def test_shipped_locales_are_known_locales():
    assert set(hook.SHIPPED_LOCALES) <= hook.KNOWN_LOCALES


def test_babel_parses_every_known_locale():
    for code in hook.KNOWN_LOCALES:
        babel.Locale.parse(code, sep="-")  # raises UnknownLocaleError


def test_duplicate_locales_compare_case_dash_and_underscore_insensitively():
    assert hook.locale_key("pt-BR") == hook.locale_key("PT_br") == "pt_br"


@pytest.mark.parametrize(
    "value",
    [
        "localhost",
        "localhost:8000",
        "app.example.com",
        "app.example.com,*.staging.example.com:8443",
        "xn--bcher-kva.example",
        "a.example.com:1,b.example.com:65535",
        "a" * 63 + ".example.com",
        ".".join(["a" * 61] * 4) + ".abcde",
    ],
)
def test_hostnames_accepted(value):
    assert hook.check_hostnames("hostnames", value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "hostnames: no host name given"),
        ("a.example.com,", "has an empty entry"),
        ("https://app.example.com", "has a scheme"),
        ("app.example.com/", "has a path"),
        ("app .example.com", "contains whitespace"),
        ("APP.example.com", "has uppercase letters"),
        ("*.com", "puts a wildcard on a top-level domain"),
        ("*.localhost", "puts a wildcard on a top-level domain"),
        ("bücher.example", "write internationalized names in their xn-- form"),
        ("example", "is not a valid DNS name"),
        ("-a.example.com", "is not a valid DNS name"),
        ("a" * 64 + ".example.com", "is not a valid DNS name"),
        (".".join(["a" * 61] * 4) + ".abcdef", "is not a valid DNS name"),
        ("a.example.com:65536", "has an invalid port '65536'"),
        ("a.example.com:", "has an invalid port ''"),
        ("a.example.com:08", "has an invalid port '08'"),
        ("a.example.com,b.example.com,a.example.com", "'a.example.com' is listed twice"),
    ],
)
def test_hostnames_refused(value, expected):
    message = hook.check_hostnames("hostnames", value)

    assert message is not None
    assert expected in message


@pytest.mark.parametrize("value", ["1", "7", "30", "36500"])
def test_retention_accepted(value):
    assert hook.check_retention_days("retention_days", value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "is not a positive whole number of days"),
        ("-1", "is not a positive whole number of days"),
        ("abc", "is not a positive whole number of days"),
        ("007", "without a leading zero"),
        ("", "is not a positive whole number of days"),
        ("36501", "is more than 36500 days"),
    ],
)
def test_retention_refused(value, expected):
    message = hook.check_retention_days("retention_days", value)

    assert message is not None
    assert message.startswith(f"retention_days: '{value}' ")
    assert expected in message


def test_validate_reports_the_first_problem_in_question_order():
    answers = cookiecutter_context() | {
        "project_slug": "chat_assistant",
        "package_name": "Bad",
        "retention_days": "0",
    }
    assert hook.validate(answers).startswith("package_name: ")


def test_main_prints_one_line_to_stderr_and_fails(capsys):
    answers = cookiecutter_context() | {"project_slug": "site", "package_name": "chat_assistant"}

    assert hook.main(["pre_gen_project.py", json.dumps(answers)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: {hook.check_identifier('project_slug', 'site')}\n"


def test_main_accepts_valid_answers_silently(capsys):
    answers = cookiecutter_context() | {"project_slug": "chat_assistant", "package_name": "chat_assistant"}

    assert hook.main(["pre_gen_project.py", json.dumps(answers)]) == 0
    assert capsys.readouterr() == ("", "")


def test_jinja_appears_only_in_the_one_raw_string():
    jinja_markers = [marker for marker in ("{{", "{%", "{#") if marker in HOOK_SOURCE]

    assert jinja_markers == ["{{"]
    assert HOOK_SOURCE.count("{{") == 1
    assert "r'''{{ cookiecutter | tojson }}'''" in HOOK_SOURCE


def test_the_hook_uses_only_the_standard_library():
    imported = set()
    for node in ast.walk(ast.parse(HOOK_SOURCE)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])

    assert imported - set(sys.stdlib_module_names) - {"__future__"} == set()
