"""The Host header allow-list: a refusal answered like every other error, the probes left open.

Starlette's TrustedHostMiddleware decides; this subclass changes two things. Load balancers
and orchestrators (Kubernetes probes, container health checks) call ``/healthz`` and
``/readyz`` by IP address, with that address as the Host: the probes answer nothing but a
status, so they skip the check. And a refused host gets the app's JSON error with a stable
code and a message in the client's language, not a plain-text English line.
"""

from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..i18n import negotiate_locale, translations
from .replies import error_reply

PROBE_PATHS = frozenset({"/healthz", "/readyz"})


class TrustedHosts(TrustedHostMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in PROBE_PATHS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.allow_any or self._is_allowed(bare_host(headers.get("host", ""))):
            await self.app(scope, receive, send)
            return
        await _refusal(headers)(scope, receive, send)

    def _is_allowed(self, host: str) -> bool:
        # The same matching as Starlette's: exact, or a "*." pattern for any subdomain.
        return any(
            host == pattern or (pattern.startswith("*") and host.endswith(pattern[1:]))
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


def _refusal(headers: Headers) -> Response:
    locale = negotiate_locale(headers.get("accept-language"))
    _ = translations(locale).gettext
    reply = error_reply(400, "unknown_host", _("This address is not served here."))
    return Response(reply.body, 400, reply.headers | {"content-language": locale})
