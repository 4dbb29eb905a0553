"""What export and import share: the error, entry ids, extensions, codings and the empty-text convention.

FHIR strings may not be empty, but a plan document's optional texts (notes, reasons, who decided) may be "".
An empty text is written as the element's primitive extension `empty-text` (`"_description": {...}`) and,
inside an extension, as the sub-extension `empty-text` in place of the value (docs/fhir.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from careplanner.documents.writer import goal_to_json, plan_part_to_json
from careplanner.domain import PlanDocument
from careplanner.interop.fhir_terms import BASE, extension_url

Json = dict[str, Any]

EMPTY_TEXT = extension_url("empty-text")
_EMPTY_MARK: Json = {"extension": [{"url": EMPTY_TEXT, "valueBoolean": True}]}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


# Why a Bundle was refused, as a word the window turns into a clinician's sentence (the message is technical).
REASON_DAMAGED = "damaged"  # malformed or incomplete, or a value the plan format refuses (the default)
REASON_FOREIGN = "foreign"  # not a plan this program exported: another kind of file, Bundle or resource
REASON_MEANING = "as-it-stands"  # a record withdrawn or negated at its source (entered in error, refuted…)
REASON_PLAN_FILE = "plan-file"  # careplanner's own plan document, given where a Bundle belongs
REASON_UNKNOWN_CODE = "unknown-code"  # a treatment or condition the catalog does not know
REASON_UNREADABLE = "unreadable"  # not a readable JSON file within the documents' limits
REASON_NOT_WRITABLE = "not-writable"  # export: a value of the plan that FHIR cannot hold


class FhirError(ValueError):
    """A Bundle refused on import, or a plan that cannot be exported; the message names the element."""

    def __init__(self, message: str, reason: str = REASON_DAMAGED) -> None:
        super().__init__(message)
        self.reason = reason


def full_url(record: str, kind: str, key: str | int = "") -> str:
    """A stable `urn:uuid:` for one resource: the same patient, kind and key give the same id."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{record}|{kind}|{key}')}"


def plan_key(document: PlanDocument, plan_id: int | None, revision: int | None, title: str | None) -> str:
    """What makes a plan's resource ids its own: the stored plan and revision, else the plan's content.

    Two plans of one patient, or two revisions of one plan, never share an id; the same plan always gives
    the same key. A plan from a file is keyed on a hash of its plan part (start, items, reviews,
    acknowledgements), its goals and title.
    """
    if plan_id is not None and revision is not None:
        return f"plan {plan_id}@{revision}"
    content = {
        "plan": plan_part_to_json(document.plan),
        "goals": [goal_to_json(goal) for goal in document.goals],
        "title": title,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return "content " + hashlib.sha256(text.encode("ascii")).hexdigest()


def reference(url: str) -> Json:
    return {"reference": url}


def coding(system: str, code: str, display: str | None = None) -> Json:
    return {"system": system, "code": code} | ({"display": display} if display else {})


def put_text(target: Json, key: str, value: str | None) -> None:
    """Set a string element; "" becomes the `empty-text` mark on the element, None leaves it out."""
    if value is None:
        return
    if value == "":
        target["_" + key] = _EMPTY_MARK
    else:
        target[key] = value


def get_text(source: Json, key: str) -> str | None:
    if key in source:
        return str(source[key])
    mark = source.get("_" + key)
    if isinstance(mark, dict) and _is_empty_mark(mark.get("extension")):
        return ""
    return None


def _is_empty_mark(extensions: object) -> bool:
    return isinstance(extensions, list) and any(
        isinstance(entry, dict) and entry.get("url") == EMPTY_TEXT for entry in extensions
    )


def ext(name: str, value_type: str, value: object) -> Json:
    """A simple extension of this project, e.g. ext("assess-week", "Integer", 8)."""
    return {"url": extension_url(name), f"value{value_type}": value}


def ext_text(name: str, value: str, *, nested: bool = False) -> Json:
    """A text extension; "" is written as the `empty-text` sub-extension (FHIR strings are never empty)."""
    url = name if nested else extension_url(name)
    if value == "":
        return {"url": url, "extension": [{"url": EMPTY_TEXT, "valueBoolean": True}]}
    return {"url": url, "valueString": value}


def sub(name: str, value_type: str, value: object) -> Json:
    """One part of a complex extension: its url is the part's name."""
    return {"url": name, f"value{value_type}": value}


def complex_ext(name: str, parts: list[Json], *, nested: bool = False) -> Json:
    return {"url": name if nested else extension_url(name), "extension": parts}


def extensions_named(element: Json, url: str) -> list[Json]:
    return [entry for entry in element.get("extension", []) if entry.get("url") == url]


def extension_text(entry: Json) -> str | None:
    """The text of a text extension: its valueString, or "" for the `empty-text` mark."""
    if "valueString" in entry:
        return str(entry["valueString"])
    return "" if _is_empty_mark(entry.get("extension")) else None


def iso(day: dt.date) -> str:
    return day.isoformat()
