"""Bearer JWTs from the team's identity provider: a shared HS256 secret or a JWKS endpoint.

The accepted algorithms come from settings, never from the token; ``exp``, ``iat``, ``nbf``,
``iss``, ``aud`` and ``sub`` are required; the tenant comes from a configurable claim.
Headers such as ``jku``/``x5u`` are never followed: keys come only from settings.
"""

import asyncio
from collections.abc import Mapping

import jwt

from ..settings import Settings
from . import AuthError, Principal

REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub"]


class JwtAuthenticator:
    challenge = "Bearer"

    def __init__(self, settings: Settings) -> None:
        self._algorithms = list(settings.jwt_algorithms)
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._leeway = settings.jwt_leeway_seconds
        self._tenant_claim = settings.jwt_tenant_claim
        self._required_typ = settings.jwt_required_typ
        self._secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
        self._jwks = (
            jwt.PyJWKClient(
                settings.jwt_jwks_url,
                cache_jwk_set=True,
                lifespan=settings.jwt_jwks_cache_seconds,
                # Keys come from the cached set, refetched after its lifespan, so a key the
                # provider withdraws stops verifying. cache_keys=True would keep each key
                # found by its kid, with no expiry, until the process restarts.
                cache_keys=False,
                timeout=5,
                cooldown_duration=30,
            )
            if settings.jwt_jwks_url
            else None
        )

    async def authenticate(self, headers: Mapping[str, str]) -> Principal:
        token = bearer_token(headers.get("authorization", ""))
        try:
            header = jwt.get_unverified_header(token)
            if self._required_typ and header.get("typ") != self._required_typ:
                raise AuthError("wrong_typ")
            claims = jwt.decode(
                token,
                await self._verification_key(token),
                algorithms=self._algorithms,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": REQUIRED_CLAIMS, "enforce_minimum_key_length": True},
            )
        except jwt.PyJWKClientConnectionError:
            raise AuthError("jwks_unreachable") from None
        except jwt.PyJWTError as error:
            raise AuthError(type(error).__name__) from None
        tenant = claims.get(self._tenant_claim)
        if not isinstance(tenant, str) or not tenant:
            raise AuthError("missing_tenant")
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise AuthError("invalid_subject")
        scopes = claims.get("scope", "")
        return Principal(
            user_id=subject,
            tenant_id=tenant,
            scopes=frozenset(scopes.split()) if isinstance(scopes, str) else frozenset(),
        )

    async def _verification_key(self, token: str) -> object:
        if self._jwks is None:
            return self._secret
        # PyJWKClient fetches with blocking urllib; keep it off the event loop.
        signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
        return signing_key.key


def bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise AuthError("missing_bearer")
    return token
