"""Patients, search, plan revisions, conflicts, statuses and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careplanner.domain import CheckinChanges, HistoryEntry, Measurement, Patient, PegScores
from careplanner.editing import operations
from careplanner.store import PatientConflict, PlanConflict, PlanContent, Store, StoreError
from tests.builders import document, foundation, item, past, weeks_before_start


def a_patient(record: str = "P-1", name: str = "Ada Example", born: dt.date = dt.date(1958, 3, 2)) -> Patient:
    return Patient(record, name, born, "female", ("chronic-low-back-pain",))


def a_plan(store: Store, patient_id: int) -> int:
    return store.create_plan(patient_id, PlanContent.of(document(foundation())), "First plan").plan_id


def with_item_changed(content: PlanContent, assess_week: int) -> PlanContent:
    items = list(content.plan.items)
    items[0] = dataclasses.replace(items[0], assess_week=assess_week)
    return dataclasses.replace(content, plan=dataclasses.replace(content.plan, items=tuple(items)))


class TestPatients:
    def test_create_and_load_with_history(self, store: Store) -> None:
        history = [
            past(
                "gabapentin", weeks_before_start(40), weeks_before_start(20), "failed", dose_mg_per_day=1800.0
            )
        ]
        created = store.create_patient(a_patient(), "prefers mornings", history)
        loaded = store.load_patient(created.id)
        assert loaded.patient == a_patient()
        assert loaded.history == tuple(history)
        assert (loaded.notes, loaded.version, loaded.updated_by) == ("prefers mornings", 1, "dr.alice")
        assert loaded.updated_at.tzinfo is not None

    def test_record_numbers_are_unique(self, store: Store) -> None:
        store.create_patient(a_patient())
        with pytest.raises(StoreError, match='record number "P-1" already exists'):
            store.create_patient(a_patient(name="Someone Else"))

    def test_update_keeps_history_in_order(self, store: Store) -> None:
        record = store.create_patient(a_patient())
        history = [
            past("ibuprofen", weeks_before_start(30), weeks_before_start(26), "partial"),
            past("duloxetine", weeks_before_start(10)),
        ]
        updated = store.update_patient(record.id, 1, a_patient(name="Ada Example-Smith"), "", history)
        assert updated.version == 2 and updated.history == tuple(history)
        assert store.search_patients("smith")[0].id == record.id

    def test_a_second_update_from_the_same_version_is_refused(self, open_store) -> None:  # type: ignore[no-untyped-def]
        alice, bob = open_store("dr.alice"), open_store("dr.bob")
        record = alice.create_patient(a_patient())
        alice.update_patient(record.id, 1, a_patient(), "note from alice", [])
        with pytest.raises(PatientConflict, match=r"changed by dr\.alice"):
            bob.update_patient(record.id, 1, a_patient(), "note from bob", [])
        assert alice.load_patient(record.id).notes == "note from alice"

    def test_checkins(self, store: Store) -> None:
        record = store.create_patient(a_patient())
        store.add_checkin(record.id, Measurement(dt.date(2026, 12, 29), PegScores(6, 7, 6), 5, 5))
        assert store.load_patient(record.id).checkins == (
            Measurement(dt.date(2026, 12, 29), PegScores(6, 7, 6), 5, 5),
        )


class TestSearch:
    @pytest.fixture
    def people(self, store: Store) -> Store:
        store.create_patient(a_patient("MRN-1001", "Łukasz Wiśniewski", dt.date(1970, 1, 5)))
        store.create_patient(a_patient("MRN-1002", "Anne-Marie O'Neill", dt.date(1958, 3, 2)))
        store.create_patient(a_patient("MRN-2001", "Luke Anderson", dt.date(1958, 11, 30)))
        return store

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("luk", ["Luke Anderson", "Łukasz Wiśniewski"]),  # accents do not matter
            ("WIS", ["Łukasz Wiśniewski"]),
            ("marie", ["Anne-Marie O'Neill"]),
            ("anne o'n", ["Anne-Marie O'Neill"]),
            ("mrn-100", ["Łukasz Wiśniewski", "Anne-Marie O'Neill"]),
            ("2001", ["Luke Anderson"]),
            ("1958-03", ["Anne-Marie O'Neill"]),
            ("1958", ["Anne-Marie O'Neill", "Luke Anderson"]),
            ("zz", []),
        ],
    )
    def test_search_as_you_type(self, people: Store, query: str, expected: list[str]) -> None:
        assert sorted(p.name for p in people.search_patients(query)) == sorted(expected)

    def test_an_empty_query_lists_patients_by_name(self, people: Store) -> None:
        assert [p.name for p in people.search_patients("")] == [
            "Anne-Marie O'Neill",
            "Łukasz Wiśniewski",
            "Luke Anderson",  # "lukasz" sorts before "luke"
        ]


class TestRevisions:
    def test_each_save_is_a_new_revision_with_author_and_time(self, open_store) -> None:  # type: ignore[no-untyped-def]
        alice, bob = open_store("dr.alice"), open_store("dr.bob")
        plan_id = a_plan(alice, alice.create_patient(a_patient()).id)
        first = alice.load_revision(plan_id)
        bob.save_revision(
            plan_id, with_item_changed(PlanContent.of(first.document), 7), base=1, note="later check"
        )
        revisions = alice.list_revisions(plan_id)
        assert [(r.number, r.saved_by, r.note) for r in revisions] == [
            (1, "dr.alice", None),
            (2, "dr.bob", "later check"),
        ]
        assert revisions[0].saved_at <= revisions[1].saved_at

    def test_earlier_revisions_open_read_only_and_unchanged(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        original = store.load_revision(plan_id)
        store.save_revision(plan_id, with_item_changed(PlanContent.of(original.document), 7), base=1)
        old, new = store.load_revision(plan_id, 1), store.load_revision(plan_id)
        assert old.read_only and not new.read_only
        assert old.document.plan == original.document.plan
        assert new.document.plan.items[0].assess_week == 7

    def test_saving_unchanged_content_adds_no_revision(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        content = PlanContent.of(store.load_revision(plan_id).document)
        assert store.save_revision(plan_id, content, base=1).number == 1
        assert len(store.list_revisions(plan_id)) == 1


class TestConflicts:
    def test_only_an_item_changed_still_conflicts(self, open_store) -> None:  # type: ignore[no-untyped-def]
        alice, bob = open_store("dr.alice"), open_store("dr.bob")
        plan_id = a_plan(alice, alice.create_patient(a_patient()).id)
        content = PlanContent.of(alice.load_revision(plan_id).document)
        alice.save_revision(plan_id, with_item_changed(content, 5), base=1)
        with pytest.raises(PlanConflict) as raised:
            bob.save_revision(plan_id, with_item_changed(content, 8), base=1)
        assert "saved by dr.alice (revision 2" in str(raised.value)
        assert raised.value.head == 2
        assert alice.load_revision(plan_id).document.plan.items[0].assess_week == 5

    def test_the_refused_edit_can_be_kept_as_a_new_revision(self, open_store) -> None:  # type: ignore[no-untyped-def]
        alice, bob = open_store("dr.alice"), open_store("dr.bob")
        plan_id = a_plan(alice, alice.create_patient(a_patient()).id)
        content = PlanContent.of(alice.load_revision(plan_id).document)
        alice.save_revision(plan_id, with_item_changed(content, 5), base=1)
        with pytest.raises(PlanConflict) as raised:
            bob.save_revision(plan_id, with_item_changed(content, 8), base=1)
        bob.save_revision(
            plan_id, with_item_changed(content, 8), base=raised.value.head, note="kept after a conflict"
        )
        weeks = [alice.load_revision(plan_id, n).document.plan.items[0].assess_week for n in (1, 2, 3)]
        assert weeks == [6, 5, 8]  # nobody's work is lost

    def test_a_base_that_does_not_exist_is_refused(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        content = PlanContent.of(store.load_revision(plan_id).document)
        with pytest.raises(StoreError, match="no revision 5"):
            store.save_revision(plan_id, content, base=5)


class TestStatus:
    def test_status_changes_are_signed_revisions(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        store.set_status(plan_id, "active", base=1)
        store.set_status(plan_id, "completed", base=2)
        assert [(r.number, r.status) for r in store.list_revisions(plan_id)] == [
            (1, "draft"),
            (2, "active"),
            (3, "completed"),
        ]
        assert store.load_revision(plan_id).read_only

    def test_a_completed_plan_cannot_change(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        store.set_status(plan_id, "active", base=1)
        store.set_status(plan_id, "completed", base=2)
        content = PlanContent.of(store.load_revision(plan_id).document)
        with pytest.raises(StoreError, match="completed and can no longer change"):
            store.save_revision(plan_id, with_item_changed(content, 7), base=3)

    def test_illegal_transitions_are_refused(self, store: Store) -> None:
        plan_id = a_plan(store, store.create_patient(a_patient()).id)
        with pytest.raises(StoreError, match="a draft plan cannot become completed"):
            store.set_status(plan_id, "completed", base=1)


def test_the_audit_log_records_who_when_what(open_store) -> None:  # type: ignore[no-untyped-def]
    alice, bob = open_store("dr.alice"), open_store("nurse.bob")
    record = alice.create_patient(a_patient())
    plan_id = a_plan(alice, record.id)
    content = PlanContent.of(alice.load_revision(plan_id).document)
    extended = dataclasses.replace(
        content,
        plan=dataclasses.replace(
            content.plan, items=(*content.plan.items, item("pt", "physical-therapy", 6, 16))
        ),
    )
    bob.save_revision(plan_id, with_item_changed(extended, 7), base=1)
    bob.update_patient(
        record.id,
        1,
        a_patient(name="Ada Exampleton"),
        "",
        [HistoryEntry("duloxetine", dt.date(2026, 1, 1), "ongoing")],
    )
    events = alice.audit_trail(record.id)
    assert [(e.actor, e.action, e.entity) for e in events] == [
        ("dr.alice", "create", "patient"),
        ("dr.alice", "create", "plan"),
        ("nurse.bob", "save", "plan"),
        ("nurse.bob", "update", "patient"),
    ]
    save = events[2].changes
    assert save["items added"] == ["pt physical-therapy"]
    assert save["items changed"] == {"med": {"assess_week": [6, 7]}}
    assert events[3].changes["name"] == ["Ada Example", "Ada Exampleton"]
    assert "history" in events[3].changes


def test_save_work_stores_patient_and_plan_in_one_transaction(open_store) -> None:  # type: ignore[no-untyped-def]
    from careplanner.domain import Measurement
    from careplanner.store import PatientChange

    store = open_store("dr.alice")
    doc = document(foundation())
    saved = store.save_work(
        doc, None, None, PatientChange(doc.patient, "notes", doc.history, None), None, None, "Plan"
    )
    assert (saved.revision.number, saved.patient_version) == (1, 1)
    with_checkin = dataclasses.replace(doc, checkins=(Measurement(dt.date(2027, 1, 4), sleep=5),))
    renamed = dataclasses.replace(with_checkin, patient=dataclasses.replace(doc.patient, name="Renamed"))
    again = store.save_work(
        renamed,
        saved.patient_id,
        1,
        PatientChange(renamed.patient, "notes", (), 1),
        saved.plan_id,
        1,
        checkins=CheckinChanges.between(doc.checkins, with_checkin.checkins),
    )
    assert again.patient_version == 2
    assert store.load_patient(saved.patient_id).patient.name == "Renamed"
    assert len(store.load_patient(saved.patient_id).checkins) == 1


def test_a_conflict_in_save_work_writes_nothing(open_store) -> None:  # type: ignore[no-untyped-def]
    from careplanner.store import PatientChange

    alice, bob = open_store("dr.alice"), open_store("dr.bob")
    doc = document(foundation())
    saved = alice.save_work(doc, None, None, None, None, None)
    alice.save_work(
        with_item_changed(PlanContent.of(doc), 7).document(doc.patient),
        saved.patient_id,
        1,
        None,
        saved.plan_id,
        1,
    )
    renamed = dataclasses.replace(doc, patient=dataclasses.replace(doc.patient, name="Bob's edit"))
    with pytest.raises(PlanConflict):
        bob.save_work(
            renamed, saved.patient_id, 1, PatientChange(renamed.patient, "", (), 1), saved.plan_id, 1
        )
    assert (
        alice.load_patient(saved.patient_id).patient.name == doc.patient.name
    )  # the patient change rolled back


def test_a_plan_only_save_never_adopts_a_colleague_s_patient_version(open_store) -> None:  # type: ignore[no-untyped-def]
    from careplanner.store import PatientChange, PatientConflict

    alice, bob = open_store("dr.alice"), open_store("dr.bob")
    doc = document(foundation())
    saved = alice.save_work(doc, None, None, None, None, None)
    bob.update_patient(
        saved.patient_id, 1, dataclasses.replace(doc.patient, conditions=("radicular-pain",)), "", ()
    )
    plan_only = alice.save_work(
        with_item_changed(PlanContent.of(doc), 7).document(doc.patient),
        saved.patient_id,
        1,
        None,
        saved.plan_id,
        1,
    )
    assert plan_only.patient_version == 1  # still the version Alice's window holds
    with pytest.raises(PatientConflict, match=r"changed by dr\.bob"):
        alice.save_work(
            doc, saved.patient_id, 1, PatientChange(doc.patient, "lives alone", (), 1), saved.plan_id, 2
        )
    assert alice.load_patient(saved.patient_id).patient.conditions == ("radicular-pain",)  # Bob's change kept


def test_a_document_the_reader_would_refuse_is_never_stored(open_store) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    doc = document(foundation(), history=[HistoryEntry("other", dt.date(2026, 1, 1), "ongoing", name=None)])
    with pytest.raises(StoreError, match=r"history\[0\]\.name: missing"):
        store.save_work(doc, None, None, None, None, None)
    assert store.search_patients("") == []


def test_a_check_in_removed_in_the_window_is_removed_from_the_record(open_store) -> None:  # type: ignore[no-untyped-def]
    from careplanner.domain import Measurement

    store = open_store()
    typo = Measurement(dt.date(2027, 1, 4), sleep=9)
    doc = dataclasses.replace(document(foundation()), checkins=(typo,))
    saved = store.save_work(doc, None, None, None, None, None)
    fixed = dataclasses.replace(doc, checkins=(Measurement(dt.date(2027, 1, 4), sleep=3),))
    changes = CheckinChanges.between(doc.checkins, fixed.checkins)
    store.save_work(fixed, saved.patient_id, 1, None, saved.plan_id, 1, checkins=changes)
    assert store.load_patient(saved.patient_id).checkins == fixed.checkins


def test_a_save_writes_only_its_own_check_in_changes(open_store) -> None:  # type: ignore[no-untyped-def]
    from careplanner.domain import Measurement

    alice, bob = open_store("dr.alice"), open_store("dr.bob")
    january, march = Measurement(dt.date(2027, 1, 4), sleep=5), Measurement(dt.date(2027, 3, 1), sleep=6)
    doc = dataclasses.replace(document(foundation()), checkins=(january, march))
    saved = alice.save_work(doc, None, None, None, None, None)
    second = bob.save_work(doc, saved.patient_id, 1, None, None, None, "Second plan")
    # Bob removes March (recorded by mistake); Alice, whose window still lists it, saves her plan.
    bob.save_work(
        dataclasses.replace(doc, checkins=(january,)),
        saved.patient_id,
        1,
        None,
        second.plan_id,
        1,
        checkins=CheckinChanges(removed=(march,)),
    )
    alice.save_work(operations.set_reviews(doc, [4, 12]), saved.patient_id, 1, None, saved.plan_id, 1)
    assert alice.load_patient(saved.patient_id).checkins == (january,)  # not brought back


def test_a_renamed_plan_is_stored_under_its_new_name_with_an_audit_entry(open_store) -> None:  # type: ignore[no-untyped-def]
    store = open_store("dr.alice")
    doc = document(foundation())
    saved = store.save_work(doc, None, None, None, None, None, "Plan")
    again = store.save_work(doc, saved.patient_id, 1, None, saved.plan_id, 1, "Back pain, first stage")
    assert again.revision.number == 1  # the content did not change: the name is the plan's, not a revision's
    assert [p.title for p in store.list_plans(saved.patient_id)] == ["Back pain, first stage"]
    renames = [e for e in store.audit_trail(saved.patient_id) if e.action == "rename"]
    assert [e.changes["title"] for e in renames] == [["Plan", "Back pain, first stage"]]
    store.save_work(doc, saved.patient_id, 1, None, saved.plan_id, 1)  # no name given: the name stands
    assert [p.title for p in store.list_plans(saved.patient_id)] == ["Back pain, first stage"]
