"""Unknown paths and methods answered like every other error: JSON, a stable code, the client's
language. Starlette's defaults are English text (``Not Found``) or ``{"detail": ...}``.

Both come as an ``HTTPException`` from the router, or from the front end's static files for a
path they do not hold. The front end is mounted at ``/`` and so takes every path no route fully
matches: ``GET /chatkit`` reaches it and its 404 becomes the 405 the route would have given.
"""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from ..i18n import negotiate_locale, translations
from .replies import error_reply


async def unknown_route(request: Request, exc: Exception) -> Response:
    """The handler for 404 and 405; the ``Allow`` header of a 405 is kept."""
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    headers = dict(getattr(exc, "headers", None) or {})
    if status == 404 and (allowed := _methods_of_routes_at(request)):
        status, headers = 405, {"allow": ", ".join(sorted(allowed))}
    locale = negotiate_locale(request.headers.get("accept-language"))
    _ = translations(locale).gettext
    if status == 405:
        reply = error_reply(405, "method_not_allowed", _("This operation is not available."))
    else:
        reply = error_reply(404, "unknown_path", _("There is nothing at this address."))
    headers |= {"content-language": locale}
    return Response(reply.body, reply.status, reply.headers | headers)


def _methods_of_routes_at(request: Request) -> set[str]:
    """The methods of the routes whose path is this request's (a partial match: other method)."""
    allowed: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is Match.PARTIAL:
            allowed |= route.methods or set()
    return allowed
