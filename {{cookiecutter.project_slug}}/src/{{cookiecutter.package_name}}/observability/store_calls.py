"""One ``store.call`` log line and one span for each call of the ChatKit Store interface."""

import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog
from chatkit.store import Store
from chatkit.types import Page
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

# The abstract methods: every call ChatKit (or this app) makes through the interface.
STORE_METHODS = tuple(sorted(Store.__abstractmethods__))

logger = structlog.get_logger("chatkit.store")
tracer = trace.get_tracer(__name__)
StoreClass = TypeVar("StoreClass", bound=type[Store[Any]])


def observe_store_calls(cls: StoreClass) -> StoreClass:
    """Class decorator for a Store implementation: times and logs each interface method.

    A line holds the method, its duration and, for reads, the rows returned; the request's
    ids come from the log context. Nothing of the arguments or results is logged.
    """
    for name in STORE_METHODS:
        setattr(cls, name, _observed(name, getattr(cls, name)))
    return cls


def _observed(name: str, method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def observed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        with tracer.start_as_current_span(
            f"store.{name}",
            attributes={"chatkit.store.method": name},
            # Exception messages can name ids or content: only the type is recorded.
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                result = await method(*args, **kwargs)
            except Exception as error:
                error_type = type(error).__name__
                span.set_status(Status(StatusCode.ERROR, error_type))
                logger.info(
                    "store.call",
                    method=name,
                    duration_ms=_since(started),
                    error_type=error_type,
                )
                raise
            rows = _rows(result)
            if rows is not None:
                span.set_attribute("chatkit.store.rows", rows)
            logger.info("store.call", method=name, duration_ms=_since(started), rows=rows)
            return result

    return observed


def _rows(result: object) -> int | None:
    """Rows a read returned; None for writes (they return nothing)."""
    if isinstance(result, Page):
        return len(result.data)
    return None if result is None else 1


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
