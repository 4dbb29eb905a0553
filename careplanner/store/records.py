"""What the store hands out: plain immutable data, no ORM objects (sessions never leak to callers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplanner.domain import Goal, HistoryEntry, Measurement, Patient, Plan, PlanDocument

FINAL_STATUSES = frozenset({"completed", "revoked"})
# Which status a plan may move to next (a final plan stays as it is; a new plan takes its place).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"active", "revoked"}),
    "active": frozenset({"completed", "revoked"}),
    "completed": frozenset(),
    "revoked": frozenset(),
}


@dataclass(frozen=True)
class PatientSummary:
    """One line of the patient list."""

    id: int
    record_number: str
    name: str
    birth_date: dt.date


@dataclass(frozen=True)
class PatientRecord:
    id: int
    patient: Patient  # patient.id is the record number
    notes: str
    history: tuple[HistoryEntry, ...]
    checkins: tuple[Measurement, ...]
    version: int
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class PlanContent:
    """What a plan revision stores: the clinical picture the plan was built on, and the plan."""

    history: tuple[HistoryEntry, ...]
    baseline: Measurement | None
    goals: tuple[Goal, ...]
    plan: Plan

    @classmethod
    def of(cls, document: PlanDocument) -> PlanContent:
        return cls(document.history, document.baseline, document.goals, document.plan)

    def document(self, patient: Patient, checkins: tuple[Measurement, ...] = ()) -> PlanDocument:
        return PlanDocument(patient, self.plan, self.history, self.baseline, self.goals, checkins)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    patient_id: int
    title: str
    status: str
    head_number: int
    start: dt.date
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class RevisionInfo:
    plan_id: int
    number: int
    status: str
    saved_at: dt.datetime
    saved_by: str
    note: str | None


@dataclass(frozen=True)
class PlanRevision:
    info: RevisionInfo
    head_number: int
    plan_status: str
    document: PlanDocument

    @property
    def read_only(self) -> bool:
        """Earlier revisions, and plans that are completed or revoked, are opened read-only."""
        return self.info.number != self.head_number or self.plan_status in FINAL_STATUSES


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int
    changes: dict[str, object]


@dataclass(frozen=True)
class PatientChange:
    """The patient's details as edited, and the record version they were edited from."""

    patient: Patient
    notes: str
    history: tuple[HistoryEntry, ...]
    version: int | None  # None: a new patient


@dataclass(frozen=True)
class SavedWork:
    patient_id: int
    patient_version: int
    plan_id: int
    revision: RevisionInfo
