"""The Follow-up tab: check-ins with their change from baseline, goals and adherence in words; every
assessment and review with where it stands; the patient's own data only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from careplanner.domain import Adherence, GoalProgress, Measurement, PegScores
from careplanner.editing import operations
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.ui.followup import followup_view
from careplanner.ui.followup.followup_view import FollowupView
from careplanner.ui.window.workspace_view import FOLLOWUP_TAB, PLAN_TAB
from tests.ui.test_followup_checkin import CATALOG, followup_document, workspace_of
from tests.ui.test_history_and_baseline import new_patient
from tests.ui.test_patient_screens_fit import (
    TAB_AT_150_PERCENT_ON_1920_X_1080,
    TAB_ON_1366_X_768,
    controls,
    describe,
    in_view,
)

TODAY = dt.date(2026, 12, 10)


def with_checkins():  # type: ignore[no-untyped-def]
    document = followup_document()
    checkin = Measurement(
        dt.date(2026, 12, 7),
        PegScores(5, 5, 4),
        6,
        None,
        goal_progress=(GoalProgress("g1", "some"),),
        adherence=(Adherence("i1", "duloxetine", "partly"),),
        side_effects="Nausea",
    )
    earlier = Measurement(dt.date(2026, 11, 16), PegScores(8, 7, 7))
    return dataclasses.replace(document, checkins=(checkin, earlier))


def shown(qtbot, document, today: dt.date = TODAY) -> FollowupView:  # type: ignore[no-untyped-def]
    view = FollowupView()
    qtbot.addWidget(view)
    view.today = lambda: today
    view.set_workspace(workspace_of(qtbot, document))
    return view


def cells(view: FollowupView, row: int) -> list[str]:
    return [view.checkins.item(row, column).text() for column in range(view.checkins.columnCount())]


def entries(view: FollowupView) -> list[str]:
    return [view.assessments.item(row).text() for row in range(view.assessments.count())]


def test_check_ins_are_listed_by_date_with_their_change_goals_and_adherence_in_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, with_checkins())
    assert view.checkins.rowCount() == 2
    assert cells(view, 0)[:3] == ["16 Nov 2026", "7.3", "0 % better · none"]
    date, peg, change, sleep, mood, goals, side_effects, taken = cells(view, 1)
    assert (date, peg, change, sleep, mood) == ("7 Dec 2026", "4.7", "36 % better · moderate", "6", "")
    assert goals == "Walk the dog every morning: some progress"
    assert (side_effects, taken) == ("Nausea", "Duloxetine: partly")
    assert "30–49 % moderate" in view.meaning.text()  # what the classes mean, beside them


def test_every_assessment_and_review_says_where_it_stands(qtbot) -> None:  # type: ignore[no-untyped-def]
    document = followup_document()
    stop = DecisionInput("failed", "stop", dt.date(2026, 12, 7), "Dr A", 10.0)
    document = apply_decision(document, CATALOG, "i1", stop)
    view = shown(qtbot, document)
    assert entries(view) == [
        "Review (week 4), due 23 Nov 2026\n    overdue by 17 days",
        "Duloxetine, due 7 Dec 2026\n    decided 7 Dec 2026: stop (failed)",
        "Review (week 6), due 7 Dec 2026\n    overdue by 3 days",
        "Review (week 9), due 28 Dec 2026\n    due in 18 days",
        "Acceptance and commitment therapy (ACT), due 4 Jan 2027\n    due in 25 days",
        "Pregabalin, due 1 Feb 2027\n    due in 53 days",
        "Review (week 20), due 15 Mar 2027\n    due in 95 days",
    ]


def test_show_item_selects_the_treatment_and_enter_opens_its_decision(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, followup_document())
    view.show()
    opened: list[str] = []
    monkeypatch.setattr(
        followup_view, "ask_decision", lambda parent, ws, item_id, today: opened.append(item_id)
    )
    view.show_item("i2")
    assert view.selected_item_id() == "i2" and view.decide.isEnabled()
    qtbot.keyClick(view.assessments, Qt.Key.Key_Return)
    assert opened == ["i2"]
    view.decide.click()
    assert opened == ["i2", "i2"]
    view.assessments.setCurrentRow(0)  # the review of week 4 (23 Nov) comes first
    assert view.assessments.currentItem().text().startswith("Review (week 4)")
    qtbot.keyClick(view.assessments, Qt.Key.Key_Return)  # a review is held at a check-in, not decided
    assert opened == ["i2", "i2"]
    view.show_item(None)
    assert view.selected_item_id() is None and not view.decide.isEnabled()
    assert view.workspace is not None
    view.workspace.select(["i1"])  # the menu command with nothing chosen here: the plan's selection
    view.record_decision()
    assert opened == ["i2", "i2", "i1"]


def test_the_selection_survives_a_change_and_a_decided_course_takes_no_new_decision(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, followup_document())
    workspace = view.workspace
    assert workspace is not None
    view.show_item("i1")
    stop = DecisionInput("failed", "stop", dt.date(2026, 12, 7))
    workspace.apply(
        apply_decision(workspace.document, CATALOG, "i1", stop), "Record the decision on Duloxetine"
    )
    assert view.selected_item_id() == "i1" and not view.decide.isEnabled()


def test_a_check_in_is_removed_as_one_undoable_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, with_checkins())
    workspace = view.workspace
    assert workspace is not None and not view.remove_checkin.isEnabled()
    view.checkins.selectRow(0)
    view.remove_checkin.click()
    assert [checkin.date for checkin in workspace.document.checkins] == [dt.date(2026, 12, 7)]
    assert workspace.undo_stack.undoText() == "Remove the check-in of 16 Nov 2026"
    assert not view.remove_checkin.isEnabled()  # a second click must not remove the next one


def test_another_patient_or_none_clears_the_tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, with_checkins())
    view.show_item("i1")
    other = dataclasses.replace(
        followup_document(), plan=dataclasses.replace(followup_document().plan, items=())
    )
    view.set_workspace(workspace_of(qtbot, dataclasses.replace(other, checkins=(), goals=())))
    assert view.checkins.rowCount() == 0 and view.selected_item_id() is None
    assert not any("Duloxetine" in text for text in entries(view))
    view.set_workspace(None)
    assert view.checkins.rowCount() == 0 and view.assessments.count() == 0
    assert not view.record_checkin_button.isEnabled() and view.meaning.text() == ""


def test_a_record_can_be_read_but_not_added_to(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = FollowupView()
    qtbot.addWidget(view)
    view.set_workspace(workspace_of(qtbot, with_checkins(), read_only=True))
    view.show_item("i1")
    view.checkins.selectRow(0)
    assert view.checkins.rowCount() == 2
    assert not view.record_checkin_button.isEnabled()
    assert not view.remove_checkin.isEnabled() and not view.decide.isEnabled()


@pytest.mark.parametrize("size", [TAB_ON_1366_X_768, TAB_AT_150_PERCENT_ON_1920_X_1080])
@pytest.mark.parametrize("document", [followup_document(), with_checkins()], ids=["empty", "check-ins"])
def test_every_control_is_in_view_on_a_laptop(qtbot, document, size) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, document)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    assert [describe(child) for child in controls(view) if not in_view(view, child, size)] == []


def test_the_window_has_the_follow_up_tab_after_the_plan(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_patient(window, monkeypatch)
    view, workspace = window.view, window.controller.workspace
    assert view.tabs.tabText(PLAN_TAB) == "P&lan" and view.tabs.tabText(FOLLOWUP_TAB) == "F&ollow-up"
    document, item_id = operations.add_item(workspace.document, CATALOG, "duloxetine", 0)
    workspace.apply(operations.update_item(document, item_id, assess_week=6), "Add duloxetine")
    view.show_followup(item_id)
    assert view.tabs.currentWidget() is view.followup
    assert view.followup.selected_item_id() == item_id
    opened: list[object] = []
    monkeypatch.setattr(followup_view, "ask_checkin", lambda *args: opened.append(args[1]))
    view.followup.record_checkin()
    assert opened == [workspace]
