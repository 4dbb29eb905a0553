"""Recording a check-in: what was entered (and nothing else) is recorded, with the reviews it stands for,
as one undo step; a check-in dated in the future or before the baseline is refused and nothing is recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from careplanner.catalog import default_catalog
from careplanner.domain import (
    Adherence,
    Goal,
    GoalProgress,
    Measurement,
    Patient,
    PegScores,
    Plan,
    PlanDocument,
    PlanItem,
    Review,
)
from careplanner.editing.recovery import Origin
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.ui.followup.checkin_dialog import NOT_ASKED, CheckinDialog, ask_checkin
from careplanner.ui.workspace import Workspace
from tests.ui.test_history_and_baseline import enter_date, enter_scores

CATALOG = default_catalog()
TODAY = dt.date(2026, 12, 3)  # passed to the form: no test depends on the computer's clock
START = dt.date(2026, 10, 26)  # week 4 is 23 Nov (overdue), week 6 is 7 Dec (due within 7 days)


def followup_document() -> PlanDocument:
    """A patient five weeks into a plan: two treatments running, one starting later, three reviews."""
    items = (
        PlanItem("i1", "duloxetine", 0, assess_week=6, dose_mg_per_day=60.0),
        PlanItem("i2", "act", 0, assess_week=10),
        PlanItem("i3", "pregabalin", 8, assess_week=14),
    )
    reviews = (Review(4), Review(6), Review(9), Review(20))
    return PlanDocument(
        patient=Patient("F-1", "Frances Follow", dt.date(1970, 5, 1), "female"),
        plan=Plan(START, items, reviews),
        baseline=Measurement(dt.date(2026, 10, 23), PegScores(8, 7, 7), 3, 4),
        goals=(Goal("g1", "Walk the dog every morning"), Goal("g2", "Back to work part-time")),
    )


def workspace_of(qtbot, document: PlanDocument, *, read_only: bool = False) -> Workspace:  # type: ignore[no-untyped-def]
    return Workspace(CATALOG, "dr.test", document, Origin(), read_only=read_only)


def checkin_form(qtbot, workspace: Workspace, today: dt.date = TODAY) -> CheckinDialog:  # type: ignore[no-untyped-def]
    dialog = CheckinDialog(None, workspace, today)
    qtbot.addWidget(dialog)
    return dialog


def choose(combo, code: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(code))


def test_the_form_starts_empty_and_records_nothing_until_the_peg_and_date_are_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace)
    assert dialog.fields.date.text() == ""  # no date is given for the clinician
    assert [box.text() for box in dialog.fields.widgets()[1:]] == ["—"] * 5
    assert [choice.currentText() for choice in dialog.goals.values()] == [NOT_ASKED] * 2
    assert dialog.side_effects.toPlainText() == ""
    assert not dialog.ok.isEnabled()
    assert "the date" in dialog.message.text() and "average pain" in dialog.message.text()

    dialog.accept()  # Enter on the unfinished form
    assert workspace.document.checkins == () and workspace.undo_stack.count() == 0
    assert dialog.result() != dialog.DialogCode.Accepted


def test_a_check_in_with_goals_adherence_and_side_effects_is_one_undo_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    before = followup_document()
    workspace = workspace_of(qtbot, before)
    dialog = checkin_form(qtbot, workspace)
    enter_date(qtbot, dialog.fields.date, TODAY)
    enter_scores(qtbot, dialog.fields, pain=5, enjoyment=4, activity=6, mood=6)
    choose(dialog.goals["g1"], "some")  # g2 is left "not asked"
    assert set(dialog.adherence) == {"i1", "i2"}  # pregabalin starts in week 8: not yet taken
    choose(dialog.adherence["i1"], "partly")
    qtbot.keyClicks(dialog.side_effects, "Dry mouth in the mornings")
    assert {week: box.isChecked() for week, box in dialog.reviews.items()} == {4: True, 6: True, 9: False}
    assert dialog.ok.isEnabled(), dialog.message.text()

    dialog.ok.click()
    (recorded,) = workspace.document.checkins
    assert recorded == Measurement(
        TODAY,
        PegScores(5, 4, 6),
        None,
        6,
        goal_progress=(GoalProgress("g1", "some"),),
        adherence=(Adherence("i1", "duloxetine", "partly"),),
        side_effects="Dry mouth in the mornings",
    )
    held = {review.week: review.held_on for review in workspace.document.plan.reviews}
    assert held == {4: TODAY, 6: TODAY, 9: None, 20: None}
    assert workspace.undo_stack.count() == 1
    assert workspace.undo_stack.undoText() == "Record check-in of 3 Dec 2026"

    workspace.undo_stack.undo()
    assert workspace.document == before  # the check-in and the reviews held, in one step


def test_a_review_unticked_stays_open_and_a_later_one_can_be_ticked(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace)
    enter_date(qtbot, dialog.fields.date, TODAY)
    enter_scores(qtbot, dialog.fields, pain=5, enjoyment=4, activity=6)
    dialog.reviews[4].click()  # this visit is not the week-4 review
    dialog.reviews[9].click()  # but it is the (early) week-9 one
    dialog.ok.click()
    held = {review.week: review.held_on for review in workspace.document.plan.reviews}
    assert held == {4: None, 6: TODAY, 9: TODAY, 20: None}


def test_the_treatments_listed_follow_the_date_and_keep_their_answers(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace, today=dt.date(2027, 1, 10))
    assert dialog.adherence == {}  # no date, no treatments to ask about
    enter_date(qtbot, dialog.fields.date, dt.date(2026, 11, 2))
    assert set(dialog.adherence) == {"i1", "i2"}
    choose(dialog.adherence["i1"], "as-planned")
    enter_date(qtbot, dialog.fields.date, dt.date(2026, 12, 28))  # week 9: pregabalin has started
    assert set(dialog.adherence) == {"i1", "i2", "i3"}
    assert dialog.adherence["i1"].currentData() == "as-planned"
    assert dialog.adherence["i3"].currentText() == NOT_ASKED
    enter_date(qtbot, dialog.fields.date, dt.date(2026, 10, 24))  # before the plan started
    assert dialog.adherence == {}


def test_a_treatment_stopped_since_the_last_visit_is_still_asked_about(qtbot) -> None:  # type: ignore[no-untyped-def]
    stop = DecisionInput("failed", "stop", dt.date(2026, 12, 2))  # taken until week 6 (7 Dec)
    document = apply_decision(followup_document(), CATALOG, "i1", stop)
    visits = (Measurement(dt.date(2026, 11, 16), PegScores(7, 7, 7)), Measurement(dt.date(2026, 12, 9), None))
    workspace = workspace_of(qtbot, dataclasses.replace(document, checkins=visits))
    dialog = checkin_form(qtbot, workspace, today=dt.date(2027, 1, 10))
    assert "since the last visit" in dialog.adherence_box.title()
    enter_date(qtbot, dialog.fields.date, dt.date(2026, 12, 8))  # the last visit was on 16 Nov
    assert set(dialog.adherence) == {"i1", "i2"}  # duloxetine, stopped on 7 Dec, is asked about
    enter_scores(qtbot, dialog.fields, pain=5, enjoyment=4, activity=6)
    choose(dialog.adherence["i1"], "partly")
    assert dialog.ok.isEnabled(), dialog.message.text()
    enter_date(qtbot, dialog.fields.date, dt.date(2026, 12, 14))  # the last visit (9 Dec) was after it
    assert set(dialog.adherence) == {"i2"}


def test_a_check_in_in_the_future_or_before_the_baseline_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace)
    enter_scores(qtbot, dialog.fields, pain=5, enjoyment=4, activity=6)
    for day, reason in (
        (TODAY + dt.timedelta(days=1), "in the future"),
        (dt.date(2026, 10, 20), "before the"),
    ):
        enter_date(qtbot, dialog.fields.date, day)
        assert dialog.message.text().startswith("Not recorded:")
        assert reason in dialog.message.text()
        assert "C62828" in dialog.message.styleSheet()  # said in red
        assert not dialog.ok.isEnabled()
        dialog.accept()
        assert workspace.document.checkins == () and workspace.undo_stack.count() == 0
    enter_date(qtbot, dialog.fields.date, TODAY)
    assert dialog.message.text() == "" and dialog.ok.isEnabled()


def test_enter_records_and_the_today_button_gives_the_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.today_button.click()
    assert dialog.fields.date.value() == TODAY
    enter_scores(qtbot, dialog.fields, pain=3, enjoyment=3, activity=3)
    qtbot.keyClick(dialog.fields.activity, Qt.Key.Key_Return)
    assert [checkin.peg for checkin in workspace.document.checkins] == [PegScores(3, 3, 3)]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_tab_order_runs_top_to_bottom(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document())
    dialog = checkin_form(qtbot, workspace)
    enter_date(qtbot, dialog.fields.date, TODAY)
    expected = [
        dialog.today_button,
        *dialog.fields.widgets()[1:],
        dialog.side_effects,
        *dialog.goals.values(),
        *dialog.adherence.values(),
        *dialog.reviews.values(),
        dialog.ok,
    ]
    # The chain Tab follows (a spin box's own text field counts as the box); whether Tab stops on buttons
    # is the platform's choice, so the order is read from the chain rather than from key presses.
    reached, widget = [], dialog.fields.date.nextInFocusChain()
    while widget is not dialog.fields.date and len(reached) < len(expected):
        for candidate in (widget, widget.parent()):
            if candidate in expected and candidate not in reached:
                reached.append(candidate)
        widget = widget.nextInFocusChain()
    assert reached == expected


def test_a_record_cannot_get_a_check_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = workspace_of(qtbot, followup_document(), read_only=True)
    assert ask_checkin(None, workspace, TODAY) is False  # the form does not even open (exec would fail)
