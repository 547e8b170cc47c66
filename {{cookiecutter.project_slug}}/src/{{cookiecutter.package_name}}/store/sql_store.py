"""The ChatKit Store on SQLAlchemy.

Ownership is part of every query: a thread is reached only with the caller's tenant and
user id, its items only through such a thread, attachments by tenant and user. A missing
row and another user's row raise the same ``NotFoundError``, so ids are no oracle; pages of
data the caller does not own are simply empty, as the SDK's own tests expect.

Row content (the SDK's pydantic JSON) goes through ``Payloads``, which decides how it is
written at rest. Attachment bytes live in a ``BlobStore``; deleting a thread deletes them
too (the SDK's ``threads.delete`` never calls the AttachmentStore).

Attachments leave the store through ``present_attachment``: links in them (image previews)
are short-lived, so they are signed afresh each time an attachment or a message is read,
never trusted from the row.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from chatkit.store import NotFoundError, Store, StoreItemType
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata, UserMessageItem
from sqlalchemy import ColumnElement, and_, delete, select, tuple_, update
from sqlalchemy.dialects.{{ 'postgresql' if cookiecutter.database == 'postgres' else 'sqlite' }} import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..context import RequestContext
from ..observability.store_calls import observe_store_calls
from .blobs import BlobStore, blob_key
from .payloads import Payloads
from .tables import AttachmentRow, ThreadItemRow, ThreadRow

# The SDK's id prefixes (its own tests and clients rely on them), with a longer random part.
ID_PREFIXES: dict[StoreItemType, str] = {
    "thread": "thr",
    "message": "msg",
    "tool_call": "tc",
    "workflow": "wf",
    "task": "tsk",
    "attachment": "atc",
    "sdk_hidden_context": "shcx",
}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# Called on every attachment the store hands out; the app passes one that refreshes links.
PresentAttachment = Callable[[Attachment, RequestContext], Attachment]

logger = structlog.get_logger("chatkit.store")


def clamp_limit(limit: int | None) -> int:
    """Page sizes come straight from the client: 0 or None means the default, and
    anything else is kept within 1..MAX_PAGE_SIZE (SQLite reads ``LIMIT -1`` as no limit).
    """
    if not limit:
        return DEFAULT_PAGE_SIZE
    return max(1, min(limit, MAX_PAGE_SIZE))


@observe_store_calls
class SqlStore(Store[RequestContext]):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        payloads: Payloads,
        blobs: BlobStore,
        present_attachment: PresentAttachment | None = None,
    ) -> None:
        self._sessions = sessions
        self._payloads = payloads
        self._blobs = blobs
        self._present_attachment = present_attachment

    # The SDK's default ids carry 32 random bits; keep its prefixes with 128.
    def generate_thread_id(self, context: RequestContext) -> str:
        return _new_id("thread")

    def generate_item_id(
        self, item_type: StoreItemType, thread: ThreadMetadata, context: RequestContext
    ) -> str:
        return _new_id(item_type)

    # Threads

    async def load_thread(self, thread_id: str, context: RequestContext) -> ThreadMetadata:
        async with self._sessions() as session:
            data = await session.scalar(
                select(ThreadRow.data).where(_own_thread(thread_id, context))
            )
        if data is None:
            raise NotFoundError(f"Thread {thread_id} not found")
        return self._payloads.decode_thread(context.tenant_id, thread_id, data)

    async def save_thread(self, thread: ThreadMetadata, context: RequestContext) -> None:
        data = self._payloads.encode_thread(context.tenant_id, thread)
        async with self._sessions.begin() as session:
            new_row = insert(ThreadRow).values(
                tenant_id=context.tenant_id,
                id=thread.id,
                user_id=context.user_id,
                created_at=thread.created_at,
                updated_at=_now(),
                data=data,
            )
            upsert = new_row.on_conflict_do_update(
                index_elements=["tenant_id", "id"],
                set_={
                    "created_at": new_row.excluded.created_at,
                    "updated_at": new_row.excluded.updated_at,
                    "data": new_row.excluded.data,
                },
                # Another user's thread with this id is left alone.
                where=ThreadRow.user_id == new_row.excluded.user_id,
            ).returning(ThreadRow.pk)
            if await session.scalar(upsert) is None:
                raise NotFoundError(f"Thread {thread.id} not found")

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: RequestContext
    ) -> Page[ThreadMetadata]:
        owned = and_(ThreadRow.tenant_id == context.tenant_id, ThreadRow.user_id == context.user_id)
        async with self._sessions() as session:
            rows, has_more = await _keyset_page(session, ThreadRow, owned, after, limit, order)
        threads = [self._payloads.decode_thread(context.tenant_id, id_, data) for id_, data in rows]
        return Page(data=threads, has_more=has_more, after=rows[-1][0] if has_more else None)

    async def delete_thread(self, thread_id: str, context: RequestContext) -> None:
        # Items and attachment rows go with it (ON DELETE CASCADE); their bytes are deleted
        # once that has committed, so a failed transaction leaves every file in place.
        async with self._sessions.begin() as session:
            attachment_ids = (
                await session.scalars(
                    select(AttachmentRow.id).where(
                        AttachmentRow.tenant_id == context.tenant_id,
                        AttachmentRow.thread_id == thread_id,
                        select(ThreadRow.pk).where(_own_thread(thread_id, context)).exists(),
                    )
                )
            ).all()
            await session.execute(
                delete(ThreadRow)
                .where(_own_thread(thread_id, context))
                .execution_options(synchronize_session=False)
            )
        for attachment_id in attachment_ids:
            try:
                await self._blobs.delete(blob_key(context.tenant_id, attachment_id))
            except Exception:  # the rows are gone; an orphaned file is unreadable
                logger.exception("attachment.file_not_deleted")

    # Items

    async def load_thread_items(
        self,
        thread_id: str,
        after: str | None,
        limit: int,
        order: str,
        context: RequestContext,
    ) -> Page[ThreadItem]:
        async with self._sessions() as session:
            rows, has_more = await _keyset_page(
                session, ThreadItemRow, _own_items(thread_id, context), after, limit, order
            )
        items = [
            self._present_item(
                self._payloads.decode_item(context.tenant_id, thread_id, id_, data), context
            )
            for id_, data in rows
        ]
        return Page(data=items, has_more=has_more, after=rows[-1][0] if has_more else None)

    async def add_thread_item(
        self, thread_id: str, item: ThreadItem, context: RequestContext
    ) -> None:
        # Insert only: the SDK re-adds ids it expects to stay unchanged.
        async with self._sessions.begin() as session:
            await _touch_thread(session, thread_id, context)
            new_row = insert(ThreadItemRow).values(**self._item_values(thread_id, item, context))
            await session.execute(
                new_row.on_conflict_do_nothing(index_elements=["tenant_id", "thread_id", "id"])
            )

    async def save_item(self, thread_id: str, item: ThreadItem, context: RequestContext) -> None:
        async with self._sessions.begin() as session:
            await _touch_thread(session, thread_id, context)
            new_row = insert(ThreadItemRow).values(**self._item_values(thread_id, item, context))
            await session.execute(
                new_row.on_conflict_do_update(
                    index_elements=["tenant_id", "thread_id", "id"],
                    set_={
                        "created_at": new_row.excluded.created_at,
                        "data": new_row.excluded.data,
                    },
                )
            )

    async def load_item(self, thread_id: str, item_id: str, context: RequestContext) -> ThreadItem:
        async with self._sessions() as session:
            data = await session.scalar(
                select(ThreadItemRow.data).where(
                    _own_items(thread_id, context), ThreadItemRow.id == item_id
                )
            )
        if data is None:
            raise NotFoundError(f"Item {item_id} not found")
        item = self._payloads.decode_item(context.tenant_id, thread_id, item_id, data)
        return self._present_item(item, context)

    async def delete_thread_item(
        self, thread_id: str, item_id: str, context: RequestContext
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                delete(ThreadItemRow)
                .where(_own_items(thread_id, context), ThreadItemRow.id == item_id)
                .execution_options(synchronize_session=False)
            )

    # Attachments

    async def save_attachment(self, attachment: Attachment, context: RequestContext) -> None:
        data = self._payloads.encode_attachment(context.tenant_id, attachment)
        async with self._sessions.begin() as session:
            thread_id = attachment.thread_id
            if thread_id is not None:
                owned = await session.scalar(
                    select(ThreadRow.pk).where(_own_thread(thread_id, context))
                )
                if owned is None:
                    raise NotFoundError(f"Thread {thread_id} not found")
            new_row = insert(AttachmentRow).values(
                tenant_id=context.tenant_id,
                id=attachment.id,
                user_id=context.user_id,
                thread_id=thread_id,
                created_at=_now(),
                data=data,
            )
            upsert = new_row.on_conflict_do_update(
                index_elements=["tenant_id", "id"],
                set_={"thread_id": new_row.excluded.thread_id, "data": new_row.excluded.data},
                where=AttachmentRow.user_id == new_row.excluded.user_id,
            ).returning(AttachmentRow.pk)
            if await session.scalar(upsert) is None:
                raise NotFoundError(f"Attachment {attachment.id} not found")

    async def load_attachment(self, attachment_id: str, context: RequestContext) -> Attachment:
        async with self._sessions() as session:
            data = await session.scalar(
                select(AttachmentRow.data).where(_own_attachment(attachment_id, context))
            )
        if data is None:
            raise NotFoundError(f"Attachment {attachment_id} not found")
        attachment = self._payloads.decode_attachment(context.tenant_id, attachment_id, data)
        return self._present(attachment, context)

    async def delete_attachment(self, attachment_id: str, context: RequestContext) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                delete(AttachmentRow)
                .where(_own_attachment(attachment_id, context))
                .execution_options(synchronize_session=False)
            )

    def _present(self, attachment: Attachment, context: RequestContext) -> Attachment:
        if self._present_attachment is None:
            return attachment
        return self._present_attachment(attachment, context)

    def _present_item(self, item: ThreadItem, context: RequestContext) -> ThreadItem:
        if not isinstance(item, UserMessageItem) or not item.attachments:
            return item
        attachments = [self._present(attachment, context) for attachment in item.attachments]
        return item.model_copy(update={"attachments": attachments})

    def _item_values(
        self, thread_id: str, item: ThreadItem, context: RequestContext
    ) -> dict[str, object]:
        return {
            "tenant_id": context.tenant_id,
            "thread_id": thread_id,
            "id": item.id,
            "created_at": item.created_at,
            "data": self._payloads.encode_item(context.tenant_id, thread_id, item),
        }


def _new_id(item_type: StoreItemType) -> str:
    return f"{ID_PREFIXES[item_type]}_{uuid.uuid4().hex}"


def _now() -> datetime:
    return datetime.now(UTC)


def _own_thread(thread_id: str, context: RequestContext) -> ColumnElement[bool]:
    return and_(
        ThreadRow.tenant_id == context.tenant_id,
        ThreadRow.user_id == context.user_id,
        ThreadRow.id == thread_id,
    )


def _own_items(thread_id: str, context: RequestContext) -> ColumnElement[bool]:
    """Items of ``thread_id``, provided the caller owns that thread."""
    return and_(
        ThreadItemRow.tenant_id == context.tenant_id,
        ThreadItemRow.thread_id == thread_id,
        select(ThreadRow.pk).where(_own_thread(thread_id, context)).exists(),
    )


def _own_attachment(attachment_id: str, context: RequestContext) -> ColumnElement[bool]:
    return and_(
        AttachmentRow.tenant_id == context.tenant_id,
        AttachmentRow.user_id == context.user_id,
        AttachmentRow.id == attachment_id,
    )


async def _touch_thread(session: AsyncSession, thread_id: str, context: RequestContext) -> None:
    """Record activity on an owned thread (retention counts from it), or raise NotFoundError.

    Being the transaction's first write, it also takes the write lock up front.
    """
    touched = await session.scalar(
        update(ThreadRow)
        .where(_own_thread(thread_id, context))
        .values(updated_at=_now())
        .returning(ThreadRow.pk)
        .execution_options(synchronize_session=False)
    )
    if touched is None:
        raise NotFoundError(f"Thread {thread_id} not found")


async def _keyset_page(
    session: AsyncSession,
    model: type[ThreadRow] | type[ThreadItemRow],
    scope: ColumnElement[bool],
    after: str | None,
    limit: int | None,
    order: str,
) -> tuple[list[tuple[str, bytes]], bool]:
    """One page of ``(id, data)`` in ``(created_at, pk)`` order, after the row ``after``.

    ``after`` is looked up within ``scope``: an unknown cursor, or another user's, gives an
    empty page. ``pk`` breaks ties between rows created in the same microsecond.
    """
    limit = clamp_limit(limit)
    descending = order == "desc"
    query = select(model.id, model.data).where(scope)
    if after is not None:
        cursor = (
            await session.execute(
                select(model.created_at, model.pk).where(scope, model.id == after)
            )
        ).one_or_none()
        if cursor is None:
            return [], False
        # A row-value comparison, unlike the equivalent OR, bounds the index scan, so deep
        # pages cost what the first one does. The cursor's values bind with the columns'
        # types (UTC timestamps included).
        position, after_position = tuple_(model.created_at, model.pk), tuple(cursor)
        query = query.where(position < after_position if descending else position > after_position)
    if descending:
        query = query.order_by(model.created_at.desc(), model.pk.desc())
    else:
        query = query.order_by(model.created_at, model.pk)
    rows = (await session.execute(query.limit(limit + 1))).all()
    return [(item_id, data) for item_id, data in rows[:limit]], len(rows) > limit
