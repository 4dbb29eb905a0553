"""Autosave recovery files and the demo patients."""

from __future__ import annotations

import dataclasses
import datetime as dt
import stat
from pathlib import Path

from careplanner.checks import check_plan
from careplanner.domain import CheckinChanges, Measurement, PlanDocument
from careplanner.editing import operations
from careplanner.editing.demo import ACTIVE, demo_documents, load_demo
from careplanner.editing.recovery import (
    Loaded,
    Origin,
    Recovered,
    all_recoveries,
    discard_recovery,
    pending_recoveries,
    save_recovery,
)
from careplanner.followup.worklist import plan_entries
from tests.builders import CATALOG, document, foundation
from tests.builders import document as document_of

MODALITIES = CATALOG.modalities.keys()


def test_a_recovery_file_round_trips_and_is_private(tmp_path: Path) -> None:
    origin = Origin(patient_id=3, plan_id=7, base_revision=2, patient_version=5, notes="call first")
    saved = save_recovery(origin, document(foundation()), directory=tmp_path)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and stat.S_IMODE(tmp_path.stat().st_mode) in (
        0o700,
        0o755,
    )
    [found] = all_recoveries(MODALITIES, tmp_path)
    assert found.origin == origin and found.document == document(foundation())
    discard_recovery(origin, tmp_path)
    assert all_recoveries(MODALITIES, tmp_path) == []


JAN, MAR, MAY = (Measurement(dt.date(2027, month, 4), sleep=5) for month in (1, 3, 5))


def test_check_in_changes_are_made_to_the_list_as_it_is_now() -> None:
    changes = CheckinChanges.between((JAN, MAR), (MAR, MAY))  # January removed, May added
    assert changes == CheckinChanges(added=(MAY,), removed=(JAN,))
    assert changes.applied_to((JAN, MAR, dataclasses.replace(MAR, sleep=2))) == (
        MAR,
        dataclasses.replace(MAR, sleep=2),  # a colleague's check-in stays
        MAY,
    )
    assert not CheckinChanges.between((JAN, JAN), (JAN, JAN))
    assert CheckinChanges.between((JAN, JAN), (JAN,)).removed == (JAN,)  # one of two identical ones


def recovered(loaded: PlanDocument, edited: PlanDocument, notes: str = "") -> Recovered:
    return Recovered(
        Origin(1, 2, 1, 1, notes=notes), edited, dt.datetime.now(dt.UTC), Path("x"), Loaded(loaded, "")
    )


def test_restoring_takes_only_the_parts_the_user_edited() -> None:
    then = dataclasses.replace(document(foundation()), checkins=(JAN,))
    plan_edit = operations.set_reviews(then, [4, 12])
    # Since the crash a colleague renamed the patient and recorded a check-in.
    now = dataclasses.replace(
        then, patient=dataclasses.replace(then.patient, name="Renamed"), checkins=(JAN, MAR)
    )
    work = recovered(then, plan_edit)
    assert work.plan_edited and not work.patient_edited
    merged, notes = work.merged_into(now, "their notes")
    assert merged.patient.name == "Renamed" and notes == "their notes"
    assert [r.week for r in merged.plan.reviews] == [4, 12] and merged.checkins == (JAN, MAR)

    patient_edit = recovered(then, dataclasses.replace(then, checkins=()), notes="lives alone")
    assert patient_edit.patient_edited and not patient_edit.plan_edited
    merged, notes = patient_edit.merged_into(now, "their notes")
    assert notes == "lives alone" and merged.patient == then.patient and merged.checkins == (MAR,)


def test_a_recovery_file_without_what_was_loaded_restores_everything() -> None:
    then = document(foundation())
    work = Recovered(Origin(1, 2, 1, 1), then, dt.datetime.now(dt.UTC), Path("x"))
    other = dataclasses.replace(
        then, patient=dataclasses.replace(then.patient, name="Renamed"), checkins=(MAR,)
    )
    assert work.merged_into(other, "n") == (then, "")


def test_what_was_loaded_round_trips_through_the_file(tmp_path: Path) -> None:
    then = document(foundation())
    save_recovery(
        Origin(3, 7, 2, 5, notes="n"), operations.set_reviews(then, [8]), Loaded(then, "n"), tmp_path
    )
    [found] = all_recoveries(MODALITIES, tmp_path)
    assert found.loaded == Loaded(then, "n") and found.plan_edited and not found.patient_edited


def test_a_damaged_recovery_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "patient-1-plan-1.json").write_text("{ half written")
    assert all_recoveries(MODALITIES, tmp_path) == []


def test_files_and_new_patients_have_their_own_keys() -> None:
    assert Origin(file="/home/x/a.careplan.json").key != Origin(file="/home/x/b.careplan.json").key
    assert Origin(database="abc").key == "db-abc-patient-new-plan-new"


