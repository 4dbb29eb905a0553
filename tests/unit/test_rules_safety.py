"""SAFE-*: interactions, duplicated classes, doses, patient cautions, CNS burden."""

from __future__ import annotations

import pytest

from tests.builders import document, findings, item, items_of, on_week, past, weeks_before_start


class TestInteraction:
    def test_opioid_with_benzodiazepine_is_an_error(self) -> None:
        doc = document([item("o", "oxycodone")], history=[past("diazepam", weeks_before_start(10))])
        found = findings(doc, "SAFE-INTERACTION")
        assert items_of(found) == [{"o", "history[0]"}]
        assert found[0].severity == "error"
        assert "FDA-BZ" in found[0].source

    def test_opioid_with_gabapentinoid_is_a_warning(self) -> None:
        found = findings(document([item("o", "tramadol"), item("g", "pregabalin", 8)]), "SAFE-INTERACTION")
        assert [(f.severity, set(f.items)) for f in found] == [("warning", {"o", "g"})]

    def test_serotonergic_opioid_with_an_antidepressant(self) -> None:
        assert (
            len(findings(document([item("t", "tapentadol"), item("s", "sertraline", 8)]), "SAFE-INTERACTION"))
            == 1
        )

    def test_a_plain_opioid_with_an_antidepressant_is_not_serotonergic(self) -> None:
        assert (
            findings(document([item("o", "oxycodone"), item("s", "sertraline", 8)]), "SAFE-INTERACTION") == []
        )

    def test_snri_with_tca(self) -> None:
        assert (
            len(
                findings(
                    document([item("d", "duloxetine"), item("a", "amitriptyline", 8)]), "SAFE-INTERACTION"
                )
            )
            == 1
        )

    def test_history_only_pairs_are_reported(self) -> None:
        history = [past("morphine", weeks_before_start(10)), past("clonazepam", weeks_before_start(5))]
        assert items_of(findings(document([], history=history), "SAFE-INTERACTION")) == [
            {"history[0]", "history[1]"}
        ]

    def test_a_replaced_drug_never_overlaps_its_replacement(self) -> None:
        switched = document([item("o", "oxycodone", 0, 2), item("p", "pregabalin", 6, 10, replaces="o")])
        assert findings(switched, "SAFE-INTERACTION") == []

    def test_a_replaced_drug_ends_where_its_replacement_starts(self) -> None:
        # Oxycodone is replaced by morphine at week 6, when gabapentin starts: only morphine meets gabapentin.
        items = [
            item("o", "oxycodone", 0, 2),
            item("g", "gabapentin", 6),
            item("m", "morphine", 6, 8, replaces="o"),
        ]
        assert items_of(findings(document(items), "SAFE-INTERACTION")) == [{"g", "m"}]
        one_week_earlier = [
            item("o", "oxycodone", 0, 2),
            item("g", "gabapentin", 5),
            item("m", "morphine", 6, 8, replaces="o"),
        ]
        assert sorted(map(sorted, items_of(findings(document(one_week_earlier), "SAFE-INTERACTION")))) == [
            ["g", "m"],
            ["g", "o"],
        ]

    def test_an_overlapping_drug_without_replaces_interacts(self) -> None:
        doc = document([item("o", "oxycodone", 0, 2), item("p", "pregabalin", 6, 10)])
        assert items_of(findings(doc, "SAFE-INTERACTION")) == [{"o", "p"}]

    def test_an_item_ending_before_the_other_starts_does_not_interact(self) -> None:
        ends_in_time = document([item("o", "oxycodone", 0, 2, end_week=6), item("p", "pregabalin", 6, 10)])
        one_week_late = document([item("o", "oxycodone", 0, 2, end_week=7), item("p", "pregabalin", 6, 10)])
        assert findings(ends_in_time, "SAFE-INTERACTION") == []
        assert len(findings(one_week_late, "SAFE-INTERACTION")) == 1

    def test_replacing_an_ongoing_history_entry_ends_it(self) -> None:
        doc = document(
            [
                item("t", "tapentadol", 0, 2, replaces="oxycodone"),
                item("p", "pregabalin", 0, 6, replaces="gabapentin"),
            ],
            history=[past("oxycodone", weeks_before_start(30)), past("gabapentin", weeks_before_start(30))],
        )
        pairs = items_of(findings(doc, "SAFE-INTERACTION"))
        assert pairs == [{"t", "p"}]  # the new pair only: the replaced history ended at week 0

    def test_history_that_ended_before_the_plan_takes_no_part(self) -> None:
        history = [
            past("oxycodone", weeks_before_start(30), weeks_before_start(10), "partial"),
            past("diazepam", weeks_before_start(30), weeks_before_start(10), "partial"),
        ]
        assert findings(document([], history=history), "SAFE-INTERACTION") == []

    def test_history_ending_after_the_start_takes_part_until_it_ends(self) -> None:
        history = [past("diazepam", weeks_before_start(30), on_week(2), "partial")]
        during = document([item("o", "oxycodone", 1, 2)], history=history)
        after = document([item("o", "oxycodone", 2, 3)], history=history)
        assert len(findings(during, "SAFE-INTERACTION")) == 1
        assert findings(after, "SAFE-INTERACTION") == []


