"""Patients, plans (with every revision), check-ins, audit and settings in SQLite or PostgreSQL."""

from careplanner.store.errors import NotFound, PatientConflict, PlanConflict, StoreError
from careplanner.store.facade import Store, default_user
from careplanner.store.records import (
    AuditEvent,
    PatientRecord,
    PatientSummary,
    PlanContent,
    PlanRevision,
    PlanSummary,
    RevisionInfo,
)

__all__ = [
    "AuditEvent",
    "NotFound",
    "PatientConflict",
    "PatientRecord",
    "PatientSummary",
    "PlanConflict",
    "PlanContent",
    "PlanRevision",
    "PlanSummary",
    "RevisionInfo",
    "Store",
    "StoreError",
    "default_user",
]
