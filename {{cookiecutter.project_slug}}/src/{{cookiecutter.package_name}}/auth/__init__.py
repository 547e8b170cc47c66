"""Who is calling: every auth style turns request headers into a ``Principal`` or ``AuthError``."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    tenant_id: str
    scopes: frozenset[str] = field(default_factory=frozenset)


class AuthError(Exception):
    """The request carries no valid credentials.

    ``reason`` is a short machine-readable word for logs; clients only ever see a generic,
    localized 401 so they learn nothing about why a token was refused.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Authenticator(Protocol):
    """Turns the request headers (lower-case names) into a ``Principal``."""

    #: Sent in ``WWW-Authenticate`` with a 401{% if cookiecutter.auth_style == 'session' %} (None: cookies have no scheme to announce){% endif %}.
    challenge: str{% if cookiecutter.auth_style == 'session' %} | None{% endif %}

    async def authenticate(self, headers: Mapping[str, str]) -> Principal: ...


def bearer_token(authorization: str) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, or ``AuthError``."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise AuthError("missing_bearer")
    return token