class TestDuplicateClass:
    def test_two_nsaids_at_once(self) -> None:
        assert items_of(
            findings(document([item("a", "ibuprofen"), item("b", "naproxen", 4)]), "SAFE-DUPLICATE-CLASS")
        ) == [{"a", "b"}]

    def test_the_same_modality_twice(self) -> None:
        doc = document([item("g", "gabapentin", 0, 4)], history=[past("gabapentin", weeks_before_start(8))])
        assert items_of(findings(doc, "SAFE-DUPLICATE-CLASS")) == [{"g", "history[0]"}]

    def test_a_replacement_is_not_a_duplicate(self) -> None:
        doc = document(
            [item("g", "gabapentin", 0, 4, replaces="gabapentin")],
            history=[past("gabapentin", weeks_before_start(8))],
        )
        assert findings(doc, "SAFE-DUPLICATE-CLASS") == []

    def test_topical_and_oral_nsaid_are_different_classes(self) -> None:
        assert (
            findings(
                document([item("a", "ibuprofen"), item("b", "diclofenac-topical")]), "SAFE-DUPLICATE-CLASS"
            )
            == []
        )

    def test_two_different_drugs_of_an_unlisted_class_are_not_duplicates(self) -> None:
        doc = document([item("a", "oxycodone", 0, 2), item("b", "morphine", 0, 2)])
        assert findings(doc, "SAFE-DUPLICATE-CLASS") == []

    @pytest.mark.parametrize("modality", ["acetaminophen", "oxycodone"])
    def test_the_same_medicine_twice_of_any_class(self, modality: str) -> None:
        doc = document([item("a", modality, 0, 2)], history=[past(modality, weeks_before_start(8))])
        found = findings(doc, "SAFE-DUPLICATE-CLASS")
        assert items_of(found) == [{"a", "history[0]"}] and "the same medicine" in found[0].message

    def test_history_that_ended_on_the_plan_start_is_not_active(self) -> None:
        ended_on_start = [past("naproxen", weeks_before_start(20), weeks_before_start(0), "partial")]
        one_day_later = [past("naproxen", weeks_before_start(20), on_week(0, 1), "partial")]
        assert (
            findings(document([item("a", "ibuprofen")], history=ended_on_start), "SAFE-DUPLICATE-CLASS") == []
        )
        assert (
            len(findings(document([item("a", "ibuprofen")], history=one_day_later), "SAFE-DUPLICATE-CLASS"))
            == 1
        )

    def test_procedure_repeats_are_not_duplicates(self) -> None:
        assert (
            findings(document([item("a", "esi", 0, 4), item("b", "esi", 12, 16)]), "SAFE-DUPLICATE-CLASS")
            == []
        )


