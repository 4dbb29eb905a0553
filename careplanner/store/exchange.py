"""Importing a plan document into the database and exporting a stored plan as a document, losing nothing."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplanner.domain import PlanDocument
from careplanner.store import audit
from careplanner.store.database import Database
from careplanner.store.errors import StoreError
from careplanner.store.models import CheckInRow, PatientRow
from careplanner.store.patients import (
    checkin,
    checkin_fields,
    domain_patient,
    history_entry,
    history_row,
    insert_patient,
)
from careplanner.store.plans import insert_plan, load_revision
from careplanner.store.records import PlanContent


@dataclass(frozen=True)
class ImportResult:
    patient_id: int
    plan_id: int
    created_patient: bool
    added_history: int
    added_checkins: int


def _merge_into_existing(
    session: Session, db: Database, row: PatientRow, document: PlanDocument
) -> tuple[int, int]:
    """Add the document's history entries and check-ins the record lacks; never remove or change any."""
    patient_id = row.id
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
    # A clearance the record lacks is taken from the document; a recorded one is never overwritten.
    crcl_added = row.crcl_ml_min is None and document.patient.crcl_ml_min is not None
    if crcl_added:
        row.crcl_ml_min = document.patient.crcl_ml_min
    if new_history or new_checkins or merged != sorted(known.conditions) or crcl_added:
        row.version += 1
        changes: dict[str, object] = {
            "history added": len(new_history),
            "checkins added": len(new_checkins),
            "conditions": [list(known.conditions), merged],
        }
        if crcl_added:
            changes["crcl_ml_min"] = [None, row.crcl_ml_min]
        audit.patient_event(session, db, "import", patient_id, changes)
    return len(new_history), len(new_checkins)


def import_document(db: Database, document: PlanDocument, title: str | None = None) -> ImportResult:
    """The patient (new or merged) and the plan in one transaction: a failure leaves no half-import behind."""
    with db.writing() as session:
        row = session.scalar(select(PatientRow).where(PatientRow.record_number == document.patient.id))
        created = row is None
        if row is None:
            row = insert_patient(
                session, db, document.patient, history=document.history, checkins=document.checkins
            )
            added = (len(document.history), len(document.checkins))
        else:
            added = _merge_into_existing(session, db, row, document)
        revision = insert_plan(
            session, db, row.id, PlanContent.of(document), title or "Imported plan", note="imported"
        )
        return ImportResult(row.id, revision.plan_id, created, *added)


def export_document(
    db: Database, modalities: Set[str], plan_id: int, number: int | None = None
) -> PlanDocument:
    return load_revision(db, modalities, plan_id, number).document
