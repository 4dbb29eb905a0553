"""Work a crash interrupted comes back where it belongs, never over a colleague's later save."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from careplanner.documents import read_plan_file
from careplanner.domain import Measurement, Patient
from careplanner.editing import default_templates, operations
from careplanner.editing.recovery import Origin, all_recoveries, save_recovery
from careplanner.store import StoreError
from careplanner.ui import dialogs
from careplanner.ui.window.main_window import MainWindow
from tests.builders import CATALOG
from tests.ui.conftest import simulate_crash

BEA = Patient("T-2", "Bea Example", dt.date(1962, 3, 4), "female", ("chronic-low-back-pain",))
TEMPLATE = next(t for t in default_templates() if t.id == "low-back-radicular")


def pending() -> list[object]:
    return list(all_recoveries(CATALOG.modalities.keys()))


def answer_questions(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def wait_for_autosave(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bool(pending()), timeout=3000)


def stored_patient(window: MainWindow) -> int:
    return window.controller.store.create_patient(BEA).id


def crash_with_unsaved_notes(window: MainWindow, qtbot, notes: str, *, status: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """A stored plan (given a status if asked), an unsaved note on its first item, a crash: the patient."""
    patient_id = stored_patient(window)
    window.controller.open_patient(patient_id)
    window.controller.apply_template(TEMPLATE)
    assert window.controller.save()
    if status is not None:
        window.controller.set_status(status)
    workspace = window.controller.workspace
    workspace.apply(operations.update_item(workspace.document, "i1", notes=notes), "Notes")
    wait_for_autosave(qtbot)
    simulate_crash(window)
    return patient_id


def on_another_computer(make_window, monkeypatch, folder: Path, work) -> None:  # type: ignore[no-untyped-def]
    """A colleague works on their own computer (their own recovery folder), then we are back on ours."""
    ours = os.environ["CAREPLANNER_DATA_DIR"]
    monkeypatch.setenv("CAREPLANNER_DATA_DIR", str(folder))
    work(make_window(user="dr.bob"))
    monkeypatch.setenv("CAREPLANNER_DATA_DIR", ours)


def dose_changed(patient_id: int):  # type: ignore[no-untyped-def]
    """A colleague's edit: the first item's dose, saved as the plan's next revision."""

    def change_the_dose(colleague: MainWindow) -> None:
        colleague.controller.open_patient(patient_id)
        theirs = colleague.controller.workspace
        theirs.apply(operations.update_item(theirs.document, "i1", dose_mg_per_day=90.0), "Dose")
        assert colleague.controller.save()

    return change_the_dose


