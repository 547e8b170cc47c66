"""The schema's migrations (Alembic, in ``migrations/``) and where a database stands in them."""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

# Where Alembic records the revisions a database is at (its default name).
VERSION_TABLE = "alembic_version"
APPLIED = text(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608 (a constant)
# The project's root: migrations/ and alembic.ini live beside src/, not inside the package.
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # Alembic's config is an ini file: a literal % (URL-encoded passwords) must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def latest_revisions() -> set[str]:
    """The head revisions of the migrations this code ships."""
    return set(ScriptDirectory.from_config(alembic_config("")).get_heads())


def applied_revisions(connection: Connection) -> set[str]:
    """The revisions the database is at; empty for a database never migrated."""
    # Read directly rather than through Alembic's MigrationContext, which logs at INFO each time
    # it is set up: a check that only reads should print nothing but its findings.
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    return set(connection.scalars(APPLIED))
