"""The attachment routes, free of any web framework: upload the bytes once, read them back.

``POST /attachments/{id}/upload?token=…`` and ``GET /attachments/{id}?token=…``. The signed
link is the credential (why: ``auth.signed_urls``); the route then acts as the user it was
issued to, through the Store, so a link for someone else's attachment finds nothing. A bad
or expired link is a 403, a missing or foreign attachment a 404. Uploads are read with a
limit, so an oversized body is cut off (413) rather than buffered.

Downloads are served as downloads (``Content-Disposition: attachment``, ``nosniff``, a
sandboxing CSP) and never cached. Previews load from ChatKit's frame on another origin:
the responses allow any origin, without credentials, since the link is the only key.
"""

import time
from urllib.parse import quote

import structlog
from chatkit.store import NotFoundError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ..auth.signed_urls import InvalidLink
from ..chat.attachments import (
    DOWNLOAD_METHOD,
    UPLOAD_METHOD,
    AttachmentRefused,
    Attachments,
    serialize,
)
from ..context import RequestContext
from ..i18n import negotiate_locale, translations
from ..store.availability import DATABASE_UNAVAILABLE
from .replies import RETRY_AFTER_SECONDS, IncomingRequest, Reply, error_reply, read_limited

# Room for the multipart framing around the file (boundaries, part headers).
MULTIPART_OVERHEAD_BYTES = 16_384
_CROSS_ORIGIN = {"access-control-allow-origin": "*"}

logger = structlog.get_logger("chatkit.files")


class FileEndpoint:
    def __init__(self, attachments: Attachments) -> None:
        self.attachments = attachments

    async def upload(self, request: IncomingRequest, attachment_id: str) -> Reply:
        return await self._handle(request, attachment_id, UPLOAD_METHOD)

    async def download(self, request: IncomingRequest, attachment_id: str) -> Reply:
        return await self._handle(request, attachment_id, DOWNLOAD_METHOD)

    async def _handle(self, request: IncomingRequest, attachment_id: str, method: str) -> Reply:
        started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        locale = negotiate_locale(request.headers.get("accept-language"))
        reply = await self._process(request, attachment_id, method, locale)
        reply.headers["content-language"] = locale
        reply.headers.update(_CROSS_ORIGIN)
        reply.headers.setdefault("cache-control", "private, no-store")
        logger.info(
            "attachment.request.end",
            method=method,
            status=reply.status,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return reply

    async def _process(
        self,
        request: IncomingRequest,
        attachment_id: str,
        method: str,
        locale: str,
    ) -> Reply:
        _ = translations(locale).gettext
        try:
            tenant_id, user_id = self.attachments.links.signer.verify(
                method, attachment_id, request.query.get("token", "")
            )
        except InvalidLink as error:
            logger.warning("attachment.link_refused", reason=str(error))
            return error_reply(403, "invalid_link", _("This link has expired or is not valid."))
        context = RequestContext(
            user_id=user_id,
            tenant_id=tenant_id,
            locale=locale,
            request_id=request.request_id,
            base_url=request.base_url,
        )
        structlog.contextvars.bind_contextvars(user_id=user_id, tenant_id=tenant_id)
        try:
            if method == UPLOAD_METHOD:
                return await self._upload(request, attachment_id, context)
            return await self._download(attachment_id, context)
        except AttachmentRefused as refused:
            logger.info("attachment.refused", code=refused.code)
            return error_reply(refused.status, refused.code, refused.message)
        except NotFoundError:
            logger.warning("attachment.not_found")
            return error_reply(404, "not_found", _("This file was not found."))
        except DATABASE_UNAVAILABLE as error:
            logger.error("database.unavailable", error_type=type(error).__name__)
            message = _("The service is temporarily unavailable. Please try again shortly.")
            reply = error_reply(503, "unavailable", message)
            reply.headers["retry-after"] = RETRY_AFTER_SECONDS
            return reply

    async def _upload(
        self, request: IncomingRequest, attachment_id: str, context: RequestContext
    ) -> Reply:
        _ = translations(context.locale).gettext
        too_large = _("This file is too large.")
        limit = self.attachments.max_bytes
        content_type = request.headers.get("content-type", "")
        multipart = content_type.lower().startswith("multipart/form-data")
        body = await read_limited(
            request.body, limit + MULTIPART_OVERHEAD_BYTES if multipart else limit
        )
        if body is None:
            return error_reply(413, "file_too_large", too_large)
        if multipart:
            part = _file_part(content_type, body)
            if part is None:
                return error_reply(
                    400, "invalid_upload", _("Send the file in a field named “file”.")
                )
            content_type, body = part
            if len(body) > limit:
                return error_reply(413, "file_too_large", too_large)
        uploaded = await self.attachments.accept_upload(attachment_id, content_type, body, context)
        return Reply(200, {"content-type": "application/json"}, body=serialize(uploaded))

    async def _download(self, attachment_id: str, context: RequestContext) -> Reply:
        attachment, content = await self.attachments.read(attachment_id, context)
        media_type = attachment.mime_type
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        headers = {
            "content-type": media_type,
            "content-disposition": _disposition(attachment.name),
            "x-content-type-options": "nosniff",
            "content-security-policy": "default-src 'none'; sandbox",
            "cache-control": "private, no-store",
        }
        return Reply(200, headers, body=content)


def _file_part(content_type: str, body: bytes) -> tuple[str, bytes] | None:
    """The ``file`` field of a multipart body: its own content type and its bytes."""
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        return None
    parts: list[tuple[dict[bytes, bytes], bytearray]] = []
    field_name = bytearray()
    field_value = bytearray()

    def on_part_begin() -> None:
        parts.append(({}, bytearray()))

    def on_header_field(data: bytes, start: int, end: int) -> None:
        field_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        field_value.extend(data[start:end])

    def on_header_end() -> None:
        parts[-1][0][bytes(field_name).lower()] = bytes(field_value)
        field_name.clear()
        field_value.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1][1].extend(data[start:end])

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        return None
    for headers, data in parts:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        if disposition.get(b"name") == b"file":
            return headers.get(b"content-type", b"").decode("latin-1"), bytes(data)
    return None


def _disposition(name: str) -> str:
    """``attachment`` with the name as RFC 6266 allows: an ASCII fallback and UTF-8."""
    fallback = "".join(c if (c.isascii() and c.isalnum()) or c in "._- " else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
