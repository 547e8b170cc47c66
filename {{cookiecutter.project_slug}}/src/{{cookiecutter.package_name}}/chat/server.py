"""The ChatKit server: runs the agent for each turn and streams its events.

The model sees attachments too: images as images (from the stored bytes, as a data URL),
other files as a one-line note with their name and type.
"""

import base64
import json
from collections.abc import AsyncIterator

from agents import Model, RunConfig, Runner
from chatkit.agents import AgentContext, ThreadItemConverter, stream_agent_response
from chatkit.errors import CustomStreamError
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    Attachment,
    ChatKitReq,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    is_streaming_req,
)
from openai.types.responses import (
    ResponseInputContentParam,
    ResponseInputImageParam,
    ResponseInputTextParam,
)

from ..context import RequestContext
from .agent import build_agent
from .attachments import Attachments

# How much of the thread the model sees each turn.
HISTORY_ITEMS = 30
TITLE_LENGTH = 60
# Operations this project does not offer yet; refused with a 400 before ChatKit runs
# (without transcription or sync actions the SDK would fail with a 500).
UNSUPPORTED_OPS = frozenset({"input.transcribe", "threads.sync_custom_action"})
# Images the model accepts as images; other attachments reach it as a note.
MODEL_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})


class AttachmentConverter(ThreadItemConverter):
    """Thread items → model input, attachments included, read as the caller."""

    def __init__(self, attachments: Attachments, context: RequestContext) -> None:
        self.attachments = attachments
        self.context = context

    async def attachment_to_message_content(
        self, attachment: Attachment
    ) -> ResponseInputContentParam:
        if attachment.mime_type in MODEL_IMAGE_TYPES:
            try:
                content = await self.attachments.read_bytes(attachment, self.context)
            except NotFoundError:
                return _note("An image the user attached is no longer available.")
            encoded = base64.b64encode(content).decode("ascii")
            return ResponseInputImageParam(
                type="input_image",
                detail="auto",
                image_url=f"data:{attachment.mime_type};base64,{encoded}",
            )
        # Other files are named, never pasted in: their bytes could be anything.
        name = json.dumps(attachment.name, ensure_ascii=False)
        return _note(f"The user attached a file: {name} ({attachment.mime_type}).")


class AssistantServer(ChatKitServer[RequestContext]):
    def __init__(
        self, store: Store[RequestContext], attachments: Attachments, model: Model
    ) -> None:
        super().__init__(store, attachments)
        self.attachments = attachments
        self.agent = build_agent(model)

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
        converter = AttachmentConverter(self.attachments, context)
        agent_input = await converter.to_agent_input(list(reversed(recent.data)))
        agent_context = AgentContext(thread=thread, store=self.store, request_context=context)
        result = Runner.run_streamed(
            self.agent, agent_input, context=agent_context, run_config=_run_config(thread.id)
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


def _run_config(thread_id: str) -> RunConfig:
    # Spans go to the metadata-only processor (observability.agents_tracing); the model's
    # input and output are never attached to them.
    return RunConfig(
        workflow_name="chatkit.respond",
        group_id=thread_id,
        tracing_disabled=False,
        trace_include_sensitive_data=False,
    )


def _note(text: str) -> ResponseInputTextParam:
    return ResponseInputTextParam(type="input_text", text=f"\n[{text}]")


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
