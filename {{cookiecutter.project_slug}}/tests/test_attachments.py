"""Attachments end to end: create through /chatkit, upload and download through signed links,
use in a message, delete; and every way to reach someone else's file is the same 404."""

import base64
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from chatkit.types import AttachmentCreateParams

from {{ cookiecutter.package_name }}.auth.signed_urls import LinkSigner
from {{ cookiecutter.package_name }}.chat.server import AttachmentConverter
from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.settings import Settings

from .framework import TestClient, open_client
from .support import URL_SECRET, auth, create_thread, created_thread_id, sse_events

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MARKER = "plaintext-marker-7c1f3a"
TEXT = f"Meeting notes: {MARKER}\n".encode()
ALICE = ("alice", "tenant-a")
INTRUDERS = [("bob", "tenant-a"), ("alice", "tenant-b")]
INTRUDER_IDS = ["other-user", "other-tenant"]


def _create(chatkit, name: str, size: int, mime_type: str, who=ALICE) -> Any:
    user, tenant = who
    body = {
        "type": "attachments.create",
        "params": {"name": name, "size": size, "mime_type": mime_type},
    }
    return chatkit(body, user=user, tenant=tenant)


def _upload(client: TestClient, url: str, content: bytes, mime_type: str) -> Any:
    return client.post(url, files={"file": ("upload", content, mime_type)})


def _link(attachment_id: str, token: str, upload: bool = False) -> str:
    return (
        f"http://127.0.0.1/attachments/{attachment_id}{'/upload' if upload else ''}?token={token}"
    )


def _sign(method: str, attachment_id: str, who=ALICE, *, secret: str = URL_SECRET, now=None) -> str:
    user, tenant = who
    return LinkSigner(secret.encode(), 900).sign(method, tenant, user, attachment_id, now=now)


def _files(directory: Path) -> list[Path]:
    return [path for path in directory.rglob("*") if path.is_file()]


@pytest.fixture
def uploaded(chatkit, client) -> Callable[..., dict]:
    """Create and upload an attachment as ``who``; returns the created attachment JSON."""

    def make(
        content: bytes = TEXT, mime_type: str = "text/plain", name: str = "notes.txt", who=ALICE
    ) -> dict:
        created = _create(chatkit, name, len(content), mime_type, who)
        assert created.status_code == 200, created.text
        attachment = created.json()
        response = _upload(client, attachment["upload_descriptor"]["url"], content, mime_type)
        assert response.status_code == 200, response.text
        return attachment

    return make


def _send(chatkit, attachment_ids: list[str], who=ALICE, text: str = "Look at this") -> Any:
    user, tenant = who
    body = create_thread(text)
    body["params"]["input"]["attachments"] = attachment_ids
    return chatkit(body, user=user, tenant=tenant)


def test_the_whole_two_phase_flow(chatkit, client, settings):
    created = _create(chatkit, "chart.png", len(PNG), "image/png")

    assert created.status_code == 200
    attachment = created.json()
    attachment_id = attachment["id"]
    assert attachment_id.startswith("atc_") and len(attachment_id) == 4 + 32
    assert attachment["type"] == "image"
    assert "metadata" not in attachment
    descriptor = attachment["upload_descriptor"]
    assert descriptor["method"] == "POST"
    assert urlsplit(descriptor["url"]).path == f"/attachments/{attachment_id}/upload"

    upload = _upload(client, descriptor["url"], PNG, "image/png")
    assert upload.status_code == 200
    assert upload.headers["access-control-allow-origin"] == "*"
    assert "upload_descriptor" not in upload.json()

    sent = _send(chatkit, [attachment_id])
    assert sent.status_code == 200
    events = sse_events(sent.text)
    thread_id = created_thread_id(events)
    assert [event["type"] for event in events if event["type"] == "error"] == []
    message = next(
        event["item"]
        for event in events
        if event["type"] == "thread.item.done" and event["item"]["type"] == "user_message"
    )
    assert [item["id"] for item in message["attachments"]] == [attachment_id]

    # A reload signs a fresh preview link; it serves the bytes as a download.
    thread = chatkit({"type": "threads.get_by_id", "params": {"thread_id": thread_id}}).json()
    preview = thread["items"]["data"][0]["attachments"][0]["preview_url"]
    assert "upload_descriptor" not in thread["items"]["data"][0]["attachments"][0]
    download = client.get(preview)
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert 'filename="chart.png"' in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["cache-control"] == "private, no-store"
    assert len(_files(settings.attachments_dir)) == 1

    deleted = chatkit({"type": "attachments.delete", "params": {"attachment_id": attachment_id}})
    assert deleted.status_code == 200
    assert client.get(preview).status_code == 404
    assert _files(settings.attachments_dir) == []


