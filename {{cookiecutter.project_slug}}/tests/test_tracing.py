"""Tracing: off unless OTEL_* asks, callers' trace ids continued, spans exported as metadata."""

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import TracerProvider

from {{ cookiecutter.package_name }}.observability.tracing import (
    TracingConfigError,
    tracer_provider_from_environment,
)

from .support import auth, create_thread, sse_events, user_input

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"
SRC = Path(__file__).resolve().parents[1] / "src"
SERVICE_NAME = "{{ cookiecutter.project_slug }}"
PACKAGE = "{{ cookiecutter.package_name }}"


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"},
        {"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"},
        {"OTEL_SERVICE_NAME": "chat"},
    ],
    ids=["nothing-set", "exporter-none", "sdk-disabled", "service-name-only"],
)
def test_tracing_is_off_unless_an_exporter_is_asked_for(environ):
    assert tracer_provider_from_environment(environ) is None


@pytest.mark.parametrize(
    "environ",
    [
        {"OTEL_TRACES_EXPORTER": "console"},
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"},
        {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"},
        {"OTEL_TRACES_EXPORTER": "otlp,console", "OTEL_SERVICE_NAME": "chat"},
    ],
    ids=["console", "otlp-endpoint", "otlp-traces-endpoint", "two-exporters"],
)
def test_tracing_is_on_when_an_exporter_is_asked_for(environ):
    provider = tracer_provider_from_environment(environ)

    assert isinstance(provider, TracerProvider)
    expected_name = environ.get("OTEL_SERVICE_NAME", SERVICE_NAME)
    assert provider.resource.attributes["service.name"] == expected_name
    provider.shutdown()


def test_an_unknown_exporter_is_refused_with_a_clear_error():
    with pytest.raises(TracingConfigError, match="zipkin"):
        tracer_provider_from_environment({"OTEL_TRACES_EXPORTER": "zipkin"})


def test_an_inbound_traceparent_is_the_trace_id_of_every_line_of_the_request(log_lines, chatkit):
    response = chatkit(create_thread("Tracing this turn"), headers={"traceparent": TRACEPARENT})

    request_id = response.headers["x-request-id"]
    lines = [line for line in log_lines() if line.get("request_id") == request_id]
    events = {line["event"] for line in lines}
    # Lines from before the stream, from inside it and after it ended.
    assert {"chatkit.request.start", "model.call", "chatkit.request.end"} <= events
    assert {line["trace_id"] for line in lines} == {TRACE_ID}


def test_without_a_traceparent_lines_carry_no_invented_trace_id(log_lines, chatkit):
    response = chatkit({"type": "threads.list", "params": {}})

    request_id = response.headers["x-request-id"]
    lines = [line for line in log_lines() if line.get("request_id") == request_id]
    assert lines and not [line for line in lines if "trace_id" in line]


class _Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver that keeps what it is sent."""

    received: list[ExportTraceServiceRequest]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(ExportTraceServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[tuple[str, list[ExportTraceServiceRequest]]]:
    received: list[ExportTraceServiceRequest] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_live(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            if httpx.get(f"{base_url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.1)
    raise AssertionError("the server did not start within 60 s")


def test_a_live_server_logs_json_lines_and_exports_metadata_spans(
    cli_env, make_token, tmp_path, collector
):
    """The real process: uvicorn, one JSON line per event on stdout, spans to a collector."""
    endpoint, received = collector
    port = _free_port()
    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    stdout = tmp_path / "server.log"
    secret_text = "Live server words nobody may trace"
    with stdout.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", PACKAGE, "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_live(base_url, server)
            body = {"type": "threads.create", "params": {"input": user_input(secret_text)}}
            headers = auth(make_token()) | {"traceparent": TRACEPARENT}
            response = httpx.post(f"{base_url}/chatkit", json=body, headers=headers, timeout=30)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)

    assert response.status_code == 200
    assert any(event["type"] == "thread.created" for event in sse_events(response.text))

    # Every line is one JSON object: uvicorn's, the app's and the libraries' alike.
    lines = [json.loads(line) for line in stdout.read_text().splitlines()]
    request_id = response.headers["x-request-id"]
    request_lines = [line for line in lines if line.get("request_id") == request_id]
    events = {line["event"] for line in request_lines}
    assert {"chatkit.request.end", "model.call"} <= events
    assert {line["trace_id"] for line in request_lines} == {TRACE_ID}
    assert any(
        line["logger"] == "uvicorn.access" and "POST /chatkit" in line["event"] for line in lines
    )

    spans = [
        span
        for request in received
        for resource_spans in request.resource_spans
        for scope_spans in resource_spans.scope_spans
        for span in scope_spans.spans
    ]
    turn = [span for span in spans if span.trace_id.hex() == TRACE_ID]
    names = {span.name for span in turn}
    assert {"store.load_thread_items", "store.add_thread_item", "agents.response"} <= names
    # The only other traces are the start-up polls of /healthz.
    other_roots = {span.name for span in spans if span not in turn and not span.parent_span_id}
    assert other_roots == {"GET /healthz"}
    [server_span] = [span for span in turn if span.parent_span_id.hex() == PARENT_SPAN_ID]
    assert server_span.kind == server_span.SPAN_KIND_SERVER
    model_span = next(span for span in spans if span.name == "agents.response")
    attributes = {item.key: item.value for item in model_span.attributes}
    assert attributes["gen_ai.request.model"].string_value == "offline"
    assert attributes["gen_ai.usage.output_tokens"].int_value > 0
    exported = b"".join(request.SerializeToString() for request in received)
    assert secret_text.encode() not in exported
    service = received[0].resource_spans[0].resource.attributes
    assert any(
        item.key == "service.name" and item.value.string_value == SERVICE_NAME for item in service
    )
