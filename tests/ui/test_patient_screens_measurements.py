"""The baseline and check-in forms record only what the clinician entered, and say what each number means."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from careplanner.domain import Measurement, PegScores
from careplanner.editing import operations
from careplanner.ui.followup.checkin_dialog import CheckinDialog
from careplanner.ui.window.main_window import MainWindow
from tests.ui.test_history_and_baseline import enter_date, enter_scores, new_patient

TODAY = dt.date.today()


def checkin_form(qtbot, window: MainWindow) -> CheckinDialog:  # type: ignore[no-untyped-def]
    """The form "Record check-in…" opens (built here: a test cannot answer a modal dialog)."""
    dialog = CheckinDialog(window, window.controller.workspace, TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_the_check_in_form_starts_empty_and_one_click_records_nothing(
    make_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    dialog = checkin_form(qtbot, window)
    assert dialog.fields.date.text() == ""  # not today's date either: the clinician gives it
    for box in dialog.fields.widgets()[1:]:
        assert box.text() == "—"  # not 0: a 0 would be a measurement nobody took
    assert dialog.fields.score.text() == "—"

    dialog.accept()
    assert window.controller.workspace.document.checkins == ()
    assert "average pain" in dialog.message.text()
    assert "interference with general activity" in dialog.message.text()


def test_a_check_in_needs_the_three_peg_items_and_names_the_missing(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    dialog = checkin_form(qtbot, window)
    enter_date(qtbot, dialog.fields.date, TODAY)
    enter_scores(qtbot, dialog.fields, pain=6, enjoyment=5)
    dialog.accept()
    assert window.controller.workspace.document.checkins == ()
    problem = dialog.message.text()
    assert "interference with general activity" in problem and "average pain" not in problem

    enter_scores(qtbot, dialog.fields, activity=4)  # sleep and mood stay optional
    dialog.ok.click()
    (recorded,) = window.controller.workspace.document.checkins
    assert recorded == Measurement(TODAY, PegScores(6, 5, 4), None, None)


def test_a_check_in_is_recorded_once_however_often_ok_is_pressed(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    dialog = checkin_form(qtbot, window)
    enter_date(qtbot, dialog.fields.date, TODAY)
    enter_scores(qtbot, dialog.fields, pain=6, enjoyment=5, activity=4, sleep=3, mood=7)
    dialog.ok.click()
    dialog.ok.click()
    assert len(window.controller.workspace.document.checkins) == 1


def record_baseline(window: MainWindow, day: dt.date) -> None:
    workspace = window.controller.workspace
    workspace.apply(operations.set_baseline(workspace.document, Measurement(day, PegScores(8, 7, 7))), "test")


def test_a_check_in_before_the_baseline_or_in_the_future_is_refused(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    record_baseline(window, TODAY - dt.timedelta(days=14))
    dialog = checkin_form(qtbot, window)
    refused = ((TODAY - dt.timedelta(days=20), "before the baseline"), (TODAY + dt.timedelta(1), "future"))
    enter_scores(qtbot, dialog.fields, pain=6, enjoyment=5, activity=4)
    for day, reason in refused:
        enter_date(qtbot, dialog.fields.date, day)
        dialog.accept()
        assert window.controller.workspace.document.checkins == ()
        assert reason in dialog.message.text()
    enter_date(qtbot, dialog.fields.date, TODAY)
    assert dialog.message.text() == ""
    dialog.ok.click()
    assert [c.date for c in window.controller.workspace.document.checkins] == [TODAY]


def test_the_baseline_is_recorded_once_the_three_peg_items_are_in(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view = window.view.baseline
    assert [box.text() for box in view.baseline.widgets()[1:]] == ["—"] * 5
    view.record_baseline.click()
    assert window.controller.workspace.document.baseline is None
    assert "average pain" in view.baseline_problem.text()

    assert view.baseline.date.text() == ""  # no date is given for the clinician
    enter_scores(qtbot, view.baseline, pain=7, enjoyment=6, activity=5, mood=4)
    view.record_baseline.click()
    assert window.controller.workspace.document.baseline is None
    assert "the date" in view.baseline_problem.text()
    view.baseline_today.click()  # "Today" enters the date, and only when pressed
    assert window.controller.workspace.document.baseline is None  # typing alone records nothing
    view.record_baseline.click()
    assert window.controller.workspace.document.baseline == Measurement(TODAY, PegScores(7, 6, 5), None, 4)
    assert view.baseline.score.text() == "6.0 of 10"


def test_clearing_a_baseline_peg_item_keeps_the_recorded_one(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    record_baseline(window, TODAY)
    view = window.view.baseline
    view.baseline.pain.lineEdit().selectAll()
    qtbot.keyClick(view.baseline.pain, Qt.Key.Key_Backspace)
    assert window.controller.workspace.document.baseline.peg.pain == 8
    assert "average pain" in view.baseline_problem.text()
    view.baseline.pain.editingFinished.emit()
    assert view.baseline.pain.text() == "8"


def test_each_input_says_what_0_and_10_mean(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    window.view.tabs.setCurrentWidget(window.view.baseline)
    shown = {label.text() for label in window.view.baseline.findChildren(QLabel) if label.isVisibleTo(window)}
    for anchors in (
        "0 = no pain … 10 = pain as bad as you can imagine",
        "0 = does not interfere … 10 = completely interferes",
        "0 = very poor … 10 = excellent",
        "0 = very low … 10 = very good",
    ):
        assert anchors in shown
