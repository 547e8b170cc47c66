"""Progress updates, tool errors and replies follow the negotiated locale."""

import json

import pytest

from {{ cookiecutter.package_name }}.i18n import SUPPORTED_LOCALES
from {{ cookiecutter.package_name }}.i18n.interface_text import interface_strings_json

from .expected_text import EXPECTED
from .support import assistant_text, create_thread, sse_events


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_tool_progress_is_localized(chatkit, locale):
    events = sse_events(
        chatkit(create_thread("What time is it in Europe/Paris?"), locale=locale).text
    )

    progress = [event["text"] for event in events if event["type"] == "progress_update"]
    assert progress == [EXPECTED[locale]["progress"]]
    assert "error" not in [event["type"] for event in events]
    assert assistant_text(events)  # the model reported the tool's result


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_tool_errors_are_localized_for_the_user(chatkit, locale):
    events = sse_events(chatkit(create_thread("Time in Mars/Olympus please"), locale=locale).text)

    errors = [event for event in events if event["type"] == "error"]
    assert errors == [
        {
            "type": "error",
            "code": "custom",
            "message": EXPECTED[locale]["bad_zone"],
            "allow_retry": False,
        }
    ]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_reply_follows_the_locale(chatkit, locale):
    events = sse_events(chatkit(create_thread("Bonjour"), locale=f"{locale};q=0.9, xx;q=0.1").text)
    assert assistant_text(events) == EXPECTED[locale]["echo"].format(text="Bonjour")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_too_many_attachments_are_refused_in_the_users_locale(chatkit, locale):
    body = create_thread("Look at these")
    body["params"]["input"]["attachments"] = [f"atc_{n:032x}" for n in range(4)]

    response = chatkit(body, locale=locale)

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "too_many_files",
        "message": EXPECTED[locale]["too_many_files"],
    }
    assert response.headers["content-language"] == locale


def test_front_end_strings_come_from_the_catalogs():
    strings = json.loads(interface_strings_json())

    assert list(strings) == list(SUPPORTED_LOCALES)
    for locale, texts in strings.items():
        assert texts["greeting"] == EXPECTED[locale]["greeting"]
        assert len(texts["prompts"]) == 3
        assert all(prompt["label"] and prompt["prompt"] for prompt in texts["prompts"])
