"""The template's documentation stays true to the template.

The option tables in the README and docs/options.md match cookiecutter.json; links resolve;
the generated-project paths that docs/architecture.md and docs/production-checklist.md cite
exist; the production checklist covers every item of OpenAI's production guide, each with a
test that proves it.
"""

from __future__ import annotations

import functools
import re

import pytest

import pre_gen_project as hook
from rendering import TEMPLATE, cookiecutter_context, question_names

DOCUMENTS = ["README.md", "docs/options.md"]
CODE = re.compile(r"`([^`]+)`")
PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
PACKAGE_PLACEHOLDER = "<package>"
PACKAGE_DIRECTORY = "{{cookiecutter.package_name}}"


def table(document: str, first_column: str, after: str | None = None) -> list[dict[str, str]]:
    """Rows of the first table whose header starts with `| <first_column> |` (below the line
    `after`, when given), as dicts."""
    lines = (TEMPLATE / document).read_text(encoding="utf-8").splitlines()
    below = lines.index(after) if after is not None else 0
    start = next(
        i for i, line in enumerate(lines) if i > below and re.match(rf"\|\s*{first_column}\s*\|", line)
    )
    header = [cell.strip() for cell in lines[start].strip().strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def option_table(document: str) -> dict[str, dict[str, str]]:
    """Rows of the table whose header starts with `| option |`, by option name."""
    rows = {}
    for cells in table(document, "option"):
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


# Links ---------------------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
LINKED_DOCUMENTS = ["README.md", *sorted(f"docs/{path.name}" for path in (TEMPLATE / "docs").glob("*.md"))]


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the document's headings (duplicates get -1, -2, ...)."""
    anchors: set[str] = set()
    in_fence = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match is None:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
        anchor, count = slug, 0
        while anchor in anchors:
            count += 1
            anchor = f"{slug}-{count}"
        anchors.add(anchor)
    return anchors


def relative_links(document: str) -> list[str]:
    """Links to files of this repository (no URL scheme), outside code blocks."""
    text = re.sub(r"^```.*?^```", "", (TEMPLATE / document).read_text(encoding="utf-8"), flags=re.M | re.S)
    return [target for target in LINK.findall(text) if not SCHEME.match(target)]


def test_the_documentation_is_all_listed_in_the_readme():
    listed = relative_links("README.md")
    assert [document for document in LINKED_DOCUMENTS[1:] if document not in listed] == []


@pytest.mark.parametrize("document", LINKED_DOCUMENTS)
def test_every_relative_link_resolves(document):
    source = TEMPLATE / document
    broken = []
    for target in relative_links(document):
        path_part, _, anchor = target.partition("#")
        linked = (source.parent / path_part).resolve() if path_part else source
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked.read_text("utf-8")):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == []


# Paths of the generated project ----------------------------------------------------------------

# A code span naming a file or directory of the generated project.
PROJECT_ROOTS = "src|tests|frontend|migrations|deploy|benchmarks|docs"
PROJECT_PATH = re.compile(rf"^(?:(?:{PROJECT_ROOTS})/\S*|\.env\.example)$")
# A code span naming a file or directory of this repository (or of the generated project).
REPOSITORY_PATH = re.compile(r"^(?!/)(?!\S*://)\S*/\S*$|^[\w.-]+\.(?:json|yml|toml|txt|py|md)$|^Makefile$")
JINJA_TAG = re.compile(r"\{%.*?%\}")
# Names rendered from a value rather than written out in the template tree.
RENDERED_NAMES = {"{{ _copier_conf.answers_file }}": ".copier-answers.yml"}
TEMPLATE_SECTION = "## The template repository"


@functools.cache
def project_tree() -> frozenset[str]:
    """Every path of the generated project, as rendered when its condition holds.

    A conditional file's name keeps only what it renders to (its `{% if %}` tags dropped);
    directories end with `/`.
    """
    paths = set()
    for path in PROJECT.rglob("*"):
        relative = JINJA_TAG.sub("", path.relative_to(PROJECT).as_posix())
        for name, rendered in RENDERED_NAMES.items():
            relative = relative.replace(name, rendered)
        paths.add(relative + "/" if path.is_dir() else relative)
    return frozenset(paths)


def in_project(cited: str) -> bool:
    path = cited.replace(PACKAGE_PLACEHOLDER, PACKAGE_DIRECTORY)
    return path in project_tree() or path.rstrip("/") + "/" in project_tree()


def in_repository(cited: str) -> bool:
    return in_project(cited) or (TEMPLATE / cited).exists()


