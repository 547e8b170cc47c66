"""The ``POST /chatkit`` pipeline, free of any web framework.

The framework adapter hands over headers, a body stream and the request id, and sends back
the ``Reply``. In order: locale, size limit, authentication, context, one parse, the open
streams limit, ownership pre-check, then ChatKit. Every refusal happens before a stream
starts, so clients get a real status code (a 404 for a foreign thread, never a 200 with a
broken stream), and every error body is localized and never echoes the input.
"""

import asyncio
import re
import time
from collections.abc import AsyncIterator

import structlog
from chatkit.server import StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import ChatKitReq, ErrorEvent, is_streaming_req
from pydantic import TypeAdapter, ValidationError

from ..chat.attachments import AttachmentRefused
from ..chat.server import UNSUPPORTED_OPS, AssistantServer
from ..context import RequestContext
from ..i18n import negotiate_locale, translations
from ..observability.store_calls import StoreTotals, count_store_calls
from ..store.availability import DATABASE_UNAVAILABLE
from .authentication import Authentication
from .replies import (
    IncomingRequest,
    Reply,
    declared_length,
    error_reply,
    read_limited,
    unavailable_reply,
)

# Built once: constructing this adapter costs about 2 ms, validating with it microseconds.
CHATKIT_REQUEST: TypeAdapter[ChatKitReq] = TypeAdapter(ChatKitReq)
_SAFE_LOCATION = re.compile(r"^[A-Za-z_.]{1,40}$")

logger = structlog.get_logger("chatkit.endpoint")


class ChatKitEndpoint:
    def __init__(
        self,
        server: AssistantServer,
        store: Store[RequestContext],
        authentication: Authentication,
        max_body_bytes: int,
        max_open_streams: int,
    ) -> None:
        self.server = server
        self.store = store
        self.authentication = authentication
        self.max_body_bytes = max_body_bytes
        self.streams = OpenStreams(max_open_streams)

    async def handle(self, request: IncomingRequest) -> Reply:
        started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        store = count_store_calls()
        locale = negotiate_locale(request.headers.get("accept-language"))
        logger.info("chatkit.request.start", method="POST", path="/chatkit", locale=locale)
        reply, op = await self._process(request, locale, started, store)
        reply.headers["content-language"] = locale
        if reply.stream is None:
            _log_end(op, reply.status, started, store)
        return reply

    async def _process(
        self, request: IncomingRequest, locale: str, started: float, store: StoreTotals
    ) -> tuple[Reply, str | None]:
        _ = translations(locale).gettext

        if declared_length(request.headers) > self.max_body_bytes:
            return error_reply(413, "body_too_large", _("The request is too large.")), None

        principal = await self.authentication.principal(request, _)
        if isinstance(principal, Reply):
            return principal, None
        context = RequestContext(
            user_id=principal.user_id,
            tenant_id=principal.tenant_id,
            locale=locale,
            request_id=request.request_id,
            scopes=principal.scopes,
            base_url=request.base_url,
        )

        body = await read_limited(request.body, self.max_body_bytes)
        if body is None:
            return error_reply(413, "body_too_large", _("The request is too large.")), None
        try:
            parsed = CHATKIT_REQUEST.validate_json(body)
        except ValidationError as error:
            message = _("This is not a valid ChatKit request.")
            return error_reply(400, "invalid_request", message, details=_describe(error)), None
        op = parsed.type
        if op in UNSUPPORTED_OPS:
            return error_reply(400, "unsupported", _("This operation is not available.")), op
        if is_streaming_req(parsed) and self.streams.full:
            # Nothing is stored yet: the client can send the same turn again.
            logger.warning("chatkit.busy", op=op, open_streams=self.streams.open)
            return unavailable_reply("busy", _), op

        thread_id = getattr(parsed.params, "thread_id", None)
        if thread_id is not None:
            structlog.contextvars.bind_contextvars(thread_id=thread_id)
        try:
            await self._check_ownership(parsed, thread_id, context)
            result = await self.server.process_parsed(parsed, context)
        except AttachmentRefused as refused:
            logger.info("chatkit.attachment_refused", op=op, code=refused.code)
            return error_reply(refused.status, refused.code, refused.message), op
        except NotFoundError:
            logger.warning("chatkit.not_found", op=op)
            if op.startswith("attachments."):
                return error_reply(404, "not_found", _("This file was not found.")), op
            return error_reply(404, "not_found", _("This conversation was not found.")), op
        except DATABASE_UNAVAILABLE as error:
            logger.error("database.unavailable", op=op, error_type=type(error).__name__)
            return unavailable_reply("unavailable", _), op
        except Exception:
            logger.exception("chatkit.failed", op=op)
            return error_reply(500, "internal", _("Something went wrong. Please try again.")), op

        if isinstance(result, StreamingResult):
            headers = {
                "content-type": "text/event-stream; charset=utf-8",
                "cache-control": "no-cache",
                "x-accel-buffering": "no",
            }
            stream = _guard_stream(result, op, locale, started, store, self.streams)
            return Reply(200, headers, stream=stream), op
        return Reply(200, {"content-type": "application/json"}, body=result.json), op

    async def _check_ownership(
        self, request: ChatKitReq, thread_id: str | None, context: RequestContext
    ) -> None:
        """Raise NotFoundError unless the caller owns every thread and attachment named,
        and AttachmentRefused for too many attachments or one not uploaded yet.

        ChatKit would only fail once the stream has started (HTTP 200), and on
        ``threads.create`` after saving an empty thread.
        """
        if thread_id is not None:
            await self.store.load_thread(thread_id, context)
        user_input = getattr(request.params, "input", None)
        attachment_ids = getattr(user_input, "attachments", None) or []
        await self.server.attachments.check_sendable(attachment_ids, context)


