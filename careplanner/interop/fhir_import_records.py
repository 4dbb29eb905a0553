"""Patient, Conditions, Goals, Observations and history back into the plan document's parts."""

from __future__ import annotations

import datetime as dt

from careplanner.catalog import Catalog
from careplanner.domain import (
    OTHER_MODALITY,
    Adherence,
    Goal,
    GoalProgress,
    HistoryEntry,
    Measurement,
    PegScores,
)
from careplanner.domain.dose import MCG_PER_HOUR, dose_unit_of
from careplanner.interop.fhir_common import Json
from careplanner.interop.fhir_import_check import Entry, fail
from careplanner.interop.fhir_import_values import (
    code_in,
    decimal,
    ext_string,
    ext_value,
    full_date,
    part_value,
    parts_of,
    text_of,
    week_of,
    whole_number,
)
from careplanner.interop.fhir_terms import (
    CATALOG_SYSTEM,
    GOAL_SYSTEM,
    LOINC,
    MEASURE_MOOD,
    MEASURE_SLEEP,
    MEASURE_SYSTEM,
    PEG_ACTIVITY,
    PEG_ENJOYMENT,
    PEG_MEAN,
    PEG_PAIN,
    RECORD_SYSTEM,
    UNIT_MG_PER_DAY,
    UNIT_MICROGRAM_PER_HOUR,
    UNIT_ML_PER_MIN,
    extension_url,
)

DoseFields = tuple[float | None, float | None]  # mg a day, mcg an hour


def identifier_value(resource: Json, system: str, path: str) -> str:
    for index, identifier in enumerate(resource.get("identifier", [])):
        if identifier.get("system") == system:
            if "value" not in identifier:
                raise fail(f"{path}.identifier[{index}].value", "the identifier has no value")
            return str(identifier["value"])
    raise fail(f"{path}.identifier", f"no identifier of {system}")


def patient_fields(entry: Entry) -> tuple[str, str, dt.date, str | None]:
    """Record number, name, birth date and the record's own word for sex."""
    resource, path = entry.resource, entry.path
    record = identifier_value(resource, RECORD_SYSTEM, path)
    names = resource.get("name", [])
    name = text_of(names[0], "text") if names else None
    if name is None:
        raise fail(f"{path}.name", "the patient's name is needed (name[0].text)")
    if "birthDate" not in resource:
        raise fail(f"{path}.birthDate", "the patient's birth date is needed")
    birth = full_date(resource["birthDate"], f"{path}.birthDate")
    sex = ext_string(resource, "sex", path)
    if sex is None and "gender" in resource:
        sex = str(resource["gender"])
    return record, name, birth, sex


def clearance(entry: Entry) -> float:
    quantity = entry.resource.get("valueQuantity")
    path = f"{entry.path}.valueQuantity"
    if not isinstance(quantity, dict) or "value" not in quantity:
        raise fail(path, "the creatinine clearance needs a value in mL/min")
    if quantity.get("code", quantity.get("unit")) != UNIT_ML_PER_MIN:
        raise fail(f"{path}.code", f"the creatinine clearance is given in {UNIT_ML_PER_MIN}")
    value = decimal(quantity["value"], f"{path}.value")
    if value is None:
        raise fail(f"{path}.value", "the creatinine clearance needs a value in mL/min")
    return float(value)


def goal(entry: Entry, start: dt.date) -> Goal:
    resource, path = entry.resource, entry.path
    goal_id = identifier_value(resource, GOAL_SYSTEM, path)
    text = text_of(resource.get("description"), "text")
    if text is None:
        raise fail(f"{path}.description.text", "the goal's text is needed")
    target_week = None
    for index, target in enumerate(resource.get("target", [])):
        if "dueDate" in target:
            target_week = week_of(target["dueDate"], start, f"{path}.target[{index}].dueDate")
    return Goal(goal_id, text, target_week)


