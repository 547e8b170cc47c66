"""The launch checklist, as a command: ``{{ cookiecutter.package_name }} preflight``.

It reads the configuration this process would run with, the way ``serve`` reads it, and checks
it against what production needs. Each check returns one line per problem, saying what is
wrong and what to do, never a secret's value; the command prints them and exits 1 if there is
any, so a deployment pipeline can stop on it. It changes nothing: no file, no database.
"""

import asyncio
import ipaddress
import os
import re
from collections.abc import Callable
{%- if cookiecutter.database == 'sqlite' %}
from pathlib import Path
{%- endif %}

from pydantic import SecretStr
from sqlalchemy.engine import URL, make_url

from .http.hosts import bare_host
from .i18n.coverage import incomplete_locales
from .i18n.negotiation import DEFAULT_LOCALE
from .settings import Settings
from .store.availability import DATABASE_UNAVAILABLE
{%- if cookiecutter.encryption == 'aes_gcm' %}
from .store.crypto import parse_key_ring
{%- endif %}
from .store.database import Transactions, create_engine
from .store.migrations import applied_revisions, latest_revisions

Check = Callable[[Settings], list[str]]

{% if cookiecutter.auth_style == 'jwt' -%}
DEVELOPMENT_ISSUER = Settings.model_fields["jwt_issuer"].default
{% endif -%}
OPENAI_KEY = re.compile(r"^sk-[A-Za-z0-9_-]{20,}$")
DOMAIN_KEY_BODY = re.compile(r"^[A-Za-z0-9_-]{16,}$")
DOMAIN_KEY_PREFIX = "domain_pk_"
# Words that copied examples contain. Six letters or more: a random 64-character secret holds
# one by chance about once in three million (a four-letter word like "xxxx": once in twenty
# thousand, too often for a check that must not fail a good secret).
PLACEHOLDER_WORDS = ("change", "example", "placeholder", "replace", "secret", "password")
# A secret with fewer distinct characters than this was typed, not generated.
MIN_DISTINCT_CHARACTERS = 12
MIN_DISTINCT_KEY_BYTES = 16
# Names reserved for documentation and testing (RFC 2606, RFC 6761): never a real deployment.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "test", "invalid")
LOCAL_HOSTS = ("localhost",)
DATABASE_TIMEOUT_SECONDS = 15
MIGRATE = "python -m {{ cookiecutter.package_name }} migrate"


def production_mode(settings: Settings) -> list[str]:
    """The offline model, {{ '/dev/login' if cookiecutter.auth_style == 'session' else '/dev/token' }} and loopback hosts are development features."""
    if settings.is_production:
        return []
    return [
{%- if cookiecutter.auth_style == 'session' %}
        "APP_ENV is development: the offline model may answer, /dev/login signs anyone in and "
        "loopback hosts are accepted. Set APP_ENV=production"
{%- else %}
        "APP_ENV is development: the offline model may answer, /dev/token mints tokens and "
        "loopback hosts are accepted. Set APP_ENV=production"
{%- endif %}
    ]


def model_key(settings: Settings) -> list[str]:
    if settings.openai_api_key is None:
        return [
            "OPENAI_API_KEY is not set: the offline model would answer. Set your OpenAI API key"
        ]
    if not OPENAI_KEY.match(settings.openai_api_key.get_secret_value()):
        return ["OPENAI_API_KEY does not look like an OpenAI API key (sk-...): check its value"]
    return []


def _secrets(settings: Settings) -> dict[str, SecretStr]:
    """The secret settings that are set, by environment variable name."""
    values: dict[str, SecretStr | None] = {
        "OPENAI_API_KEY": settings.openai_api_key,
{%- if cookiecutter.auth_style == 'jwt' %}
        "JWT_SECRET": settings.jwt_secret,
{%- elif cookiecutter.auth_style == 'session' %}
        "OIDC_CLIENT_SECRET": settings.oidc_client_secret,
        "OIDC_STATE_SECRET": settings.oidc_state_secret,
{%- endif %}
        "ATTACHMENT_URL_SECRET": settings.attachment_url_secret,
{%- if cookiecutter.encryption == 'aes_gcm' %}
        "ENCRYPTION_KEYS": settings.encryption_keys,
{%- endif %}
    }
    return {name: value for name, value in values.items() if value is not None}


