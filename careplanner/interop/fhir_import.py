"""From a Bundle to a plan document (docs/fhir.md, "Import"): checked step by step, refused as a whole.

1. the envelope: a JSON object, a Bundle of type "collection", within the plan document's limits;
2. FHIR R4 structure and datatypes (`fhir.resources`);
3. what that library does not check: JSON types (before it, as it would coerce them), fullUrls and ids,
   references, one Patient and one CarePlan of this program, activities with detail and not reference,
   modifiers (statuses, doNotPerform, modifierExtension: only the values the export writes), this project's
   extensions where they belong, known code systems and codes, dates on plan weeks;
4. the plan document's strict reader, so every limit and rule of the plan format applies.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from careplanner.catalog import Catalog
from careplanner.documents import DocumentError, plan_to_json, read_plan_data
from careplanner.documents.limits import NAME_LENGTH
from careplanner.domain import Measurement, Patient, Plan, PlanDocument
from careplanner.interop.fhir_common import REASON_FOREIGN, FhirError, Json
from careplanner.interop.fhir_import_check import (
    Entry,
    check_activities,
    check_codes,
    check_envelope,
    check_references,
    fail,
    index_entries,
    validate_r4,
)
from careplanner.interop.fhir_import_meaning import check_modifiers, check_own_extensions
from careplanner.interop.fhir_import_plan import acknowledgements, activities
from careplanner.interop.fhir_import_records import (
    clearance,
    goal,
    history_entry,
    in_recorded_order,
    measurement,
    patient_fields,
)
from careplanner.interop.fhir_import_types import check_json_types
from careplanner.interop.fhir_import_values import code_in, full_date, has_code, one_extension
from careplanner.interop.fhir_terms import (
    CONDITION_SYSTEM,
    CRCL_COCKCROFT_GAULT,
    LOINC,
    MEASURE_BASELINE,
    MEASURE_CHECKIN,
    MEASURE_SYSTEM,
    PLAN_CATEGORY,
    PLAN_CATEGORY_SYSTEM,
)

HISTORY_RESOURCES = ("MedicationStatement", "Procedure")


def _only(entries: list[Entry], kind: str) -> Entry:
    found = [entry for entry in entries if entry.kind == kind]
    if len(found) != 1:
        where = ", ".join(f"entry[{entry.index}]" for entry in found) or "none"
        raise fail("Bundle.entry", f"an exported plan holds exactly one {kind} (found {len(found)}: {where})")
    return found[0]


def _check_subjects(entries: list[Entry], patient: Entry) -> None:
    for entry in entries:
        for key in ("subject", "patient"):
            target = entry.resource.get(key)
            if isinstance(target, dict) and target.get("reference") != patient.url:
                raise fail(f"{entry.path}.{key}", "every resource of the plan is about the plan's Patient")


def _check_care_plan(care_plan: Entry) -> tuple[dt.date, str | None, str | None]:
    resource, path = care_plan.resource, care_plan.path
    if not any(
        has_code(category, PLAN_CATEGORY_SYSTEM, PLAN_CATEGORY) for category in resource.get("category", [])
    ):
        raise fail(
            f"{path}.category",
            "this CarePlan is not a plan exported by this program (foreign Bundle)",
            REASON_FOREIGN,
        )
    if resource.get("intent") != "plan":
        raise fail(f"{path}.intent", f'{resource.get("intent")!r} is not "plan"')
    period = resource.get("period")
    if not isinstance(period, dict) or "start" not in period:
        raise fail(f"{path}.period.start", "the plan's start is needed")
    start = full_date(period["start"], f"{path}.period.start")
    title = resource.get("title")
    if title is not None:
        title = str(title)
        if len(title) > NAME_LENGTH:
            raise fail(f"{path}.title", f"the title is longer than {NAME_LENGTH} characters")
        if any(unicodedata.category(char) == "Cc" for char in title):
            raise fail(f"{path}.title", "the title holds control characters")
    return start, title, resource.get("status")


def _linked(care_plan: Entry, key: str, by_url: dict[str, Entry], kind: str) -> list[Entry]:
    """The Conditions or Goals the CarePlan names, each once; one it does not name would be lost."""
    linked: list[Entry] = []
    for index, target in enumerate(care_plan.resource.get(key, [])):
        entry = by_url.get(target.get("reference"))
        if entry is None or entry.kind != kind:
            raise fail(f"{care_plan.path}.{key}[{index}]", f"names no {kind} of this Bundle")
        if entry in linked:
            raise fail(f"{care_plan.path}.{key}[{index}]", f"names the same {kind} twice")
        linked.append(entry)
    for entry in by_url.values():
        if entry.kind == kind and entry not in linked:
            raise fail(entry.path, f"the CarePlan does not name this {kind} in {key}")
    return linked


class _Places:
    """Where each part of the plan document came from, so the reader's refusals name the FHIR element."""

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}

    def add(self, document_path: str, fhir_path: str) -> None:
        self.paths[document_path] = fhir_path

    def of(self, document_path: str) -> str:
        for key in sorted(self.paths, key=len, reverse=True):
            if document_path == key or document_path.startswith((key + ".", key + "[")):
                return self.paths[key]
        return "Bundle"


