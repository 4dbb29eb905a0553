"""Patient, Conditions, Goals, Observations and treatment history as FHIR R4 resources (docs/fhir.md)."""

from __future__ import annotations

from careplanner.catalog import Catalog
from careplanner.domain import Goal, HistoryEntry, Measurement, Patient, PlanDocument
from careplanner.interop.fhir_common import (
    Json,
    coding,
    complex_ext,
    ext,
    ext_text,
    iso,
    put_text,
    reference,
    sub,
)
from careplanner.interop.fhir_terms import (
    CATALOG_SYSTEM,
    CONDITION_ACTIVE,
    CONDITION_CLINICAL_SYSTEM,
    CONDITION_SYSTEM,
    CRCL_COCKCROFT_GAULT,
    GOAL_SYSTEM,
    LOINC,
    MEASURE_BASELINE,
    MEASURE_CHECKIN,
    MEASURE_MOOD,
    MEASURE_SLEEP,
    MEASURE_SYSTEM,
    OBSERVATION_CATEGORY_SYSTEM,
    OBSERVATION_LABORATORY,
    OBSERVATION_SURVEY,
    PEG_ACTIVITY,
    PEG_ENJOYMENT,
    PEG_MEAN,
    PEG_PAIN,
    PEG_PANEL,
    PEG_TOTAL,
    RECORD_SYSTEM,
    RXNORM,
    UCUM,
    UNIT_MG_PER_DAY,
    UNIT_MICROGRAM_PER_HOUR,
    UNIT_ML_PER_MIN,
    UNIT_SCORE,
)

# The record's free-text sex, case-folded, as FHIR's administrative gender (http://hl7.org/fhir/administrative-gender).
GENDER_WORDS: dict[str, frozenset[str]] = {
    "female": frozenset({"female", "f", "woman", "girl"}),
    "male": frozenset({"male", "m", "man", "boy"}),
    "other": frozenset({"other", "o", "x", "diverse", "non-binary", "nonbinary", "intersex", "non binary"}),
}


# A trial that failed or was not tolerated was halted before its course ran out (R4: status `stopped`).
STOPPED_OUTCOMES = frozenset({"failed", "intolerant"})


def quantity(value: float, unit: str) -> Json:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def dose_quantity(mg_per_day: float | None, mcg_per_hour: float | None) -> Json | None:
    if mcg_per_hour is not None:
        return quantity(mcg_per_hour, UNIT_MICROGRAM_PER_HOUR)
    if mg_per_day is not None:
        return quantity(mg_per_day, UNIT_MG_PER_DAY)
    return None


def treatment_code(catalog: Catalog, modality_id: str, text: str | None = None) -> Json:
    """The catalog's coding, then RxNorm's where the catalog knows the ingredient's code."""
    modality = catalog.modalities.get(modality_id)
    codings = [coding(CATALOG_SYSTEM, modality_id, modality.name if modality else None)]
    if modality is not None and modality.rxnorm:
        codings.append(coding(RXNORM, modality.rxnorm))  # the ingredient: its name is RxNorm's, not ours
    concept: Json = {"coding": codings}
    put_text(concept, "text", text)
    return concept


def gender(sex: str | None) -> str | None:
    """FHIR's administrative gender for the record's free-text sex: "F", "woman" → female, "M", "man" → male,
    a word for another gender → other, anything else (unknown, blank, unrecognised) → unknown."""
    if sex is None:
        return None
    folded = " ".join(sex.replace("_", " ").split()).casefold()
    for code, words in GENDER_WORDS.items():
        if folded in words:
            return code
    return "unknown"


def patient_resource(patient: Patient) -> Json:
    resource: Json = {
        "resourceType": "Patient",
        "identifier": [{"system": RECORD_SYSTEM, "value": patient.id}],
        "name": [{"text": patient.name}],
        "birthDate": iso(patient.birth_date),
    }
    code = gender(patient.sex)
    if patient.sex is not None and code is not None:
        resource["gender"] = code
        if patient.sex != code:  # the record's own words, kept beside the coded value
            resource["extension"] = [ext_text("sex", patient.sex)]
    return resource


def clearance_resource(patient: Patient, subject: str) -> Json | None:
    if patient.crcl_ml_min is None:
        return None
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [coding(OBSERVATION_CATEGORY_SYSTEM, OBSERVATION_LABORATORY)]}],
        "code": {"coding": [coding(LOINC, CRCL_COCKCROFT_GAULT)]},
        "subject": reference(subject),
        "valueQuantity": quantity(patient.crcl_ml_min, UNIT_ML_PER_MIN),
    }


def condition_resource(catalog: Catalog, condition_id: str, subject: str) -> Json:
    known = catalog.conditions.get(condition_id)
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [coding(CONDITION_CLINICAL_SYSTEM, CONDITION_ACTIVE)]},
        "code": {"coding": [coding(CONDITION_SYSTEM, condition_id, known.name if known else None)]},
        "subject": reference(subject),
    }


def goal_resource(document: PlanDocument, goal: Goal, subject: str) -> Json:
    target: Json = {"measure": {"coding": [coding(LOINC, PEG_TOTAL)]}}
    if goal.target_week is not None:
        target["dueDate"] = iso(document.plan.week_date(goal.target_week))
    return {
        "resourceType": "Goal",
        "identifier": [{"system": GOAL_SYSTEM, "value": goal.id}],
        "lifecycleStatus": "active",
        "description": {"text": goal.text},
        "subject": reference(subject),
        "target": [target],
    }


def _component(system: str, code: str, value: int) -> Json:
    return {"code": {"coding": [coding(system, code)]}, "valueInteger": value}