def secrets_from_environment(settings: Settings) -> list[str]:
    """A secret read from .env sits in a file next to the code, where copies and backups go."""
    # Settings names match the environment case-insensitively; only the value's origin matters.
    environment = {name.upper() for name in os.environ}
    return [
        f"{name} comes from the .env file: in production pass secrets through the "
        "environment (from your secret manager), never a file beside the code"
        for name in _secrets(settings)
        if name not in environment
    ]


def strong_secrets(settings: Settings) -> list[str]:
    problems = []
    secrets = _secrets(settings)
{%- if cookiecutter.auth_style != 'api_token' %}
{%- set own_secret = 'JWT_SECRET' if cookiecutter.auth_style == 'jwt' else 'OIDC_STATE_SECRET' %}
    for name in ("{{ own_secret }}", "ATTACHMENT_URL_SECRET"):
        if name in secrets and _looks_typed(secrets[name].get_secret_value()):
            problems.append(
                f"{name} looks typed or copied, not generated: use `python -m "
                "{{ cookiecutter.package_name }} secrets` or your secret manager's generator"
            )
    if (
        "{{ own_secret }}" in secrets
        and "ATTACHMENT_URL_SECRET" in secrets
        and secrets["{{ own_secret }}"] == secrets["ATTACHMENT_URL_SECRET"]
    ):
        problems.append(
            "{{ own_secret }} and ATTACHMENT_URL_SECRET are the same value: give each its own"
        )
{%- else %}
    link_secret = secrets.get("ATTACHMENT_URL_SECRET")
    if link_secret is not None and _looks_typed(link_secret.get_secret_value()):
        problems.append(
            "ATTACHMENT_URL_SECRET looks typed or copied, not generated: use `python -m "
            "{{ cookiecutter.package_name }} secrets` or your secret manager's generator"
        )
{%- endif %}
{%- if cookiecutter.encryption == 'aes_gcm' %}
    seen: dict[bytes, str] = {}
    for kid, key in parse_key_ring(settings.encryption_keys.get_secret_value()).items():
        if len(set(key)) < MIN_DISTINCT_KEY_BYTES:
            problems.append(
                f"ENCRYPTION_KEYS key {kid!r} is not random bytes: create keys with "
                "`python -m {{ cookiecutter.package_name }} secrets`"
            )
        if key in seen:
            problems.append(f"ENCRYPTION_KEYS key {kid!r} repeats key {seen[key]!r}")
        seen.setdefault(key, kid)
{%- endif %}
    return problems


{% if cookiecutter.auth_style == 'jwt' -%}
def token_issuer(settings: Settings) -> list[str]:
    if settings.jwt_issuer != DEVELOPMENT_ISSUER:
        return []
    return [
        f"JWT_ISSUER is the development default ({DEVELOPMENT_ISSUER}): set it to your "
        "identity provider's issuer, exactly as in its tokens' iss claim"
    ]


{% endif -%}
def hostnames_and_domain_keys(settings: Settings) -> list[str]:
    """Every public hostname is a real name with a real domain key, and no key is stray."""
    if not settings.hostnames:
        return ["HOSTNAMES is empty: list the public hostnames that serve the chat"]
    keys = {bare_host(host): key for host, key in settings.domain_keys.items()}
    problems = []
    used: set[str] = set()
    for hostname in settings.hostnames:
        host = bare_host(hostname)
        if _is_local_or_ip(host):
            problems.append(
                f"HOSTNAMES lists {hostname}: a loopback name or an IP address. List the DNS "
                "names users reach (ChatKit's domain keys are issued per name)"
            )
            continue
        if _is_reserved(host):
            problems.append(
                f"HOSTNAMES lists {hostname}, a name reserved for examples: set HOSTNAMES "
                "to the names users reach"
            )
            continue
        entry = _domain_key_entry(host, keys)
        if entry is None:
            problems.append(
                f"{hostname} has no key in DOMAIN_KEYS: register it in your OpenAI "
                "organization's domain allow-list and add its domain_pk_ key"
            )
            continue
        used.add(entry)
        if _is_placeholder_key(keys[entry]):
            problems.append(
                f"the DOMAIN_KEYS key for {entry} is a placeholder: use the key the domain "
                "allow-list shows for it"
            )
    for host in sorted(set(keys) - used):
        problems.append(
            f"DOMAIN_KEYS has a key for {host}, which is not in HOSTNAMES: the backend "
            "refuses that host. Add it to HOSTNAMES or remove the key"
        )
    return problems