def _integer_components(resource: Json, path: str) -> dict[str, int]:
    values: dict[str, int] = {}
    for index, component in enumerate(resource.get("component", [])):
        where = f"{path}.component[{index}]"
        codings = component.get("code", {}).get("coding", [])
        known = [(c.get("system"), c.get("code")) for c in codings]
        if (LOINC, PEG_MEAN) in known:
            continue  # derived from the three items: never read back
        code = next((code for system, code in known if system in (LOINC, MEASURE_SYSTEM)), None)
        if code not in (PEG_PAIN, PEG_ENJOYMENT, PEG_ACTIVITY, MEASURE_SLEEP, MEASURE_MOOD):
            raise fail(f"{where}.code", "not a score this program records (PEG items, sleep, mood)")
        if code in values:
            raise fail(f"{where}.code", f"the score {code} is given twice")
        if "valueInteger" not in component:
            raise fail(f"{where}.valueInteger", "each score is a whole number")
        values[str(code)] = whole_number(component["valueInteger"], f"{where}.valueInteger")
    return values


def _peg(values: dict[str, int], path: str) -> PegScores | None:
    given = [code for code in (PEG_PAIN, PEG_ENJOYMENT, PEG_ACTIVITY) if code in values]
    if not given:
        return None
    if len(given) != 3:
        raise fail(f"{path}.component", "the PEG needs all three items (pain, enjoyment, activity)")
    return PegScores(values[PEG_PAIN], values[PEG_ENJOYMENT], values[PEG_ACTIVITY])


def _goal_progress(resource: Json, path: str) -> tuple[GoalProgress, ...]:
    found = []
    url = extension_url("goal-progress")
    for extension in resource.get("extension", []):
        if extension.get("url") == url:
            parts = parts_of(extension, path, ("goal", "progress"))
            goal_id = part_value(parts, "goal", "valueString", path, required=True)
            progress = part_value(parts, "progress", "valueCode", path, required=True)
            found.append(GoalProgress(str(goal_id), str(progress)))
    return tuple(found)


def _adherence(resource: Json, path: str, catalog: Catalog) -> tuple[Adherence, ...]:
    found = []
    url = extension_url("adherence")
    for extension in resource.get("extension", []):
        if extension.get("url") == url:
            parts = parts_of(extension, path, ("item", "treatment", "level"))
            item_id = part_value(parts, "item", "valueString", path, required=True)
            treatment = part_value(parts, "treatment", "valueCoding", path, required=True)
            modality = code_in(
                {"coding": [treatment]}, CATALOG_SYSTEM, f"{path}.extension", catalog.modalities
            )
            level = part_value(parts, "level", "valueCode", path, required=True)
            found.append(Adherence(str(item_id), modality, str(level)))
    return tuple(found)


def measurement(entry: Entry, catalog: Catalog) -> Measurement:
    resource, path = entry.resource, entry.path
    if "effectiveDateTime" not in resource:
        raise fail(f"{path}.effectiveDateTime", "the day of the visit is needed")
    day = full_date(resource["effectiveDateTime"], f"{path}.effectiveDateTime")
    values = _integer_components(resource, path)
    notes = resource.get("note", [])
    if len(notes) > 1:
        raise fail(f"{path}.note", "side effects are one note")
    return Measurement(
        date=day,
        peg=_peg(values, path),
        sleep=values.get(MEASURE_SLEEP),
        mood=values.get(MEASURE_MOOD),
        goal_progress=_goal_progress(resource, path),
        adherence=_adherence(resource, path, catalog),
        side_effects=text_of(notes[0], "text") if notes else None,
    )


def _dose(quantity: object, path: str) -> DoseFields:
    if not isinstance(quantity, dict) or "value" not in quantity:
        raise fail(path, "a dose needs a value")
    unit = quantity.get("code", quantity.get("unit"))
    value = decimal(quantity["value"], f"{path}.value")
    if value is None:
        raise fail(f"{path}.value", "a dose needs a value")
    if unit == UNIT_MG_PER_DAY:
        return value, None
    if unit == UNIT_MICROGRAM_PER_HOUR:
        return None, value
    raise fail(f"{path}.code", f"a dose is in {UNIT_MG_PER_DAY} or {UNIT_MICROGRAM_PER_HOUR}, not {unit!r}")


def dose_of(quantity: object, path: str) -> DoseFields:
    return (None, None) if quantity is None else _dose(quantity, path)


