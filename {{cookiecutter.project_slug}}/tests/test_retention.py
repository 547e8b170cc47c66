"""Retention: inactive threads go, with their items and attachments; nothing else does."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store.retention import purge_expired_threads
from {{ cookiecutter.package_name }}.store.sql_store import SqlStore
from {{ cookiecutter.package_name }}.store.tables import (
    AttachmentRow,
    ThreadItemRow,
    ThreadRow,
)

from .store_support import file_attachment, new_thread, user_message

MakeContext = Callable[..., RequestContext]
Sessions = async_sessionmaker[AsyncSession]
RETENTION = timedelta(days=30)


@dataclass
class Scene:
    now: datetime
    expired: set[str]
    kept: set[str]


async def set_activity(sessions: Sessions, thread_id: str, when: datetime) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(ThreadRow).where(ThreadRow.id == thread_id).values(updated_at=when)
        )


async def thread_ids(sessions: Sessions) -> set[str]:
    async with sessions() as session:
        return set((await session.scalars(select(ThreadRow.id))).all())


async def row_counts(sessions: Sessions) -> tuple[int, int, int]:
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


@pytest.fixture
async def scene(store: SqlStore, sessions: Sessions, make_context: MakeContext) -> Scene:
    """Five expired threads over two tenants, each with two items and an attachment; one
    recent thread; one exactly at the cutoff; one unattached upload."""
    now = datetime.now(UTC)
    ages = {
        **{f"thr_old_{index}": timedelta(days=40 + index) for index in range(5)},
        "thr_recent": timedelta(days=2),
        "thr_at_cutoff": RETENTION,
    }
    for index, (thread_id, age) in enumerate(ages.items()):
        context = make_context(tenant="t1" if index % 2 else "t2")
        await store.save_thread(new_thread(thread_id, title="Private"), context)
        for item in range(2):
            message = user_message(f"msg_{item}", thread_id, "Private text")
            await store.add_thread_item(thread_id, message, context)
        attachment = file_attachment(f"atc_{thread_id}", thread_id=thread_id)
        await store.save_attachment(attachment, context)
        await set_activity(sessions, thread_id, now - age)
    await store.save_attachment(file_attachment("atc_unattached"), make_context())
    expired = {thread_id for thread_id in ages if thread_id.startswith("thr_old_")}
    return Scene(now=now, expired=expired, kept=set(ages) - expired)


async def test_purge_deletes_only_expired_threads(sessions: Sessions, scene: Scene) -> None:
    report = await purge_expired_threads(sessions, older_than=RETENTION, now=scene.now)

    assert (report.threads, report.items, report.attachments) == (5, 10, 5)
    assert not report.dry_run
    assert report.cutoff == scene.now - RETENTION
    assert await thread_ids(sessions) == scene.kept
    assert await row_counts(sessions) == (2, 4, 3)
    assert await orphan_count(sessions) == 0


async def test_dry_run_only_counts(sessions: Sessions, scene: Scene) -> None:
    before = await row_counts(sessions)

    report = await purge_expired_threads(
        sessions, older_than=RETENTION, now=scene.now, dry_run=True
    )

    assert report.dry_run
    assert (report.threads, report.items, report.attachments) == (5, 10, 5)
    assert await row_counts(sessions) == before


async def test_purge_works_in_batches(sessions: Sessions, scene: Scene) -> None:
    report = await purge_expired_threads(
        sessions, older_than=RETENTION, now=scene.now, batch_size=2
    )

    assert (report.threads, report.items, report.attachments) == (5, 10, 5)
    assert await thread_ids(sessions) == scene.kept
    assert await orphan_count(sessions) == 0
    again = await purge_expired_threads(sessions, older_than=RETENTION, now=scene.now)
    assert (again.threads, again.items, again.attachments) == (0, 0, 0)


async def test_new_activity_keeps_an_old_thread(
    store: SqlStore, sessions: Sessions, make_context: MakeContext, scene: Scene
) -> None:
    # thr_old_1 belongs to tenant t1 (see the scene); a new message makes it recent.
    message = user_message("msg_new", "thr_old_1", "Still here")
    await store.add_thread_item("thr_old_1", message, make_context(tenant="t1"))

    report = await purge_expired_threads(sessions, older_than=RETENTION, now=scene.now)

    assert report.threads == 4
    assert await thread_ids(sessions) == scene.kept | {"thr_old_1"}


@pytest.mark.parametrize(
    ("older_than", "batch_size"), [(timedelta(0), 500), (timedelta(days=-1), 500), (RETENTION, 0)]
)
async def test_purge_refuses_nonsense(
    sessions: Sessions, older_than: timedelta, batch_size: int
) -> None:
    with pytest.raises(ValueError):
        await purge_expired_threads(sessions, older_than=older_than, batch_size=batch_size)
