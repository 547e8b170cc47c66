"""The built front end in headless Chromium, against this backend on 127.0.0.1.

`make test-browser` runs these (they are left out of a plain ``pytest``): they need Node, the
front end's packages and a Chromium. The page is a production build (``vite build``), served by
the backend as in production. ChatKit's CDN script is replaced by ``frontend/e2e/stub-chatkit.js``,
which records the options the page passes and makes one real request through the page's fetch;
every other request off 127.0.0.1 is aborted and reported. The test hostnames resolve to
127.0.0.1 inside the browser only.
{%- if cookiecutter.auth_style == 'session' %}

The browser starts signed in: each scenario's host holds the cookies of a session in the test
database, and Chromium treats the test origins as secure so that it keeps and sends them.
{%- endif %}
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

{% if cookiecutter.auth_style == 'session' -%}
from {{ cookiecutter.package_name }}.auth.csrf import CSRF_COOKIE, csrf_token_for
from {{ cookiecutter.package_name }}.auth.sessions import SESSION_COOKIE
{% endif -%}
from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, negotiate_locale
from {{ cookiecutter.package_name }}.i18n.interface_text import interface_strings

from .live_server import live_server
from .log_scan import never_logged

pytestmark = pytest.mark.browser

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"
BROWSER_TIMEOUT_SECONDS = 120

CHAT_HOST = "chat.example.com"
PREVIEW_HOST = "pr-7.preview.example.com"
UNKNOWN_HOST = "unknown.example.net"
BUILD_HOST = "build.example.com"
HOSTS = (CHAT_HOST, PREVIEW_HOST, UNKNOWN_HOST, BUILD_HOST)
# What the backend serves at /app-config.json: no key for UNKNOWN_HOST or BUILD_HOST.
RUNTIME_KEYS = {
    CHAT_HOST: "domain_pk_runtime_chat",
    "*.preview.example.com": "domain_pk_runtime_preview",
}
# What `vite build` compiles in: used only where the backend serves no keys.
BUILD_KEYS = {BUILD_HOST: "domain_pk_build_only"}

# What the stub sends and reports; none of it may reach a log line.
STUB_MESSAGE = never_logged("Stub message: hello from the browser test")
STUB_EMAIL = never_logged("stub.person@example.com")
STUB_SECRET = never_logged("sk-stubsecret1234567890")

# The browser's language: the last app locale (not the default where there are several), and the
# locale the page resolves from it, as the backend's negotiation does.
BROWSER_LOCALE = SUPPORTED_LOCALES[-1]
PAGE_LOCALE = negotiate_locale(BROWSER_LOCALE)
# Browser locales tried for "not one of the app's": the first the app does not support.
UNSUPPORTED_CANDIDATES = ("nb-NO", "is-IS", "fi-FI")


def node() -> str:
    path = shutil.which("node")
    if path is None or not (FRONTEND / "node_modules").is_dir():
        pytest.fail("the browser tests need Node.js 20+ and `make frontend-install`", pytrace=False)
    return path


@pytest.fixture(scope="session")
def frontend_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A production build of the front end, with BUILD_KEYS compiled in."""
    out_dir = tmp_path_factory.mktemp("frontend") / "dist"
    environment = os.environ | {"DOMAIN_KEYS": json.dumps(BUILD_KEYS)}
    build = subprocess.run(
        [
            node(),
            "node_modules/vite/bin/vite.js",
            "build",
            "--outDir",
            str(out_dir),
            "--emptyOutDir",
        ],
        cwd=FRONTEND,
        env=environment,
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT_SECONDS,
    )
    assert build.returncode == 0, f"vite build failed:\n{build.stdout}\n{build.stderr}"
    return out_dir


@pytest.fixture
def browse(settings_with, make_token, frontend_build: Path, tmp_path: Path):
    """Load pages in headless Chromium from the backend serving the build on HOSTS.
{%- if cookiecutter.auth_style == 'session' %}

    Each scenario names a ``host`` (and optionally a ``query``, and ``locale``, ``reload``,
    ``cdn``, ``fastForwardMs``, ``signedOut``: see ``frontend/e2e/browser.mjs``); ``domain_keys``
    is the backend's DOMAIN_KEYS. Returns each scenario's observations, by name.
{%- else %}

    Each scenario names a ``host`` (and optionally a ``query``, and ``locale``, ``reload``,
    ``cdn``, ``fastForwardMs``: see ``frontend/e2e/browser.mjs``); ``domain_keys`` is the backend's
    DOMAIN_KEYS. Returns each scenario's observations, by name.
{%- endif %}
    """

    def run(
        scenarios: list[dict[str, Any]],
        *,
        domain_keys: dict[str, str] = RUNTIME_KEYS,
        token: str | None = None,
    ) -> dict[str, Any]:
        settings = settings_with(
            frontend_dir=frontend_build, hostnames=HOSTS, domain_keys=domain_keys
        )
        with live_server(create_app(settings)) as port:
            for scenario in scenarios:
                query = f"?{scenario.pop('query')}" if "query" in scenario else ""
                scenario["url"] = f"http://{scenario.pop('host')}:{port}/{query}"
            return run_browser(tmp_path, token or make_token(), scenarios)

    return run


