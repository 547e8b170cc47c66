"""The database schema; the Alembic migrations in ``migrations/versions`` must match it.

Every row carries its ``tenant_id``, and ids are unique per tenant, not globally. Content
(``data``) is one JSON document per row, written by ``payloads.Payloads``; only ids, owners
and timestamps have columns of their own, because queries and retention need them.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LENGTH = 64
OWNER_LENGTH = 255
{%- if cookiecutter.auth_style != 'jwt' %}
TOKEN_HASH_LENGTH = 64  # hex SHA-256
{%- endif %}
{%- if cookiecutter.auth_style == 'api_token' %}
TOKEN_NAME_LENGTH = 100
SCOPES_LENGTH = 1000
{%- endif %}

# Named constraints keep migrations portable: SQLite batch operations can only drop or
# alter a constraint that has a name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BigIntegerPK = BigInteger().with_variant(Integer(), "sqlite")


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are UTC (the app runs with TZ=UTC); aware ones are converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp, also on SQLite (which stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ThreadRow(Base):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        Index("ix_threads_owner_created", "tenant_id", "user_id", "created_at", "pk"),
        Index("ix_threads_updated_at", "updated_at"),
    )

    pk: Mapped[int] = mapped_column(BigIntegerPK, Identity(), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    id: Mapped[str] = mapped_column(String(ID_LENGTH))
    user_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # ThreadMetadata JSON, title included.
    data: Mapped[bytes] = mapped_column(LargeBinary())


class ThreadItemRow(Base):
    __tablename__ = "thread_items"
    __table_args__ = (
        UniqueConstraint("tenant_id", "thread_id", "id"),
        ForeignKeyConstraint(
            ["tenant_id", "thread_id"],
            ["threads.tenant_id", "threads.id"],
            ondelete="CASCADE",
        ),
        Index("ix_thread_items_thread_created", "tenant_id", "thread_id", "created_at", "pk"),
    )

    pk: Mapped[int] = mapped_column(BigIntegerPK, Identity(), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    thread_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    id: Mapped[str] = mapped_column(String(ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # ThreadItem JSON.
    data: Mapped[bytes] = mapped_column(LargeBinary())


class AttachmentRow(Base):
    __tablename__ = "attachments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        ForeignKeyConstraint(
            ["tenant_id", "thread_id"],
            ["threads.tenant_id", "threads.id"],
            ondelete="CASCADE",
        ),
        Index("ix_attachments_thread", "tenant_id", "thread_id"),
        # Retention finds uploads never sent in a message by age.
        Index("ix_attachments_created_at", "created_at"),
    )

    pk: Mapped[int] = mapped_column(BigIntegerPK, Identity(), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    id: Mapped[str] = mapped_column(String(ID_LENGTH))
    user_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    # Set once a message uses the attachment; deleting the thread deletes the row.
    thread_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Attachment JSON (name, MIME type, upload descriptor, metadata).
    data: Mapped[bytes] = mapped_column(LargeBinary())
{%- if cookiecutter.auth_style == 'api_token' %}


class ApiTokenRow(Base):
    """An API token: only the SHA-256 of the token is kept, never the token itself."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_owner", "tenant_id", "user_id"),)

    pk: Mapped[int] = mapped_column(BigIntegerPK, Identity(), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(TOKEN_NAME_LENGTH))
    tenant_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    user_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    # Space-separated, as in an OAuth scope claim.
    scopes: Mapped[str] = mapped_column(String(SCOPES_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
{%- elif cookiecutter.auth_style == 'session' %}


class SessionRow(Base):
    """A signed-in browser: only the SHA-256 of its cookie's token is kept, never the token."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_owner", "tenant_id", "user_id"),)

    pk: Mapped[int] = mapped_column(BigIntegerPK, Identity(), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH), unique=True)
    tenant_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    user_id: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Moved forward by requests (at most once a minute); the idle timeout counts from it.
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The absolute timeout: sign-in plus SESSION_MAX_HOURS.
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
{%- endif %}
