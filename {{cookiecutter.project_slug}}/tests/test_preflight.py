"""`preflight`, the launch checklist, through the command line: a production configuration
passes, and each missing item fails with its own line."""

{% if cookiecutter.encryption == 'aes_gcm' -%}
import base64
{% endif -%}
import json
import os
import secrets
import shutil
{%- if cookiecutter.database == 'sqlite' %}
import sqlite3
{%- endif %}
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
{%- if cookiecutter.database == 'sqlite' %}
from sqlalchemy.engine import make_url
{%- endif %}

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, coverage
from {{ cookiecutter.package_name }}.i18n.catalogs import LOCALES_DIR
{%- if cookiecutter.encryption == 'aes_gcm' %}
from {{ cookiecutter.package_name }}.store.crypto import new_key_entry
{%- endif %}
from {{ cookiecutter.package_name }}.store.migrations import latest_revisions

from .databases import scratch_database, unreachable_database_url
from .expected_text import TRANSLATED_LOCALES, UNTRANSLATED_LOCALES
from .log_scan import never_logged
from .settings_table import settings_table
from .store_support import alembic_config

HOSTNAMES = "chat.acme-corp.io,*.help.acme-corp.io"
# Locales without a catalog of their own fall back to another language: preflight says so.
MIGRATE = "Run `python -m {{ cookiecutter.package_name }} migrate`"
LATEST = ", ".join(sorted(latest_revisions()))
UNTRANSLATED = sorted(
    set(UNTRANSLATED_LOCALES)
    - {locale for locale in UNTRANSLATED_LOCALES if locale.split("-")[0] in TRANSLATED_LOCALES}
)


def domain_key() -> str:
    return f"domain_pk_{secrets.token_hex(24)}"


@pytest.fixture
def production(cli_env, database_url):
    """Every variable a production deployment sets, with values that pass every check."""
    for name, value in {
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "OPENAI_API_KEY": never_logged(f"sk-proj-{secrets.token_urlsafe(40)}"),
{%- if cookiecutter.auth_style == 'jwt' %}
        "JWT_SECRET": never_logged(secrets.token_urlsafe(48)),
        "JWT_ISSUER": "https://login.acme-corp.io/",
{%- elif cookiecutter.auth_style == 'session' %}
        "OIDC_ISSUER": "https://login.acme-corp.io",
        "OIDC_CLIENT_SECRET": never_logged(secrets.token_urlsafe(32)),
        "OIDC_STATE_SECRET": never_logged(secrets.token_urlsafe(48)),
{%- endif %}
        "ATTACHMENT_URL_SECRET": never_logged(secrets.token_urlsafe(48)),
{%- if cookiecutter.encryption == 'aes_gcm' %}
        "ENCRYPTION_KEYS": never_logged(new_key_entry("k2026")),
{%- endif %}
        "HOSTNAMES": HOSTNAMES,
        "DOMAIN_KEYS": json.dumps(
            {"chat.acme-corp.io": domain_key(), "*.help.acme-corp.io": domain_key()}
        ),
        "PURGE_SCHEDULE": "daily 03:17 UTC, cron on the worker host",
        "LOG_FORMAT": "json",
    }.items():
        cli_env.setenv(name, value)
    return cli_env


def preflight(capsys) -> tuple[int, list[str], str]:
    capsys.readouterr()  # only what preflight itself prints
    code = main(["preflight"])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


def problems(capsys) -> list[str]:
    """The failure lines other than the untranslated locales the project was generated with."""
    code, lines, _ = preflight(capsys)
    assert code == 1, "preflight passed, the test expected a failure"
    assert all(line.startswith("preflight: ") for line in lines)
    return [line for line in lines if not line.startswith("preflight: locale ")]


def test_a_production_configuration_passes(production, capsys):
    code, lines, out = preflight(capsys)

    assert all(line.startswith("preflight: locale ") for line in lines), lines
    assert {line.split()[2].rstrip(":") for line in lines} == set(UNTRANSLATED)
    assert code == (1 if UNTRANSLATED else 0)
    if not UNTRANSLATED:
        assert out == "preflight: every check passed\n"


