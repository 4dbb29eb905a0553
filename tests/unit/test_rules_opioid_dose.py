"""SAFE-MME, SAFE-MME-UNKNOWN and SAFE-NALOXONE: the opioid total in MME a day and when naloxone is due
(docs/clinical-reference.md §4a; docs/plan-format.md, MME)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from careplanner.checks.context import PlanContext
from careplanner.checks.mme import mme_profile
from careplanner.domain import PlanDocument, PlanItem
from tests.builders import (
    CATALOG,
    ack,
    document,
    findings,
    item,
    items_of,
    on_week,
    past,
    weeks_before_start,
)


def peak_total(doc: PlanDocument) -> Decimal | None:
    peak = mme_profile(PlanContext(doc, CATALOG)).peak
    return None if peak is None else peak.total


def oxycodone(dose: float | None, item_id: str = "o", start: int = 0, **fields: object) -> PlanItem:
    return item(item_id, "oxycodone", start, start + 2, dose_mg_per_day=dose, **fields)


class TestTotal:
    @pytest.mark.parametrize(
        ("modality", "dose", "total"),
        [
            ("oxycodone", 33, "49.5"),
            ("oxycodone", 33.4, "50.1"),
            ("tramadol", 250, "50"),
            ("codeine", 333.4, "50.01"),
            ("hydromorphone", 9.9, "49.5"),
            ("methadone", 10.7, "50.29"),
            ("tapentadol", 124.9, "49.96"),
        ],
    )
    def test_dose_times_factor_is_exact(self, modality: str, dose: float, total: str) -> None:
        doc = document([item("x", modality, 0, 2, dose_mg_per_day=dose)])
        assert peak_total(doc) == Decimal(total)

    def test_fentanyl_patch_strength_in_mcg_an_hour(self) -> None:
        doc = document([item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=25)])
        assert peak_total(doc) == Decimal(60)

    def test_a_sum_that_binary_floating_point_puts_below_50_is_50(self) -> None:
        # 2.9 + 31.4 x 1.5 is 50 exactly; in binary floating point it comes to 49.99999999999999.
        assert 2.9 + 31.4 * 1.5 < 50
        doc = document(
            [
                item("m", "morphine", 0, 2, dose_mg_per_day=2.9),
                item("o", "oxycodone", 0, 2, dose_mg_per_day=31.4),
            ]
        )
        assert peak_total(doc) == Decimal(50)
        assert items_of(findings(doc, "SAFE-MME")) == [{"m", "o"}]

    def test_an_ongoing_opioid_from_the_history_counts(self) -> None:
        history = [past("morphine", weeks_before_start(20), dose_mg_per_day=30)]
        doc = document([oxycodone(14, start=2)], history=history)
        assert peak_total(doc) == Decimal(51)
        assert items_of(findings(doc, "SAFE-MME")) == [{"o", "history[0]"}]

    def test_history_that_ended_before_the_plan_does_not_count(self) -> None:
        history = [
            past("morphine", weeks_before_start(20), weeks_before_start(1), "effective", dose_mg_per_day=30)
        ]
        assert findings(document([oxycodone(14)], history=history), "SAFE-MME") == []

    def test_history_ending_during_the_plan_drops_out_at_its_end(self) -> None:
        history = [past("morphine", weeks_before_start(20), on_week(3), "effective", dose_mg_per_day=30)]
        ends_first = document([oxycodone(14, start=3)], history=history)
        overlaps = document([oxycodone(14, start=2)], history=history)
        assert findings(ends_first, "SAFE-MME") == []
        assert items_of(findings(overlaps, "SAFE-MME")) == [{"o", "history[0]"}]


class TestSafeMme:
    def test_49_5_is_quiet_and_50_1_warns(self) -> None:
        assert findings(document([oxycodone(33)]), "SAFE-MME") == []
        (found,) = findings(document([oxycodone(33.4)]), "SAFE-MME")
        assert (found.severity, found.items, found.source) == ("warning", ("o",), "CDC22")
        assert "From the plan's start the opioids come to 50.1 MME a day" in found.message
        assert "o" not in found.message.split()  # treatments by name, never by id

    def test_exactly_50_warns(self) -> None:
        assert len(findings(document([item("t", "tramadol", 0, 2, dose_mg_per_day=250)]), "SAFE-MME")) == 1
        assert findings(document([item("t", "tramadol", 0, 2, dose_mg_per_day=249)]), "SAFE-MME") == []

    def test_fentanyl_25_mcg_an_hour_is_60(self) -> None:
        (found,) = findings(document([item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=25)]), "SAFE-MME")
        assert "60 MME a day" in found.message and "25 mcg/h" in found.message
        assert findings(document([item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=20)]), "SAFE-MME") == []

    def test_adults_only(self) -> None:
        assert findings(document([oxycodone(40)], age=17), "SAFE-MME") == []
        assert len(findings(document([oxycodone(40)], age=18), "SAFE-MME")) == 1

    def test_one_finding_per_distinct_set_with_its_first_week(self) -> None:
        # Oxycodone alone (60) from week 0; with morphine (90) in week 4; oxycodone stops at week 6,
        # leaving morphine alone (30), below the threshold.
        items = [
            item("o", "oxycodone", 0, 2, end_week=6, dose_mg_per_day=40),
            item("m", "morphine", 4, 6, dose_mg_per_day=30),
        ]
        found = findings(document(items), "SAFE-MME")
        assert items_of(found) == [{"o"}, {"o", "m"}]
        alone, together = found
        assert "From the plan's start the opioids come to 60 MME a day" in alone.message
        assert "highest total is 90 MME a day, from week 4" in alone.message
        assert "From week 4" in together.message and "90 MME a day" in together.message

    def test_a_course_ending_before_the_next_starts_never_adds_up(self) -> None:
        items = [
            item("o", "oxycodone", 0, 2, end_week=4, dose_mg_per_day=30),
            item("m", "morphine", 4, 6, dose_mg_per_day=30),
        ]
        assert findings(document(items), "SAFE-MME") == []
        one_week_longer = replace(items[0], end_week=5)
        assert items_of(findings(document([one_week_longer, items[1]]), "SAFE-MME")) == [{"o", "m"}]

    def test_a_replaced_opioid_ends_where_its_replacement_starts(self) -> None:
        switched = [
            item("o", "oxycodone", 0, 2, dose_mg_per_day=30),
            item("m", "morphine", 4, 6, dose_mg_per_day=30, replaces="o"),
        ]
        assert findings(document(switched), "SAFE-MME") == []

    def test_a_missing_dose_makes_the_total_a_minimum(self) -> None:
        doc = document([oxycodone(40), item("m", "morphine", 2, 4)])
        found = findings(doc, "SAFE-MME")
        assert items_of(found) == [{"o"}, {"o", "m"}]
        assert "at least 60 MME a day" in found[1].message and "no dose recorded" in found[1].message

    def test_the_acknowledgement_names_the_same_drugs(self) -> None:
        items = [oxycodone(40), item("m", "morphine", 2, 4, dose_mg_per_day=10)]
        matching = document(items, acknowledged=[ack("SAFE-MME", "m", "o")])
        partial = document(items, acknowledged=[ack("SAFE-MME", "o")])
        states = {frozenset(f.items): f.acknowledged is not None for f in findings(matching, "SAFE-MME")}
        assert states == {frozenset({"o"}): False, frozenset({"o", "m"}): True}
        assert [f.acknowledged is not None for f in findings(partial, "SAFE-MME")] == [True, False]


class TestSafeMmeUnknown:
    def test_an_opioid_without_a_dose(self) -> None:
        (found,) = findings(document([oxycodone(None)]), "SAFE-MME-UNKNOWN")
        assert (found.severity, found.items) == ("info", ("o",))
        assert "daily dose" in found.message

    def test_an_ongoing_patch_without_a_strength(self) -> None:
        doc = document([], history=[past("fentanyl-patch", weeks_before_start(8))])
        (found,) = findings(doc, "SAFE-MME-UNKNOWN")
        assert found.items == ("history[0]",) and "mcg/h" in found.message

    def test_quiet_with_a_dose_and_for_other_medicines(self) -> None:
        doc = document([oxycodone(10), item("g", "gabapentin"), item("n", "naloxone", 0, None)])
        assert findings(doc, "SAFE-MME-UNKNOWN") == []

    def test_no_dose_at_all_is_no_total(self) -> None:
        doc = document([oxycodone(None)])
        assert findings(doc, "SAFE-MME") == [] and peak_total(doc) == 0


def naloxone_item(start: int = 0, **fields: object) -> PlanItem:
    return item("n", "naloxone", start, None, **fields)


class TestSafeNaloxone:
    def test_a_high_total_without_naloxone(self) -> None:
        (found,) = findings(document([oxycodone(40)]), "SAFE-NALOXONE")
        assert (found.severity, found.items) == ("warning", ("o",))
        assert "60 MME a day" in found.message
        assert set(found.source.split(", ")) == {"CDC22", "CDC-IG", "FDA-NAL20"}

    def test_below_the_threshold_without_other_reasons_is_quiet(self) -> None:
        assert findings(document([oxycodone(33)]), "SAFE-NALOXONE") == []

    @pytest.mark.parametrize("source", ["planned", "ongoing"])
    def test_quiet_when_naloxone_is_at_hand(self, source: str) -> None:
        if source == "planned":
            doc = document([oxycodone(40), naloxone_item()])
        else:
            doc = document([oxycodone(40)], history=[past("naloxone", weeks_before_start(2))])
        assert findings(doc, "SAFE-NALOXONE") == []

    def test_naloxone_arriving_late_leaves_the_weeks_before(self) -> None:
        (found,) = findings(document([oxycodone(40), naloxone_item(3)]), "SAFE-NALOXONE")
        assert found.items == ("o",) and "until week 3" in found.message

    def test_the_high_total_counts_for_adults_only(self) -> None:
        assert findings(document([oxycodone(40)], age=17), "SAFE-NALOXONE") == []

    @pytest.mark.parametrize("age", [16, 40])
    def test_a_benzodiazepine_calls_for_it_at_any_age(self, age: int) -> None:
        doc = document([oxycodone(10), item("l", "lorazepam", 1, None)], age=age)
        (found,) = findings(doc, "SAFE-NALOXONE")
        assert items_of([found]) == [{"o", "l"}]
        assert "Lorazepam is taken with them from week 1" in found.message
        assert "taper" in found.message and "FDA-BZ" in found.source

    def test_a_benzodiazepine_that_ended_before_the_opioid_is_not_named(self) -> None:
        doc = document([oxycodone(10, start=4), item("l", "lorazepam", 0, None, end_week=4)])
        assert findings(doc, "SAFE-NALOXONE") == []

    @pytest.mark.parametrize(
        "condition", ["substance-use-disorder", "opioid-overdose-history", "sleep-disordered-breathing"]
    )
    def test_each_condition_calls_for_it(self, condition: str) -> None:
        (found,) = findings(document([oxycodone(5)], conditions=[condition]), "SAFE-NALOXONE")
        assert found.items == ("o",)
        assert CATALOG.condition_name(condition).lower() in found.message

    def test_a_condition_without_an_opioid_is_quiet(self) -> None:
        doc = document([item("l", "lorazepam", 0, None)], conditions=["substance-use-disorder"])
        assert findings(doc, "SAFE-NALOXONE") == []

    def test_one_finding_naming_every_uncovered_opioid_and_benzodiazepine(self) -> None:
        items = [
            oxycodone(40, end_week=4),
            item("m", "morphine", 6, 8, dose_mg_per_day=10),
            item("c", "clonazepam", 6, None),
        ]
        doc = document(items, history=[past("tramadol", weeks_before_start(10), dose_mg_per_day=50)])
        (found,) = findings(doc, "SAFE-NALOXONE")
        assert set(found.items) == {"o", "m", "c", "history[0]"}

    def test_an_opioid_covered_by_naloxone_is_not_named(self) -> None:
        # Oxycodone at 60 MME until week 4, with naloxone; morphine and clonazepam after naloxone stops.
        items = [
            oxycodone(40, end_week=4),
            item("n", "naloxone", 0, None, end_week=4),
            item("m", "morphine", 6, 8, dose_mg_per_day=10),
            item("c", "clonazepam", 6, None),
        ]
        (found,) = findings(document(items), "SAFE-NALOXONE")
        assert set(found.items) == {"m", "c"}

    def test_the_acknowledgement_names_the_same_items(self) -> None:
        items = [oxycodone(10), item("l", "lorazepam", 0, None)]
        matching = document(items, acknowledged=[ack("SAFE-NALOXONE", "l", "o")])
        other = document(items, acknowledged=[ack("SAFE-NALOXONE", "o")])
        assert [f.acknowledged is not None for f in findings(matching, "SAFE-NALOXONE")] == [True]
        assert [f.acknowledged is not None for f in findings(other, "SAFE-NALOXONE")] == [False]


class TestCdcComputableGuidelineCases:
    """Cases of CDC's computable opioid guideline (cqframework/opioid-cds-r4, input/tests) where CDC22's
    factors and ours give the same MME: the patient is 20, each plan starts the day the order is signed."""

    def test_rec_05_mme_greater_than_fifty(self) -> None:
        # example-rec-05-mme-greater-than-fifty: 72 HR fentanyl 0.075 mg/h patch, 75 mcg/h -> 180 MME a day.
        doc = document([item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=75)], age=20)
        assert peak_total(doc) == Decimal(180)
        assert len(findings(doc, "SAFE-MME")) == 1

    def test_rec_05_mme_less_than_fifty(self) -> None:
        # example-rec-05-mme-less-than-fifty: morphine sulfate 10 mg once a day -> 10 MME a day.
        doc = document([item("m", "morphine", 0, 2, dose_mg_per_day=10)], age=20)
        assert peak_total(doc) == Decimal(10)
        assert findings(doc, "SAFE-MME") == []

    def test_rec_08_mme_greater_than_fifty(self) -> None:
        # example-rec-08-mme-greater-than-fifty: the 75 mcg/h patch, changed every 3 days, is 180 MME a day.
        doc = document([item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=75)], age=20)
        assert items_of(findings(doc, "SAFE-NALOXONE")) == [{"f"}]

    def test_rec_08_on_naloxone(self) -> None:
        # example-rec-08-on-naloxone: the same patch with naloxone already prescribed: no recommendation.
        doc = document(
            [item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=75)],
            history=[past("naloxone", on_week(0))],
            age=20,
        )
        assert findings(doc, "SAFE-NALOXONE") == []

    def test_rec_08_on_benzodiazepine(self) -> None:
        # example-rec-08-on-benzodiazepine: fentanyl with temazepam 20 mg: naloxone is recommended.
        doc = document(
            [item("f", "fentanyl-patch", 0, 2, dose_mcg_per_hour=75)],
            history=[past("temazepam", on_week(0), dose_mg_per_day=20)],
            age=20,
        )
        assert items_of(findings(doc, "SAFE-NALOXONE")) == [{"f", "history[0]"}]

    def test_rec_08_substance_abuse(self) -> None:
        # example-rec-08-substance-abuse: active alcohol dependence, recorded here as substance use disorder.
        doc = document(
            [item("m", "morphine", 0, 2, dose_mg_per_day=10)], age=20, conditions=["substance-use-disorder"]
        )
        assert items_of(findings(doc, "SAFE-NALOXONE")) == [{"m"}]
