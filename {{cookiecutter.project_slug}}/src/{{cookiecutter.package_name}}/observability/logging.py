"""One JSON log pipeline for the app and every library logger (uvicorn, chatkit, agents, ...).

Each line carries a UTC timestamp, level, logger and the request's ids (``request_id`` from
the correlation middleware, ``user_id``/``tenant_id``/``thread_id`` bound by the endpoint),
never message text: values under content-bearing keys are replaced before rendering.
"""

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from asgi_correlation_id import correlation_id

REDACTED = "[REDACTED]"
SENSITIVE_KEYS = frozenset(
    {
        "authorization",
        "cookie",
        "set-cookie",
        "token",
        "access_token",
        "password",
        "secret",
        "api_key",
        "content",
        "text",
        "input",
        "output",
        "prompt",
        "title",
    }
)
_SECRET_PATTERNS = re.compile(
    r"(?i)bearer\s+[\w.~+/=-]+|eyJ[\w-]+\.[\w-]+\.[\w-]+|\bsk-[\w-]{8,}|[\w.+-]+@[\w-]+\.[\w.-]+"
)
# Signed attachment links carry their credential in the query string (access logs).
_QUERY_TOKEN = re.compile(r"(?i)([?&](?:token|access_token)=)[^&\s\"']+")
# Library loggers that would otherwise print with their own handlers and formats.
LIBRARY_LOGGERS = (
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "chatkit",
    "openai.agents",
    "openai",
)


def redact(text: str) -> str:
    """Mask bearer tokens, JWTs, API keys, e-mail addresses and link tokens in a string."""
    return _QUERY_TOKEN.sub(rf"\1{REDACTED}", _SECRET_PATTERNS.sub(REDACTED, text))


def _add_request_id(
    logger: Any, method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    request_id = correlation_id.get()
    if request_id:
        event.setdefault("request_id", request_id)
    return event


def _scrub(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in event.keys() & SENSITIVE_KEYS:
        event[key] = REDACTED
    message = event.get("event")
    if isinstance(message, str):
        event["event"] = redact(message)
    return event


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        _add_request_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _scrub,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in LIBRARY_LOGGERS:
        # chatkit adds its own StreamHandler when LOG_LEVEL is set: drop it so lines
        # are written once, as JSON, through the root handler.
        library_logger = logging.getLogger(name)
        library_logger.handlers.clear()
        library_logger.propagate = True
