"""A full ChatKit turn through POST /chatkit, and what the front end reads back."""

import pytest

from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

from .expected_text import EXPECTED
from .framework import open_client
from .support import (
    allowed_methods,
    assistant_text,
    create_thread,
    created_thread_id,
    sse_events,
)

ECHO = EXPECTED[DEFAULT_LOCALE]["echo"]


def test_threads_create_streams_the_reply_and_persists_the_turn(chatkit):
    response = chatkit(create_thread("Hello there"))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    events = sse_events(response.text)
    types = [event["type"] for event in events]
    assert types[0] == "thread.created"
    assert "stream_options" in types
    assert types.count("thread.item.done") == 2  # the user message, then the reply
    assert "error" not in types
    assert assistant_text(events) == ECHO.format(text="Hello there")

    thread_id = created_thread_id(events)
    threads = chatkit({"type": "threads.list", "params": {}}).json()
    assert [thread["id"] for thread in threads["data"]] == [thread_id]
    assert threads["data"][0]["title"] == "Hello there"

    items = chatkit({"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}})
    kinds = [item["type"] for item in items.json()["data"]]
    assert kinds == ["user_message", "assistant_message"]


def test_a_second_message_continues_the_thread(chatkit):
    thread_id = created_thread_id(sse_events(chatkit(create_thread("First")).text))

    follow_up = {
        "type": "threads.add_user_message",
        "params": {
            "thread_id": thread_id,
            "input": {
                "content": [{"type": "input_text", "text": "Second"}],
                "attachments": [],
                "inference_options": {},
            },
        },
    }
    events = sse_events(chatkit(follow_up).text)
    assert assistant_text(events) == ECHO.format(text="Second")

    thread = chatkit({"type": "threads.get_by_id", "params": {"thread_id": thread_id}}).json()
    assert len(thread["items"]["data"]) == 4


def test_ids_are_long_random_values_with_chatkit_prefixes(chatkit):
    events = sse_events(chatkit(create_thread("ids")).text)
    thread_id = created_thread_id(events)
    assert thread_id.startswith("thr_") and len(thread_id) == len("thr_") + 32
    user_item = next(e["item"] for e in events if e["type"] == "thread.item.done")
    assert user_item["id"].startswith("msg_") and len(user_item["id"]) == len("msg_") + 32


def test_every_response_carries_a_request_id(client, chatkit):
    response = chatkit({"type": "threads.list", "params": {}})
    assert len(response.headers["x-request-id"]) == 32

    inbound = "6f1b2a0c-9a2e-4a53-9f4e-3d6f4c2b1a77"
    echoed = chatkit({"type": "threads.list", "params": {}}, headers={"X-Request-ID": inbound})
    assert echoed.headers["x-request-id"] == inbound

    forged = chatkit({"type": "threads.list", "params": {}}, headers={"X-Request-ID": "evil\nline"})
    assert forged.headers["x-request-id"] != "evil\nline"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_unknown_host_header_is_refused_in_the_users_locale(client, locale):
    headers = {"Host": "attacker.example.net", "Accept-Language": locale}
    response = client.post("/chatkit", headers=headers, content=b"{}")

    assert response.status_code == 400
    assert response.headers["content-language"] == locale
    assert response.json() == {
        "error": {"code": "unknown_host", "message": EXPECTED[locale]["unknown_host"]}
    }
    assert "x-request-id" in response.headers


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_unknown_paths_and_methods_are_refused_in_the_users_locale(client, locale):
    headers = {"Accept-Language": locale}
    missing = client.get("/no/such/page", headers=headers)
    wrong_method = client.get("/telemetry", headers=headers)

    assert missing.status_code == 404
    assert missing.headers["content-language"] == locale
    assert missing.json() == {
        "error": {"code": "unknown_path", "message": EXPECTED[locale]["unknown_path"]}
    }
    assert wrong_method.status_code == 405
    assert allowed_methods(wrong_method) == {"POST"}
    assert wrong_method.json() == {
        "error": {"code": "method_not_allowed", "message": EXPECTED[locale]["method_not_allowed"]}
    }


def test_no_other_origin_is_granted_the_api(client):
    """The page is served from the API's own origin; a preflight from elsewhere gets no grant."""
    preflight = client.options(
        "/chatkit",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert preflight.status_code < 500
    assert not [name for name in preflight.headers if name.startswith("access-control-")]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_loopback_hosts_are_served_in_development(client, host):
    assert client.get("/app-config.json", headers={"Host": host}).status_code == 200


def test_a_bracketed_address_is_not_mistaken_for_an_allowed_name(client):
    assert client.get("/app-config.json", headers={"Host": "[::2]:8000"}).status_code == 400


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_probes_answer_whatever_the_host(settings_with, path):
    """Load balancers and orchestrators probe by IP address; the probes say only a status."""
    app = create_app(settings_with(app_env="production", openai_api_key="sk-test-key-for-probes"))
    with open_client(app, base_url="http://10.0.3.7:8000") as probe:
        assert probe.get(path).json() == {"status": "ok"}
        assert probe.get("/", headers={"Host": "10.0.3.7"}).status_code == 400
        assert probe.post("/chatkit", content=b"{}").status_code == 400
