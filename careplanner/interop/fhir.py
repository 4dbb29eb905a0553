"""A plan as a FHIR R4 Bundle and back (docs/fhir.md): the only names the rest of the program uses.

Export writes a Bundle of type "collection": the Patient, their Conditions, the CarePlan, its Goals, the
baseline and check-ins and the creatinine clearance as Observations, the treatment history as
MedicationStatements and Procedures, and a DetectedIssue per finding of the checks. Import validates the
Bundle with `fhir.resources` (imported only then, so the window starts without it), checks what that library
does not, and reads the result through the plan document's strict reader, so every limit of the plan format
applies.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from careplanner.catalog import Catalog
from careplanner.checks import check_plan
from careplanner.documents import DocumentError
from careplanner.documents.limits import NAME_LENGTH
from careplanner.documents.source import (
    decode_document,
    find_unreadable_values,
    parse_json,
    read_document_bytes,
)
from careplanner.domain import PlanDocument
from careplanner.interop.fhir_common import (
    REASON_UNREADABLE,
    FhirError,
    Json,
    full_url,
    plan_key,
)
from careplanner.interop.fhir_export_issues import detected_issues
from careplanner.interop.fhir_export_plan import Links, PlanHeader, care_plan
from careplanner.interop.fhir_export_records import (
    clearance_resource,
    condition_resource,
    goal_resource,
    history_resource,
    measurement_resource,
    patient_resource,
)
from careplanner.interop.fhir_export_texts import check_texts
from careplanner.team.model import UserProfile

__all__ = [
    "IMPORTED_TITLE",
    "FhirError",
    "FhirPlan",
    "author_name",
    "bundle_to_plan",
    "bundle_to_text",
    "imported_title",
    "plan_to_bundle",
    "read_bundle_file",
    "read_bundle_text",
    "title_problem",
]

IMPORTED_TITLE = "Imported plan"


@dataclass(frozen=True)
class FhirPlan:
    document: PlanDocument
    title: str | None
    status: str | None  # the CarePlan's status as the Bundle gives it (draft, active, completed, revoked)


class Profiles(Protocol):
    """Where the names colleagues know each other by are kept (the store)."""

    def user_profile(self, login: str) -> UserProfile | None: ...


def author_name(profiles: Profiles, login: str) -> str:
    """Who saved a revision (CarePlan.author): the name colleagues know them by, when their profile has it."""
    profile = profiles.user_profile(login)
    return profile.name if profile is not None else login


def title_problem(title: str) -> str | None:
    """Why a title cannot name a stored plan (too long, a control character), or None when it can."""
    if len(title) > NAME_LENGTH:
        return f"the title has {len(title):,} characters; a plan's title keeps at most {NAME_LENGTH}"
    control = next((char for char in title if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        return f"the title holds the control character U+{ord(control):04X}; a plan's title holds none"
    return None


def imported_title(plan: FhirPlan, given: str | None = None) -> str:
    """The title an imported plan is stored under: the one given, else the CarePlan's, else a plain one."""
    for title in (given, plan.title):
        cleaned = " ".join((title or "").split())
        if cleaned:
            return cleaned
    return IMPORTED_TITLE


def _entry(url: str, resource: Json) -> Json:
    return {"fullUrl": url, "resource": {"resourceType": resource["resourceType"], "id": url[9:]} | resource}


def _records(document: PlanDocument, catalog: Catalog, record: str, patient: str) -> list[Json]:
    entries = []
    clearance = clearance_resource(document.patient, patient)
    if clearance is not None:
        entries.append(_entry(full_url(record, "clearance"), clearance))
    if document.baseline is not None:
        baseline = measurement_resource(document.baseline, patient)
        entries.append(_entry(full_url(record, "baseline"), baseline))
    for index, checkin in enumerate(document.checkins):
        resource = measurement_resource(checkin, patient, order=index)
        entries.append(_entry(full_url(record, "check-in", index), resource))
    for index, entry in enumerate(document.history):
        resource = history_resource(catalog, entry, patient, index)
        entries.append(_entry(full_url(record, "history", index), resource))
    return entries


def plan_to_bundle(
    document: PlanDocument,
    catalog: Catalog,
    *,
    title: str | None = None,
    status: str | None = None,
    revision: int | None = None,
    plan_id: int | None = None,
    author: str | None = None,
    as_of: dt.date | None = None,
) -> dict[str, object]:
    """The plan as a JSON-ready Bundle; the same arguments always give the same Bundle.

    The Patient, Conditions, Observations and history are keyed on the record number (they are the patient's);
    the CarePlan, its Goals, the DetectedIssues and the Bundle itself also on the plan (`plan_key`), so two
    plans of one patient, or two revisions of one plan, never share an id. FhirError when a text of the plan
    is one FHIR cannot hold.
    """
    check_texts(document, title=title, author=author)
    record = document.patient.id
    key = plan_key(document, plan_id, revision, title)
    patient = full_url(record, "patient")
    conditions = [full_url(record, "condition", index) for index in range(len(document.patient.conditions))]
    goals = {goal.id: full_url(record, "goal", f"{key}|{index}") for index, goal in enumerate(document.goals)}
    plan_url = full_url(record, "care-plan", key)
    entries = [_entry(patient, patient_resource(document.patient))]
    entries += [
        _entry(url, condition_resource(catalog, condition, patient))
        for url, condition in zip(conditions, document.patient.conditions, strict=True)
    ]
    header = PlanHeader(title, status, revision, plan_id, author)
    entries.append(_entry(plan_url, care_plan(document, catalog, header, Links(patient, conditions, goals))))
    entries += [_entry(goals[goal.id], goal_resource(document, goal, patient)) for goal in document.goals]
    entries += _records(document, catalog, record, patient)
    report = check_plan(document, catalog, as_of=as_of)
    issues = detected_issues(document, report, (patient, plan_url), as_of)
    checked = f"{key}|{as_of.isoformat() if as_of else ''}"  # the findings depend on the as-of day
    entries += [_entry(full_url(record, "issue", f"{checked}|{n}"), issue) for n, issue in enumerate(issues)]
    return {
        "resourceType": "Bundle",
        "id": full_url(record, "bundle", checked)[9:],
        "type": "collection",
        "entry": entries,
    }


def bundle_to_text(bundle: dict[str, object]) -> str:
    """The Bundle as the file the program writes (UTF-8, sorted keys: the same plan gives the same bytes)."""
    return json.dumps(bundle, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_bundle_text(text: str) -> object:
    """Parsed JSON within the plan document's limits (size, nesting, numbers); FhirError otherwise."""
    try:
        data = parse_json(text)
        unreadable = find_unreadable_values(data)
        if unreadable:
            raise DocumentError(unreadable)
    except DocumentError as error:
        raise FhirError(f"Bundle: {error}", REASON_UNREADABLE) from None
    return data


def read_bundle_file(path: Path) -> object:
    """A Bundle file: a regular file within the plan document's size limit, UTF-8, JSON."""
    try:
        text = decode_document(read_document_bytes(path))
    except DocumentError as error:
        raise FhirError(f"Bundle: {error}", REASON_UNREADABLE) from None
    return read_bundle_text(text)


def bundle_to_plan(data: object, catalog: Catalog) -> FhirPlan:
    """The plan a Bundle of this program's export holds; FhirError (naming the element) for anything else."""
    from careplanner.interop.fhir_import import import_bundle

    document, title, status = import_bundle(data, catalog)
    return FhirPlan(document, title, status)
