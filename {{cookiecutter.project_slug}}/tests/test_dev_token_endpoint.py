"""The development token endpoint: loopback callers in development only."""

import jwt
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.http.app import create_app

from .support import AUDIENCE, TEST_SECRET


def test_a_local_browser_gets_a_working_token_in_development(app):
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as local:
        response = local.get("/dev/token")
        assert response.status_code == 200
        token = response.json()["token"]
        claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience=AUDIENCE)
        assert response.json()["expires_in"] > 0 and claims["sub"]
        listed = local.post(
            "/chatkit",
            content=b'{"type":"threads.list","params":{}}',
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert listed.status_code == 200


def test_remote_callers_are_refused(client):
    assert client.get("/dev/token").status_code == 403


def test_production_has_no_dev_token_endpoint(settings_with):
    production = settings_with(
        app_env="production", openai_api_key="sk-test-never-called", hostnames="app.example.com"
    )
    app = create_app(production)
    with TestClient(app, base_url="https://app.example.com", client=("127.0.0.1", 1)) as local:
        assert local.get("/dev/token").status_code == 404
        assert local.get("/healthz").status_code == 200
