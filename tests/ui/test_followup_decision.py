"""Recording the decision at an assessment: stop, replace, adjust the dose and continue each change the plan
(and the history) in one undo step; a decision the plan cannot take is refused; one taken early is asked
about first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from careplanner.domain import HistoryEntry, PlanDocument
from careplanner.ui.followup import decision_dialog
from careplanner.ui.followup.decision_dialog import CHOOSE, DecisionDialog
from careplanner.ui.plan.item_form import ItemForm
from tests.ui.test_followup_checkin import CATALOG, START, followup_document, workspace_of
from tests.ui.test_history_and_baseline import enter_date

TODAY = dt.date(2026, 12, 10)  # week 6 of the plan: duloxetine's window (weeks 4-8) is open
DECIDED = dt.date(2026, 12, 7)  # the Monday of week 6


def decision_form(qtbot, workspace, item_id: str = "i1") -> DecisionDialog:  # type: ignore[no-untyped-def]
    dialog = DecisionDialog(None, workspace, item_id, TODAY)
    qtbot.addWidget(dialog)
    return dialog


def fill(qtbot, dialog: DecisionDialog, result: str, decision: str, day: dt.date = DECIDED) -> None:  # type: ignore[no-untyped-def]
    dialog.result_choice.setCurrentIndex(dialog.result_choice.findData(result))
    dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
    enter_date(qtbot, dialog.date, day)


def test_the_form_starts_empty_but_for_who_decides(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    assert dialog.result_choice.currentText() == CHOOSE and dialog.decision.currentText() == CHOOSE
    assert dialog.relief.text() == "not recorded" and dialog.date.text() == ""
    assert dialog.by.text() == "dr.test"  # the signed-in user, changeable
    assert [dialog.result_choice.itemText(i) for i in range(1, dialog.result_choice.count())] == [
        "effective",
        "partly effective",
        "failed",
        "not tolerated",
    ]
    assert not dialog.ok.isEnabled()
    assert "the result, the decision and the date" in dialog.message.text()
    assert not dialog.form.isRowVisible(dialog.replacement) and not dialog.form.isRowVisible(dialog.dose)


def test_stopping_ends_the_course_writes_the_history_and_undoes_in_one_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    before = followup_document()
    workspace = workspace_of(qtbot, before)
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "failed", "stop")
    dialog.relief.setValue(10)
    dialog.note.setPlainText("Little change after 6 weeks at 60 mg")
    assert dialog.ok.isEnabled(), dialog.message.text()
    dialog.ok.click()

    item = workspace.document.plan.item("i1")
    assert item is not None and item.end_week == 6
    assert item.assessed is not None
    assert (item.assessed.decision, item.assessed.result, item.assessed.decided_on) == (
        "stop",
        "failed",
        DECIDED,
    )
    assert item.assessed.by == "dr.test" and item.assessed.relief_percent == 10
    assert workspace.document.history == (
        HistoryEntry(
            "duloxetine",
            START,
            "failed",
            DECIDED,
            dose_mg_per_day=60.0,
            relief_percent=10,
            reason="Little change after 6 weeks at 60 mg",
        ),
    )
    assert workspace.undo_stack.count() == 1
    assert workspace.undo_stack.undoText() == "Record the decision on Duloxetine"
    workspace.undo_stack.undo()
    assert workspace.document == before


def test_replacing_starts_the_chosen_treatment_where_the_old_one_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "intolerant", "replace")
    assert dialog.form.isRowVisible(dialog.replacement)
    first = [dialog.replacement.itemData(i) for i in range(1, 6)]
    assert all(CATALOG.modality(m).layer == "medication" for m in first)  # the same layer comes first
    assert "duloxetine" not in [dialog.replacement.itemData(i) for i in range(dialog.replacement.count())]
    assert not dialog.ok.isEnabled() and "replaces Duloxetine" in dialog.message.text()
    dialog.replacement.setCurrentIndex(dialog.replacement.findData("gabapentin"))
    assert dialog.form.isRowVisible(dialog.dose)  # a medicine: its starting dose may be given
    assert dialog.dose.suffix() == " mg a day"
    dialog.ok.click()

    old = workspace.document.plan.item("i1")
    assert old is not None and old.assessed is not None and old.assessed.replaced_by is not None
    new = workspace.document.plan.item(old.assessed.replaced_by)
    assert new is not None
    assert (new.modality, new.replaces, new.start_week) == ("gabapentin", "i1", 6)
    assert [entry.outcome for entry in workspace.document.history] == ["intolerant"]
    workspace.undo_stack.undo()
    assert [item.id for item in workspace.document.plan.items] == ["i1", "i2", "i3"]
    assert workspace.document.history == ()


def test_adjusting_the_dose_needs_the_new_dose_and_goes_on_as_a_new_item(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "partial", "adjust-dose")
    assert dialog.form.isRowVisible(dialog.dose) and dialog.dose.suffix() == " mg a day"
    assert not dialog.ok.isEnabled() and "Enter the new dose" in dialog.message.text()
    dialog.dose.setValue(90)
    dialog.ok.click()
    old = workspace.document.plan.item("i1")
    assert old is not None and old.assessed is not None and old.assessed.replaced_by
    new = workspace.document.plan.item(old.assessed.replaced_by)
    assert new is not None and (new.modality, new.dose_mg_per_day) == ("duloxetine", 90.0)
    assert workspace.document.history == ()  # the course goes on


def test_a_field_the_decision_no_longer_needs_is_emptied(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "partial", "adjust-dose")
    dialog.dose.setValue(90)
    dialog.decision.setCurrentIndex(dialog.decision.findData("continue"))
    assert not dialog.form.isRowVisible(dialog.dose)
    entered = dialog.entered()
    assert entered is not None and entered.new_dose is None
    dialog.ok.click()
    item = workspace.document.plan.item("i1")
    assert item is not None and item.assessed is not None and item.assessed.decision == "continue"
    assert item.end_week is None and len(workspace.document.plan.items) == 3


def test_a_treatment_without_a_daily_dose_offers_no_dose_adjustment(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = decision_form(qtbot, workspace_of(qtbot, followup_document()), "i2")
    assert dialog.decision.findData("adjust-dose") == -1
    assert dialog.decision.findData("stop") > 0


@pytest.mark.parametrize(
    ("day", "reason"),
    [(TODAY + dt.timedelta(days=1), "in the future"), (START - dt.timedelta(days=3), "before it started")],
)
def test_a_decision_the_plan_cannot_take_is_refused_inline(qtbot, day: dt.date, reason: str) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "failed", "stop", day)
    assert dialog.message.text().startswith("Not recorded:") and reason in dialog.message.text()
    assert "C62828" in dialog.message.styleSheet() and not dialog.ok.isEnabled()
    dialog.accept()
    assert workspace.undo_stack.count() == 0


def test_an_early_decision_is_asked_about_and_no_records_nothing(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "failed", "stop", dt.date(2026, 11, 9))  # week 2: the window opens in week 4
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(
        decision_dialog.QMessageBox,
        "question",
        lambda parent, title, text, *rest: asked.append(text) or answer,
    )
    dialog.ok.click()
    assert "Duloxetine" in asked[0] and "23 Nov 2026" in asked[0]  # when it can usually be judged
    assert workspace.undo_stack.count() == 0 and dialog.result() != dialog.DialogCode.Accepted

    answer = QMessageBox.StandardButton.Yes
    dialog.ok.click()
    item = workspace.document.plan.item("i1")
    assert item is not None and item.assessed is not None and item.end_week == 2


def test_an_early_stop_for_side_effects_is_not_asked_about(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "intolerant", "stop", dt.date(2026, 11, 11))  # week 2: not tolerated, stopped early
    dialog.ok.click()  # a question would fail the test (no dialog may wait for a click)
    item = workspace.document.plan.item("i1")
    assert item is not None and item.assessed is not None and item.assessed.result == "intolerant"
    assert item.end_week == 3  # taken until the next week boundary after the Wednesday it was stopped


def test_the_item_form_shows_the_decision_in_words_and_opens_the_form(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    form = ItemForm()
    qtbot.addWidget(form)
    form.set_workspace(workspace)
    workspace.select(["i1"])
    assert form.decision.text() == "Not yet assessed" and form.record_decision.isEnabled()
    opened: list[str] = []
    monkeypatch.setattr(
        "careplanner.ui.plan.item_form.ask_decision",
        lambda parent, ws, item_id, today: opened.append(item_id),
    )
    form.record_decision.click()
    assert opened == ["i1"]

    dialog = decision_form(qtbot, workspace)
    fill(qtbot, dialog, "failed", "stop")
    dialog.relief.setValue(10)
    dialog.ok.click()
    assert form.decision.text() == "Stopped on 7 Dec 2026 by dr.test: failed, 10 % relief"
    assert not form.record_decision.isEnabled()  # the course has ended: withdraw the decision to change it
    workspace.undo_stack.undo()
    assert form.decision.text() == "Not yet assessed" and form.record_decision.isEnabled()


def test_a_record_offers_no_decision(qtbot) -> None:  # type: ignore[no-untyped-def]
    document: PlanDocument = followup_document()
    workspace = workspace_of(qtbot, dataclasses.replace(document), read_only=True)
    form = ItemForm()
    qtbot.addWidget(form)
    form.set_workspace(workspace)
    workspace.select(["i1"])
    assert form.decision.text() == "Not yet assessed" and not form.record_decision.isEnabled()
    assert decision_dialog.ask_decision(None, workspace, "i1", TODAY) is False
