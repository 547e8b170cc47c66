"""Erasure: delete threads and attachments, their stored bytes included.

Used for "delete my data" (one user in one tenant), tenant offboarding, and by retention.
Work goes in batches, each its own transaction. A batch deletes the attachment rows of its
threads first, keeping their keys, then the threads (items go through ``ON DELETE
CASCADE``), commits, and only then deletes the bytes: a failed transaction leaves nothing
half-deleted, and deleting bytes twice is harmless. If the process dies between the commit
and the bytes, those files are orphaned; they hold no row and nothing can read them.
It reads ids and counts only, never contents.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy import ColumnElement, Select, and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .blobs import BlobStore, blob_key
{%- if cookiecutter.auth_style != 'jwt' %}
from .credentials import delete_credentials, owned_by
{%- endif %}
from .tables import AttachmentRow, ThreadItemRow, ThreadRow

logger = structlog.get_logger("chatkit.erasure")


@dataclass(frozen=True, slots=True)
class Deleted:
    """Rows deleted, or with a dry run the rows that would be; ``uploads`` are
    attachments that were in no thread. Each attachment row has its bytes deleted too."""

    threads: int = 0
    items: int = 0
    attachments: int = 0
    uploads: int = 0

    def __add__(self, other: "Deleted") -> "Deleted":
        return Deleted(
            threads=self.threads + other.threads,
            items=self.items + other.items,
            attachments=self.attachments + other.attachments,
            uploads=self.uploads + other.uploads,
        )


@dataclass(frozen=True, slots=True)
class ErasureReport:
    tenant_id: str
    user_id: str | None
    dry_run: bool
    deleted: Deleted
{%- if cookiecutter.auth_style != 'jwt' %}
    # The user's or tenant's {{ 'API tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }}.
    credentials: int = 0
{%- endif %}


async def delete_user_data(
    sessions: async_sessionmaker[AsyncSession],
    blobs: BlobStore,
    *,
    tenant_id: str,
    user_id: str,
    batch_size: int = 500,
    dry_run: bool = False,
) -> ErasureReport:
{%- if cookiecutter.auth_style == 'api_token' %}
    """Delete every API token, thread and attachment of one user in one tenant ("delete my
    data").

    The same user id in another tenant is another person and is left alone. The tokens go
    first, so the user cannot start threads while the rest is deleted; disable the account
    at your identity source too, or new tokens may be issued.
    """
    credentials = await delete_credentials(sessions, owned_by(tenant_id, user_id), dry_run=dry_run)
{%- elif cookiecutter.auth_style == 'session' %}
    """Delete every session, thread and attachment of one user in one tenant ("delete my
    data").

    The same user id in another tenant is another person and is left alone. The sessions go
    first, so the user is signed out everywhere while the rest is deleted; disable the
    account at the identity provider too, or the user can sign in again.
    """
    credentials = await delete_credentials(sessions, owned_by(tenant_id, user_id), dry_run=dry_run)
{%- else %}
    """Delete every thread and attachment of one user in one tenant ("delete my data").

    The same user id in another tenant is another person and is left alone. Disable the
    account first: threads the user creates while this runs may survive it.
    """
{%- endif %}
    deleted = await erase(
        sessions,
        blobs,
        threads=and_(ThreadRow.tenant_id == tenant_id, ThreadRow.user_id == user_id),
        attachments=and_(AttachmentRow.tenant_id == tenant_id, AttachmentRow.user_id == user_id),
        batch_size=batch_size,
        dry_run=dry_run,
    )
    _log("user", deleted, dry_run)
{%- if cookiecutter.auth_style == 'jwt' %}
    return ErasureReport(tenant_id=tenant_id, user_id=user_id, dry_run=dry_run, deleted=deleted)
{%- else %}
    return ErasureReport(
        tenant_id=tenant_id,
        user_id=user_id,
        dry_run=dry_run,
        deleted=deleted,
        credentials=credentials,
    )
{%- endif %}


async def delete_tenant_data(
    sessions: async_sessionmaker[AsyncSession],
    blobs: BlobStore,
    *,
    tenant_id: str,
    batch_size: int = 500,
    dry_run: bool = False,
) -> ErasureReport:
{%- if cookiecutter.auth_style == 'jwt' %}
    """Delete every thread and attachment of a tenant (offboarding)."""
{%- else %}
    """Delete every {{ 'API token' if cookiecutter.auth_style == 'api_token' else 'session' }}, thread and attachment of a tenant (offboarding); the
    {{ 'tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }} first, so no thread is started while the rest is deleted."""
    credentials = await delete_credentials(sessions, owned_by(tenant_id), dry_run=dry_run)
{%- endif %}
    deleted = await erase(
        sessions,
        blobs,
        threads=ThreadRow.tenant_id == tenant_id,
        attachments=AttachmentRow.tenant_id == tenant_id,
        batch_size=batch_size,
        dry_run=dry_run,
    )
    _log("tenant", deleted, dry_run)
{%- if cookiecutter.auth_style == 'jwt' %}
    return ErasureReport(tenant_id=tenant_id, user_id=None, dry_run=dry_run, deleted=deleted)
{%- else %}
    return ErasureReport(
        tenant_id=tenant_id,
        user_id=None,
        dry_run=dry_run,
        deleted=deleted,
        credentials=credentials,
    )
{%- endif %}


async def erase(
    sessions: async_sessionmaker[AsyncSession],
    blobs: BlobStore,
    *,
    threads: ColumnElement[bool],
    attachments: ColumnElement[bool],
    batch_size: int = 500,
    dry_run: bool = False,
) -> Deleted:
    """Delete the threads matching ``threads``, then the attachments in no thread that
    match ``attachments``; both conditions are checked again in each batch's transaction."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    loose = and_(AttachmentRow.thread_id.is_(None), attachments)
    if dry_run:
        async with sessions() as session:
            return Deleted(
                threads=await _count(session, select(func.count(ThreadRow.pk)).where(threads)),
                items=await _count(session, _items_of(threads)),
                attachments=await _count(session, _attachments_of(threads)),
                uploads=await _count(session, select(func.count(AttachmentRow.pk)).where(loose)),
            )
    deleted = Deleted()
    while batch := await _delete_thread_batch(sessions, blobs, threads, batch_size):
        deleted += batch
    while batch := await _delete_upload_batch(sessions, blobs, loose, batch_size):
        deleted += batch
    return deleted


async def _delete_thread_batch(
    sessions: async_sessionmaker[AsyncSession],
    blobs: BlobStore,
    condition: ColumnElement[bool],
    batch_size: int,
) -> Deleted | None:
    async with sessions.begin() as session:
        batch = (
            # No ORDER BY: the condition's own index finds the rows (threads by updated_at,
            # by owner or by tenant); ordering by pk would walk past every row that stays,
            # again in each batch.
            await session.scalars(
                select(ThreadRow.pk).where(condition).limit(batch_size).with_for_update()
            )
        ).all()
        if not batch:
            return None
        # Checked again: a thread may have changed since it was selected. The first write
        # takes the write lock, so the statements below agree on which threads go.
        doomed = and_(ThreadRow.pk.in_(batch), condition)
        files = await _delete_attachment_rows(session, _in_threads(doomed))
        items = await _count(session, _items_of(doomed))
        threads = (
            await session.scalars(
                delete(ThreadRow)
                .where(doomed)
                .returning(ThreadRow.pk)
                .execution_options(synchronize_session=False)
            )
        ).all()
    await delete_files(blobs, files)
    # A batch whose threads all saw activity meanwhile deleted nothing, but the loop goes on.
    return Deleted(threads=len(threads), items=items, attachments=len(files))


async def _delete_upload_batch(
    sessions: async_sessionmaker[AsyncSession],
    blobs: BlobStore,
    condition: ColumnElement[bool],
    batch_size: int,
) -> Deleted | None:
    async with sessions.begin() as session:
        batch = (
            await session.scalars(
                select(AttachmentRow.pk).where(condition).limit(batch_size).with_for_update()
            )
        ).all()
        if not batch:
            return None
        # Checked again: a message may have used the upload since it was selected.
        files = await _delete_attachment_rows(session, and_(AttachmentRow.pk.in_(batch), condition))
    await delete_files(blobs, files)
    return Deleted(uploads=len(files))


async def _delete_attachment_rows(
    session: AsyncSession, condition: ColumnElement[bool]
) -> list[str]:
    """Delete the attachment rows matching ``condition``; returns their files' blob keys."""
    deleted = await session.execute(
        delete(AttachmentRow)
        .where(condition)
        .returning(AttachmentRow.tenant_id, AttachmentRow.id)
        .execution_options(synchronize_session=False)
    )
    return [blob_key(tenant, attachment) for tenant, attachment in deleted]


async def delete_files(blobs: BlobStore, keys: Sequence[str]) -> None:
    """Delete the bytes under ``keys``; a key already gone is fine. One failure does not
    stop the others: the first error is raised once every key has been tried."""
    failures: list[Exception] = []
    for key in keys:
        try:
            await blobs.delete(key)
        except Exception as error:  # the rows are gone: try every file before failing
            failures.append(error)
    if failures:
        logger.error("erasure.files_not_deleted", failed=len(failures), files=len(keys))
        raise failures[0]


def _in_threads(threads: ColumnElement[bool]) -> ColumnElement[bool]:
    """Attachments that belong to one of the ``threads``."""
    return (
        select(ThreadRow.pk)
        .where(
            threads,
            ThreadRow.tenant_id == AttachmentRow.tenant_id,
            ThreadRow.id == AttachmentRow.thread_id,
        )
        .exists()
    )


def _items_of(threads: ColumnElement[bool]) -> Select[tuple[int]]:
    return (
        select(func.count(ThreadItemRow.pk))
        .join(
            ThreadRow,
            and_(
                ThreadRow.tenant_id == ThreadItemRow.tenant_id,
                ThreadRow.id == ThreadItemRow.thread_id,
            ),
        )
        .where(threads)
    )


def _attachments_of(threads: ColumnElement[bool]) -> Select[tuple[int]]:
    return select(func.count(AttachmentRow.pk)).where(_in_threads(threads))


async def _count(session: AsyncSession, query: Select[tuple[int]]) -> int:
    return (await session.scalar(query)) or 0


def _log(scope: str, deleted: Deleted, dry_run: bool) -> None:
    logger.info(
        "erasure.run",
        scope=scope,
        dry_run=dry_run,
        threads=deleted.threads,
        items=deleted.items,
        attachments=deleted.attachments,
        uploads=deleted.uploads,
    )
