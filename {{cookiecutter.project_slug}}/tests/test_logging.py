"""One JSON pipeline: the events a turn must leave behind, with their ids, and nothing said."""

import json
import logging
import re
from pathlib import Path

import structlog

from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.observability.logging import scrub_value

from .framework import open_client
from .log_scan import find_leaks
from .support import (
    auth,
    create_thread,
    created_thread_id,
    sse_events,
    user_input,
)

PROJECT = Path(__file__).resolve().parents[1]
# logger.info("store.call", ...), logger.log(level, "model.call", ...)
LOGGED_EVENT = re.compile(
    r"logger\.(?:debug|info|warning|error|exception|log)\(\s*(?:[\w.]+,\s*)?\"([a-z_]+\.[a-z_.]+)\""
)
SECRET_TEXT = "Meet me at the harbour, my email is ann@example.com"


def _events(lines, name):
    return [line for line in lines if line["event"] == name]


def test_a_turn_logs_request_store_and_model_events_with_their_ids(log_lines, chatkit):
    thread_id = created_thread_id(sse_events(chatkit(create_thread("Opening message")).text))
    log_lines()

    follow_up = {
        "type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input(SECRET_TEXT)},
    }
    response = chatkit(follow_up, user="alice", tenant="tenant-a")
    lines = log_lines()

    request_id = response.headers["x-request-id"]
    request_lines = [line for line in lines if line.get("request_id") == request_id]
    [start] = _events(request_lines, "chatkit.request.start")
    [end] = _events(request_lines, "chatkit.request.end")
    assert (start["method"], start["path"]) == ("POST", "/chatkit")
    assert end["op"] == "threads.add_user_message"
    assert end["status"] == 200
    assert end["duration_ms"] >= end["ttfe_ms"] > 0
    assert end["events"] > 3
    # Successful Store calls are counted on the request's last line, not logged one by one.
    assert not _events(request_lines, "store.call")
    assert end["store_calls"] >= 4
    assert end["duration_ms"] >= end["store_ms"] > 0
    [model_call] = _events(request_lines, "model.call")
    assert model_call["model"] == "offline"
    assert model_call["input_tokens"] > 0 and model_call["output_tokens"] > 0
    assert model_call["error"] is None
    for line in [end, model_call]:
        assert line["user_id"] == "alice"
        assert line["tenant_id"] == "tenant-a"
        assert line["thread_id"] == thread_id
        assert line["timestamp"].endswith("Z")
    assert not find_leaks(json.dumps(lines), {SECRET_TEXT})


def test_store_calls_are_logged_one_by_one_at_debug_level(log_lines, settings_with, make_token):
    app = create_app(settings_with(log_level="DEBUG"))
    with open_client(app, base_url="http://127.0.0.1") as client:
        headers = auth(make_token("alice", "tenant-a"))
        response = client.post("/chatkit", json=create_thread("Opening message"), headers=headers)
        thread_id = created_thread_id(sse_events(response.text))

    lines = log_lines()
    store_calls = _events(lines, "store.call")
    assert {"save_thread", "add_thread_item", "load_thread_items"} <= {
        call["method"] for call in store_calls
    }
    assert all(call["level"] == "debug" and call["duration_ms"] >= 0 for call in store_calls)
    assert next(c for c in store_calls if c["method"] == "load_thread_items")["rows"] >= 1
    for call in store_calls:
        assert (call["user_id"], call["tenant_id"]) == ("alice", "tenant-a")
    [end] = _events(lines, "chatkit.request.end")
    assert end["store_calls"] == len(store_calls)
    assert {call["thread_id"] for call in store_calls if "thread_id" in call} <= {thread_id}


def test_a_failed_store_call_is_logged_at_info(log_lines, chatkit):
    chatkit({"type": "threads.get_by_id", "params": {"thread_id": "thr_missing"}})

    [failed] = _events(log_lines(), "store.call")
    assert (failed["method"], failed["level"]) == ("load_thread", "info")
    assert failed["error_type"] == "NotFoundError"


def test_a_failing_tool_is_logged_by_name_without_its_arguments(log_lines, chatkit):
    chatkit(create_thread("What time is it in Mars/Olympus?"))

    lines = log_lines()
    [failed] = _events(lines, "tool.failed")
    assert failed["tool"] == "current_time"
    assert failed["level"] == "warning"
    assert failed["error"]
    assert "Olympus" not in json.dumps(lines)


def test_a_foreign_thread_is_logged_as_not_found(log_lines, chatkit):
    thread_id = created_thread_id(sse_events(chatkit(create_thread("Alice's thread")).text))
    log_lines()

    response = chatkit(
        {"type": "threads.get_by_id", "params": {"thread_id": thread_id}}, user="mallory"
    )

    assert response.status_code == 404
    [refused] = _events(log_lines(), "chatkit.not_found")
    assert (refused["user_id"], refused["thread_id"]) == ("mallory", thread_id)


