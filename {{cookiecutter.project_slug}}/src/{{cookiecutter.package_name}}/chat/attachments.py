"""Attachments: ChatKit's two-phase upload, on this backend's own routes.

1. ``attachments.create`` (through ``/chatkit``, bearer-authenticated): the name, size and
   MIME type are checked against ``ATTACHMENT_MAX_BYTES`` and ``ATTACHMENT_MIME_TYPES``; the
   attachment gets a 128-bit id and an ``upload_descriptor`` with a signed upload link.
2. The client POSTs the file to that link. The bytes must have the declared size and type,
   are accepted once, and go through ``Payloads.encode_file`` (sealed when encryption is on)
   into the ``BlobStore``.
3. A message names the attachment; the model sees images as images and other files as a
   short note (``chat.server``). Previews and downloads use signed links as well.

Every lookup goes through the Store as the caller, so another user's or tenant's attachment
is "not found", exactly like a missing one. Links are signed by ``auth.signed_urls``.
"""

import json
import uuid
from collections.abc import Callable
from urllib.parse import quote

from babel.units import format_unit
from chatkit.store import AttachmentStore, NotFoundError, Store
from chatkit.types import (
    Attachment,
    AttachmentCreateParams,
    AttachmentUploadDescriptor,
    FileAttachment,
    ImageAttachment,
)
from pydantic import AnyUrl

from ..auth.signed_urls import LinkSigner
from ..context import RequestContext
from ..i18n import babel_locale, translations
from ..store.blobs import BlobExists, BlobNotFound, BlobStore, blob_key
from ..store.payloads import Payloads

UPLOAD_METHOD = "POST"
DOWNLOAD_METHOD = "GET"
MAX_NAME_LENGTH = 255
# What a file of these types starts with; anything else is refused as a mislabelled file.
_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "image/png": lambda data: data.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda data: data.startswith(b"\xff\xd8\xff"),
    "image/gif": lambda data: data.startswith((b"GIF87a", b"GIF89a")),
    "image/webp": lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP",
    "application/pdf": lambda data: data.startswith(b"%PDF-"),
    "text/plain": lambda data: _is_text(data),
}
# A part sent without a type of its own: only its bytes can say what it is.
_UNTYPED = frozenset({"", "application/octet-stream"})


class AttachmentRefused(Exception):
    """A localized refusal the HTTP layer turns into ``status`` before anything streams."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message


class AttachmentLinks:
    """Absolute, signed links to this backend's attachment routes."""

    def __init__(self, signer: LinkSigner) -> None:
        self.signer = signer

    def upload_url(self, attachment_id: str, context: RequestContext) -> str:
        return self._url(attachment_id, "/upload", UPLOAD_METHOD, context)

    def content_url(self, attachment_id: str, context: RequestContext) -> str:
        return self._url(attachment_id, "", DOWNLOAD_METHOD, context)

    def present(self, attachment: Attachment, context: RequestContext) -> Attachment:
        """The attachment with a fresh preview link: stored links have long expired."""
        if not isinstance(attachment, ImageAttachment):
            return attachment
        preview = AnyUrl(self.content_url(attachment.id, context))
        return attachment.model_copy(update={"preview_url": preview})

    def _url(self, attachment_id: str, suffix: str, method: str, context: RequestContext) -> str:
        token = self.signer.sign(method, context.tenant_id, context.user_id, attachment_id)
        base = context.base_url.rstrip("/")
        return f"{base}/attachments/{quote(attachment_id, safe='')}{suffix}?token={token}"


