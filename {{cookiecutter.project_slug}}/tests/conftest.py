"""Shared fixtures: a migrated database, the Store on it, and request contexts."""

{% if cookiecutter.auth_style != 'jwt' -%}
import functools
{% endif -%}
import io
import json
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.auth.signed_urls import LinkSigner
from {{ cookiecutter.package_name }}.chat.attachments import AttachmentLinks, Attachments
from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE
from {{ cookiecutter.package_name }}.observability.logging import configure_logging, log_formatter
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.store.blobs import LocalDirectoryBlobs
{%- if cookiecutter.encryption == 'aes_gcm' %}
from {{ cookiecutter.package_name }}.store.crypto import Cipher, new_key_entry
{%- endif %}
from {{ cookiecutter.package_name }}.store.database import (
    Transactions,
    create_engine,
    create_session_factory,
)
from {{ cookiecutter.package_name }}.store.payloads import Payloads
from {{ cookiecutter.package_name }}.store.sql_store import SqlStore

{% if cookiecutter.database == 'postgres' -%}
from .databases import empty_tables, scratch_database
{%- else -%}
from .databases import scratch_database
{%- endif %}
from .framework import App, TestClient, open_client
{% if cookiecutter.encryption == 'aes_gcm' -%}
from .log_scan import NEVER_LOGGED, find_leaks, never_logged
{%- else -%}
from .log_scan import NEVER_LOGGED, find_leaks
{%- endif %}
from .store_support import alembic_config
{% if cookiecutter.auth_style == 'api_token' -%}
from .support import URL_SECRET, auth, issue_token
{%- elif cookiecutter.auth_style == 'session' -%}
from .support import (
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_ISSUER,
    OIDC_STATE_SECRET,
    URL_SECRET,
    auth,
    start_session,
)
{%- else -%}
from .support import AUDIENCE, ISSUER, TEST_SECRET, URL_SECRET, auth
from .support import make_token as signed_token
{%- endif %}

# ChatKit stamps threads and items with a naive datetime.now(); the app runs with TZ=UTC so
# that naive means UTC, and so do the tests.
os.environ["TZ"] = "UTC"
time.tzset()


@pytest.fixture(scope="session", autouse=True)
def logs_leak_nothing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every line logged in the session, scanned at its end for tokens, secrets, message
    text and e-mail addresses the tests used (``log_scan``); any hit fails the run."""
    configure_logging("INFO", "json")
    path = tmp_path_factory.mktemp("logs") / "session.jsonl"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(log_formatter("json"))
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)
    handler.close()
    text = path.read_text(encoding="utf-8")
    assert text, "the session logged nothing: the scan would prove nothing"
    leaks = find_leaks(text, NEVER_LOGGED)
    assert not leaks, f"logged during the tests: {sorted(set(leaks))[:10]} (see {path})"


{% if cookiecutter.database == 'postgres' -%}
@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for the session, brought to head by the project's own migrations."""
    with scratch_database(tmp_path_factory.mktemp("database")) as url:
        command.upgrade(alembic_config(url), "head")
        yield url


@pytest.fixture
def database_url(migrated_database: str) -> Iterator[str]:
    """The session's database, emptied after each test."""
    yield migrated_database
    empty_tables(migrated_database)
{%- else -%}
@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database brought to head by the project's own migrations."""
    with scratch_database(tmp_path) as url:
        command.upgrade(alembic_config(url), "head")
        yield url
{%- endif %}


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


{% if cookiecutter.encryption == 'aes_gcm' -%}
@pytest.fixture
def cipher() -> Cipher:
    return Cipher.from_setting(new_key_entry("k1"))


@pytest.fixture
def payloads(cipher: Cipher) -> Payloads:
    return Payloads(cipher)
{%- else -%}
@pytest.fixture
def payloads() -> Payloads:
    return Payloads()
{%- endif %}


@pytest.fixture
def blobs(tmp_path: Path) -> LocalDirectoryBlobs:
    return LocalDirectoryBlobs(tmp_path / "attachments")


@pytest.fixture
def attachment_links() -> AttachmentLinks:
    return AttachmentLinks(LinkSigner(URL_SECRET.encode(), lifetime_seconds=900))


@pytest.fixture
async def transactions(engine: AsyncEngine) -> AsyncIterator[Transactions]:
    transactions = Transactions(engine)
    yield transactions
    await transactions.close()


@pytest.fixture
def store(transactions: Transactions, payloads: Payloads, blobs: LocalDirectoryBlobs) -> SqlStore:
    # Without the app's link refresh, so attachments round-trip exactly.
    return SqlStore(transactions, payloads, blobs)


@pytest.fixture
def attachments(
    store: SqlStore,
    blobs: LocalDirectoryBlobs,
    payloads: Payloads,
    attachment_links: AttachmentLinks,
) -> Attachments:
    return Attachments(
        store,
        blobs,
        payloads,
        attachment_links,
        max_bytes=1_048_576,
        max_per_message=3,
        mime_types=("image/png", "text/plain", "application/pdf"),
    )


