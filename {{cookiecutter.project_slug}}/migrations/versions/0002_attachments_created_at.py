"""Index attachments by creation time, for the retention purge of unsent uploads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:20:00+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_attachments_created_at", "attachments", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_attachments_created_at", table_name="attachments")