def test_a_new_plan_for_a_stored_patient_comes_back(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = stored_patient(window)
    window.controller.open_patient(patient_id)  # no plan yet: a new one opens
    window.controller.apply_template(TEMPLATE)
    wait_for_autosave(qtbot)
    simulate_crash(window)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    assert len(asked) == 1
    assert len(again.controller.workspace.document.plan.items) == len(TEMPLATE.items)
    assert again.controller.save()
    assert again.controller.store.list_plans(patient_id)
    assert not pending()


def test_an_unsaved_second_plan_is_offered_when_the_patient_opens(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = stored_patient(window)
    window.controller.open_patient(patient_id)
    assert window.controller.save()  # the first plan is stored
    window.controller.new_plan(TEMPLATE)  # a second, never saved
    wait_for_autosave(qtbot)
    simulate_crash(window)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    workspace = again.controller.workspace
    assert any("new plan for Bea Example" in text for text in asked)
    assert workspace.origin.plan_id is None and not workspace.is_clean
    assert len(workspace.document.plan.items) == len(TEMPLATE.items)


def test_notes_typed_before_a_crash_come_back(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = stored_patient(window)
    window.controller.open_patient(patient_id)
    assert window.controller.save()
    window.view.patient_form.notes.setPlainText("Interpreter needed")
    wait_for_autosave(qtbot)
    simulate_crash(window)

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    assert again.controller.workspace.notes == "Interpreter needed"
    assert again.controller.save()
    assert again.controller.store.load_patient(patient_id).notes == "Interpreter needed"


def test_restored_work_does_not_silently_overwrite_a_later_revision(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    alice = make_window(user="dr.alice")
    patient_id = crash_with_unsaved_notes(alice, qtbot, "titrate slowly")  # resting on revision 1

    on_another_computer(make_window, monkeypatch, tmp_path / "bobs-computer", dose_changed(patient_id))
    conflicts: list[str] = []
    monkeypatch.setattr(
        dialogs, "resolve_conflict", lambda parent, text: conflicts.append(text) or dialogs.CANCEL
    )
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window(user="dr.alice")
    again.controller.open_patient(patient_id)
    assert "revision 2 has been saved since" in asked[0]
    assert not again.controller.save()  # the conflict is put to Alice, who cancels
    assert conflicts
    head = again.controller.store.load_revision(again.controller.workspace.origin.plan_id)
    assert head.info.number == 2 and head.document.plan.item("i1").dose_mg_per_day == 90.0


def test_work_on_a_plan_completed_since_is_kept_in_a_file(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    alice = make_window(user="dr.alice")
    patient_id = crash_with_unsaved_notes(alice, qtbot, "check kidneys first", status="active")

    def complete_the_plan(bob: MainWindow) -> None:
        bob.controller.open_patient(patient_id)
        bob.controller.set_status("completed")

    on_another_computer(make_window, monkeypatch, tmp_path / "bobs-computer", complete_the_plan)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *args, **kw: told.append(args[2])))
    again = make_window(user="dr.alice")
    again.controller.open_patient(patient_id)
    assert again.controller.workspace.read_only
    kept = sorted((Path(os.environ["CAREPLANNER_DATA_DIR"]) / "recovered").glob("*.careplan.json"))
    assert len(kept) == 1 and str(kept[0]) in told[0]
    assert (
        read_plan_file(kept[0], CATALOG.modalities.keys()).document.plan.item("i1").notes
        == "check kidneys first"
    )
    assert not pending()  # asked once, not every time the plan opens


def test_work_undone_back_to_the_saved_plan_is_not_offered_again(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = stored_patient(window)
    window.controller.open_patient(patient_id)
    assert window.controller.save()
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [2, 3, 4]), "Reviews")
    wait_for_autosave(qtbot)
    workspace.undo_stack.undo()
    assert workspace.is_clean and not pending()
    window.close()

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    assert asked == []


def test_a_new_patient_is_stored_at_once(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: BEA)
    window.actions_["new_patient"].trigger()
    store = window.controller.store
    patient_id = store.find_patient(BEA.id)
    assert patient_id is not None and store.load_patient(patient_id).patient == BEA
    assert window.controller.workspace.origin.patient_id == patient_id


def refuse_new_patients(window: MainWindow, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The database cannot take a patient now (e.g. the clinic's server is unreachable)."""
    warnings: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        raise StoreError("the database cannot be used right now; nothing was saved")

    monkeypatch.setattr(window.controller.store, "create_patient", refuse)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: warnings.append(str(args[2]))))
    return warnings


def test_a_new_patient_the_database_refused_is_unsaved_work(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    warnings = refuse_new_patients(window, monkeypatch)
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: BEA)
    window.actions_["new_patient"].trigger()
    workspace = window.controller.workspace
    assert warnings and "nothing was saved" in warnings[0]
    assert workspace.document.patient == BEA and not workspace.is_clean  # not "All changes saved"
    assert window.isWindowModified() and "Unsaved" in window.view.state.text()
    assert pending()  # kept safe at once
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, what: asked.append(what) or dialogs.CANCEL)
    store = window.controller.store
    cy = Patient("T-3", "Cy Example", dt.date(1970, 1, 2), "male", ())
    stored = type(store).create_patient(store, cy)  # the database is back
    assert not window.controller.open_patient(stored.id)  # opening another patient asks first
    assert asked and window.controller.workspace is workspace


def test_declined_work_on_a_new_patient_is_dropped(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    refuse_new_patients(window, monkeypatch)
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: BEA)
    window.actions_["new_patient"].trigger()
    window.controller.apply_template(TEMPLATE)
    wait_for_autosave(qtbot)
    simulate_crash(window)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    again = make_window()
    assert len(asked) == 1 and "Bea Example (record T-2, a new patient" in asked[0]
    assert again.controller.workspace is None and not pending()


def test_work_is_never_offered_to_another_databases_patient(
    make_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    local = make_window()
    patient_id = crash_with_unsaved_notes(local, qtbot, "titrate slowly")
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    clinic = make_window(url=f"sqlite:///{tmp_path / 'clinic.sqlite3'}")  # another database, same ids
    same_id = clinic.controller.store.create_patient(BEA).id
    assert same_id == patient_id
    clinic.controller.open_patient(same_id)
    assert asked == [] and clinic.controller.workspace.is_clean
    assert pending()  # still waiting for its own database
    again = make_window()
    again.controller.open_patient(patient_id)
    assert len(asked) == 1 and "Bea Example (record T-2)" in asked[0]
    assert again.controller.workspace.document.plan.item("i1").notes == "titrate slowly"


def test_restoring_keeps_what_others_recorded_since_the_crash(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = crash_with_unsaved_notes(window, qtbot, "titrate slowly")  # the plan only was edited
    store = window.controller.store
    store.add_checkin(patient_id, Measurement(dt.date(2026, 3, 1), sleep=6))  # from another workstation
    record = store.load_patient(patient_id)
    renamed = dataclasses.replace(record.patient, name="Beatrix Example")  # a colleague's correction
    store.update_patient(patient_id, record.version, renamed, record.notes, record.history)

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    assert again.controller.workspace.document.plan.item("i1").notes == "titrate slowly"
    assert again.controller.save()  # no conflict: the patient's details were not edited in the lost work
    after = store.load_patient(patient_id)
    assert after.patient.name == "Beatrix Example" and len(after.checkins) == 1


def test_undoing_a_restore_returns_to_the_newest_revision(  # type: ignore[no-untyped-def]
    make_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    alice = make_window(user="dr.alice")
    patient_id = crash_with_unsaved_notes(alice, qtbot, "titrate slowly")

    on_another_computer(make_window, monkeypatch, tmp_path / "bobs-computer", dose_changed(patient_id))
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window(user="dr.alice")
    again.controller.open_patient(patient_id)
    workspace = again.controller.workspace
    assert workspace.origin.base_revision == 1  # the restored work rests on revision 1
    workspace.undo_stack.undo()  # Alice lets it go
    assert workspace.is_clean and workspace.origin.base_revision == 2
    again.controller.set_status("active")  # no conflict with herself
    assert again.controller.workspace.status == "active"


def test_one_piece_of_recovered_work_at_a_time(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    patient_id = crash_with_unsaved_notes(window, qtbot, "titrate slowly")
    record = window.controller.store.load_patient(patient_id)
    unsaved_second_plan = operations.new_document(record.patient, dt.date(2026, 12, 7))
    identity = window.controller.store.identity
    save_recovery(Origin(patient_id, None, None, record.version, database=identity), unsaved_second_plan)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    again = make_window()
    again.controller.open_patient(patient_id)
    workspace = again.controller.workspace
    assert len(asked) == 1 and workspace.origin.plan_id is not None  # the restored plan stays open
    assert workspace.document.plan.item("i1").notes == "titrate slowly"
    assert again.controller.save()
    again.controller.open_patient(patient_id)  # the unsaved second plan is offered now
    assert len(asked) == 2 and again.controller.workspace.origin.plan_id is None