class Attachments(AttachmentStore[RequestContext]):
    def __init__(
        self,
        store: Store[RequestContext],
        blobs: BlobStore,
        payloads: Payloads,
        links: AttachmentLinks,
        *,
        max_bytes: int,
        max_per_message: int,
        mime_types: tuple[str, ...],
    ) -> None:
        self.store = store
        self.blobs = blobs
        self.payloads = payloads
        self.links = links
        self.max_bytes = max_bytes
        self.max_per_message = max_per_message
        self.mime_types = frozenset(mime_types)

    def generate_attachment_id(self, mime_type: str, context: RequestContext) -> str:
        # The SDK's default has 32 random bits; keep its prefix with 128.
        return f"atc_{uuid.uuid4().hex}"

    async def create_attachment(
        self, input: AttachmentCreateParams, context: RequestContext
    ) -> Attachment:
        _ = translations(context.locale).gettext
        name = input.name.strip()
        if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
            raise AttachmentRefused(400, "invalid_name", _("This file name cannot be used."))
        mime_type = _base_type(input.mime_type)
        if mime_type not in self.mime_types:
            raise AttachmentRefused(
                400, "unsupported_type", _("Files of this type cannot be attached.")
            )
        if input.size < 1:
            raise AttachmentRefused(400, "empty_file", _("This file is empty."))
        if input.size > self.max_bytes:
            message = _("This file is too large. The limit is {size}.").format(
                size=format_megabytes(self.max_bytes, context.locale)
            )
            raise AttachmentRefused(400, "file_too_large", message)

        attachment_id = self.generate_attachment_id(mime_type, context)
        descriptor = AttachmentUploadDescriptor(
            url=AnyUrl(self.links.upload_url(attachment_id, context)), method=UPLOAD_METHOD
        )
        fields = {
            "id": attachment_id,
            "name": name,
            "mime_type": mime_type,
            "upload_descriptor": descriptor,
            # Server-only (ChatKit never sends metadata): what the upload must match.
            "metadata": {"size": input.size},
        }
        if mime_type.startswith("image/"):
            preview = AnyUrl(self.links.content_url(attachment_id, context))
            return ImageAttachment(**fields, preview_url=preview)
        return FileAttachment(**fields)

    async def delete_attachment(self, attachment_id: str, context: RequestContext) -> None:
        # Ownership first: NotFoundError for another user's attachment, and nothing deleted.
        await self.store.load_attachment(attachment_id, context)
        await self.blobs.delete(blob_key(context.tenant_id, attachment_id))

    async def accept_upload(
        self, attachment_id: str, content_type: str, content: bytes, context: RequestContext
    ) -> Attachment:
        """Store the bytes of an attachment created by this user; once only."""
        _ = translations(context.locale).gettext
        attachment = await self.store.load_attachment(attachment_id, context)
        if attachment.upload_descriptor is None:
            raise AttachmentRefused(409, "already_uploaded", _("This file was already uploaded."))
        declared_size = (attachment.metadata or {}).get("size")
        if len(content) != declared_size:
            raise AttachmentRefused(
                400, "size_mismatch", _("The file does not match what was announced.")
            )
        sent_type = _base_type(content_type)
        if sent_type not in _UNTYPED and sent_type != attachment.mime_type:
            raise AttachmentRefused(
                400, "type_mismatch", _("The file does not match what was announced.")
            )
        looks_right = _SIGNATURES.get(attachment.mime_type)
        if (looks_right is None and sent_type in _UNTYPED) or (
            looks_right is not None and not looks_right(content)
        ):
            raise AttachmentRefused(
                400, "type_mismatch", _("The file does not match what was announced.")
            )

        sealed = self.payloads.encode_file(context.tenant_id, attachment_id, content)
        try:
            await self.blobs.create(blob_key(context.tenant_id, attachment_id), sealed)
        except BlobExists:
            raise AttachmentRefused(
                409, "already_uploaded", _("This file was already uploaded.")
            ) from None
        uploaded = attachment.model_copy(update={"upload_descriptor": None})
        await self.store.save_attachment(uploaded, context)
        return uploaded

    async def read(self, attachment_id: str, context: RequestContext) -> tuple[Attachment, bytes]:
        """An uploaded attachment of this user and its bytes, or NotFoundError."""
        attachment = await self.store.load_attachment(attachment_id, context)
        if attachment.upload_descriptor is not None:
            raise NotFoundError(f"Attachment {attachment_id} not uploaded")
        return attachment, await self.read_bytes(attachment, context)

    async def read_bytes(self, attachment: Attachment, context: RequestContext) -> bytes:
        """The plaintext bytes of an attachment in one of this caller's messages."""
        try:
            sealed = await self.blobs.get(blob_key(context.tenant_id, attachment.id))
        except BlobNotFound:
            raise NotFoundError(f"Attachment {attachment.id} has no bytes") from None
        return self.payloads.decode_file(context.tenant_id, attachment.id, sealed)

    async def check_sendable(self, attachment_ids: list[str], context: RequestContext) -> None:
        """Refuse a message with too many files, or one whose bytes have not arrived;
        NotFoundError unless the caller owns every one."""
        catalog = translations(context.locale)
        _, ngettext = catalog.gettext, catalog.ngettext
        if len(attachment_ids) > self.max_per_message:
            message = ngettext(
                "A message can carry at most {count} file.",
                "A message can carry at most {count} files.",
                self.max_per_message,
            ).format(count=self.max_per_message)
            raise AttachmentRefused(400, "too_many_files", message)
        for attachment_id in attachment_ids:
            attachment = await self.store.load_attachment(attachment_id, context)
            if attachment.upload_descriptor is not None:
                message = _("This file has not finished uploading.")
                raise AttachmentRefused(400, "not_uploaded", message)


def serialize(attachment: Attachment) -> bytes:
    """The attachment as ChatKit sends it: without the server-only metadata."""
    data = attachment.model_dump(mode="json", exclude_none=True, context={"exclude_metadata": True})
    return json.dumps(data).encode()


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def format_megabytes(size: int, locale: str) -> str:
    """``10 MB``, ``10 Mo``, ``10 МБ``: the size as the locale writes it."""
    megabytes = round(size / 1_048_576, 1)
    return format_unit(megabytes, "digital-megabyte", length="short", locale=babel_locale(locale))


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
