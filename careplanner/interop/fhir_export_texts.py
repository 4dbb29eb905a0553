"""Texts FHIR cannot hold: a plan with one is not exported, and the refusal names the field (docs/fhir.md).

A FHIR string holds no control character but tab, line feed and carriage return (R4, datatypes: string),
and a JSON file written as UTF-8 holds no lone surrogate. The plan format refuses only NUL, so a pasted bell
or escape character can be in a plan: rather than change it silently, export says where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from careplanner.documents.writer import plan_to_json
from careplanner.domain import PlanDocument
from careplanner.interop.fhir_common import REASON_NOT_WRITABLE, FhirError

_NOT_IN_FHIR_STRINGS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# R4's string pattern, [ \r\n\t\S]+: some character must be visible or a plain space, tab or line break.
_HOLDABLE = re.compile("[ \r\n\t\\S]")


def fhir_string_problem(text: str) -> str | None:
    """Why a FHIR string cannot hold the text, or None when it can."""
    found = _NOT_IN_FHIR_STRINGS.search(text)
    if found is None:
        if text and _HOLDABLE.search(text) is None:  # e.g. only a no-break space or a Unicode line separator
            return f"holds only invisible spacing (U+{ord(text[0]):04X}), which a FHIR text cannot hold"
        return None
    char = found.group()
    what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "the control character"
    return f"holds {what} U+{ord(char):04X}, which a FHIR text cannot hold"


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def check_texts(document: PlanDocument, *, title: str | None, author: str | None) -> None:
    """FhirError naming the first field (as plan-format.md names it) whose text FHIR cannot hold."""
    given = [("the plan's title", title), ("the author's name", author)]
    fields = [(path, text) for path, text in given if text is not None]
    for path, text in [*fields, *_strings(plan_to_json(document), "")]:
        problem = fhir_string_problem(text)
        if problem is not None:
            raise FhirError(
                f"{path}: {problem}; remove it from the plan and export again", REASON_NOT_WRITABLE
            )