{% if cookiecutter.auth_style == 'session' -%}
def session_cookies(token: str) -> list[dict[str, Any]]:
    """The cookies signing in leaves (``http/sign_in.py``): the session's, which the page cannot
    read, and its CSRF token, which the page echoes. ``e2e/browser.mjs`` adds the attributes."""
    return [
        {"name": SESSION_COOKIE, "value": token, "httpOnly": True},
        {"name": CSRF_COOKIE, "value": csrf_token_for(token), "httpOnly": False},
    ]


def run_browser(tmp_path: Path, token: str, scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"hosts": HOSTS, "cookies": session_cookies(token), "scenarios": scenarios}),
        encoding="utf-8",
    )
{%- else -%}
def run_browser(tmp_path: Path, token: str, scenarios: list[dict[str, Any]]) -> dict[str, Any]:
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"hosts": HOSTS, "token": token, "scenarios": scenarios}), encoding="utf-8"
    )
{%- endif %}
    result = subprocess.run(
        [node(), "e2e/browser.mjs", str(plan)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, f"the browser run failed:\n{result.stderr}"
    results = json.loads(result.stdout)
    for name, outcome in results.items():
        assert outcome["pageErrors"] == [], f"{name}: errors on the page"
        # The CDN script is answered (or aborted) on purpose; anything else is a leak.
        assert outcome["blocked"] == [], f"{name}: requests off 127.0.0.1"
    return results


def events(lines: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [line for line in lines if line.get("event") == event]


def client_events(lines: list[dict[str, Any]], event: str, name: str) -> list[dict[str, Any]]:
    """The ``client.log`` or ``client.error`` lines of the page's event ``name``."""
    return [line for line in events(lines, event) if line["client_event"] == name]


def test_the_chat_mounts_with_its_key_locale_and_{{ 'session' if cookiecutter.auth_style == 'session' else 'token' }}_and_reopens_its_thread(browse, log_lines):
    strings = interface_strings(PAGE_LOCALE)
    results = browse(
        [{"name": "chat", "host": CHAT_HOST, "locale": BROWSER_LOCALE, "reload": True}]
    )
    first, reloaded = results["chat"]["loads"]

    # One full set of options: this host's key, the page's fetch, the locale's own strings.
    [options] = first["stub"]["setOptions"]
    assert options["api"] == {
        "url": "/chatkit",
        "domainKey": RUNTIME_KEYS[CHAT_HOST],
        "fetch": "[fn]",
        "uploadStrategy": {"type": "two_phase"},
    }
    assert options["locale"].split("-")[0] in {PAGE_LOCALE.split("-")[0], "en"}
    assert options["startScreen"]["greeting"] == strings["greeting"]
    assert options["composer"]["placeholder"] == strings["composerPlaceholder"]
    assert options["initialThread"] is None
    assert not [key for key in options if key.startswith("on")]
    assert (first["lang"], first["elements"], first["alerts"]) == (PAGE_LOCALE, 1, [])
    assert first["stub"]["height"] > 0  # an iframe host without a height shows nothing

    # The request made through the page's fetch was authenticated and answered in its locale.
    [created] = first["stub"]["requests"]
    assert created["status"] == 200, created["text"]
    assert created["contentType"].startswith("text/event-stream")
    assert created["contentLanguage"] == PAGE_LOCALE
    thread_id = first["storedThreadId"]
    assert thread_id and f'"id":"{thread_id}"' in created["text"].replace(" ", "")

    # After a reload the tab reopens its thread, and the same user may read it.
    [options_after_reload] = reloaded["stub"]["setOptions"]
    assert options_after_reload["initialThread"] == thread_id
    [fetched] = reloaded["stub"]["requests"]
    assert (fetched["type"], fetched["status"]) == ("threads.get_by_id", 200)

    lines = log_lines()
    starts = events(lines, "chatkit.request.start")
    assert [start["locale"] for start in starts] == [PAGE_LOCALE, PAGE_LOCALE]
    # Telemetry arrived, authenticated, scrubbed by the page and again by the backend.
    [logged, _] = client_events(lines, "client.log", "stub.message.sent")
    assert logged["data_status"] == "sent"
    assert logged["data_user.count"] == 2
    assert logged["thread_id"] == thread_id
    assert (logged["client_locale"], logged["client_host"]) == (PAGE_LOCALE, CHAT_HOST)
    assert not [key for key in logged if key in {"data_text", "data_user.email"}]
    errors = client_events(lines, "client.error", "chatkit.error")
    assert len(errors) == 2
    assert "[email]" in errors[0]["error_message"] and "[secret]" in errors[0]["error_message"]
    assert errors[0]["error_code"] == "stub_failure"
    text = json.dumps(lines)
    assert STUB_EMAIL not in text and STUB_SECRET not in text and STUB_MESSAGE not in text


def test_each_hostname_gets_its_key_and_an_unsupported_browser_locale_gets_the_default(browse):
    outside = next(tag for tag in UNSUPPORTED_CANDIDATES if negotiate_locale(tag) == DEFAULT_LOCALE)
    results = browse(
        [
            {"name": "preview", "host": PREVIEW_HOST, "locale": outside},
            # ?lang= wins over the browser's languages.
            {
                "name": "override",
                "host": PREVIEW_HOST,
                "locale": outside,
                "query": f"lang={BROWSER_LOCALE}",
            },
        ]
    )
    [load] = results["preview"]["loads"]
    [overridden] = results["override"]["loads"]

    [options] = load["stub"]["setOptions"]
    assert options["api"]["domainKey"] == RUNTIME_KEYS["*.preview.example.com"]
    assert load["lang"] == DEFAULT_LOCALE
    assert options["startScreen"]["greeting"] == interface_strings(DEFAULT_LOCALE)["greeting"]
    assert load["stub"]["requests"][0]["contentLanguage"] == DEFAULT_LOCALE
    assert overridden["lang"] == PAGE_LOCALE
    assert overridden["stub"]["requests"][0]["contentLanguage"] == PAGE_LOCALE


def test_a_host_without_a_key_shows_the_configuration_error_and_never_mounts_chatkit(
    browse, log_lines
):
    results = browse([{"name": "unknown", "host": UNKNOWN_HOST, "locale": BROWSER_LOCALE}])
    [load] = results["unknown"]["loads"]

    assert load["alerts"] == [interface_strings(PAGE_LOCALE)["configError"]]
    assert load["elements"] == 0
    assert load["stub"]["setOptions"] == [] and load["stub"]["requests"] == []
    [reported] = client_events(log_lines(), "client.error", "config_error")
    assert (reported["error_name"], reported["client_host"]) == ("DomainKeyError", UNKNOWN_HOST)


def test_without_keys_on_the_backend_the_keys_built_into_the_bundle_apply(browse):
    results = browse(
        [{"name": "built", "host": BUILD_HOST}, {"name": "not-built", "host": CHAT_HOST}],
        domain_keys={},
    )

    [built] = results["built"]["loads"]
    assert built["stub"]["setOptions"][0]["api"]["domainKey"] == BUILD_KEYS[BUILD_HOST]
    [not_built] = results["not-built"]["loads"]
    assert not_built["elements"] == 0
    assert not_built["alerts"] == [interface_strings(DEFAULT_LOCALE)["configError"]]


def test_when_the_chatkit_script_cannot_load_a_fallback_shows_and_is_reported(browse, log_lines):
    # Past the page's script timeout, on the page's own (fake) clock.
    blocked = {"cdn": "abort", "fastForwardMs": 10_000}
    results = browse([{"name": "cdn", "host": CHAT_HOST, "locale": BROWSER_LOCALE, **blocked}])
    [load] = results["cdn"]["loads"]

    assert load["alerts"] == [interface_strings(PAGE_LOCALE)["scriptTimeout"]]
    assert load["stub"] is None
    [reported] = client_events(log_lines(), "client.error", "script_timeout")
    assert reported["client_host"] == CHAT_HOST
{%- if cookiecutter.auth_style == 'session' %}


def test_a_browser_without_a_session_is_sent_to_sign_in_once(browse):
    # The stand-in provider sends the browser back without a session: the page it returns to
    # does not leave again, it mounts the chat, whose request the backend refuses.
    results = browse([{"name": "signed-out", "host": CHAT_HOST, "signedOut": True}])
    outcome = results["signed-out"]
    [load] = outcome["loads"]

    assert outcome["signIns"] == ["/auth/login"]
    assert (load["elements"], load["alerts"]) == (1, [])
    [refused] = load["stub"]["requests"]
    assert refused["status"] == 401
    assert json.loads(refused["text"])["error"]["code"] == "unauthorized"
{%- endif %}
