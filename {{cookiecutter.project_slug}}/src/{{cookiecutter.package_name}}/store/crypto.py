"""AES-256-GCM for what the Store writes: item payloads, thread metadata (titles), attachments.

Ciphertext layout: ``len(kid) || kid || nonce(12) || AESGCM(plaintext) with tag(16)``.
The associated data binds a blob to its row (``tenant/thread/item``), so ciphertext copied
into another row fails to decrypt instead of silently showing someone else's message.
The key ring comes from ``ENCRYPTION_KEYS="k2:<base64>,k1:<base64>"``: the first key
encrypts, every key decrypts, which is how keys are rotated.
"""

import base64
import binascii
import os
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32
_KID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class DecryptionError(Exception):
    """A stored blob could not be decrypted: unknown key id, wrong row, or tampering."""


def parse_key_ring(value: str) -> dict[str, bytes]:
    """Parse ``kid:base64key,...`` into an ordered ``{kid: key}``; the first is primary."""
    ring: dict[str, bytes] = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        kid, sep, encoded = entry.partition(":")
        if not sep or not _KID.match(kid):
            raise ValueError(
                "ENCRYPTION_KEYS entries look like kid:base64key (kid: letters, digits, _ or -)"
            )
        if kid in ring:
            raise ValueError(f"ENCRYPTION_KEYS lists key id {kid!r} twice")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ValueError(f"ENCRYPTION_KEYS key {kid!r} is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise ValueError(f"ENCRYPTION_KEYS key {kid!r} must decode to {KEY_BYTES} bytes")
        ring[kid] = key
    if not ring:
        raise ValueError("ENCRYPTION_KEYS is empty: run `make secrets` to create a key")
    return ring


def new_key_entry(kid: str) -> str:
    """A fresh ``kid:base64key`` entry for ENCRYPTION_KEYS."""
    return f"{kid}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


@dataclass(frozen=True)
class Cipher:
    """Seals and opens blobs with the key ring; primary key first."""

    keys: dict[str, bytes]

    @classmethod
    def from_setting(cls, value: str) -> "Cipher":
        return cls(parse_key_ring(value))

    @property
    def primary_kid(self) -> str:
        return next(iter(self.keys))

    def seal(self, plaintext: bytes, aad: str) -> bytes:
        kid = self.primary_kid
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[kid]).encrypt(nonce, plaintext, aad.encode())
        return bytes([len(kid)]) + kid.encode() + nonce + sealed

    def open(self, blob: bytes, aad: str) -> bytes:
        kid = self.key_id(blob)
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionError(f"no key {kid!r} in ENCRYPTION_KEYS")
        start = 1 + len(kid)
        nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
        try:
            return AESGCM(key).decrypt(nonce, sealed, aad.encode())
        except InvalidTag:
            raise DecryptionError("stored data failed authentication") from None

    @staticmethod
    def key_id(blob: bytes) -> str:
        if not blob:
            raise DecryptionError("empty blob")
        return blob[1 : 1 + blob[0]].decode("ascii", errors="replace")
