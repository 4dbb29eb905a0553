"""Patients, plans (with every revision), check-ins, audit and settings in SQLite or PostgreSQL.

`Store` is imported on first use (PEP 562): the window can show the light record types and errors without
paying for SQLAlchemy before its first paint.
"""

from typing import TYPE_CHECKING, Any

from careplanner.store.errors import NotFound, PatientConflict, PlanConflict, StoreError
from careplanner.store.records import (
    AuditEvent,
    PatientChange,
    PatientRecord,
    PatientSummary,
    PlanContent,
    PlanRevision,
    PlanSummary,
    RevisionInfo,
    SavedWork,
)

if TYPE_CHECKING:
    from careplanner.store.facade import Store, default_user

__all__ = [
    "AuditEvent",
    "NotFound",
    "PatientChange",
    "PatientConflict",
    "PatientRecord",
    "PatientSummary",
    "PlanConflict",
    "PlanContent",
    "PlanRevision",
    "PlanSummary",
    "RevisionInfo",
    "SavedWork",
    "Store",
    "StoreError",
    "default_user",
]


def __getattr__(name: str) -> Any:
    if name in ("Store", "default_user"):
        from careplanner.store import facade

        return getattr(facade, name)
    raise AttributeError(f"module 'careplanner.store' has no attribute {name!r}")