# Set in every production fixture, but checked on their own below: the database by the
# database tests, the hostnames with the domain keys (their default is the generated answer).
CHECKED_APART = {"DATABASE_URL", "HOSTNAMES"}


def test_the_settings_table_marks_exactly_what_production_requires(production, capsys):
    """A variable is marked **required** in the README when preflight fails without it."""
    required = set()
    for name in sorted(set(os.environ) & set(settings_table()) - CHECKED_APART):
        with pytest.MonkeyPatch.context() as without:
            without.delenv(name)
            _, lines, _ = preflight(capsys)
        if [line for line in lines if name in line]:
            required.add(name)

    marked = {name for name, row in settings_table().items() if row.required_in_production}
    assert required == marked
    assert {"APP_ENV", "OPENAI_API_KEY", "PURGE_SCHEDULE", "DOMAIN_KEYS"} <= required


def test_a_wildcard_key_covers_the_hostnames_under_it(production, capsys):
    production.setenv("HOSTNAMES", "chat.acme-corp.io,help.acme-corp.io:8443")
    production.setenv("DOMAIN_KEYS", f"*.acme-corp.io={domain_key()}")

    _, lines, _ = preflight(capsys)

    assert [line for line in lines if not line.startswith("preflight: locale ")] == []


CHAT = "chat.acme-corp.io"
HELP = "*.help.acme-corp.io"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"APP_ENV": "development"}, ["APP_ENV is development: the offline model may answer"]),
        ({"OPENAI_API_KEY": "sk-..."}, ["OPENAI_API_KEY does not look like an OpenAI API key"]),
{%- if cookiecutter.auth_style == 'jwt' %}
        ({"JWT_ISSUER": None}, ["JWT_ISSUER is the development default"]),
{%- endif %}
        ({"PURGE_SCHEDULE": None}, ["PURGE_SCHEDULE is not set: schedule `python -m"]),
        ({"PURGE_SCHEDULE": "  "}, ["PURGE_SCHEDULE is not set"]),
        ({"LOG_FORMAT": "console"}, ["LOG_FORMAT is console: set LOG_FORMAT=json"]),
        (
            {"HOSTNAMES": "app.example.com", "DOMAIN_KEYS": None},
            ["HOSTNAMES lists app.example.com, a name reserved for examples"],
        ),
        (
            {"HOSTNAMES": "127.0.0.1:8000", "DOMAIN_KEYS": None},
            ["HOSTNAMES lists 127.0.0.1:8000: a loopback name or an IP address"],
        ),
        (
            {"HOSTNAMES": "localhost", "DOMAIN_KEYS": None},
            ["HOSTNAMES lists localhost: a loopback name"],
        ),
        ({"HOSTNAMES": ""}, ["HOSTNAMES is empty"]),
        (
            {"HOSTNAMES": f"{HOSTNAMES},support.acme-corp.io"},
            ["support.acme-corp.io has no key in DOMAIN_KEYS: register it"],
        ),
        (
            {"DOMAIN_KEYS": None},
            [f"{CHAT} has no key in DOMAIN_KEYS", f"{HELP} has no key in DOMAIN_KEYS"],
        ),
        (
            # A wildcard covers the names under it, never the name itself.
            {"HOSTNAMES": "help.acme-corp.io"},
            [
                "help.acme-corp.io has no key in DOMAIN_KEYS",
                f"DOMAIN_KEYS has a key for {HELP}, which is not in HOSTNAMES",
                f"DOMAIN_KEYS has a key for {CHAT}, which is not in HOSTNAMES",
            ],
        ),
        (
            {"HOSTNAMES": CHAT, "DOMAIN_KEYS": f"{CHAT}=domain_pk_localhost_dev"},
            [f"the DOMAIN_KEYS key for {CHAT} is a placeholder"],
        ),
        (
            {"HOSTNAMES": CHAT, "DOMAIN_KEYS": f"{CHAT.upper()}=domain_pk_{'x' * 24}"},
            [f"the DOMAIN_KEYS key for {CHAT} is a placeholder"],
        ),
        (
            {"HOSTNAMES": CHAT},
            [f"DOMAIN_KEYS has a key for {HELP}, which is not in HOSTNAMES: the backend refuses"],
        ),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, dict) else "",
)
def test_each_missing_item_fails_with_its_own_line(production, capsys, change, expected):
    for name, value in change.items():
        if value is None:
            production.delenv(name)
        else:
            production.setenv(name, value)

    lines = problems(capsys)

    assert len(lines) == len(expected), lines
    for line, text in zip(lines, expected, strict=True):
        assert text in line


