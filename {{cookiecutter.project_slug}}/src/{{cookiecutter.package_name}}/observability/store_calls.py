"""One span and one debug line for each call of the ChatKit Store interface, and totals
per request for the endpoint's ``chatkit.request.end`` line.

A turn makes about six Store calls: a line for each at INFO would be most of the log.
"""

import functools
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
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


@dataclass(slots=True)
class StoreTotals:
    calls: int = 0
    milliseconds: float = 0.0


_request_totals: ContextVar[StoreTotals | None] = ContextVar("store_totals", default=None)


def count_store_calls() -> StoreTotals:
    """Count the Store calls made from here on in this context (a request and its stream)."""
    totals = StoreTotals()
    _request_totals.set(totals)
    return totals


def observe_store_calls(cls: StoreClass) -> StoreClass:
    """Class decorator for a Store implementation: times and logs each interface method.

    A line holds the method, its duration and, for reads, the rows returned; the request's
    ids come from the log context. Nothing of the arguments or results is logged. Calls
    that fail are logged at INFO, the others at DEBUG.
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
                duration_ms = _count(started)
                logger.info(
                    "store.call", method=name, duration_ms=duration_ms, error_type=error_type
                )
                raise
            rows = _rows(result)
            if rows is not None:
                span.set_attribute("chatkit.store.rows", rows)
            logger.debug("store.call", method=name, duration_ms=_count(started), rows=rows)
            return result

    return observed


def _rows(result: object) -> int | None:
    """Rows a read returned; None for writes (they return nothing)."""
    if isinstance(result, Page):
        return len(result.data)
    return None if result is None else 1


def _count(started: float) -> float:
    """The call's duration in milliseconds, added to the request's totals."""
    duration_ms = (time.perf_counter() - started) * 1000
    totals = _request_totals.get()
    if totals is not None:
        totals.calls += 1
        totals.milliseconds += duration_ms
    return round(duration_ms, 2)
