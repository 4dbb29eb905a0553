"""import/export round trips a plan document without losing any field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from careplanner.documents import plan_to_text, read_plan_file, read_plan_text
from careplanner.resources import examples_dir
from careplanner.store import Store, StoreError
from tests.builders import CATALOG
from tests.unit.test_documents_properties import plan_documents

MODALITIES = CATALOG.modalities.keys()
EXAMPLES = ["good-plan.careplan.json", "plan-with-problems.careplan.json"]


def example(name: str):  # type: ignore[no-untyped-def]
    return read_plan_file(examples_dir() / name, MODALITIES).document


@pytest.mark.parametrize("name", EXAMPLES)
def test_import_then_export_gives_the_same_document(store: Store, name: str) -> None:
    original = example(name)
    imported = store.import_document(original)
    assert plan_to_text(store.export_document(imported.plan_id)) == plan_to_text(original)


def test_checkins_round_trip(store: Store) -> None:
    data = json.loads((examples_dir() / EXAMPLES[0]).read_text())
    data["checkins"] = [
        {"date": "2027-01-04", "peg": {"pain": 6, "enjoyment": 6, "activity": 5}, "sleep": 5, "mood": 6},
        {"date": "2027-02-01", "sleep": 6},
    ]
    original = read_plan_text(json.dumps(data), MODALITIES).document
    assert store.export_document(store.import_document(original).plan_id) == original


def test_importing_again_adds_a_plan_and_nothing_twice(store: Store) -> None:
    first = store.import_document(example(EXAMPLES[1]))
    second = store.import_document(example(EXAMPLES[1]), title="Second opinion")
    assert (second.patient_id, second.created_patient, second.added_history) == (first.patient_id, False, 0)
    assert len(store.load_patient(first.patient_id).history) == 6
    assert [p.title for p in store.list_plans(first.patient_id)] == ["Second opinion", "Imported plan"]


def test_a_record_number_of_another_person_is_refused_and_nothing_changes(store: Store) -> None:
    imported = store.import_document(example(EXAMPLES[0]))
    data = json.loads((examples_dir() / EXAMPLES[0]).read_text())
    data["patient"]["name"] = "Somebody Else"
    data["history"].append({"modality": "yoga", "start": "2026-01-05", "end": None, "outcome": "ongoing"})
    with pytest.raises(StoreError, match="already belongs to another patient"):
        store.import_document(read_plan_text(json.dumps(data), MODALITIES).document)
    assert len(store.list_plans(imported.patient_id)) == 1
    assert len(store.load_patient(imported.patient_id).history) == 4


def test_an_import_that_fails_half_way_leaves_nothing_behind(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def plan_refused(*_: object, **__: object) -> None:
        raise StoreError("the plan could not be written")

    monkeypatch.setattr("careplanner.store.exchange.insert_plan", plan_refused)
    with pytest.raises(StoreError, match="could not be written"):
        store.import_document(example(EXAMPLES[0]))
    assert store.search_patients("") == []  # the patient went back with the plan


@given(plan_documents())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_any_document_round_trips_through_sqlite(tmp_path: Path, data: dict) -> None:  # type: ignore[type-arg]
    document = read_plan_text(json.dumps(data), MODALITIES).document
    store = Store.open(f"sqlite:///{tmp_path / f'{dt.datetime.now().timestamp()}.sqlite3'}", "prop")
    try:
        assert store.export_document(store.import_document(document).plan_id) == document
    finally:
        store.close()
