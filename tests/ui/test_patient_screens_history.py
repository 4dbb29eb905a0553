"""History: nothing is added that the clinician did not enter; the editor never shows another patient's
values; the refractory summary names its sources and weeks in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox

from careplanner.domain import HistoryEntry
from careplanner.ui.patient import history_dialog as patient_history_dialog
from careplanner.ui.patient.history_dialog import AddTreatmentDialog
from tests.ui.test_history_and_baseline import add_to_history, enter_date, new_patient


def test_cancelling_add_treatment_adds_nothing(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    asked: list[object] = []
    monkeypatch.setattr(patient_history_dialog, "ask_history_entry", lambda *args: asked.append(args))
    window.view.history.add.click()
    assert asked  # adding asks what was tried...
    assert window.controller.workspace.document.history == ()  # ...and a cancelled question adds nothing


def test_adding_a_treatment_needs_its_name_start_and_outcome(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    dialog = AddTreatmentDialog(window, window.controller.catalog)
    qtbot.addWidget(dialog)
    add = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.treatment.currentIndex() == -1 and dialog.outcome.currentIndex() == -1
    assert dialog.start.text() == "" and dialog.end.text() == ""
    assert not add.isEnabled() and dialog.entry() is None

    dialog.treatment.setCurrentIndex(dialog.treatment.findData("duloxetine"))
    assert not add.isEnabled() and "started" in dialog.problem.text()
    enter_date(qtbot, dialog.start, dt.date(2025, 2, 3))
    assert not add.isEnabled() and "outcome" in dialog.problem.text()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("failed"))
    assert not add.isEnabled() and "ended" in dialog.problem.text()  # a failed trial has an end date
    enter_date(qtbot, dialog.end, dt.date(2025, 1, 1))
    assert not add.isEnabled() and "before it started" in dialog.problem.text()
    enter_date(qtbot, dialog.end, dt.date(2025, 5, 5))
    assert add.isEnabled()
    assert dialog.entry() == HistoryEntry("duloxetine", dt.date(2025, 2, 3), "failed", dt.date(2025, 5, 5))


def test_an_added_treatment_is_selected_for_its_remaining_details(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    add_to_history(window, monkeypatch, HistoryEntry("gabapentin", dt.date(2025, 1, 6), "ongoing"))
    history = window.view.history
    assert window.controller.workspace.document.history == (
        HistoryEntry("gabapentin", dt.date(2025, 1, 6), "ongoing"),
    )
    assert history.modality.currentText() == "Gabapentin" and history.start.text() == "2025-01-06"
    assert history.end.text() == "" and history.dose.isEnabled()


def test_with_no_row_selected_the_editor_shows_nothing_of_another_patient(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    controller, history = window.controller, window.view.history
    controller.open_patient(controller.store.find_patient("DEMO-0003"))
    window.view.tabs.setCurrentWidget(history)
    history.table.selectRow(0)
    assert history.modality.currentText() == "Amitriptyline"
    assert history.reason.text() == "no benefit at 50 mg"

    controller.open_patient(controller.store.find_patient("DEMO-0005"))
    assert history.table.selectedIndexes() == []
    assert history.modality.currentText() == "" and history.outcome.currentText() == ""
    for field in (history.name, history.start, history.end, history.region, history.reason):
        assert field.text() == ""
    assert history.dose.text() == "—" and history.relief.text() == "—"


def test_the_refractory_summary_names_its_sources_and_the_trial_column_its_weeks(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    controller, history = window.controller, window.view.history
    controller.open_patient(controller.store.find_patient("DEMO-0003"))
    text = history.refractory.text()
    assert "S-TRP" not in text and "Smith12" not in text and "[" not in text
    assert "Background reading on treatment-resistant pain" in text
    assert "Definition of refractory neuropathic pain, 2012" in text
    assert history.table.item(0, 1).text() == "8 weeks; adequate (window opens at week 6)"
