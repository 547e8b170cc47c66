"""Validate the answers before cookiecutter writes anything.

This file is the single home of the validation rules. Copier cannot run hooks, so
`scripts/gen_copier.py` reads the rule data below (patterns, lists, limits, messages) and
writes the same checks into `copier.yml` as `validator:` expressions; the template's tests
check that both renderers reject the same answers with the same message.

Cookiecutter renders this file with Jinja before running it, so it must stay free of Jinja
syntax except for the one raw string in `rendered_answers()`. It uses the standard library
only: the Python that runs cookiecutter may have nothing else installed.
"""

from __future__ import annotations

import json
import re
import sys

# Locales the template ships translations for. Adding one means adding its catalog to the
# generated project and its code here, then regenerating copier.yml (make copier-yml).
SHIPPED_LOCALES = ("en", "fr", "de")

IDENTIFIER_PATTERN = r"\A[a-z_][a-z0-9_]*\Z"
DNS_LABEL_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DNS_NAME_PATTERN = r"\A(?:" + DNS_LABEL_PATTERN + r"\.)+" + DNS_LABEL_PATTERN + r"\Z"
PORT_PATTERN = r"\A[1-9][0-9]{0,4}\Z"
WHITESPACE_PATTERN = r"\s"
RETENTION_PATTERN = r"\A[1-9][0-9]*\Z"
# Free text lands inside Python, TOML and format strings: one line, no quotes, backslashes
# or braces, and not blank.
TEXT_PATTERN = r'\A[^"\\{}\x00-\x1f\x7f]*[^"\\{}\s][^"\\{}\x00-\x1f\x7f]*\Z'
MAX_TEXT_LENGTH = 120

MAX_DNS_NAME_LENGTH = 253
MAX_PORT = 65535
MAX_RETENTION_DAYS = 36500

# Names a project or package must not take: importing them from the project's `src/` would
# shadow Python itself, a dependency, or a directory of the generated project.
PYTHON_KEYWORDS = (
    "and as assert async await break class continue def del elif else except finally for from "
    "global if import in is lambda nonlocal not or pass raise return try while with yield"
).split()
# sys.stdlib_module_names (public, lowercase) of Python 3.10 to 3.14, plus the `test` package.
STDLIB_MODULES = (
    "abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit "
    "audioop base64 bdb binascii bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code "
    "codecs codeop collections colorsys compileall compression concurrent configparser "
    "contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm "
    "decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler "
    "fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass "
    "gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp "
    "importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging "
    "lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt "
    "multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os "
    "ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix "
    "posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue "
    "quopri random re readline reprlib resource rlcompleter runpy sched secrets select "
    "selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd "
    "sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct "
    "subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios "
    "test textwrap this threading time timeit tkinter token tokenize tomllib trace traceback "
    "tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv "
    "warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile "
    "zipimport zlib zoneinfo"
).split()
# Top-level import names of the generated project's dependencies, every option included.
DEPENDENCY_MODULES = (
    "agents aiosqlite alembic anyio asgi_correlation_id babel chatkit cryptography django "
    "fastapi httpx jwt litestar openai psycopg pydantic pydantic_core pydantic_settings pytest "
    "pytest_asyncio sqlalchemy starlette structlog uvicorn"
).split()
PROJECT_DIRECTORIES = ("frontend", "migrations", "src", "tests")
RESERVED_NAMES = tuple(
    sorted(set(PYTHON_KEYWORDS + STDLIB_MODULES + DEPENDENCY_MODULES + list(PROJECT_DIRECTORIES)))
)

# One line per failure: which answer, what value, what to do. Placeholders: {answer} is the
# question's name, {value} its whole answer, {item} one entry of a comma list, {port} the
# port of a host name; the upper-case ones are constants filled in from the data above.
MESSAGES = {
    "text": (
        "{answer}: '{value}' must be one line of at most {MAX_TEXT_LENGTH} characters, not blank, "
        "without double quotes, backslashes or braces"
    ),
    "identifier": (
        "{answer}: '{value}' is not a lowercase Python identifier; use lowercase letters, "
        "digits and underscores, not starting with a digit (e.g. chat_assistant)"
    ),
    "reserved": (
        "{answer}: '{value}' is a Python keyword or the name of a standard-library, dependency "
        "or project module; choose another name (e.g. {value}_app)"
    ),
    "locales_empty": (
        "{answer}: no locale given; list at least one of {AVAILABLE_LOCALES}, separated by commas"
    ),
    "locale_empty_entry": (
        "{answer}: '{value}' has an empty entry; separate locales with single commas (e.g. en,fr)"
    ),
    "locale_duplicate": "{answer}: '{item}' is listed twice in '{value}'; list each locale once",
    "locale_unknown": (
        "{answer}: the template ships no translations for '{item}'; choose from {AVAILABLE_LOCALES}"
    ),
    "hostnames_empty": (
        "{answer}: no host name given; list at least one, separated by commas (e.g. app.example.com)"
    ),
    "hostname_empty_entry": (
        "{answer}: '{value}' has an empty entry; separate host names with single commas "
        "(e.g. app.example.com,localhost)"
    ),
    "hostname_scheme": (
        "{answer}: '{item}' has a scheme; give the bare host name, without http:// or https://"
    ),
    "hostname_path": (
        "{answer}: '{item}' has a path; give the bare host name, without '/' or anything after it"
    ),
    "hostname_space": "{answer}: '{item}' contains whitespace; remove it (separate host names with commas)",
    "hostname_uppercase": "{answer}: '{item}' has uppercase letters; write host names in lowercase",
    "hostname_wildcard_tld": (
        "{answer}: '{item}' puts a wildcard on a top-level domain; put it below a domain you "
        "own (e.g. *.example.com)"
    ),
    "hostname_invalid": (
        "{answer}: '{item}' is not a valid DNS name; use labels of a-z, 0-9 and inner hyphens "
        "(at most 63 characters each, {MAX_DNS_NAME_LENGTH} in all) with at least one dot, or "
        "localhost; write internationalized names in their xn-- form"
    ),
    "hostname_port": "{answer}: '{item}' has an invalid port '{port}'; use a number from 1 to {MAX_PORT}",
    "hostname_duplicate": "{answer}: '{item}' is listed twice in '{value}'; list each host name once",
    "retention_not_number": (
        "{answer}: '{value}' is not a positive whole number of days; write digits only, "
        "without a leading zero (e.g. 30)"
    ),
    "retention_too_large": (
        "{answer}: '{value}' is more than {MAX_RETENTION_DAYS} days; choose a smaller number"
    ),
}

