"""The ChatKit Store on SQLAlchemy.

Ownership is part of every query: a thread is reached only with the caller's tenant and
user id, its items only through such a thread, attachments by tenant and user. A missing
row and another user's row raise the same ``NotFoundError``, so ids are no oracle; pages of
data the caller does not own are simply empty, as the SDK's own tests expect.

Each call is one transaction, run by ``Transactions`` (``store/database.py``) on a
synchronous connection: on the event loop's thread for SQLite (a worker thread when the
database is busy), under ``run_sync`` for PostgreSQL.
The statements are built once, below, with named parameters: building a statement with
the ORM's operators costs more CPU than SQLite takes to run it.

Row content (the SDK's pydantic JSON) goes through ``Payloads``, which decides how it is
written at rest. Attachment bytes live in a ``BlobStore``; deleting a thread deletes them
too (the SDK's ``threads.delete`` never calls the AttachmentStore).

Attachments leave the store through ``present_attachment``: links in them (image previews)
are short-lived, so they are signed afresh each time an attachment or a message is read,
never trusted from the row.
"""

import functools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from chatkit.store import NotFoundError, Store, StoreItemType
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata, UserMessageItem
from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.{{ 'postgresql' if cookiecutter.database == 'postgres' else 'sqlite' }} import insert

from ..context import RequestContext
from ..observability.store_calls import observe_store_calls
from .blobs import BlobStore, blob_key
from .database import Transactions
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


# Declarative classes type __table__ as a FromClause; each of these is a Table.
THREADS: Table = ThreadRow.__table__  # type: ignore[assignment]
ITEMS: Table = ThreadItemRow.__table__  # type: ignore[assignment]
ATTACHMENTS: Table = AttachmentRow.__table__  # type: ignore[assignment]

# Parameters: tenant, user and thread (the caller and the thread), and per statement item,
# attachment, created, updated, now and payload (not column names: SQLAlchemy reserves those).
OWN_THREAD = and_(
    THREADS.c.tenant_id == bindparam("tenant"),
    THREADS.c.user_id == bindparam("user"),
    THREADS.c.id == bindparam("thread"),
)
# Items of the thread, provided the caller owns it.
OWN_ITEMS = and_(
    ITEMS.c.tenant_id == bindparam("tenant"),
    ITEMS.c.thread_id == bindparam("thread"),
    select(THREADS.c.pk).where(OWN_THREAD).exists(),
)
OWN_THREADS = and_(
    THREADS.c.tenant_id == bindparam("tenant"), THREADS.c.user_id == bindparam("user")
)
OWN_ATTACHMENT = and_(
    ATTACHMENTS.c.tenant_id == bindparam("tenant"),
    ATTACHMENTS.c.user_id == bindparam("user"),
    ATTACHMENTS.c.id == bindparam("attachment"),
)

LOAD_THREAD = select(THREADS.c.data).where(OWN_THREAD)
_new_thread = insert(THREADS).values(
    tenant_id=bindparam("tenant"),
    id=bindparam("thread"),
    user_id=bindparam("user"),
    created_at=bindparam("created"),
    updated_at=bindparam("updated"),
    data=bindparam("payload"),
)
SAVE_THREAD = _new_thread.on_conflict_do_update(
    index_elements=["tenant_id", "id"],
    set_={
        "created_at": _new_thread.excluded.created_at,
        "updated_at": _new_thread.excluded.updated_at,
        "data": _new_thread.excluded.data,
    },
    # Another user's thread with this id is left alone.
    where=THREADS.c.user_id == _new_thread.excluded.user_id,
).returning(THREADS.c.pk)
# Records activity on an owned thread (retention counts from it). Being the transaction's
# first write, it also takes the write lock up front.
TOUCH_THREAD = (
    update(THREADS).where(OWN_THREAD).values(updated_at=bindparam("now")).returning(THREADS.c.pk)
)
THREAD_ATTACHMENT_IDS = select(ATTACHMENTS.c.id).where(
    ATTACHMENTS.c.tenant_id == bindparam("tenant"),
    ATTACHMENTS.c.thread_id == bindparam("thread"),
    select(THREADS.c.pk).where(OWN_THREAD).exists(),
)
DELETE_THREAD = delete(THREADS).where(OWN_THREAD)

_new_item = insert(ITEMS).values(
    tenant_id=bindparam("tenant"),
    thread_id=bindparam("thread"),
    id=bindparam("item"),
    created_at=bindparam("created"),
    data=bindparam("payload"),
)
# Insert only: the SDK re-adds ids it expects to stay unchanged.
ADD_ITEM = _new_item.on_conflict_do_nothing(index_elements=["tenant_id", "thread_id", "id"])
SAVE_ITEM = _new_item.on_conflict_do_update(
    index_elements=["tenant_id", "thread_id", "id"],
    set_={"created_at": _new_item.excluded.created_at, "data": _new_item.excluded.data},
)
LOAD_ITEM = select(ITEMS.c.data).where(OWN_ITEMS, ITEMS.c.id == bindparam("item"))
DELETE_ITEM = delete(ITEMS).where(OWN_ITEMS, ITEMS.c.id == bindparam("item"))