class OpenStreams:
    """The streams this process is serving, against its limit.

    A stream counts from its first step to its end, not from the moment it is accepted: a
    response the client abandons before it starts never runs its ``finally``, and would
    hold its place for ever. Requests accepted in the same instant can therefore pass the
    limit by their number, which is as soft as it needs to be.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    @property
    def full(self) -> bool:
        return self.open >= self.limit


async def _guard_stream(
    result: StreamingResult,
    op: str,
    locale: str,
    started: float,
    store: StoreTotals,
    streams: OpenStreams,
) -> AsyncIterator[bytes]:
    """Count events, time the first one, and end a failed stream with a localized error.

    Errors raised once the 200 is sent cannot change the status; the client gets a final
    ``error`` event instead of a silently truncated stream.
    """
    events = 0
    first_event_at: float | None = None
    outcome = "completed"
    streams.open += 1
    try:
        async for chunk in result:
            if first_event_at is None:
                first_event_at = time.perf_counter()
            events += 1
            yield chunk
    except asyncio.CancelledError:
        outcome = "cancelled"
        raise
    except Exception as error:
        outcome = "failed"
        logger.error("chatkit.stream_failed", op=op, error_type=type(error).__name__)
        message = translations(locale).gettext("Something went wrong. Please try again.")
        event = ErrorEvent(code="custom", message=message, allow_retry=True)
        yield b"data: " + event.model_dump_json(by_alias=True, exclude_none=True).encode() + b"\n\n"
    finally:
        streams.open -= 1
        _log_end(op, 200, started, store, first_event_at, events=events, outcome=outcome)


def _log_end(
    op: str | None,
    status: int,
    started: float,
    store: StoreTotals,
    first_event_at: float | None = None,
    **fields: object,
) -> None:
    now = time.perf_counter()
    logger.info(
        "chatkit.request.end",
        op=op,
        status=status,
        duration_ms=round((now - started) * 1000, 1),
        ttfe_ms=round((first_event_at - started) * 1000, 1) if first_event_at else None,
        store_calls=store.calls,
        store_ms=round(store.milliseconds, 1),
        **fields,
    )


def _describe(error: ValidationError) -> list[dict[str, object]]:
    """Where validation failed, without the input (it may hold message text)."""
    first = error.errors(include_url=False, include_input=False, include_context=False)[0]
    location = [
        part if isinstance(part, int) or _SAFE_LOCATION.match(part) else "…"
        for part in first["loc"]
    ]
    return [{"type": first["type"], "loc": location}]
