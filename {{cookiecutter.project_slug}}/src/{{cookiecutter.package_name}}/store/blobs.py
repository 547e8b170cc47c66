"""Where attachment bytes live: a small interface and a local-directory implementation.

The database keeps attachment metadata; the bytes go to blob storage under a key the
server derives from the tenant and the attachment id, never from anything the client
names. Swap ``LocalDirectoryBlobs`` for an object store by implementing ``BlobStore``.
"""

import asyncio
import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # settings imports this package to validate its values
    from ..settings import Settings

_ATTACHMENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BlobNotFound(Exception):
    """No bytes are stored under this key."""


class BlobExists(Exception):
    """Bytes are already stored under this key (``create`` never overwrites)."""


def blob_key(tenant_id: str, attachment_id: str) -> str:
    """The storage key of an attachment: a hash of the tenant (any string) and the id."""
    if not _ATTACHMENT_ID.match(attachment_id):
        raise ValueError("attachment ids are letters, digits, _ and -")
    tenant = hashlib.sha256(tenant_id.encode()).hexdigest()[:32]
    return f"{tenant}/{attachment_id}"


class BlobStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def create(self, key: str, data: bytes) -> None:
        """Store ``data`` only if ``key`` is free, else BlobExists; atomic across processes
        (an object store does this with a conditional write, ``If-None-Match: *``)."""
        ...

    async def get(self, key: str) -> bytes:
        """The bytes under ``key``, or BlobNotFound."""
        ...

    async def delete(self, key: str) -> None:
        """Remove ``key``; a key that is already gone is fine (purges are retried)."""
        ...


class LocalDirectoryBlobs:
    """One file per key under ``root``; writes are atomic (temporary file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        tenant, _, attachment_id = key.partition("/")
        if not re.fullmatch(r"[0-9a-f]{32}", tenant) or not _ATTACHMENT_ID.match(attachment_id):
            raise ValueError("not a blob key")
        return self.root / tenant / attachment_id

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    async def create(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._create, self._path(key), data)

    async def get(self, key: str) -> bytes:
        try:
            return await asyncio.to_thread(self._path(key).read_bytes)
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        partial = _write_partial(path, data)
        partial.replace(path)

    @staticmethod
    def _create(path: Path, data: bytes) -> None:
        partial = _write_partial(path, data)
        try:
            # A hard link never replaces an existing file: of two racing uploads, one wins.
            os.link(partial, path)
        except FileExistsError:
            raise BlobExists(path.name) from None
        finally:
            partial.unlink(missing_ok=True)


def _write_partial(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    partial.write_bytes(data)
    return partial


def blob_store_from_settings(settings: "Settings") -> BlobStore:
    return LocalDirectoryBlobs(settings.attachments_dir)
