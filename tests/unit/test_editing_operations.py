"""Pure edit operations on a plan document: every result stays readable by the strict reader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from careplanner.checks import check_plan
from careplanner.documents import plan_to_json, read_plan_data
from careplanner.domain import Goal, GoalProgress, HistoryEntry, Measurement, PegScores, PlanDocument
from careplanner.editing import operations
from careplanner.followup.checkins import mark_reviews_held
from careplanner.followup.decisions import DecisionInput, apply_decision
from tests.builders import (
    CATALOG,
    PLAN_START,
    document,
    fired,
    foundation,
    item,
    on_week,
    past,
    weeks_before_start,
)


def readable(doc: object) -> None:
    read_plan_data(json.loads(json.dumps(plan_to_json(doc))), CATALOG.modalities.keys())  # type: ignore[arg-type]


def test_add_item_defaults_the_assessment_to_the_middle_of_the_window() -> None:
    doc, item_id = operations.add_item(document(), CATALOG, "duloxetine", 2)
    added = doc.plan.item(item_id)
    assert (item_id, added.start_week, added.assess_week) == ("i1", 2, 2 + 6)  # window 4-8
    diagnostic, block = operations.add_item(doc, CATALOG, "medial-branch-block")
    assert (block, diagnostic.plan.item(block).assess_week) == ("i2", None)


def test_ids_continue_after_the_highest() -> None:
    assert operations.next_id(["i1", "i7", "x3", "i"], "i") == "i8"


def test_moving_an_item_keeps_its_assessment_and_end_offsets() -> None:
    doc = document([item("a", "physical-therapy", 6, 16, end_week=20)])
    moved = operations.move_item(doc, "a", 10).plan.item("a")
    assert (moved.start_week, moved.assess_week, moved.end_week) == (10, 20, 24)
    assert operations.move_item(doc, "a", -5).plan.item("a").start_week == 0


def test_update_refuses_an_assessment_before_the_start() -> None:
    doc = document([item("a", "duloxetine", 4, 8)])
    with pytest.raises(ValueError, match="assess week cannot be before the start"):
        operations.update_item(doc, "a", assess_week=3)
    assert operations.update_item(doc, "a", start_week=6).plan.item("a").assess_week == 10  # moves along


def test_removing_an_item_clears_links_to_it() -> None:
    doc = document([item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 6, 12, replaces="a")])
    after = operations.remove_item(doc, "a")
    assert [i.id for i in after.plan.items] == ["b"] and after.plan.item("b").replaces is None
    readable(after)


def test_history_edits_drop_links_to_treatments_no_longer_ongoing() -> None:
    history = [past("gabapentin", weeks_before_start(20))]
    doc = document([item("p", "pregabalin", 0, 6, replaces="gabapentin")], history=history)
    ended = [HistoryEntry("gabapentin", weeks_before_start(20), "partial", end=weeks_before_start(1))]
    after = operations.set_history(doc, ended)
    assert after.plan.item("p").replaces is None
    readable(after)


def test_removing_a_goal_unlinks_it() -> None:
    doc = document([item("a", "duloxetine", goal_ids=("g1",))], goals=[Goal("g1", "walk")])
    after = operations.remove_goal(doc, "g1")
    assert after.goals == () and after.plan.item("a").goal_ids == ()


def test_acknowledge_and_withdraw() -> None:
    doc = document([item("a", "duloxetine")])
    finding = next(f for f in check_plan(doc, CATALOG).findings if f.rule == "SEQ-FOUNDATION-MISSING")
    with pytest.raises(ValueError, match="needs a reason"):
        operations.acknowledge(doc, finding, "  ", "dr.x")
    acknowledged = operations.acknowledge(doc, finding, "CBT next month", "dr.x")
    assert next(f for f in check_plan(acknowledged, CATALOG).findings if f.rule == finding.rule).acknowledged
    restored = operations.withdraw_acknowledgement(acknowledged, acknowledged.plan.acknowledged[0])
    assert restored == doc


def test_reviews_are_sorted_and_unique() -> None:
    assert [r.week for r in operations.set_reviews(document(), [12, 4, 4]).plan.reviews] == [4, 12]


@pytest.mark.parametrize(("modality", "expected"), [("physical-therapy", 6), ("pregabalin", 6), ("cbt", 10)])
def test_suggested_start_avoids_timing_findings(modality: str, expected: int) -> None:
    assert operations.suggest_start(document(foundation()), CATALOG, modality) == expected


def test_suggested_start_waits_for_a_planned_prerequisite() -> None:
    blocks = [
        item("b1", "medial-branch-block", 2, region="lumbar"),
        item("b2", "medial-branch-block", 4, region="lumbar"),
    ]
    assert operations.suggest_start(document([*foundation(), *blocks]), CATALOG, "facet-rfa") == 6


def test_new_document() -> None:
    doc = operations.new_document(document().patient, dt.date(2027, 1, 4))
    assert doc.plan.start == dt.date(2027, 1, 4) and doc.plan.items == ()


class TestADecisionFixesTheCourseInTime:
    """Once a decision ended a course (its history entry has real dates), neither its start nor the plan's
    start moves until the decision is withdrawn."""

    def stopped(self) -> PlanDocument:
        doc = document([item("med", "duloxetine", 0, 6), item("psy", "cbt", 0, 10)])
        return apply_decision(doc, CATALOG, "med", DecisionInput("failed", "stop", on_week(6, 2)))

    def test_the_plan_start_cannot_change(self) -> None:
        doc = self.stopped()
        expected = (
            "Duloxetine's course is recorded as stopped on 20 Jan 2027; withdraw that decision first to "
            "change the plan's start."
        )
        assert operations.start_change_refusal(doc, CATALOG) == expected
        with pytest.raises(ValueError, match="withdraw that decision first to change the plan's start"):
            operations.set_plan_start(doc, PLAN_START + dt.timedelta(days=7))
        assert operations.set_plan_start(doc, PLAN_START) == doc  # the same start is no change

    def test_the_stopped_item_cannot_move(self) -> None:
        doc = self.stopped()
        assert operations.move_refusal(doc, "med", CATALOG) == (
            "Duloxetine's course is recorded as stopped on 20 Jan 2027; withdraw that decision first to "
            "move it."
        )
        assert operations.move_refusal(doc, "psy", CATALOG) is None
        refused = "A treatment's course is recorded as stopped on 20 Jan 2027"
        with pytest.raises(ValueError, match=refused):
            operations.move_item(doc, "med", 1)
        with pytest.raises(ValueError, match=refused):
            operations.update_item(doc, "med", start_week=1)
        assert operations.move_item(doc, "psy", 2).plan.item("psy").start_week == 2  # type: ignore[union-attr]
        assert operations.move_item(doc, "med", 0) == doc

    def test_an_earlier_step_of_a_course_ended_by_a_decision_cannot_move(self) -> None:
        doc = document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60)])
        adjust = DecisionInput("partial", "adjust-dose", on_week(6), new_dose=90)
        adjusted = apply_decision(doc, CATALOG, "med", adjust)
        assert "changed to a new dose on 18 Jan 2027" in (
            operations.move_refusal(adjusted, "med", CATALOG) or ""
        )
        assert "changed to a new dose" in (
            operations.move_refusal(adjusted, "i1") or ""
        )  # starts where it ended
        stopped = apply_decision(adjusted, CATALOG, "i1", DecisionInput("failed", "stop", on_week(9)))
        assert "recorded as stopped on 8 Feb 2027" in (operations.move_refusal(stopped, "i1", CATALOG) or "")

    def test_a_decision_to_continue_fixes_nothing(self) -> None:
        doc = document([item("med", "duloxetine", 0, 6)])
        kept = apply_decision(doc, CATALOG, "med", DecisionInput("partial", "continue", on_week(6)))
        assert operations.start_change_refusal(kept) is None and operations.move_refusal(kept, "med") is None
        assert operations.move_item(kept, "med", 1).plan.items[0].start_week == 1


def test_removing_the_item_a_decision_created_clears_the_decisions_link_to_it() -> None:
    doc = document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60)])
    replace = DecisionInput("failed", "replace", on_week(6, 2), replacement="pregabalin")
    replaced = apply_decision(doc, CATALOG, "med", replace)
    after = operations.remove_item(replaced, "i1")
    assessed = after.plan.items[0].assessed
    assert [i.id for i in after.plan.items] == ["med"] and assessed is not None
    assert (assessed.decision, assessed.replaced_by) == ("replace", None)
    readable(after)


def test_changing_the_review_weeks_keeps_the_days_they_were_held() -> None:
    doc = document([item("med", "duloxetine")], reviews=(4, 8))
    held = mark_reviews_held(doc, [4], on_week(4, 1))
    after = operations.set_reviews(held, [4, 8, 12])
    assert [(r.week, r.held_on) for r in after.plan.reviews] == [(4, on_week(4, 1)), (8, None), (12, None)]
    assert operations.set_reviews(after, [8, 12]).plan.reviews[0].held_on is None


def test_a_week_that_vanishes_for_one_keystroke_comes_back_with_its_note_and_held_day() -> None:
    """The review field sends every keystroke: typing "8, " into "4, 12" passes through "4, 812"."""
    doc = document([item("med", "duloxetine")], reviews=(4, 12))
    held = mark_reviews_held(doc, [12], on_week(12, 1))
    held = dataclasses.replace(
        held,
        plan=dataclasses.replace(
            held.plan, reviews=tuple(dataclasses.replace(r, note="diary") for r in held.plan.reviews)
        ),
    )
    before_typing = {review.week: review for review in held.plan.reviews}
    midway = operations.set_reviews(held, [4, 812], before_typing)
    typed = operations.set_reviews(midway, [4, 8, 12], before_typing)
    assert [(r.week, r.note, r.held_on) for r in typed.plan.reviews] == [
        (4, "diary", None),
        (8, None, None),
        (12, "diary", on_week(12, 1)),
    ]


def test_a_new_goal_never_takes_an_id_a_check_in_gives_progress_on() -> None:
    """Check-ins belong to the patient: progress on a removed goal (or another plan's) keeps its id."""
    checkin = Measurement(on_week(2), PegScores(5, 5, 5), goal_progress=(GoalProgress("g1", "some"),))
    doc = dataclasses.replace(document(goals=[Goal("g1", "walk")]), checkins=(checkin,))
    removed = operations.remove_goal(doc, "g1")
    after, goal_id = operations.add_goal(removed, "swim")
    assert goal_id != "g1" and [goal.id for goal in after.goals] == [goal_id]
    readable(after)


def test_two_plans_of_one_patient_never_give_their_goals_the_same_id() -> None:
    """Plan B's first goal, made before any check-in, must not share plan A's goal id: a later check-in on
    plan A's goal would otherwise show against plan B's."""
    plan_a = operations.add_goal(document(), "Walk 30 minutes")[1]
    plan_b = operations.add_goal(document(), "Sleep 6 hours")[1]
    assert plan_a != plan_b


def _dose_changed_then_stopped() -> PlanDocument:
    """Duloxetine 60 mg, changed to 90 mg at week 6 (a new step), then stopped as failed at week 12."""
    doc = document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60), item("cbt", "cbt", 0, 10)])
    doc = apply_decision(
        doc, CATALOG, "med", DecisionInput("partial", "adjust-dose", on_week(6), new_dose=90)
    )
    step = next(i for i in doc.plan.items if i.replaces == "med")
    return apply_decision(doc, CATALOG, step.id, DecisionInput("failed", "stop", on_week(12)))


