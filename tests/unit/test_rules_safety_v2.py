"""Version 2 rows of the safety tables (docs/clinical-reference.md §4): antidepressant pairs, bleeding with
NSAIDs, session repeats, age limits of doses and cautions, and the new opioids and benzodiazepines."""

from __future__ import annotations

import pytest

from tests.builders import CATALOG, document, findings, item, items_of, past, weeks_before_start


class TestAntidepressantPairs:
    @pytest.mark.parametrize(
        ("first", "second", "source"),
        [
            ("duloxetine", "amitriptyline", "CYM"),
            ("venlafaxine", "sertraline", "CYM"),
            ("sertraline", "nortriptyline", "AMI, CYM"),
        ],
    )
    def test_two_serotonergic_antidepressants_together_warn(
        self, first: str, second: str, source: str
    ) -> None:
        found = findings(document([item("a", first), item("b", second, 2)]), "SAFE-INTERACTION")
        assert [(f.severity, set(f.items), f.source) for f in found] == [("warning", {"a", "b"}, source)]

    def test_one_ending_before_the_other_starts_is_quiet(self) -> None:
        doc = document([item("a", "duloxetine", 0, 4, end_week=6), item("b", "sertraline", 6, 10)])
        assert findings(doc, "SAFE-INTERACTION") == []


class TestAntidepressantWithNsaid:
    @pytest.mark.parametrize("antidepressant", ["duloxetine", "sertraline"])
    def test_information_without_a_bleeding_risk(self, antidepressant: str) -> None:
        found = findings(document([item("a", antidepressant), item("n", "naproxen", 2)]), "SAFE-INTERACTION")
        assert [(f.severity, set(f.items), f.source) for f in found] == [("info", {"a", "n"}, "CYM")]

    @pytest.mark.parametrize("condition", ["gi-bleed-history", "anticoagulant-use"])
    def test_a_warning_with_a_bleeding_risk(self, condition: str) -> None:
        doc = document([item("a", "duloxetine"), item("n", "ibuprofen", 2)], conditions=[condition])
        (found,) = findings(doc, "SAFE-INTERACTION")
        assert found.severity == "warning"
        assert CATALOG.condition_name(condition).lower() in found.message

    @pytest.mark.parametrize("condition", ["ckd", "antiplatelet-use"])
    def test_other_conditions_leave_it_information(self, condition: str) -> None:
        doc = document([item("a", "duloxetine"), item("n", "celecoxib", 2)], conditions=[condition])
        assert [f.severity for f in findings(doc, "SAFE-INTERACTION")] == ["info"]

    def test_a_topical_nsaid_is_not_an_oral_nsaid(self) -> None:
        doc = document([item("a", "duloxetine"), item("n", "diclofenac-topical", 2)], conditions=["ckd"])
        assert findings(doc, "SAFE-INTERACTION") == []


class TestDuplicates:
    def test_two_benzodiazepines(self) -> None:
        doc = document(
            [], history=[past("lorazepam", weeks_before_start(8)), past("temazepam", weeks_before_start(3))]
        )
        found = findings(doc, "SAFE-DUPLICATE-CLASS")
        assert items_of(found) == [{"history[0]", "history[1]"}] and "Benzodiazepine" in found[0].message

    @pytest.mark.parametrize("modality", ["capsaicin-patch", "ketamine-infusion"])
    def test_a_repeated_session_is_not_taken_together_with_itself(self, modality: str) -> None:
        repeated = document([item("p1", modality, 0, 4), item("p2", modality, 12, 16)])
        assert findings(repeated, "SAFE-DUPLICATE-CLASS") == []

    def test_a_session_in_history_and_its_repeat_are_not_duplicates(self) -> None:
        doc = document(
            [item("p", "capsaicin-patch", 0, 4)], history=[past("capsaicin-patch", weeks_before_start(14))]
        )
        assert findings(doc, "SAFE-DUPLICATE-CLASS") == []

    def test_a_daily_medicine_twice_still_is(self) -> None:
        doc = document([item("a", "fentanyl-patch", 0, 2), item("b", "fentanyl-patch", 1, 3)])
        assert items_of(findings(doc, "SAFE-DUPLICATE-CLASS")) == [{"a", "b"}]

    def test_naloxone_twice_is_not_a_duplicate(self) -> None:
        doc = document(
            [item("n", "naloxone", assess=None)], history=[past("naloxone", weeks_before_start(4))]
        )
        assert findings(doc, "SAFE-DUPLICATE-CLASS") == []


