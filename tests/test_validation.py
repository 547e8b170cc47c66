"""Invalid answers stop both renderers with the same one-line message, before anything is written."""

from __future__ import annotations

import re

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

import pre_gen_project as hook
from cases import INVALID_ANSWERS, invalid_id
from rendering import TEMPLATE, render_copier, run_cookiecutter_cli

invalid_answers = pytest.mark.parametrize("case", INVALID_ANSWERS, ids=invalid_id)


VALID_ANSWERS = {
    "project_name": "Chat Assistant",
    "project_slug": "chat_assistant",
    "package_name": "chat_assistant",
    "description": "A ChatKit assistant.",
    "author": "Your Team",
    "supported_locales": "en,fr,de",
    "hostnames": "app.example.com",
    "retention_days": "30",
}


def hook_message(answer: str, value: str) -> str:
    """What the hook says about `answer=value` when the other answers are valid."""
    message = hook.validate({**VALID_ANSWERS, answer: value})
    assert message is not None, f"the hook accepts {answer}={value!r}"
    return message


@invalid_answers
def test_the_message_names_the_answer_the_value_and_the_fix(case):
    answer, value, expected = case
    message = hook_message(answer, value)

    assert expected in message
    assert message.startswith(f"{answer}: ")
    assert "\n" not in message


@invalid_answers
def test_cookiecutter_refuses_with_the_hook_message(tmp_path, case):
    answer, value, _ = case
    output = tmp_path / "out"

    result = run_cookiecutter_cli({answer: value}, output)

    assert result.returncode == 1, result.stderr
    assert f"error: {hook_message(answer, value)}\n" in result.stderr
    assert not output.exists() or not any(output.iterdir()), "cookiecutter left files behind"


@invalid_answers
def test_copier_refuses_with_the_same_message(tmp_path, case):
    answer, value, _ = case
    destination = tmp_path / "project"

    expected = f"Validation error for question '{answer}': {hook_message(answer, value)}"
    with pytest.raises(ValueError, match=re.escape(expected)) as raised:
        render_copier({answer: value}, destination)

    assert str(raised.value) == expected
    assert not destination.exists() or not any(destination.iterdir()), "copier wrote files"


def test_a_derived_slug_is_checked_by_both_renderers(tmp_path):
    expected = hook.check_identifier("project_slug", "test")

    result = run_cookiecutter_cli({"project_name": "Test"}, tmp_path / "out")
    assert result.returncode == 1
    assert f"error: {expected}\n" in result.stderr
    with pytest.raises(ValueError, match=re.escape(expected)):
        render_copier({"project_name": "Test"}, tmp_path / "project")


def copier_validators() -> dict[str, str]:
    questions = yaml.safe_load((TEMPLATE / "copier.yml").read_text(encoding="utf-8"))
    return {
        name: spec["validator"]
        for name, spec in questions.items()
        if isinstance(spec, dict) and "validator" in spec
    }


def validator_output(source: str, answer: str, value: str) -> str:
    """Render a copier validator the way copier does (sandbox, ansible filters, strict)."""
    environment = SandboxedEnvironment(
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.from_string(source).render({answer: value}).strip()


def test_copier_validates_exactly_the_answers_the_hook_checks():
    assert list(copier_validators()) == list(hook.CHECKS)


# Values that exercise every branch of the rules, valid and invalid, checked against both
# implementations directly (faster than a render, so the table can be long).
RULE_PROBES = {
    "project_slug": [
        "chat",
        "chat_assistant",
        "_private",
        "a1",
        "Chat",
        "chat-app",
        "1chat",
        "chat app",
        "chat\n",
        "",
        "test",
        "json",
        "openai",
        "tests",
        "import",
        "match",
        "é",
        "it's",
        "a\\b",
    ],
    "supported_locales": [
        "en",
        "fr",
        "de",
        "en,fr,de",
        " en , fr ",
        "de,en",
        "",
        " ",
        ",",
        "en,",
        "en,,fr",
        "en,en",
        "en,EN",
        "fr,FR",
        "en-GB",
        "pt-BR",
        "xx",
        "EN",
        "en_US!",
        "de,fr,de",
        "pt_BR",
        "pt-br",
        "en,pt-XX",
        "sv,en",
        "en,sv",
        "ja,ar,pt-BR,zh-CN",
        "en,sv,fr-CA,zh-Hant,sr-Latn-RS",
        "en,sv,fr-CA,zh-Hant,sr-Latn-RS,pl",
        "ar,sv,SV",
    ],
    "hostnames": [
        "localhost",
        "localhost:8000",
        "app.example.com",
        "a.b.c.example.com:443",
        "*.example.com",
        "*.staging.example.com:8443",
        "xn--bcher-kva.example",
        "a-b.example",
        "127.0.0.1",
        "app.example.com, api.example.com",
        "",
        " ",
        "a.com,",
        "a.com,,b.com",
        "http://a.com",
        "a.com/x",
        "a .com",
        "a.com\tb.com",
        "A.com",
        "Bücher.example",
        "bücher.example",
        "*.com",
        "*.localhost",
        "*.",
        "*",
        "intranet",
        "-a.example.com",
        "a-.example.com",
        "a..example.com",
        ".example.com",
        "example.com.",
        "a_b.example.com",
        "a.com:",
        "a.com:0",
        "a.com:65535",
        "a.com:65536",
        "a.com:080",
        "a.com:1:2",
        "a.com:x",
        "a.com,a.com",
        "a.com,a.com:80",
        "localhost,localhost",
        "[::1]",
        "a'b.example",
        "{{ x }}.example",
        "a\\b.example",
        "a" * 63 + ".example.com",
        "a" * 64 + ".example.com",
        ".".join(["a" * 61] * 4) + ".abcde",
        ".".join(["a" * 61] * 4) + ".abcdef",
    ],
    "retention_days": [
        "1",
        "30",
        "36500",
        "36501",
        "0",
        "00",
        "007",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "abc",
        "",
        " 30",
        "30 ",
        "٣",
    ],
}
RULE_PROBES["package_name"] = RULE_PROBES["project_slug"]
RULE_PROBES["project_name"] = [
    "Chat Assistant",
    "Café Ünïcode",
    "x",
    "",
    "   ",
    'say "hi"',
    "a\\b",
    "{{ cookiecutter.x }}",
    "{% raw %}",
    "two\nlines",
    "tab\there",
    "x" * 121,
    "it's fine",
]
RULE_PROBES["description"] = RULE_PROBES["project_name"]
RULE_PROBES["author"] = RULE_PROBES["project_name"]


@pytest.mark.parametrize("answer", list(RULE_PROBES))
def test_copier_validators_agree_with_the_hook(answer):
    validators = copier_validators()
    disagreements = []
    for value in RULE_PROBES[answer]:
        expected = hook.CHECKS[answer](answer, value) or ""
        actual = validator_output(validators[answer], answer, value)
        if actual != expected:
            disagreements.append(f"{value!r}:\n  hook:   {expected!r}\n  copier: {actual!r}")
    assert not disagreements, "\n".join(disagreements)


def test_the_probes_reach_every_message(monkeypatch):
    keys_used = set()
    original = hook.message

    def record(key, **values):
        keys_used.add(key)
        return original(key, **values)

    monkeypatch.setattr(hook, "message", record)
    for answer, values in RULE_PROBES.items():
        for value in values:
            hook.CHECKS[answer](answer, value)
    assert keys_used == set(hook.MESSAGES)
