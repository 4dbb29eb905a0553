"""A clearance and a history patch dose in the database: kept, checked, added to older databases."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from careplanner.domain import Patient
from careplanner.store import Store
from tests.builders import document, foundation, past, weeks_before_start
from tests.integration.test_migrations import fill_at_first_schema
from tests.integration.test_store import a_patient


def with_crcl(patient: Patient, crcl: float | None) -> Patient:
    return dataclasses.replace(patient, crcl_ml_min=crcl)


def test_a_clearance_is_stored_changed_and_audited(store: Store) -> None:
    record = store.create_patient(with_crcl(a_patient(), 42.5))
    assert store.load_patient(record.id).patient.crcl_ml_min == 42.5
    updated = store.update_patient(record.id, 1, with_crcl(a_patient(), 28.0), "", [])
    assert updated.patient.crcl_ml_min == 28.0 and updated.version == 2
    assert store.audit_trail(record.id)[-1].changes["crcl_ml_min"] == [42.5, 28.0]
    cleared = store.update_patient(record.id, 2, a_patient(), "", [])
    assert cleared.patient.crcl_ml_min is None


def test_a_patch_dose_in_the_history_is_kept_in_mcg_per_hour(store: Store) -> None:
    history = [
        past("fentanyl-patch", weeks_before_start(10), dose_mcg_per_hour=25.0),
        past("gabapentin", weeks_before_start(30), weeks_before_start(20), "failed", dose_mg_per_day=1800.0),
    ]
    record = store.create_patient(a_patient(), history=history)
    assert store.load_patient(record.id).history == tuple(history)
    changed = [dataclasses.replace(history[0], dose_mcg_per_hour=37.5), history[1]]
    assert store.update_patient(record.id, 1, a_patient(), "", changed).history == tuple(changed)


def test_the_database_refuses_a_clearance_outside_0_to_250(store: Store) -> None:
    record = store.create_patient(with_crcl(a_patient(), 250))
    with store.db.engine.connect() as connection:
        for bad in (0, -5, 250.5):
            with pytest.raises(IntegrityError):
                connection.execute(
                    text("UPDATE patients SET crcl_ml_min = :v WHERE id = :id"), {"v": bad, "id": record.id}
                )
            connection.rollback()
    assert store.load_patient(record.id).patient.crcl_ml_min == 250


def test_an_import_fills_a_missing_clearance_and_never_overwrites_one(store: Store) -> None:
    doc = document(foundation())
    known = store.create_patient(doc.patient)
    with_value = dataclasses.replace(doc, patient=with_crcl(doc.patient, 35))
    store.import_document(with_value)
    assert store.load_patient(known.id).patient.crcl_ml_min == 35
    store.import_document(dataclasses.replace(doc, patient=with_crcl(doc.patient, 80)))
    assert store.load_patient(known.id).patient.crcl_ml_min == 35


def test_an_older_database_gets_the_column_empty_and_keeps_its_patients(tmp_path: Path) -> None:
    path = tmp_path / "careplanner.sqlite3"
    fill_at_first_schema(f"sqlite:///{path}")
    store = Store.open(f"sqlite:///{path}", "t")
    try:
        record = store.load_patient(1)
        assert (record.patient.name, record.patient.crcl_ml_min) == ("Ada", None)
        assert len(record.history) == 1 and len(store.list_plans(1)) == 1
        assert record.history[0].dose_mcg_per_hour is None
        store.update_patient(1, record.version, with_crcl(record.patient, 55), "", record.history)
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT crcl_ml_min FROM patients").fetchall() == [(55.0,)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
