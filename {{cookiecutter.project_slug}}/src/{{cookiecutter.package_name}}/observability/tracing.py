"""OpenTelemetry tracing: off unless the standard ``OTEL_*`` variables turn it on.

Tracing is on when ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``) or,
with that variable unset, when an OTLP endpoint is set (``OTEL_EXPORTER_OTLP_ENDPOINT`` or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``). The SDK reads everything else itself from the same
variables: endpoint, headers and protocol options, the sampler (``OTEL_TRACES_SAMPLER``),
``OTEL_SERVICE_NAME`` and ``OTEL_RESOURCE_ATTRIBUTES``. ``OTEL_SDK_DISABLED=true`` wins.

The variables are read from the process environment, as every OpenTelemetry SDK does, not
from ``.env``.
"""

import os
from collections.abc import Mapping

{% if cookiecutter.framework == 'fastapi' -%}
from opentelemetry import context, propagate, trace
{% else -%}
from opentelemetry import trace
{% endif -%}
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)
{%- if cookiecutter.framework == 'fastapi' %}
from starlette.types import ASGIApp, Receive, Scope, Send
{%- endif %}

DEFAULT_SERVICE_NAME = "{{ cookiecutter.project_slug }}"
EXPORTERS = ("otlp", "console")
_OTLP_ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
{%- if cookiecutter.framework == 'fastapi' %}
_TRACE_HEADERS = (b"traceparent", b"tracestate")
{%- endif %}


class TracingConfigError(ValueError):
    """The OTEL_* variables ask for something this project cannot do."""


def tracer_provider_from_environment(
    environ: Mapping[str, str] = os.environ,
) -> TracerProvider | None:
    """An SDK tracer provider exporting as the variables say, or None when tracing is off."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    names = [
        name.strip().lower()
        for name in environ.get("OTEL_TRACES_EXPORTER", "").split(",")
        if name.strip()
    ]
    if not names:
        names = ["otlp"] if any(environ.get(variable) for variable in _OTLP_ENDPOINTS) else []
    names = [name for name in names if name != "none"]
    unknown = sorted(set(names) - set(EXPORTERS))
    if unknown:
        raise TracingConfigError(
            f"OTEL_TRACES_EXPORTER: unsupported exporter(s) {', '.join(unknown)}; "
            f"use {', '.join(EXPORTERS)} or none"
        )
    if not names:
        return None
    service_name = environ.get("OTEL_SERVICE_NAME") or DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    return provider


def _exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    # Imported only when used: it pulls in protobuf and requests.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def configure_tracing(environ: Mapping[str, str] = os.environ) -> None:
    """Install the process's tracer provider, unless one is installed already.

    The provider is global, as OpenTelemetry expects: the framework's server spans, the
    Store's and the model's spans all find it. It flushes its spans at interpreter exit.
    """
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = tracer_provider_from_environment(environ)
    if provider is not None:
        trace.set_tracer_provider(provider)
{%- if cookiecutter.framework == 'fastapi' %}


class TraceContextMiddleware:
    """Continues an inbound W3C ``traceparent`` when no server span does.

    With tracing on, the framework's server span is already a child of the caller's span.
    With tracing off, the caller's trace id still reaches every log line of the request,
    so a proxy's or a browser's trace can be found in the logs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or trace.get_current_span().get_span_context().is_valid:
            await self.app(scope, receive, send)
            return
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in _TRACE_HEADERS
        }
        if not carrier:
            await self.app(scope, receive, send)
            return
        token = context.attach(propagate.extract(carrier))
        try:
            await self.app(scope, receive, send)
        finally:
            context.detach(token)
{%- endif %}
