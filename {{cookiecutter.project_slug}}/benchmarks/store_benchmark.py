"""Store benchmark: page latency at scale and retention purge throughput.

Not a test: run it by hand (``make bench-store``) before a release or after a schema change.
It fills scratch databases through the project's own migrations, ``Payloads`` and tables,
so rows are as large as the app's (encrypted when the app encrypts), then times the Store's
real code paths:

- ``items.list`` (``SqlStore.load_thread_items``) and ``threads.list``
  (``SqlStore.load_threads``): pages of 20 rows and of 100 (the clamp), ascending and
  descending; the first page, the next one and a deep one (both through a cursor); p50 and
  p95 over ``--repeat`` calls, on a probe thread and a probe user, the same in every fill.
  A cursor page should cost about one indexed lookup more than the first page, however deep;
- the same pages on a small fill (``--small-fraction`` of the background threads, the same
  probes): the full/small ratio stays near 1 while indexes and keyset pagination work;
- ``purge_expired_threads`` on the full fill, where ``--expire-share`` of the threads have
  been inactive for longer than the retention period: threads and items deleted per second.

{% if cookiecutter.database == 'postgres' -%}
The databases are created on the PostgreSQL server named by ``DATABASE_URL`` (environment,
else ``.env``) under new names, and dropped afterwards; the app's own database is never
read or written. The user needs the right to create databases.
{%- else -%}
The databases are files in a new temporary directory (``TMPDIR``), removed afterwards;
``DATABASE_URL`` is not read, so the app's own database is never touched.
{%- endif %}

    make bench-store                                            # 100,000 threads, 1,000,000 items
    make bench-store BENCH_ARGS="--threads 10000 --repeat 20"   # a quick run
"""

import argparse
import asyncio
import functools
import math
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from chatkit.store import StoreItemType
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    FileAttachment,
    InferenceOptions,
    ThreadItem,
    ThreadMetadata,
    UserMessageItem,
    UserMessageTextContent,
)
from scratch import scratch_database
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store.blobs import LocalDirectoryBlobs, blob_key
{% if cookiecutter.encryption == 'aes_gcm' -%}
from {{ cookiecutter.package_name }}.store.crypto import Cipher, new_key_entry
{% endif -%}
from {{ cookiecutter.package_name }}.store.database import Transactions, create_engine
from {{ cookiecutter.package_name }}.store.payloads import Payloads
from {{ cookiecutter.package_name }}.store.retention import purge_expired_threads
from {{ cookiecutter.package_name }}.store.sql_store import ID_PREFIXES, MAX_PAGE_SIZE, SqlStore
from {{ cookiecutter.package_name }}.store.tables import AttachmentRow, ThreadItemRow, ThreadRow

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENCRYPTION = "{{ cookiecutter.encryption }}"
# Threads are purged after this much inactivity; the fill dates the stale ones well before.
RETENTION = timedelta(days=30)
# Background threads (with their items) written per transaction.
FILL_BATCH_THREADS = 2_000
PAGE_SIZES = (20, MAX_PAGE_SIZE)
# The first page; the next one (through a cursor); a deep one, 90% of the way in.
POSITIONS = ("first", "2nd", "deep")
WARMUP_ROUNDS = 3
# Flagged ratios: a page whose latency differs between the full fill and the small one (by
# this factor either way: faster on the small fill is as suspect, a plan that depends on the
# data), and a cursor page much slower than the first page (it costs one lookup more).
FLAT_RATIO = 1.5
CURSOR_RATIO = 2.0
PROBE_TENANT = "tenant-000"
PROBE_USER = "probe-user"
WORDS = (
    "the a to of and in is it you that for on with as this be are can your will what time "
    "when zone meeting report draft please thanks summary order invoice account customer "
    "update schedule question answer release deploy service error request response data "
    "table user team project plan week today tomorrow morning evening europe paris tokyo "
    "change review check list item note number total price delivery status ticket support"
).split()


@dataclass(frozen=True)
class Shape:
    """What one fill writes: background threads plus the probe user and probe thread."""

    threads: int
    items_per_thread: int
    tenants: int
    users_per_tenant: int
    probe_threads: int
    probe_items: int
    expire_share: float
    attachment_share: float


