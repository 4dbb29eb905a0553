"""Importing a plan document into the database and exporting a stored plan as a document, losing nothing."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from sqlalchemy import select

from careplanner.domain import PlanDocument
from careplanner.store import audit
from careplanner.store.database import Database
from careplanner.store.errors import StoreError
from careplanner.store.models import CheckInRow, PatientRow
from careplanner.store.patients import (
    checkin,
    checkin_fields,
    create_patient,
    domain_patient,
    history_entry,
    history_row,
)
from careplanner.store.plans import create_plan, load_revision
from careplanner.store.records import PlanContent


@dataclass(frozen=True)
class ImportResult:
    patient_id: int
    plan_id: int
    created_patient: bool
    added_history: int
    added_checkins: int


def _merge_into_existing(db: Database, patient_id: int, document: PlanDocument) -> tuple[int, int]:
    """Add the document's history entries and check-ins the record lacks; never remove or change any."""
    with db.writing() as session:
        row = session.get(PatientRow, patient_id)
        assert row is not None
        known = domain_patient(row)
        if (known.name, known.birth_date) != (document.patient.name, document.patient.birth_date):
            raise StoreError(
                f'record number "{known.id}" already belongs to another patient (name or birth date differ); '
                "nothing was imported"
            )
        present = {history_entry(h) for h in row.history}
        new_history = [entry for entry in document.history if entry not in present]
        for offset, entry in enumerate(new_history):
            row.history.append(history_row(entry, len(present) + offset))
        existing = {
            checkin(c) for c in session.scalars(select(CheckInRow).where(CheckInRow.patient_id == patient_id))
        }
        new_checkins = [m for m in document.checkins if m not in existing]
        session.add_all(CheckInRow(patient_id=patient_id, **checkin_fields(m)) for m in new_checkins)
        merged = sorted(set(row.conditions) | set(document.patient.conditions))
        if merged != sorted(row.conditions):
            row.conditions = merged
        if new_history or new_checkins or merged != sorted(known.conditions):
            row.version += 1
            audit.patient_event(
                session,
                db,
                "import",
                patient_id,
                {
                    "history added": len(new_history),
                    "checkins added": len(new_checkins),
                    "conditions": [list(known.conditions), merged],
                },
            )
        return len(new_history), len(new_checkins)


def import_document(db: Database, document: PlanDocument, title: str | None = None) -> ImportResult:
    with db.reading() as session:
        patient_id = session.scalar(
            select(PatientRow.id).where(PatientRow.record_number == document.patient.id)
        )
    created = patient_id is None
    if patient_id is None:
        record = create_patient(db, document.patient, history=document.history, checkins=document.checkins)
        patient_id, added = record.id, (len(document.history), len(document.checkins))
    else:
        added = _merge_into_existing(db, patient_id, document)
    revision = create_plan(
        db, patient_id, PlanContent.of(document), title or "Imported plan", note="imported"
    )
    return ImportResult(patient_id, revision.plan_id, created, *added)


def export_document(
    db: Database, modalities: Set[str], plan_id: int, number: int | None = None
) -> PlanDocument:
    return load_revision(db, modalities, plan_id, number).document
