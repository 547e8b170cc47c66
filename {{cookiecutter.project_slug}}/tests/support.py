"""Helpers for talking to the app the way the ChatKit front end does."""

{% if cookiecutter.auth_style == 'api_token' -%}
import asyncio
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from {{ cookiecutter.package_name }}.auth.api_tokens import ApiTokens, hash_token, new_token
from {{ cookiecutter.package_name }}.store.database import Transactions, create_engine

from .log_scan import never_logged

URL_SECRET = never_logged("test-attachment-link-secret-0123456789abcdef")


def issue_token(
    database_url: str,
    user: str = "alice",
    tenant: str = "tenant-a",
    *,
    lifetime: timedelta = timedelta(minutes=5),
    scopes: Sequence[str] = (),
) -> str:
    """A real API token in the database at ``database_url``, issued as `tokens issue` does."""

    async def issue() -> str:
        engine = create_engine(database_url)
        transactions = Transactions(engine)
        try:
            tokens = ApiTokens(transactions)
            issued = await tokens.issue(
                tenant_id=tenant, user_id=user, name="test", lifetime=lifetime, scopes=scopes
            )
        finally:
            await transactions.close()
            await engine.dispose()
        return issued.token

    # On an event loop of its own, so that async tests can call it too.
    with ThreadPoolExecutor(1) as thread:
        token = thread.submit(asyncio.run, issue()).result()
    never_logged(hash_token(token))
    return never_logged(token)


def forged_token() -> str:
    """A well-formed token that was never issued."""
    return never_logged(new_token())
{%- elif cookiecutter.auth_style == 'session' -%}
import asyncio
import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from {{ cookiecutter.package_name }}.auth.csrf import CSRF_COOKIE, csrf_token_for
from {{ cookiecutter.package_name }}.auth.sessions import SESSION_COOKIE, Sessions, hash_token
from {{ cookiecutter.package_name }}.store.database import Transactions, create_engine

from .log_scan import never_logged

URL_SECRET = never_logged("test-attachment-link-secret-0123456789abcdef")
IDLE, LIFETIME = timedelta(minutes=30), timedelta(hours=1)
# An identity provider that is never called unless a test runs one at this address.
OIDC_ISSUER = "https://login.example.test"
OIDC_CLIENT_ID = "{{ cookiecutter.project_slug }}"
OIDC_CLIENT_SECRET = never_logged("test-client-secret-0123456789abcdef")
OIDC_STATE_SECRET = never_logged("test-sign-in-state-secret-0123456789abcdef")
# The test client's base URL: development settings allow loopback origins.
PAGE_ORIGIN = "http://127.0.0.1"


def start_session(database_url: str, user: str = "alice", tenant: str = "tenant-a") -> str:
    """A real session in the database at ``database_url``, as signing in starts one; the
    token of its cookie."""

    async def start() -> str:
        engine = create_engine(database_url)
        transactions = Transactions(engine)
        try:
            sessions = Sessions(transactions, idle=IDLE, lifetime=LIFETIME)
            started = await sessions.start(tenant_id=tenant, user_id=user)
        finally:
            await transactions.close()
            await engine.dispose()
        return started.token

    # On an event loop of its own, so that async tests can call it too.
    with ThreadPoolExecutor(1) as thread:
        token = thread.submit(asyncio.run, start()).result()
    never_logged(hash_token(token))
    never_logged(csrf_token_for(token))
    return never_logged(token)


def forged_token() -> str:
    """A well-formed session token that was never issued."""
    return never_logged(secrets.token_urlsafe(32))
{%- else -%}
import json
import time
from typing import Any

import jwt

from .log_scan import never_logged

TEST_SECRET = never_logged("test-secret-long-enough-for-every-hmac-algorithm-0123456789abcdef")
URL_SECRET = never_logged("test-attachment-link-secret-0123456789abcdef")
ISSUER = "{{ cookiecutter.project_slug }}-test"
AUDIENCE = "{{ cookiecutter.project_slug }}"


def make_token(
    user: str = "alice",
    tenant: str = "tenant-a",
    *,
    secret: str = TEST_SECRET,
    algorithm: str = "HS256",
    headers: dict[str, Any] | None = None,
    **claims: Any,
) -> str:
    now = int(time.time())
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": user,
        "tid": tenant,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
    }
    payload.update(claims)
    payload = {key: value for key, value in payload.items() if value is not None}
    token = jwt.encode(payload, secret, algorithm=algorithm, headers=headers)
    for part in token.split("."):
        never_logged(part)  # a leaked header, payload or signature counts too
    return never_logged(token)


def forged_token() -> str:
    """A token signed with a key the app does not know."""
    return make_token(secret="x" * 40)
{%- endif %}


{% if cookiecutter.auth_style == 'session' -%}
def auth(token: str, locale: str | None = None) -> dict[str, str]:
    """What our page sends: the session's cookies, its CSRF token echoed, and its origin."""
    csrf_token = csrf_token_for(token)
    headers = {
        "Cookie": f"{SESSION_COOKIE}={token}; {CSRF_COOKIE}={csrf_token}",
        "X-CSRF-Token": csrf_token,
        "Origin": PAGE_ORIGIN,
        "Content-Type": "application/json",
    }
{%- else -%}
def auth(token: str, locale: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
{%- endif %}
    if locale:
        headers["Accept-Language"] = locale
    return headers


def user_input(text: str) -> dict[str, Any]:
    return {
        "content": [{"type": "input_text", "text": never_logged(text)}],
        "attachments": [],
        "inference_options": {},
    }


def create_thread(text: str) -> dict[str, Any]:
    return {"type": "threads.create", "params": {"input": user_input(text)}}


def sse_events(body: str) -> list[dict[str, Any]]:
    """Decode an SSE body of ``data: <json>`` frames."""
    return [
        json.loads(frame.removeprefix("data: "))
        for frame in body.split("\n\n")
        if frame.startswith("data: ")
    ]


def assistant_text(events: list[dict[str, Any]]) -> str:
    return "".join(
        event["update"]["delta"]
        for event in events
        if event["type"] == "thread.item.updated"
        and event["update"]["type"] == "assistant_message.content_part.text_delta"
    )


def created_thread_id(events: list[dict[str, Any]]) -> str:
    return next(event["thread"]["id"] for event in events if event["type"] == "thread.created")


def allowed_methods(response: Any) -> set[str]:
    """The methods a 405's ``Allow`` names, OPTIONS aside: some frameworks answer OPTIONS on
    every route (with no CORS grant), others on none."""
    return {method.strip() for method in response.headers["allow"].split(",")} - {"OPTIONS"}
