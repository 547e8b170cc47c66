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


def auth(token: str, locale: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
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