class TestDoseMaximum:
    @pytest.mark.parametrize(
        ("age", "dose", "expected"), [(75, 400, 0), (75, 401, 1), (76, 300, 0), (76, 301, 1), (90, 301, 1)]
    )
    def test_tramadol_maximum_is_300_above_75(self, age: int, dose: int, expected: int) -> None:
        found = findings(document([item("t", "tramadol", dose_mg_per_day=dose)], age=age), "SAFE-DOSE-MAX")
        assert len(found) == expected
        if found:
            assert found[0].source == "ULT"

    def test_the_age_limit_names_the_patients_age(self) -> None:
        (found,) = findings(document([item("t", "tramadol", dose_mg_per_day=350)], age=80), "SAFE-DOSE-MAX")
        assert "300 mg" in found.message and "80" in found.message


class TestOlderAdultCautions:
    @pytest.mark.parametrize("modality", ["amitriptyline", "cyclobenzaprine", "ibuprofen", "naproxen"])
    @pytest.mark.parametrize(("age", "expected"), [(64, 0), (65, 1)])
    def test_from_65(self, modality: str, age: int, expected: int) -> None:
        assert len(findings(document([item("x", modality)], age=age), "SAFE-PATIENT")) == expected

    @pytest.mark.parametrize("modality", ["celecoxib", "tizanidine"])
    def test_not_on_the_age_only_lists(self, modality: str) -> None:
        assert findings(document([item("x", modality)], age=85), "SAFE-PATIENT") == []

    @pytest.mark.parametrize(
        ("age", "dose", "expected"), [(65, 3000, 0), (65, 3001, 1), (64, 3500, 0), (80, 4000, 1)]
    )
    def test_acetaminophen_above_3000_from_65(self, age: int, dose: int, expected: int) -> None:
        doc = document([item("a", "acetaminophen", dose_mg_per_day=dose)], age=age)
        found = findings(doc, "SAFE-PATIENT")
        assert len(found) == expected and findings(doc, "SAFE-DOSE-MAX") == []
        if found:
            assert found[0].source == "MCN11, MARCUM16" and "3000 mg" in found[0].message

    def test_acetaminophen_without_a_dose_is_not_cautioned(self) -> None:
        assert findings(document([item("a", "acetaminophen")], age=80), "SAFE-PATIENT") == []


class TestSubstanceUse:
    @pytest.mark.parametrize("modality", ["gabapentin", "pregabalin", "methadone", "fentanyl-patch"])
    def test_cautioned(self, modality: str) -> None:
        doc = document([item("x", modality)], conditions=["substance-use-disorder"])
        assert items_of(findings(doc, "SAFE-PATIENT")) == [{"x"}]

    def test_gabapentinoid_without_the_condition_is_quiet(self) -> None:
        assert findings(document([item("x", "gabapentin")]), "SAFE-PATIENT") == []


class TestBenzodiazepines:
    def test_count_towards_the_cns_burden(self) -> None:
        items = [item("g", "gabapentin"), item("o", "hydromorphone", 1)]
        history = [past("alprazolam", weeks_before_start(8))]
        assert items_of(findings(document(items, history=history, age=70), "SAFE-CNS-BURDEN")) == [
            {"g", "o", "history[0]"}
        ]

    def test_interact_with_the_new_opioids(self) -> None:
        doc = document([item("f", "fentanyl-patch")], history=[past("temazepam", weeks_before_start(8))])
        assert [f.severity for f in findings(doc, "SAFE-INTERACTION")] == ["error"]


class TestChronicPrimaryPainList:
    @pytest.mark.parametrize(
        "modality",
        ["hydromorphone", "methadone", "codeine", "fentanyl-patch", "lorazepam", "alprazolam", "temazepam"],
    )
    def test_new_treatments_on_the_list(self, modality: str) -> None:
        found = findings(document([item("x", modality)], conditions=["chronic-primary-pain"]), "GUIDE-CPP")
        assert items_of(found) == [{"x"}]

    def test_naloxone_is_not_on_it(self) -> None:
        doc = document([item("x", "naloxone", assess=None)], conditions=["chronic-primary-pain"])
        assert findings(doc, "GUIDE-CPP") == []


class TestLimitedEvidence:
    def test_exactly_the_four_treatments(self) -> None:
        fired = {
            modality_id
            for modality_id in CATALOG.modalities
            if findings(document([item("x", modality_id, assess=None)]), "EVIDENCE-LIMITED")
        }
        assert fired == {"low-dose-naltrexone", "genicular-rfa", "intrathecal-pump", "ketamine-infusion"}

    def test_ketamine_is_quiet_for_a_patient_with_crps(self) -> None:
        doc = document([item("k", "ketamine-infusion")], conditions=["crps"])
        assert findings(doc, "EVIDENCE-LIMITED") == []
        assert findings(document([item("k", "ketamine-infusion")]), "EVIDENCE-LIMITED") != []
