"""Helpers shared by the test modules: Alembic configuration, ChatKit object builders, and
direct looks at the database and the blob store."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from alembic.config import Config
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    FileAttachment,
    InferenceOptions,
    ThreadMetadata,
    UserMessageItem,
    UserMessageTextContent,
)
from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

{% if cookiecutter.auth_style == 'api_token' -%}
from {{ cookiecutter.package_name }}.auth.api_tokens import hash_token
{% elif cookiecutter.auth_style == 'session' -%}
from {{ cookiecutter.package_name }}.auth.sessions import hash_token
{% endif -%}
from {{ cookiecutter.package_name }}.store.blobs import BlobNotFound, BlobStore, blob_key
{%- if cookiecutter.auth_style != 'jwt' %}
from {{ cookiecutter.package_name }}.store.credentials import CredentialRow
{%- endif %}
from {{ cookiecutter.package_name }}.store.database import create_engine, create_session_factory
from {{ cookiecutter.package_name }}.store.payloads import Payloads
from {{ cookiecutter.package_name }}.store.tables import AttachmentRow, ThreadItemRow, ThreadRow

Sessions = async_sessionmaker[AsyncSession]
T = TypeVar("T")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Naive, like the SDK's own datetime.now() under TZ=UTC.
BASE_TIME = datetime(2025, 3, 1, 9, 30)


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def new_thread(thread_id: str, *, title: str | None = None, offset: int = 0) -> ThreadMetadata:
    return ThreadMetadata(
        id=thread_id, title=title, created_at=BASE_TIME + timedelta(seconds=offset)
    )


def user_message(
    item_id: str, thread_id: str, text: str = "hello", *, offset: int = 0
) -> UserMessageItem:
    return UserMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=BASE_TIME + timedelta(seconds=offset),
        content=[UserMessageTextContent(text=text)],
        inference_options=InferenceOptions(),
    )


def assistant_message(
    item_id: str, thread_id: str, text: str = "hi", *, offset: int = 0
) -> AssistantMessageItem:
    return AssistantMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=BASE_TIME + timedelta(seconds=offset),
        content=[AssistantMessageContent(text=text)],
    )


def file_attachment(
    attachment_id: str, *, name: str = "notes.txt", thread_id: str | None = None
) -> FileAttachment:
    return FileAttachment(id=attachment_id, name=name, mime_type="text/plain", thread_id=thread_id)


# The database and the blob store, seen directly


def on_database(database_url: str, work: Callable[[Sessions], Awaitable[T]]) -> T:
    """Run ``work`` with sessions on ``database_url``, from synchronous test code."""

    async def run() -> T:
        engine = create_engine(database_url)
        try:
            return await work(create_session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def set_thread_activity(sessions: Sessions, thread_id: str, when: datetime) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(ThreadRow).where(ThreadRow.id == thread_id).values(updated_at=when)
        )


async def set_upload_time(sessions: Sessions, attachment_id: str, when: datetime) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(AttachmentRow).where(AttachmentRow.id == attachment_id).values(created_at=when)
        )


{% if cookiecutter.auth_style != 'jwt' -%}
def set_token_columns(database_url: str, token: str, **values: object) -> None:
    """Set columns of the row of this {{ 'API token' if cookiecutter.auth_style == 'api_token' else "session's token" }} ({{ '``expires_at``, ``revoked_at``' if cookiecutter.auth_style == 'api_token' else '``expires_at``, ``last_seen_at``' }}),
    from synchronous test code."""

    async def write(sessions: Sessions) -> None:
        async with sessions.begin() as session:
            owned = CredentialRow.token_hash == hash_token(token)
            await session.execute(update(CredentialRow).where(owned).values(**values))

    on_database(database_url, write)


{% endif -%}
async def row_counts(sessions: Sessions) -> tuple[int, int, int]:
    """Rows in threads, thread_items and attachments."""
    async with sessions() as session:
        return (
            await session.scalar(select(func.count()).select_from(ThreadRow)) or 0,
            await session.scalar(select(func.count()).select_from(ThreadItemRow)) or 0,
            await session.scalar(select(func.count()).select_from(AttachmentRow)) or 0,
        )


async def orphan_count(sessions: Sessions) -> int:
    """Items and attachments whose thread is gone."""
    orphans = 0
    async with sessions() as session:
        for model in (ThreadItemRow, AttachmentRow):
            query = (
                select(func.count())
                .select_from(model)
                .outerjoin(
                    ThreadRow,
                    and_(ThreadRow.tenant_id == model.tenant_id, ThreadRow.id == model.thread_id),
                )
                .where(model.thread_id.is_not(None), ThreadRow.pk.is_(None))
            )
            orphans += await session.scalar(query) or 0
    return orphans


async def store_file(
    blobs: BlobStore, payloads: Payloads, tenant_id: str, attachment_id: str, content: bytes
) -> None:
    """Write an attachment's bytes the way the upload route does."""
    sealed = payloads.encode_file(tenant_id, attachment_id, content)
    await blobs.put(blob_key(tenant_id, attachment_id), sealed)


async def has_file(blobs: BlobStore, tenant_id: str, attachment_id: str) -> bool:
    try:
        await blobs.get(blob_key(tenant_id, attachment_id))
    except BlobNotFound:
        return False
    return True
