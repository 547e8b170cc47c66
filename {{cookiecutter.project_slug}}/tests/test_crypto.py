"""Encryption at rest: the cipher, what reaches the database file, and key rotation."""

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store import (
    Cipher,
    DecryptionError,
    SqlStore,
    reencrypt_rows,
)
from {{ cookiecutter.package_name }}.store.crypto import new_key_entry, parse_key_ring
from {{ cookiecutter.package_name }}.store.tables import (
    AttachmentRow,
    ThreadItemRow,
    ThreadRow,
)

from .store_support import file_attachment, new_thread, user_message

MakeContext = Callable[..., RequestContext]
Sessions = async_sessionmaker[AsyncSession]

# The cipher


def test_seal_and_open_round_trip(cipher: Cipher) -> None:
    blob = cipher.seal(b"hello", "t1/thr_1/msg_1")

    assert cipher.open(blob, "t1/thr_1/msg_1") == b"hello"
    assert cipher.key_id(blob) == "k1"
    assert cipher.seal(b"hello", "t1/thr_1/msg_1") != blob  # a fresh nonce every time


def test_blob_only_opens_for_its_own_row(cipher: Cipher) -> None:
    blob = cipher.seal(b"hello", "t1/thr_1/msg_1")

    with pytest.raises(DecryptionError):
        cipher.open(blob, "t1/thr_1/msg_2")
    with pytest.raises(DecryptionError):
        cipher.open(blob, "t2/thr_1/msg_1")


def test_tampered_blob_fails(cipher: Cipher) -> None:
    blob = bytearray(cipher.seal(b"hello", "aad"))
    blob[-1] ^= 1

    with pytest.raises(DecryptionError):
        cipher.open(bytes(blob), "aad")


def test_first_key_of_the_ring_encrypts_and_all_decrypt() -> None:
    old = new_key_entry("k1")
    old_blob = Cipher.from_setting(old).seal(b"before", "aad")
    ring = Cipher.from_setting(f"{new_key_entry('k2')},{old}")

    assert ring.primary_kid == "k2"
    assert ring.key_id(ring.seal(b"after", "aad")) == "k2"
    assert ring.open(old_blob, "aad") == b"before"


@pytest.mark.parametrize(
    "setting",
    [
        "",
        "k1",
        "k1:not-base64!",
        "k1:c2hvcnQ=",
        "bad kid:" + new_key_entry("k").split(":")[1],
        f"{new_key_entry('k1')},{new_key_entry('k1')}",
    ],
    ids=["empty", "no-key", "not-base64", "short-key", "bad-kid", "duplicate-kid"],
)
def test_bad_key_rings_are_refused(setting: str) -> None:
    with pytest.raises(ValueError, match="ENCRYPTION_KEYS"):
        parse_key_ring(setting)


# What the Store writes


async def test_database_file_holds_no_plaintext(
    store: SqlStore, engine: AsyncEngine, database_url: str, make_context: MakeContext
) -> None:
    context = make_context()
    markers = ["Title-7f3a1c-secret", "Message-b2e9d4-secret", "File-c81f55-secret.pdf"]
    await store.save_thread(new_thread("thr_plain", title=markers[0]), context)
    await store.add_thread_item(
        "thr_plain", user_message("msg_plain", "thr_plain", markers[1]), context
    )
    await store.save_attachment(
        file_attachment("atc_plain", name=markers[2], thread_id="thr_plain"), context
    )
    database = Path(str(make_url(database_url).database))
    wal = database.with_name(database.name + "-wal")

    def raw_bytes() -> bytes:
        return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    before_checkpoint = await asyncio.to_thread(raw_bytes)
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    after_checkpoint = await asyncio.to_thread(raw_bytes)

    # Ids stay in clear, which shows these are the right bytes.
    assert b"thr_plain" in before_checkpoint
    assert b"thr_plain" in after_checkpoint
    for marker in markers:
        assert marker.encode() not in before_checkpoint
        assert marker.encode() not in after_checkpoint


async def test_item_blob_copied_to_another_row_fails(
    store: SqlStore, sessions: Sessions, make_context: MakeContext
) -> None:
    context = make_context()
    await store.save_thread(new_thread("thr_1"), context)
    await store.add_thread_item("thr_1", user_message("msg_a", "thr_1", "A"), context)
    await store.add_thread_item("thr_1", user_message("msg_b", "thr_1", "B"), context)
    async with sessions.begin() as session:
        blob = await session.scalar(select(ThreadItemRow.data).where(ThreadItemRow.id == "msg_a"))
        await session.execute(
            update(ThreadItemRow).where(ThreadItemRow.id == "msg_b").values(data=blob)
        )

    with pytest.raises(DecryptionError):
        await store.load_item("thr_1", "msg_b", context)


async def test_thread_blob_copied_to_another_tenant_fails(
    store: SqlStore, sessions: Sessions, make_context: MakeContext
) -> None:
    first, second = make_context(tenant="t1"), make_context(tenant="t2")
    await store.save_thread(new_thread("thr_1", title="t1's"), first)
    await store.save_thread(new_thread("thr_1", title="t2's"), second)
    async with sessions.begin() as session:
        blob = await session.scalar(select(ThreadRow.data).where(ThreadRow.tenant_id == "t1"))
        await session.execute(
            update(ThreadRow).where(ThreadRow.tenant_id == "t2").values(data=blob)
        )

    with pytest.raises(DecryptionError):
        await store.load_thread("thr_1", second)


async def test_unknown_key_id_fails(
    store: SqlStore, sessions: Sessions, make_context: MakeContext
) -> None:
    context = make_context()
    await store.save_thread(new_thread("thr_1"), context)
    stranger = SqlStore(sessions, Cipher.from_setting(new_key_entry("k9")))

    with pytest.raises(DecryptionError, match="no key 'k1'"):
        await stranger.load_thread("thr_1", context)


# Key rotation


async def test_rotation_moves_every_row_to_the_new_key(
    store: SqlStore, sessions: Sessions, cipher: Cipher, make_context: MakeContext
) -> None:
    context = make_context()
    for index in range(3):
        thread_id = f"thr_{index}"
        await store.save_thread(new_thread(thread_id, title=f"Title {index}"), context)
        for item in range(2):
            message = user_message(f"msg_{index}_{item}", thread_id, f"Text {item}")
            await store.add_thread_item(thread_id, message, context)
    await store.save_attachment(file_attachment("atc_1", thread_id="thr_0"), context)
    await store.save_attachment(file_attachment("atc_2"), context)
    threads_before = await store.load_threads(10, None, "asc", context)
    items_before = await store.load_thread_items("thr_2", None, 10, "asc", context)
    attachment_before = await store.load_attachment("atc_1", context)

    new_key = Cipher.from_setting(new_key_entry("k2"))
    rotated = Cipher({**new_key.keys, **cipher.keys})
    assert await reencrypt_rows(sessions, rotated, batch_size=2) == 3 + 6 + 2
    assert await reencrypt_rows(sessions, rotated, batch_size=2) == 0

    async with sessions() as session:
        blobs = [
            *(await session.scalars(select(ThreadRow.data))).all(),
            *(await session.scalars(select(ThreadItemRow.data))).all(),
            *(await session.scalars(select(AttachmentRow.data))).all(),
        ]
    assert {Cipher.key_id(blob) for blob in blobs} == {"k2"}

    # The old key can go now.
    after = SqlStore(sessions, new_key)
    assert await after.load_threads(10, None, "asc", context) == threads_before
    assert await after.load_thread_items("thr_2", None, 10, "asc", context) == items_before
    assert await after.load_attachment("atc_1", context) == attachment_before
