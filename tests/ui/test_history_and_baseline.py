"""Editing what was tried before and the baseline: every edit leaves a plan the reader accepts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit

from careplanner.domain import OTHER_MODALITY, HistoryEntry, Patient
from careplanner.editing import operations
from careplanner.ui import dialogs
from careplanner.ui.followup.checkin_dialog import CheckinDialog
from careplanner.ui.patient import history_dialog as patient_history_dialog
from careplanner.ui.patient.measurement_fields import MeasurementFields
from careplanner.ui.window.main_window import MainWindow

ANN = Patient("T-1", "Ann Example", dt.date(1960, 1, 1), "female")


def new_patient(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: ANN)
    window.actions_["new_patient"].trigger()


def enter_date(qtbot, field: QLineEdit, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Type a date over whatever the field shows, as a clinician would."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, day.isoformat())


def enter_scores(qtbot, fields: MeasurementFields, **scores: int) -> None:  # type: ignore[no-untyped-def]
    for name, score in scores.items():
        box = fields.box(name)
        box.setFocus()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box, str(score))


def add_to_history(window: MainWindow, monkeypatch, entry: HistoryEntry) -> None:  # type: ignore[no-untyped-def]
    """Add a treatment as if the clinician had filled in the add-treatment dialog."""
    monkeypatch.setattr(patient_history_dialog, "ask_history_entry", lambda *args: entry)
    window.view.history.add.click()


def add_other_treatment(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    entry = HistoryEntry(OTHER_MODALITY, dt.date(2025, 1, 6), "partial", dt.date(2025, 3, 3), "Hydrotherapy")
    add_to_history(window, monkeypatch, entry)


def test_clearing_the_name_of_an_outside_treatment_keeps_the_last_name(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    add_other_treatment(window, monkeypatch)
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


def record_checkin(qtbot, window: MainWindow, day: dt.date, pain: int) -> None:  # type: ignore[no-untyped-def]
    """Fill in and record the check-in form, as the clinician would after "Record check-in…"."""
    dialog = CheckinDialog(window, window.controller.workspace, dt.date.today())
    qtbot.addWidget(dialog)
    enter_date(qtbot, dialog.fields.date, day)
    enter_scores(qtbot, dialog.fields, pain=pain, enjoyment=5, activity=5)
    dialog.ok.click()


def test_a_check_in_recorded_by_mistake_can_be_removed_for_good(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view, workspace = window.view.followup, window.controller.workspace
    for day, pain in ((dt.date(2026, 3, 1), 6), (dt.date(2026, 1, 1), 9)):
        record_checkin(qtbot, window, day, pain)
    assert window.controller.save()
    assert not view.remove_checkin.isEnabled()  # nothing selected yet

    view.checkins.selectRow(0)  # the table lists by date: row 0 is the January check-in
    view.remove_checkin.click()
    assert [checkin.date for checkin in workspace.document.checkins] == [dt.date(2026, 3, 1)]
    assert window.controller.save()

    again = make_window()
    again.controller.open_patient(workspace.origin.patient_id)
    assert [c.peg.pain for c in again.controller.workspace.document.checkins] == [6]


def test_removing_a_check_in_leaves_nothing_selected(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view = window.view.followup
    for month in (1, 2, 3):
        record_checkin(qtbot, window, dt.date(2026, month, 1), 6)
    view.checkins.selectRow(0)
    view.remove_checkin.click()
    assert not view.remove_checkin.isEnabled()  # a double click removes one check-in, not two
    view.remove_checkin.click()
    assert len(window.controller.workspace.document.checkins) == 2
