"""Bad input gets a clear, localized refusal that never echoes what was sent."""

import json

import pytest

from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

from .expected_text import EXPECTED
from .support import auth, create_thread

MARKER = "SECRET-MARKER-7f3a"


@pytest.mark.parametrize(
    "body",
    [
        b"{not json " + MARKER.encode(),
        json.dumps({"type": "threads.explode", "params": {"note": MARKER}}).encode(),
        json.dumps({"type": "threads.create", "params": {"input": {"content": MARKER}}}).encode(),
        json.dumps({"type": "threads.list", "params": {MARKER: 1, "limit": "x"}}).encode(),
        b"",
    ],
    ids=["malformed-json", "unknown-type", "wrong-shape", "bad-field", "empty"],
)
def test_invalid_requests_are_400_without_echo(client, make_token, body):
    response = client.post("/chatkit", content=body, headers=auth(make_token()))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"] == EXPECTED[DEFAULT_LOCALE]["invalid"]
    assert MARKER not in response.text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_400_is_localized(client, make_token, locale):
    response = client.post("/chatkit", content=b"{", headers=auth(make_token(), locale))
    assert response.json()["error"]["message"] == EXPECTED[locale]["invalid"]


def test_oversize_body_is_413(client, make_token, settings):
    body = (
        b'{"type":"threads.list","params":{},"metadata":{"pad":"'
        + b"x" * (settings.max_body_bytes)
        + b'"}}'
    )
    response = client.post("/chatkit", content=body, headers=auth(make_token()))
    assert response.status_code == 413
    assert response.json()["error"]["message"] == EXPECTED[DEFAULT_LOCALE]["too_large"]


def test_oversize_body_without_content_length_is_413(client, make_token, settings):
    def chunks():
        yield b'{"type":"threads.list","params":{},"metadata":{"pad":"'
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b"x" * 65536
        yield b'"}}'

    response = client.post("/chatkit", content=chunks(), headers=auth(make_token()))
    assert response.status_code == 413


def test_unsupported_operation_is_400(chatkit):
    response = chatkit(
        {
            "type": "input.transcribe",
            "params": {"audio_base64": "AAAA", "mime_type": "audio/webm"},
        }
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unsupported"


@pytest.mark.parametrize(("limit", "expected"), [(0, 3), (-1, 1), (2, 2), (10_000, 3)])
def test_page_sizes_are_clamped(chatkit, limit, expected):
    for text in ("one", "two", "three"):
        chatkit(create_thread(text))

    page = chatkit({"type": "threads.list", "params": {"limit": limit}}).json()

    assert len(page["data"]) == expected
    assert page["has_more"] is (expected < 3)
