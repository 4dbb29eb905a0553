"""SEQ-*: foundation first, one change at a time, not too many at once."""

from __future__ import annotations

from tests.builders import document, findings, foundation, item, items_of, on_week, past, weeks_before_start


class TestFoundationMissing:
    def test_fires_without_a_psychological_therapy(self) -> None:
        found = findings(document([item("med", "duloxetine")]), "SEQ-FOUNDATION-MISSING")
        assert len(found) == 1
        assert found[0].items == ()
        assert "psychological" in found[0].message

    def test_fires_once_naming_both_layers_when_both_are_missing(self) -> None:
        found = findings(document([item("pt", "physical-therapy")]), "SEQ-FOUNDATION-MISSING")
        assert len(found) == 1
        assert "medication" in found[0].message and "psychological" in found[0].message

    def test_quiet_with_both_layers_planned(self) -> None:
        assert findings(document(foundation()), "SEQ-FOUNDATION-MISSING") == []

    def test_an_ongoing_medication_counts(self) -> None:
        doc = document([item("psy", "cbt")], history=[past("duloxetine", weeks_before_start(20))])
        assert findings(doc, "SEQ-FOUNDATION-MISSING") == []

    def test_an_ended_medication_does_not_count(self) -> None:
        history = [past("duloxetine", weeks_before_start(20), weeks_before_start(2), "partial")]
        assert len(findings(document([item("psy", "cbt")], history=history), "SEQ-FOUNDATION-MISSING")) == 1

    def test_a_benzodiazepine_is_not_foundation(self) -> None:
        doc = document([item("psy", "cbt")], history=[past("diazepam", weeks_before_start(20))])
        assert len(findings(doc, "SEQ-FOUNDATION-MISSING")) == 1

    def test_a_diagnostic_is_not_a_therapy(self) -> None:
        doc = document([item("med", "duloxetine"), item("eval", "psych-evaluation")])
        assert len(findings(doc, "SEQ-FOUNDATION-MISSING")) == 1


class TestLayerOrder:
    def test_fires_when_physical_therapy_starts_before_the_first_foundation_assessment(self) -> None:
        found = findings(document([*foundation(), item("pt", "physical-therapy", 5)]), "SEQ-LAYER-ORDER")
        assert items_of(found) == [{"pt"}]
        assert "week 5" in found[0].message and "week 6" in found[0].message

    def test_quiet_when_it_starts_at_the_first_foundation_assessment(self) -> None:
        assert findings(document([*foundation(), item("pt", "physical-therapy", 6)]), "SEQ-LAYER-ORDER") == []

    def test_uses_the_earliest_assessment_of_the_foundation(self) -> None:
        items = [item("med", "duloxetine", 0, 8), item("psy", "cbt", 0, 8), item("acu", "acupuncture", 7)]
        assert items_of(findings(document(items), "SEQ-LAYER-ORDER")) == [{"acu"}]

    def test_diagnostics_and_device_trials_are_not_therapies(self) -> None:
        items = [*foundation(), item("mbb", "medial-branch-block", 1), item("trial", "scs-trial", 2)]
        assert findings(document(items), "SEQ-LAYER-ORDER") == []

    def test_quiet_when_a_foundational_therapy_is_ongoing_at_plan_start(self) -> None:
        doc = document(
            [*foundation(), item("pt", "physical-therapy", 1)],
            history=[past("pregabalin", weeks_before_start(12))],
        )
        assert findings(doc, "SEQ-LAYER-ORDER") == []

    def test_quiet_when_the_ongoing_foundation_is_replaced_by_a_plan_item(self) -> None:
        doc = document(
            [
                item("med", "duloxetine", 0, 6, replaces="pregabalin"),
                item("psy", "cbt", 0, 10),
                item("pt", "physical-therapy", 1),
            ],
            history=[past("pregabalin", weeks_before_start(12))],
        )
        assert findings(doc, "SEQ-LAYER-ORDER") == []

    def test_history_still_running_at_the_start_exempts(self) -> None:
        # Active from start to end (docs/plan-format.md, Definitions): under way when the plan started.
        doc = document(
            [*foundation(), item("pt", "physical-therapy", 1)],
            history=[past("pregabalin", weeks_before_start(12), on_week(1), "partial")],
        )
        assert findings(doc, "SEQ-LAYER-ORDER") == []

    def test_history_that_ended_before_the_start_does_not_exempt(self) -> None:
        doc = document(
            [*foundation(), item("pt", "physical-therapy", 1)],
            history=[past("pregabalin", weeks_before_start(12), weeks_before_start(1), "partial")],
        )
        assert items_of(findings(doc, "SEQ-LAYER-ORDER")) == [{"pt"}]

    def test_quiet_when_no_foundation_is_planned(self) -> None:
        assert findings(document([item("pt", "physical-therapy", 0)]), "SEQ-LAYER-ORDER") == []

    def test_without_any_assessment_week_the_window_minimum_stands_in(self) -> None:
        items = [item("med", "duloxetine", 0, None), item("pt", "physical-therapy", 3)]
        assert items_of(findings(document(items), "SEQ-LAYER-ORDER")) == [{"pt"}]


