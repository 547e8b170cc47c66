"""What every layer below the HTTP adapter knows about the caller."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RequestContext:
    """The authenticated caller of one request, passed to ChatKit as its context.

    The Store scopes every query by ``tenant_id`` and ``user_id``; ``locale`` is always
    one of the supported locales, so it is safe to use as a catalog key or path part.
    ``base_url`` is the scheme and host the caller reached (behind the trusted-host check),
    for the absolute links ChatKit needs (attachment uploads and previews).
    """

    user_id: str
    tenant_id: str
    locale: str
    request_id: str
    scopes: frozenset[str] = field(default_factory=frozenset)
    base_url: str = "http://localhost"
