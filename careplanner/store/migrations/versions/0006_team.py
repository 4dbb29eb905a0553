"""The team: users' names and disciplines, comments on plan revisions and per-discipline sign-offs.

Three new tables, nothing copied or rewritten, on SQLite or PostgreSQL; existing plans simply have no
comments or sign-offs yet.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)  # stored in UTC, as in 0001


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("discipline", sa.String(32), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("login", name="uq_users_login"),
    )
    op.create_table(
        "plan_comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("discipline", sa.String(32), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("resolved_at", TIMESTAMP, nullable=True),
        sa.Column("resolved_by", sa.String(100), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_comments_plan_id_plans", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_plan_comments_plan_id", "plan_comments", ["plan_id"])
    op.create_table(
        "plan_signoffs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("discipline", sa.String(32), nullable=False),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("agrees", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("agrees OR reason IS NOT NULL", name="dissent_reason"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_signoffs_plan_id_plans", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_plan_signoffs_plan_id", "plan_signoffs", ["plan_id"])


def downgrade() -> None:
    op.drop_table("plan_signoffs")
    op.drop_table("plan_comments")
    op.drop_table("users")
