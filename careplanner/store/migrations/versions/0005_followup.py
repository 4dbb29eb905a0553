"""Follow-up: what a check-in records beyond the scores, and the clinic's list of assessments and reviews due.

`checkins` gains goal progress, adherence (JSON lists, as in the document) and side effects; existing rows
keep NULL there (nothing recorded). `due_dates` holds one row per open assessment or review of every active
plan's head revision, filled here from the stored revisions through the strict reader: a revision that
cannot be read gets no rows (it cannot be opened either), and never stops the migration. Adding columns and
a table copies nothing, on SQLite or PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence, Set
from typing import Any

import sqlalchemy as sa
from alembic import op

from careplanner.documents import FORMAT, DocumentError, patient_to_json, read_plan_data
from careplanner.domain import Patient
from careplanner.followup.due import open_dates

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PAGE = 500  # plans read (and their rows written) at a time
# The tables as this migration knows them (not the models of whatever version runs it later).
PLANS = sa.table(
    "plans",
    sa.column("id", sa.Integer),
    sa.column("patient_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("head_number", sa.Integer),
)
REVISIONS = sa.table(
    "plan_revisions",
    sa.column("plan_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("content", sa.Text),
)
PATIENTS = sa.table(
    "patients",
    sa.column("id", sa.Integer),
    sa.column("record_number", sa.String),
    sa.column("name", sa.String),
    sa.column("birth_date", sa.Date),
    sa.column("sex", sa.String),
    sa.column("conditions", sa.JSON),
    sa.column("crcl_ml_min", sa.Float),
)


def upgrade() -> None:
    op.add_column("checkins", sa.Column("goal_progress", sa.JSON(none_as_null=True), nullable=True))
    op.add_column("checkins", sa.Column("adherence", sa.JSON(none_as_null=True), nullable=True))
    op.add_column("checkins", sa.Column("side_effects", sa.Text(), nullable=True))
    due_dates = op.create_table(
        "due_dates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=True),
        sa.Column("modality", sa.String(64), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_due_dates_plan_id_plans", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_due_dates_patient_id_patients", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_due_dates_due_date", "due_dates", ["due_date"])
    op.create_index("ix_due_dates_plan_id", "due_dates", ["plan_id"])
    from careplanner.catalog import default_catalog

    modalities = default_catalog().modalities.keys()
    connection = op.get_bind()
    for page in _active_heads(connection):
        rows = [row for plan in page for row in _due_rows(plan, modalities)]
        if rows:
            connection.execute(sa.insert(due_dates), rows)


def _active_heads(connection: sa.Connection) -> Iterator[Sequence[sa.Row[Any]]]:
    """Every active plan with its head revision's content and its patient, a page at a time."""
    last = 0
    while True:
        page = connection.execute(
            sa.select(
                PLANS.c.id,
                PLANS.c.patient_id,
                REVISIONS.c.content,
                *(column for column in PATIENTS.c if column.name != "id"),
            )
            .select_from(PLANS)
            .join(
                REVISIONS,
                sa.and_(REVISIONS.c.plan_id == PLANS.c.id, REVISIONS.c.number == PLANS.c.head_number),
            )
            .join(PATIENTS, PATIENTS.c.id == PLANS.c.patient_id)
            .where(PLANS.c.status == "active", PLANS.c.id > last)
            .order_by(PLANS.c.id)
            .limit(PAGE)
        ).all()
        if not page:
            return
        yield page
        last = page[-1].id


def _due_rows(plan: sa.Row[Any], modalities: Set[str]) -> list[dict[str, object]]:
    patient = Patient(
        plan.record_number,
        plan.name,
        plan.birth_date,
        plan.sex,
        tuple(plan.conditions or ()),
        crcl_ml_min=plan.crcl_ml_min,
    )
    try:
        stored = json.loads(plan.content)
        if not isinstance(stored, dict):
            return []
        data = {"format": FORMAT, "patient": patient_to_json(patient), **stored, "checkins": []}
        document = read_plan_data(data, modalities).document
    except (DocumentError, ValueError):
        return []  # not listed: the plan cannot be opened either (the app says so when it is tried)
    return [
        {
            "plan_id": plan.id,
            "patient_id": plan.patient_id,
            "kind": found.kind,
            "item_id": found.item_id,
            "modality": found.modality,
            "due_date": found.due_date,
            "week": found.week,
        }
        for found in open_dates(document)
    ]


def downgrade() -> None:
    op.drop_table("due_dates")
    op.drop_column("checkins", "side_effects")
    op.drop_column("checkins", "adherence")
    op.drop_column("checkins", "goal_progress")
