"""The first steps of an import: the Bundle's shape, FHIR R4 validation, the rules that library leaves out.

`fhir.resources` is imported here, inside a function, and this module only by `fhir.bundle_to_plan`: loading
the FHIR models costs time the window's start must not spend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from careplanner.documents.source import find_unreadable_values
from careplanner.interop.fhir_common import (
    REASON_DAMAGED,
    REASON_FOREIGN,
    REASON_PLAN_FILE,
    REASON_UNREADABLE,
    FhirError,
    Json,
)
from careplanner.validation import quoted, type_name

# What this program's export holds; anything else in a Bundle is foreign.
KNOWN_RESOURCES = frozenset(
    {
        "Patient",
        "Condition",
        "CarePlan",
        "Goal",
        "Observation",
        "MedicationStatement",
        "Procedure",
        "DetectedIssue",
    }
)
URN_UUID = "urn:uuid:"
MAX_SHOWN_VALUE = 60


def fail(path: str, message: str, reason: str = REASON_DAMAGED) -> FhirError:
    """A refusal naming the element; `reason` tells the window which plain sentence to show."""
    return FhirError(f"{path}: {message}", reason)


def loc_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic's location as a FHIR path: ('entry', 2, 'resource', 'birthDate') -> Bundle.entry[2]...."""
    path = "Bundle"
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.endswith("__ext"):
            path += f"._{part[: -len('__ext')]}"
        else:
            path += f".{part}"
    return path


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[:MAX_SHOWN_VALUE] + "…"


def validate_r4(data: Json) -> None:
    """FHIR R4 structure and datatypes, by `fhir.resources` (R4B models, the same for these resources)."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(data)
    except ValidationError as error:
        lines = []
        for problem in error.errors()[:10]:
            lines.append(f"{loc_path(tuple(problem['loc']))}: {problem['msg']}")
        more = error.error_count() - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        raise FhirError("\n".join(lines)) from None
    except Exception as error:
        # the library itself fails on some malformed values (fhir.resources 8.x: a string where a primitive's
        # extension object belongs raises AttributeError); the input is refused all the same
        raise FhirError(f"Bundle: not a valid FHIR R4 Bundle ({type(error).__name__}: {error})") from None


def check_envelope(data: object) -> Json:
    """A JSON object that is a Bundle of type "collection", within the plan document's limits."""
    if not isinstance(data, dict):
        raise fail("Bundle", f"the input must be a JSON object, not {type_name(data)}")
    kind = data.get("resourceType")
    if kind is None:
        if isinstance(data.get("format"), str) and data["format"].startswith("careplanner/"):
            raise fail(
                "Bundle.resourceType",
                "missing: this is a careplanner plan file, not a FHIR Bundle "
                "(open it with File → Open plan file…, or store it with careplanner import)",
                REASON_PLAN_FILE,
            )
        raise fail("Bundle.resourceType", "missing: this is not a FHIR Bundle", REASON_FOREIGN)
    if kind != "Bundle":
        raise fail("Bundle.resourceType", f"{shown(kind)} is not a Bundle", REASON_FOREIGN)
    unreadable = find_unreadable_values(data)
    if unreadable:
        where = unreadable[0].path or ""
        raise fail(
            f"Bundle{'.' if where and not where.startswith('[') else ''}{where}",
            unreadable[0].message,
            REASON_UNREADABLE,
        )
    if data.get("type") != "collection":
        raise fail(
            "Bundle.type",
            f"{shown(data.get('type'))} is not an exported plan (this program writes and reads Bundles of "
            'type "collection")',
            REASON_FOREIGN,
        )
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise fail("Bundle.entry", "the Bundle holds no resources")
    return data


@dataclass(frozen=True)
class Entry:
    index: int
    url: str
    resource: Json

    @property
    def path(self) -> str:
        return f"Bundle.entry[{self.index}].resource"

    @property
    def kind(self) -> str:
        return str(self.resource["resourceType"])


