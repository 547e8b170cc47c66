"""Alembic environment: runs the migrations on the app's async engine.

The database URL is, in order: the ``sqlalchemy.url`` option when a caller sets it (the CLI
and the tests do), ``DATABASE_URL`` from the environment or ``.env``, else the app's
default. Only that one value is read: the full settings need secrets a migration does not.
"""

import asyncio
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from pydantic_settings import BaseSettings, SettingsConfigDict
{%- if cookiecutter.database == 'sqlite' %}
from sqlalchemy import Connection, TypeDecorator, event
{%- else %}
from sqlalchemy import Connection, TypeDecorator
{%- endif %}
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.store.database import create_engine
from {{ cookiecutter.package_name }}.store.tables import Base

config = context.config
target_metadata = Base.metadata

# A caller that has set up logging already (the CLI, the tests) can keep it.
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


class _DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Settings.model_fields["database_url"].default


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or _DatabaseSettings().database_url


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write the app's column types as plain SQLAlchemy types: a migration must not
    depend on application code that will change after it is written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_offline() -> None:
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
{%- if cookiecutter.database == 'sqlite' %}
        render_as_batch=True,
{%- endif %}
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


{% if cookiecutter.database == 'sqlite' -%}
def do_run_migrations(connection: Connection) -> None:
    # SQLite alters tables by copying them ("batch" mode).
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if violations:
        raise RuntimeError(f"the migration left {len(violations)} rows with broken foreign keys")


def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=OFF")
    finally:
        cursor.close()


async def run_async_migrations() -> None:
    engine = create_engine(database_url(), poolclass=NullPool)
    # SQLite batch operations copy a table and drop the old one; with foreign keys on,
    # dropping a parent table would cascade-delete every row that references it.
    # The integrity check at the end of do_run_migrations replaces the enforcement.
    event.listen(engine.sync_engine, "connect", _foreign_keys_off)
    try:
{%- else -%}
def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_engine(database_url(), poolclass=NullPool)
    try:
{%- endif %}
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_async_migrations())