def cited_paths(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [span for span in CODE.findall(text) if pattern.match(span)]


def architecture_parts() -> tuple[str, str]:
    """docs/architecture.md: the generated project's part and the template repository's."""
    text = (TEMPLATE / "docs" / "architecture.md").read_text(encoding="utf-8")
    project, found, repository = text.partition(TEMPLATE_SECTION)
    assert found, f"docs/architecture.md has no '{TEMPLATE_SECTION}' section"
    return project, repository


def test_the_architecture_cites_only_existing_project_paths():
    project, _ = architecture_parts()
    cited = cited_paths(project, PROJECT_PATH)
    assert len(cited) > 40
    assert [path for path in cited if not in_project(path)] == []


def test_the_architecture_cites_only_existing_repository_paths():
    _, repository = architecture_parts()
    cited = cited_paths(repository, REPOSITORY_PATH)
    sources = {"cookiecutter.json", "copier.yml", "scripts/gen_copier.py", "hooks/pre_gen_project.py"}
    assert sources <= set(cited)
    assert [path for path in cited if not in_repository(path)] == []


def test_the_checklist_cites_only_existing_project_paths():
    text = (TEMPLATE / "docs" / "production-checklist.md").read_text(encoding="utf-8")
    cited = cited_paths(text, PROJECT_PATH)
    assert len(cited) > 60
    assert [path for path in cited if not in_project(path)] == []


def test_the_path_check_sees_conditional_files_and_refuses_unknown_ones():
    assert in_project("src/<package>/store/crypto.py")  # only with encryption=aes_gcm
    assert in_project("src/<package>/i18n/locales/fr.po")
    assert in_project("deploy/retention/")
    assert not in_project("src/<package>/store/nothing.py")
    assert not in_project("src/chat_assistant/settings.py")


# The production checklist ------------------------------------------------------------------------

CHECKLIST = "docs/production-checklist.md"
# The items of OpenAI's "Prepare your app for production" guide for ChatKit, in its order, by
# short name: one row each in the checklist's table, first column.
GUIDE_ITEMS = (
    # Localize prompts, UI copy, and tool output
    "supported locales and default",
    "browser locale by default",
    "client locale override",
    "Accept-Language drives the backend",
    "locale in the request context",
    "localized tool output",
    "localized errors",
    "locale in model instructions",
    # Monitor logs and errors
    "forward client log and error events",
    "tag client events with user, session and thread ids",
    "scrub client events",
    "log incoming requests",
    "log ChatKitServer.process calls",
    "log Store calls",
    "log model calls",
    "log tool and business errors",
    # Security and authentication
    "authenticate every request",
    "request context with user, tenant and scopes",
    "authorize threads and attachments by user and tenant",
    "secrets in the environment",
    "validate inputs",
    "treat user input, attachments and tool output as untrusted",
    "no user values in the system role",
    "static system messages",
    # Handle PII and data retention
    "decide what is persisted and for how long",
    "retention policy in the Store",
    "no unnecessary PII in metadata or tool output",
    "encryption at rest",
    # Domain keys
    "register each hostname",
    "domainKey per hostname in the client",
    "all production hostnames registered",
)
TEST_FILE = re.compile(r"^(?:tests/test_\w+\.py|frontend/tests/\w+\.test\.ts)$")


def checklist_rows() -> list[dict[str, str]]:
    return table(CHECKLIST, "guide item")


def test_the_checklist_has_one_row_per_guide_item_in_order():
    assert [row["guide item"] for row in checklist_rows()] == list(GUIDE_ITEMS)


def test_the_checklist_columns():
    columns = ["guide item", "what the generated project does", "where", "proven by"]
    assert list(checklist_rows()[0]) == columns


@pytest.mark.parametrize("row", checklist_rows(), ids=lambda row: row["guide item"])
def test_each_checklist_row_says_where_and_names_an_existing_test(row):
    where = cited_paths(row["where"], PROJECT_PATH)
    tests = CODE.findall(row["proven by"])
    assert where, "name the files that do it"
    assert tests, "name the test files that prove it"
    assert [path for path in tests if not TEST_FILE.match(path)] == [], "only test files here"
    assert [path for path in where + tests if not in_project(path)] == []


# Files per choice ------------------------------------------------------------------------------

CHOICE_FILE = re.compile(r"^\{% if cookiecutter\.(\w+) == '([^']+)' %\}([^{]+)\{% endif %\}$")


def files_per_choice_in_the_tree() -> dict[tuple[str, str], set[str]]:
    """Conditional files written for one value of a choice option, by (option, value)."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in PROJECT.rglob("*"):
        match = CHOICE_FILE.match(path.name)
        if match and path.is_file():
            option, value, name = match.groups()
            relative = path.parent.relative_to(PROJECT) / name
            found.setdefault((option, value), set()).add(
                relative.as_posix().replace(PACKAGE_DIRECTORY, PACKAGE_PLACEHOLDER)
            )
    return found


def test_options_md_lists_the_files_each_choice_writes():
    documented = {
        (CODE.findall(row["option"])[0], CODE.findall(row["value"])[0]): set(CODE.findall(row["files"]))
        for row in table("docs/options.md", "option", after="## Files each choice writes")
    }
    assert documented == files_per_choice_in_the_tree()
