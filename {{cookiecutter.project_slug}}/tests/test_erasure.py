"""Erasure: "delete my data" removes one user's threads, items, attachments and files in one
tenant, and tenant offboarding removes a tenant's; nobody else's data moves."""

from collections.abc import Callable

import pytest
from chatkit.store import NotFoundError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store.blobs import LocalDirectoryBlobs
from {{ cookiecutter.package_name }}.store.erasure import (
    Deleted,
    delete_tenant_data,
    delete_user_data,
)
from {{ cookiecutter.package_name }}.store.payloads import Payloads
from {{ cookiecutter.package_name }}.store.sql_store import SqlStore
from {{ cookiecutter.package_name }}.store.tables import AttachmentRow, ThreadRow

from .store_support import (
    file_attachment,
    has_file,
    new_thread,
    orphan_count,
    row_counts,
    store_file,
    user_message,
)

MakeContext = Callable[..., RequestContext]
Sessions = async_sessionmaker[AsyncSession]
# (tenant, user): alice in t1 is the one who asks; alice in t2 is someone else.
OWNERS = [("t1", "alice"), ("t1", "bob"), ("t2", "alice")]
ALICE_IN_T1 = Deleted(threads=2, items=4, attachments=2, uploads=1)


@pytest.fixture
async def people(
    store: SqlStore, blobs: LocalDirectoryBlobs, payloads: Payloads, make_context: MakeContext
) -> None:
    """Each owner: two threads with two items and an attachment each, and one upload that
    no message used; every attachment has its bytes stored. Ids repeat across owners."""
    for tenant, user in OWNERS:
        context = make_context(user=user, tenant=tenant)
        for index in range(2):
            thread_id = f"thr_{user}_{index}" if tenant == "t1" else f"thr_{index}"
            await store.save_thread(new_thread(thread_id, title="Private"), context)
            for item in range(2):
                message = user_message(f"msg_{item}", thread_id, "Private text")
                await store.add_thread_item(thread_id, message, context)
            attachment_id = f"atc_{user}_{index}"
            attachment = file_attachment(attachment_id, thread_id=thread_id)
            await store.save_attachment(attachment, context)
            await store_file(blobs, payloads, tenant, attachment_id, b"Private bytes")
        await store.save_attachment(file_attachment(f"atc_{user}_unsent"), context)
        await store_file(blobs, payloads, tenant, f"atc_{user}_unsent", b"Private bytes")


async def owners_left(sessions: Sessions) -> set[tuple[str, str]]:
    async with sessions() as session:
        threads = (await session.execute(select(ThreadRow.tenant_id, ThreadRow.user_id))).all()
        attachments = (
            await session.execute(select(AttachmentRow.tenant_id, AttachmentRow.user_id))
        ).all()
    return {tuple(row) for row in [*threads, *attachments]}


async def files_of(blobs: LocalDirectoryBlobs, tenant: str, user: str) -> int:
    ids = [f"atc_{user}_0", f"atc_{user}_1", f"atc_{user}_unsent"]
    return sum([await has_file(blobs, tenant, attachment_id) for attachment_id in ids])


@pytest.mark.usefixtures("people")
async def test_delete_user_removes_only_that_users_data_in_that_tenant(
    store: SqlStore, sessions: Sessions, blobs: LocalDirectoryBlobs, make_context: MakeContext
) -> None:
    report = await delete_user_data(sessions, blobs, tenant_id="t1", user_id="alice")

    assert report.deleted == ALICE_IN_T1
    assert (report.tenant_id, report.user_id, report.dry_run) == ("t1", "alice", False)
    assert await owners_left(sessions) == {("t1", "bob"), ("t2", "alice")}
    assert await row_counts(sessions) == (4, 8, 6)
    assert await orphan_count(sessions) == 0
    assert await files_of(blobs, "t1", "alice") == 0
    assert await files_of(blobs, "t1", "bob") == 3
    assert await files_of(blobs, "t2", "alice") == 3
    alice = make_context(user="alice", tenant="t1")
    assert (await store.load_threads(10, None, "asc", alice)).data == []
    with pytest.raises(NotFoundError):
        await store.load_attachment("atc_alice_unsent", alice)
    other_alice = make_context(user="alice", tenant="t2")
    assert len((await store.load_threads(10, None, "asc", other_alice)).data) == 2


@pytest.mark.usefixtures("people")
async def test_delete_user_dry_run_only_counts(
    sessions: Sessions, blobs: LocalDirectoryBlobs
) -> None:
    before = await row_counts(sessions)

    report = await delete_user_data(sessions, blobs, tenant_id="t1", user_id="alice", dry_run=True)

    assert report.dry_run
    assert report.deleted == ALICE_IN_T1
    assert await row_counts(sessions) == before
    assert await files_of(blobs, "t1", "alice") == 3


@pytest.mark.usefixtures("people")
async def test_delete_user_in_batches_and_again(
    sessions: Sessions, blobs: LocalDirectoryBlobs
) -> None:
    report = await delete_user_data(sessions, blobs, tenant_id="t1", user_id="alice", batch_size=1)
    again = await delete_user_data(sessions, blobs, tenant_id="t1", user_id="alice")

    assert report.deleted == ALICE_IN_T1
    assert again.deleted == Deleted()
    assert await owners_left(sessions) == {("t1", "bob"), ("t2", "alice")}


@pytest.mark.usefixtures("people")
async def test_delete_tenant_removes_the_tenant_and_nothing_else(
    sessions: Sessions, blobs: LocalDirectoryBlobs
) -> None:
    report = await delete_tenant_data(sessions, blobs, tenant_id="t1", batch_size=3)

    assert report.deleted == Deleted(threads=4, items=8, attachments=4, uploads=2)
    assert report.user_id is None
    assert await owners_left(sessions) == {("t2", "alice")}
    assert await orphan_count(sessions) == 0
    assert await files_of(blobs, "t1", "alice") + await files_of(blobs, "t1", "bob") == 0
    assert await files_of(blobs, "t2", "alice") == 3


async def test_erasure_refuses_an_empty_batch(
    sessions: Sessions, blobs: LocalDirectoryBlobs
) -> None:
    with pytest.raises(ValueError):
        await delete_user_data(sessions, blobs, tenant_id="t1", user_id="alice", batch_size=0)