CONSTANTS = {
    "MAX_TEXT_LENGTH": str(MAX_TEXT_LENGTH),
    "AVAILABLE_LOCALES": ", ".join(SHIPPED_LOCALES),
    "MAX_DNS_NAME_LENGTH": str(MAX_DNS_NAME_LENGTH),
    "MAX_PORT": str(MAX_PORT),
    "MAX_RETENTION_DAYS": str(MAX_RETENTION_DAYS),
}


def message(key: str, **values: str) -> str:
    """The text of the message `key`, with its placeholders filled in."""
    return MESSAGES[key].format(**CONSTANTS, **values)


def entries(value: str) -> list[str]:
    """The trimmed entries of a comma-separated answer."""
    return [entry.strip() for entry in value.split(",")]


def check_text(answer: str, value: str) -> str | None:
    if not re.search(TEXT_PATTERN, value) or len(value) > MAX_TEXT_LENGTH:
        return message("text", answer=answer, value=value)
    return None


def check_identifier(answer: str, value: str) -> str | None:
    if not re.search(IDENTIFIER_PATTERN, value):
        return message("identifier", answer=answer, value=value)
    if value in RESERVED_NAMES:
        return message("reserved", answer=answer, value=value)
    return None


def locale_key(locale: str) -> str:
    """How two spellings of one locale compare: `pt-BR`, `pt_br` and `PT_BR` are the same."""
    return locale.lower().replace("-", "_")


def check_locales(answer: str, value: str) -> str | None:
    if not value.strip():
        return message("locales_empty", answer=answer)
    seen: list[str] = []
    for item in entries(value):
        if not item:
            return message("locale_empty_entry", answer=answer, value=value)
        if locale_key(item) in seen:
            return message("locale_duplicate", answer=answer, item=item, value=value)
        if item not in SHIPPED_LOCALES:
            return message("locale_unknown", answer=answer, item=item)
        seen.append(locale_key(item))
    return None


def hostname_problem(item: str) -> str:
    """The key of the message for what is wrong with one host name, or "" if nothing is."""
    if not item:
        return "hostname_empty_entry"
    if "://" in item:
        return "hostname_scheme"
    if "/" in item:
        return "hostname_path"
    if re.search(WHITESPACE_PATTERN, item):
        return "hostname_space"
    if item != item.lower():
        return "hostname_uppercase"
    host, _, port = item.partition(":")
    name = host[2:] if host.startswith("*.") else host
    valid_name = re.search(DNS_NAME_PATTERN, name) and len(name) <= MAX_DNS_NAME_LENGTH
    if not (host == "localhost" or valid_name):
        if host.startswith("*.") and re.search(DNS_NAME_PATTERN, name + ".example"):
            return "hostname_wildcard_tld"
        return "hostname_invalid"
    if ":" in item and not (re.search(PORT_PATTERN, port) and int(port) <= MAX_PORT):
        return "hostname_port"
    return ""


def check_hostnames(answer: str, value: str) -> str | None:
    if not value.strip():
        return message("hostnames_empty", answer=answer)
    seen: list[str] = []
    for item in entries(value):
        problem = hostname_problem(item)
        if problem:
            port = item.partition(":")[2]
            return message(problem, answer=answer, item=item, value=value, port=port)
        if item in seen:
            return message("hostname_duplicate", answer=answer, item=item, value=value)
        seen.append(item)
    return None


def check_retention_days(answer: str, value: str) -> str | None:
    if not re.search(RETENTION_PATTERN, value):
        return message("retention_not_number", answer=answer, value=value)
    if int(value) > MAX_RETENTION_DAYS:
        return message("retention_too_large", answer=answer, value=value)
    return None


# Which answers are checked, how, and in which order (the order copier asks them).
CHECKS = {
    "project_name": check_text,
    "project_slug": check_identifier,
    "package_name": check_identifier,
    "description": check_text,
    "author": check_text,
    "supported_locales": check_locales,
    "hostnames": check_hostnames,
    "retention_days": check_retention_days,
}


def validate(answers: dict) -> str | None:
    """The first problem with the answers, in question order, or None if they are all valid."""
    for answer, check in CHECKS.items():
        problem = check(answer, str(answers[answer]))
        if problem:
            return problem
    return None


def rendered_answers() -> dict:
    """The answers, as cookiecutter renders them into this file before running it."""
    # Single quotes on purpose: the JSON is full of double quotes, and tojson escapes single ones.
    return json.loads(r'''{{ cookiecutter | tojson }}''')  # fmt: skip


def main(argv: list[str]) -> int:
    answers = json.loads(argv[1]) if len(argv) > 1 else rendered_answers()
    problem = validate(answers)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
