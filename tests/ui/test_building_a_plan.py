"""Building a plan through the window as a clinician would: keys and clicks, findings appearing and going."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from careplanner.domain import Patient, Review
from careplanner.ui import dialogs
from careplanner.ui.window.main_window import MainWindow

ADA = Patient("T-100", "Ada Example", dt.date(1966, 4, 2), "female", ())


def rules(window: MainWindow) -> set[str]:
    workspace = window.controller.workspace
    assert workspace is not None
    return {finding.rule for finding in workspace.report.findings if finding.counts}


def start_new_patient(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, is_taken: ADA)
    window.actions_["new_patient"].trigger()
    assert window.controller.workspace is not None


def add_by_keyboard(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window.actions_["add_treatment"].trigger()  # Ctrl+K: the catalog's search box
    search = window.view.builder.catalog_panel.search
    assert window.focusWidget() is search
    search.clear()
    qtbot.keyClicks(search, text)
    qtbot.keyClick(search, Qt.Key.Key_Return)


def test_a_finding_appears_and_goes_as_the_foundation_is_built(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    document = window.controller.workspace.document
    assert [(i.modality, i.start_week, i.assess_week) for i in document.plan.items] == [("duloxetine", 0, 6)]
    assert "SEQ-FOUNDATION-MISSING" in rules(window)
    assert "psychological" in window.findings.list.item(0).text().lower() or any(
        "psychological" in window.findings.list.item(row).text().lower()
        for row in range(window.findings.list.count())
    )
    add_by_keyboard(window, qtbot, "cognitive")
    assert "SEQ-FOUNDATION-MISSING" not in rules(window)
    assert [i.modality for i in window.controller.workspace.document.plan.items] == ["duloxetine", "cbt"]


def test_undo_and_redo_bring_findings_back_and_take_them_away(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    add_by_keyboard(window, qtbot, "cognitive")
    assert "SEQ-FOUNDATION-MISSING" not in rules(window)
    plan_view = window.view.builder.plan_view
    plan_view.setFocus()  # in a text field Ctrl+Z undoes typing, as in any program
    qtbot.keyClick(plan_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "SEQ-FOUNDATION-MISSING" in rules(window)
    assert window.undo_action.text().startswith("&Undo Add Duloxetine")
    window.actions_["redo"].trigger()
    assert "SEQ-FOUNDATION-MISSING" not in rules(window)


def test_a_new_item_starts_where_it_raises_no_sequencing_finding(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    for name in ("duloxetine", "cognitive", "physical therapy"):
        add_by_keyboard(window, qtbot, name)
    physio = window.controller.workspace.document.plan.items[-1]
    assert (physio.modality, physio.start_week) == ("physical-therapy", 6)  # after the first assessment
    assert not {"SEQ-LAYER-ORDER", "SEQ-CROWDING", "SEQ-TOO-MANY"} & rules(window)


def test_editing_an_item_in_the_form_is_checked_live(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    form = window.view.builder.item_form
    assert form.item_id == "i1"
    form.assess.spin.setValue(3)  # before the window opens at week 4
    assert "WIN-EARLY" in rules(window)
    form.dose.setValue(150)  # above the 120 mg maximum
    assert "SAFE-DOSE-MAX" in rules(window)
    form.dose.setValue(60)
    form.assess.spin.setValue(6)
    assert not {"WIN-EARLY", "SAFE-DOSE-MAX"} & rules(window)


def test_selecting_a_finding_selects_its_items(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    add_by_keyboard(window, qtbot, "pregabalin")
    workspace = window.controller.workspace
    window.view.builder.item_form.start.setValue(0)  # pregabalin now starts with duloxetine
    window.view.builder.plan_view.setFocus()
    crowding = next(
        row
        for row in range(window.findings.list.count())
        if "both start" in window.findings.list.item(row).text()
    )
    window.findings.list.setCurrentRow(crowding)
    assert set(workspace.selection) == {"i1", "i2"}
    assert "Source" in window.findings.details.toPlainText()
    selected_rows = {
        index.data(Qt.ItemDataRole.UserRole + 10)
        for index in window.view.builder.plan_view.selectionModel().selectedRows()
    }
    assert selected_rows == set(workspace.selection)


def test_acknowledge_with_a_reason_and_withdraw(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    workspace = window.controller.workspace
    row = next(
        r
        for r in range(window.findings.list.count())
        if "psychological" in window.findings.list.item(r).text()
    )
    window.findings.list.setCurrentRow(row)
    monkeypatch.setattr(
        "careplanner.ui.plan.findings_panel.ask_reason",
        lambda parent, message: "CBT waiting list; starts next month",
    )
    qtbot.mouseClick(window.findings.acknowledge, Qt.MouseButton.LeftButton)
    finding = next(f for f in workspace.report.findings if f.rule == "SEQ-FOUNDATION-MISSING")
    assert finding.acknowledged is not None and finding.acknowledged.by == "dr.test"
    assert "acknowledged" in window.findings.list.currentItem().text()
    assert "CBT waiting list" in window.findings.details.toPlainText()
    window.findings.withdraw.click()
    assert (
        next(f for f in workspace.report.findings if f.rule == "SEQ-FOUNDATION-MISSING").acknowledged is None
    )


def test_the_timeline_moves_an_item_from_the_keyboard(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    add_by_keyboard(window, qtbot, "cognitive")
    add_by_keyboard(window, qtbot, "physical therapy")
    timeline = window.view.builder.timeline
    timeline.setFocus()
    assert window.controller.workspace.selection == ("i3",)
    for _ in range(2):
        qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert window.controller.workspace.document.plan.item("i3").start_week == 4
    assert "SEQ-LAYER-ORDER" in rules(window)
    qtbot.keyClick(timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # both steps are one move
    assert window.controller.workspace.document.plan.item("i3").start_week == 6


def test_start_and_reviews_are_edited_from_the_keyboard(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(
        window, qtbot, "acupuncture"
    )  # assessed at week 9: no review in weeks 1-12 yet? it counts
    bar = window.view.builder.plan_bar
    bar.reviews.setFocus()
    qtbot.keyClicks(bar.reviews, "12, 4, 4")
    qtbot.keyClick(bar.reviews, Qt.Key.Key_Tab)
    plan = window.controller.workspace.document.plan
    assert [review.week for review in plan.reviews] == [4, 12]
    assert bar.reviews.text() == "4, 12"
    bar.start.setDate(bar.start.date().addDays(7))
    assert window.controller.workspace.document.plan.start == plan.start + dt.timedelta(days=7)
    window.controller.workspace.undo_stack.undo()
    assert window.controller.workspace.document.plan.start == plan.start
    window.controller.workspace.undo_stack.undo()  # the typed weeks go back in one step
    assert window.controller.workspace.document.plan.reviews == ()


def test_saving_while_typing_review_weeks_keeps_them(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    bar = window.view.builder.plan_bar
    bar.reviews.setFocus()
    qtbot.waitUntil(bar.reviews.hasFocus)
    qtbot.keyClicks(bar.reviews, "4, 12, 24")
    qtbot.keyClick(bar.reviews, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # still in the field
    workspace = window.controller.workspace
    assert workspace.is_clean
    stored = window.controller.store.load_revision(workspace.origin.plan_id).document.plan.reviews
    assert [review.week for review in stored] == [4, 12, 24]


def test_typing_a_review_week_keeps_the_notes_of_the_others(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    workspace = window.controller.workspace
    noted = (Review(4), Review(12, "bring the pain diary"), Review(24))  # notes come from plan files
    workspace.apply(
        dataclasses.replace(
            workspace.document, plan=dataclasses.replace(workspace.document.plan, reviews=noted)
        ),
        "Reviews",
    )
    field = window.view.builder.plan_bar.reviews
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.setCursorPosition(3)  # after "4, "
    qtbot.keyClicks(field, "8, ")  # on the way, "12" reads as "812" for a keystroke
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    reviews = workspace.document.plan.reviews
    assert [(r.week, r.note) for r in reviews] == [
        (4, None),
        (8, None),
        (12, "bring the pain diary"),
        (24, None),
    ]


def test_the_findings_are_reachable_and_acknowledged_without_the_mouse(
    make_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    add_by_keyboard(window, qtbot, "duloxetine")
    window.view.builder.plan_view.setFocus()
    qtbot.keyClick(
        window.view.builder.plan_view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.findings.list.hasFocus() and window.findings.list.currentRow() == 0
    monkeypatch.setattr("careplanner.ui.plan.findings_panel.ask_reason", lambda parent, message: "discussed")
    qtbot.keyClick(
        window.findings.list,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert any(f.acknowledged for f in window.controller.workspace.report.findings)
