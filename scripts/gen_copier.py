"""Write copier.yml from cookiecutter.json and the rules in hooks/pre_gen_project.py.

cookiecutter.json holds the questions and hooks/pre_gen_project.py the validation rules;
copier.yml is derived from both so that the two renderers ask the same questions, render
the same files and reject the same answers with the same message.

    python scripts/gen_copier.py            # print copier.yml
    python scripts/gen_copier.py --write    # rewrite copier.yml in place (make copier-yml)
    python scripts/gen_copier.py --check    # exit 1 if copier.yml is stale (make lint)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
COOKIECUTTER_JSON = ROOT / "cookiecutter.json"
COPIER_YML = ROOT / "copier.yml"
HOOK = ROOT / "hooks" / "pre_gen_project.py"

HEADER = """\
# Generated from cookiecutter.json and hooks/pre_gen_project.py by scripts/gen_copier.py.
# Do not edit: change those files and run `make copier-yml`.
_min_copier_version: "9.0"
# Copier renders this value, so the cookiecutter directory name stays raw.
_subdirectory: "{% raw %}{{cookiecutter.project_slug}}{% endraw %}"
# Render every file, as cookiecutter does.
_templates_suffix: ""
_answers_file: .copier-answers.yml
_envops:
  undefined: jinja2.StrictUndefined
  keep_trailing_newline: true
"""


def load_hook() -> ModuleType:
    """Import the cookiecutter hook as a module: it holds the validation rules."""
    spec = importlib.util.spec_from_file_location("pre_gen_project", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def jinja_str(value: str) -> str:
    """A Jinja string literal holding exactly `value`."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def jinja_list(values: list[str] | tuple[str, ...], indent: str) -> str:
    """A Jinja list literal, wrapped to stay readable in copier.yml."""
    one_line = "[" + ", ".join(jinja_str(value) for value in values) + "]"
    if len(one_line) <= 60:
        return one_line
    lines, line = [], ""
    for literal in (jinja_str(value) for value in values):
        if line and len(line) + len(literal) > 88:
            lines.append(line.rstrip())
            line = ""
        line += literal + ", "
    lines.append(line.rstrip(", "))
    return "[\n" + "".join(f"{indent}  {item}\n" for item in lines) + f"{indent}]"


