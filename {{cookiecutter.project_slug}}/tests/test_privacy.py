"""Logs identify who and what, never what was said."""

import json
import logging

from .support import create_thread, created_thread_id, make_token, sse_events

MARKER = "PLAINTEXT-MARKER-4b1d"


def test_logs_carry_ids_and_no_message_text(log_lines, chatkit):
    events = sse_events(chatkit(create_thread(f"My email is x@example.com {MARKER}")).text)
    thread_id = created_thread_id(events)
    chatkit({"type": "items.list", "params": {"thread_id": thread_id}})

    lines = log_lines()
    output = json.dumps(lines)
    ends = [line for line in lines if line["event"] == "chatkit.request.end"]
    assert [end["op"] for end in ends] == ["threads.create", "items.list"]
    for end in ends:
        assert end["user_id"] == "alice"
        assert end["tenant_id"] == "tenant-a"
        assert len(end["request_id"]) == 32
        assert end["status"] == 200
        assert end["timestamp"].endswith("Z")
    assert ends[0]["events"] > 5 and ends[0]["ttfe_ms"] is not None
    assert ends[1]["thread_id"] == thread_id
    assert MARKER not in output
    assert "x@example.com" not in output
    assert make_token().split(".")[0] not in output  # no token material


def test_auth_failures_are_logged_without_the_token(log_lines, client):
    client.post("/chatkit", content=b"{}", headers={"Authorization": "Bearer not.a.jwt"})
    lines = log_lines()
    failures = [line for line in lines if line["event"] == "auth.failed"]
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

    lines = [line for line in log_lines() if line["logger"] == "uvicorn.access"]
    assert len(lines) == 1
    assert "c2VjcmV0LWNsYWltcw" not in lines[0]["event"]
    assert "/attachments/atc_1?token=[REDACTED]&download=1" in lines[0]["event"]
