"""Agents SDK spans, as metadata: ``model.call`` and ``tool.call`` lines and OTel spans.

The processor replaces the SDK's default one, which would send every run (prompts and
outputs included) to OpenAI's trace dashboard. It reads only names, durations, token counts
and error messages written by the SDK itself, never a span's input or output.
``AGENTS_TRACE_EXPORT=true`` adds the SDK's exporter back, for teams who want that dashboard.
"""

import logging
import time
from typing import Any

import structlog
from agents.tracing import Span, Trace, TracingProcessor, set_trace_processors
from agents.tracing.processors import default_processor
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

logger = structlog.get_logger("chatkit.agents")
tracer = trace.get_tracer(__name__)
_MODEL_SPANS = frozenset({"response", "generation"})


class MetadataTraceProcessor(TracingProcessor):
    def __init__(self, model_name: str) -> None:
        # With sensitive data excluded, a response span does not say which model ran: the
        # app has one, named here.
        self.model_name = model_name
        self._open: dict[str, tuple[str, float, trace.Span]] = {}

    def on_trace_start(self, started: Trace) -> None:
        pass

    def on_trace_end(self, finished: Trace) -> None:
        # Spans the SDK never finished (a cancelled run) end with their trace.
        for span_id, (trace_id, _, otel_span) in list(self._open.items()):
            if trace_id == finished.trace_id:
                del self._open[span_id]
                otel_span.end()

    def on_span_start(self, span: Span[Any]) -> None:
        parent = self._open.get(span.parent_id or "")
        otel_span = tracer.start_span(
            f"agents.{span.span_data.type}",
            # Nested under the enclosing Agents span, else under the request's span.
            context=trace.set_span_in_context(parent[2]) if parent else None,
            attributes=_attributes(span.span_data, self.model_name),
        )
        self._open[span.span_id] = (span.trace_id, time.perf_counter(), otel_span)

    def on_span_end(self, span: Span[Any]) -> None:
        opened = self._open.pop(span.span_id, None)
        if opened is None:
            return
        _, started, otel_span = opened
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        data = span.span_data
        error = span.error["message"] if span.error else None
        if data.type in _MODEL_SPANS:
            usage = data.usage or {}
            for key in ("input_tokens", "output_tokens"):
                if isinstance(usage.get(key), int):
                    otel_span.set_attribute(f"gen_ai.usage.{key}", usage[key])
            logger.log(
                logging.WARNING if error else logging.INFO,
                "model.call",
                model=getattr(data, "model", None) or self.model_name,
                duration_ms=duration_ms,
                input_tokens=usage.get("input_tokens"),
                output_tokens=usage.get("output_tokens"),
                error=error,
            )
        elif data.type == "function":
            event = "tool.failed" if error else "tool.call"
            level = logging.WARNING if error else logging.INFO
            logger.log(level, event, tool=data.name, duration_ms=duration_ms, error=error)
        if error:
            otel_span.set_status(Status(StatusCode.ERROR, error))
        otel_span.end()

    def shutdown(self) -> None:
        self._open.clear()

    def force_flush(self) -> None:
        pass


def _attributes(data: Any, model_name: str) -> dict[str, str]:
    if data.type in _MODEL_SPANS:
        return {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": getattr(data, "model", None) or model_name,
        }
    if data.type == "function":
        return {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": data.name}
    if data.type == "agent":
        return {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": data.name}
    return {}


def configure_agents_tracing(model_name: str, *, export_to_openai: bool) -> None:
    """Route the Agents SDK's spans (process-wide) to the metadata processor."""
    processors: list[TracingProcessor] = [MetadataTraceProcessor(model_name)]
    if export_to_openai:
        processors.append(default_processor())
    set_trace_processors(processors)