@dataclass
class Fill:
    """What a fill wrote, and the ids the measurements page through (ascending order)."""

    threads: int = 0
    items: int = 0
    attachments: int = 0
    thread_bytes: int = 0
    item_bytes: int = 0
    stale_threads: int = 0
    stale_items: int = 0
    stale_attachments: int = 0
    encode_seconds: float = 0.0
    insert_seconds: float = 0.0
    settle_seconds: float = 0.0
    size_bytes: int = 0
    probe_thread_ids: list[str] = field(default_factory=list)
    probe_item_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    op: str
    limit: int
    position: str
    order: str


CASES = tuple(
    Case(op, limit, position, order)
    for op in ("items.list", "threads.list")
    for limit in PAGE_SIZES
    for position in POSITIONS
    for order in ("asc", "desc")
)


@dataclass(frozen=True)
class Purged:
    threads: int
    items: int
    attachments: int
    seconds: float


@dataclass
class Run:
    """One scratch database and what was written to it."""

    label: str
    url: str
    blobs: LocalDirectoryBlobs
    fill: Fill = field(default_factory=Fill)


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    _use_utc()
    payloads = _payloads()
    full = Shape(
        threads=options.threads,
        items_per_thread=options.items_per_thread,
        tenants=options.tenants,
        users_per_tenant=options.users_per_tenant,
        probe_threads=options.probe_threads,
        probe_items=options.probe_items,
        expire_share=options.expire_share,
        attachment_share=options.attachment_share,
    )
    small = replace(full, threads=max(1, round(full.threads * options.small_fraction)))
    shapes = {"small": small, "full": full}
    labels = {"small": f"small ({options.small_fraction:.0%})", "full": "full"}
    runs: dict[str, Run] = {}
    with ExitStack() as stack:
        for name in shapes:
            url = stack.enter_context(scratch_database(name))
            files = stack.enter_context(
                tempfile.TemporaryDirectory(prefix=f"store-bench-{name}-files-")
            )
            command.upgrade(_alembic_config(url), "head")
            runs[name] = Run(labels[name], url, LocalDirectoryBlobs(Path(files)))
        asyncio.run(_benchmark(runs, shapes, payloads, options))
    return 0


async def _benchmark(
    runs: dict[str, Run], shapes: dict[str, Shape], payloads: Payloads, options: argparse.Namespace
) -> None:
    """Fill both databases, time their pages side by side, then purge the full one.

    The two fills are measured round-robin, so that load from elsewhere on the machine
    weighs on both alike and the full/small ratio stays meaningful.
    """
    engines = {name: create_engine(run.url) for name, run in runs.items()}
    transactions: list[Transactions] = []
    try:
        async with engines["full"].connect():  # the server's version is known once connected
            pass
        _print_header(shapes["full"], engines["full"])
        stores: dict[str, SqlStore] = {}
        for name, run in runs.items():
            engine = engines[name]
            run.fill = await _fill(engine, shapes[name], payloads, run.blobs, options.seed, name)
            started = time.perf_counter()
            await settle(engine)
            run.fill.settle_seconds = time.perf_counter() - started
            run.fill.size_bytes = await database_size(engine, run.url)
            _print_fill(run.label, run.fill)
            transactions.append(Transactions(engine))
            stores[name] = SqlStore(transactions[-1], payloads, blobs=run.blobs)
        fills = {name: run.fill for name, run in runs.items()}
        _print_latencies(await _measure(stores, fills, options.repeat), options.repeat)
        full = runs["full"]
        _print_purge(await _purge(engines["full"], full.blobs, full.fill), full.fill)
    finally:
        for each in transactions:
            await each.close()
        for engine in engines.values():
            await engine.dispose()


# Filling