class TestDoseMax:
    def test_above_the_maximum_is_an_error(self) -> None:
        found = findings(document([item("a", "duloxetine", dose_mg_per_day=150)]), "SAFE-DOSE-MAX")
        assert items_of(found) == [{"a"}] and found[0].severity == "error"

    def test_exactly_the_maximum_is_allowed(self) -> None:
        assert findings(document([item("a", "duloxetine", dose_mg_per_day=120)]), "SAFE-DOSE-MAX") == []

    @pytest.mark.parametrize(("dose", "age", "expected"), [(4000, 90, 0), (4001, 30, 1), (3500, 65, 0)])
    def test_acetaminophen_maximum_is_4000_at_any_age(self, dose: int, age: int, expected: int) -> None:
        doc = document([item("a", "acetaminophen", dose_mg_per_day=dose)], age=age)
        assert len(findings(doc, "SAFE-DOSE-MAX")) == expected

    def test_ongoing_history_doses_are_checked(self) -> None:
        doc = document([], history=[past("tramadol", weeks_before_start(8), dose_mg_per_day=450)])
        assert items_of(findings(doc, "SAFE-DOSE-MAX")) == [{"history[0]"}]


class TestPatientCaution:
    @pytest.mark.parametrize(("age", "expected"), [(64, 0), (65, 1)])
    def test_older_adults_with_a_tca(self, age: int, expected: int) -> None:
        assert len(findings(document([item("a", "amitriptyline")], age=age), "SAFE-PATIENT")) == expected

    @pytest.mark.parametrize("condition", ["ckd", "gi-bleed-history", "anticoagulant-use"])
    def test_oral_nsaid_with_kidney_bleeding_or_anticoagulant(self, condition: str) -> None:
        assert len(findings(document([item("n", "naproxen")], conditions=[condition]), "SAFE-PATIENT")) == 1

    def test_topical_nsaid_is_not_cautioned(self) -> None:
        assert (
            findings(document([item("n", "diclofenac-topical")], conditions=["ckd"], age=80), "SAFE-PATIENT")
            == []
        )

    @pytest.mark.parametrize("modality", ["oxycodone", "ketamine-infusion", "scs-trial"])
    def test_substance_use_disorder(self, modality: str) -> None:
        doc = document([item("x", modality)], conditions=["substance-use-disorder"])
        assert len(findings(doc, "SAFE-PATIENT")) == 1

    def test_all_cautions_of_an_item_make_one_finding(self) -> None:
        # One finding per item, so an acknowledgement (rule + items) covers exactly what it names.
        found = findings(document([item("n", "ibuprofen")], conditions=["ckd"], age=70), "SAFE-PATIENT")
        assert items_of(found) == [{"n"}]
        assert "the patient is 70; chronic kidney disease" in found[0].message
        assert found[0].source == "Beers23, BEERS12, FDA15"


class TestCnsBurden:
    def three_cns_drugs(self) -> list:
        return [
            item("a", "duloxetine", 0, 6),
            item("b", "pregabalin", 6, 10),
            item("c", "tizanidine", 10, 12),
        ]

    @pytest.mark.parametrize(("age", "expected"), [(64, 0), (65, 1)])
    def test_fires_from_65_with_three_at_once(self, age: int, expected: int) -> None:
        assert len(findings(document(self.three_cns_drugs(), age=age), "SAFE-CNS-BURDEN")) == expected

    def test_quiet_with_two_at_once(self) -> None:
        items = [
            item("a", "duloxetine", 0, 6, end_week=8),
            item("b", "pregabalin", 6, 10),
            item("c", "tizanidine", 8, 10),
        ]
        assert findings(document(items, age=80), "SAFE-CNS-BURDEN") == []

    def test_reports_the_largest_set_once(self) -> None:
        items = [*self.three_cns_drugs(), item("d", "sertraline", 14, 20)]
        assert items_of(findings(document(items, age=70), "SAFE-CNS-BURDEN")) == [{"a", "b", "c", "d"}]

    def test_counts_ongoing_history(self) -> None:
        history = [past("diazepam", weeks_before_start(20)), past("oxycodone", weeks_before_start(20))]
        doc = document([item("g", "gabapentin")], history=history, age=75)
        assert items_of(findings(doc, "SAFE-CNS-BURDEN")) == [{"g", "history[0]", "history[1]"}]
