"""The documentation names only what exists: its links resolve, and every make target, command,
setting and test file it mentions is real.

Read: README.md, frontend/README.md and docs/*.md. Commands, targets and settings are looked
for in code only (inline `code` and fenced blocks), where the docs write them.
"""

import argparse
import re
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.cli import _parser
from {{ cookiecutter.package_name }}.settings import Settings

PROJECT = Path(__file__).resolve().parents[1]
DOCUMENTS = [
    PROJECT / "README.md",
    PROJECT / "frontend" / "README.md",
    *sorted((PROJECT / "docs").glob("*.md")),
]
PACKAGE = "{{ cookiecutter.package_name }}"

# Upper-case names the docs may show that belong to other programs, not to Settings.
EXTERNAL_VARIABLES = re.compile(
    r"OTEL_[A-Z0-9_]+"  # the OpenTelemetry SDK (docs/logging-and-tracing.md)
    r"|WEB_CONCURRENCY|FORWARDED_ALLOW_IPS"  # uvicorn's, the defaults of `serve`'s options
    r"|POSTGRES_[A-Z0-9_]+"  # the postgres container image
    r"|CHROMIUM_PATH"  # the browser test's driver (frontend/e2e/browser.mjs)
)

FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# A setting-like name: upper-case words joined by underscores (`LOG_LEVEL`), alone in its code
# span or assigned (`APP_ENV=production`); in code blocks, any assignment (`NAME=...`).
SETTING_NAME = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
SETTING_SPAN = re.compile(rf"^({SETTING_NAME})(?:=.*)?$")
SETTING_ASSIGNED = re.compile(rf"(?<![\w$-])({SETTING_NAME})=")
MAKE = re.compile(r"(?<![\w/.-])make((?:\s+(?:-C\s+\S+|--?[a-z][\w-]*))*)\s+([a-z][\w-]*)")
COMMAND = re.compile(rf"-m\s+{PACKAGE}\s+([a-z][\w-]*)")
TEST_FILE = re.compile(r"(?<![\w/.-])((?:frontend/)?tests/[\w./-]+\.(?:py|ts))(?:::(\w+))?")
# Names the project's own code defines: Python and TypeScript constants, Makefile variables.
PYTHON_CONSTANT = re.compile(r"^\s*([A-Z][A-Z0-9_]*)\s*(?::[^=\n]+)?=(?!=)", re.MULTILINE)
TS_CONSTANT = re.compile(r"\bconst\s+([A-Z][A-Z0-9_]*)\b")
MAKE_VARIABLE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*[:?+]?=|\$\(([A-Z][A-Z0-9_]*)\)", re.MULTILINE)
MAKE_TARGET = re.compile(r"^([\w.-]+(?:\s+[\w.-]+)*)\s*:(?!=)", re.MULTILINE)


def _name(document: Path) -> str:
    return document.relative_to(PROJECT).as_posix()


def _code(text: str) -> list[str]:
    """The fenced blocks and the inline code spans of a Markdown text."""
    blocks = FENCE.findall(text)
    return blocks + INLINE_CODE.findall(FENCE.sub("", text))