def _components(measurement: Measurement) -> list[Json]:
    components: list[Json] = []
    peg = measurement.peg
    if peg is not None:
        components += [
            _component(LOINC, PEG_PAIN, peg.pain),
            _component(LOINC, PEG_ENJOYMENT, peg.enjoyment),
            _component(LOINC, PEG_ACTIVITY, peg.activity),
            {  # derived from the three items: for the reader only, never imported
                "code": {"coding": [coding(LOINC, PEG_MEAN)]},
                "valueQuantity": quantity(round(peg.score, 2), UNIT_SCORE),
            },
        ]
    if measurement.sleep is not None:
        components.append(_component(MEASURE_SYSTEM, MEASURE_SLEEP, measurement.sleep))
    if measurement.mood is not None:
        components.append(_component(MEASURE_SYSTEM, MEASURE_MOOD, measurement.mood))
    return components


def _followup_extensions(measurement: Measurement) -> list[Json]:
    extensions = [
        complex_ext(
            "goal-progress", [sub("goal", "String", entry.goal_id), sub("progress", "Code", entry.progress)]
        )
        for entry in measurement.goal_progress
    ]
    extensions += [
        complex_ext(
            "adherence",
            [
                sub("item", "String", entry.item_id),
                sub("treatment", "Coding", coding(CATALOG_SYSTEM, entry.modality)),
                sub("level", "Code", entry.level),
            ],
        )
        for entry in measurement.adherence
    ]
    return extensions


def measurement_resource(measurement: Measurement, subject: str, *, order: int | None = None) -> Json:
    """The baseline (order None) or the check-in at that position of the document's list."""
    codings = [coding(MEASURE_SYSTEM, MEASURE_CHECKIN if order is not None else MEASURE_BASELINE)]
    if measurement.peg is not None:  # a PEG panel: found by the goals' measure (Goal.target.measure)
        codings.append(coding(LOINC, PEG_PANEL))
    resource: Json = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [coding(OBSERVATION_CATEGORY_SYSTEM, OBSERVATION_SURVEY)]}],
        "code": {"coding": codings},
        "subject": reference(subject),
        "effectiveDateTime": iso(measurement.date),
    }
    components = _components(measurement)
    if components:
        resource["component"] = components
    extensions = _followup_extensions(measurement)
    if order is not None:
        extensions.append(ext("checkin-order", "Integer", order))
    if extensions:
        resource["extension"] = extensions
    if measurement.side_effects is not None:
        note: Json = {}
        put_text(note, "text", measurement.side_effects)
        resource["note"] = [note]
    return resource


def _history_extensions(entry: HistoryEntry, order: int) -> list[Json]:
    extensions = [ext("outcome", "Code", entry.outcome)]
    if entry.relief_percent is not None:
        extensions.append(ext("relief-percent", "Decimal", entry.relief_percent))
    extensions.append(ext("history-order", "Integer", order))
    return extensions


def is_medicine_history(catalog: Catalog, entry: HistoryEntry) -> bool:
    """A medicine of the catalog, or a treatment outside it given at a daily dose."""
    modality = catalog.modalities.get(entry.modality)
    if modality is not None:
        return modality.is_medicine
    return entry.dose is not None


def history_status(entry: HistoryEntry, *, medicine: bool) -> str:
    """Ongoing, halted (a failed or not tolerated trial: R4's `stopped`) or run its course (`completed`)."""
    if entry.is_ongoing:
        return "active" if medicine else "in-progress"
    return "stopped" if entry.outcome in STOPPED_OUTCOMES else "completed"


def _period(entry: HistoryEntry) -> Json:
    return {"start": iso(entry.start)} | ({"end": iso(entry.end)} if entry.end else {})


def _medication_statement(catalog: Catalog, entry: HistoryEntry, subject: str) -> Json:
    resource: Json = {
        "resourceType": "MedicationStatement",
        "status": history_status(entry, medicine=True),
        "medicationCodeableConcept": treatment_code(catalog, entry.modality, entry.name),
        "subject": reference(subject),
        "effectivePeriod": _period(entry),
    }
    dosage: Json = {}
    dose = dose_quantity(entry.dose_mg_per_day, entry.dose_mcg_per_hour)
    if dose is not None:
        dosage["doseAndRate"] = [{"rateQuantity": dose}]
    if entry.region is not None:
        dosage["site"] = {}
        put_text(dosage["site"], "text", entry.region)
    if dosage:
        resource["dosage"] = [dosage]
    if entry.reason is not None:
        reason: Json = {}
        put_text(reason, "text", entry.reason)
        resource["statusReason"] = [reason]  # repeats in MedicationStatement
    return resource


def _procedure(catalog: Catalog, entry: HistoryEntry, subject: str) -> Json:
    resource: Json = {
        "resourceType": "Procedure",
        "status": history_status(entry, medicine=False),
        "code": treatment_code(catalog, entry.modality, entry.name),
        "subject": reference(subject),
        "performedPeriod": _period(entry),
    }
    if entry.region is not None:
        resource["bodySite"] = [{}]
        put_text(resource["bodySite"][0], "text", entry.region)
    dose = dose_quantity(entry.dose_mg_per_day, entry.dose_mcg_per_hour)
    if dose is not None:
        resource["extension"] = [ext("dose", "Quantity", dose)]
    if entry.reason is not None:
        resource["statusReason"] = {}  # does not repeat in Procedure
        put_text(resource["statusReason"], "text", entry.reason)
    return resource


def history_resource(catalog: Catalog, entry: HistoryEntry, subject: str, order: int) -> Json:
    """The history entry at that position of the document's list: MedicationStatement or Procedure."""
    if is_medicine_history(catalog, entry):
        resource = _medication_statement(catalog, entry, subject)
    else:
        resource = _procedure(catalog, entry, subject)
    resource["extension"] = resource.get("extension", []) + _history_extensions(entry, order)
    return resource
