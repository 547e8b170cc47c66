"""A database that is down gets a 503 with a localized message, never a traceback."""

import json

import pytest

from {{ cookiecutter.package_name }}.http.app import create_app

from .databases import unreachable_database_url
from .expected_text import EXPECTED
from .framework import open_client
from .support import auth


@pytest.fixture
def down_client(settings_with, tmp_path):
    app = create_app(settings_with(database_url=unreachable_database_url(tmp_path)))
    with open_client(app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_chatkit_answers_503_while_the_database_is_down(down_client, make_token, locale):
    response = down_client.post(
        "/chatkit",
        content=json.dumps({"type": "threads.list", "params": {}}),
        headers=auth(make_token(), locale),
    )

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert error["message"] == EXPECTED[locale]["unavailable"]
    assert "Traceback" not in response.text
    assert "unreadable" not in response.text and "127.0.0.1:1" not in response.text


def test_readiness_reports_the_database(client, down_client):
    assert client.get("/readyz").json() == {"status": "ok"}
    assert down_client.get("/readyz").status_code == 503
    assert down_client.get("/healthz").status_code == 200  # the process itself is alive
