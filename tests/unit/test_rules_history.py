"""HIST-*: no repeat of an adequately tried failure or of an intolerance."""

from __future__ import annotations

import datetime as dt

import pytest

from careplanner.checks import check_plan
from careplanner.domain import HistoryEntry, PlanDocument, PlanItem
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.outcomes import assess_trials, is_adequate_failure
from tests.builders import (
    CATALOG,
    document,
    findings,
    foundation,
    item,
    items_of,
    on_week,
    past,
    weeks_before_start,
)


def failed_gabapentin(weeks: int) -> list:
    start = weeks_before_start(60)
    end = start.fromordinal(start.toordinal() + 7 * weeks)
    return [past("gabapentin", start, end, "failed", dose_mg_per_day=1800)]


class TestRepeatFailed:
    def test_fires_when_the_failed_trial_reached_the_window_minimum(self) -> None:
        doc = document([item("g", "gabapentin")], history=failed_gabapentin(3))  # window 3-8
        found = findings(doc, "HIST-REPEAT-FAILED")
        assert items_of(found) == [{"g", "history[0]"}]

    def test_quiet_when_the_failed_trial_was_one_week_short(self) -> None:
        assert (
            findings(document([item("g", "gabapentin")], history=failed_gabapentin(2)), "HIST-REPEAT-FAILED")
            == []
        )

    def test_duration_counts_whole_weeks(self) -> None:
        start = weeks_before_start(60)
        six_days_short = start.fromordinal(start.toordinal() + 20)  # 2 weeks and 6 days
        history = [past("gabapentin", start, six_days_short, "failed")]
        assert findings(document([item("g", "gabapentin")], history=history), "HIST-REPEAT-FAILED") == []

    def test_partial_response_is_not_a_failure(self) -> None:
        history = [past("gabapentin", weeks_before_start(60), weeks_before_start(40), "partial")]
        assert findings(document([item("g", "gabapentin")], history=history), "HIST-REPEAT-FAILED") == []

    def test_other_modalities_are_not_repeats(self) -> None:
        assert (
            findings(document([item("p", "pregabalin")], history=failed_gabapentin(12)), "HIST-REPEAT-FAILED")
            == []
        )


class TestInadequateTrial:
    def test_information_for_a_failed_trial_shorter_than_the_window(self) -> None:
        found = findings(document(foundation(), history=failed_gabapentin(2)), "HIST-INADEQUATE-TRIAL")
        assert items_of(found) == [{"history[0]"}]
        assert found[0].severity == "info"

    def test_quiet_for_an_adequate_trial(self) -> None:
        assert findings(document(foundation(), history=failed_gabapentin(3)), "HIST-INADEQUATE-TRIAL") == []

    def test_treatments_outside_the_catalog_are_ignored(self) -> None:
        history = [past("other", weeks_before_start(10), weeks_before_start(9), "failed", name="Herbal tea")]
        assert findings(document(foundation(), history=history), "HIST-INADEQUATE-TRIAL") == []


class TestIntolerant:
    def test_fires_when_an_intolerant_treatment_is_planned_again(self) -> None:
        history = [
            past(
                "amitriptyline", weeks_before_start(30), weeks_before_start(29), "intolerant", reason="dizzy"
            )
        ]
        found = findings(document([item("a", "amitriptyline")], history=history), "HIST-INTOLERANT")
        assert items_of(found) == [{"a", "history[0]"}]
        assert "dizzy" in found[0].message

    def test_benzodiazepines_take_part_only_in_safety_rules(self) -> None:
        history = [past("diazepam", weeks_before_start(30), weeks_before_start(29), "intolerant")]
        assert findings(document([item("z", "diazepam", 0, None)], history=history), "HIST-INTOLERANT") == []

    def test_quiet_for_a_related_drug(self) -> None:
        history = [past("amitriptyline", weeks_before_start(30), weeks_before_start(29), "intolerant")]
        assert findings(document([item("n", "nortriptyline")], history=history), "HIST-INTOLERANT") == []


def failed_session(modality: str, region: str | None, relief: float = 10) -> object:
    """One session in the past that failed; a session lasts a day (0 weeks)."""
    day = weeks_before_start(30)
    return past(modality, day, day, "failed", relief_percent=relief, region=region)


