"""The Host header allow-list, with the health probes left open.

Load balancers and orchestrators (Kubernetes probes, container health checks) call
``/healthz`` and ``/readyz`` by IP address, with that address as the Host. The probes
answer nothing but a status, so they skip the check; every other path keeps it.
"""

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import Receive, Scope, Send

PROBE_PATHS = frozenset({"/healthz", "/readyz"})


class TrustedHosts(TrustedHostMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in PROBE_PATHS:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
