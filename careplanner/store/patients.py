"""Patients, their treatment history and check-ins."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from careplanner.domain import Adherence, GoalProgress, HistoryEntry, Measurement, Patient, PegScores
from careplanner.name_order import sort_name as fold
from careplanner.store import audit
from careplanner.store.database import Database, rows_changed
from careplanner.store.errors import NotFound, PatientConflict, StoreError
from careplanner.store.models import CheckInRow, HistoryRow, PatientRow, SearchTermRow
from careplanner.store.records import PatientRecord, PatientSummary
from careplanner.store.search import search, terms_for

# The check-in columns of every schema (0001 on): what a backup of any age is read by.
FIRST_CHECKIN_COLUMNS = (
    CheckInRow.id,
    CheckInRow.patient_id,
    CheckInRow.date,
    CheckInRow.peg_pain,
    CheckInRow.peg_enjoyment,
    CheckInRow.peg_activity,
    CheckInRow.sleep,
    CheckInRow.mood,
)
HISTORY_FIELDS = (
    "modality",
    "name",
    "start",
    "end",
    "outcome",
    "dose_mg_per_day",
    "dose_mcg_per_hour",
    "relief_percent",
    "region",
    "reason",
)


# -- conversions -----------------------------------------------------------------------------------
def _demographics(patient: Patient, notes: str) -> dict[str, object]:
    return {
        "record_number": patient.id,
        "name": patient.name,
        "birth_date": patient.birth_date.isoformat(),
        "sex": patient.sex,
        "conditions": list(patient.conditions),
        "crcl_ml_min": patient.crcl_ml_min,
        "notes": notes,
    }


def history_row(entry: HistoryEntry, position: int) -> HistoryRow:
    return HistoryRow(position=position, **{name: getattr(entry, name) for name in HISTORY_FIELDS})


def history_entry(row: HistoryRow) -> HistoryEntry:
    return HistoryEntry(**{name: getattr(row, name) for name in HISTORY_FIELDS})


def checkin_fields(measurement: Measurement) -> dict[str, object]:
    peg = measurement.peg
    return {
        "date": measurement.date,
        "peg_pain": peg.pain if peg else None,
        "peg_enjoyment": peg.enjoyment if peg else None,
        "peg_activity": peg.activity if peg else None,
        "sleep": measurement.sleep,
        "mood": measurement.mood,
        # None rather than []: a check-in without them reads like one stored before they existed.
        "goal_progress": [{"goal": g.goal_id, "progress": g.progress} for g in measurement.goal_progress]
        or None,
        "adherence": [
            {"item": a.item_id, "modality": a.modality, "level": a.level} for a in measurement.adherence
        ]
        or None,
        "side_effects": measurement.side_effects,
    }


def checkin(row: CheckInRow, *, follow_up: bool = True) -> Measurement:
    """The check-in of a row; `follow_up=False` reads FIRST_CHECKIN_COLUMNS only (a backup before 0005)."""
    scores = (row.peg_pain, row.peg_enjoyment, row.peg_activity)
    peg = PegScores(*scores) if all(score is not None for score in scores) else None  # type: ignore[arg-type]
    if not follow_up:
        return Measurement(row.date, peg, row.sleep, row.mood)
    return Measurement(
        row.date,
        peg,
        row.sleep,
        row.mood,
        goal_progress=tuple(GoalProgress(g["goal"], g["progress"]) for g in row.goal_progress or ()),
        adherence=tuple(Adherence(a["item"], a["modality"], a["level"]) for a in row.adherence or ()),
        side_effects=row.side_effects,
    )


def _history_summary(entries: Sequence[HistoryEntry]) -> list[str]:
    return [
        f"{e.modality} {e.start.isoformat()}..{e.end.isoformat() if e.end else 'ongoing'} {e.outcome}"
        for e in entries
    ]


def domain_patient(row: PatientRow, *, clearance: bool = True) -> Patient:
    """The patient of a row; `clearance=False` leaves the clearance unread (a backup older than 0004)."""
    return Patient(
        row.record_number,
        row.name,
        row.birth_date,
        row.sex,
        tuple(row.conditions),
        crcl_ml_min=row.crcl_ml_min if clearance else None,
    )


def _record(session: Session, row: PatientRow) -> PatientRecord:
    checkins = session.scalars(
        select(CheckInRow).where(CheckInRow.patient_id == row.id).order_by(CheckInRow.date)
    )
    return PatientRecord(
        id=row.id,
        patient=domain_patient(row),
        notes=row.notes,
        history=tuple(history_entry(h) for h in row.history),
        checkins=tuple(checkin(c) for c in checkins),
        version=row.version,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _index_terms(session: Session, row: PatientRow) -> None:
    session.execute(delete(SearchTermRow).where(SearchTermRow.patient_id == row.id))
    terms = terms_for(row.name, row.record_number, row.birth_date.isoformat())
    session.add_all(SearchTermRow(term=term, patient_id=row.id) for term in sorted(terms))


def _get(session: Session, patient_id: int) -> PatientRow:
    row = session.get(PatientRow, patient_id)
    if row is None:
        raise NotFound(f"there is no patient with id {patient_id}")
    return row


# -- operations ------------------------------------------------------------------------------------
def insert_patient(
    session: Session,
    db: Database,
    patient: Patient,
    notes: str = "",
    history: Sequence[HistoryEntry] = (),
    checkins: Sequence[Measurement] = (),
) -> PatientRow:
    if session.scalar(select(PatientRow.id).where(PatientRow.record_number == patient.id)) is not None:
        raise StoreError(f'a patient with record number "{patient.id}" already exists')
    now = db.now()
    row = PatientRow(
        record_number=patient.id,
        name=patient.name,
        sort_name=fold(patient.name),
        birth_date=patient.birth_date,
        sex=patient.sex,
        conditions=list(patient.conditions),
        crcl_ml_min=patient.crcl_ml_min,
        notes=notes,
        version=1,
        created_at=now,
        updated_at=now,
        updated_by=db.user,
    )
    row.history = [history_row(entry, index) for index, entry in enumerate(history)]
    session.add(row)
    session.flush()
    session.add_all(CheckInRow(patient_id=row.id, **checkin_fields(m)) for m in checkins)
    _index_terms(session, row)
    changes = _demographics(patient, notes) | {
        "history": _history_summary(history),
        "checkins": len(checkins),
    }
    audit.patient_event(session, db, "create", row.id, changes)
    session.flush()
    return row


def create_patient(
    db: Database,
    patient: Patient,
    notes: str = "",
    history: Sequence[HistoryEntry] = (),
    checkins: Sequence[Measurement] = (),
) -> PatientRecord:
    with db.writing() as session:
        return _record(session, insert_patient(session, db, patient, notes, history, checkins))


def load_patient(db: Database, patient_id: int) -> PatientRecord:
    with db.reading() as session:
        return _record(session, _get(session, patient_id))


def patient_version(session: Session, patient_id: int) -> int:
    return _get(session, patient_id).version


def find_patient(db: Database, record_number: str) -> int | None:
    with db.reading() as session:
        return session.scalar(select(PatientRow.id).where(PatientRow.record_number == record_number))


def search_patients(db: Database, text: str, limit: int = 50) -> list[PatientSummary]:
    with db.reading() as session:
        return [
            PatientSummary(r.id, r.record_number, r.name, r.birth_date) for r in search(session, text, limit)
        ]


def update_patient(
    db: Database,
    patient_id: int,
    expected_version: int,
    patient: Patient,
    notes: str,
    history: Sequence[HistoryEntry],
) -> PatientRecord:
    """Save demographics and history together; refused if someone saved the record since it was opened."""
    with db.writing() as session:
        change_patient(session, db, patient_id, expected_version, patient, notes, history)
        return _record(session, _get(session, patient_id))


def change_patient(
    session: Session,
    db: Database,
    patient_id: int,
    expected_version: int,
    patient: Patient,
    notes: str,
    history: Sequence[HistoryEntry],
) -> bool:
    """Save the patient's details if they differ from the record; True when a new version was written."""
    row = _get(session, patient_id)
    before = _demographics(domain_patient(row), row.notes) | {
        "history": _history_summary([history_entry(h) for h in row.history])
    }
    after = _demographics(patient, notes) | {"history": _history_summary(history)}
    if before == after and [history_entry(h) for h in row.history] == list(history):
        return False  # the record already says this: no new version, no audit entry
    now = db.now()
    claimed = rows_changed(
        session,
        update(PatientRow)
        .where(PatientRow.id == patient_id, PatientRow.version == expected_version)
        .values(version=expected_version + 1, updated_at=now, updated_by=db.user),
    )
    if claimed == 0:
        raise PatientConflict(patient_id, row.updated_by, row.updated_at)
    session.refresh(row)
    row.record_number, row.name, row.sort_name = patient.id, patient.name, fold(patient.name)
    row.birth_date, row.sex, row.conditions = patient.birth_date, patient.sex, list(patient.conditions)
    row.crcl_ml_min, row.notes = patient.crcl_ml_min, notes
    row.history = [history_row(entry, index) for index, entry in enumerate(history)]
    session.flush()
    _index_terms(session, row)
    audit.patient_event(session, db, "update", row.id, audit.differences(before, after))
    session.flush()
    return True


