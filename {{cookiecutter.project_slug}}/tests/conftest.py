"""Shared fixtures: a migrated SQLite database, the Store on it, and request contexts."""

import os
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from {{ cookiecutter.package_name }}.context import RequestContext
from {{ cookiecutter.package_name }}.store import (
    Cipher,
    SqlStore,
    create_engine,
    create_session_factory,
)
from {{ cookiecutter.package_name }}.store.crypto import new_key_entry

from .store_support import alembic_config

# ChatKit stamps threads and items with a naive datetime.now(); the app runs with TZ=UTC so
# that naive means UTC, and so do the tests.
os.environ["TZ"] = "UTC"
time.tzset()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A SQLite file brought to the latest revision by the project's own migrations."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    command.upgrade(alembic_config(url), "head")
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
def cipher() -> Cipher:
    return Cipher.from_setting(new_key_entry("k1"))


@pytest.fixture
def store(sessions: async_sessionmaker[AsyncSession], cipher: Cipher) -> SqlStore:
    return SqlStore(sessions, cipher)


@pytest.fixture
def make_context() -> Callable[..., RequestContext]:
    def make(user: str = "alice", tenant: str = "t1", locale: str = "en") -> RequestContext:
        return RequestContext(
            user_id=user, tenant_id=tenant, locale=locale, request_id=uuid.uuid4().hex
        )

    return make
