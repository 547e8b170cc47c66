"""The development token endpoint: loopback callers in development only."""

from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.http.app import DEV_TENANT_ID, DEV_USER_ID, create_app

from .log_scan import never_logged
from .support import auth, create_thread


def test_a_local_browser_gets_a_working_token_in_development(app, make_token):
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as local:
        response = local.get("/dev/token")
        assert response.status_code == 200
        assert response.json()["expires_in"] == 3600
        token = never_logged(response.json()["token"])
        created = local.post("/chatkit", json=create_thread("Hello"), headers=auth(token))
        assert created.status_code == 200
        # The thread belongs to the development user.
        listed = local.post(
            "/chatkit",
            json={"type": "threads.list", "params": {}},
            headers=auth(make_token(DEV_USER_ID, DEV_TENANT_ID)),
        )
        assert len(listed.json()["data"]) == 1


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
