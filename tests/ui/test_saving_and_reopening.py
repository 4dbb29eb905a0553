"""Saving, reopening, revisions, conflicts between two windows, and work recovered after a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from careplanner.domain import HistoryEntry, Patient
from careplanner.editing import default_templates
from careplanner.editing.recovery import all_recoveries
from careplanner.ui import dialogs
from careplanner.ui.patient import history_dialog as patient_history_dialog
from careplanner.ui.window.main_window import MainWindow
from tests.builders import CATALOG
from tests.ui.conftest import simulate_crash

ADA = Patient(
    "T-200", "Ada Example", dt.date(1960, 1, 15), "female", ("chronic-low-back-pain", "radicular-pain")
)


def new_plan_from_template(window: MainWindow, monkeypatch, template_id: str = "low-back-radicular") -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: ADA)
    window.actions_["new_patient"].trigger()
    template = next(t for t in default_templates() if t.id == template_id)
    window.controller.apply_template(template)


def test_save_then_reopen_gives_the_same_plan(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    workspace = window.controller.workspace
    workspace.set_notes("Prefers morning appointments")
    built = workspace.document
    window.view.builder.plan_view.setFocus()
    qtbot.keyClick(window.view.builder.plan_view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert workspace.is_clean and workspace.origin.plan_id is not None
    assert "All changes saved" in window.view.state.text()
    patient_id, plan_id = workspace.origin.patient_id, workspace.origin.plan_id

    other = make_window()
    other.controller.open_patient(patient_id)
    reopened = other.controller.workspace
    assert reopened.document == built
    assert reopened.notes == "Prefers morning appointments"
    assert other.controller.store.list_revisions(plan_id)[0].saved_by == "dr.test"


def test_each_save_is_a_revision_and_earlier_ones_open_read_only(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    window.controller.save()
    workspace = window.controller.workspace
    from careplanner.editing import operations

    workspace.apply(operations.move_item(workspace.document, "i5", 14), "Move yoga")
    window.controller.save()
    origin = window.controller.workspace.origin
    assert origin.base_revision == 2
    monkeypatch.setattr(dialogs, "choose_revision", lambda parent, revisions: 1)
    window.actions_["revisions"].trigger()
    old = window.controller.workspace
    assert old.read_only and old.document.plan.item("i5").start_week == 12
    assert window.view.banner.isVisible()
    assert not window.view.builder.item_form.start.isEnabled()
    old.apply(operations.move_item(old.document, "i5", 20), "must not happen")
    assert old.document.plan.item("i5").start_week == 12


def test_two_windows_editing_one_plan_lose_nothing(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = make_window(user="dr.alice")
    new_plan_from_template(first, monkeypatch)
    first.controller.save()
    patient_id = first.controller.workspace.origin.patient_id
    second = make_window(user="dr.bob")
    second.controller.open_patient(patient_id)
    from careplanner.editing import operations

    alice, bob = first.controller.workspace, second.controller.workspace
    alice.apply(operations.update_item(alice.document, "i1", dose_mg_per_day=30.0), "Alice: dose")
    bob.apply(
        operations.update_item(bob.document, "i2", assess_week=9), "Bob: assessment"
    )  # another item only
    assert first.controller.save()
    shown: list[str] = []

    def keep_mine(parent: object, message: str) -> str:
        shown.append(message)
        return dialogs.KEEP_MINE

    monkeypatch.setattr(dialogs, "resolve_conflict", keep_mine)
    assert second.controller.save()
    assert "saved by dr.alice (revision 2" in shown[0]
    revisions = second.controller.store.list_revisions(alice.origin.plan_id)
    assert [(r.number, r.saved_by) for r in revisions] == [(1, "dr.alice"), (2, "dr.alice"), (3, "dr.bob")]
    kept_alices = second.controller.store.load_revision(alice.origin.plan_id, 2).document
    assert kept_alices.plan.item("i1").dose_mg_per_day == 30.0  # Alice's work is still there, as revision 2


def test_unsaved_work_comes_back_after_a_crash(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    window.controller.save()
    workspace = window.controller.workspace
    from careplanner.editing import operations

    workspace.apply(operations.update_item(workspace.document, "i1", notes="titrate slowly"), "Notes")
    qtbot.waitUntil(lambda: bool(all_recoveries(CATALOG.modalities.keys())), timeout=3000)
    patient_id = workspace.origin.patient_id
    simulate_crash(window)

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    )
    again = make_window()
    again.controller.open_patient(patient_id)
    restored = again.controller.workspace
    assert restored.document.plan.item("i1").notes == "titrate slowly"
    assert not restored.is_clean  # restored, to be saved by the user


def test_first_start_offers_the_demo_patients(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.demo.isVisible()
    qtbot.mouseClick(window.welcome.demo, Qt.MouseButton.LeftButton)
    assert window.patients.results.count() == 5
    assert not window.welcome.demo.isVisible()
    qtbot.keyClicks(window.patients.search, "sam")
    qtbot.keyClick(window.patients.search, Qt.Key.Key_Return)
    assert window.controller.workspace.document.patient.name == "Sam Placeholder"
    assert window.controller.workspace.report.has_errors


def test_demo_flag_loads_the_demo_patients(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    assert window.controller.store.search_patients("demo-000", limit=10)
    assert window.patients.results.count() == 5


def test_open_and_save_a_plan_file(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from careplanner.resources import examples_dir

    target = tmp_path / "ada.careplan.json"
    target.write_text((examples_dir() / "good-plan.careplan.json").read_text())
    window = make_window()
    window.controller.open_file(target)
    workspace = window.controller.workspace
    assert workspace.origin.file == str(target)
    from careplanner.editing import operations

    workspace.apply(operations.update_item(workspace.document, "i1", dose_mg_per_day=30.0), "dose")
    assert window.controller.save()
    assert '"dose_mg_per_day": 30' in target.read_text()


def test_a_refused_file_says_why_and_opens_nothing(make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.careplan.json"
    bad.write_text('{"format": "careplanner/1", "patient": {}, "plan": {"start": "soon"}}')
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    window = make_window()
    window.controller.open_file(bad)
    assert window.controller.workspace is None
    assert "plan.start" in shown[0] and "patient.id: missing" in shown[0]


def test_the_window_remembers_its_layout(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.findings_dock.hide()
    window.view.builder.split.setSizes([150, 450])
    arranged = window.view.builder.split.sizes()
    window.close()
    again = make_window()
    assert not again.findings_dock.isVisible()
    assert again.view.builder.split.sizes() == arranged  # (the size is fitted to the screen on restore)


def test_closing_with_unsaved_work_asks_and_can_save(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, what: dialogs.SAVE)
    window.close()
    store = window.controller.store
    assert store is not None
    found = make_window().controller.store.search_patients("ada")
    assert [p.name for p in found] == ["Ada Example"]


def test_history_edits_update_the_trial_marks_and_checks(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    history = window.view.history
    window.view.tabs.setCurrentWidget(history)
    started = HistoryEntry("duloxetine", dt.date(2025, 1, 6), "ongoing")
    monkeypatch.setattr(patient_history_dialog, "ask_history_entry", lambda *args: started)
    history.add.click()
    history._outcome_changed("intolerant")  # waits for the date it ended: none is made up
    assert window.controller.workspace.document.history[0] == started
    qtbot.keyClicks(history.end, "2025-02-03")
    entry = window.controller.workspace.document.history[0]
    assert (entry.modality, entry.outcome, entry.end) == ("duloxetine", "intolerant", dt.date(2025, 2, 3))
    assert "HIST-INTOLERANT" in {f.rule for f in window.controller.workspace.report.findings}
    assert history.table.item(0, 0).text() == "Duloxetine"
    window.controller.workspace.undo_stack.undo()
    assert window.controller.workspace.document.history[0] == started


def test_a_database_that_cannot_be_opened_is_explained(make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "picked-by-mistake.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: told.append(text)))
    window = make_window(url=f"sqlite:///{bad}")
    assert len(told) == 1 and "file is not a database" in told[0]
    assert window.controller.store is None and "cannot be opened" in window.welcome.text.text()
