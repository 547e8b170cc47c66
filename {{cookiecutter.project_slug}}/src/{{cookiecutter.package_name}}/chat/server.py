"""The ChatKit server: runs the agent for each turn and streams its events."""

from collections.abc import AsyncIterator

from agents import Model, RunConfig, Runner
from chatkit.agents import AgentContext, ThreadItemConverter, stream_agent_response
from chatkit.errors import CustomStreamError
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import Store
from chatkit.types import (
    ChatKitReq,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    is_streaming_req,
)

from ..context import RequestContext
from .agent import build_agent

# How much of the thread the model sees each turn.
HISTORY_ITEMS = 30
TITLE_LENGTH = 60
# Operations this project does not offer yet; refused with a 400 before ChatKit runs
# (without an AttachmentStore or transcription the SDK would fail with a 500).
UNSUPPORTED_OPS = frozenset(
    {"attachments.create", "attachments.delete", "input.transcribe", "threads.sync_custom_action"}
)
# Agents tracing would export prompts and outputs to OpenAI: off unless a team opts in.
RUN_CONFIG = RunConfig(tracing_disabled=True, trace_include_sensitive_data=False)


class AssistantServer(ChatKitServer[RequestContext]):
    def __init__(self, store: Store[RequestContext], model: Model) -> None:
        super().__init__(store)
        self.agent = build_agent(model)
        self.converter = ThreadItemConverter()

    async def process_parsed(
        self, request: ChatKitReq, context: RequestContext
    ) -> StreamingResult | NonStreamingResult:
        """``process()`` for a request the endpoint has already validated.

        ``ChatKitServer.process`` builds a new pydantic ``TypeAdapter`` on every call (about
        2 ms of CPU); the endpoint parses once with a module-level adapter instead. This is
        the only place that relies on the SDK's dispatch methods; the exact SDK pin and
        ``test_process_parsed_matches_process`` guard it.
        """
        if is_streaming_req(request):
            return StreamingResult(self._process_streaming(request, context))
        return NonStreamingResult(await self._process_non_streaming(request, context))

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: RequestContext,
    ) -> AsyncIterator[ThreadStreamEvent]:
        recent = await self.store.load_thread_items(thread.id, None, HISTORY_ITEMS, "desc", context)
        agent_input = await self.converter.to_agent_input(list(reversed(recent.data)))
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        result = Runner.run_streamed(
            self.agent, agent_input, context=agent_context, run_config=RUN_CONFIG
        )
        try:
            async for event in stream_agent_response(agent_context, result):
                yield event
        except Exception as error:
            # The Agents SDK wraps tool exceptions; unwrap the ones meant for the user so
            # ChatKit shows their localized text instead of a generic error.
            user_facing = _user_facing(error)
            if user_facing is None or user_facing is error:
                raise
            raise user_facing from error
        finally:
            # A closed stream (client gone, stop button) must also stop the model run.
            result.cancel()
        if thread.title is None and input_user_message is not None:
            thread.title = _title_from(input_user_message)


def _user_facing(error: BaseException) -> CustomStreamError | None:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, CustomStreamError):
            return cause
        cause = cause.__cause__
    return None


def _title_from(message: UserMessageItem) -> str | None:
    text = " ".join(
        part.text for part in message.content if getattr(part, "type", "") == "input_text"
    ).strip()
    if not text:
        return None
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"
