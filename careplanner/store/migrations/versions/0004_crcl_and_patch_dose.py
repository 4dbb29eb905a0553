"""The patient's creatinine clearance (mL/min, Cockcroft-Gault), and a history dose in mcg/h (fentanyl patch).

The clearance is read by the kidney checks and stays empty until entered. A history entry's dose is in mg a
day, or in mcg an hour for a fentanyl patch; older rows have the former only.

The clearance's check is a column constraint added with the column (one ALTER TABLE on SQLite and
PostgreSQL alike): no table is copied, and the column can be dropped again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


CLEARANCE_CHECK = "CONSTRAINT ck_patients_crcl_ml_min CHECK (crcl_ml_min > 0 AND crcl_ml_min <= 250)"


def upgrade() -> None:
    op.add_column("treatment_history", sa.Column("dose_mcg_per_hour", sa.Float(), nullable=True))
    op.execute(f"ALTER TABLE patients ADD COLUMN crcl_ml_min FLOAT {CLEARANCE_CHECK}")


def downgrade() -> None:
    op.drop_column("patients", "crcl_ml_min")
    op.drop_column("treatment_history", "dose_mcg_per_hour")