def remove_checkins(session: Session, db: Database, patient_id: int, removed: Sequence[Measurement]) -> None:
    """Delete check-ins the user removed in the window (one stored row for each), and say so in the audit."""
    if not removed:
        return
    rows = list(session.scalars(select(CheckInRow).where(CheckInRow.patient_id == patient_id)))
    gone = []
    for measurement in removed:
        match = next((row for row in rows if checkin(row) == measurement), None)
        if match is not None:
            rows.remove(match)
            session.delete(match)
            gone.append(measurement.date.isoformat())
    if gone:
        audit.patient_event(session, db, "checkin removed", patient_id, {"dates": gone})


def add_missing_checkins(
    session: Session, db: Database, patient_id: int, checkins: Sequence[Measurement]
) -> int:
    """Store the check-ins recorded in the window that the record lacks (an identical one is not doubled)."""
    stored = {
        checkin(row) for row in session.scalars(select(CheckInRow).where(CheckInRow.patient_id == patient_id))
    }
    new = [measurement for measurement in checkins if measurement not in stored]
    session.add_all(CheckInRow(patient_id=patient_id, **checkin_fields(m)) for m in new)
    if new:
        audit.patient_event(session, db, "checkin", patient_id, {"dates": [m.date.isoformat() for m in new]})
    return len(new)


def add_checkin(db: Database, patient_id: int, measurement: Measurement) -> None:
    with db.writing() as session:
        _get(session, patient_id)
        session.add(CheckInRow(patient_id=patient_id, **checkin_fields(measurement)))
        audit.patient_event(session, db, "checkin", patient_id, {"date": measurement.date.isoformat()})