async def test_the_model_sees_images_as_images_and_files_as_a_note(attachments, make_context):
    context = make_context()
    image = await attachments.create_attachment(
        AttachmentCreateParams(name="chart.png", size=len(PNG), mime_type="image/png"), context
    )
    await attachments.store.save_attachment(image, context)
    await attachments.accept_upload(image.id, "image/png", PNG, context)
    note = await attachments.create_attachment(
        AttachmentCreateParams(name="notes.txt", size=len(TEXT), mime_type="text/plain"), context
    )
    converter = AttachmentConverter(attachments, context)

    as_image = await converter.attachment_to_message_content(image)
    as_note = await converter.attachment_to_message_content(note)

    assert as_image["type"] == "input_image"
    prefix = "data:image/png;base64,"
    assert as_image["image_url"].startswith(prefix)
    assert base64.b64decode(as_image["image_url"].removeprefix(prefix)) == PNG
    assert as_note["type"] == "input_text"
    assert '"notes.txt"' in as_note["text"] and "text/plain" in as_note["text"]
    assert MARKER not in as_note["text"]


def test_the_offline_model_answers_a_message_with_a_file(chatkit, uploaded):
    attachment = uploaded()

    response = _send(chatkit, [attachment["id"]], text="Summarize it")

    events = sse_events(response.text)
    assert response.status_code == 200
    assert not [event for event in events if event["type"] == "error"]
    assert any(
        event["type"] == "thread.item.done" and event["item"]["type"] == "assistant_message"
        for event in events
    )


@pytest.mark.parametrize(
    ("name", "size", "mime_type", "code"),
    [
        ("big.pdf", 10_485_761, "application/pdf", "file_too_large"),
        ("page.svg", 100, "image/svg+xml", "unsupported_type"),
        ("run.exe", 100, "application/x-msdownload", "unsupported_type"),
        ("empty.txt", 0, "text/plain", "empty_file"),
        (" \t ", 10, "text/plain", "invalid_name"),
        ("line\nbreak.txt", 10, "text/plain", "invalid_name"),
    ],
)
def test_create_refuses_with_a_clear_400(chatkit, name, size, mime_type, code):
    response = _create(chatkit, name, size, mime_type)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert name not in error["message"]


@pytest.fixture
def small_client(settings_with) -> Iterator[TestClient]:
    app = create_app(settings_with(attachment_max_bytes=1024))
    with open_client(app, base_url="http://127.0.0.1") as client:
        yield client


def test_the_size_limit_holds_while_the_upload_is_read(small_client, make_token):
    def post(body: dict) -> Any:
        return small_client.post("/chatkit", json=body, headers=auth(make_token()))

    created = post(
        {
            "type": "attachments.create",
            "params": {"name": "a.txt", "size": 1000, "mime_type": "text/plain"},
        }
    )
    url = created.json()["upload_descriptor"]["url"]

    as_form = _upload(small_client, url, b"x" * 5000, "text/plain")
    raw = small_client.post(url, content=b"x" * 50_000, headers={"content-type": "text/plain"})

    assert as_form.status_code == 413
    assert raw.status_code == 413
    assert as_form.json()["error"]["code"] == "file_too_large"
    assert _upload(small_client, url, b"x" * 1000, "text/plain").status_code == 200


@pytest.mark.parametrize(
    ("declared", "sent", "content", "code"),
    [
        ("text/plain", "text/plain", TEXT + b"more", "size_mismatch"),
        ("image/png", "text/plain", PNG, "type_mismatch"),
        ("image/png", "image/png", b"GIF89a" + PNG[6:], "type_mismatch"),
        ("text/plain", "text/plain", b"\xff\xfe\x00" + TEXT[3:], "type_mismatch"),
    ],
)
def test_the_upload_must_match_what_was_announced(
    chatkit, client, settings, declared, sent, content, code
):
    size = len(TEXT) if code == "size_mismatch" else len(content)
    attachment = _create(chatkit, "file", size, declared).json()
    url = attachment["upload_descriptor"]["url"]

    response = _upload(client, url, content, sent)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert _files(settings.attachments_dir) == []


def test_a_file_is_uploaded_once(chatkit, client):
    attachment = _create(chatkit, "notes.txt", len(TEXT), "text/plain").json()
    url = attachment["upload_descriptor"]["url"]
    assert _upload(client, url, TEXT, "text/plain").status_code == 200

    again = _upload(client, url, TEXT.upper(), "text/plain")

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_uploaded"
    download = client.get(_link(attachment["id"], _sign("GET", attachment["id"])))
    assert download.content == TEXT


