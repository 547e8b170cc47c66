"""Key rotation: re-seal stored blobs with the primary key so that old keys can be retired.

Put the new key first in ENCRYPTION_KEYS and keep the old ones after it; deploy; run this
(the CLI's ``rotate-keys``); then remove the old keys. Each batch is its own transaction.
A row that a request rewrote in the meantime is left as it is: the request sealed it with
the primary key already.
"""

import logging
from collections.abc import Callable

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .crypto import Cipher
from .sql_store import attachment_aad, item_aad, thread_aad
from .tables import AttachmentRow, ThreadItemRow, ThreadRow

logger = logging.getLogger(__name__)


async def reencrypt_rows(
    sessions: async_sessionmaker[AsyncSession], cipher: Cipher, batch_size: int = 500
) -> int:
    """Re-seal every blob whose key is not the primary one; returns the rows rewritten."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    rewritten = 0
    rewritten += await _reencrypt(
        sessions, cipher, batch_size, ThreadRow, (ThreadRow.tenant_id, ThreadRow.id), thread_aad
    )
    rewritten += await _reencrypt(
        sessions,
        cipher,
        batch_size,
        ThreadItemRow,
        (ThreadItemRow.tenant_id, ThreadItemRow.thread_id, ThreadItemRow.id),
        item_aad,
    )
    rewritten += await _reencrypt(
        sessions,
        cipher,
        batch_size,
        AttachmentRow,
        (AttachmentRow.tenant_id, AttachmentRow.id),
        attachment_aad,
    )
    return rewritten


async def _reencrypt(
    sessions: async_sessionmaker[AsyncSession],
    cipher: Cipher,
    batch_size: int,
    model: type[ThreadRow] | type[ThreadItemRow] | type[AttachmentRow],
    aad_columns: tuple[ColumnElement[str], ...],
    aad: Callable[..., str],
) -> int:
    rewritten = 0
    last_pk = 0
    while True:
        async with sessions.begin() as session:
            rows = (
                await session.execute(
                    select(model.pk, model.data, *aad_columns)
                    .where(model.pk > last_pk)
                    .order_by(model.pk)
                    .limit(batch_size)
                )
            ).all()
            if not rows:
                break
            for pk, data, *aad_parts in rows:
                if cipher.key_id(data) == cipher.primary_kid:
                    continue
                associated = aad(*aad_parts)
                resealed = cipher.seal(cipher.open(data, associated), associated)
                updated = await session.scalar(
                    update(model)
                    .where(model.pk == pk, model.data == data)
                    .values(data=resealed)
                    .returning(model.pk)
                    .execution_options(synchronize_session=False)
                )
                if updated is not None:
                    rewritten += 1
            last_pk = rows[-1][0]
    logger.info(
        "key rotation: %d %s rows re-encrypted with key %s",
        rewritten,
        model.__tablename__,
        cipher.primary_kid,
    )
    return rewritten