class TestProceduresAndSessions:
    """A failed procedure or session treatment was an adequate trial whatever its duration."""

    def test_a_failed_procedure_of_one_day_is_repeated_in_the_same_region(self) -> None:
        doc = document(
            [item("e", "esi", region="lumbar")],
            history=[failed_session("esi", "lumbar")],
            conditions=["radicular-pain"],
        )
        found = findings(doc, "HIST-REPEAT-FAILED")
        assert items_of(found) == [{"e", "history[0]"}]
        assert "10% relief" in found[0].message

    def test_quiet_in_another_region(self) -> None:
        doc = document([item("e", "esi", region="cervical")], history=[failed_session("esi", "lumbar")])
        assert findings(doc, "HIST-REPEAT-FAILED") == []

    @pytest.mark.parametrize(("planned", "tried"), [(None, "lumbar"), ("lumbar", None), (None, None)])
    def test_a_missing_region_on_either_side_matches(self, planned: str | None, tried: str | None) -> None:
        doc = document([item("e", "esi", region=planned)], history=[failed_session("esi", tried)])
        assert len(findings(doc, "HIST-REPEAT-FAILED")) == 1

    def test_a_procedure_that_helped_is_not_a_failure(self) -> None:
        day = weeks_before_start(30)
        history = [past("esi", day, day, "partial", relief_percent=40, region="lumbar")]
        assert (
            findings(document([item("e", "esi", region="lumbar")], history=history), "HIST-REPEAT-FAILED")
            == []
        )

    @pytest.mark.parametrize("modality", ["capsaicin-patch", "ketamine-infusion"])
    def test_a_failed_session_treatment_is_repeated(self, modality: str) -> None:
        doc = document([item("s", modality)], history=[failed_session(modality, None)])
        assert items_of(findings(doc, "HIST-REPEAT-FAILED")) == [{"s", "history[0]"}]

    @pytest.mark.parametrize("modality", ["esi", "capsaicin-patch", "ketamine-infusion", "botox-migraine"])
    def test_a_short_failed_session_is_never_an_inadequate_trial(self, modality: str) -> None:
        doc = document(foundation(), history=[failed_session(modality, None)])
        assert findings(doc, "HIST-INADEQUATE-TRIAL") == []

    def test_a_short_failed_medicine_still_is_an_inadequate_trial(self) -> None:
        doc = document(foundation(), history=[failed_session("duloxetine", None)])
        assert items_of(findings(doc, "HIST-INADEQUATE-TRIAL")) == [{"history[0]"}]

    def test_a_failed_diagnostic_block_is_not_a_failed_therapy(self) -> None:
        doc = document(
            [item("b", "medial-branch-block", region="lumbar")],
            history=[failed_session("medial-branch-block", "lumbar")],
        )
        assert findings(doc, "HIST-REPEAT-FAILED") == []
        assert findings(doc, "HIST-INADEQUATE-TRIAL") == []

    def test_every_failed_session_in_the_region_is_named(self) -> None:
        history = [
            failed_session("esi", "lumbar"),
            failed_session("esi", "cervical"),
            failed_session("esi", None),
        ]
        doc = document([item("e", "esi", region="lumbar")], history=history)
        assert items_of(findings(doc, "HIST-REPEAT-FAILED")) == [{"e", "history[0]", "history[2]"}]


class TestNaloxone:
    def test_naloxone_takes_part_only_in_its_own_safety_rule(self) -> None:
        day = weeks_before_start(30)
        history = [past("naloxone", day, day, "intolerant")]
        assert findings(document([item("n", "naloxone", 0, None)], history=history), "HIST-INTOLERANT") == []


def test_plurals_are_real() -> None:
    found = findings(document(foundation(), history=failed_gabapentin(1)), "HIST-INADEQUATE-TRIAL")
    assert "after 1 week " in found[0].message and "week(s)" not in found[0].message


