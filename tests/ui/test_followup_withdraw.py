"""Withdrawing a recorded decision: asked first, naming what goes (the history entry, the item that continued
the course), then one undo step that gives back the plan as it was; a decision that cannot be withdrawn is
refused with the reason; nothing to withdraw on a record or an undecided treatment."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from careplanner.domain import PlanDocument
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.ui.followup import decision_dialog
from careplanner.ui.followup.decision_dialog import ask_withdrawal
from careplanner.ui.followup.followup_view import FollowupView
from careplanner.ui.plan.item_form import ItemForm
from tests.ui.test_building_a_plan import start_new_patient
from tests.ui.test_followup_checkin import CATALOG, followup_document, workspace_of

TODAY = dt.date(2026, 12, 10)
DECIDED = dt.date(2026, 12, 7)  # the Monday of week 6
REPLACE = DecisionInput("intolerant", "replace", DECIDED, "Dr A", replacement="gabapentin")


def replaced() -> PlanDocument:
    """Duloxetine (from 26 Oct 2026) replaced by gabapentin on 7 Dec 2026 for side effects."""
    return apply_decision(followup_document(), CATALOG, "i1", REPLACE)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The question is answered Yes (a test sets "answer" to No); every question and warning is kept."""
    said: dict[str, list[str]] = {"question": [], "warning": [], "answer": ["yes"]}

    def question(parent: object, title: str, text: str, *rest: object) -> QMessageBox.StandardButton:
        said["question"].append(text)
        yes = said["answer"][-1] == "yes"
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    def warning(parent: object, title: str, text: str, *rest: object) -> QMessageBox.StandardButton:
        said["warning"].append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(decision_dialog.QMessageBox, "question", question)
    monkeypatch.setattr(decision_dialog.QMessageBox, "warning", warning)
    return said


def followup_tab(qtbot, document: PlanDocument, *, read_only: bool = False) -> FollowupView:  # type: ignore[no-untyped-def]
    view = FollowupView()
    qtbot.addWidget(view)
    view.today = lambda: TODAY
    view.set_workspace(workspace_of(qtbot, document, read_only=read_only))
    return view


def item_form(qtbot, document: PlanDocument, *, read_only: bool = False) -> ItemForm:  # type: ignore[no-untyped-def]
    form = ItemForm()
    qtbot.addWidget(form)
    form.set_workspace(workspace_of(qtbot, document, read_only=read_only))
    return form


def test_withdrawing_asks_naming_what_goes_then_gives_the_plan_back_in_one_step(qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    decided = replaced()
    view = followup_tab(qtbot, decided)
    workspace = view.workspace
    assert workspace is not None
    view.show_item("i1")
    assert view.withdraw.isEnabled()
    view.withdraw.click()

    asked = answers["question"][0]
    assert asked.startswith("Withdraw this decision on Duloxetine?")
    assert "Replaced by Gabapentin on 7 Dec 2026 by Dr A: not tolerated" in asked
    assert "The history entry for Duloxetine (26 Oct–7 Dec 2026) and the new item Gabapentin" in asked
    assert "Duloxetine runs on with no end in the plan" in asked and "assessment is open again" in asked
    assert workspace.document == followup_document()  # the assessment, the end, the history, the new item
    assert workspace.undo_stack.count() == 1
    assert workspace.undo_stack.undoText() == "Withdraw the decision on Duloxetine"
    assert "due" in view.assessments.currentItem().text()  # the assessment is open on the tab again
    assert not view.withdraw.isEnabled() and view.decide.isEnabled()
    workspace.undo_stack.undo()
    assert workspace.document == decided


def test_answering_no_changes_nothing(qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    decided = replaced()
    workspace = workspace_of(qtbot, decided)
    answers["answer"].append("no")
    assert ask_withdrawal(None, workspace, "i1") is False
    assert len(answers["question"]) == 1
    assert workspace.document == decided and workspace.undo_stack.count() == 0


def test_a_decision_that_cannot_be_withdrawn_is_refused_with_the_reason(qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    document = replaced()
    follower = document.plan.item("i1").assessed.replaced_by  # type: ignore[union-attr]
    assert follower is not None
    later = DecisionInput("effective", "continue", dt.date(2026, 12, 9))
    document = apply_decision(document, CATALOG, follower, later)  # gabapentin has a decision of its own
    view = followup_tab(qtbot, document)
    view.show_item("i1")
    view.withdraw.click()
    assert answers["question"] == []  # nothing to confirm: it is refused
    assert len(answers["warning"]) == 1 and "Gabapentin" in answers["warning"][0]
    assert "withdraw that one first" in answers["warning"][0]
    assert view.workspace is not None and view.workspace.document == document
    assert view.workspace.undo_stack.count() == 0


def test_an_earlier_continue_stands_again_and_is_named(qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    going_on = DecisionInput("partial", "continue", dt.date(2026, 11, 30))
    first = apply_decision(followup_document(), CATALOG, "i1", going_on)
    then = apply_decision(first, CATALOG, "i1", DecisionInput("failed", "stop", DECIDED))
    workspace = workspace_of(qtbot, then)
    assert ask_withdrawal(None, workspace, "i1") is True
    asked = answers["question"][0]
    assert "\n\nStopped on 7 Dec 2026: failed.\n\n" in asked  # the decision withdrawn, and only that one
    assert "stands again: Continued on 30 Nov 2026: partly effective." in asked
    assert workspace.document == first


def test_the_item_form_withdraws_and_then_offers_a_new_decision(qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    form = item_form(qtbot, replaced())
    workspace = form.workspace
    assert workspace is not None
    workspace.select(["i1"])
    assert form.withdraw_decision.isEnabled() and not form.record_decision.isEnabled()
    assert form.decision.text().startswith("Replaced by Gabapentin on 7 Dec 2026")
    form.withdraw_decision.click()
    assert workspace.document == followup_document()
    assert form.decision.text() == "Not yet assessed"
    assert form.record_decision.isEnabled() and not form.withdraw_decision.isEnabled()


@pytest.mark.parametrize("read_only", [False, True])
def test_nothing_to_withdraw_when_undecided_or_on_a_record(qtbot, answers, read_only: bool) -> None:  # type: ignore[no-untyped-def]
    document = replaced() if read_only else followup_document()
    view = followup_tab(qtbot, document, read_only=read_only)
    view.show_item("i1")
    assert view.selected_item_id() == "i1" and not view.withdraw.isEnabled()
    form = item_form(qtbot, document, read_only=read_only)
    assert form.workspace is not None
    form.workspace.select(["i1"])
    assert not form.withdraw_decision.isEnabled()
    assert ask_withdrawal(None, form.workspace, "i1") is False
    assert answers["question"] == [] and answers["warning"] == []
    assert form.workspace.document == document


def test_the_plan_menu_withdraws_the_decision_of_the_selected_treatment(
    make_window, qtbot, monkeypatch, answers
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    start_new_patient(window, qtbot, monkeypatch)
    workspace = window.controller.workspace
    decided = dataclasses.replace(replaced(), patient=workspace.document.patient)
    workspace.apply(decided, "Set up")
    plan_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Plan")
    assert window.actions_["withdraw_decision"] in plan_menu.actions()

    workspace.select(())
    window.actions_["withdraw_decision"].trigger()  # nothing chosen: says what to do
    assert "Choose the treatment" in window.statusBar().currentMessage()
    assert answers["question"] == [] and workspace.document == decided

    workspace.select(["i1"])
    window.actions_["withdraw_decision"].trigger()
    assert len(answers["question"]) == 1
    assert workspace.document == dataclasses.replace(followup_document(), patient=decided.patient)
