"""A fentanyl patch is dosed in micrograms an hour, every other medicine in mg a day: the item editor and the
history editor show the unit of the treatment on show and store the dose in its own field."""

from __future__ import annotations

import dataclasses
import datetime as dt

from careplanner.domain import HistoryEntry
from careplanner.editing import operations
from tests.ui.test_building_a_plan import add_by_keyboard, start_new_patient


def test_the_item_editor_doses_a_patch_per_hour_and_a_tablet_per_day(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "fentanyl patch")
    form, workspace = window.view.builder.item_form, window.controller.workspace
    assert form.dose.suffix() == " mcg/h"
    form.dose.setValue(25)
    patch = workspace.document.plan.item(form.item_id)
    assert (patch.dose_mcg_per_hour, patch.dose_mg_per_day) == (25, None)
    add_by_keyboard(window, qtbot, "duloxetine")
    assert form.dose.suffix() == " mg a day" and form.dose.value() == 0  # nothing carried over
    form.dose.setValue(60)
    tablet = workspace.document.plan.item(form.item_id)
    assert (tablet.dose_mg_per_day, tablet.dose_mcg_per_hour) == (60, None)


def test_the_history_editor_never_carries_a_dose_across_units(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    workspace = window.controller.workspace
    entry = HistoryEntry(
        "morphine", dt.date(2026, 1, 5), "failed", end=dt.date(2026, 3, 2), dose_mg_per_day=60
    )
    workspace.apply(operations.set_history(workspace.document, [entry]), "Add history")
    history = window.view.history
    window.view.tabs.setCurrentWidget(history)
    history.table.selectRow(0)
    assert history.dose.suffix() == " mg a day" and history.dose.value() == 60
    history.modality.setCurrentIndex(history.modality.findData("fentanyl-patch"))
    history.modality.activated.emit(history.modality.currentIndex())
    changed = workspace.document.history[0]
    assert changed.modality == "fentanyl-patch"
    assert (changed.dose_mg_per_day, changed.dose_mcg_per_hour) == (None, None)  # 60 mg is not 60 mcg/h
    assert history.dose.suffix() == " mcg/h"
    history.dose.setValue(12)
    assert workspace.document.history[0] == dataclasses.replace(changed, dose_mcg_per_hour=12)
