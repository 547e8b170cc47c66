"""Development-only tokens, signed with ``JWT_SECRET``, for the CLI and the dev front end.

Production settings refuse to mint them: real users get tokens from the identity provider.
"""

import time

import jwt

from ..settings import Settings

DEV_TOKEN_SECONDS = 3600


class DevTokenRefused(RuntimeError):
    """Dev tokens are unavailable with these settings."""


def mint_dev_token(settings: Settings, user_id: str, tenant_id: str) -> str:
    if settings.is_production:
        raise DevTokenRefused("dev tokens are disabled when APP_ENV=production")
    if settings.jwt_secret is None:
        raise DevTokenRefused("dev tokens need JWT_SECRET (HS256); this project verifies JWKS")
    now = int(time.time())
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": user_id,
        settings.jwt_tenant_claim: tenant_id,
        "iat": now,
        "nbf": now,
        "exp": now + DEV_TOKEN_SECONDS,
    }
    return jwt.encode(
        claims, settings.jwt_secret.get_secret_value(), algorithm=settings.jwt_algorithms[0]
    )