{% if cookiecutter.auth_style == 'jwt' -%}
def test_invalid_settings_are_failures_named_without_their_values(production, capsys):
    short = never_logged("too-short-to-sign")
    production.setenv("JWT_SECRET", short)

    code, lines, _ = preflight(capsys)

    assert code == 1
    assert lines == [
        "preflight: Invalid settings: JWT_SECRET must be at least 32 bytes of random data"
    ]
{%- else -%}
def test_invalid_settings_are_failures_named_without_their_values(production, capsys):
    production.setenv("AUTH_FAILURE_RATE_LIMIT", "often")

    code, lines, _ = preflight(capsys)

    assert code == 1
    assert lines == [
        "preflight: Invalid setting AUTH_FAILURE_RATE_LIMIT: AUTH_FAILURE_RATE_LIMIT 'often' "
        "is not a rate such as 60/minute"
    ]
{%- endif %}


def test_production_refuses_to_run_without_a_model_key(production, capsys):
    production.delenv("OPENAI_API_KEY")

    code, lines, _ = preflight(capsys)

    assert code == 1
    assert lines == [
        "preflight: Invalid settings: APP_ENV=production needs OPENAI_API_KEY: the offline "
        "model is for development only"
    ]


@pytest.mark.parametrize(
    "name",
    [
        "OPENAI_API_KEY",
{%- if cookiecutter.auth_style == 'jwt' %}
        "JWT_SECRET",
{%- elif cookiecutter.auth_style == 'session' %}
        "OIDC_CLIENT_SECRET",
        "OIDC_STATE_SECRET",
{%- endif %}
        "ATTACHMENT_URL_SECRET",
{%- if cookiecutter.encryption == 'aes_gcm' %}
        "ENCRYPTION_KEYS",
{%- endif %}
    ],
)
def test_a_secret_read_from_the_env_file_fails(production, capsys, name):
    value = os.environ[name]
    Path(".env").write_text(f"{name}={value}\n", encoding="utf-8")
    production.delenv(name)

    lines = problems(capsys)

    assert lines == [
        f"preflight: {name} comes from the .env file: in production pass secrets through the "
        "environment (from your secret manager), never a file beside the code"
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
{%- if cookiecutter.auth_style == 'jwt' %}
        ("JWT_SECRET", "change-me-change-me-change-me-change-me"),
        ("JWT_SECRET", "a" * 40 + "b" * 40),
{%- elif cookiecutter.auth_style == 'session' %}
        ("OIDC_STATE_SECRET", "change-me-change-me-change-me-change-me"),
{%- endif %}
        ("ATTACHMENT_URL_SECRET", "this is our secret for links, 2026 edition"),
    ],
)
def test_a_typed_secret_fails_without_being_shown(production, capsys, name, value):
    production.setenv(name, never_logged(value))

    assert problems(capsys) == [
        f"preflight: {name} looks typed or copied, not generated: use `python -m "
        "{{ cookiecutter.package_name }} secrets` or your secret manager's generator"
    ]
{%- if cookiecutter.auth_style != 'api_token' %}
{%- set own_secret = 'JWT_SECRET' if cookiecutter.auth_style == 'jwt' else 'OIDC_STATE_SECRET' %}


def test_one_value_for_two_secrets_fails(production, capsys):
    own = "{{ own_secret }}"
    production.setenv("ATTACHMENT_URL_SECRET", os.environ[own])

    assert problems(capsys) == [
        f"preflight: {own} and ATTACHMENT_URL_SECRET are the same value: give each its own"
    ]
{%- endif %}
{%- if cookiecutter.encryption == 'aes_gcm' %}


