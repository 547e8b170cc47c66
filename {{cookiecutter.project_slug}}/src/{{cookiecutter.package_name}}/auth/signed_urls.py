"""Short-lived signed links for attachment bytes: the upload, the download and the preview.

Why links and not the bearer header: ChatKit documents that ``api.fetch`` carries the
``/chatkit`` requests, not that it also carries the upload to ``upload_descriptor.url``,
and an image preview is an ``<img src>``, which never sends headers. So the link itself
is the credential: an HMAC-SHA256 over the HTTP method, the tenant, the user, the
attachment id and the expiry, keyed with ``ATTACHMENT_URL_SECRET``. A link is good for one
method on one attachment of one user, for ``ATTACHMENT_URL_SECONDS``; the routes then load
the attachment as that user, so a link is never more than its owner could do.

The token travels in the query string (``?token=``): it names the tenant and the user in
clear (base64url, not encrypted) and holds no other data. Keep access logs that record
query strings as private as the data they point to; links expire quickly either way.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings imports this package to validate its values
    from ..settings import Settings

_VERSION = "v1"


class InvalidLink(Exception):
    """The token is malformed, forged, for another method or attachment, or expired."""


class LinkSigner:
    def __init__(self, secret: bytes, lifetime_seconds: int) -> None:
        self._secret = secret
        self.lifetime_seconds = lifetime_seconds

    @classmethod
    def from_settings(cls, settings: "Settings") -> "LinkSigner":
        if settings.attachment_url_secret is None:
            # Development only (production settings require the secret): links signed by
            # one process are refused by another and stop working after a restart.
            secret = secrets.token_bytes(32)
        else:
            secret = settings.attachment_url_secret.get_secret_value().encode()
        return cls(secret, settings.attachment_url_seconds)

    def sign(
        self,
        method: str,
        tenant_id: str,
        user_id: str,
        attachment_id: str,
        *,
        now: float | None = None,
    ) -> str:
        expires = int(now if now is not None else time.time()) + self.lifetime_seconds
        claims = _b64(json.dumps([tenant_id, user_id, expires]).encode())
        signature = _b64(self._mac(method, tenant_id, user_id, attachment_id, expires))
        return f"{claims}.{signature}"

    def verify(
        self, method: str, attachment_id: str, token: str, *, now: float | None = None
    ) -> tuple[str, str]:
        """The ``(tenant_id, user_id)`` the token was issued to, or InvalidLink."""
        try:
            claims_part, signature_part = token.split(".")
            tenant_id, user_id, expires = json.loads(_unb64(claims_part))
            signature = _unb64(signature_part)
        except (ValueError, TypeError, binascii.Error):
            raise InvalidLink("malformed") from None
        if not (isinstance(tenant_id, str) and isinstance(user_id, str)):
            raise InvalidLink("malformed")
        if not isinstance(expires, int) or isinstance(expires, bool):
            raise InvalidLink("malformed")
        expected = self._mac(method, tenant_id, user_id, attachment_id, expires)
        if not hmac.compare_digest(signature, expected):
            raise InvalidLink("bad signature")
        if expires <= (now if now is not None else time.time()):
            raise InvalidLink("expired")
        return tenant_id, user_id

    def _mac(
        self, method: str, tenant_id: str, user_id: str, attachment_id: str, expires: int
    ) -> bytes:
        # JSON keeps the fields apart whatever characters the ids contain.
        message = json.dumps([_VERSION, method.upper(), tenant_id, user_id, attachment_id, expires])
        return hmac.new(self._secret, message.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