def _medication_fields(resource: Json, path: str) -> tuple[Json, Json, DoseFields, str | None]:
    dosages = resource.get("dosage", [])
    if len(dosages) > 1:
        raise fail(f"{path}.dosage", "a history entry has one dosage at most")
    dosage = dosages[0] if dosages else {}
    rates = dosage.get("doseAndRate", [])
    dose = dose_of(
        rates[0].get("rateQuantity") if rates else None, f"{path}.dosage[0].doseAndRate[0].rateQuantity"
    )
    code = resource.get("medicationCodeableConcept")
    if code is None:
        raise fail(f"{path}.medicationCodeableConcept", "the treatment's code is needed")
    return code, resource.get("effectivePeriod", {}), dose, text_of(dosage.get("site"), "text")


def _procedure_fields(resource: Json, path: str) -> tuple[Json, Json, DoseFields, str | None]:
    sites = resource.get("bodySite", [])
    dose = dose_of(ext_value(resource, "dose", "valueQuantity", path), f"{path}.extension")
    if "code" not in resource:
        raise fail(f"{path}.code", "the treatment's code is needed")
    return (
        resource["code"],
        resource.get("performedPeriod", {}),
        dose,
        text_of(sites[0], "text") if sites else None,
    )


def _single(value: object, path: str) -> object:
    """MedicationStatement repeats statusReason; a history entry has one reason at most."""
    if not isinstance(value, list):
        return value
    if len(value) > 1:
        raise fail(path, "a history entry has one reason at most")
    return value[0] if value else None


def history_entry(entry: Entry, catalog: Catalog) -> HistoryEntry:
    resource, path = entry.resource, entry.path
    medicine = entry.kind == "MedicationStatement"
    fields = _medication_fields(resource, path) if medicine else _procedure_fields(resource, path)
    code, period, (mg_per_day, mcg_per_hour), region = fields
    code_path = f"{path}.{'medicationCodeableConcept' if medicine else 'code'}"
    modality = code_in(code, CATALOG_SYSTEM, code_path, {*catalog.modalities, OTHER_MODALITY})
    period_path = f"{path}.{'effectivePeriod' if medicine else 'performedPeriod'}"
    if "start" not in period:
        raise fail(f"{period_path}.start", "the day the treatment began is needed")
    if (mcg_per_hour is not None) != (dose_unit_of(modality) == MCG_PER_HOUR) and (
        mg_per_day,
        mcg_per_hour,
    ) != (
        None,
        None,
    ):
        raise fail(f"{path}.dosage", f"the dose of this treatment is not given in {dose_unit_of(modality)}")
    outcome = ext_value(resource, "outcome", "valueCode", path, required=True)
    relief = ext_value(resource, "relief-percent", "valueDecimal", path)
    return HistoryEntry(
        modality=modality,
        start=full_date(period["start"], f"{period_path}.start"),
        outcome=str(outcome),
        end=full_date(period["end"], f"{period_path}.end") if "end" in period else None,
        name=text_of(code, "text"),
        dose_mg_per_day=mg_per_day,
        relief_percent=decimal(relief, f"{path}.extension"),
        region=region,
        reason=text_of(_single(resource.get("statusReason"), f"{path}.statusReason"), "text"),
        dose_mcg_per_hour=mcg_per_hour,
    )


def in_recorded_order(entries: list[Entry], name: str, what: str) -> list[Entry]:
    """Entries sorted by their position extension (`history-order`, `checkin-order`): a Bundle's entries have
    no order of their own, and acknowledgements name history entries by position (`history[N]`)."""
    by_position: dict[int, Entry] = {}
    for entry in entries:
        position = whole_number(
            ext_value(entry.resource, name, "valueInteger", entry.path, required=True),
            f"{entry.path}.extension",
        )
        earlier = by_position.get(position)
        if earlier is not None:
            raise fail(
                f"{entry.path}.extension",
                f"{what} {position} is {earlier.path} too (each position is given once)",
            )
        by_position[position] = entry
    missing = next((n for n in range(len(by_position)) if n not in by_position), None)
    if missing is not None:
        raise fail("Bundle.entry", f"no {what} {missing} (positions are 0, 1, 2, … without gaps)")
    return [by_position[position] for position in sorted(by_position)]
