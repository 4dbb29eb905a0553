"""Code systems, codes and extension URLs of the FHIR R4 export (docs/fhir.md).

The project's own systems live under BASE, a stable URL that names this project and is not meant to resolve.
Every code of an outside system (LOINC, UCUM, HL7's code systems) was checked against the public source named
beside it; the medicines' RxNorm codes are catalog data (resources/catalog/medication.toml, field `rxnorm`).
"""

from __future__ import annotations

import re
from typing import Final

# The project's systems and identifiers.
BASE: Final = "https://careplanner.example.org/fhir"
CATALOG_SYSTEM: Final = f"{BASE}/CodeSystem/treatment"  # the catalog's modality ids
CONDITION_SYSTEM: Final = f"{BASE}/CodeSystem/condition"  # resources/catalog/conditions.toml ids
RULE_SYSTEM: Final = f"{BASE}/CodeSystem/check"  # the checks' rule codes (DetectedIssue.code)
RECORD_SYSTEM: Final = f"{BASE}/sid/record-number"  # Patient.identifier: the patient's record number
PLAN_SYSTEM: Final = f"{BASE}/sid/plan"  # CarePlan.identifier: stored plan id and revision
GOAL_SYSTEM: Final = f"{BASE}/sid/goal"  # Goal.identifier: the goal's id in the plan
# A treatment in the history that is not in the catalog: CATALOG_SYSTEM's one code that names no modality.
CATALOG_OTHER: Final = "other"
# What the project measures beyond PEG (Observation.code and component codes of baseline and check-ins).
MEASURE_SYSTEM: Final = f"{BASE}/CodeSystem/measure"
MEASURE_BASELINE: Final = "baseline"
MEASURE_CHECKIN: Final = "check-in"
MEASURE_SLEEP: Final = "sleep"
MEASURE_MOOD: Final = "mood"
# CarePlan.category: the kind of plan this project writes.
PLAN_CATEGORY_SYSTEM: Final = f"{BASE}/CodeSystem/plan-category"
PLAN_CATEGORY: Final = "staged-multimodal-pain"
EXTENSION_BASE: Final = f"{BASE}/StructureDefinition"
_EXTENSION_NAME: Final = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def extension_url(name: str) -> str:
    """The URL of one of this project's extensions, e.g. extension_url("stage") (docs/fhir.md lists them)."""
    if not _EXTENSION_NAME.fullmatch(name):
        raise ValueError(f"an extension name is lower-case words joined by hyphens, not {name!r}")
    return f"{EXTENSION_BASE}/{name}"


# Outside code systems, by the URL FHIR R4 gives them (https://hl7.org/fhir/R4/terminologies-systems.html).
LOINC: Final = "http://loinc.org"
RXNORM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM: Final = "http://unitsofmeasure.org"

# PEG, the three-item pain scale (average pain, interference with enjoyment of life, with general activity).
# Source: LOINC's own FHIR Questionnaire for the panel, http://loinc.org/q/91148-7 (served by
# https://fhir.loinc.org/Questionnaire/91148-7; term page https://loinc.org/91148-7), which names the panel
# "Pain intensity, Enjoyment of life, General activity (PEG) 3 item pain scale" and codes its items below.
# The panel: Goal.target.measure, and a second coding of Observation.code (beside the project's measure code
# `baseline` or `check-in`) on every baseline or check-in that holds a PEG; the items are its components.
PEG_PANEL: Final = "91148-7"
PEG_TOTAL: Final = PEG_PANEL  # the name the mapping uses for the PEG measure (issue 12: "LOINC 91148-7")
PEG_ENJOYMENT: Final = "91145-3"  # "... pain has interfered with your enjoyment of life?"
PEG_ACTIVITY: Final = "91146-1"  # "... pain has interfered with your general activity?"
# LOINC's Questionnaire leaves the first item and the score uncoded. All four codes appear in the
# Pain Management Summary logic published in the CDS for Chronic Pain Management IG
# (https://github.com/cqframework/cds4cpm, Factors_to_Consider_in_Managing_Chronic_Pain_FHIRv400.cql): 75893-8
# "Pain severity in the past week - 0-10 numeric rating [Reported]", 91147-9 "Mean score [PEG]".
PEG_PAIN: Final = "75893-8"  # "What number best describes your pain on average in the past week?"
PEG_MEAN: Final = "91147-9"  # "Mean score [PEG]": the mean of the three items, 0-10

# Creatinine clearance as the project records it: a Cockcroft-Gault estimate in mL/min (docs/plan-format.md).
# LOINC 35591-7 "Creatinine renal clearance predicted by Cockcroft-Gault formula": the Cockcroft-Gault code of
# DICOM PS3.16 CID 10046 "GFR Measurement" and of the French ANS value set of estimated GFR codes
# (https://github.com/ansforge/IG-FHIR-EDS-SOCLE-COMMUN, ValueSet DMLaboratoryEstimatedDFG).
CRCL_COCKCROFT_GAULT: Final = "35591-7"

# UCUM units (https://ucum.org/ucum, the case-sensitive codes).
UNIT_MG_PER_DAY: Final = "mg/d"
UNIT_MICROGRAM_PER_HOUR: Final = "ug/h"
UNIT_ML_PER_MIN: Final = "mL/min"
UNIT_SCORE: Final = "{score}"

# HL7 FHIR R4 code systems and codes (each from the R4 specification's page for the value set).
# DetectedIssue.severity, https://hl7.org/fhir/R4/valueset-detectedissue-severity.html: high | moderate | low.
DETECTED_ISSUE_SEVERITY_SYSTEM: Final = "http://hl7.org/fhir/detectedissue-severity"
SEVERITY_TO_FHIR: Final = {"error": "high", "warning": "moderate", "info": "low"}
SEVERITY_FROM_FHIR: Final = {fhir: ours for ours, fhir in SEVERITY_TO_FHIR.items()}

# CarePlan.activity.detail.kind, https://hl7.org/fhir/R4/valueset-care-plan-activity-kind.html (a code,
# no system): a medicine is a MedicationRequest, a device trial a DeviceRequest, anything else a
# ServiceRequest.
ACTIVITY_KIND_MEDICATION: Final = "MedicationRequest"
ACTIVITY_KIND_DEVICE: Final = "DeviceRequest"
ACTIVITY_KIND_SERVICE: Final = "ServiceRequest"
ACTIVITY_KINDS: Final = frozenset({ACTIVITY_KIND_MEDICATION, ACTIVITY_KIND_DEVICE, ACTIVITY_KIND_SERVICE})

# Observation.category, https://hl7.org/fhir/R4/valueset-observation-category.html.
OBSERVATION_CATEGORY_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
OBSERVATION_SURVEY: Final = "survey"
OBSERVATION_LABORATORY: Final = "laboratory"

# Condition.clinicalStatus, https://hl7.org/fhir/R4/valueset-condition-clinical.html.
CONDITION_CLINICAL_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_ACTIVE: Final = "active"
