"""Check-ins: treatments active on the day and since the last visit, reviews the visit can count as, goal
progress, refusals."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from careplanner.domain import (
    ADHERENCE_LEVELS,
    GOAL_PROGRESS,
    Adherence,
    Goal,
    GoalProgress,
    Measurement,
    PegScores,
    PlanDocument,
)
from careplanner.followup.checkins import (
    ADHERENCE_WORDS,
    GOAL_PROGRESS_SOURCE,
    GOAL_PROGRESS_WORDS,
    checkin_refusal,
    items_since_last_visit,
    last_visit_before,
    mark_reviews_held,
    pending_reviews,
)
from careplanner.followup.decisions import DecisionInput, apply_decision
from tests.builders import CATALOG, document, item, on_week

TODAY = on_week(20)
GOALS = (Goal("g1", "Walk the dog every day"), Goal("g2", "Back to work part time", 12))


def plan() -> PlanDocument:
    """Duloxetine from week 0, replaced by pregabalin from week 6; CBT weeks 0-10; physio from week 4."""
    doc = document(
        [
            item("dul", "duloxetine", 0, 6),
            item("pre", "pregabalin", 6, replaces="dul"),
            item("cbt", "cbt", 0, 8, end_week=10),
            item("pt", "physical-therapy", 4),
        ],
        reviews=(4, 12),
        goals=GOALS,
    )
    baseline = Measurement(on_week(0), PegScores(7, 7, 7))
    return dataclasses.replace(doc, baseline=baseline)


def since_ids(doc: PlanDocument, day: dt.date) -> list[str]:
    return [found.id for found in items_since_last_visit(doc, day)]


class TestItemsSinceLastVisit:
    def test_from_the_baseline_when_there_is_no_check_in(self) -> None:
        assert last_visit_before(plan(), on_week(7)) == on_week(0)
        assert since_ids(plan(), on_week(7)) == ["dul", "pre", "cbt", "pt"]

    def test_from_the_latest_earlier_check_in(self) -> None:
        doc = dataclasses.replace(
            plan(), checkins=(checkin(on_week(2)), checkin(on_week(6)), checkin(on_week(9)))
        )
        assert last_visit_before(doc, on_week(7)) == on_week(6)
        assert since_ids(doc, on_week(7)) == ["pre", "cbt", "pt"]  # duloxetine ended on the last visit's day

    def test_a_treatment_that_ended_the_day_after_the_last_visit_is_asked_about(self) -> None:
        doc = dataclasses.replace(plan(), checkins=(checkin(on_week(6, -1)),))
        assert "dul" in since_ids(doc, on_week(8))

    def test_a_check_in_on_the_same_day_is_not_the_last_visit(self) -> None:
        doc = dataclasses.replace(plan(), checkins=(checkin(on_week(7)),))
        assert last_visit_before(doc, on_week(7)) == on_week(0)

    def test_from_the_plan_start_without_baseline_or_check_in(self) -> None:
        doc = dataclasses.replace(plan(), baseline=None)
        assert last_visit_before(doc, on_week(3)) == on_week(0)
        early = dataclasses.replace(plan(), baseline=Measurement(on_week(0, -20), PegScores(7, 7, 7)))
        assert last_visit_before(early, on_week(3)) == on_week(0)

    def test_a_treatment_not_yet_started_on_the_day_is_not_asked_about(self) -> None:
        assert "pt" not in since_ids(plan(), on_week(4, -1))
        assert "pt" in since_ids(plan(), on_week(4))

    def test_treatments_that_ended_since_the_last_visit_are_asked_about_too(self) -> None:
        # On week 11 duloxetine (replaced at week 6) and CBT (ended week 10) are over, yet were taken since.
        assert {"dul", "cbt"} <= set(since_ids(plan(), on_week(11)))


class TestPendingReviews:
    @pytest.mark.parametrize(
        ("day", "weeks"),
        [
            (on_week(4, -8), []),  # review of week 4 is 8 days off
            (on_week(4, -7), [4]),  # due within 7 days
            (on_week(4), [4]),
            (on_week(5), [4]),  # overdue
            (on_week(12, -7), [4, 12]),
        ],
    )
    def test_overdue_or_due_within_seven_days(self, day: dt.date, weeks: list[int]) -> None:
        assert [review.week for review in pending_reviews(plan(), day)] == weeks

    def test_the_number_of_days_can_be_chosen(self) -> None:
        assert [review.week for review in pending_reviews(plan(), on_week(4, -3), days_ahead=2)] == []

    def test_a_held_review_is_no_longer_pending(self) -> None:
        held = mark_reviews_held(plan(), [4], on_week(4, 1))
        assert [review.week for review in pending_reviews(held, on_week(12))] == [12]


class TestMarkHeld:
    def test_marks_the_chosen_weeks_only(self) -> None:
        before = plan()
        kept = copy.deepcopy(before)
        after = mark_reviews_held(before, [12], on_week(11))
        assert [(review.week, review.held_on) for review in after.plan.reviews] == [
            (4, None),
            (12, on_week(11)),
        ]
        assert before == kept

    def test_a_review_already_held_keeps_its_date(self) -> None:
        once = mark_reviews_held(plan(), [4], on_week(4))
        twice = mark_reviews_held(once, [4, 12], on_week(12))
        assert [review.held_on for review in twice.plan.reviews] == [on_week(4), on_week(12)]


def checkin(
    day: dt.date, goals: tuple[GoalProgress, ...] = (), adherence: tuple[Adherence, ...] = ()
) -> Measurement:
    return Measurement(day, PegScores(5, 5, 5), goal_progress=goals, adherence=adherence)


class TestWords:
    def test_every_level_has_words(self) -> None:
        assert set(GOAL_PROGRESS_WORDS) == set(GOAL_PROGRESS)
        assert set(ADHERENCE_WORDS) == set(ADHERENCE_LEVELS)
        assert GOAL_PROGRESS_WORDS["exceeded"] == "more than the goal"
        assert ADHERENCE_WORDS["not-taken"] == "not taken or not attended"

    def test_the_scale_has_its_source_in_the_catalog(self) -> None:
        assert "Turner-Stokes" in CATALOG.sources[GOAL_PROGRESS_SOURCE].title


class TestRefusal:
    def test_a_complete_check_in_is_accepted(self) -> None:
        entry = checkin(
            on_week(7),
            (GoalProgress("g1", "some"),),
            (Adherence("pre", "pregabalin", "partly"), Adherence("cbt", "cbt", "as-planned")),
        )
        assert checkin_refusal(plan(), entry, TODAY, CATALOG) is None

    def test_dates_are_refused_as_the_outcomes_say(self) -> None:
        future = checkin_refusal(plan(), checkin(TODAY + dt.timedelta(days=1)), TODAY)
        assert future is not None and future.startswith("27 Apr 2027 is in the future (today is 26 Apr 2027)")
        early = checkin_refusal(plan(), checkin(on_week(0, -1)), TODAY)
        assert early is not None and early.startswith("6 Dec 2026 is before the baseline (7 Dec 2026)")
        assert checkin_refusal(plan(), checkin(TODAY), TODAY) is None

    def test_a_goal_the_patient_does_not_have(self) -> None:
        message = checkin_refusal(plan(), checkin(on_week(7), (GoalProgress("g9", "some"),)), TODAY)
        assert message is not None and "goal the patient no longer has" in message and "g9" not in message

    def test_a_goal_given_twice(self) -> None:
        twice = (GoalProgress("g1", "some"), GoalProgress("g1", "achieved"))
        message = checkin_refusal(plan(), checkin(on_week(7), twice), TODAY)
        assert message == 'The progress on the goal "Walk the dog every day" is given twice: give it once.'

    def test_an_unknown_progress_level(self) -> None:
        message = checkin_refusal(plan(), checkin(on_week(7), (GoalProgress("g1", "great"),)), TODAY)
        assert message is not None and "some progress" in message

    def test_adherence_to_a_treatment_replaced_before_the_last_visit(self) -> None:
        doc = dataclasses.replace(plan(), checkins=(checkin(on_week(6, 1)),))
        entry = checkin(on_week(7), adherence=(Adherence("dul", "duloxetine", "as-planned"),))
        message = checkin_refusal(doc, entry, TODAY, CATALOG)
        assert message == (
            "Duloxetine was not planned at any time from the last visit (19 Jan 2027) to 25 Jan 2027: record "
            "adherence only for the treatments since the last visit."
        )

    def test_adherence_to_a_treatment_replaced_since_the_last_visit(self) -> None:
        doc = dataclasses.replace(plan(), checkins=(checkin(on_week(5)),))
        entry = checkin(on_week(7), adherence=(Adherence("dul", "duloxetine", "partly"),))
        assert checkin_refusal(doc, entry, TODAY, CATALOG) is None

    def test_adherence_to_a_treatment_not_yet_started(self) -> None:
        entry = checkin(on_week(3), adherence=(Adherence("pt", "physical-therapy", "partly"),))
        assert "was not planned at any time" in (checkin_refusal(plan(), entry, TODAY, CATALOG) or "")

    def test_adherence_on_the_day_of_a_decision_to_the_treatment_it_ended(self) -> None:
        """A course decided mid-week runs to the next week boundary: its adherence that day is fine."""
        decision = DecisionInput("failed", "replace", on_week(6, 3), replacement="gabapentin")
        replaced = apply_decision(plan(), CATALOG, "pre", decision)
        entry = checkin(on_week(6, 3), adherence=(Adherence("pre", "pregabalin", "partly"),))
        assert checkin_refusal(replaced, entry, TODAY, CATALOG) is None

    def test_adherence_given_twice_or_with_an_unknown_level(self) -> None:
        twice = (Adherence("pt", "physical-therapy", "partly"), Adherence("pt", "physical-therapy", "partly"))
        assert "given twice" in (checkin_refusal(plan(), checkin(on_week(7), adherence=twice), TODAY) or "")
        unknown = (Adherence("pt", "physical-therapy", "mostly"),)
        message = checkin_refusal(plan(), checkin(on_week(7), adherence=unknown), TODAY, CATALOG)
        assert message is not None and "not taken or not attended" in message

    def test_side_effects_too_long(self) -> None:
        entry = dataclasses.replace(checkin(on_week(7)), side_effects="x" * 2001)
        assert "at most 2,000 characters" in (checkin_refusal(plan(), entry, TODAY) or "")