class RowMaker:
    """Rows as the Store writes them, from SDK objects encoded by the app's ``Payloads``."""

    def __init__(self, payloads: Payloads, seed: int) -> None:
        self.payloads = payloads
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self.user_texts = [self._text(20, 400) for _ in range(500)]
        self.assistant_texts = [self._text(200, 2_000) for _ in range(500)]
        self.titles = [self._text(15, 60) for _ in range(200)]

    def _text(self, shortest: int, longest: int) -> str:
        length = self.rng.randint(shortest, longest)
        words: list[str] = []
        while sum(map(len, words)) + len(words) < length:
            words.append(self.rng.choice(WORDS))
        return " ".join(words)[:length].capitalize()

    def new_id(self, kind: StoreItemType) -> str:
        return f"{ID_PREFIXES[kind]}_{self.rng.getrandbits(128):032x}"

    def thread(
        self, tenant: str, user: str, thread_id: str, created: datetime, updated: datetime
    ) -> dict[str, Any]:
        title = self.rng.choice(self.titles)
        metadata = ThreadMetadata(id=thread_id, title=title, created_at=created)
        return {
            "tenant_id": tenant,
            "id": thread_id,
            "user_id": user,
            "created_at": created,
            "updated_at": updated,
            "data": self.payloads.encode_thread(tenant, metadata),
        }

    def attachment(
        self, tenant: str, user: str, thread_id: str, created: datetime
    ) -> tuple[FileAttachment, dict[str, Any], bytes]:
        """An attached file: the SDK object, its row, and its bytes as blob storage holds them."""
        attachment_id = self.new_id("attachment")
        attachment = FileAttachment(
            id=attachment_id, name="notes.txt", mime_type="text/plain", thread_id=thread_id
        )
        row = {
            "tenant_id": tenant,
            "id": attachment_id,
            "user_id": user,
            "thread_id": thread_id,
            "created_at": created,
            "data": self.payloads.encode_attachment(tenant, attachment),
        }
        content = self.rng.randbytes(self.rng.randint(2_000, 8_000))
        return attachment, row, self.payloads.encode_file(tenant, attachment_id, content)

    def item(
        self,
        tenant: str,
        thread_id: str,
        index: int,
        created: datetime,
        attachments: Sequence[FileAttachment] = (),
    ) -> dict[str, Any]:
        item_id = self.new_id("message")
        item: ThreadItem
        if index % 2 == 0:
            item = UserMessageItem(
                id=item_id,
                thread_id=thread_id,
                created_at=created,
                content=[UserMessageTextContent(text=self.rng.choice(self.user_texts))],
                attachments=list(attachments),
                inference_options=InferenceOptions(),
            )
        else:
            item = AssistantMessageItem(
                id=item_id,
                thread_id=thread_id,
                created_at=created,
                content=[AssistantMessageContent(text=self.rng.choice(self.assistant_texts))],
            )
        return {
            "tenant_id": tenant,
            "thread_id": thread_id,
            "id": item_id,
            "created_at": created,
            "data": self.payloads.encode_item(tenant, thread_id, item),
        }


