"""Progress updates, tool errors and replies follow the negotiated locale."""

import pytest

from {{ cookiecutter.package_name }}.i18n import SUPPORTED_LOCALES

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
