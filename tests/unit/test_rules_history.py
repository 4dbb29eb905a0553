"""HIST-*: no repeat of an adequately tried failure or of an intolerance."""

from __future__ import annotations

from tests.builders import document, findings, foundation, item, items_of, past, weeks_before_start


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