async def _fill(
    engine: AsyncEngine,
    shape: Shape,
    payloads: Payloads,
    blobs: LocalDirectoryBlobs,
    seed: int,
    label: str,
) -> Fill:
    """Write the fill in batches, each one transaction of executemany inserts.

    Background threads belong to random users of random tenants; a share of them was last
    active before the retention period, and a share has an attached file in its first
    message. The probe user's threads and the probe thread's items are spread over all
    batches, as activity over time would spread them on disk.
    """
    now = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as the SDK stamps items
    rows = RowMaker(payloads, seed)
    fill = Fill()
    batches = max(1, math.ceil(shape.threads / FILL_BATCH_THREADS))
    year = timedelta(days=365)
    # The probe user's threads, one every few hours over the past year; the first one is
    # the probe thread, whose items follow one another over the same year.
    start = now - year
    thread_step = (year - timedelta(days=1)) / shape.probe_threads
    item_step = (year - timedelta(days=2)) / shape.probe_items
    fill.probe_thread_ids = [rows.new_id("thread") for _ in range(shape.probe_threads)]
    probe_thread = fill.probe_thread_ids[0]
    progress_every = max(1, batches // 10)
    for batch in range(batches):
        started = time.perf_counter()
        threads: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        attachments: list[dict[str, Any]] = []
        files: dict[str, bytes] = {}
        for index in _share(shape.probe_threads, batches, batch):
            created = start + thread_step * index
            thread_id = fill.probe_thread_ids[index]
            threads.append(
                rows.thread(PROBE_TENANT, PROBE_USER, thread_id, created, now - timedelta(hours=1))
            )
            if thread_id != probe_thread:
                for position in range(shape.items_per_thread):
                    created_item = created + timedelta(minutes=position + 1)
                    items.append(rows.item(PROBE_TENANT, thread_id, position, created_item))
        for position in _share(shape.probe_items, batches, batch):
            item = rows.item(
                PROBE_TENANT, probe_thread, position, start + item_step * (position + 1)
            )
            items.append(item)
            fill.probe_item_ids.append(item["id"])
        first = batch * FILL_BATCH_THREADS
        for _ in range(first, min(first + FILL_BATCH_THREADS, shape.threads)):
            tenant = f"tenant-{rows.rng.randrange(shape.tenants):03d}"
            user = f"user-{rows.rng.randrange(shape.users_per_tenant):04d}"
            thread_id = rows.new_id("thread")
            stale = rows.rng.random() < shape.expire_share
            if stale:  # last active between 90 days and a year ago
                created = now - timedelta(days=rows.rng.uniform(90, 365))
            else:
                created = now - timedelta(days=rows.rng.uniform(1, 365))
            attached: list[FileAttachment] = []
            if rows.rng.random() < shape.attachment_share:
                attachment, row, content = rows.attachment(tenant, user, thread_id, created)
                attached.append(attachment)
                attachments.append(row)
                files[blob_key(tenant, attachment.id)] = content
                fill.stale_attachments += stale
            created_item = created
            for position in range(shape.items_per_thread):
                created_item += timedelta(seconds=rows.rng.uniform(5, 300))
                first_message = attached if position == 0 else ()
                items.append(rows.item(tenant, thread_id, position, created_item, first_message))
            updated = created_item
            if not stale:  # active within the retention period
                updated = max(created_item, now - timedelta(days=rows.rng.uniform(0, 29)))
            threads.append(rows.thread(tenant, user, thread_id, created, updated))
            fill.stale_threads += stale
            fill.stale_items += stale * shape.items_per_thread
        encoded = time.perf_counter()
        async with engine.begin() as connection:
            await connection.execute(insert(ThreadRow), threads)
            await connection.execute(insert(ThreadItemRow), items)
            if attachments:
                await connection.execute(insert(AttachmentRow), attachments)
        for key, content in files.items():
            await blobs.put(key, content)
        fill.encode_seconds += encoded - started
        fill.insert_seconds += time.perf_counter() - encoded
        fill.threads += len(threads)
        fill.items += len(items)
        fill.attachments += len(attachments)
        fill.thread_bytes += sum(len(row["data"]) for row in threads)
        fill.item_bytes += sum(len(row["data"]) for row in items)
        if batches > 1 and (batch + 1) % progress_every == 0:
            print(
                f"  {label}: {batch + 1}/{batches} batches, {fill.items:,} items",
                file=sys.stderr,
                flush=True,
            )
    return fill


def _share(total: int, parts: int, part: int) -> range:
    """The indexes of ``part`` when ``total`` indexes are cut into ``parts`` even runs."""
    return range(total * part // parts, total * (part + 1) // parts)


# Measuring


def _deep_depth(count: int) -> int:
    """How many rows a deep page's cursor is in: 90% of the way, leaving a full page."""
    return min(count * 9 // 10, count - MAX_PAGE_SIZE - 1)


async def _measure(
    stores: dict[str, SqlStore], fills: dict[str, Fill], repeat: int
) -> dict[str, dict[Case, list[float]]]:
    """Time every case on every fill ``repeat`` times, round-robin, after a warm-up."""
    context = RequestContext(
        user_id=PROBE_USER, tenant_id=PROBE_TENANT, locale="en", request_id="store-benchmark"
    )
    calls: dict[tuple[str, Case], Callable[[], Awaitable[Any]]] = {}
    for name, store in stores.items():
        fill = fills[name]
        for case in CASES:
            ids = fill.probe_item_ids if case.op == "items.list" else fill.probe_thread_ids
            ordered = ids if case.order == "asc" else ids[::-1]
            depth = {"first": 0, "2nd": case.limit, "deep": _deep_depth(len(ids))}[case.position]
            after = ordered[depth - 1] if depth else None
            call: Callable[[], Awaitable[Any]]
            if case.op == "items.list":
                probe_thread = fill.probe_thread_ids[0]
                call = functools.partial(
                    store.load_thread_items, probe_thread, after, case.limit, case.order, context
                )
            else:
                call = functools.partial(store.load_threads, case.limit, after, case.order, context)
            page = await call()
            expected = ordered[depth : depth + case.limit]
            if [row.id for row in page.data] != expected or not page.has_more:
                raise SystemExit(f"{name} {case}: the Store returned an unexpected page")
            calls[name, case] = call
    latencies: dict[str, dict[Case, list[float]]] = {name: {} for name in stores}
    for round_ in range(WARMUP_ROUNDS + repeat):
        for (name, case), call in calls.items():
            started = time.perf_counter()
            await call()
            if round_ >= WARMUP_ROUNDS:
                latencies[name].setdefault(case, []).append(time.perf_counter() - started)
    return latencies


def _percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


async def _purge(engine: AsyncEngine, blobs: LocalDirectoryBlobs, fill: Fill) -> Purged:
    """The retention job as the CLI runs it, checked against what the fill made stale."""
    started = time.perf_counter()
    report = await purge_expired_threads(engine, blobs, older_than=RETENTION)
    elapsed = time.perf_counter() - started
    deleted = report.deleted
    purged = Purged(deleted.threads, deleted.items, deleted.attachments, elapsed)
    expected = (fill.stale_threads, fill.stale_items, fill.stale_attachments)
    files_left = sum(1 for path in blobs.root.rglob("*") if path.is_file())
    if (purged.threads, purged.items, purged.attachments) != expected or (
        files_left != fill.attachments - fill.stale_attachments
    ):
        raise SystemExit(f"purge: deleted {purged}, {files_left} files left; expected {expected}")
    return purged


# Reporting


def _print_header(shape: Shape, engine: AsyncEngine) -> None:
    version = ".".join(map(str, engine.dialect.server_version_info or ()))
    print(
        f"Store benchmark: {engine.dialect.name} {version}, encryption {ENCRYPTION}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print(
        f"Background threads: {shape.items_per_thread} items each, {shape.tenants} tenants x "
        f"{shape.users_per_tenant} users, {shape.expire_share:.0%} stale, "
        f"{shape.attachment_share:.0%} with a file."
    )
    print(
        f"Probe: a user with {shape.probe_threads:,} threads (deep page "
        f"{_deep_depth(shape.probe_threads):,} in), a thread with {shape.probe_items:,} items "
        f"(deep page {_deep_depth(shape.probe_items):,} in)."
    )
    print()
    print(
        f"{'fill':<12}{'threads':>10}{'items':>12}{'thread B':>10}{'item B':>8}"
        f"{'encode s':>10}{'insert s':>10}{'rows/s':>9}{'settle s':>10}{'size MB':>9}"
    )


def _print_fill(label: str, fill: Fill) -> None:
    rows_per_second = (fill.threads + fill.items) / max(fill.insert_seconds, 1e-9)
    print(
        f"{label:<12}{fill.threads:>10,}{fill.items:>12,}"
        f"{fill.thread_bytes // max(fill.threads, 1):>10}{fill.item_bytes // max(fill.items, 1):>8}"
        f"{fill.encode_seconds:>10.1f}{fill.insert_seconds:>10.1f}{rows_per_second:>9,.0f}"
        f"{fill.settle_seconds:>10.1f}{fill.size_bytes / 1e6:>9,.0f}",
        flush=True,
    )


def _print_latencies(latencies: dict[str, dict[Case, list[float]]], repeat: int) -> None:
    small, full = latencies["small"], latencies["full"]
    print()
    print(
        f"Page latency in ms: p50 and p95 of {repeat} calls per page "
        f"(both fills round-robin, after {WARMUP_ROUNDS} warm-up rounds)"
    )
    print(
        f"{'operation':<14}{'rows':>5}  {'page':<6}{'order':<6}"
        f"{'small p50':>10}{'p95':>8}{'full p50':>10}{'p95':>8}{'full/small':>12}{'vs first':>10}"
    )
    worst_growth = worst_cursor = 1.0
    for case in CASES:
        small_p50 = _percentile(small[case], 0.5) * 1000
        full_p50 = _percentile(full[case], 0.5) * 1000
        growth = full_p50 / small_p50
        worst_growth = max(worst_growth, growth, 1 / growth)
        flagged = max(growth, 1 / growth) > FLAT_RATIO
        line = (
            f"{case.op:<14}{case.limit:>5}  {case.position:<6}{case.order:<6}"
            f"{small_p50:>10.2f}{_percentile(small[case], 0.95) * 1000:>8.2f}"
            f"{full_p50:>10.2f}{_percentile(full[case], 0.95) * 1000:>8.2f}"
            f"{growth:>10.2f}{'!' if flagged else ' ':<2}"
        )
        if case.position != "first":
            first = _percentile(full[replace(case, position="first")], 0.5) * 1000
            cursor = full_p50 / first
            worst_cursor = max(worst_cursor, cursor)
            line += f"{cursor:>8.2f}{' !' if cursor > CURSOR_RATIO else ''}"
        print(line.rstrip())
    print(
        f"Largest full/small difference {worst_growth:.2f}x: "
        + ("flat as the tables grow" if worst_growth <= FLAT_RATIO else "NOT flat (!)")
    )
    print(
        f"Largest cursor page / first page ratio {worst_cursor:.2f}: "
        + ("cursors cost little" if worst_cursor <= CURSOR_RATIO else "cursor pages are slow (!)")
    )


def _print_purge(purged: Purged, fill: Fill) -> None:
    print()
    print(
        f"Purge of {purged.threads:,} of {fill.threads:,} threads ({purged.items:,} items, "
        f"{purged.attachments:,} attachments and their files), inactive for over "
        f"{RETENTION.days} days: {purged.seconds:.1f} s, "
        f"{purged.threads / purged.seconds:,.0f} threads/s, "
        f"{purged.items / purged.seconds:,.0f} items/s"
    )


# Set-up


def _payloads() -> Payloads:
{%- if cookiecutter.encryption == 'aes_gcm' %}
    # A fresh key: the rows are sealed exactly as the app seals them, with a throwaway key.
    return Payloads(Cipher.from_setting(new_key_entry("bench")))
{%- else %}
    return Payloads()
{%- endif %}


def _alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def _use_utc() -> None:
    # ChatKit stamps items with naive datetime.now(); the app runs in UTC, so does this.
    os.environ["TZ"] = "UTC"
    time.tzset()
{% if cookiecutter.database == 'postgres' %}

async def settle(engine: AsyncEngine) -> None:
    """VACUUM ANALYZE, as autovacuum does after a bulk load: statistics, visibility map."""
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.exec_driver_sql("SET statement_timeout = 0")
        await connection.exec_driver_sql("VACUUM ANALYZE")


async def database_size(engine: AsyncEngine, url: str) -> int:
    async with engine.connect() as connection:
        size = await connection.exec_driver_sql("SELECT pg_database_size(current_database())")
        return int(size.scalar_one())
{%- else %}

async def settle(engine: AsyncEngine) -> None:
    """Fold the write-ahead log into the database file, as checkpoints do over time.

    No ANALYZE: the app never runs it, so its queries must do well without statistics.
    """
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


async def database_size(engine: AsyncEngine, url: str) -> int:
    path = Path(url.removeprefix("sqlite+aiosqlite:///"))
    return sum(file.stat().st_size for file in path.parent.glob(path.name + "*"))
{%- endif %}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="store_benchmark",
        description="Fill scratch databases; time Store pages and the retention purge.",
    )
    parser.add_argument(
        "--threads", type=_positive_int, default=100_000, help="background threads (100,000)"
    )
    parser.add_argument(
        "--items-per-thread", type=_positive_int, default=10, help="items per thread (10)"
    )
    parser.add_argument(
        "--repeat", type=_positive_int, default=100, help="timed calls per page (100)"
    )
    parser.add_argument("--tenants", type=_positive_int, default=10, help="tenants (10)")
    parser.add_argument(
        "--users-per-tenant", type=_positive_int, default=100, help="users per tenant (100)"
    )
    parser.add_argument(
        "--probe-threads",
        type=_probe_size,
        default=10_000,
        help="threads of the probe user, whose threads.list pages are timed (10,000)",
    )
    parser.add_argument(
        "--probe-items",
        type=_probe_size,
        default=10_000,
        help="items of the probe thread, whose items.list pages are timed (10,000)",
    )
    parser.add_argument(
        "--small-fraction",
        type=_fraction,
        default=0.01,
        help="background threads of the small fill, as a share of --threads (0.01)",
    )
    parser.add_argument(
        "--expire-share",
        type=_proportion,
        default=0.5,
        help="share of background threads inactive for longer than the retention (0.5)",
    )
    parser.add_argument(
        "--attachment-share",
        type=_proportion,
        default=0.05,
        help="share of background threads with an attached file (0.05)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the fill (1)")
    return parser


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


def _probe_size(value: str) -> int:
    number = int(value)
    if number < 4 * MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(f"must be at least {4 * MAX_PAGE_SIZE}")
    return number


def _fraction(value: str) -> float:
    number = float(value)
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError("must be in (0, 1]")
    return number


def _proportion(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("must be in [0, 1]")
    return number


if __name__ == "__main__":
    sys.exit(main())
