"""COVERAGE, MONITOR, GUIDE and EVIDENCE rules."""

from __future__ import annotations

import pytest

from tests.builders import document, findings, foundation, item, items_of, past, weeks_before_start


class TestCoverage:
    def test_a_single_layer(self) -> None:
        found = findings(document([item("a", "duloxetine")]), "COVERAGE-SINGLE-LAYER")
        assert len(found) == 1 and found[0].items == ()

    def test_two_layers(self) -> None:
        assert findings(document(foundation()), "COVERAGE-SINGLE-LAYER") == []

    def test_an_ongoing_therapy_adds_its_layer(self) -> None:
        doc = document([item("a", "duloxetine")], history=[past("yoga", weeks_before_start(20))])
        assert findings(doc, "COVERAGE-SINGLE-LAYER") == []

    def test_naloxone_does_not_count(self) -> None:
        doc = document([item("a", "duloxetine"), item("n", "naloxone", 0, None)])
        assert len(findings(doc, "COVERAGE-SINGLE-LAYER")) == 1

    def test_the_message_has_real_plurals(self) -> None:
        (found,) = findings(document([item("a", "duloxetine")]), "COVERAGE-SINGLE-LAYER")
        assert "1 layer (medication)" in found.message and "(s)" not in found.message

    def test_benzodiazepines_and_diagnostics_do_not_count(self) -> None:
        doc = document(
            [item("a", "duloxetine"), item("b", "medial-branch-block")],
            history=[past("diazepam", weeks_before_start(4))],
        )
        assert len(findings(doc, "COVERAGE-SINGLE-LAYER")) == 1


class TestNoReview:
    @pytest.mark.parametrize(("reviews", "expected"), [((12,), 0), ((13,), 1), ((1,), 0), ((0,), 1), ((), 1)])
    def test_a_review_is_needed_in_weeks_1_to_12(self, reviews: tuple[int, ...], expected: int) -> None:
        doc = document([item("a", "acupuncture", 0, 14)], reviews=reviews)
        assert len(findings(doc, "MONITOR-NO-REVIEW")) == expected

    def test_a_benzodiazepine_s_assessment_is_not_a_review(self) -> None:
        assert len(findings(document([item("z", "diazepam", 0, 4)], reviews=()), "MONITOR-NO-REVIEW")) == 1

    def test_naloxone_s_assessment_is_not_a_review(self) -> None:
        doc = document([item("a", "acupuncture", 0, 14), item("n", "naloxone", 0, 4)], reviews=())
        assert len(findings(doc, "MONITOR-NO-REVIEW")) == 1

    def test_a_second_botox_cycle_s_assessment_counts_as_a_review(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, 12)]
        assert findings(document(items, reviews=()), "MONITOR-NO-REVIEW") == []

    def test_an_assessment_week_counts_as_a_review(self) -> None:
        assert findings(document([item("a", "duloxetine", 0, 6)], reviews=()), "MONITOR-NO-REVIEW") == []


class TestOpioidReview:
    @pytest.mark.parametrize(("review", "expected"), [(3, 0), (6, 0), (2, 1), (7, 1)])
    def test_review_1_to_4_weeks_after_an_opioid_starts(self, review: int, expected: int) -> None:
        doc = document([item("o", "oxycodone", 2, None)], reviews=(review,))
        assert len(findings(doc, "MONITOR-OPIOID-REVIEW")) == expected

    def test_the_opioid_s_own_assessment_counts(self) -> None:
        assert findings(document([item("o", "tramadol", 0, 2)], reviews=()), "MONITOR-OPIOID-REVIEW") == []

    def test_ongoing_opioids_are_not_new_starts(self) -> None:
        doc = document([], history=[past("morphine", weeks_before_start(10))], reviews=())
        assert findings(doc, "MONITOR-OPIOID-REVIEW") == []


class TestChronicPrimaryPain:
    @pytest.mark.parametrize(
        "modality", ["pregabalin", "acetaminophen", "trigger-point-injection", "lidocaine-patch"]
    )
    def test_information_for_treatments_ng193_advises_against(self, modality: str) -> None:
        found = findings(document([item("x", modality)], conditions=["chronic-primary-pain"]), "GUIDE-CPP")
        assert items_of(found) == [{"x"}] and found[0].severity == "info" and found[0].source == "NG193"

    def test_quiet_without_the_condition(self) -> None:
        assert findings(document([item("x", "pregabalin")]), "GUIDE-CPP") == []

    @pytest.mark.parametrize("modality", ["duloxetine", "cbt", "acupuncture"])
    def test_quiet_for_treatments_it_does_not_list(self, modality: str) -> None:
        assert (
            findings(document([item("x", modality)], conditions=["chronic-primary-pain"]), "GUIDE-CPP") == []
        )


class TestLimitedEvidence:
    @pytest.mark.parametrize(
        "modality", ["low-dose-naltrexone", "genicular-rfa", "intrathecal-pump", "ketamine-infusion"]
    )
    def test_information_for_limited_or_investigational(self, modality: str) -> None:
        found = findings(document([item("x", modality)]), "EVIDENCE-LIMITED")
        assert items_of(found) == [{"x"}] and found[0].severity == "info"

    def test_quiet_for_established_treatments(self) -> None:
        assert findings(document(foundation()), "EVIDENCE-LIMITED") == []

    def test_ketamine_is_not_limited_evidence_for_a_patient_with_crps(self) -> None:
        with_crps = findings(
            document([item("k", "ketamine-infusion")], conditions=["crps"]), "EVIDENCE-LIMITED"
        )
        without = findings(document([item("k", "ketamine-infusion")]), "EVIDENCE-LIMITED")
        assert with_crps == [] and items_of(without) == [{"k"}]
