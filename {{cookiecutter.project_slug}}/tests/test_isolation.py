"""A thread is visible only to its owner in its tenant: everyone else gets the same 404."""

import pytest

from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE

from .expected_text import EXPECTED
from .support import create_thread, created_thread_id, sse_events, user_input


def _operations(thread_id: str) -> dict[str, dict]:
    return {
        "threads.get_by_id": {"thread_id": thread_id},
        "items.list": {"thread_id": thread_id},
        "threads.update": {"thread_id": thread_id, "title": "hijacked"},
        "threads.delete": {"thread_id": thread_id},
        "items.feedback": {"thread_id": thread_id, "item_ids": ["msg_x"], "kind": "negative"},
        "threads.add_user_message": {"thread_id": thread_id, "input": user_input("hi")},
        "threads.retry_after_item": {"thread_id": thread_id, "item_id": "msg_x"},
        "threads.custom_action": {
            "thread_id": thread_id,
            "item_id": None,
            "action": {"type": "noop", "payload": {}},
        },
        "threads.add_client_tool_output": {"thread_id": thread_id, "result": {}},
        "threads.add_structured_input": {
            "thread_id": thread_id,
            "item_id": "msg_x",
            "input": {"status": "skipped"},
        },
    }


@pytest.fixture
def alice_thread(chatkit) -> tuple[str, dict]:
    thread_id = created_thread_id(sse_events(chatkit(create_thread("Alice's secret")).text))
    before = chatkit({"type": "threads.get_by_id", "params": {"thread_id": thread_id}}).json()
    return thread_id, before


@pytest.mark.parametrize("op", sorted(_operations("thr_x")))
@pytest.mark.parametrize(
    "intruder", [("bob", "tenant-a"), ("alice", "tenant-b")], ids=["other-user", "other-tenant"]
)
def test_foreign_thread_is_404_and_unchanged(chatkit, alice_thread, op, intruder):
    thread_id, before = alice_thread
    user, tenant = intruder
    params = _operations(thread_id)[op]

    response = chatkit({"type": op, "params": params}, user=user, tenant=tenant)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["message"] == EXPECTED[DEFAULT_LOCALE]["not_found"]
    assert "Alice" not in response.text
    after = chatkit({"type": "threads.get_by_id", "params": {"thread_id": thread_id}}).json()
    assert after == before


def test_unknown_thread_is_the_same_404(chatkit):
    response = chatkit({"type": "items.list", "params": {"thread_id": "thr_" + "0" * 32}})
    assert response.status_code == 404


def test_threads_list_shows_only_the_callers_threads(chatkit, alice_thread):
    thread_id, _ = alice_thread
    chatkit(create_thread("Bob's own"), user="bob")

    alice = chatkit({"type": "threads.list", "params": {}}).json()
    bob = chatkit({"type": "threads.list", "params": {}}, user="bob").json()
    other_tenant = chatkit({"type": "threads.list", "params": {}}, tenant="tenant-b").json()

    assert [thread["id"] for thread in alice["data"]] == [thread_id]
    assert len(bob["data"]) == 1 and bob["data"][0]["id"] != thread_id
    assert other_tenant["data"] == []


def test_a_foreign_cursor_leaks_nothing(chatkit, alice_thread):
    thread_id, _ = alice_thread
    page = chatkit({"type": "threads.list", "params": {"after": thread_id}}, user="bob").json()
    assert page == {"data": [], "has_more": False}


def test_an_attachment_the_caller_does_not_own_is_404_before_any_thread_is_saved(chatkit):
    body = create_thread("with a stranger's file")
    body["params"]["input"]["attachments"] = ["atc_" + "f" * 32]

    response = chatkit(body)

    assert response.status_code == 404
    assert chatkit({"type": "threads.list", "params": {}}).json()["data"] == []