class Rules:
    """The hook's rule data, turned into the pieces of copier `validator:` expressions."""

    def __init__(self, hook: ModuleType) -> None:
        self.hook = hook

    def message(self, key: str, answer: str, **expressions: str) -> str:
        """The hook's message `key` as Jinja text: names and constants filled in, values as `{{ }}`."""

        def fill(match: re.Match[str]) -> str:
            name = match[1]
            if name == "answer":
                return answer
            if name in self.hook.CONSTANTS:
                return self.hook.CONSTANTS[name]
            return "{{ " + expressions[name] + " }}"

        return re.sub(r"\{(\w+)\}", fill, self.hook.MESSAGES[key])

    def pattern(self, name: str) -> str:
        return jinja_str(getattr(self.hook, name))

    def report(self, keys: list[str], answer: str, **expressions: str) -> str:
        """Print the message whose key the checks stored in `ns.key`."""
        branches = [
            f"{{%- {'if' if i == 0 else 'elif'} ns.key == '{key}' -%}}\n"
            f"{self.message(key, answer, **expressions)}\n"
            for i, key in enumerate(keys)
        ]
        return "".join(branches) + "{%- endif -%}"

    def check_identifier(self, answer: str) -> str:
        reserved = jinja_list(self.hook.RESERVED_NAMES, indent="")
        return (
            f"{{%- if not ({answer} | regex_search({self.pattern('IDENTIFIER_PATTERN')})) -%}}\n"
            f"{self.message('identifier', answer=answer, value=answer)}\n"
            f"{{%- elif {answer} in {reserved} -%}}\n"
            f"{self.message('reserved', answer=answer, value=answer)}\n"
            "{%- endif -%}"
        )

    def check_locales(self, answer: str) -> str:
        hook = self.hook
        shipped = jinja_list(hook.SHIPPED_LOCALES, indent="    ")
        known = jinja_list(sorted(hook.KNOWN_LOCALES), indent="    ")
        keys = [
            "locales_empty", "locale_empty_entry", "locale_duplicate", "locale_form",
            "locale_unknown", "locale_default_unshipped", "locales_too_many_unshipped",
        ]  # fmt: skip
        return (
            "{%- set ns = namespace(key='', item='', seen=[], unshipped=0) -%}\n"
            f"{{%- if not {answer}.strip() -%}}\n"
            "  {%- set ns.key = 'locales_empty' -%}\n"
            f"{{%- else -%}}{{%- for item in {answer}.split(',') | map('trim') -%}}\n"
            "  {%- set seen_key = item.lower().replace('-', '_') -%}\n"
            f"  {{%- set is_shipped = item in {shipped} -%}}\n"
            "  {%- if not ns.key -%}{%- set ns.item = item -%}{%- endif -%}\n"
            "  {%- if ns.key -%}\n"
            "  {%- elif not item -%}{%- set ns.key = 'locale_empty_entry' -%}\n"
            "  {%- elif seen_key in ns.seen -%}{%- set ns.key = 'locale_duplicate' -%}\n"
            f"  {{%- elif not (item | regex_search({self.pattern('LOCALE_PATTERN')})) -%}}"
            "{%- set ns.key = 'locale_form' -%}\n"
            f"  {{%- elif item not in {known} -%}}{{%- set ns.key = 'locale_unknown' -%}}\n"
            "  {%- elif not is_shipped and not ns.seen -%}"
            "{%- set ns.key = 'locale_default_unshipped' -%}\n"
            f"  {{%- elif not is_shipped and ns.unshipped >= {hook.MAX_UNSHIPPED_LOCALES} -%}}"
            "{%- set ns.key = 'locales_too_many_unshipped' -%}\n"
            "  {%- else -%}\n"
            "    {%- if not is_shipped -%}{%- set ns.unshipped = ns.unshipped + 1 -%}{%- endif -%}\n"
            "    {%- set ns.seen = ns.seen + [seen_key] -%}\n"
            "  {%- endif -%}\n"
            "{%- endfor -%}{%- endif -%}\n" + self.report(keys, answer=answer, value=answer, item="ns.item")
        )

    def check_hostnames(self, answer: str) -> str:
        hook = self.hook
        keys = [
            "hostnames_empty", "hostname_empty_entry", "hostname_scheme", "hostname_path",
            "hostname_space", "hostname_uppercase", "hostname_wildcard_tld", "hostname_invalid",
            "hostname_port", "hostname_duplicate",
        ]  # fmt: skip
        dns = self.pattern("DNS_NAME_PATTERN")
        return (
            "{%- set ns = namespace(key='', item='', port='', seen=[]) -%}\n"
            f"{{%- if not {answer}.strip() -%}}\n"
            "  {%- set ns.key = 'hostnames_empty' -%}\n"
            f"{{%- else -%}}{{%- for item in {answer}.split(',') | map('trim') -%}}\n"
            "  {%- set host = item.partition(':')[0] -%}\n"
            "  {%- set port = item.partition(':')[2] -%}\n"
            "  {%- set name = host[2:] if host.startswith('*.') else host -%}\n"
            "  {%- if not ns.key -%}{%- set ns.item = item -%}{%- set ns.port = port -%}{%- endif -%}\n"
            "  {%- if ns.key -%}\n"
            "  {%- elif not item -%}{%- set ns.key = 'hostname_empty_entry' -%}\n"
            "  {%- elif '://' in item -%}{%- set ns.key = 'hostname_scheme' -%}\n"
            "  {%- elif '/' in item -%}{%- set ns.key = 'hostname_path' -%}\n"
            f"  {{%- elif item | regex_search({self.pattern('WHITESPACE_PATTERN')}) -%}}"
            "{%- set ns.key = 'hostname_space' -%}\n"
            "  {%- elif item != item.lower() -%}{%- set ns.key = 'hostname_uppercase' -%}\n"
            "  {%- elif not (host == 'localhost' or ((name | regex_search("
            f"{dns})) and name | length <= {hook.MAX_DNS_NAME_LENGTH})) -%}}\n"
            f"    {{%- if host.startswith('*.') and ((name ~ '.example') | regex_search({dns})) -%}}\n"
            "      {%- set ns.key = 'hostname_wildcard_tld' -%}\n"
            "    {%- else -%}{%- set ns.key = 'hostname_invalid' -%}{%- endif -%}\n"
            "  {%- elif ':' in item and not ((port | regex_search("
            f"{self.pattern('PORT_PATTERN')})) and port | int <= {hook.MAX_PORT}) -%}}\n"
            "    {%- set ns.key = 'hostname_port' -%}\n"
            "  {%- elif item in ns.seen -%}{%- set ns.key = 'hostname_duplicate' -%}\n"
            "  {%- else -%}{%- set ns.seen = ns.seen + [item] -%}\n"
            "  {%- endif -%}\n"
            "{%- endfor -%}{%- endif -%}\n"
            + self.report(keys, answer=answer, value=answer, item="ns.item", port="ns.port")
        )

    def check_text(self, answer: str) -> str:
        return (
            f"{{%- if not ({answer} | regex_search({self.pattern('TEXT_PATTERN')})) "
            f"or {answer} | length > {self.hook.MAX_TEXT_LENGTH} -%}}\n"
            f"{self.message('text', answer=answer, value=answer)}\n"
            "{%- endif -%}"
        )

    def check_retention_days(self, answer: str) -> str:
        return (
            f"{{%- if not ({answer} | regex_search({self.pattern('RETENTION_PATTERN')})) -%}}\n"
            f"{self.message('retention_not_number', answer=answer, value=answer)}\n"
            f"{{%- elif {answer} | int > {self.hook.MAX_RETENTION_DAYS} -%}}\n"
            f"{self.message('retention_too_large', answer=answer, value=answer)}\n"
            "{%- endif -%}"
        )

    def validator(self, answer: str) -> str | None:
        check = self.hook.CHECKS.get(answer)
        return getattr(self, check.__name__)(answer) if check else None


