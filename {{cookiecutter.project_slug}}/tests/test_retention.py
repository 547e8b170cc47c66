"""Retention: inactive threads go, with their items, attachments and attachment files, and so
do old uploads that no message used; nothing else does."""
{% if cookiecutter.database == 'postgres' %}
import asyncio
{%- endif %}
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
{%- if cookiecutter.database == 'postgres' %}
from pathlib import Path
{%- endif %}

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store.blobs import LocalDirectoryBlobs, blob_key
from {{ cookiecutter.package_name }}.store.erasure import Deleted
from {{ cookiecutter.package_name }}.store.payloads import Payloads
from {{ cookiecutter.package_name }}.store.retention import purge_expired_threads
from {{ cookiecutter.package_name }}.store.sql_store import SqlStore
from {{ cookiecutter.package_name }}.store.tables import ThreadRow

from .store_support import (
    file_attachment,
    has_file,
    new_thread,
    orphan_count,
    row_counts,
    set_thread_activity,
    set_upload_time,
    store_file,
    user_message,
)

MakeContext = Callable[..., RequestContext]
Sessions = async_sessionmaker[AsyncSession]
RETENTION = timedelta(days=30)
# Five expired threads with two items and an attachment each, and one old unsent upload.
EXPECTED = Deleted(threads=5, items=10, attachments=5, uploads=1)


@dataclass
class Scene:
    now: datetime
    expired: set[str]
    kept: set[str]
    # (tenant, attachment id) of every attachment, with bytes in blob storage.
    files_deleted: set[tuple[str, str]]
    files_kept: set[tuple[str, str]]


@pytest.fixture
async def scene(
    store: SqlStore,
    sessions: Sessions,
    blobs: LocalDirectoryBlobs,
    payloads: Payloads,
    make_context: MakeContext,
) -> Scene:
    """Five expired threads over two tenants, each with two items and an attachment; one
    recent thread; one exactly at the cutoff; an old and a recent upload never sent; an old
    upload that a recent thread uses. Every attachment has its bytes stored."""
    now = datetime.now(UTC)
    ages = {
        **{f"thr_old_{index}": timedelta(days=40 + index) for index in range(5)},
        "thr_recent": timedelta(days=2),
        "thr_at_cutoff": RETENTION,
    }
    files_deleted, files_kept = set(), set()
    for index, (thread_id, age) in enumerate(ages.items()):
        tenant = "t1" if index % 2 else "t2"
        context = make_context(tenant=tenant)
        await store.save_thread(new_thread(thread_id, title="Private"), context)
        for item in range(2):
            message = user_message(f"msg_{item}", thread_id, "Private text")
            await store.add_thread_item(thread_id, message, context)
        attachment_id = f"atc_{thread_id}"
        await store.save_attachment(file_attachment(attachment_id, thread_id=thread_id), context)
        await store_file(blobs, payloads, tenant, attachment_id, b"Private bytes")
        (files_deleted if thread_id.startswith("thr_old_") else files_kept).add(
            (tenant, attachment_id)
        )
        await set_thread_activity(sessions, thread_id, now - age)

    uploads = {
        "atc_unsent_old": (None, timedelta(days=31)),
        "atc_unsent_recent": (None, timedelta(days=1)),
        "atc_sent_old": ("thr_recent", timedelta(days=60)),  # thr_recent is in t1
    }
    for attachment_id, (thread_id, age) in uploads.items():
        await store.save_attachment(
            file_attachment(attachment_id, thread_id=thread_id), make_context(tenant="t1")
        )
        await store_file(blobs, payloads, "t1", attachment_id, b"Private bytes")
        await set_upload_time(sessions, attachment_id, now - age)
    files_deleted.add(("t1", "atc_unsent_old"))
    files_kept |= {("t1", "atc_unsent_recent"), ("t1", "atc_sent_old")}

    expired = {thread_id for thread_id in ages if thread_id.startswith("thr_old_")}
    return Scene(
        now=now,
        expired=expired,
        kept=set(ages) - expired,
        files_deleted=files_deleted,
        files_kept=files_kept,
    )


async def thread_ids(sessions: Sessions) -> set[str]:
    async with sessions() as session:
        return set((await session.scalars(select(ThreadRow.id))).all())


async def stored_files(blobs: LocalDirectoryBlobs, files: set[tuple[str, str]]) -> set[str]:
    return {attachment for tenant, attachment in files if await has_file(blobs, tenant, attachment)}


async def test_purge_deletes_expired_threads_with_their_items_attachments_and_files(
    engine: AsyncEngine, sessions: Sessions, blobs: LocalDirectoryBlobs, scene: Scene
) -> None:
    report = await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now)

    assert report.deleted == EXPECTED
    assert not report.dry_run
    assert report.cutoff == scene.now - RETENTION
    assert await thread_ids(sessions) == scene.kept
    # Two kept threads with their items and attachments, the recent upload, the sent one.
    assert await row_counts(sessions) == (2, 4, 4)
    assert await orphan_count(sessions) == 0
    assert await stored_files(blobs, scene.files_deleted) == set()
    assert await stored_files(blobs, scene.files_kept) == {
        attachment for _, attachment in scene.files_kept
    }


