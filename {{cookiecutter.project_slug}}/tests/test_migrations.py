"""The migrations build exactly the schema of tables.py, and can be undone."""

import asyncio
import io
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from {{ cookiecutter.package_name }}.store.database import create_engine
from {{ cookiecutter.package_name }}.store.tables import Base

from .databases import scratch_database
from .store_support import alembic_config

{% if cookiecutter.auth_style == 'api_token' -%}
APP_TABLES = {"threads", "thread_items", "attachments", "api_tokens"}
{%- elif cookiecutter.auth_style == 'session' -%}
APP_TABLES = {"threads", "thread_items", "attachments", "sessions"}
{%- else -%}
APP_TABLES = {"threads", "thread_items", "attachments"}
{%- endif %}
# For commands that never connect.
UNUSED_URL = "{{ 'postgresql+asyncpg://app@127.0.0.1/unused' if cookiecutter.database == 'postgres' else 'sqlite+aiosqlite:///unused.db' }}"


def inspect_database(database_url: str) -> tuple[set[str], list[object]]:
    """The database's tables, and how its schema differs from the models."""

    def read(connection: Connection) -> tuple[set[str], list[object]]:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        return set(inspect(connection).get_table_names()), differences

    async def run() -> tuple[set[str], list[object]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(read)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_upgrade_builds_the_schema_of_the_models(tmp_path: Path) -> None:
    with scratch_database(tmp_path) as url:
        command.upgrade(alembic_config(url), "head")

        tables, differences = inspect_database(url)

    assert differences == []
    assert tables == APP_TABLES | {"alembic_version"}


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    with scratch_database(tmp_path) as url:
        config = alembic_config(url)

        command.upgrade(config, "head")
        command.downgrade(config, "base")
        assert inspect_database(url)[0] == {"alembic_version"}

        command.upgrade(config, "head")
        assert inspect_database(url)[0] >= APP_TABLES


def test_history_has_a_single_head() -> None:
    config = alembic_config(UNUSED_URL)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_offline_mode_writes_sql() -> None:
    config = alembic_config(UNUSED_URL)
    config.output_buffer = io.StringIO()

    command.upgrade(config, "head", sql=True)

    sql = config.output_buffer.getvalue()
    for table in APP_TABLES:
        assert f"CREATE TABLE {table}" in sql
