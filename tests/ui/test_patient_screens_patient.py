"""A new patient needs a birth date the clinician typed (nothing pre-filled), and a plausible one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox

from careplanner.ui.dialogs import NewPatientDialog
from tests.ui.test_history_and_baseline import enter_date, new_patient

TODAY = dt.date.today()


def test_the_new_patient_dialog_needs_a_typed_plausible_birth_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = NewPatientDialog(None, lambda record: False)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.born.text() == ""  # not 1970-01-01
    assert dialog.sex.currentData() is None  # no sex chosen for the clinician
    qtbot.keyClicks(dialog.record, "T-9")
    qtbot.keyClicks(dialog.name, "Noor Example")
    assert not ok.isEnabled() and "birth date" in dialog.problem.text()

    for day, reason in ((TODAY + dt.timedelta(days=1), "in the future"), (dt.date(1890, 5, 1), "120 years")):
        enter_date(qtbot, dialog.born, day)
        assert not ok.isEnabled() and reason in dialog.problem.text()
    enter_date(qtbot, dialog.born, dt.date(1958, 11, 30))
    assert ok.isEnabled() and dialog.problem.text() == ""
    patient = dialog.patient()
    assert (patient.id, patient.name, patient.birth_date, patient.sex) == (
        "T-9",
        "Noor Example",
        dt.date(1958, 11, 30),
        None,
    )


def test_the_patient_form_refuses_a_birth_date_in_the_future(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    form, workspace = window.view.patient_form, window.controller.workspace
    enter_date(qtbot, form.born, TODAY + dt.timedelta(days=400))
    assert workspace.document.patient.birth_date == dt.date(1960, 1, 1)
    assert "in the future" in form.problem.text()
    form.born.editingFinished.emit()  # leaving the field shows the birth date that is kept
    assert form.born.text() == "1960-01-01"

    enter_date(qtbot, form.born, dt.date(1961, 2, 3))
    assert workspace.document.patient.birth_date == dt.date(1961, 2, 3) and form.problem.text() == ""
