"""The FHIR export's code systems and codes: the project's URLs, the LOINC codes and HL7's value sets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from careplanner.checks import SEVERITIES
from careplanner.interop import fhir_terms as terms
from tests.builders import CATALOG

PROJECT_URLS = {
    "CATALOG_SYSTEM": terms.CATALOG_SYSTEM,
    "CONDITION_SYSTEM": terms.CONDITION_SYSTEM,
    "RULE_SYSTEM": terms.RULE_SYSTEM,
    "RECORD_SYSTEM": terms.RECORD_SYSTEM,
    "PLAN_SYSTEM": terms.PLAN_SYSTEM,
    "GOAL_SYSTEM": terms.GOAL_SYSTEM,
    "MEASURE_SYSTEM": terms.MEASURE_SYSTEM,
    "PLAN_CATEGORY_SYSTEM": terms.PLAN_CATEGORY_SYSTEM,
    "EXTENSION_BASE": terms.EXTENSION_BASE,
}
LOINC_CODES = {
    terms.PEG_PANEL: "91148-7",
    terms.PEG_PAIN: "75893-8",
    terms.PEG_ENJOYMENT: "91145-3",
    terms.PEG_ACTIVITY: "91146-1",
    terms.PEG_MEAN: "91147-9",
    terms.CRCL_COCKCROFT_GAULT: "35591-7",
}


def loinc_check_digit(base: str) -> int:
    """LOINC's mod 10 check digit (the Luhn algorithm over the digits before the hyphen)."""
    total = 0
    for position, digit in enumerate(reversed(base)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10


def test_the_issue_names_the_peg_measure() -> None:
    assert terms.PEG_TOTAL == terms.PEG_PANEL == "91148-7"


@pytest.mark.parametrize("code", sorted(LOINC_CODES))
def test_every_loinc_code_is_well_formed_with_its_check_digit(code: str) -> None:
    assert code == LOINC_CODES[code]
    base, check = code.split("-")
    assert base.isdigit() and check.isdigit() and len(check) == 1
    assert loinc_check_digit(base) == int(check)


@pytest.mark.parametrize(("code", "valid"), [("91148-7", True), ("91148-6", False), ("35591-1", False)])
def test_the_check_digit_catches_a_typo(code: str, valid: bool) -> None:
    base, check = code.split("-")
    assert (loinc_check_digit(base) == int(check)) is valid


def test_the_peg_codes_are_five_distinct_loinc_terms() -> None:
    peg = {terms.PEG_PANEL, terms.PEG_PAIN, terms.PEG_ENJOYMENT, terms.PEG_ACTIVITY, terms.PEG_MEAN}
    assert len(peg) == 5 and terms.CRCL_COCKCROFT_GAULT not in peg


def test_the_outside_systems_are_spelled_as_fhir_r4_spells_them() -> None:
    assert terms.LOINC == "http://loinc.org"
    assert terms.RXNORM == "http://www.nlm.nih.gov/research/umls/rxnorm"
    assert terms.UCUM == "http://unitsofmeasure.org"
    assert terms.DETECTED_ISSUE_SEVERITY_SYSTEM == "http://hl7.org/fhir/detectedissue-severity"


@pytest.mark.parametrize("name", sorted(PROJECT_URLS))
def test_the_project_urls_live_under_its_base(name: str) -> None:
    url = PROJECT_URLS[name]
    assert url.startswith(terms.BASE + "/") and not url.endswith("/") and " " not in url
    assert terms.BASE.startswith("https://")


def test_the_project_urls_are_distinct() -> None:
    assert len(set(PROJECT_URLS.values())) == len(PROJECT_URLS)


@pytest.mark.parametrize("name", ["stage", "stage-order", "assessment-window", "week2"])
def test_an_extension_url_names_the_extension(name: str) -> None:
    assert terms.extension_url(name) == f"{terms.BASE}/StructureDefinition/{name}"


@pytest.mark.parametrize("name", ["", "Stage", "stage_order", "stage/order", "-stage", "stage-", "a b"])
def test_an_extension_name_that_is_not_lower_case_words_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="lower-case words joined by hyphens"):
        terms.extension_url(name)


def test_every_severity_of_the_checks_has_an_r4_detected_issue_severity() -> None:
    assert set(terms.SEVERITY_TO_FHIR) == set(SEVERITIES)
    assert set(terms.SEVERITY_TO_FHIR.values()) == {"high", "moderate", "low"}
    assert {terms.SEVERITY_FROM_FHIR[fhir]: fhir for fhir in terms.SEVERITY_FROM_FHIR} == {
        ours: terms.SEVERITY_TO_FHIR[ours] for ours in SEVERITIES
    }


def test_the_worst_finding_is_the_highest_issue() -> None:
    assert [terms.SEVERITY_TO_FHIR[severity] for severity in SEVERITIES] == ["high", "moderate", "low"]


def test_activity_kinds_are_r4_care_plan_activity_kinds() -> None:
    r4_kinds = {
        *("Appointment", "CommunicationRequest", "DeviceRequest", "MedicationRequest"),
        *("NutritionOrder", "Task", "ServiceRequest", "VisionPrescription"),
    }
    assert r4_kinds >= terms.ACTIVITY_KINDS
    assert {terms.ACTIVITY_KIND_MEDICATION, terms.ACTIVITY_KIND_DEVICE, terms.ACTIVITY_KIND_SERVICE} == set(
        terms.ACTIVITY_KINDS
    )


def test_the_units_are_ucum_codes() -> None:
    assert (terms.UNIT_MG_PER_DAY, terms.UNIT_MICROGRAM_PER_HOUR) == ("mg/d", "ug/h")
    assert (terms.UNIT_ML_PER_MIN, terms.UNIT_SCORE) == ("mL/min", "{score}")


def test_the_catalog_other_code_names_no_modality() -> None:
    assert terms.CATALOG_OTHER not in CATALOG.modalities


def test_the_rxnorm_codes_of_the_catalog_are_rxnorm_concept_ids() -> None:
    codes = [m.rxnorm for m in CATALOG.modalities.values() if m.rxnorm is not None]
    assert codes and all(code.isdigit() and not code.startswith("0") for code in codes)


def test_reading_the_terms_does_not_load_the_fhir_library() -> None:
    script = "import sys, careplanner.interop.fhir_terms; print('fhir' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "False"
