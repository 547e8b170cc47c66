"""Unknown paths and methods answered like every other error: JSON, a stable code, the client's
language. Starlette's defaults are English text (``Not Found``) or ``{"detail": ...}``.

Both come as an ``HTTPException`` from the router, or from the front end's static files for a
path they do not hold.
"""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..i18n import negotiate_locale, translations
from .endpoint import error_reply


async def unknown_route(request: Request, exc: Exception) -> Response:
    """The handler for 404 and 405; the ``Allow`` header of a 405 is kept."""
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    locale = negotiate_locale(request.headers.get("accept-language"))
    _ = translations(locale).gettext
    if status == 405:
        reply = error_reply(405, "method_not_allowed", _("This operation is not available."))
    else:
        reply = error_reply(404, "unknown_path", _("There is nothing at this address."))
    headers = reply.headers | dict(getattr(exc, "headers", None) or {})
    return Response(reply.body, reply.status, headers | {"content-language": locale})
