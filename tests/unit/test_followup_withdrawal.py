"""Withdrawing a decision: everything it did is taken back, so apply then withdraw gives the plan back."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from careplanner.documents import plan_to_json, read_plan_data
from careplanner.domain import PlanDocument
from careplanner.editing import operations
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.followup.withdrawal import withdraw_decision, withdraw_refusal
from tests.builders import CATALOG, document, item, on_week, past


def plan(end_week: int | None = None) -> PlanDocument:
    """Duloxetine 60 mg a day from week 2 (window 4-8 weeks), CBT, and a history entry of its own."""
    return document(
        [
            item("psy", "cbt", 0, 10),
            item("med", "duloxetine", 2, 8, dose_mg_per_day=60, end_week=end_week),
            item("patch", "fentanyl-patch", 0, 2, dose_mcg_per_hour=12),
        ],
        history=[past("gabapentin", on_week(-30), on_week(-20), "failed")],
        reviews=(4, 12),
    )


def readable(doc: PlanDocument) -> None:
    read_plan_data(json.loads(json.dumps(plan_to_json(doc))), CATALOG.modalities.keys())


DECISIONS = [
    DecisionInput("effective", "continue", on_week(8, 3), relief_percent=40, note="better", by="dr.lee"),
    *(
        DecisionInput(result, "stop", on_week(8, 3))
        for result in ("effective", "partial", "failed", "intolerant")
    ),
    DecisionInput("failed", "replace", on_week(8, 3), replacement="pregabalin"),
    DecisionInput("failed", "replace", on_week(8, 3), replacement="fentanyl-patch", new_dose=25),
    DecisionInput("partial", "adjust-dose", on_week(8, 3), new_dose=90, note="up"),
]
DAYS = [on_week(2), on_week(2, 3), on_week(8), on_week(8, 3), on_week(20, 6)]
ENDS = [None, 4, 30]  # no end; an end before the decisions (kept); one after them


def dated(decision: DecisionInput, day: dt.date) -> DecisionInput:
    return DecisionInput(
        decision.result,
        decision.decision,
        day,
        decision.by,
        decision.relief_percent,
        decision.note,
        decision.new_dose,
        decision.replacement,
    )


class TestRoundTrip:
    @pytest.mark.parametrize(
        ("decision", "day", "end"),
        list(itertools.product(DECISIONS, DAYS, ENDS)),
        ids=lambda value: getattr(value, "decision", str(value)),
    )
    def test_apply_then_withdraw_gives_the_plan_back(
        self, decision: DecisionInput, day: dt.date, end: int | None
    ) -> None:
        before = plan(end)
        after = apply_decision(before, CATALOG, "med", dated(decision, day))
        withdrawn = withdraw_decision(after, CATALOG, "med")
        if end is not None and after.plan.items[1].end_week != end:
            # An end later than the decision's is overwritten and cannot be known again: the item is open.
            assert withdrawn == plan(None)
        else:
            assert withdrawn == before

    @pytest.mark.parametrize("decision", DECISIONS[1:], ids=lambda d: d.decision)
    def test_withdrawing_the_second_decision_brings_back_the_first(self, decision: DecisionInput) -> None:
        first = apply_decision(plan(), CATALOG, "med", dated(DECISIONS[0], on_week(6)))
        second = apply_decision(first, CATALOG, "med", dated(decision, on_week(9, 2)))
        back = withdraw_decision(second, CATALOG, "med")
        assert back == first
        assert withdraw_decision(back, CATALOG, "med") == plan()
        readable(second)
        readable(back)

    def test_a_chain_of_dose_changes_is_withdrawn_step_by_step(self) -> None:
        adjust = DecisionInput("partial", "adjust-dose", on_week(8), new_dose=90)
        adjusted = apply_decision(plan(), CATALOG, "med", adjust)
        stopped = apply_decision(adjusted, CATALOG, "i1", DecisionInput("failed", "stop", on_week(12, 4)))
        assert withdraw_refusal(stopped, CATALOG, "med") == (
            "Duloxetine 90 mg a day (from week 8), started by the decision on Duloxetine, has a decision of "
            "its own: withdraw that one first."
        )
        back = withdraw_decision(stopped, CATALOG, "i1")
        assert back == adjusted
        assert withdraw_decision(back, CATALOG, "med") == plan()


class TestRefusals:
    def test_nothing_to_withdraw(self) -> None:
        message = "No decision is recorded for Duloxetine: there is nothing to withdraw."
        assert withdraw_refusal(plan(), CATALOG, "med") == message
        with pytest.raises(ValueError, match="nothing to withdraw"):
            withdraw_decision(plan(), CATALOG, "med")
        assert withdraw_refusal(plan(), CATALOG, "nope") == "The plan has no treatment nope."

    def test_a_step_planned_after_the_new_item_is_removed_first(self) -> None:
        replace = DecisionInput("failed", "replace", on_week(8, 3), replacement="pregabalin")
        replaced = apply_decision(plan(), CATALOG, "med", replace)
        later, _ = operations.add_item(replaced, CATALOG, "gabapentin", 20)
        later = operations.update_item(later, "i2", replaces="i1")
        assert withdraw_refusal(later, CATALOG, "med") == (
            "Pregabalin (from week 9), started by the decision on Duloxetine, is followed by Gabapentin "
            "(from week 20): remove that step first."
        )
        with pytest.raises(ValueError, match="remove that step first"):
            withdraw_decision(later, CATALOG, "med")


class TestAfterOtherEdits:
    def test_the_new_item_already_removed(self) -> None:
        replace = DecisionInput("failed", "replace", on_week(8, 3), replacement="pregabalin")
        removed = operations.remove_item(apply_decision(plan(), CATALOG, "med", replace), "i1")
        assert withdraw_decision(removed, CATALOG, "med") == plan()

    def test_the_history_entry_already_removed(self) -> None:
        stopped = apply_decision(plan(), CATALOG, "med", DecisionInput("failed", "stop", on_week(8, 3)))
        edited = operations.set_history(stopped, stopped.history[:1])
        assert withdraw_decision(edited, CATALOG, "med") == plan()

    def test_only_the_entry_of_this_course_is_removed(self) -> None:
        stopped = apply_decision(plan(), CATALOG, "med", DecisionInput("failed", "stop", on_week(8, 3)))
        other = past("duloxetine", on_week(-40), on_week(-30), "failed")
        edited = operations.set_history(stopped, (*stopped.history, other))
        assert withdraw_decision(edited, CATALOG, "med").history == (plan().history[0], other)

    def test_the_start_can_move_again_after_withdrawing(self) -> None:
        stopped = apply_decision(plan(), CATALOG, "med", DecisionInput("failed", "stop", on_week(8, 3)))
        assert operations.move_refusal(stopped, "med") is not None
        assert operations.move_refusal(withdraw_decision(stopped, CATALOG, "med"), "med") is None