def test_encryption_keys_that_are_not_random_fail(production, capsys):
    zeros = base64.b64encode(bytes(32)).decode()
    repeated = new_key_entry("k2").split(":", 1)[1]
    production.setenv("ENCRYPTION_KEYS", f"k3:{zeros},k2:{repeated},k1:{repeated}")

    assert problems(capsys) == [
        "preflight: ENCRYPTION_KEYS key 'k3' is not random bytes: create keys with "
        "`python -m {{ cookiecutter.package_name }} secrets`",
        "preflight: ENCRYPTION_KEYS key 'k1' repeats key 'k2'",
    ]
{%- endif %}


def test_several_failures_are_reported_together(production, capsys):
    production.setenv("APP_ENV", "development")
    production.setenv("LOG_FORMAT", "console")
    production.delenv("PURGE_SCHEDULE")

    lines = problems(capsys)

    assert [line.split(":")[1].split()[0] for line in lines] == [
        "APP_ENV",
        "PURGE_SCHEDULE",
        "LOG_FORMAT",
    ]
{%- if cookiecutter.database == 'sqlite' %}


def test_a_missing_database_fails_and_is_not_created(production, capsys, tmp_path):
    (tmp_path / "fresh").mkdir()
    with scratch_database(tmp_path / "fresh") as url:
        production.setenv("DATABASE_URL", url)
        path = Path(str(make_url(url).database))

        lines = problems(capsys)

        assert lines == [f"preflight: database: {url} does not exist. {MIGRATE}"]
        assert not path.exists()


def test_a_database_never_migrated_fails(production, capsys, tmp_path):
    (tmp_path / "fresh").mkdir()
    with scratch_database(tmp_path / "fresh") as url:
        sqlite3.connect(str(make_url(url).database)).close()
        production.setenv("DATABASE_URL", url)

        assert problems(capsys) == [
            f"preflight: database: at revision none, this code needs {LATEST}. {MIGRATE}"
        ]
{%- else %}


def test_a_database_never_migrated_fails(production, capsys, tmp_path):
    with scratch_database(tmp_path) as url:
        production.setenv("DATABASE_URL", url)

        assert problems(capsys) == [
            f"preflight: database: at revision none, this code needs {LATEST}. {MIGRATE}"
        ]
{%- endif %}


def test_a_database_behind_the_code_fails(production, capsys, tmp_path):
    (tmp_path / "older").mkdir()
    with scratch_database(tmp_path / "older") as url:
        config = alembic_config(url)
        command.upgrade(config, "head")
        command.downgrade(config, "-1")
        previous = ScriptDirectory.from_config(config).get_revision(LATEST).down_revision
        production.setenv("DATABASE_URL", url)

        assert problems(capsys) == [
            f"preflight: database: at revision {previous}, this code needs {LATEST}. {MIGRATE}"
        ]


def test_an_unreachable_database_fails(production, capsys, tmp_path):
    production.setenv("DATABASE_URL", unreachable_database_url(tmp_path))

    lines = problems(capsys)

    assert len(lines) == 1
    assert lines[0].startswith("preflight: database: cannot reach ")
    assert lines[0].endswith("Check DATABASE_URL and that the server runs")


def test_a_half_translated_catalog_is_reported(production, capsys, tmp_path, monkeypatch):
    locales = shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    catalog = locales / f"{DEFAULT_LOCALE}.po"
    text = catalog.read_text(encoding="utf-8")
    # Blank the translation of one message, as a new message looks before it is translated.
    entry = 'msgid "Sign in to continue."\nmsgstr "'
    start = text.index(entry) + len(entry)
    catalog.write_text(text[:start] + text[text.index('"\n', start) :], encoding="utf-8")
    monkeypatch.setattr(coverage, "LOCALES_DIR", locales)

    code, lines, _ = preflight(capsys)

    total = len(coverage.message_ids())
    assert code == 1
    assert (
        f"preflight: locale {DEFAULT_LOCALE}: {total - 1} of {total} messages translated; "
        f"the rest is shown in {DEFAULT_LOCALE}."
    ) in "\n".join(lines)