def index_entries(bundle: Json) -> list[Entry]:
    """Every entry with a `urn:uuid:` fullUrl and id, each once, of a kind this program exports."""
    entries: list[Entry] = []
    seen: set[str] = set()
    ids: dict[object, int] = {}
    for index, raw in enumerate(bundle["entry"]):
        url = raw.get("fullUrl")
        path = f"Bundle.entry[{index}]"
        if not isinstance(url, str) or not url.startswith(URN_UUID):
            raise fail(f"{path}.fullUrl", 'every entry needs a fullUrl "urn:uuid:…"')
        if url in seen:
            raise fail(f"{path}.fullUrl", f"{quoted(url)} is the fullUrl of an earlier entry too")
        seen.add(url)
        resource = raw.get("resource")
        if not isinstance(resource, dict):
            raise fail(f"{path}.resource", "every entry needs a resource")
        if resource.get("resourceType") not in KNOWN_RESOURCES:
            raise fail(
                f"{path}.resource.resourceType",
                f"{shown(resource.get('resourceType'))} is not part of a plan this program exports",
                REASON_FOREIGN,
            )
        if "id" in resource:
            if resource["id"] in ids:
                raise fail(
                    f"{path}.resource.id",
                    f"{shown(resource['id'])} is the id of entry[{ids[resource['id']]}] too "
                    "(every resource of a Bundle has its own id)",
                )
            ids[resource["id"]] = index
        entries.append(Entry(index, url, resource))
    return entries


def _references(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "reference" and isinstance(child, str):
                yield f"{path}.reference", child
            else:
                yield from _references(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _references(child, f"{path}[{index}]")


def check_references(entries: list[Entry]) -> None:
    """Every reference names an entry of this Bundle by its fullUrl."""
    urls = {entry.url for entry in entries}
    for entry in entries:
        for path, target in _references(entry.resource, entry.path):
            if target not in urls:
                raise fail(path, f"{quoted(target)} names no entry of this Bundle")


def check_activities(care_plan: Entry) -> None:
    """FHIR invariant cpl-3: an activity gives `detail` or `reference`, not both; this program: detail."""
    for index, activity in enumerate(care_plan.resource.get("activity", [])):
        path = f"{care_plan.path}.activity[{index}]"
        if "detail" in activity and "reference" in activity:
            raise fail(path, "an activity gives either detail or reference, not both (FHIR invariant cpl-3)")
        if "detail" not in activity:
            raise fail(
                f"{path}.detail", "every activity of an exported plan describes its treatment in detail"
            )


# The R4 required value sets of the coded elements this program writes (fhir.resources checks only that a code
# is a code); each from the element's page of the R4 specification.
REQUIRED_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("Patient", "gender"): frozenset({"male", "female", "other", "unknown"}),
    ("CarePlan", "status"): frozenset(
        {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    ),
    ("CarePlan", "intent"): frozenset({"proposal", "plan", "order", "option"}),
    ("Goal", "lifecycleStatus"): frozenset(
        {
            "proposed",
            "planned",
            "accepted",
            "active",
            "on-hold",
            "completed",
            "cancelled",
            "entered-in-error",
            "rejected",
        }
    ),
    ("Observation", "status"): frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
    ("DetectedIssue", "status"): frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
    ("DetectedIssue", "severity"): frozenset({"high", "moderate", "low"}),
    ("MedicationStatement", "status"): frozenset(
        {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"}
    ),
    ("Procedure", "status"): frozenset(
        {
            "preparation",
            "in-progress",
            "not-done",
            "on-hold",
            "stopped",
            "completed",
            "entered-in-error",
            "unknown",
        }
    ),
}
ACTIVITY_STATUSES = frozenset(
    {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    }
)


def check_codes(entries: list[Entry]) -> None:
    """Each coded element holds a code of its R4 value set."""
    for entry in entries:
        for (kind, key), allowed in REQUIRED_CODES.items():
            if entry.kind == kind and key in entry.resource and entry.resource[key] not in allowed:
                raise fail(
                    f"{entry.path}.{key}", f"{shown(entry.resource[key])} is not a code of its value set"
                )
        for index, activity in enumerate(
            entry.resource.get("activity", []) if entry.kind == "CarePlan" else []
        ):
            status = activity.get("detail", {}).get("status")
            if status not in ACTIVITY_STATUSES:
                path = f"{entry.path}.activity[{index}].detail.status"
                raise fail(path, f"{shown(status)} is not a code of its value set")
