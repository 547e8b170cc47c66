"""The SQLAlchemy Store's own storage behaviour, beyond the Store contract (test_store.py)."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store.sql_store import SqlStore
from {{ cookiecutter.package_name }}.store.tables import ThreadRow

from .store_support import new_thread, user_message

Sessions = async_sessionmaker[AsyncSession]


async def test_new_items_count_as_thread_activity(
    store: SqlStore, sessions: Sessions, make_context: Callable[..., RequestContext]
) -> None:
    context = make_context()
    thread_id = store.generate_thread_id(context)
    await store.save_thread(new_thread(thread_id), context)
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    async with sessions.begin() as session:
        await session.execute(update(ThreadRow).values(updated_at=long_ago))

    await store.add_thread_item(thread_id, user_message("msg_1", thread_id), context)

    async with sessions() as session:
        updated_at = await session.scalar(select(ThreadRow.updated_at))
    assert updated_at is not None
    assert updated_at > datetime.now(UTC) - timedelta(minutes=1)
