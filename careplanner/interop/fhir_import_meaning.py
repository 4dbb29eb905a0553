"""What would change the plan's meaning without the import noticing: refused, naming the element.

FHIR marks some elements as modifiers (a status such as "entered-in-error", `doNotPerform`, a
`modifierExtension`, a Quantity's `comparator`, an identifier's or name's use "old", `implicitRules`):
a system must not use data whose modifiers it does not understand. The import understands exactly the
values its own export writes and refuses every other. An extension under this project's URL that the import
does not know (a misspelt name, or one on the wrong element) is refused too: ignoring it could drop a week or
a decision the checks read. Extensions of other systems (other URLs) are ignored like every element the plan
does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from careplanner.interop.fhir_common import REASON_MEANING, FhirError, Json
from careplanner.interop.fhir_export_plan import REVIEW_KIND
from careplanner.interop.fhir_import_check import Entry, fail, shown
from careplanner.interop.fhir_terms import (
    CONDITION_ACTIVE,
    CONDITION_CLINICAL_SYSTEM,
    EXTENSION_BASE,
    MEASURE_SYSTEM,
)

VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
AS_THEY_STAND = "careplanner imports only plans it can take as they stand"

# The values this program's export writes, by resource and element (docs/fhir.md).
WRITTEN_STATUSES: dict[tuple[str, str], frozenset[str]] = {
    ("CarePlan", "status"): frozenset({"draft", "active", "completed", "revoked"}),
    ("CarePlan", "intent"): frozenset({"plan"}),
    ("Goal", "lifecycleStatus"): frozenset({"active"}),
    ("Observation", "status"): frozenset({"final"}),
    ("MedicationStatement", "status"): frozenset({"active", "completed", "stopped"}),
    ("Procedure", "status"): frozenset({"in-progress", "completed", "stopped"}),
    ("DetectedIssue", "status"): frozenset({"final", "cancelled"}),
}
ITEM_STATUSES = frozenset({"scheduled", "in-progress", "completed", "stopped"})
REVIEW_STATUSES = frozenset({"scheduled", "completed"})

# Why a value the export never writes cannot be taken as it stands.
WHY: dict[str, str] = {
    "entered-in-error": "this record was withdrawn at its source",
    "cancelled": "this was cancelled at its source",
    "rejected": "this was rejected at its source",
    "on-hold": "this is on hold at its source",
    "not-taken": "the medicine was never taken",
    "not-done": "the procedure was never done",
    "not-started": "this has not started at its source",
    "unknown": "its source does not know its state",
    "refuted": "the diagnosis was ruled out at its source",
    "unconfirmed": "the diagnosis is not confirmed at its source",
    "provisional": "the diagnosis is not confirmed at its source",
    "differential": "the diagnosis is not confirmed at its source",
    "inactive": "the condition is no longer active at its source",
    "resolved": "the condition is no longer active at its source",
    "remission": "the condition is no longer active at its source",
}
OTHERWISE = "careplanner's export never writes this value, so what it means for the plan is not known"

# This project's extensions, by the element that may carry them (docs/fhir.md, "Extensions").
ITEM_EXTENSIONS = frozenset(
    {"item-id", "assess-week", "dose-rate", "region", "item-replaces", "assessment", "stage", "window"}
)
REVIEW_EXTENSIONS = frozenset({"held-on"})
# What names a treatment on an activity: a review (kind Appointment) has none of them.
TREATMENT_ELEMENTS = (
    "code",
    "dailyAmount",
    "goal",
    "quantity",
    "productCodeableConcept",
    "productReference",
)
EMPTY_TEXT = frozenset({"empty-text"})
OWN_EXTENSIONS: dict[tuple[str, ...], frozenset[str]] = {
    ("Patient",): frozenset({"sex"}),
    ("Observation",): frozenset({"goal-progress", "adherence", "checkin-order"}),
    ("MedicationStatement",): frozenset({"outcome", "relief-percent", "history-order"}),
    ("Procedure",): frozenset({"outcome", "relief-percent", "dose", "history-order"}),
    ("DetectedIssue",): frozenset({"implicated-item"}),
    ("DetectedIssue", "mitigation"): frozenset({"acknowledged-item", "acknowledgement-order"}),
}
_PREFIX = EXTENSION_BASE + "/"


def _refuse(path: str, what: str) -> FhirError:
    return fail(path, f"{what}; {AS_THEY_STAND}", REASON_MEANING)


def refusal(path: str, value: object) -> FhirError:
    """A status (or status code) the export never writes, with why it cannot be taken as it stands."""
    if isinstance(value, str):
        return _refuse(path, f"{value}: {WHY.get(value, OTHERWISE)}")
    return _refuse(path, f"{shown(value)}: {OTHERWISE}")


def walk(value: Any, path: str, pattern: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...], Json]]:
    """Every object in a resource with its path and its element names (the list positions left out)."""
    if isinstance(value, dict):
        yield path, pattern, value
        for key, child in value.items():
            yield from walk(child, f"{path}.{key}", (*pattern, str(key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{path}[{index}]", pattern)


def _general_modifiers(path: str, node: Json) -> None:
    """The modifiers any element may carry."""
    if "modifierExtension" in node:
        urls = [str(e.get("url")) for e in node["modifierExtension"] if isinstance(e, dict)]
        raise _refuse(
            f"{path}.modifierExtension",
            f"{', '.join(urls) or 'a modifier extension'}: it changes what this element means in a way "
            "careplanner cannot know",
        )
    if "implicitRules" in node:
        raise _refuse(
            f"{path}.implicitRules",
            f"{shown(node['implicitRules'])}: the resource follows rules careplanner does not know",
        )
    if "comparator" in node:
        raise _refuse(
            f"{path}.comparator", f"{shown(node['comparator'])}: a bound is not an amount to plan with"
        )
    if node.get("use") == "old":
        raise _refuse(f"{path}.use", "old: this is no longer valid at its source")


def _coded(concept: object, system: str) -> list[object]:
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    return [c.get("code") for c in codings if isinstance(c, dict) and c.get("system") == system]


def _condition(entry: Entry) -> None:
    resource, path = entry.resource, entry.path
    clinical = _coded(resource.get("clinicalStatus"), CONDITION_CLINICAL_SYSTEM)
    for code in clinical:
        if code != CONDITION_ACTIVE:
            raise refusal(f"{path}.clinicalStatus", code)
    if not clinical:
        raise _refuse(
            f"{path}.clinicalStatus", f"the condition is not given as active ({CONDITION_CLINICAL_SYSTEM})"
        )
    if "verificationStatus" in resource:
        verification = _coded(resource["verificationStatus"], VERIFICATION_SYSTEM)
        for code in verification:
            if code != "confirmed":
                raise refusal(f"{path}.verificationStatus", code)
        if not verification:
            raise _refuse(
                f"{path}.verificationStatus",
                f"the diagnosis is not given as confirmed ({VERIFICATION_SYSTEM})",
            )


def _patient(entry: Entry) -> None:
    resource, path = entry.resource, entry.path
    if resource.get("active", True) is not True:
        raise _refuse(f"{path}.active", "false: this patient record is not in use at its source")
    for key in ("deceasedBoolean", "deceasedDateTime"):
        if key in resource and resource[key] is not False:
            raise _refuse(f"{path}.{key}", f"{shown(resource[key])}: the patient has died")
    if "link" in resource:
        raise _refuse(f"{path}.link", "this record is linked to another record of the patient")


def _review(detail: Json, path: str) -> None:
    """A review (kind Appointment) names no treatment: one that does would turn a treatment into a review."""
    named = [key for key in TREATMENT_ELEMENTS if key in detail]
    named += [
        str(e.get("url"))[len(_PREFIX) :]
        for e in detail.get("extension", [])
        if isinstance(e, dict) and str(e.get("url"))[len(_PREFIX) :] in ITEM_EXTENSIONS
    ]
    if named:
        raise fail(
            f"{path}.kind",
            f"{REVIEW_KIND} is a review, which names no treatment, but this activity gives "
            f"{', '.join(named)}: careplanner cannot tell a treatment from a review here",
        )


def _activities(entry: Entry) -> None:
    for index, activity in enumerate(entry.resource.get("activity", [])):
        detail = activity.get("detail", {}) if isinstance(activity, dict) else {}
        path = f"{entry.path}.activity[{index}].detail"
        if "doNotPerform" in detail and detail["doNotPerform"] is not False:
            raise _refuse(f"{path}.doNotPerform", "true: the treatment is not to be given")
        is_review = detail.get("kind") == REVIEW_KIND
        if is_review:
            _review(detail, path)
        if "status" in detail and detail["status"] not in (REVIEW_STATUSES if is_review else ITEM_STATUSES):
            raise refusal(f"{path}.status", detail["status"])


def check_modifiers(entries: list[Entry]) -> None:
    """Refuse every modifier the import does not take as its own export writes it."""
    for entry in entries:
        for path, _, node in walk(entry.resource, entry.path, ()):
            _general_modifiers(path, node)
        for (kind, key), allowed in WRITTEN_STATUSES.items():
            if entry.kind == kind and key in entry.resource and entry.resource[key] not in allowed:
                raise refusal(f"{entry.path}.{key}", entry.resource[key])
        if entry.kind == "Condition":
            _condition(entry)
        elif entry.kind == "Patient":
            _patient(entry)
        elif entry.kind == "CarePlan":
            _activities(entry)


def _own_allowed(kind: str, pattern: tuple[str, ...], node: Json) -> frozenset[str]:
    if pattern and (pattern[-1].startswith("_") or pattern[-1] == "extension"):
        return EMPTY_TEXT  # a primitive's extensions, or a text extension's parts
    if pattern == ("activity", "detail") and kind == "CarePlan":
        return REVIEW_EXTENSIONS if node.get("kind") == REVIEW_KIND else ITEM_EXTENSIONS
    if kind == "Observation" and not pattern and _coded(node.get("code"), MEASURE_SYSTEM) == []:
        return frozenset()  # the creatinine clearance: a laboratory value, nothing of the project's
    return OWN_EXTENSIONS.get((kind, *pattern), frozenset())


def check_own_extensions(entries: list[Entry]) -> None:
    """Every extension under this project's URL is one the import reads (or knows to skip) on that element."""
    for entry in entries:
        for path, pattern, node in walk(entry.resource, entry.path, ()):
            extensions = node.get("extension")
            if not isinstance(extensions, list):
                continue
            allowed = _own_allowed(entry.kind, pattern, node)
            for index, extension in enumerate(extensions):
                url = extension.get("url") if isinstance(extension, dict) else None
                name = url[len(_PREFIX) :] if isinstance(url, str) and url.startswith(_PREFIX) else None
                if name is not None and name not in allowed:
                    written = ", ".join(sorted(allowed)) or "none of them"
                    raise fail(
                        f"{path}.extension[{index}].url",
                        f"{shown(name)} is not an extension careplanner writes here (here: {written})",
                    )
