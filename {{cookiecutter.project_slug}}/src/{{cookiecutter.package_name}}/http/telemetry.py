"""``POST /telemetry``: the front end's ChatKit events, authenticated like ``/chatkit``.

In order: locale, size limit, authentication, a per-user rate limit, then the event itself
(see ``observability.telemetry``). Each refusal is a localized JSON error; an accepted event
is a 204. The rate limit is counted in this process's memory: with several workers, each
allows the configured rate.
"""

import structlog

from ..i18n import negotiate_locale, translations
from ..observability.telemetry import MAX_TELEMETRY_BYTES, record_client_event
from .authentication import Authentication
from .rate_limits import RateLimit
from .replies import IncomingRequest, Reply, declared_length, error_reply, read_limited

logger = structlog.get_logger("chatkit.telemetry")


class TelemetryEndpoint:
    def __init__(self, authentication: Authentication, rate_limit: str) -> None:
        self.authentication = authentication
        self.per_user = RateLimit(rate_limit)

    async def handle(self, request: IncomingRequest) -> Reply:
        structlog.contextvars.clear_contextvars()
        locale = negotiate_locale(request.headers.get("accept-language"))
        reply = await self._process(request, locale)
        reply.headers["content-language"] = locale
        return reply

    async def _process(self, request: IncomingRequest, locale: str) -> Reply:
        _ = translations(locale).gettext
        if declared_length(request.headers) > MAX_TELEMETRY_BYTES:
            return error_reply(413, "body_too_large", _("The request is too large."))
        principal = await self.authentication.principal(request, _)
        if isinstance(principal, Reply):
            return principal
        if not await self.per_user.hit(principal.tenant_id, principal.user_id):
            logger.warning("telemetry.rate_limited")
            return await self.per_user.refusal(_, principal.tenant_id, principal.user_id)
        body = await read_limited(request.body, MAX_TELEMETRY_BYTES)
        if body is None:
            return error_reply(413, "body_too_large", _("The request is too large."))
        if not record_client_event(body):
            return error_reply(400, "invalid_event", _("This telemetry event is not valid."))
        return Reply(204)