OWNS_THREAD = select(THREADS.c.pk).where(OWN_THREAD)
_new_attachment = insert(ATTACHMENTS).values(
    tenant_id=bindparam("tenant"),
    id=bindparam("attachment"),
    user_id=bindparam("user"),
    thread_id=bindparam("thread"),
    created_at=bindparam("created"),
    data=bindparam("payload"),
)
SAVE_ATTACHMENT = _new_attachment.on_conflict_do_update(
    index_elements=["tenant_id", "id"],
    set_={"thread_id": _new_attachment.excluded.thread_id, "data": _new_attachment.excluded.data},
    where=ATTACHMENTS.c.user_id == _new_attachment.excluded.user_id,
).returning(ATTACHMENTS.c.pk)
LOAD_ATTACHMENT = select(ATTACHMENTS.c.data).where(OWN_ATTACHMENT)
DELETE_ATTACHMENT = delete(ATTACHMENTS).where(OWN_ATTACHMENT)


@observe_store_calls
class SqlStore(Store[RequestContext]):
    def __init__(
        self,
        transactions: Transactions,
        payloads: Payloads,
        blobs: BlobStore,
        present_attachment: PresentAttachment | None = None,
    ) -> None:
        self._run = transactions.run
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
        params = _caller(context, thread_id)
        data = await self._run(lambda connection: connection.scalar(LOAD_THREAD, params))
        if data is None:
            raise NotFoundError(f"Thread {thread_id} not found")
        return self._payloads.decode_thread(context.tenant_id, thread_id, data)

    async def save_thread(self, thread: ThreadMetadata, context: RequestContext) -> None:
        params = _caller(context, thread.id) | {
            "created": thread.created_at,
            "updated": _now(),
            "payload": self._payloads.encode_thread(context.tenant_id, thread),
        }
        if await self._run(lambda connection: connection.scalar(SAVE_THREAD, params)) is None:
            raise NotFoundError(f"Thread {thread.id} not found")

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: RequestContext
    ) -> Page[ThreadMetadata]:
        params = _caller(context)
        rows, has_more = await self._run(
            lambda connection: _keyset_page(connection, THREADS, params, after, limit, order)
        )
        threads = [self._payloads.decode_thread(context.tenant_id, id_, data) for id_, data in rows]
        return Page(data=threads, has_more=has_more, after=rows[-1][0] if has_more else None)

    async def delete_thread(self, thread_id: str, context: RequestContext) -> None:
        # Items and attachment rows go with it (ON DELETE CASCADE); their bytes are deleted
        # once that has committed, so a failed transaction leaves every file in place.
        params = _caller(context, thread_id)

        def delete_rows(connection: Connection) -> list[str]:
            attachment_ids = list(connection.scalars(THREAD_ATTACHMENT_IDS, params))
            connection.execute(DELETE_THREAD, params)
            return attachment_ids

        for attachment_id in await self._run(delete_rows):
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
        params = _caller(context, thread_id)
        rows, has_more = await self._run(
            lambda connection: _keyset_page(connection, ITEMS, params, after, limit, order)
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
        await self._run(_after_touching(ADD_ITEM, self._item_params(thread_id, item, context)))

    async def save_item(self, thread_id: str, item: ThreadItem, context: RequestContext) -> None:
        await self._run(_after_touching(SAVE_ITEM, self._item_params(thread_id, item, context)))

    async def load_item(self, thread_id: str, item_id: str, context: RequestContext) -> ThreadItem:
        params = _caller(context, thread_id) | {"item": item_id}
        data = await self._run(lambda connection: connection.scalar(LOAD_ITEM, params))
        if data is None:
            raise NotFoundError(f"Item {item_id} not found")
        item = self._payloads.decode_item(context.tenant_id, thread_id, item_id, data)
        return self._present_item(item, context)

    async def delete_thread_item(
        self, thread_id: str, item_id: str, context: RequestContext
    ) -> None:
        params = _caller(context, thread_id) | {"item": item_id}
        await self._run(lambda connection: connection.execute(DELETE_ITEM, params))

    # Attachments

    async def save_attachment(self, attachment: Attachment, context: RequestContext) -> None:
        thread_id = attachment.thread_id
        params = _caller(context, thread_id) | {
            "attachment": attachment.id,
            "created": _now(),
            "payload": self._payloads.encode_attachment(context.tenant_id, attachment),
        }

        def save(connection: Connection) -> None:
            if thread_id is not None and connection.scalar(OWNS_THREAD, params) is None:
                raise NotFoundError(f"Thread {thread_id} not found")
            if connection.scalar(SAVE_ATTACHMENT, params) is None:
                raise NotFoundError(f"Attachment {attachment.id} not found")

        await self._run(save)

    async def load_attachment(self, attachment_id: str, context: RequestContext) -> Attachment:
        params = _caller(context) | {"attachment": attachment_id}
        data = await self._run(lambda connection: connection.scalar(LOAD_ATTACHMENT, params))
        if data is None:
            raise NotFoundError(f"Attachment {attachment_id} not found")
        attachment = self._payloads.decode_attachment(context.tenant_id, attachment_id, data)
        return self._present(attachment, context)

    async def delete_attachment(self, attachment_id: str, context: RequestContext) -> None:
        params = _caller(context) | {"attachment": attachment_id}
        await self._run(lambda connection: connection.execute(DELETE_ATTACHMENT, params))

    def _present(self, attachment: Attachment, context: RequestContext) -> Attachment:
        if self._present_attachment is None:
            return attachment
        return self._present_attachment(attachment, context)

    def _present_item(self, item: ThreadItem, context: RequestContext) -> ThreadItem:
        if not isinstance(item, UserMessageItem) or not item.attachments:
            return item
        attachments = [self._present(attachment, context) for attachment in item.attachments]
        return item.model_copy(update={"attachments": attachments})

    def _item_params(
        self, thread_id: str, item: ThreadItem, context: RequestContext
    ) -> dict[str, Any]:
        return _caller(context, thread_id) | {
            "item": item.id,
            "created": item.created_at,
            "now": _now(),
            "payload": self._payloads.encode_item(context.tenant_id, thread_id, item),
        }


def _caller(context: RequestContext, thread_id: str | None = None) -> dict[str, Any]:
    return {"tenant": context.tenant_id, "user": context.user_id, "thread": thread_id}


def _new_id(item_type: StoreItemType) -> str:
    return f"{ID_PREFIXES[item_type]}_{uuid.uuid4().hex}"


def _now() -> datetime:
    return datetime.now(UTC)


def _after_touching(statement: Executable, params: dict[str, Any]) -> Callable[[Connection], None]:
    """A transaction that touches the caller's thread, or raises NotFoundError, then runs
    ``statement``."""

    def work(connection: Connection) -> None:
        if connection.scalar(TOUCH_THREAD, params) is None:
            raise NotFoundError(f"Thread {params['thread']} not found")
        connection.execute(statement, params)

    return work


def _keyset_page(
    connection: Connection,
    table: Table,
    params: dict[str, Any],
    after: str | None,
    limit: int | None,
    order: str,
) -> tuple[list[tuple[str, bytes]], bool]:
    """One page of ``(id, data)`` in ``(created_at, pk)`` order, after the row ``after``.

    ``after`` is looked up within the caller's scope: an unknown cursor, or another user's,
    gives an empty page. ``pk`` breaks ties between rows created in the same microsecond.
    """
    limit = clamp_limit(limit)
    descending = order == "desc"
    params = params | {"limit": limit + 1}
    if after is not None:
        cursor = connection.execute(_cursor_query(table), params | {"after": after}).one_or_none()
        if cursor is None:
            return [], False
        params |= {"after_created": cursor.created_at, "after_pk": cursor.pk}
    rows = connection.execute(_page_query(table, descending, after is not None), params).all()
    return [(item_id, data) for item_id, data in rows[:limit]], len(rows) > limit


def _scope(table: Table) -> ColumnElement[bool]:
    return OWN_ITEMS if table is ITEMS else OWN_THREADS


@functools.cache
def _cursor_query(table: Table) -> Select[Any]:
    return select(table.c.created_at, table.c.pk).where(
        _scope(table), table.c.id == bindparam("after")
    )


@functools.cache
def _page_query(table: Table, descending: bool, after_cursor: bool) -> Select[Any]:
    query = select(table.c.id, table.c.data).where(_scope(table))
    if after_cursor:
        # A row-value comparison, unlike the equivalent OR, bounds the index scan, so deep
        # pages cost what the first one does. The cursor's values bind with the columns'
        # types (UTC timestamps included).
        position = tuple_(table.c.created_at, table.c.pk)
        cursor = tuple_(
            bindparam("after_created", type_=table.c.created_at.type),
            bindparam("after_pk", type_=table.c.pk.type),
        )
        query = query.where(position < cursor if descending else position > cursor)
    if descending:
        query = query.order_by(table.c.created_at.desc(), table.c.pk.desc())
    else:
        query = query.order_by(table.c.created_at, table.c.pk)
    return query.limit(bindparam("limit"))