def test_work_belongs_only_to_the_database_it_came_from(tmp_path: Path) -> None:
    document = operations.new_document(document_of().patient, dt.date(2026, 12, 7))
    save_recovery(Origin(1, 2, 1, 1, database="local"), document, directory=tmp_path)
    save_recovery(Origin(1, 2, 1, 1, database="clinic"), document, directory=tmp_path)
    save_recovery(Origin(file="/plans/a.careplan.json"), document, directory=tmp_path)
    save_recovery(Origin(1, 2, 1, 1), document, directory=tmp_path)  # an older version's file
    local = pending_recoveries(MODALITIES, "local", tmp_path)
    assert sorted(str(found.origin.database or found.origin.file) for found in local) == [
        "/plans/a.careplan.json",
        "local",
    ]
    assert [found.origin.database for found in pending_recoveries(MODALITIES, "elsewhere", tmp_path)] == [
        None
    ]
    [legacy] = pending_recoveries(MODALITIES, "local", tmp_path, legacy=True)
    assert legacy.origin.is_legacy


def test_demo_patients_are_invented_and_their_template_plans_pass_their_checks() -> None:
    documents = demo_documents(CATALOG, dt.date(2026, 11, 21))
    assert len({d.patient.id for d, _ in documents}) == 5
    assert all(d.patient.id.startswith("DEMO-") for d, _ in documents)
    for doc, title in documents:
        loud = [f for f in check_plan(doc, CATALOG).findings if f.severity != "info"]
        assert (title == "Plan to review") == bool(loud), title  # only the example with problems is noisy


def test_demo_baselines_are_never_dated_in_the_future() -> None:
    for today in (dt.date(2026, 12, 1), dt.date(2026, 12, 5), dt.date(2026, 12, 7)):
        for doc, _ in demo_documents(CATALOG, today):
            assert doc.baseline is None or doc.baseline.date <= today


def _due_on(today: dt.date) -> set[tuple[str, str, str | None, str]]:
    """(patient, kind, treatment, status) of every line the demo's active plans put on the list that day."""
    found = set()
    for doc, title in demo_documents(CATALOG, today):
        if doc.patient.id in ACTIVE:
            for entry in plan_entries(doc, patient_key=0, plan_id=0, plan_title=title, as_of=today):
                found.add((entry.patient_name, entry.kind, entry.modality, entry.status))
    return found


def test_the_demo_always_has_an_overdue_assessment_and_an_assessment_and_a_review_due_this_week() -> None:
    for today in (dt.date(2026, 11, 30) + dt.timedelta(days=n) for n in range(7)):  # every weekday
        assert _due_on(today) == {
            ("Casey Demo", "assessment", "diclofenac-topical", "overdue"),
            ("Casey Demo", "review", None, "overdue"),
            ("Jordan Sample", "assessment", "act", "due"),
            ("Robin Example", "review", None, "due"),
        }, today


def test_the_demo_follow_up_has_check_ins_a_review_held_and_a_stopped_course_in_the_history() -> None:
    today = dt.date(2026, 12, 2)
    jordan = next(doc for doc, _ in demo_documents(CATALOG, today) if doc.patient.name == "Jordan Sample")
    assert len(jordan.checkins) >= 3
    assert all(c.goal_progress and c.adherence for c in jordan.checkins)
    assert all(jordan.baseline.date < c.date <= today for c in jordan.checkins)  # type: ignore[union-attr]
    assert [r.held_on for r in jordan.plan.reviews if r.held_on] == [jordan.plan.week_date(4)]
    duloxetine = jordan.plan.item("i1")
    assert duloxetine is not None and duloxetine.assessed is not None
    assert (duloxetine.assessed.decision, duloxetine.assessed.result) == ("stop", "failed")
    decided_on = duloxetine.assessed.decided_on
    assert decided_on is not None and decided_on <= today
    ended = [h for h in jordan.history if h.modality == "duloxetine"]
    assert [(h.start, h.end, h.outcome) for h in ended] == [(jordan.plan.start, decided_on, "failed")]
    for doc, _ in demo_documents(CATALOG, today):
        for measured in (doc.baseline, *doc.checkins):
            assert measured is None or measured.date <= today


class _Store:
    def __init__(self, required: tuple[str, ...] = ()) -> None:
        self.stored: dict[str, int] = {}
        self.activated: list[tuple[str, int]] = []
        self.required = required

    def required_signoffs(self) -> tuple[str, ...]:
        return self.required

    def find_patient(self, record_number: str) -> int | None:
        return self.stored.get(record_number)

    def import_document(self, doc: PlanDocument, title: str | None = None) -> object:
        self.stored[doc.patient.id] = plan_id = len(self.stored) + 1
        return type("Imported", (), {"plan_id": plan_id})()

    def set_status(self, plan_id: int, status: str, base: int) -> object:
        self.activated.append((status, plan_id))
        return None


def test_the_demo_stores_the_running_plans_as_active_once() -> None:
    store = _Store()
    assert load_demo(store, CATALOG, dt.date(2026, 12, 2)) == 5
    assert store.activated == [("active", store.stored[record]) for record in sorted(ACTIVE)]
    assert load_demo(store, CATALOG, dt.date(2026, 12, 2)) == 0
    assert len(store.activated) == len(ACTIVE)


def test_the_demo_keeps_its_plans_drafts_where_the_clinic_requires_sign_off() -> None:
    store = _Store(required=("pharmacy",))
    assert load_demo(store, CATALOG, dt.date(2026, 12, 2)) == 5
    assert store.activated == []
