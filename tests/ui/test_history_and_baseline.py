"""Editing what was tried before and the baseline: every edit leaves a plan the reader accepts."""

from __future__ import annotations

import datetime as dt

from careplanner.domain import OTHER_MODALITY, HistoryEntry, Patient
from careplanner.editing import operations
from careplanner.ui import dialogs
from careplanner.ui.main_window import MainWindow
from careplanner.ui.widgets import to_qdate

ANN = Patient("T-1", "Ann Example", dt.date(1960, 1, 1), "female")


def new_patient(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: ANN)
    window.actions_["new_patient"].trigger()


def add_other_treatment(window: MainWindow) -> None:
    history = window.view.history
    history.add.click()
    other = history.modality.findData("other")
    history.modality.setCurrentIndex(other)
    history.modality.activated.emit(other)


def test_clearing_the_name_of_an_outside_treatment_keeps_the_last_name(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    add_other_treatment(window)
    history, workspace = window.view.history, window.controller.workspace
    history.name.setText("Hydrotherapy abroad")
    history.name.textEdited.emit("Hydrotherapy abroad")
    assert workspace.document.history[0].name == "Hydrotherapy abroad"

    history.name.clear()
    history.name.textEdited.emit("")  # the clinician deletes the name
    history.name.editingFinished.emit()
    assert workspace.document.history[0].name == "Hydrotherapy abroad"
    assert history.name.text() == "Hydrotherapy abroad"  # shown again once editing ends
    assert window.controller.save()
    reopened = window.controller.store.load_revision(workspace.origin.plan_id)
    assert reopened.document.history[0].name == "Hydrotherapy abroad"


def test_an_unnamed_outside_treatment_is_labelled_in_findings(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    workspace = window.controller.workspace
    unnamed = HistoryEntry(OTHER_MODALITY, dt.date(2025, 1, 1), "failed", end=dt.date(2025, 3, 1))
    workspace.apply(operations.set_history(workspace.document, [unnamed]), "Add history")
    assert workspace.report_label("history[0]") == "Other treatment (history)"


def test_a_check_in_recorded_by_mistake_can_be_removed_and_stays_removed(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view, workspace = window.view.baseline, window.controller.workspace
    for day, pain in ((dt.date(2026, 3, 1), 6), (dt.date(2026, 1, 1), 9)):
        view.checkin.date.setDate(to_qdate(day))
        view.checkin.pain.setValue(pain)
        view.add_checkin.click()
    assert window.controller.save()
    assert not view.remove_checkin.isEnabled()  # nothing selected yet

    view.progress.selectRow(0)  # the table lists by date: row 0 is the January check-in
    view.remove_checkin.click()
    assert [checkin.date for checkin in workspace.document.checkins] == [dt.date(2026, 3, 1)]
    assert window.controller.save()

    again = make_window()
    again.controller.open_patient(workspace.origin.patient_id)
    assert [c.peg.pain for c in again.controller.workspace.document.checkins] == [6]


def test_removing_a_check_in_leaves_nothing_selected(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view = window.view.baseline
    for month in (1, 2, 3):
        view.checkin.date.setDate(to_qdate(dt.date(2026, month, 1)))
        view.add_checkin.click()
    view.progress.selectRow(0)
    view.remove_checkin.click()
    assert not view.remove_checkin.isEnabled()  # a double click removes one check-in, not two
    view.remove_checkin.click()
    assert len(window.controller.workspace.document.checkins) == 2
