"""Threads, thread items and attachments.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 12:00:00+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 64-bit on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("pk", BIGINT_PK, sa.Identity(), nullable=False),
        sa.Column("tenant_id", sa.String(length=255), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_threads"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_threads_tenant_id_id"),
    )
    op.create_index(
        "ix_threads_owner_created", "threads", ["tenant_id", "user_id", "created_at", "pk"]
    )
    op.create_index("ix_threads_updated_at", "threads", ["updated_at"])

    op.create_table(
        "thread_items",
        sa.Column("pk", BIGINT_PK, sa.Identity(), nullable=False),
        sa.Column("tenant_id", sa.String(length=255), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_thread_items"),
        sa.UniqueConstraint(
            "tenant_id", "thread_id", "id", name="uq_thread_items_tenant_id_thread_id_id"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "thread_id"],
            ["threads.tenant_id", "threads.id"],
            name="fk_thread_items_tenant_id_threads",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_thread_items_thread_created",
        "thread_items",
        ["tenant_id", "thread_id", "created_at", "pk"],
    )

    op.create_table(
        "attachments",
        sa.Column("pk", BIGINT_PK, sa.Identity(), nullable=False),
        sa.Column("tenant_id", sa.String(length=255), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_attachments"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_attachments_tenant_id_id"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "thread_id"],
            ["threads.tenant_id", "threads.id"],
            name="fk_attachments_tenant_id_threads",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_attachments_thread", "attachments", ["tenant_id", "thread_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes; children go before the table they reference.
    op.drop_table("attachments")
    op.drop_table("thread_items")
    op.drop_table("threads")