class TestCrowding:
    def test_fires_for_two_medications_started_in_the_same_week(self) -> None:
        found = findings(document([item("a", "duloxetine", 0), item("b", "pregabalin", 0)]), "SEQ-CROWDING")
        assert items_of(found) == [{"a", "b"}]

    def test_fires_when_the_second_starts_before_the_first_is_assessed(self) -> None:
        found = findings(
            document([item("a", "duloxetine", 0, 6), item("b", "pregabalin", 5)]), "SEQ-CROWDING"
        )
        assert items_of(found) == [{"a", "b"}]
        assert "before Duloxetine is assessed in week 6" in found[0].message

    def test_quiet_when_the_second_starts_at_the_first_assessment(self) -> None:
        assert (
            findings(document([item("a", "duloxetine", 0, 6), item("b", "pregabalin", 6)]), "SEQ-CROWDING")
            == []
        )

    def test_missing_assessment_falls_back_to_start_plus_window_min(self) -> None:
        crowded = document([item("a", "duloxetine", 0, None), item("b", "pregabalin", 3)])
        spaced = document([item("a", "duloxetine", 0, None), item("b", "pregabalin", 4)])
        assert len(findings(crowded, "SEQ-CROWDING")) == 1
        assert findings(spaced, "SEQ-CROWDING") == []

    def test_a_same_week_replacement_is_not_crowding(self) -> None:
        items = [item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 0, 6, replaces="a")]
        assert findings(document(items), "SEQ-CROWDING") == []

    def test_a_replacement_is_not_crowding(self) -> None:
        items = [item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 3, 9, replaces="a")]
        assert findings(document(items), "SEQ-CROWDING") == []

    def test_different_layers_do_not_crowd(self) -> None:
        assert findings(document(foundation()), "SEQ-CROWDING") == []

    def test_one_finding_per_pair(self) -> None:
        items = [item("a", "duloxetine", 0), item("b", "pregabalin", 0), item("c", "acetaminophen", 0)]
        assert sorted(sorted(pair) for pair in items_of(findings(document(items), "SEQ-CROWDING"))) == [
            ["a", "b"],
            ["a", "c"],
            ["b", "c"],
        ]

    def test_procedure_repeats_crowd_when_too_close(self) -> None:
        close = document([item("e1", "esi", 0, 4), item("e2", "esi", 3, 7)])
        apart = document([item("e1", "esi", 0, 4), item("e2", "esi", 4, 8)])
        assert len(findings(close, "SEQ-CROWDING")) == 1
        assert findings(apart, "SEQ-CROWDING") == []


