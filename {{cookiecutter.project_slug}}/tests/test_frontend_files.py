"""The built front end, served by the backend at / when FRONTEND_DIR holds a build."""

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.http.app import create_app

from .framework import open_client
from .support import allowed_methods, auth, create_thread

INDEX = "<!doctype html><title>chat</title><script src=/assets/index-3f9a1c.js></script>"


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """What `npm run build` writes: index.html and content-hashed assets."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX, encoding="utf-8")
    (dist / "assets" / "index-3f9a1c.js").write_text("console.log(1)", encoding="utf-8")
    return dist


@pytest.fixture
def served(settings_with, build: Path):
    app = create_app(settings_with(frontend_dir=build))
    with open_client(app, base_url="http://127.0.0.1") as client:
        yield client


def test_the_page_is_served_at_the_root_and_revalidated(served):
    response = served.get("/")

    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_hashed_assets_are_cached_for_good(served):
    response = served.get("/assets/index-3f9a1c.js")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_missing_file_is_404_and_nothing_outside_the_build_is_reachable(served, build):
    (build.parent / "secret.txt").write_text("not public", encoding="utf-8")

    missing = served.get("/assets/missing.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "unknown_path"  # the app's error, not the framework's
    assert served.get("/%2e%2e/secret.txt").status_code == 404
    assert served.post("/index.html").status_code == 405


def test_the_api_routes_keep_precedence(served, make_token):
    assert served.get("/healthz").json() == {"status": "ok"}
    response = served.post("/chatkit", json=create_thread("Hello"), headers=auth(make_token()))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")


def test_an_api_path_asked_with_another_method_is_405_not_a_missing_page(served):
    response = served.get("/chatkit")

    assert response.status_code == 405
    assert allowed_methods(response) == {"POST"}
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_hosts_outside_the_allow_list_get_no_page(served):
    assert served.get("/", headers={"Host": "evil.example.net"}).status_code == 400


def test_without_a_build_nothing_is_served_at_the_root(client):
    assert client.get("/").status_code == 404


def test_the_page_reads_this_deployments_domain_keys_from_app_config(settings_with):
    keys = {"chat.example.com": "domain_pk_chat", "*.preview.example.com": "domain_pk_preview"}
    app = create_app(settings_with(domain_keys=keys))
    with open_client(app, base_url="http://127.0.0.1") as client:
        response = client.get("/app-config.json")

    assert response.status_code == 200
    assert response.json() == {"domainKeys": keys}
    assert response.headers["cache-control"] == "no-cache"


def test_app_config_needs_no_build_and_is_empty_without_domain_keys(client):
    # The dev server proxies it to the backend, and an empty map means "use the build's keys".
    response = client.get("/app-config.json")

    assert response.status_code == 200
    assert response.json() == {"domainKeys": {}}


def test_app_config_is_refused_on_hosts_outside_the_allow_list(client):
    assert client.get("/app-config.json", headers={"Host": "evil.example.net"}).status_code == 400