def _observations(
    entries: list[Entry], catalog: Catalog, places: _Places
) -> tuple[float | None, Measurement | None, list[Measurement]]:
    crcl: float | None = None
    baseline: Measurement | None = None
    checkin_entries: list[Entry] = []
    for entry in (entry for entry in entries if entry.kind == "Observation"):
        code = entry.resource.get("code")
        if has_code(code, LOINC, CRCL_COCKCROFT_GAULT):
            if crcl is not None:
                raise fail(f"{entry.path}.code", "the creatinine clearance is given twice")
            crcl = clearance(entry)
            places.add("patient.crcl_ml_min", entry.path)
        elif has_code(code, MEASURE_SYSTEM, MEASURE_BASELINE):
            if baseline is not None:
                raise fail(f"{entry.path}.code", "the plan has one baseline")
            if one_extension(entry.resource, "checkin-order", entry.path) is not None:
                raise fail(
                    f"{entry.path}.extension", "the baseline is not a check-in (it has no checkin-order)"
                )
            baseline = measurement(entry, catalog)
            places.add("baseline", entry.path)
        elif has_code(code, MEASURE_SYSTEM, MEASURE_CHECKIN):
            checkin_entries.append(entry)
        else:
            raise fail(f"{entry.path}.code", "not an observation this program records")
    checkins = []
    for index, entry in enumerate(in_recorded_order(checkin_entries, "checkin-order", "check-in")):
        places.add(f"checkins[{index}]", entry.path)
        checkins.append(measurement(entry, catalog))
    return crcl, baseline, checkins


def _build(
    entries: list[Entry], catalog: Catalog, places: _Places
) -> tuple[PlanDocument, str | None, str | None]:
    patient_entry = _only(entries, "Patient")
    care_plan = _only(entries, "CarePlan")
    start, title, status = _check_care_plan(care_plan)
    _check_subjects(entries, patient_entry)
    by_url = {entry.url: entry for entry in entries}
    places.add("patient", patient_entry.path)
    for field, element in (
        ("id", "identifier"),
        ("name", "name[0].text"),
        ("birth_date", "birthDate"),
        ("sex", "gender"),
    ):
        places.add(f"patient.{field}", f"{patient_entry.path}.{element}")
    places.add("plan", care_plan.path)
    places.add("plan.start", f"{care_plan.path}.period.start")
    conditions = []
    for index, entry in enumerate(_linked(care_plan, "addresses", by_url, "Condition")):
        places.add(f"patient.conditions[{index}]", f"{entry.path}.code")
        conditions.append(
            code_in(entry.resource.get("code"), CONDITION_SYSTEM, f"{entry.path}.code", catalog.conditions)
        )
    goal_entries = _linked(care_plan, "goal", by_url, "Goal")
    goals = [goal(entry, start) for entry in goal_entries]
    for index, entry in enumerate(goal_entries):
        places.add(f"goals[{index}]", entry.path)
    crcl, baseline, checkins = _observations(entries, catalog, places)
    history_entries = in_recorded_order(
        [entry for entry in entries if entry.kind in HISTORY_RESOURCES], "history-order", "history entry"
    )
    for index, entry in enumerate(history_entries):
        places.add(f"history[{index}]", entry.path)
    history = [history_entry(entry, catalog) for entry in history_entries]
    goal_urls = {entry.url: found.id for entry, found in zip(goal_entries, goals, strict=True)}
    items, reviews = activities(care_plan, start, catalog, goal_urls)
    acknowledged = acknowledgements([entry for entry in entries if entry.kind == "DetectedIssue"])
    for prefix, located in (
        ("plan.items", items),
        ("plan.reviews", reviews),
        ("plan.acknowledged", acknowledged),
    ):
        for index, (_, path) in enumerate(located):
            places.add(f"{prefix}[{index}]", path)
    record, name, birth, sex = patient_fields(patient_entry)
    patient = Patient(record, name, birth, sex, tuple(conditions), crcl)
    plan = Plan(
        start, tuple(i for i, _ in items), tuple(r for r, _ in reviews), tuple(a for a, _ in acknowledged)
    )
    document = PlanDocument(patient, plan, tuple(history), baseline, tuple(goals), tuple(checkins))
    return document, title, None if status is None else str(status)


def _strictly_read(document: PlanDocument, catalog: Catalog, places: _Places) -> PlanDocument:
    try:
        return read_plan_data(plan_to_json(document), catalog.modalities.keys()).document
    except DocumentError as error:
        lines = [
            f"{places.of(problem.path)} ({problem.path}): {problem.message}" for problem in error.problems
        ]
        raise FhirError("\n".join(lines) or str(error)) from None


def import_bundle(data: object, catalog: Catalog) -> tuple[PlanDocument, str | None, str | None]:
    bundle: Json = check_envelope(data)
    check_json_types(bundle)
    validate_r4(bundle)
    entries = index_entries(bundle)
    _only(entries, "Patient")
    check_activities(_only(entries, "CarePlan"))
    check_references(entries)
    check_codes(entries)
    check_modifiers(entries)
    check_own_extensions(entries)
    places = _Places()
    document, title, status = _build(entries, catalog, places)
    return _strictly_read(document, catalog, places), title, status
