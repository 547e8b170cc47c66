"""One JSON log pipeline for the app and every library logger (uvicorn, chatkit, agents, ...).

Each line carries a UTC timestamp, level, logger, the request's ids (``request_id`` from the
correlation middleware; ``user_id``, ``tenant_id`` and ``thread_id`` bound by the endpoints)
and the W3C ``trace_id``/``span_id`` of the current span. Message text never belongs in a
log line; the scrubbing step is the second line of defence for the day someone logs it
anyway: content-bearing and credential-bearing keys are replaced, and tokens, keys and
e-mail addresses are masked in every string, exception text included.
"""

import functools
import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from opentelemetry import trace

REDACTED = "[REDACTED]"
# Keys whose values are message content: replaced whatever they hold.
CONTENT_KEYS = frozenset({"content", "text", "input", "output", "prompt", "title", "body"})
# A key with one of these words (``jwt_secret``, ``x-api-key``, ``set-cookie``) holds a
# credential. Whole words: ``input_tokens`` is a count, not a token.
CREDENTIAL_WORDS = frozenset(
    {
        "authorization",
        "cookie",
        "token",
        "secret",
        "password",
        "passwd",
        "credentials",
        "key",
        "keys",
    }
)
_SECRET_PATTERNS = re.compile(
    r"(?i)bearer\s+[\w.~+/=-]+|eyJ[\w-]+\.[\w-]+\.[\w-]+|\bsk-[\w-]{8,}|[\w.+-]+@[\w-]+\.[\w.-]+"
{%- if cookiecutter.auth_style == 'api_token' %}
    r"|\bck_[\w-]{20,}"  # this project's API tokens
{%- elif cookiecutter.auth_style == 'session' %}
    r"|__Host-(?:session|csrf)=[^;\s\"']+"  # this project's session cookies
{%- endif %}
)
{%- if cookiecutter.auth_style == 'session' %}
# Signed attachment links carry their credential in the query string (access logs), and so
# does the identity provider's redirect back to /auth/callback (code and state).
_QUERY_TOKEN = re.compile(r"(?i)([?&](?:token|access_token|api_key|code|state)=)[^&\s\"']+")
{%- else %}
# Signed attachment links carry their credential in the query string (access logs).
_QUERY_TOKEN = re.compile(r"(?i)([?&](?:token|access_token)=)[^&\s\"']+")
{%- endif %}
# What every secret above contains; most strings hold none of it and skip both patterns.
{%- if cookiecutter.auth_style == 'api_token' %}
_SECRET_HINT = re.compile(r"(?i)bearer|eyJ|sk-|@|token=|ck_")
{%- elif cookiecutter.auth_style == 'session' %}
_SECRET_HINT = re.compile(r"(?i)bearer|eyJ|sk-|@|token=|key=|code=|state=|__Host-")
{%- else %}
_SECRET_HINT = re.compile(r"(?i)bearer|eyJ|sk-|@|token=")
{%- endif %}
# Loggers of the libraries the app runs on: their own handlers are dropped, so each of
# their lines is written once, as JSON, through the root handler.
LIBRARY_LOGGERS = (
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "{{ cookiecutter.framework }}",
    "chatkit",
    "openai",
    "openai.agents",
    "httpx",
    "httpx2",
    "sqlalchemy",
    "alembic",
    "asgi_correlation_id",
    "opentelemetry",
    "py.warnings",
)
# Loggers whose DEBUG output carries SQL parameters (message content): never below WARNING.
{%- if cookiecutter.database == 'sqlite' %}
QUIET_LOGGERS = ("sqlalchemy", "aiosqlite")
{%- else %}
QUIET_LOGGERS = ("sqlalchemy",)
{%- endif %}
# The name of the one handler this module installs on the root logger.
_HANDLER_NAME = "app-json"


def redact(text: str) -> str:
    """Mask bearer tokens, JWTs, API keys, e-mail addresses and link tokens in a string."""
    if not _SECRET_HINT.search(text):
        return text
    return _QUERY_TOKEN.sub(rf"\1{REDACTED}", _SECRET_PATTERNS.sub(REDACTED, text))


@functools.lru_cache(maxsize=1024)
def _is_sensitive_key(key: str) -> bool:
    words = key.lower().replace("-", "_").split("_")
    return key.lower() in CONTENT_KEYS or not CREDENTIAL_WORDS.isdisjoint(words)


def scrub_value(key: str, value: Any) -> Any:
    """``value`` as it may be logged under ``key``: nested mappings and lists included."""
    if _is_sensitive_key(key):
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Mapping):
        return {str(k): scrub_value(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [scrub_value(key, item) for item in value]
    return value


def _scrub(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in event.items():
        if key == "event":
            event[key] = redact(value) if isinstance(value, str) else value
        else:
            event[key] = scrub_value(key, value)
    return event


def _scrub_exception(
    logger: Any, method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    if isinstance(event.get("exception"), str):
        event["exception"] = redact(event["exception"])
    return event


def _add_request_id(
    logger: Any, method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    request_id = correlation_id.get()
    if request_id:
        event.setdefault("request_id", request_id)
    return event


def _add_trace_ids(
    logger: Any, method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        event.setdefault("trace_id", trace.format_trace_id(span_context.trace_id))
        event.setdefault("span_id", trace.format_span_id(span_context.span_id))
    return event


_SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    _add_request_id,
    _add_trace_ids,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    # Before the event leaves structlog: every handler, not only ours, gets it scrubbed.
    _scrub,
]


def log_formatter(fmt: str = "json") -> logging.Formatter:
    """The formatter every line goes through: structlog events and stdlib records alike."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _scrub_exception,
            renderer,
        ],
    )


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    """Route every logger to one stdout handler; calling it again replaces only that handler."""
    structlog.configure(
        # Below the level, a call costs one check: nothing else of the chain runs.
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(log_formatter(fmt))
    root = logging.getLogger()
    # Other handlers (a test runner's capture, an agent's own) are left in place.
    root.handlers = [h for h in root.handlers if h.get_name() != _HANDLER_NAME] + [handler]
    root.setLevel(level)
    logging.captureWarnings(True)
    for name in _library_logger_names():
        # chatkit adds its own StreamHandler when LOG_LEVEL is set, SQLAlchemy one with
        # echo=True: without this, their lines would be written twice, once not as JSON.
        library_logger = logging.getLogger(name)
        library_logger.handlers.clear()
        library_logger.propagate = True
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def _library_logger_names() -> set[str]:
    """The library loggers and those of their children that exist already."""
    existing = [name for name in logging.root.manager.loggerDict if isinstance(name, str)]
    children = {
        name for name in existing for parent in LIBRARY_LOGGERS if name.startswith(parent + ".")
    }
    return set(LIBRARY_LOGGERS) | children
