"""The patient's creatinine clearance: typed in mL/min or calculated (Cockcroft-Gault); the new conditions."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from careplanner.ui.patient import kidney
from careplanner.ui.patient.kidney import ClearanceDialog
from careplanner.ui.window.main_window import MainWindow
from tests.ui.test_history_and_baseline import new_patient

NEW_CONDITIONS = ("antiplatelet-use", "opioid-overdose-history", "sleep-disordered-breathing")


def type_clearance(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    line = window.view.patient_form.clearance.line
    line.setFocus()
    line.selectAll()
    if text:
        qtbot.keyClicks(line, text)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Delete)


def recorded(window: MainWindow) -> float | None:
    return window.controller.workspace.document.patient.crcl_ml_min


def test_the_clearance_is_empty_until_entered_then_recorded(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    form = window.view.patient_form
    assert form.clearance.line.text() == "" and recorded(window) is None
    type_clearance(qtbot, window, "42.5")
    assert recorded(window) == 42.5 and form.clearance_problem.isHidden()
    type_clearance(qtbot, window, "")
    assert recorded(window) is None


def test_a_clearance_outside_0_to_250_is_refused_with_a_message(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    form = window.view.patient_form
    type_clearance(qtbot, window, "45")
    form.clearance.line.editingFinished.emit()  # the user leaves the field
    for refused in ("300", "0", "250.5"):
        type_clearance(qtbot, window, refused)
        assert recorded(window) == 45  # neither the refused number nor the 30 typed on the way to 300
        assert not form.clearance_problem.isHidden()
        assert "above 0 and at most 250 mL/min" in form.clearance_problem.text()
        assert form.clearance.line.text() == refused  # left in view while the user is typing
        form.clearance.line.editingFinished.emit()
        assert form.clearance.line.text() == "45"  # leaving the field shows the recorded value
        assert not form.clearance_problem.isHidden()  # and the message says why
    type_clearance(qtbot, window, "250")
    assert recorded(window) == 250 and form.clearance_problem.isHidden()


def test_a_refused_first_entry_records_nothing(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    type_clearance(qtbot, window, "260")
    assert recorded(window) is None  # not the 26 typed on the way
    window.view.patient_form.clearance.line.editingFinished.emit()
    assert window.view.patient_form.clearance.line.text() == ""


def test_the_helper_fills_the_field_only_when_accepted(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)  # born 1960-01-01, female
    asked: list[tuple[int, str | None]] = []
    answers: list[float | None] = [None, 38.2]

    def helper(parent: object, age: int, sex: str | None) -> float | None:
        asked.append((age, sex))
        return answers.pop(0)

    monkeypatch.setattr(kidney, "ask_clearance", helper)
    form = window.view.patient_form
    form.clearance.calculate.click()
    assert recorded(window) is None and form.clearance.line.text() == ""  # cancelled: nothing changes
    form.clearance.calculate.click()
    assert recorded(window) == 38.2 and form.clearance.line.text() == "38.2"
    assert asked == [(window.controller.workspace.document.age_at_start, "female")] * 2


def test_the_helper_computes_cockcroft_gault_from_the_record_and_what_is_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ClearanceDialog(None, 68, "female")
    qtbot.addWidget(dialog)
    assert not dialog.sex.isEnabled() and dialog.sex.currentData() == "female"
    assert not dialog.use.isEnabled()
    qtbot.keyClicks(dialog.weight, "70")
    qtbot.keyClicks(dialog.creatinine, "120")
    assert dialog.unit.currentText() == "\u00b5mol/L"  # the first unit offered
    assert dialog.use.isEnabled() and dialog.value() == Decimal("43.8")
    assert "0.85" in dialog.working.text() and "43.8 mL/min" in dialog.working.text()

    dialog.unit.setCurrentIndex(dialog.unit.findData("mg/dL"))  # 120 mg/dL cannot be right
    assert not dialog.use.isEnabled() and dialog.value() is None
    assert "is it in \u00b5mol/L?" in dialog.working.text()
    dialog.creatinine.setText("1.2")
    assert dialog.value() == Decimal("49.5")  # 72 x 70 / (72 x 1.2) x 0.85 = 49.58...: rounded down


def test_the_helper_asks_for_the_sex_when_the_record_gives_neither(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ClearanceDialog(None, 60, "other")
    qtbot.addWidget(dialog)
    dialog.weight.setText("72")
    dialog.creatinine.setText("1")
    dialog.unit.setCurrentIndex(dialog.unit.findData("mg/dL"))
    assert dialog.sex.isEnabled() and dialog.value() is None and "needs the sex" in dialog.working.text()
    dialog.sex.setCurrentIndex(dialog.sex.findData("male"))
    assert dialog.value() == 80 and dialog.use.isEnabled()


def test_ask_clearance_gives_the_value_only_when_accepted(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def accept_after_typing(dialog: ClearanceDialog) -> int:
        dialog.weight.setText("72")
        dialog.creatinine.setText("88.4")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ClearanceDialog, "exec", accept_after_typing)
    assert kidney.ask_clearance(None, 60, "male") == 80.0
    monkeypatch.setattr(ClearanceDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected.value)
    assert kidney.ask_clearance(None, 60, "male") is None


def test_the_clearance_is_saved_with_the_patient(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    type_clearance(qtbot, window, "27")
    assert window.controller.save()
    patient_id = window.controller.workspace.origin.patient_id
    other = make_window()
    other.controller.open_patient(patient_id)
    assert recorded(other) == 27 and other.view.patient_form.clearance.line.text() == "27"


def test_the_conditions_list_offers_the_new_conditions(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    listing = window.view.patient_form.conditions
    rows = {
        listing.item(row).data(Qt.ItemDataRole.UserRole): listing.item(row) for row in range(listing.count())
    }
    for condition in NEW_CONDITIONS:
        assert condition in rows and rows[condition].toolTip() == "The checks read this condition"
    rows["antiplatelet-use"].setCheckState(Qt.CheckState.Checked)
    assert "antiplatelet-use" in window.controller.workspace.document.patient.conditions