async def test_each_run_is_logged_with_its_counts(
    engine: AsyncEngine, blobs: LocalDirectoryBlobs, scene: Scene, log_lines
) -> None:
    await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now, dry_run=True)
    await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now)

    runs = [line for line in log_lines() if line["event"] == "retention.run"]
    assert [run["dry_run"] for run in runs] == [True, False]
    for run in runs:
        assert (run["threads"], run["items"], run["attachments"], run["uploads"]) == (
            EXPECTED.threads,
            EXPECTED.items,
            EXPECTED.attachments,
            EXPECTED.uploads,
        )
        assert run["cutoff"] == (scene.now - RETENTION).isoformat()
        assert run["duration_ms"] >= 0


async def test_dry_run_only_counts(
    engine: AsyncEngine, sessions: Sessions, blobs: LocalDirectoryBlobs, scene: Scene
) -> None:
    before = await row_counts(sessions)

    report = await purge_expired_threads(
        engine, blobs, older_than=RETENTION, now=scene.now, dry_run=True
    )

    assert report.dry_run
    assert report.deleted == EXPECTED
    assert await row_counts(sessions) == before
    assert len(await stored_files(blobs, scene.files_deleted)) == len(scene.files_deleted)


async def test_purge_works_in_batches(
    engine: AsyncEngine, sessions: Sessions, blobs: LocalDirectoryBlobs, scene: Scene
) -> None:
    report = await purge_expired_threads(
        engine, blobs, older_than=RETENTION, now=scene.now, batch_size=2
    )

    assert report.deleted == EXPECTED
    assert await thread_ids(sessions) == scene.kept
    assert await orphan_count(sessions) == 0
    assert await stored_files(blobs, scene.files_deleted) == set()
    again = await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now)
    assert again.deleted == Deleted()


async def test_a_file_already_gone_is_fine(
    engine: AsyncEngine, blobs: LocalDirectoryBlobs, scene: Scene
) -> None:
    await blobs.delete(blob_key("t2", "atc_thr_old_0"))

    report = await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now)

    assert report.deleted == EXPECTED


async def test_new_activity_keeps_an_old_thread(
    engine: AsyncEngine,
    store: SqlStore,
    sessions: Sessions,
    blobs: LocalDirectoryBlobs,
    make_context: MakeContext,
    scene: Scene,
) -> None:
    # thr_old_1 belongs to tenant t1 (see the scene); a new message makes it recent.
    message = user_message("msg_new", "thr_old_1", "Still here")
    await store.add_thread_item("thr_old_1", message, make_context(tenant="t1"))

    report = await purge_expired_threads(engine, blobs, older_than=RETENTION, now=scene.now)

    assert report.deleted.threads == 4
    assert await thread_ids(sessions) == scene.kept | {"thr_old_1"}
    assert await has_file(blobs, "t1", "atc_thr_old_1")


async def test_deleting_a_thread_cascades_to_its_items_and_attachments(
    sessions: Sessions, scene: Scene
) -> None:
    """The schema's ON DELETE CASCADE is in force{% if cookiecutter.database == 'sqlite' %} (SQLite ignores it without the
    foreign_keys pragma on the connection){% endif %}: a bare DELETE leaves no orphans."""
    threads, items, attachments = await row_counts(sessions)
    async with sessions.begin() as session:
        await session.execute(delete(ThreadRow).where(ThreadRow.id.in_(scene.expired)))

    assert await row_counts(sessions) == (threads - 5, items - 10, attachments - 5)
    assert await orphan_count(sessions) == 0


@pytest.mark.parametrize(
    ("older_than", "batch_size"), [(timedelta(0), 500), (timedelta(days=-1), 500), (RETENTION, 0)]
)
async def test_purge_refuses_nonsense(
    engine: AsyncEngine, blobs: LocalDirectoryBlobs, older_than: timedelta, batch_size: int
) -> None:
    with pytest.raises(ValueError):
        await purge_expired_threads(engine, blobs, older_than=older_than, batch_size=batch_size)
{%- if cookiecutter.database == 'postgres' %}


class HeldBlobs(LocalDirectoryBlobs):
    """Blob storage whose first delete waits until the test lets it go on."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.deleting = asyncio.Event()
        self.go_on = asyncio.Event()

    async def delete(self, key: str) -> None:
        self.deleting.set()
        await self.go_on.wait()
        await super().delete(key)


async def test_a_second_purge_skips_while_the_first_runs(
    engine: AsyncEngine, sessions: Sessions, tmp_path: Path, scene: Scene
) -> None:
    held = HeldBlobs(tmp_path / "attachments")
    first = asyncio.create_task(
        purge_expired_threads(engine, held, older_than=RETENTION, now=scene.now, batch_size=1)
    )
    await asyncio.wait_for(held.deleting.wait(), timeout=10)

    second = await purge_expired_threads(engine, held, older_than=RETENTION, now=scene.now)

    assert second.skipped
    assert second.deleted == Deleted()
    held.go_on.set()
    report = await asyncio.wait_for(first, timeout=10)
    assert not report.skipped
    assert report.deleted == EXPECTED
    # The lock was released: the next run goes ahead (and finds nothing left).
    third = await purge_expired_threads(engine, held, older_than=RETENTION, now=scene.now)
    assert not third.skipped
    assert third.deleted == Deleted()
{%- endif %}
