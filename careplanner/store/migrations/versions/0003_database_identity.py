"""A random identity for the database, so files kept outside it are never mixed up with another database's.

Made here, once: migrations run one at a time (careplanner.store.migrate holds a lock), so two workstations
starting together on an older database still give it a single identity.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "database_identity",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value", sa.String(36), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_database_identity_single_row"),
    )
    op.bulk_insert(table, [{"id": 1, "value": str(uuid.uuid4())}])


def downgrade() -> None:
    op.drop_table("database_identity")