class TestTooMany:
    def test_fires_for_three_new_therapies_within_two_consecutive_weeks(self) -> None:
        items = [*foundation(), item("pt", "physical-therapy", 1)]
        found = findings(document(items), "SEQ-TOO-MANY")
        assert items_of(found) == [{"med", "psy", "pt"}]

    def test_quiet_when_the_third_starts_two_weeks_later(self) -> None:
        assert findings(document([*foundation(), item("pt", "physical-therapy", 2)]), "SEQ-TOO-MANY") == []

    def test_omits_sets_contained_in_a_reported_set(self) -> None:
        items = [
            item("a", "duloxetine", 0),
            item("b", "cbt", 0),
            item("c", "yoga", 0),
            item("d", "massage", 1),
        ]
        assert items_of(findings(document(items), "SEQ-TOO-MANY")) == [{"a", "b", "c", "d"}]

    def test_reports_overlapping_sets_that_are_not_contained(self) -> None:
        items = [
            item("a", "duloxetine", 0),
            item("b", "cbt", 0),
            item("c", "yoga", 1),
            item("d", "massage", 2),
            item("e", "acupuncture", 2),
        ]
        assert items_of(findings(document(items), "SEQ-TOO-MANY")) == [{"a", "b", "c"}, {"c", "d", "e"}]

    def test_diagnostics_do_not_count(self) -> None:
        items = [*foundation(), item("mbb", "medial-branch-block", 1)]
        assert findings(document(items), "SEQ-TOO-MANY") == []


class TestSecondBotoxCycle:
    """A second botulinum toxin cycle of the same trial is not a new therapy for the SEQ rules."""

    def test_a_second_cycle_twelve_weeks_on_does_not_crowd_the_first(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, None)]
        assert findings(document(items), "SEQ-CROWDING") == []

    def test_a_repeat_eleven_weeks_on_is_a_new_therapy_and_crowds(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 11, 23)]
        assert items_of(findings(document(items), "SEQ-CROWDING")) == [{"b1", "b2"}]

    def test_a_third_cycle_before_the_judgement_week_crowds(self) -> None:
        items = [
            item("b1", "botox-migraine", 0, 26),
            item("b2", "botox-migraine", 12, None),
            item("b3", "botox-migraine", 24, 36),
        ]
        assert items_of(findings(document(items), "SEQ-CROWDING")) == [{"b1", "b3"}]

    def test_a_second_cycle_does_not_count_towards_too_many(self) -> None:
        base = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, None)]
        two_more = [item("pt", "physical-therapy", 12), item("yoga", "yoga", 13)]
        assert findings(document([*base, *two_more]), "SEQ-TOO-MANY") == []
        three_more = [*two_more, item("acu", "acupuncture", 13)]
        assert items_of(findings(document([*base, *three_more]), "SEQ-TOO-MANY")) == [{"pt", "yoga", "acu"}]

    def test_a_second_cycle_does_not_start_before_the_foundation(self) -> None:
        items = [
            item("med", "duloxetine", 14, 20),
            item("psy", "cbt", 14, 24),
            item("b1", "botox-migraine", 0, 24),
            item("b2", "botox-migraine", 12, None),
        ]
        assert items_of(findings(document(items), "SEQ-LAYER-ORDER")) == [{"b1"}]


class TestSessionsAndRescue:
    def test_a_session_repeat_is_a_new_therapy(self) -> None:
        close = document([item("k1", "ketamine-infusion", 0, 4), item("k2", "ketamine-infusion", 2, 6)])
        after = document([item("k1", "ketamine-infusion", 0, 4), item("k2", "ketamine-infusion", 4, 8)])
        assert items_of(findings(close, "SEQ-CROWDING")) == [{"k1", "k2"}]
        assert findings(after, "SEQ-CROWDING") == []

    def test_naloxone_is_not_a_new_therapy(self) -> None:
        items = [*foundation(), item("nal", "naloxone", 1, None)]
        assert findings(document(items), "SEQ-TOO-MANY") == []
        assert (
            findings(document([item("a", "duloxetine", 0), item("nal", "naloxone", 0, None)]), "SEQ-CROWDING")
            == []
        )

    def test_naloxone_is_not_foundation(self) -> None:
        doc = document([item("psy", "cbt")], history=[past("naloxone", weeks_before_start(4))])
        assert len(findings(doc, "SEQ-FOUNDATION-MISSING")) == 1

    def test_a_benzodiazepine_is_not_a_new_therapy(self) -> None:
        assert (
            findings(document([item("a", "duloxetine", 0), item("z", "diazepam", 0, None)]), "SEQ-CROWDING")
            == []
        )
