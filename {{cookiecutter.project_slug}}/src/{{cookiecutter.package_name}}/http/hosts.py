"""The Host header allow-list, as pure ASGI middleware around the whole app.

Exact names, or a ``*.`` pattern for any subdomain, compared without port or case. Load
balancers and orchestrators (Kubernetes probes, container health checks) call ``/healthz``
and ``/readyz`` by IP address, with that address as the Host: the probes answer nothing but a
status, so they skip the check. A refused host gets the app's JSON error with a stable code
and a message in the client's language.
"""

from collections.abc import Iterable

{% if cookiecutter.framework == 'litestar' -%}
from litestar.types import ASGIApp, Receive, Scope, Send
{%- else -%}
from starlette.types import ASGIApp, Receive, Scope, Send
{%- endif %}

from ..i18n import negotiate_locale, translations
from .replies import Reply, error_reply

PROBE_PATHS = frozenset({"/healthz", "/readyz"})


class TrustedHosts:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in PROBE_PATHS:
            await self.app(scope, receive, send)
            return
        if self._is_allowed(bare_host(_header(scope, b"host"))):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send_reply(_refusal(_header(scope, b"accept-language")), send)

    def _is_allowed(self, host: str) -> bool:
        return any(
            host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
            for pattern in self.allowed_hosts
        )


def bare_host(host: str) -> str:
    """Lower case, without a port, brackets or a trailing dot: ``App.example.com.:443`` is
    ``app.example.com``, ``[::1]:8000`` is ``::1``. The form Host headers, HOSTNAMES entries and
    domain keys are compared in."""
    host = host.strip().lower()
    name, _, port = host.rpartition(":")
    if name and port.isdigit() and not name.endswith(":"):
        host = name
    return host.strip("[]").rstrip(".")


async def send_reply(reply: Reply, send: Send) -> None:
    """A whole ``Reply`` (not a stream) straight over ASGI, for middleware that answers itself."""
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers.items()
    ]
    headers.append((b"content-length", str(len(reply.body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


def _header(scope: Scope, name: bytes) -> str:
    """The first value of a header (names are lower case in ASGI), or ""."""
    return next((value.decode("latin-1") for key, value in scope["headers"] if key == name), "")


def _refusal(accept_language: str) -> Reply:
    locale = negotiate_locale(accept_language or None)
    _ = translations(locale).gettext
    reply = error_reply(400, "unknown_host", _("This address is not served here."))
    reply.headers["content-language"] = locale
    return reply
