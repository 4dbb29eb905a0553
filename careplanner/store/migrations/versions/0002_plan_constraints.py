"""Enforce valid plan statuses and revision numbers in the database itself.

On SQLite this copies the `plans` and `plan_revisions` tables (batch mode). `plans` is the parent of
`plan_revisions` (ON DELETE CASCADE): careplanner.store.migrate switches foreign keys off around the
migration,
or dropping the old table would delete every revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.create_check_constraint("status", "status IN ('draft', 'active', 'completed', 'revoked')")
        batch.create_check_constraint("head_number", "head_number >= 1")
    with op.batch_alter_table("plan_revisions") as batch:
        batch.create_check_constraint("number", "number >= 1")


def downgrade() -> None:
    with op.batch_alter_table("plan_revisions") as batch:
        batch.drop_constraint("ck_plan_revisions_number", type_="check")
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint("ck_plans_head_number", type_="check")
        batch.drop_constraint("ck_plans_status", type_="check")
