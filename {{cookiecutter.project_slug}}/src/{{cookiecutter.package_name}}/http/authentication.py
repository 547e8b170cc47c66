"""Who is calling, for every authenticated route: a ``Principal``, or the reply refusing it.

Failed attempts are counted per client address. Past ``AUTH_FAILURE_RATE_LIMIT`` the
address gets a 429 until its window moves on, whatever credentials it sends, and its
requests no longer reach the authenticator (nor the database behind it). The count is kept
in this process's memory: with several workers, each allows the configured rate.
"""

from collections.abc import Callable

import structlog

from ..auth import Authenticator, AuthError, Principal
{%- if cookiecutter.auth_style == 'session' %}
from ..auth.csrf import CsrfError
{%- endif %}
from ..store.availability import DATABASE_UNAVAILABLE
from .rate_limits import RateLimit
from .replies import IncomingRequest, Reply, error_reply, unavailable_reply

logger = structlog.get_logger("chatkit.auth")


class Authentication:
    def __init__(self, authenticator: Authenticator, failure_limit: str) -> None:
        self.authenticator = authenticator
        self.failures = RateLimit(failure_limit)

    async def principal(
        self, request: IncomingRequest, _: Callable[[str], str]
    ) -> Principal | Reply:
        """The caller, bound to the log context; or the localized refusal to send back."""
        if not await self.failures.allows(request.client):
            logger.warning("auth.rate_limited")
            return await self.failures.refusal(_, request.client)
        try:
            principal = await self.authenticator.authenticate(request.headers)
        except AuthError as error:
            logger.warning("auth.failed", reason=error.reason)
            await self.failures.hit(request.client)
{%- if cookiecutter.auth_style == 'session' %}
            return error_reply(401, "unauthorized", _("Sign in to continue."))
        except CsrfError as error:
            logger.warning("auth.csrf_refused", reason=error.reason)
            # The page's own requests never get here: no need to say more than no.
            return error_reply(403, "forbidden", _("This operation is not available."))
{%- else %}
            reply = error_reply(401, "unauthorized", _("Sign in to continue."))
            reply.headers["www-authenticate"] = self.authenticator.challenge
            return reply
{%- endif %}
        except DATABASE_UNAVAILABLE as error:
            logger.error("database.unavailable", op="auth", error_type=type(error).__name__)
            return unavailable_reply("unavailable", _)
        structlog.contextvars.bind_contextvars(
            user_id=principal.user_id, tenant_id=principal.tenant_id
        )
        return principal
