"""A deterministic local model for tests, workshops and development without an API key.

It implements the Agents SDK ``Model`` interface and streams real Responses events, so the
whole pipeline (agent, tools, ChatKit events, persistence) runs exactly as with OpenAI:
- after a tool result, it reports that result;
- when the user names a time zone (``Europe/Paris``) and the tool exists, it calls it;
- otherwise it echoes the user, in the locale the system instructions ask for.
Production settings refuse to start with it.
"""

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from agents import Model, ModelResponse, ModelTracing
from agents.tracing import response_span
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionToolCall,
    ResponseOutputItem,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

from ..i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, translations

_LOCALE_IN_INSTRUCTIONS = re.compile(r"\(locale: ([A-Za-z-]+)\)")
_ZONE_MENTION = re.compile(r"\b(UTC|[A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b")
_WORDS = re.compile(r"\S+\s*")
_ECHO_LIMIT = 200


class OfflineModel(Model):
    """Streams a canned, localized reply word by word; ``delay`` paces the words."""

    model = "offline"

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        raise NotImplementedError("the ChatKit server streams; only stream_response is used")

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[Any],
        model_settings: Any,
        tools: list[Any],
        output_schema: Any,
        handoffs: list[Any],
        tracing: ModelTracing,
        **kwargs: Any,
    ) -> AsyncIterator[ResponseStreamEvent]:
        items = [{"role": "user", "content": input}] if isinstance(input, str) else input
        # A response span with token usage (words here), as OpenAI's model records one, so
        # offline runs are traced and logged the same way.
        with response_span(disabled=tracing.is_disabled()) as span:
            input_tokens = _word_count(system_instructions or "") + sum(
                _word_count(_user_text(item)) for item in items
            )
            output_tokens = 0
            async for event in self._respond(system_instructions, items, tools):
                if isinstance(event, ResponseTextDeltaEvent):
                    output_tokens += 1
                if isinstance(event, ResponseCompletedEvent):
                    # Before yielding: the consumer may stop at the terminal event.
                    span.span_data.usage = {
                        "requests": 1,
                        "input_tokens": input_tokens,
                        "output_tokens": output_tokens,
                        "total_tokens": input_tokens + output_tokens,
                    }
                yield event

    async def _respond(
        self, system_instructions: str | None, items: list[Any], tools: list[Any]
    ) -> AsyncIterator[ResponseStreamEvent]:
        _ = translations(_locale_of(system_instructions)).gettext
        last = items[-1] if items else {}
        tool_names = {getattr(tool, "name", None) for tool in tools}
        sequence = iter(range(1_000_000))

        yield ResponseCreatedEvent(
            type="response.created",
            response=_response([], "in_progress"),
            sequence_number=next(sequence),
        )
        if last.get("type") == "function_call_output":
            reply = _("The tool says: {result}").format(result=str(last.get("output", "")))
        else:
            text = _user_text(last)
            zone = _ZONE_MENTION.search(text)
            if zone and "current_time" in tool_names:
                call = ResponseFunctionToolCall(
                    id=f"fc_{uuid.uuid4().hex}",
                    call_id=f"call_{uuid.uuid4().hex}",
                    name="current_time",
                    arguments=json.dumps({"timezone": zone.group(1)}),
                    type="function_call",
                    status="completed",
                )
                for event in _output_item_events(call, sequence):
                    yield event
                return
            reply = _("Offline model here. You said: “{text}”").format(text=text[:_ECHO_LIMIT])
        async for event in self._stream_message(reply, sequence):
            yield event

    async def _stream_message(self, text: str, sequence: Any) -> AsyncIterator[ResponseStreamEvent]:
        message_id = f"msg_{uuid.uuid4().hex}"  # unique per turn: ChatKit reuses it as item id
        where = {"item_id": message_id, "output_index": 0, "content_index": 0}
        yield ResponseOutputItemAddedEvent(
            type="response.output_item.added",
            output_index=0,
            sequence_number=next(sequence),
            item=ResponseOutputMessage(
                id=message_id, role="assistant", status="in_progress", type="message", content=[]
            ),
        )
        yield ResponseContentPartAddedEvent(
            type="response.content_part.added",
            sequence_number=next(sequence),
            part=ResponseOutputText(type="output_text", text="", annotations=[]),
            **where,
        )
        for word in _WORDS.findall(text):
            if self.delay:
                await asyncio.sleep(self.delay)
            yield ResponseTextDeltaEvent(
                type="response.output_text.delta",
                delta=word,
                logprobs=[],
                sequence_number=next(sequence),
                **where,
            )
        part = ResponseOutputText(type="output_text", text=text, annotations=[])
        yield ResponseTextDoneEvent(
            type="response.output_text.done",
            text=text,
            logprobs=[],
            sequence_number=next(sequence),
            **where,
        )
        yield ResponseContentPartDoneEvent(
            type="response.content_part.done",
            part=part,
            sequence_number=next(sequence),
            **where,
        )
        message = ResponseOutputMessage(
            id=message_id, role="assistant", status="completed", type="message", content=[part]
        )
        for event in _output_item_events(message, sequence, added=False):
            yield event


def _output_item_events(
    item: ResponseOutputItem, sequence: Any, *, added: bool = True
) -> list[ResponseStreamEvent]:
    events: list[ResponseStreamEvent] = []
    if added:
        events.append(
            ResponseOutputItemAddedEvent(
                type="response.output_item.added",
                item=item,
                output_index=0,
                sequence_number=next(sequence),
            )
        )
    events.append(
        ResponseOutputItemDoneEvent(
            type="response.output_item.done",
            item=item,
            output_index=0,
            sequence_number=next(sequence),
        )
    )
    events.append(
        ResponseCompletedEvent(
            type="response.completed",
            response=_response([item], "completed"),
            sequence_number=next(sequence),
        )
    )
    return events


def _response(
    output: list[ResponseOutputItem], status: Literal["in_progress", "completed"]
) -> Response:
    return Response(
        id=f"resp_{uuid.uuid4().hex}",
        created_at=0,
        model="offline",
        object="response",
        output=output,
        parallel_tool_calls=False,
        tool_choice="auto",
        tools=[],
        status=status,
    )


def _locale_of(system_instructions: str | None) -> str:
    found = _LOCALE_IN_INSTRUCTIONS.search(system_instructions or "")
    locale = found.group(1) if found else DEFAULT_LOCALE
    return locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _user_text(item: Any) -> str:
    content = item.get("content", "") if isinstance(item, dict) else ""
    if isinstance(content, str):
        return content
    return " ".join(
        part.get("text", "")
        for part in content
        if isinstance(part, dict) and part.get("type") == "input_text"
    ).strip()
