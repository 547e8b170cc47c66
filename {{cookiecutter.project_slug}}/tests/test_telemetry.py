"""Client telemetry is accepted only in its allow-listed shape and logged without PII."""

import json


def _event(**overrides) -> bytes:
    event = {
        "kind": "log",
        "name": "thread.load",
        "data": {
            "threadId": "thr_1",
            "durationMs": 12,
            "response.status": "ok",
            "email": "x@example.com",
            "user.name": "Jane",
        },
        "context": {"sessionId": "s-1", "threadId": "thr_1", "locale": "en", "host": "app"},
    }
    event.update(overrides)
    return json.dumps(event).encode()


def test_a_valid_event_is_logged_with_allow_listed_fields_only(log_lines, client):
    response = client.post(
        "/telemetry", content=_event(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 204
    lines = log_lines()
    logged = next(line for line in lines if line["event"] == "client.log")
    assert logged["client_event"] == "thread.load"
    assert logged["data_durationMs"] == 12
    assert logged["data_response.status"] == "ok"
    assert not [key for key in logged if key in ("data_email", "data_user.name")]
    assert "x@example.com" not in json.dumps(lines) and "Jane" not in json.dumps(lines)


def test_errors_are_redacted(log_lines, client):
    error = {"errorName": "TypeError", "message": "failed for bob@example.com with Bearer abc.def"}
    response = client.post(
        "/telemetry", content=_event(kind="error", name="chatkit.error", error=error)
    )
    assert response.status_code == 204
    lines = log_lines()
    out = json.dumps(lines)
    assert "bob@example.com" not in out and "abc.def" not in out
    assert [line["event"] for line in lines if line["logger"] == "client"] == ["client.error"]


def test_invalid_events_are_refused(client):
    assert client.post("/telemetry", content=b"not json").status_code == 400
    assert client.post("/telemetry", content=_event(name="bad name with spaces")).status_code == 400
    assert client.post("/telemetry", content=b"{" + b" " * 9000 + b"}").status_code == 400
