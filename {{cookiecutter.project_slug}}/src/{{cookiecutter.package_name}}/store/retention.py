"""Retention: delete what has been inactive for longer than the retention period.

Activity is ``threads.updated_at``, which every saved thread and item moves forward; an
attachment that no message used counts from its upload. The job works across all tenants
in batches (see ``erasure``): threads go with their items, attachment rows and attachment
bytes. It reads ids and counts only, never contents. Run it from cron or a scheduled job
(the CLI's ``purge``), once per deployment rather than once per worker.
{%- if cookiecutter.database == 'postgres' %} Should two runs
overlap anyway, the second one skips: an advisory lock lets one purge run at a time.
{%- endif %}
"""
{% if cookiecutter.database == 'postgres' %}
import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
{%- else %}
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine
{%- endif %}

from .blobs import BlobStore
{%- if cookiecutter.auth_style != 'jwt' %}
from .credentials import delete_credentials, stopped_working_before
{%- endif %}
from .database import create_session_factory
from .erasure import Deleted, erase
from .tables import AttachmentRow, ThreadRow, as_utc

logger = structlog.get_logger("chatkit.retention")
{%- if cookiecutter.database == 'postgres' %}

# The advisory lock held by a running purge: one fixed key per project and database.
RETENTION_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"{{ cookiecutter.project_slug }}:retention").digest()[:8], "big", signed=True
)
{%- endif %}


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What was deleted, or with ``dry_run`` what would have been.
{%- if cookiecutter.database == 'postgres' %}

    ``skipped``: another purge held the lock, so this one did nothing.
    """
{%- else %}"""
{%- endif %}

    cutoff: datetime
    dry_run: bool
    deleted: Deleted = field(default_factory=Deleted)
{%- if cookiecutter.auth_style == 'api_token' %}
    # API tokens that expired or were revoked before the cutoff.
    credentials: int = 0
{%- elif cookiecutter.auth_style == 'session' %}
    # Sessions whose absolute timeout passed before the cutoff.
    credentials: int = 0
{%- endif %}
{%- if cookiecutter.database == 'postgres' %}
    skipped: bool = False
{%- endif %}


async def purge_expired_threads(
    engine: AsyncEngine,
    blobs: BlobStore,
    *,
    older_than: timedelta,
    batch_size: int = 500,
    dry_run: bool = False,
    now: datetime | None = None,
) -> PurgeReport:
    """Delete every thread whose last activity is before ``now - older_than``, and every
    attachment uploaded before then that no message used."""
    if older_than <= timedelta(0):
        raise ValueError("older_than must be a positive duration")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff = as_utc(now or datetime.now(UTC)) - older_than
    started = time.perf_counter()
{%- if cookiecutter.database == 'postgres' %}
    async with _one_purge_at_a_time(engine) as acquired:
        if not acquired:
            logger.warning("retention.skipped", reason="another purge is running")
            return PurgeReport(cutoff=cutoff, dry_run=dry_run, skipped=True)
        deleted = await _purge(engine, blobs, cutoff, batch_size, dry_run)
{%- if cookiecutter.auth_style != 'jwt' %}
        credentials = await _purge_credentials(engine, cutoff, dry_run)
{%- endif %}
{%- else %}
    deleted = await _purge(engine, blobs, cutoff, batch_size, dry_run)
{%- if cookiecutter.auth_style != 'jwt' %}
    credentials = await _purge_credentials(engine, cutoff, dry_run)
{%- endif %}
{%- endif %}
    logger.info(
        "retention.run",
        dry_run=dry_run,
        cutoff=cutoff.isoformat(),
        threads=deleted.threads,
        items=deleted.items,
        attachments=deleted.attachments,
        uploads=deleted.uploads,
{%- if cookiecutter.auth_style != 'jwt' %}
        {{ 'api_tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }}=credentials,
{%- endif %}
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
{%- if cookiecutter.auth_style != 'jwt' %}
    return PurgeReport(cutoff=cutoff, dry_run=dry_run, deleted=deleted, credentials=credentials)
{%- else %}
    return PurgeReport(cutoff=cutoff, dry_run=dry_run, deleted=deleted)
{%- endif %}


async def _purge(
    engine: AsyncEngine, blobs: BlobStore, cutoff: datetime, batch_size: int, dry_run: bool
) -> Deleted:
    return await erase(
        create_session_factory(engine),
        blobs,
        threads=ThreadRow.updated_at < cutoff,
        attachments=AttachmentRow.created_at < cutoff,
        batch_size=batch_size,
        dry_run=dry_run,
    )
{%- if cookiecutter.auth_style != 'jwt' %}


async def _purge_credentials(engine: AsyncEngine, cutoff: datetime, dry_run: bool) -> int:
    return await delete_credentials(
        create_session_factory(engine), stopped_working_before(cutoff), dry_run=dry_run
    )
{%- endif %}
{%- if cookiecutter.database == 'postgres' %}


@asynccontextmanager
async def _one_purge_at_a_time(engine: AsyncEngine) -> AsyncIterator[bool]:
    """Try to take the retention lock and hold it for the whole run.

    A session-level advisory lock on a connection of its own: it outlives the batches'
    commits (on other connections), and the server drops it if the process dies.
    """
    async with engine.connect() as connection:
        acquired = await connection.scalar(select(func.pg_try_advisory_lock(RETENTION_LOCK_KEY)))
        await connection.commit()
        try:
            yield bool(acquired)
        finally:
            if acquired:
                await _unlock(connection)


async def _unlock(connection: AsyncConnection) -> None:
    try:
        await connection.scalar(select(func.pg_advisory_unlock(RETENTION_LOCK_KEY)))
        await connection.commit()
    except BaseException:
        # A connection that may still hold the lock must not go back to the pool.
        await connection.invalidate()
        raise
{%- endif %}
