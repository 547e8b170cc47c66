"""The baseline for ``make loadtest``: a backend shaped like OpenAI's ChatKit samples.

FastAPI, a ``ChatKitServer`` whose ``respond`` runs an Agents SDK agent through
``stream_agent_response``, an in-memory store, and ``server.process(body, context)`` in the
route, as the samples write it: no authentication, logging, localization, persistence or
limits. It answers with the project's offline model, so both servers stream the same events
and the load test compares what each costs around them.

    python benchmarks/sample_server.py --port 8090 [--delay-ms 20] [--parse-once]

``--parse-once`` is the floor of the comparison: the same server with one change, the request
parsed by a module-level ``TypeAdapter`` (as this project's endpoint parses it) instead of
the one ``ChatKitServer.process`` builds per request. What it costs per turn is what the
ChatKit and Agents SDKs and the ASGI server cost, with nothing around them.
"""

import argparse
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from agents import Agent, Runner
from chatkit.agents import AgentContext, simple_to_agent_input, stream_agent_response
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    Attachment,
    Page,
    ThreadItem,
    ThreadMetadata,
    ThreadStreamEvent,
    is_streaming_req,
)
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from {{ cookiecutter.package_name }}.chat.offline_model import OfflineModel
from {{ cookiecutter.package_name }}.http.endpoint import CHATKIT_REQUEST

Context = dict[str, Any]


class MemoryStore(Store[Context]):
    """Threads and items in dictionaries, as the samples keep them (no scoping)."""

    def __init__(self) -> None:
        self.threads: dict[str, ThreadMetadata] = {}
        self.items: dict[str, list[ThreadItem]] = {}
        self.attachments: dict[str, Attachment] = {}

    async def load_thread(self, thread_id: str, context: Context) -> ThreadMetadata:
        if thread_id not in self.threads:
            raise NotFoundError(f"Thread {thread_id} not found")
        return self.threads[thread_id].model_copy(deep=True)

    async def save_thread(self, thread: ThreadMetadata, context: Context) -> None:
        self.threads[thread.id] = thread.model_copy(deep=True)

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: Context
    ) -> Page[ThreadMetadata]:
        threads = sorted(
            self.threads.values(), key=lambda thread: thread.created_at, reverse=order == "desc"
        )
        return _page(threads, after, limit)

    async def delete_thread(self, thread_id: str, context: Context) -> None:
        self.threads.pop(thread_id, None)
        self.items.pop(thread_id, None)

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: Context
    ) -> Page[ThreadItem]:
        items = sorted(
            self.items.get(thread_id, []),
            key=lambda item: item.created_at,
            reverse=order == "desc",
        )
        return _page(items, after, limit)

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: Context) -> None:
        self.items.setdefault(thread_id, []).append(item.model_copy(deep=True))

    async def save_item(self, thread_id: str, item: ThreadItem, context: Context) -> None:
        items = self.items.setdefault(thread_id, [])
        for index, existing in enumerate(items):
            if existing.id == item.id:
                items[index] = item.model_copy(deep=True)
                return
        items.append(item.model_copy(deep=True))

    async def load_item(self, thread_id: str, item_id: str, context: Context) -> ThreadItem:
        for item in self.items.get(thread_id, []):
            if item.id == item_id:
                return item.model_copy(deep=True)
        raise NotFoundError(f"Item {item_id} not found")

    async def delete_thread_item(self, thread_id: str, item_id: str, context: Context) -> None:
        items = self.items.get(thread_id, [])
        self.items[thread_id] = [item for item in items if item.id != item_id]

    async def save_attachment(self, attachment: Attachment, context: Context) -> None:
        self.attachments[attachment.id] = attachment.model_copy(deep=True)

    async def load_attachment(self, attachment_id: str, context: Context) -> Attachment:
        if attachment_id not in self.attachments:
            raise NotFoundError(f"Attachment {attachment_id} not found")
        return self.attachments[attachment_id].model_copy(deep=True)

    async def delete_attachment(self, attachment_id: str, context: Context) -> None:
        self.attachments.pop(attachment_id, None)


def _page(rows: list[Any], after: str | None, limit: int) -> Page[Any]:
    start = 0
    if after is not None:
        start = next((index + 1 for index, row in enumerate(rows) if row.id == after), 0)
    data = rows[start : start + limit]
    has_more = start + limit < len(rows)
    return Page(data=data, has_more=has_more, after=data[-1].id if has_more else None)


class SampleServer(ChatKitServer[Context]):
    def __init__(self, store: MemoryStore, delay: float) -> None:
        super().__init__(store)
        self.agent = Agent[AgentContext](
            name="Assistant",
            instructions="You are a helpful assistant.",
            model=OfflineModel(delay=delay),
        )

    async def respond(
        self, thread: ThreadMetadata, input_user_message: Any, context: Context
    ) -> AsyncIterator[ThreadStreamEvent]:
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        page = await self.store.load_thread_items(thread.id, None, 20, "desc", context)
        agent_input = await simple_to_agent_input(list(reversed(page.data)))
        result = Runner.run_streamed(self.agent, agent_input, context=agent_context)
        async for event in stream_agent_response(agent_context, result):
            yield event


class ParsedOnceServer(SampleServer):
    """The floor: the sample, parsing with this project's module-level adapter."""

    async def process(
        self, request: str | bytes | bytearray, context: Context
    ) -> StreamingResult | NonStreamingResult:
        parsed = CHATKIT_REQUEST.validate_json(request)
        if is_streaming_req(parsed):
            return StreamingResult(self._process_streaming(parsed, context))
        return NonStreamingResult(await self._process_non_streaming(parsed, context))


def create_sample_app(delay: float = 0.0, *, parse_once: bool = False) -> FastAPI:
    server = (ParsedOnceServer if parse_once else SampleServer)(MemoryStore(), delay)
    app = FastAPI()

    @app.post("/chatkit")
    async def chatkit(request: Request) -> Response:
        result = await server.process(await request.body(), {"request": request})
        if isinstance(result, StreamingResult):
            return StreamingResponse(result, media_type="text/event-stream")
        return Response(content=result.json, media_type="application/json")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--parse-once", action="store_true")
    args = parser.parse_args()
    uvicorn.run(
        create_sample_app(args.delay_ms / 1000, parse_once=args.parse_once),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
