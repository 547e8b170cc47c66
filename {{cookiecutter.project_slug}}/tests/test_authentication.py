"""Every authenticated route needs valid credentials; refusals say nothing about why, and
repeated failures from one address are rate limited."""

import json

import pytest

from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

from .expected_text import EXPECTED
from .framework import open_client
from .support import auth, forged_token

LIST = json.dumps({"type": "threads.list", "params": {}})


{% if cookiecutter.auth_style == 'session' -%}
def test_missing_session_cookie_is_401_without_a_challenge(client):
    response = client.post("/chatkit", content=LIST)
    assert response.status_code == 401
    assert "www-authenticate" not in response.headers  # cookies have no scheme to announce
    assert response.json()["error"]["code"] == "unauthorized"
{%- else -%}
def test_missing_token_is_401_with_a_bearer_challenge(client):
    response = client.post("/chatkit", content=LIST)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"
{%- endif %}


@pytest.mark.parametrize("value", ["Basic YWxpY2U6cHc=", "Bearer", "Bearer ", "Token abc"])
def test_other_schemes_and_empty_bearer_are_401(client, value):
    response = client.post("/chatkit", content=LIST, headers={"Authorization": value})
    assert response.status_code == 401


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_401_message_follows_the_locale(client, locale):
    response = client.post("/chatkit", content=LIST, headers={"Accept-Language": locale})
    assert response.json()["error"]["message"] == EXPECTED[locale]["sign_in"]
    assert response.headers["content-language"] == locale


def test_valid_token_reaches_chatkit(client, make_token):
    response = client.post("/chatkit", content=LIST, headers=auth(make_token()))
    assert response.status_code == 200
    assert response.json() == {"data": [], "has_more": False}
{%- if cookiecutter.auth_style != 'session' %}


def test_bearer_requests_are_not_held_to_the_browser_origin_checks(client, make_token):
    # A browser cannot attach someone's bearer token to a forged request, so the origin
    # and content-type checks that cookie authentication needs do not apply.
    headers = auth(make_token()) | {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    response = client.post("/chatkit", content=LIST, headers=headers)
    assert response.status_code == 200
{%- endif %}


@pytest.mark.parametrize("parameter", ["access_token", "token", "api_key"])
def test_a_token_in_the_query_string_is_ignored(client, make_token, parameter):
    token = make_token()
    response = client.post(f"/chatkit?{parameter}={token}", content=LIST)
    assert response.status_code == 401


def test_repeated_failures_from_one_address_are_rate_limited(settings_with, make_token, log_lines):
    app = create_app(settings_with(auth_failure_rate_limit="3/minute"))
    locale = SUPPORTED_LOCALES[-1]
    # One client after the other: each runs the app on an event loop of its own.
    with open_client(app, base_url="http://127.0.0.1", client=("203.0.113.7", 4000)) as attacker:
        failures = [
            attacker.post("/chatkit", content=LIST, headers=auth(forged_token())).status_code
            for _ in range(3)
        ]
        # Past the limit even valid credentials are refused, before they are checked.
        limited = attacker.post("/chatkit", content=LIST, headers=auth(make_token(), locale))
        telemetry = attacker.post("/telemetry", content=b"{}", headers=auth(make_token()))
    with open_client(app, base_url="http://127.0.0.1", client=("198.51.100.2", 4000)) as other:
        elsewhere = other.post("/chatkit", content=LIST, headers=auth(make_token()))

    assert failures == [401, 401, 401]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["error"] == {
        "code": "rate_limited",
        "message": EXPECTED[locale]["rate_limited"],
    }
    assert limited.headers["content-language"] == locale
    assert telemetry.status_code == 429
    assert elsewhere.status_code == 200
    events = [line["event"] for line in log_lines()]
    assert events.count("auth.failed") == 3
    assert events.count("auth.rate_limited") == 2


def test_successes_do_not_count_against_the_limit(settings_with, make_token):
    app = create_app(settings_with(auth_failure_rate_limit="2/minute"))
    with open_client(app, base_url="http://127.0.0.1") as client:
        statuses = [
            client.post("/chatkit", content=LIST, headers=auth(make_token())).status_code
            for _ in range(5)
        ]
    assert statuses == [200] * 5


def test_a_bad_failure_limit_setting_refuses_to_start(settings_with):
    with pytest.raises(ValueError, match="AUTH_FAILURE_RATE_LIMIT"):
        settings_with(auth_failure_rate_limit="rarely")


def test_the_default_locale_answers_without_accept_language(client):
    response = client.post("/chatkit", content=LIST, headers=auth(forged_token()))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == EXPECTED[DEFAULT_LOCALE]["sign_in"]
