"""Unknown paths and methods answered like every other error: JSON, a stable code, the client's
language. The frameworks' own answers are English text (``Not Found``) or their own JSON shape;
each adapter's ``unknown_route`` handler sends this reply instead.
"""

from ..i18n import negotiate_locale, translations
from .replies import Reply, error_reply


def unknown_route_reply(status: int, accept_language: str | None) -> Reply:
    """The 404 ``unknown_path`` or the 405 ``method_not_allowed``, in the client's language."""
    locale = negotiate_locale(accept_language)
    _ = translations(locale).gettext
    if status == 405:
        reply = error_reply(405, "method_not_allowed", _("This operation is not available."))
    else:
        reply = error_reply(404, "unknown_path", _("There is nothing at this address."))
    reply.headers["content-language"] = locale
    return reply
