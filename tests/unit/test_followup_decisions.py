"""The decision at an assessment: continue, adjust the dose, stop, replace; refusals and questions."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from careplanner.domain import Assessment, PlanDocument
from careplanner.followup.decisions import (
    DecisionInput,
    apply_decision,
    decision_end_week,
    decision_question,
    decision_refusal,
    week_containing,
)
from careplanner.followup.due import open_dates
from tests.builders import CATALOG, PLAN_START, document, item, on_week

TODAY = on_week(30)


def plan() -> PlanDocument:
    """Duloxetine 60 mg a day from week 0 (window 4-8 weeks), CBT from week 0, a fentanyl patch from week 2"""
    return document(
        [
            item("med", "duloxetine", 0, 6, dose_mg_per_day=60, goal_ids=("g1",)),
            item("psy", "cbt", 0, 10),
            item("patch", "fentanyl-patch", 2, 4, dose_mcg_per_hour=12, region="left shoulder"),
        ]
    )


def decide(
    decision: str = "stop", result: str = "failed", day: dt.date | None = None, **fields: object
) -> DecisionInput:
    return DecisionInput(result=result, decision=decision, decided_on=day or on_week(6, 2), **fields)  # type: ignore[arg-type]


def refusal(decision: DecisionInput, item_id: str = "med", doc: PlanDocument | None = None) -> str | None:
    return decision_refusal(doc or plan(), CATALOG, item_id, decision, TODAY)


def end_week(doc: PlanDocument, item_id: str = "med") -> int | None:
    found = doc.plan.item(item_id)
    assert found is not None
    return found.end_week


class TestContinue:
    def test_records_only_the_assessment(self) -> None:
        before = plan()
        after = apply_decision(
            before,
            CATALOG,
            "med",
            decide("continue", "effective", relief_percent=40, note="better", by="dr.lee"),
        )
        med = after.plan.item("med")
        assert med is not None and med.end_week is None
        assert med.assessed == Assessment(
            week=6,
            result="effective",
            relief_percent=40,
            note="better",
            decision="continue",
            decided_on=on_week(6, 2),
            by="dr.lee",
        )
        assert after.history == () and len(after.plan.items) == 3

    def test_the_week_without_an_assessment_week_is_the_week_of_the_decision(self) -> None:
        doc = document([item("med", "duloxetine", 0, None)])
        after = apply_decision(doc, CATALOG, "med", decide("continue", "partial", on_week(5, 6)))
        assert after.plan.items[0].assessed.week == 5  # type: ignore[union-attr]

    def test_blank_text_is_not_recorded(self) -> None:
        after = apply_decision(plan(), CATALOG, "med", decide("stop", note="  ", by=" dr.lee "))
        med = after.plan.item("med")
        assert med is not None and med.assessed is not None
        assert (med.assessed.note, med.assessed.by, after.history[0].reason) == (None, "dr.lee", None)

    def test_can_be_followed_by_another_decision(self) -> None:
        first = apply_decision(plan(), CATALOG, "med", decide("continue", "partial"))
        assert refusal(decide("stop", day=on_week(9)), doc=first) is None
        assert end_week(apply_decision(first, CATALOG, "med", decide("stop", day=on_week(9)))) == 9


class TestStop:
    def test_ends_the_course_at_the_next_week_boundary_and_writes_the_history(self) -> None:
        after = apply_decision(
            plan(), CATALOG, "med", decide("stop", "failed", on_week(6, 2), relief_percent=5, note="no help")
        )
        med = after.plan.item("med")
        assert med is not None and med.end_week == 7 and med.assessed is not None
        assert (med.assessed.decision, med.assessed.result, med.assessed.replaced_by) == (
            "stop",
            "failed",
            None,
        )
        [entry] = after.history
        assert (entry.modality, entry.start, entry.end, entry.outcome) == (
            "duloxetine",
            PLAN_START,
            on_week(6, 2),
            "failed",
        )
        assert (entry.dose_mg_per_day, entry.relief_percent, entry.reason) == (60, 5, "no help")
        assert entry.duration_weeks == 6

    @pytest.mark.parametrize(
        ("day", "week"),
        [(on_week(6), 6), (on_week(6, -1), 6), (on_week(6, 1), 7), (on_week(6, 6), 7), (on_week(7), 7)],
        ids=[
            "first day of week 6",
            "last day of week 5",
            "second day of week 6",
            "last day of week 6",
            "week 7",
        ],
    )
    def test_the_end_week_begins_on_or_after_the_decision(self, day: dt.date, week: int) -> None:
        """Taken until a week boundary: a course never ends before the day of the decision."""
        after = apply_decision(plan(), CATALOG, "med", decide("stop", day=day))
        assert end_week(after) == decision_end_week(plan(), plan().plan.items[0], day) == week
        assert after.plan.week_date(week) >= day

    @pytest.mark.parametrize(("day", "week"), [(on_week(6), 6), (on_week(6, 6), 6), (on_week(7, -1), 6)])
    def test_the_assessment_week_is_the_week_containing_the_day(self, day: dt.date, week: int) -> None:
        assert week_containing(plan(), day) == week

    def test_a_decision_in_the_first_week_ends_the_course_a_week_after_its_start(self) -> None:
        start = on_week(2)
        after = apply_decision(plan(), CATALOG, "patch", decide("stop", "intolerant", start))
        patch = after.plan.item("patch")
        assert patch is not None and patch.end_week == 3
        [entry] = after.history
        assert (entry.start, entry.end, entry.duration_weeks) == (start, start, 0)
        assert (entry.dose_mcg_per_hour, entry.dose_mg_per_day, entry.region) == (12, None, "left shoulder")

    def test_a_course_that_had_already_ended_keeps_its_end(self) -> None:
        doc = document([item("med", "duloxetine", 0, 6, end_week=4)])
        after = apply_decision(doc, CATALOG, "med", decide("stop", "failed", on_week(6, 3)))
        assert after.plan.items[0].end_week == 4
        assert after.history[0].end == on_week(4)

    def test_the_assessment_is_no_longer_open(self) -> None:
        after = apply_decision(plan(), CATALOG, "med", decide("stop"))
        assert "med" not in {found.item_id for found in open_dates(after)}

    def test_the_document_given_is_unchanged_so_undo_is_the_old_document(self) -> None:
        before = plan()
        kept = copy.deepcopy(before)
        for kind in ("continue", "stop"):
            apply_decision(before, CATALOG, "med", decide(kind))
        apply_decision(before, CATALOG, "med", decide("replace", replacement="pregabalin"))
        apply_decision(before, CATALOG, "med", decide("adjust-dose", new_dose=90))
        assert before == kept


class TestReplace:
    def test_ends_the_course_and_starts_the_replacement_where_it_ends(self) -> None:
        after = apply_decision(
            plan(), CATALOG, "med", decide("replace", "failed", on_week(7, 1), replacement="pregabalin")
        )
        med, new = after.plan.item("med"), after.plan.items[-1]
        assert med is not None and med.end_week == 8 and med.assessed is not None
        assert med.assessed.replaced_by == new.id == "i1"
        assert (new.modality, new.start_week, new.replaces, new.goal_ids) == ("pregabalin", 8, "med", ("g1",))
        assert new.assess_week == 8 + CATALOG.modality("pregabalin").window.middle  # type: ignore[union-attr]
        assert new.dose is None  # the dose of the replacement is the clinician's to enter
        assert [(e.modality, e.end, e.outcome) for e in after.history] == [
            ("duloxetine", on_week(7, 1), "failed")
        ]

    def test_the_replacement_assessment_is_open_at_its_window_middle(self) -> None:
        after = apply_decision(plan(), CATALOG, "med", decide("replace", replacement="pregabalin"))
        assert ("i1", on_week(7 + 6)) in {(found.item_id, found.due_date) for found in open_dates(after)}

    def test_a_dose_for_the_replacement_goes_in_its_unit(self) -> None:
        after = apply_decision(
            plan(), CATALOG, "med", decide("replace", replacement="fentanyl-patch", new_dose=25)
        )
        new = after.plan.items[-1]
        assert (new.dose_mcg_per_hour, new.dose_mg_per_day) == (25, None)

    def test_new_ids_follow_the_highest_in_use(self) -> None:
        doc = document([item("i4", "duloxetine", 0, 6), item("i2", "cbt", 0, 10)])
        after = apply_decision(doc, CATALOG, "i4", decide("replace", replacement="pregabalin"))
        assert after.plan.items[-1].id == "i5"


class TestAdjustDose:
    def test_the_course_goes_on_at_the_new_dose_without_a_history_entry(self) -> None:
        after = apply_decision(
            plan(), CATALOG, "med", decide("adjust-dose", "partial", on_week(6), new_dose=90)
        )
        med, new = after.plan.item("med"), after.plan.items[-1]
        assert med is not None and med.end_week == 6 and med.assessed is not None
        assert (med.assessed.decision, med.assessed.replaced_by) == ("adjust-dose", new.id)
        assert (new.modality, new.start_week, new.dose_mg_per_day, new.replaces) == (
            "duloxetine",
            6,
            90,
            "med",
        )
        assert new.assess_week == 6 + 6
        assert after.history == ()

    def test_a_patch_dose_is_in_micrograms_an_hour(self) -> None:
        after = apply_decision(
            plan(), CATALOG, "patch", decide("adjust-dose", "partial", on_week(4), new_dose=25)
        )
        new = after.plan.items[-1]
        assert (new.dose_mcg_per_hour, new.dose_mg_per_day, new.region) == (25, None, "left shoulder")

    def test_stopping_after_a_dose_change_writes_the_whole_course(self) -> None:
        adjusted = apply_decision(
            plan(), CATALOG, "med", decide("adjust-dose", "partial", on_week(6), new_dose=90)
        )
        stopped = apply_decision(adjusted, CATALOG, "i1", decide("stop", "failed", on_week(9)))
        [entry] = stopped.history
        assert (entry.start, entry.end, entry.dose_mg_per_day, entry.duration_weeks) == (
            PLAN_START,
            on_week(9),
            90,
            9,
        )


class TestRefusals:
    def test_a_valid_decision_is_not_refused(self) -> None:
        assert refusal(decide("stop")) is None

    def test_a_decision_in_the_future(self) -> None:
        message = refusal(decide("stop", day=TODAY + dt.timedelta(days=1)))
        assert (
            message is not None
            and "in the future" in message
            and "6 Jul 2027" in message
            and "today is 5 Jul 2027" in message
        )

    def test_today_is_not_the_future(self) -> None:
        assert refusal(decide("stop", day=TODAY)) is None

    def test_a_decision_before_the_treatment_started(self) -> None:
        message = refusal(decide("stop", day=on_week(2, -1)), "patch")
        assert message == (
            "Fentanyl patch starts on 21 Dec 2026 (week 2): a decision about it cannot be dated 20 Dec 2026, "
            "before it started."
        )
        assert refusal(decide("stop", day=on_week(2)), "patch") is None

    @pytest.mark.parametrize(
        ("decision", "expected"),
        [
            (decide(result="better"), "Choose the result"),
            (decide("pause"), "Choose the decision"),
            (decide(relief_percent=120), "from 0 to 100, not 120"),
            (decide(relief_percent=-1), "from 0 to 100, not -1"),
            (decide("replace"), "Choose the treatment that replaces Duloxetine"),
            (decide("replace", replacement="aspirin"), '"aspirin" is not a treatment of the catalog'),
            (decide("replace", replacement="duloxetine"), "adjust the dose rather than replace"),
            (decide("adjust-dose"), "Enter the new dose of Duloxetine"),
            (decide("adjust-dose", new_dose=0), "must be more than 0"),
            (decide("adjust-dose", new_dose=60), "already at 60 mg a day"),
            (decide("stop", new_dose=30), "only to adjust the dose or with a replacement"),
            (decide("stop", replacement="pregabalin"), "only with the decision to replace"),
            (decide("replace", replacement="cbt", new_dose=5), "Cognitive"),
        ],
    )
    def test_bad_input(self, decision: DecisionInput, expected: str) -> None:
        message = refusal(decision)
        assert message is not None and expected in message
        with pytest.raises(ValueError, match=r"\w"):
            apply_decision(plan(), CATALOG, "med", decision)

    def test_no_dose_to_adjust_on_a_therapy_without_one(self) -> None:
        message = refusal(decide("adjust-dose", new_dose=2), "psy")
        assert message == (
            "Cognitive behavioural therapy for pain (CBT) has no daily dose to adjust: "
            "choose another decision."
        )

    @pytest.mark.parametrize(
        "earlier",
        [decide("stop"), decide("replace", replacement="pregabalin"), decide("adjust-dose", new_dose=90)],
        ids=lambda d: d.decision,
    )
    def test_a_second_decision_needs_the_first_undone(self, earlier: DecisionInput) -> None:
        decided = apply_decision(plan(), CATALOG, "med", earlier)
        message = refusal(decide("continue", "effective"), doc=decided)
        assert (
            message is not None
            and "undo or withdraw the earlier decision first" in message
            and "20 Jan 2027" in message
        )

    @pytest.mark.parametrize(
        "decision",
        [decide("stop"), decide("replace", replacement="gabapentin"), decide("adjust-dose", new_dose=90)],
        ids=lambda d: d.decision,
    )
    def test_an_item_followed_by_a_planned_step_is_decided_at_that_step(
        self, decision: DecisionInput
    ) -> None:
        doc = document(
            [
                item("med", "duloxetine", 0, 6, dose_mg_per_day=60),
                item("next", "duloxetine", 8, replaces="med", dose_mg_per_day=90),
            ]
        )
        assert refusal(decision, doc=doc) == (
            "Duloxetine goes on as Duloxetine 90 mg a day from week 8 (1 Feb 2027): record the decision "
            "there, or remove that step first."
        )
        with pytest.raises(ValueError, match="goes on as"):
            apply_decision(doc, CATALOG, "med", decision)
        assert refusal(decide("continue", "partial"), doc=doc) is None

    def test_a_planned_switch_to_another_treatment_allows_a_stop_but_not_a_replace(self) -> None:
        doc = document(
            [
                item("med", "duloxetine", 0, 6, dose_mg_per_day=60),
                item("next", "pregabalin", 8, replaces="med", dose_mg_per_day=150),
            ]
        )
        assert refusal(decide("stop", "intolerant", on_week(3, 1)), doc=doc) is None  # a gap until week 8
        stopped = apply_decision(doc, CATALOG, "med", decide("stop", "intolerant", on_week(3, 1)))
        assert stopped.plan.item("med").end_week == 4 and stopped.plan.item("next") is not None  # type: ignore[union-attr]
        assert refusal(decide("replace", replacement="gabapentin"), doc=doc) == (
            "Pregabalin 150 mg a day is already planned to replace Duloxetine from week 8 (1 Feb 2027): "
            "remove or change that step first."
        )

    def test_an_unknown_item(self) -> None:
        assert refusal(decide("stop"), "nope") == "The plan has no treatment nope."


class TestQuestion:
    def test_before_the_window_opens(self) -> None:
        question = decision_question(plan(), CATALOG, "med", on_week(4, -1))
        assert question == (
            "Duloxetine is usually judged from 4 weeks after its start (from 4 Jan 2027). "
            "Record the decision on 3 Jan 2027 anyway?"
        )

    def test_the_window_counts_from_the_item_start(self) -> None:
        question = decision_question(plan(), CATALOG, "patch", on_week(3, -1))  # patch: week 2 + 1 week
        assert question is not None and "from 1 week after its start (from 28 Dec 2026)" in question
        assert decision_question(plan(), CATALOG, "patch", on_week(3)) is None

    def test_none_on_the_day_the_window_opens_or_later(self) -> None:
        assert decision_question(plan(), CATALOG, "med", on_week(4)) is None
        assert decision_question(plan(), CATALOG, "med", on_week(20)) is None

    def test_none_for_a_treatment_not_tolerated(self) -> None:
        """Stopping early for side effects is what should happen: it is not questioned."""
        assert decision_question(plan(), CATALOG, "med", on_week(1), "intolerant") is None
        for result in ("effective", "partial", "failed", None):
            assert decision_question(plan(), CATALOG, "med", on_week(1), result) is not None

    def test_none_for_a_treatment_without_a_window(self) -> None:
        doc = document([item("block", "medial-branch-block", 0, None)])
        assert decision_question(doc, CATALOG, "block", on_week(0)) is None