def test_a_recorded_course_keeps_its_first_step_and_its_links() -> None:
    doc = _dose_changed_then_stopped()
    step = next(i for i in doc.plan.items if i.replaces == "med")
    refusal = operations.removal_refusal(doc, "med", CATALOG)
    assert refusal is not None and refusal.startswith("Duloxetine's course is recorded as stopped on")
    with pytest.raises(ValueError, match="withdraw that decision first"):
        operations.remove_item(doc, "med")
    with pytest.raises(ValueError, match="withdraw that decision first to change what it replaces"):
        operations.update_item(doc, step.id, replaces=None)
    assert operations.removal_refusal(doc, "cbt") is None and operations.removal_refusal(doc, step.id) is None
    assert not fired(doc, on_week(13)) & {"HIST-REPEAT-FAILED", "SAFE-DUPLICATE-CLASS"}  # not against itself


def test_a_step_a_decision_created_starts_where_that_decision_ended_the_course() -> None:
    doc = document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60)])
    replaced = apply_decision(
        doc, CATALOG, "med", DecisionInput("intolerant", "replace", on_week(6, 3), replacement="pregabalin")
    )
    new = next(i for i in replaced.plan.items if i.modality == "pregabalin")
    with pytest.raises(ValueError, match="withdraw that decision first to move it"):
        operations.move_item(replaced, new.id, 2)