class TestOwnCourse:
    """A decision to stop writes the item's own course into the history; the item is not flagged by it."""

    def own_entry(self, outcome: str, weeks: int, start_week: int = 2) -> HistoryEntry:
        return past("gabapentin", on_week(start_week), on_week(start_week + weeks), outcome)

    @pytest.mark.parametrize(
        ("rule", "outcome"), [("HIST-REPEAT-FAILED", "failed"), ("HIST-INTOLERANT", "intolerant")]
    )
    def test_quiet_for_the_entry_of_the_items_own_course(self, rule: str, outcome: str) -> None:
        doc = document([item("g", "gabapentin", 2, end_week=8)], history=[self.own_entry(outcome, 6)])
        assert findings(doc, rule) == []

    @pytest.mark.parametrize(
        ("rule", "outcome"), [("HIST-REPEAT-FAILED", "failed"), ("HIST-INTOLERANT", "intolerant")]
    )
    def test_an_entry_starting_on_another_day_is_an_earlier_trial(self, rule: str, outcome: str) -> None:
        entry = past("gabapentin", on_week(2, -1), on_week(8), outcome)
        doc = document([item("g", "gabapentin", 2, end_week=8)], history=[entry])
        assert items_of(findings(doc, rule)) == [{"g", "history[0]"}]

    def test_a_later_item_of_the_same_treatment_is_flagged(self) -> None:
        items = [item("g", "gabapentin", 2, end_week=8), item("again", "gabapentin", 20)]
        doc = document(items, history=[self.own_entry("failed", 6)])
        assert items_of(findings(doc, "HIST-REPEAT-FAILED")) == [{"again", "history[0]"}]

    def test_a_later_dose_step_starting_after_the_entry_ended_is_a_new_trial(self) -> None:
        """The entry of the first step's course is not the course of a step that starts after it ended."""
        items = [
            item("g", "gabapentin", 2, end_week=8),
            item("g2", "gabapentin", 10, replaces="g", dose_mg_per_day=1800),
        ]
        doc = document(items, history=[self.own_entry("failed", 6)])
        assert items_of(findings(doc, "HIST-REPEAT-FAILED")) == [{"g2", "history[0]"}]

    def test_the_course_of_a_dose_change_begins_at_its_first_item(self) -> None:
        items = [
            item("g", "gabapentin", 2, end_week=5),
            item("g2", "gabapentin", 5, end_week=8, replaces="g"),
        ]
        doc = document(items, history=[self.own_entry("failed", 6)])
        assert findings(doc, "HIST-REPEAT-FAILED") == []


class TestAfterADecision:
    """Recording a decision to stop tells the history checks and the trial assessment about the course."""

    def stopped(self, result: str, day: dt.date, *later: PlanItem) -> PlanDocument:
        doc = document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60), *later])
        decision = DecisionInput(result=result, decision="stop", decided_on=day)
        return apply_decision(doc, CATALOG, "med", decision)

    def test_a_failed_adequate_trial_planned_again_is_flagged(self) -> None:
        doc = self.stopped("failed", on_week(6, 3), item("again", "duloxetine", 20))
        report = check_plan(doc, CATALOG)
        repeat = [f for f in report.findings if f.rule == "HIST-REPEAT-FAILED"]
        assert [set(f.items) for f in repeat] == [{"again", "history[0]"}]
        assert not [f for f in report.findings if f.rule.startswith("HIST-") and "med" in f.items]

    def test_a_failed_trial_shorter_than_the_window_is_inadequate(self) -> None:
        doc = self.stopped("failed", on_week(2, 3), item("again", "duloxetine", 20))
        report = check_plan(doc, CATALOG)
        assert [set(f.items) for f in report.findings if f.rule == "HIST-INADEQUATE-TRIAL"] == [
            {"history[0]"}
        ]
        assert not [f for f in report.findings if f.rule == "HIST-REPEAT-FAILED"]
        [trial] = assess_trials(doc.history, CATALOG, on_week(30))
        assert (trial.weeks, trial.adequate) == (2, False)
        assert not is_adequate_failure(doc.history[0], CATALOG.modality("duloxetine"))

    def test_an_intolerance_planned_again_is_flagged_but_not_the_stopped_item(self) -> None:
        doc = self.stopped("intolerant", on_week(1), item("again", "duloxetine", 20))
        found = findings(doc, "HIST-INTOLERANT")
        assert items_of(found) == [{"again", "history[0]"}]
