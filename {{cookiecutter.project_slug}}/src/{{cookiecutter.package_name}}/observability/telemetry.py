"""Client telemetry: ``chatkit.log`` / ``chatkit.error`` forwarded by the front end.

The browser already scrubs events; the server does not trust that. An event has a fixed
shape: any field outside it, or a ``data`` key outside the allow-list, refuses the whole
event. Strings are redacted again, and the event is logged as one ``client.log`` or
``client.error`` line, tagged by the endpoint with the caller's user and tenant ids and
correlated by the client's session and thread ids.
"""

import re
from typing import Annotated, Literal

import structlog
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from .logging import redact

MAX_TELEMETRY_BYTES = 8192
ALLOWED_DATA_KEYS = frozenset(
    {
        "threadId",
        "thread_id",
        "itemId",
        "item_id",
        "type",
        "status",
        "code",
        "statusCode",
        "durationMs",
        "duration_ms",
        "attempt",
        "count",
        "phase",
    }
)
_MAX_STRING = 128
# The browser flattens nested data to dotted paths, at most three levels deep.
_DATA_PATH = re.compile(r"^[A-Za-z0-9_]{1,40}(\.[A-Za-z0-9_]{1,40}){0,2}$")

logger = structlog.get_logger("client")

ShortText = Annotated[str, StringConstraints(max_length=256)]
EventName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/-]{1,80}$")]


class ClientContext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sessionId: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    threadId: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,80}$")] | None = None
    locale: Annotated[str, StringConstraints(pattern=r"^[A-Za-z-]{2,16}$")] | None = None
    host: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.:-]{1,253}$")] | None = None
    app: ShortText | None = None


class ClientError(BaseModel):
    model_config = ConfigDict(extra="forbid")

    errorName: ShortText = "Error"
    message: ShortText = ""
    code: ShortText | None = None


class ClientEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["log", "error"]
    name: EventName
    data: dict[str, str | int | float | bool | None] = {}
    context: ClientContext = ClientContext()
    error: ClientError | None = None


def record_client_event(body: bytes) -> bool:
    """Log one client event; False when the payload is not a valid event."""
    if len(body) > MAX_TELEMETRY_BYTES:
        return False
    try:
        event = ClientEvent.model_validate_json(body)
    except ValidationError:
        return False
    if not all(_is_allowed(path) for path in event.data):
        return False
    fields: dict[str, object] = {
        f"data_{path}": _clean(value) for path, value in event.data.items()
    }
    fields.update(
        {
            "client_event": event.name,
            "client_session_id": event.context.sessionId,
            "thread_id": event.context.threadId,
            "client_locale": event.context.locale,
            "client_host": event.context.host,
        }
    )
    if event.error is not None:
        fields.update(
            error_name=redact(event.error.errorName)[:_MAX_STRING],
            error_message=redact(event.error.message)[:_MAX_STRING],
            error_code=event.error.code,
        )
        logger.warning("client.error", **fields)
    else:
        logger.info("client.log", **fields)
    return True


def _is_allowed(path: str) -> bool:
    return bool(_DATA_PATH.match(path)) and path.rsplit(".", 1)[-1] in ALLOWED_DATA_KEYS


def _clean(value: str | int | float | bool | None) -> str | int | float | bool | None:
    return redact(value)[:_MAX_STRING] if isinstance(value, str) else value