def test_auth_failures_are_logged_without_the_token(log_lines, client):
    client.post("/chatkit", content=b"{}", headers={"Authorization": "Bearer not.a.jwt"})

    failures = _events(log_lines(), "auth.failed")
    assert len(failures) == 1
    assert "not.a.jwt" not in json.dumps(failures)


def test_access_log_lines_do_not_carry_link_tokens(log_lines):
    # uvicorn's access logger, through the app's pipeline: signed attachment links hold their
    # credential in the query string.
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:50000",
        "GET",
        "/attachments/atc_1?token=v1.c2VjcmV0LWNsYWltcw.c2lnbmF0dXJl&download=1",
        "1.1",
        200,
    )

    [line] = [line for line in log_lines() if line["logger"] == "uvicorn.access"]
    assert "c2VjcmV0LWNsYWltcw" not in line["event"]
    assert "/attachments/atc_1?token=[REDACTED]&download=1" in line["event"]
{%- if cookiecutter.auth_style == 'session' %}


def test_access_log_lines_do_not_carry_the_sign_in_code_and_state(log_lines):
    # The identity provider sends the browser back with a one-time code and the state.
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:50000",
        "GET",
        "/auth/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj",
        "1.1",
        303,
    )

    [line] = [line for line in log_lines() if line["logger"] == "uvicorn.access"]
    assert "/auth/callback?code=[REDACTED]&state=[REDACTED]" in line["event"]
{%- endif %}


def test_library_loggers_write_one_json_line_each(settings, capsys):
    # chatkit adds a handler of its own when LOG_LEVEL is set; so might any library.
    for name in ("chatkit", "uvicorn.error", "sqlalchemy.engine"):
        logging.getLogger(name).addHandler(logging.StreamHandler())
    create_app(settings)
    capsys.readouterr()

    for name in ("chatkit", "uvicorn.error", "sqlalchemy.engine", "openai.agents", "httpx2"):
        logging.getLogger(name).warning("from %s", name)

    captured = capsys.readouterr()
    assert captured.err == ""
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [(line["logger"], line["event"]) for line in lines] == [
        (name, f"from {name}")
        for name in ("chatkit", "uvicorn.error", "sqlalchemy.engine", "openai.agents", "httpx2")
    ]
    assert all(line["level"] == "warning" and line["timestamp"].endswith("Z") for line in lines)


def test_scrubbing_masks_credentials_content_and_emails_at_any_depth(log_lines, make_token):
    token = make_token()
    structlog.get_logger("test").warning(
        "sent to bob@example.com",
        headers={"Authorization": f"Bearer {token}", "X-Api-Key": "k-123456789"},
        jwt_secret="hunter2-hunter2",
{%- if cookiecutter.auth_style == 'session' %}
        items=[{"content": "private words"}, {"note": f"cookie __Host-session={token}"}],
{%- else %}
        items=[{"content": "private words"}, {"note": f"token {token}"}],
{%- endif %}
        title="private title",
    )

    [line] = [line for line in log_lines() if line["logger"] == "test"]
    assert line["event"] == "sent to [REDACTED]"
    assert line["headers"] == {"Authorization": "[REDACTED]", "X-Api-Key": "[REDACTED]"}
    assert line["jwt_secret"] == "[REDACTED]"
{%- if cookiecutter.auth_style == 'session' %}
    assert line["items"] == [{"content": "[REDACTED]"}, {"note": "cookie [REDACTED]"}]
{%- else %}
    assert line["items"] == [{"content": "[REDACTED]"}, {"note": "token [REDACTED]"}]
{%- endif %}
    assert line["title"] == "[REDACTED]"


def test_exception_text_is_scrubbed(log_lines):
    try:
        raise ValueError("could not parse ann@example.com")
    except ValueError:
        structlog.get_logger("test").exception("parse.failed")

    [line] = [line for line in log_lines() if line["logger"] == "test"]
    assert "ValueError" in line["exception"]
    assert "ann@example.com" not in line["exception"]


def test_scrub_value_keeps_harmless_values():
    assert scrub_value("status", 200) == 200
    assert scrub_value("op", "threads.create") == "threads.create"
    assert scrub_value("cookie_count", 3) == "[REDACTED]"  # a name says credential: no risk


def test_the_session_scan_finds_registered_values_and_any_email():
    line = json.dumps({"event": "x", "note": "the words SECRET-WORDS and eve@example.org"})

    assert sorted(find_leaks(line, {"SECRET-WORDS", "absent-value"})) == [
        "SECRET-WORDS",
        "eve@example.org",
    ]
    assert find_leaks(json.dumps({"event": "chatkit.request.end"}), {"SECRET-WORDS"}) == []


def test_every_event_the_code_logs_is_documented():
    source = "".join(path.read_text() for path in (PROJECT / "src").rglob("*.py"))
    logged = set(LOGGED_EVENT.findall(source))
    documented = (PROJECT / "docs" / "logging-and-tracing.md").read_text()

    assert len(logged) > 10
    assert [event for event in sorted(logged) if f"`{event}`" not in documented] == []