def purge_schedule(settings: Settings) -> list[str]:
    if settings.purge_schedule.strip():
        return []
    return [
        f"PURGE_SCHEDULE is not set: schedule `python -m {{ cookiecutter.package_name }} "
        f"purge` once a day for the whole deployment (deploy/retention/), so threads "
        f"inactive for {settings.retention_days} days are deleted, and write down where it "
        "runs, e.g. PURGE_SCHEDULE='daily 03:17 UTC, cron on the worker host'"
    ]


def json_logs(settings: Settings) -> list[str]:
    if settings.log_format == "json":
        return []
    return [
        f"LOG_FORMAT is {settings.log_format}: set LOG_FORMAT=json so log shippers read "
        "one object per line"
    ]


def untranslated_locales(settings: Settings) -> list[str]:
    """Every supported locale is fully translated (its users would read another language)."""
    return [
        f"locale {each.locale}: {each.translated} of {each.total} messages translated; the rest "
        f"is shown in {DEFAULT_LOCALE}. Translate i18n/locales/{each.locale}.po "
        "(README: Translations)"
        for each in incomplete_locales()
    ]


def database_problems(settings: Settings) -> list[str]:
    """The database answers and carries every migration this code ships."""
    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
{%- if cookiecutter.database == 'sqlite' %}
    # Connecting would create an empty file: report it missing instead.
    if url.database and not Path(url.database).exists():
        return [f"database: {shown} does not exist. Run `{MIGRATE}`"]
{%- endif %}
    try:
        applied = asyncio.run(_applied_revisions(url))
    except DATABASE_UNAVAILABLE as error:
        return [
            f"database: cannot reach {shown} ({type(error).__name__}). Check DATABASE_URL "
            "and that the server runs"
        ]
    latest = latest_revisions()
    if applied != latest:
        return [
            f"database: at revision {', '.join(sorted(applied)) or 'none'}, this code needs "
            f"{', '.join(sorted(latest))}. Run `{MIGRATE}`"
        ]
    return []


async def _applied_revisions(url: URL) -> set[str]:
    engine = create_engine(url)
    transactions = Transactions(engine)
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            return await transactions.run(applied_revisions)
    finally:
        await transactions.close()
        await engine.dispose()


CHECKS: tuple[Check, ...] = (
    production_mode,
    model_key,
    secrets_from_environment,
    strong_secrets,
{%- if cookiecutter.auth_style == 'jwt' %}
    token_issuer,
{%- endif %}
    hostnames_and_domain_keys,
    purge_schedule,
    json_logs,
    untranslated_locales,
    database_problems,
)


def run_checks(settings: Settings) -> list[str]:
    """The problems found, in check order; empty when the deployment is ready."""
    return [problem for check in CHECKS for problem in check(settings)]


def _is_local_or_ip(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_reserved(host: str) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in RESERVED_DOMAINS)


def _domain_key_entry(host: str, keys: dict[str, str]) -> str | None:
    """The DOMAIN_KEYS entry the page uses on ``host``: exact, else the longest wildcard.

    The front end resolves keys the same way (frontend/src/config/domainKeys.ts).
    """
    if host in keys:
        return host
    wildcards = [
        pattern
        for pattern in keys
        if pattern.startswith("*.") and not host.startswith("*.") and host.endswith(pattern[1:])
    ]
    return max(wildcards, key=len, default=None)


def _is_placeholder_key(key: str) -> bool:
    body = key.removeprefix(DOMAIN_KEY_PREFIX)
    return not DOMAIN_KEY_BODY.match(body) or _looks_typed(body) or "localhost" in body


def _looks_typed(value: str) -> bool:
    return len(set(value)) < MIN_DISTINCT_CHARACTERS or _has_placeholder_word(value)


def _has_placeholder_word(value: str) -> bool:
    lowered = value.lower()
    return any(word in lowered for word in PLACEHOLDER_WORDS)