def test_a_file_not_uploaded_yet_cannot_be_sent(chatkit):
    attachment = _create(chatkit, "notes.txt", len(TEXT), "text/plain").json()

    response = _send(chatkit, [attachment["id"]])

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_uploaded"
    assert chatkit({"type": "threads.list", "params": {}}).json()["data"] == []


@pytest.mark.parametrize(
    "token",
    ["expired", "forged", "other_attachment", "other_method", "garbage", "missing"],
)
def test_a_bad_link_is_403(chatkit, client, uploaded, token):
    attachment_id = uploaded()["id"]
    other_id = uploaded()["id"]
    tokens = {
        "expired": _sign("GET", attachment_id, now=time.time() - 901),
        "forged": _sign("GET", attachment_id, secret="another-secret-that-is-long-enough-000000"),
        "other_attachment": _sign("GET", other_id),
        "other_method": _sign("POST", attachment_id),
        "garbage": "not.a-token",
        "missing": "",
    }

    response = client.get(_link(attachment_id, tokens[token]))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_link"
    assert MARKER not in response.text


def test_a_tampered_upload_link_is_403(chatkit, client):
    mine = _create(chatkit, "a.txt", len(TEXT), "text/plain").json()
    theirs = _create(chatkit, "b.txt", len(TEXT), "text/plain", who=INTRUDERS[0]).json()
    token = parse_qs(urlsplit(theirs["upload_descriptor"]["url"]).query)["token"][0]

    response = _upload(client, _link(mine["id"], token, upload=True), TEXT, "text/plain")

    assert response.status_code == 403


@pytest.mark.parametrize("intruder", INTRUDERS, ids=INTRUDER_IDS)
def test_someone_elses_attachment_is_404_everywhere(chatkit, client, uploaded, settings, intruder):
    attachment_id = uploaded()["id"]
    pending = _create(chatkit, "later.txt", len(TEXT), "text/plain").json()["id"]
    user, tenant = intruder

    download = client.get(_link(attachment_id, _sign("GET", attachment_id, intruder)))
    upload = _upload(
        client, _link(pending, _sign("POST", pending, intruder), upload=True), TEXT, "text/plain"
    )
    delete = chatkit(
        {"type": "attachments.delete", "params": {"attachment_id": attachment_id}},
        user=user,
        tenant=tenant,
    )
    message = _send(chatkit, [attachment_id], who=intruder)

    for response in (download, upload, delete, message):
        assert response.status_code == 404
        assert MARKER not in response.text
    assert (
        chatkit({"type": "threads.list", "params": {}}, user=user, tenant=tenant).json()["data"]
        == []
    )
    # Alice's files are untouched: still there, and the pending one still takes its upload.
    assert client.get(_link(attachment_id, _sign("GET", attachment_id))).content == TEXT
    assert (
        _upload(
            client, _link(pending, _sign("POST", pending), upload=True), TEXT, "text/plain"
        ).status_code
        == 200
    )


def test_an_unknown_attachment_is_the_same_404(chatkit, client):
    unknown = "atc_" + "0" * 32

    download = client.get(_link(unknown, _sign("GET", unknown)))
    delete = chatkit({"type": "attachments.delete", "params": {"attachment_id": unknown}})

    assert download.status_code == delete.status_code == 404


def test_deleting_a_thread_deletes_its_files(chatkit, uploaded, settings):
    first, second = uploaded()["id"], uploaded(PNG, "image/png", "chart.png")["id"]
    kept = uploaded()["id"]
    thread_id = created_thread_id(sse_events(_send(chatkit, [first, second]).text))
    assert len(_files(settings.attachments_dir)) == 3

    response = chatkit({"type": "threads.delete", "params": {"thread_id": thread_id}})

    assert response.status_code == 200
    remaining = _files(settings.attachments_dir)
    assert [path.name for path in remaining] == [kept]


def test_the_front_end_limits_match_the_backend_defaults():
    source = (Path(__file__).parents[1] / "frontend/src/config/attachments.ts").read_text()
    fields = Settings.model_fields

    megabytes = fields["attachment_max_bytes"].default // 1_048_576
    assert f"ATTACHMENT_MAX_BYTES = {megabytes} * 1024 * 1024;" in source
    assert re.findall(r'^  "([a-z]+/[a-z.+-]+)": \[', source, re.MULTILINE) == list(
        fields["attachment_mime_types"].default
    )
{%- if cookiecutter.encryption == 'aes_gcm' %}


def test_files_are_encrypted_at_rest(uploaded, settings, client):
    attachment_id = uploaded()["id"]

    (stored,) = _files(settings.attachments_dir)

    assert MARKER.encode() not in stored.read_bytes()
    assert client.get(_link(attachment_id, _sign("GET", attachment_id))).content == TEXT
{%- endif %}
