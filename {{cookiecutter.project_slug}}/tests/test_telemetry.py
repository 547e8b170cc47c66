"""POST /telemetry: authenticated like /chatkit, strictly shaped, rate limited, no PII logged."""

import json

import pytest

from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from {{ cookiecutter.package_name }}.observability.telemetry import MAX_TELEMETRY_BYTES

from .expected_text import EXPECTED
from .framework import open_client
from .support import auth, forged_token


def _event(**overrides) -> dict:
    event = {
        "kind": "log",
        "name": "thread.load",
        "data": {"threadId": "thr_1", "durationMs": 12, "response.status": "ok"},
        "context": {"sessionId": "s-1", "threadId": "thr_1", "locale": "en", "host": "app"},
    }
    event.update(overrides)
    return event


@pytest.fixture
def send_event(make_token):
    """POST a telemetry event through ``client`` as ``user`` of ``tenant``, with a valid token."""

    def post(client, event, *, user="alice", tenant="tenant-a", locale=None):
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        headers = auth(make_token(user, tenant), locale)
        return client.post("/telemetry", content=body, headers=headers)

    return post


def _client_lines(log_lines):
    return [line for line in log_lines() if line["event"] in ("client.log", "client.error")]


def test_an_event_is_logged_tagged_with_the_caller(send_event, log_lines, client):
    response = send_event(client, _event(), user="bob", tenant="tenant-b")

    assert response.status_code == 204
    [logged] = _client_lines(log_lines)
    assert logged["event"] == "client.log"
    assert (logged["user_id"], logged["tenant_id"]) == ("bob", "tenant-b")
    assert len(logged["request_id"]) == 32
    assert logged["client_event"] == "thread.load"
    assert logged["client_session_id"] == "s-1"
    assert logged["thread_id"] == "thr_1"
    assert logged["data_durationMs"] == 12
    assert logged["data_response.status"] == "ok"


def test_errors_are_logged_redacted(send_event, log_lines, client):
    error = {"errorName": "TypeError", "message": "failed for bob@example.com with Bearer abc.def"}
    response = send_event(client, _event(kind="error", name="chatkit.error", error=error))

    assert response.status_code == 204
    [logged] = _client_lines(log_lines)
    assert logged["event"] == "client.error"
    assert logged["error_name"] == "TypeError"
    assert "bob@example.com" not in logged["error_message"]
    assert "abc.def" not in logged["error_message"]


def test_an_unauthenticated_event_is_refused(log_lines, client):
    body = json.dumps(_event()).encode()
    missing = client.post("/telemetry", content=body)
    forged = client.post("/telemetry", content=body, headers=auth(forged_token()))

    for response in (missing, forged):
        assert response.status_code == 401
{%- if cookiecutter.auth_style == 'session' %}
        assert "www-authenticate" not in response.headers
{%- else %}
        assert response.headers["www-authenticate"].startswith("Bearer")
{%- endif %}
        assert response.json()["error"]["message"] == EXPECTED[DEFAULT_LOCALE]["sign_in"]
    lines = log_lines()
    assert len([line for line in lines if line["event"] == "auth.failed"]) == 2
    assert not [line for line in lines if line["event"].startswith("client.")]


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(_event(name="bad name with spaces"), id="bad-name"),
        pytest.param(_event(kind="debug"), id="unknown-kind"),
        pytest.param(_event(extra="field"), id="unknown-field"),
        pytest.param(_event(data={"email": "x@example.com"}), id="unknown-data-key"),
        pytest.param(_event(data={"user.name": "Jane Doe"}), id="unknown-nested-data-key"),
        pytest.param(_event(data={"status": {"nested": 1}}), id="data-not-flat"),
        pytest.param(_event(context={"sessionId": "s-1", "email": "x@example.com"}), id="context"),
        pytest.param(
            _event(kind="error", error={"errorName": "E", "stack": "at f (app.js:1)"}),
            id="error-stack",
        ),
    ],
)
def test_an_event_outside_the_allowed_shape_is_refused(send_event, log_lines, client, event):
    response = send_event(client, event)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error == {
        "code": "invalid_event",
        "message": EXPECTED[DEFAULT_LOCALE]["invalid_event"],
    }
    assert not _client_lines(log_lines)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_refusals_are_localized(send_event, client, locale):
    response = send_event(client, _event(extra="field"), locale=locale)

    assert response.json()["error"]["message"] == EXPECTED[locale]["invalid_event"]
    assert response.headers["content-language"] == locale


def test_an_oversize_event_is_refused_before_it_is_read(send_event, log_lines, client):
    padded = _event(data={"status": "x" * MAX_TELEMETRY_BYTES})

    response = send_event(client, padded)

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert not _client_lines(log_lines)


def test_each_user_is_rate_limited(send_event, settings_with, log_lines):
    app = create_app(settings_with(telemetry_rate_limit="2/minute"))
    with open_client(app, base_url="http://127.0.0.1") as client:
        accepted = [send_event(client, _event()).status_code for _ in range(2)]
        limited = send_event(client, _event(), locale=SUPPORTED_LOCALES[-1])
        other_user = send_event(client, _event(), user="bob")

    assert accepted == [204, 204]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["error"] == {
        "code": "rate_limited",
        "message": EXPECTED[SUPPORTED_LOCALES[-1]]["rate_limited"],
    }
    assert other_user.status_code == 204
    lines = log_lines()
    assert len([line for line in lines if line["event"] == "telemetry.rate_limited"]) == 1
    assert len(_client_lines(lambda: lines)) == 3


def test_a_bad_rate_limit_setting_refuses_to_start(settings_with):
    with pytest.raises(ValueError, match="TELEMETRY_RATE_LIMIT"):
        settings_with(telemetry_rate_limit="often")