def _slug(heading: str) -> str:
    """The anchor a heading gets: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(document: Path) -> set[str]:
    anchors: set[str] = set()
    for heading in HEADING.findall(FENCE.sub("", document.read_text(encoding="utf-8"))):
        slug = base = _slug(heading)
        count = 0
        while slug in anchors:
            count += 1
            slug = f"{base}-{count}"
        anchors.add(slug)
    return anchors


def _make_targets() -> set[str]:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    return {
        target
        for line in MAKE_TARGET.findall(makefile)
        for target in line.split()
        if re.fullmatch(r"[a-z][\w-]*", target)
    }


def _subcommands() -> set[str]:
    parser = _parser()
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def _defined_names() -> set[str]:
    names: set[str] = set()
    for path in [*(PROJECT / "src").rglob("*.py"), *(PROJECT / "tests").glob("*.py")]:
        names.update(PYTHON_CONSTANT.findall(path.read_text(encoding="utf-8")))
    for path in (PROJECT / "frontend" / "src").rglob("*.ts*"):
        names.update(TS_CONSTANT.findall(path.read_text(encoding="utf-8")))
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    for assigned, used in MAKE_VARIABLE.findall(makefile):
        names.add(assigned or used)
    return names


@pytest.fixture(params=DOCUMENTS, ids=_name)
def document(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_every_relative_link_resolves(document: Path) -> None:
    text = FENCE.sub("", document.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == [], f"{_name(document)}: broken links"


def test_every_make_target_exists(document: Path) -> None:
    targets = _make_targets()
    mentioned = {
        target
        for code in _code(document.read_text(encoding="utf-8"))
        for _, target in MAKE.findall(code)
    }
    assert sorted(mentioned - targets) == [], f"{_name(document)}: not targets of the Makefile"


def test_every_command_exists(document: Path) -> None:
    commands = _subcommands()
    mentioned = {
        command
        for code in _code(document.read_text(encoding="utf-8"))
        for command in COMMAND.findall(code)
    }
    assert sorted(mentioned - commands) == [], f"{_name(document)}: not commands of the CLI"


def test_every_setting_exists(document: Path) -> None:
    """Names that look like settings are fields of Settings, names the project's code defines
    (`SUPPORTED_LOCALES`, `BENCH_ARGS`), or other programs' variables (EXTERNAL_VARIABLES)."""
    known = {name.upper() for name in Settings.model_fields} | _defined_names()
    mentioned = set()
    for code in _code(document.read_text(encoding="utf-8")):
        if "\n" in code:  # a fenced block
            mentioned.update(SETTING_ASSIGNED.findall(code))
        elif match := SETTING_SPAN.match(code):
            mentioned.add(match.group(1))
    unknown = sorted(name for name in mentioned - known if not EXTERNAL_VARIABLES.fullmatch(name))
    assert unknown == [], f"{_name(document)}: neither settings nor defined names"


def test_every_test_file_named_exists(document: Path) -> None:
    missing = []
    for code in _code(document.read_text(encoding="utf-8")):
        for path, function in TEST_FILE.findall(code):
            test_file = PROJECT / path
            if not test_file.is_file():
                missing.append(path)
            elif function and not re.search(
                rf"^(?:async )?def {function}\(", test_file.read_text(encoding="utf-8"), re.M
            ):
                missing.append(f"{path}::{function}")
    assert missing == [], f"{_name(document)}: no such tests"


def test_the_checks_find_what_they_look_for() -> None:
    """The patterns above match the ways the docs write things, so a pass means something."""
    sample = (
        "Run `make catalogs-update`, `python -m " + PACKAGE + " purge --dry-run` and\n"
        "`APP_ENV=production`; see [ops](docs/operations.md#health-endpoints).\n"
        "```bash\nmake -C .. catalogs\nDOMAIN_KEYS='{}' npm run build\n```\n"
        "1. Step:\n\n   ```bash\n   python -m " + PACKAGE + " migrate\n   ```\n"
    )
    code = _code(sample)
    assert {target for block in code for _, target in MAKE.findall(block)} == {
        "catalogs-update",
        "catalogs",
    }
    assert sorted(command for block in code for command in COMMAND.findall(block)) == [
        "migrate",
        "purge",
    ]
    assert SETTING_SPAN.match("APP_ENV=production")
    assert SETTING_ASSIGNED.findall(code[0]) == ["DOMAIN_KEYS"]
    assert LINK.findall(sample) == ["docs/operations.md#health-endpoints"]
    assert _slug("Launch checklist: `preflight`") == "launch-checklist-preflight"
    assert _slug("The Agents SDK's own trace export") == "the-agents-sdks-own-trace-export"
    assert {"dev", "test", "catalogs"} <= _make_targets()
    assert {"serve", "migrate", "purge", "preflight"} <= _subcommands()
