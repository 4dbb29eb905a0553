"""Team meetings: a meeting (date, title, chair), its attendees and its agenda of plans with the team's
recommendation for each.

Three new tables, nothing copied or rewritten, on SQLite or PostgreSQL; existing databases simply have no
meetings yet.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)  # stored in UTC, as in 0001


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("chair", sa.String(100), nullable=False),
        sa.Column("chair_name", sa.String(200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,  # ids never used again: a stale window is told, not misdirected
    )
    op.create_index("ix_meetings_held_on", "meetings", ["held_on"])
    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("discipline", sa.String(32), nullable=False),
        sa.Column("login", sa.String(100), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name="fk_meeting_attendees_meeting_id_meetings",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_meeting_attendees_meeting_id", "meeting_attendees", ["meeting_id"])
    op.create_table(
        "meeting_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("presented_revision", sa.Integer(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=True),
        sa.Column("recommended_by", sa.String(100), nullable=True),
        sa.Column("recommended_by_name", sa.String(200), nullable=True),
        sa.Column("recommended_discipline", sa.String(32), nullable=True),
        sa.Column("recommended_at", TIMESTAMP, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("meeting_id", "plan_id", name="uq_meeting_entries_meeting_plan"),
        sa.CheckConstraint(
            "recommendation IS NULL OR (recommended_by IS NOT NULL AND recommended_at IS NOT NULL"
            " AND presented_revision IS NOT NULL)",
            name="recommendation_signed",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_meeting_entries_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_meeting_entries_plan_id_plans", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_meeting_entries_patient_id_patients", ondelete="CASCADE"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_meeting_entries_plan_id", "meeting_entries", ["plan_id"])


def downgrade() -> None:
    op.drop_table("meeting_entries")
    op.drop_table("meeting_attendees")
    op.drop_table("meetings")
