"""What the framework adapters hand to the endpoints, and what they send back.

An ``IncomingRequest`` is the request as the endpoints need it, whatever the framework; a
``Reply`` is a status, headers and a body or a stream. Error bodies are JSON with a stable
``code`` and a localized ``message``.
"""

import json
from collections.abc import AsyncIterable, AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field

RETRY_AFTER_SECONDS = "5"


@dataclass(frozen=True, slots=True)
class IncomingRequest:
    headers: Mapping[str, str]  # case-insensitive or lower-case names
    body: AsyncIterable[bytes]
    request_id: str
    query: Mapping[str, str] = field(default_factory=dict)
    # Scheme and host as the client reached them, for absolute links (attachments).
    base_url: str = "http://localhost"
    # The client's address (the proxy's X-Forwarded-For, when it is trusted); "" if unknown.
    client: str = ""


@dataclass(slots=True)
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None


def declared_length(headers: Mapping[str, str]) -> int:
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0


async def read_limited(chunks: AsyncIterable[bytes], limit: int) -> bytes | None:
    """The whole body, or None as soon as it exceeds ``limit`` (nothing more is buffered)."""
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def unavailable_reply(code: str, _: Callable[[str], str]) -> Reply:
    message = _("The service is temporarily unavailable. Please try again shortly.")
    reply = error_reply(503, code, message)
    reply.headers["retry-after"] = RETRY_AFTER_SECONDS
    return reply


def error_reply(status: int, code: str, message: str, **extra: object) -> Reply:
    """A JSON error body: a stable ``code`` and a localized ``message``."""
    body = json.dumps({"error": {"code": code, "message": message, **extra}}).encode()
    return Reply(status, {"content-type": "application/json"}, body=body)
