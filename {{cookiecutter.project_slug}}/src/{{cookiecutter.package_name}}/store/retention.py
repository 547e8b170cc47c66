"""Retention: delete threads inactive for longer than the retention period.

Activity is ``threads.updated_at``, which every saved thread and item moves forward. The
job works across all tenants in batches, each in its own transaction, so it never holds
the database for long; deleting a thread deletes its items and attachment rows through
``ON DELETE CASCADE``. It reads ids and counts only, never contents. Run it from cron or
a scheduled job (the CLI's ``purge``), once per deployment rather than once per worker.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .tables import AttachmentRow, ThreadItemRow, ThreadRow, as_utc

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What was deleted, or with ``dry_run`` what would have been."""

    cutoff: datetime
    dry_run: bool
    threads: int = 0
    items: int = 0
    attachments: int = 0


async def purge_expired_threads(
    sessions: async_sessionmaker[AsyncSession],
    *,
    older_than: timedelta,
    batch_size: int = 500,
    dry_run: bool = False,
    now: datetime | None = None,
) -> PurgeReport:
    """Delete every thread whose last activity is before ``now - older_than``."""
    if older_than <= timedelta(0):
        raise ValueError("older_than must be a positive duration")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff = as_utc(now or datetime.now(UTC)) - older_than
    expired = ThreadRow.updated_at < cutoff

    if dry_run:
        async with sessions() as session:
            report = PurgeReport(
                cutoff=cutoff,
                dry_run=True,
                threads=await _count(session, select(func.count(ThreadRow.pk)).where(expired)),
                items=await _count(session, _count_items(expired)),
                attachments=await _count(session, _count_attachments(expired)),
            )
        logger.info(
            "retention dry run: %d threads, %d items, %d attachments inactive since %s",
            report.threads,
            report.items,
            report.attachments,
            cutoff.isoformat(),
        )
        return report

    threads = items = attachments = 0
    while True:
        async with sessions.begin() as session:
            batch = (
                await session.scalars(
                    select(ThreadRow.pk)
                    .where(expired)
                    .order_by(ThreadRow.updated_at, ThreadRow.pk)
                    .limit(batch_size)
                    .with_for_update()
                )
            ).all()
            if not batch:
                break
            # Checked again: a thread may have seen activity since it was selected.
            doomed = and_(ThreadRow.pk.in_(batch), expired)
            batch_items = await _count(session, _count_items(doomed))
            batch_attachments = await _count(session, _count_attachments(doomed))
            deleted = await session.scalars(
                delete(ThreadRow)
                .where(doomed)
                .returning(ThreadRow.pk)
                .execution_options(synchronize_session=False)
            )
            threads += len(deleted.all())
            items += batch_items
            attachments += batch_attachments
        logger.debug("retention batch: deleted %d threads so far", threads)

    logger.info(
        "retention: deleted %d threads, %d items, %d attachments inactive since %s",
        threads,
        items,
        attachments,
        cutoff.isoformat(),
    )
    return PurgeReport(
        cutoff=cutoff, dry_run=False, threads=threads, items=items, attachments=attachments
    )


def _count_items(threads: ColumnElement[bool]) -> Select[tuple[int]]:
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


def _count_attachments(threads: ColumnElement[bool]) -> Select[tuple[int]]:
    return (
        select(func.count(AttachmentRow.pk))
        .join(
            ThreadRow,
            and_(
                ThreadRow.tenant_id == AttachmentRow.tenant_id,
                ThreadRow.id == AttachmentRow.thread_id,
            ),
        )
        .where(threads)
    )


async def _count(session: AsyncSession, query: Select[tuple[int]]) -> int:
    return (await session.scalar(query)) or 0
