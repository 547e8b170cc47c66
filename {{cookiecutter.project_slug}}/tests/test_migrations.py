"""The migrations build exactly the schema of tables.py, and can be undone."""

import io
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from {{ cookiecutter.package_name }}.store.tables import Base

from .store_support import alembic_config

APP_TABLES = {"threads", "thread_items", "attachments"}


def table_names(path: Path) -> set[str]:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_builds_the_schema_of_the_models(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    command.upgrade(alembic_config(f"sqlite+aiosqlite:///{path}"), "head")

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()

    assert differences == []
    assert table_names(path) == APP_TABLES | {"alembic_version"}


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    path = tmp_path / "roundtrip.db"
    config = alembic_config(f"sqlite+aiosqlite:///{path}")

    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert table_names(path) == {"alembic_version"}

    command.upgrade(config, "head")
    assert table_names(path) >= APP_TABLES


def test_history_has_a_single_head() -> None:
    config = alembic_config("sqlite+aiosqlite://")
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_offline_mode_writes_sql() -> None:
    config = alembic_config("sqlite+aiosqlite:///unused.db")
    config.output_buffer = io.StringIO()

    command.upgrade(config, "head", sql=True)

    sql = config.output_buffer.getvalue()
    for table in APP_TABLES:
        assert f"CREATE TABLE {table}" in sql