def block(text: str, indent: str) -> str:
    """A YAML literal block scalar (`|-`) holding `text`."""
    return "|-\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def copier_default(value: str) -> str:
    """A cookiecutter default as copier sees it: copier has no `cookiecutter.` namespace."""
    return re.sub(r"\bcookiecutter\.", "", value)


def question(name: str, value: object, prompt: object, rules: Rules) -> str:
    lines = [f"{name}:"]
    if isinstance(value, bool):
        lines += ["  type: bool", f"  help: {yaml_str(prompt or name)}", f"  default: {str(value).lower()}"]
    elif isinstance(value, list):
        labels = prompt if isinstance(prompt, dict) else {}
        lines += ["  type: str", f"  help: {yaml_str(labels.get('__prompt__', name))}", "  choices:"]
        lines += [f"    {yaml_str(labels.get(choice, choice))}: {yaml_str(choice)}" for choice in value]
        lines.append(f"  default: {yaml_str(value[0])}")
    elif isinstance(value, str):
        lines += [
            "  type: str",
            f"  help: {yaml_str(prompt or name)}",
            f"  default: {yaml_str(copier_default(value))}",
        ]
    else:
        raise SystemExit(f"cookiecutter.json: {name}: unsupported value type {type(value).__name__}")
    validator = rules.validator(name)
    if validator:
        lines.append("  validator: " + block(validator, indent="    ").rstrip("\n"))
    return "\n".join(lines) + "\n"


def cookiecutter_namespace(names: list[str]) -> str:
    """The computed `cookiecutter` dict that makes `{{ cookiecutter.x }}` resolve under copier."""
    items = ", ".join(f"{jinja_str(name)}: {name}" for name in names)
    return (
        "# Computed, never asked and not stored: makes {{ cookiecutter.<name> }} resolve in templates.\n"
        "cookiecutter:\n"
        "  type: yaml\n"
        "  when: false\n"
        f"  default: {yaml_str('{{ {' + items + '} | to_json }}')}\n"
    )


def render(context: dict, hook: ModuleType) -> str:
    prompts = context.get("__prompts__", {})
    private = [name for name in context if name.startswith("_") and name != "__prompts__"]
    if private:
        raise SystemExit(f"cookiecutter.json: private variables are not supported yet: {private}")
    names = [name for name in context if not name.startswith("_")]
    unchecked = set(hook.CHECKS) - set(names)
    if unchecked:
        raise SystemExit(f"hooks/pre_gen_project.py checks unknown questions: {sorted(unchecked)}")
    rules = Rules(hook)
    questions = [question(name, context[name], prompts.get(name), rules) for name in names]
    return "\n".join([HEADER, *questions, cookiecutter_namespace(names)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite copier.yml in place")
    action.add_argument("--check", action="store_true", help="exit 1 if copier.yml is stale")
    args = parser.parse_args()
    context = json.loads(COOKIECUTTER_JSON.read_text(encoding="utf-8"))
    text = render(context, load_hook())
    if args.write:
        COPIER_YML.write_text(text, encoding="utf-8")
    elif args.check:
        if COPIER_YML.read_text(encoding="utf-8") != text:
            print("copier.yml is stale: run `make copier-yml`", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
