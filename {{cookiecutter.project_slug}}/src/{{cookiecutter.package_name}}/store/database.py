"""Engine and session factory.

SQLite needs its settings on every connection, not once per database: without
``foreign_keys=ON`` the ``ON DELETE CASCADE`` clauses are silently ignored and deleting a
thread leaves its items behind. WAL plus a busy timeout lets concurrent requests write
without "database is locked" errors.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)


def create_engine(url: str | URL, **options: Any) -> AsyncEngine:
    """An async engine for ``url``; extra keyword arguments go to SQLAlchemy."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)
        return _create_async_engine(url, **options)

    _create_parent_directory(url)
    engine = _create_async_engine(url, **options)
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _create_parent_directory(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