@pytest.fixture
def make_context() -> Callable[..., RequestContext]:
    def make(
        user: str = "alice", tenant: str = "t1", locale: str = DEFAULT_LOCALE
    ) -> RequestContext:
        return RequestContext(
            user_id=user, tenant_id=tenant, locale=locale, request_id=uuid.uuid4().hex
        )

    return make


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Development settings with test secrets; nothing is read from a developer's .env."""
    return Settings(
        _env_file=None,
        app_env="development",
        database_url=database_url,
        openai_api_key=None,
{%- if cookiecutter.auth_style == 'jwt' %}
        jwt_secret=TEST_SECRET,
        jwt_jwks_url=None,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
{%- elif cookiecutter.auth_style == 'session' %}
        oidc_issuer=OIDC_ISSUER,
        oidc_client_id=OIDC_CLIENT_ID,
        oidc_client_secret=OIDC_CLIENT_SECRET,
        oidc_state_secret=OIDC_STATE_SECRET,
{%- endif %}
        attachment_url_secret=URL_SECRET,
        attachments_dir=tmp_path / "attachments",
        attachment_max_per_message=3,
        frontend_dir=tmp_path / "frontend",  # no build: a developer's frontend/dist stays out
{%- if cookiecutter.encryption == 'aes_gcm' %}
        encryption_keys=never_logged(new_key_entry("k1")),
{%- endif %}
        log_format="json",
        log_level="INFO",
    )


@pytest.fixture
def settings_with(settings: Settings) -> Callable[..., Settings]:
    """The test settings with some values replaced, validated again."""

    def build(**overrides: Any) -> Settings:
        return Settings(_env_file=None, **(dict(settings) | overrides))

    return build


@pytest.fixture
def cli_env(monkeypatch, tmp_path, settings: Settings):
    """Run the CLI from an empty directory (no developer .env) with the test settings."""
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "APP_ENV": "development",
        "DATABASE_URL": settings.database_url,
{%- if cookiecutter.auth_style == 'jwt' %}
        "JWT_SECRET": TEST_SECRET,
        "JWT_ISSUER": ISSUER,
        "JWT_AUDIENCE": AUDIENCE,
{%- elif cookiecutter.auth_style == 'session' %}
        "OIDC_ISSUER": OIDC_ISSUER,
        "OIDC_CLIENT_ID": OIDC_CLIENT_ID,
        "OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET,
        "OIDC_STATE_SECRET": OIDC_STATE_SECRET,
{%- endif %}
{%- if cookiecutter.encryption == 'aes_gcm' %}
        "ENCRYPTION_KEYS": settings.encryption_keys.get_secret_value(),
{%- endif %}
        "ATTACHMENTS_DIR": str(settings.attachments_dir),
        "LOG_FORMAT": "json",
    }.items():
        monkeypatch.setenv(name, value)
{%- if cookiecutter.auth_style == 'jwt' %}
    for name in ("OPENAI_API_KEY", "JWT_JWKS_URL", "JWT_ALGORITHMS", "RETENTION_DAYS"):
{%- elif cookiecutter.auth_style == 'session' %}
    for name in ("OPENAI_API_KEY", "OIDC_SCOPES", "RETENTION_DAYS"):
{%- else %}
    for name in ("OPENAI_API_KEY", "RETENTION_DAYS"):
{%- endif %}
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def app(settings: Settings) -> App:
    return create_app(settings)


@pytest.fixture
def client(app: App) -> Iterator[TestClient]:
    with open_client(app, base_url="http://127.0.0.1") as client:
        yield client


{% if cookiecutter.auth_style == 'api_token' -%}
@pytest.fixture
def make_token(database_url: str) -> Callable[..., str]:
    """A valid credential for ``user`` of ``tenant``: an API token in the test database."""
    return functools.partial(issue_token, database_url)
{%- elif cookiecutter.auth_style == 'session' -%}
@pytest.fixture
def make_token(database_url: str) -> Callable[..., str]:
    """A valid credential for ``user`` of ``tenant``: the token of a session in the test
    database (``support.auth`` turns it into the page's cookies and headers)."""
    return functools.partial(start_session, database_url)
{%- else -%}
@pytest.fixture
def make_token() -> Callable[..., str]:
    """A valid credential for ``user`` of ``tenant``: a JWT signed with the test secret."""
    return signed_token
{%- endif %}


@pytest.fixture
def chatkit(client: TestClient, make_token: Callable[..., str]) -> Callable[..., Any]:
    """POST a ChatKit request as ``user`` of ``tenant`` with a valid token."""

    def post(
        body: dict[str, Any],
        *,
        user: str = "alice",
        tenant: str = "tenant-a",
        locale: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        request_headers = auth(make_token(user, tenant), locale) | (headers or {})
        return client.post("/chatkit", content=json.dumps(body), headers=request_headers)

    return post


@pytest.fixture
def log_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON lines logged since the previous call, formatted exactly as the app's."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(log_formatter("json"))
    logging.getLogger().addHandler(handler)

    def read() -> list[dict[str, Any]]:
        lines = output.getvalue().splitlines()
        output.seek(0)
        output.truncate()
        return [json.loads(line) for line in lines]

    yield read
    logging.getLogger().removeHandler(handler)
