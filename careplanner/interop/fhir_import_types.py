"""The JSON type of every number, true/false and date in the Bundle, checked before `fhir.resources` sees it.

FHIR's JSON gives an integer or a decimal as a JSON number, true/false as a JSON boolean, a date as a
string. `fhir.resources` validates in pydantic's lax mode: it turns "5" into 5, "true" or 1 into True and a
number into a date, so a value written with the wrong type would pass unnoticed (or, read by the import, be
lost). This step refuses it first, naming the element. Strings are left to `fhir.resources`, which is strict
about them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from careplanner.interop.fhir_common import Json
from careplanner.interop.fhir_import_check import fail, shown
from careplanner.validation import type_name

INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
DATE = "date"

# Elements by name, in every resource this program reads: their FHIR type.
TYPED_KEYS: dict[str, str] = {
    "valueInteger": INTEGER,
    "valuePositiveInt": INTEGER,
    "valueUnsignedInt": INTEGER,
    "valueDecimal": DECIMAL,
    "valueBoolean": BOOLEAN,
    "active": BOOLEAN,
    "doNotPerform": BOOLEAN,
    "deceasedBoolean": BOOLEAN,
    "multipleBirthBoolean": BOOLEAN,
    "asNeededBoolean": BOOLEAN,
    "valueDate": DATE,
    "valueDateTime": DATE,
    "valueInstant": DATE,
    "valueTime": DATE,
    "birthDate": DATE,
    "deceasedDateTime": DATE,
    "start": DATE,
    "end": DATE,
    "dueDate": DATE,
    "effectiveDateTime": DATE,
    "effectiveInstant": DATE,
    "identifiedDateTime": DATE,
    "performedDateTime": DATE,
    "dateAsserted": DATE,
    "recordedDate": DATE,
    "onsetDateTime": DATE,
    "abatementDateTime": DATE,
    "issued": DATE,
    "created": DATE,
    "date": DATE,
    "lastUpdated": DATE,
    "timestamp": DATE,
}
# Elements that hold a Quantity (or a Range's or Ratio's parts): their `value` is a decimal.
QUANTITY_KEYS = frozenset({"dailyAmount", "quantity", "low", "high", "numerator", "denominator"})
_SHAPES = {
    INTEGER: 'a whole JSON number (8, not "8" or 8.0)',
    DECIMAL: 'a JSON number (900, not "900")',
    BOOLEAN: 'true or false (not "true", 1 or 0)',
    DATE: 'a JSON string ("2026-01-31")',
}


def _holds(kind: str, value: object) -> bool:
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == INTEGER:
        return isinstance(value, int)
    if kind == DECIMAL:
        return isinstance(value, int | float)
    return isinstance(value, str)


def _kind_of(key: str, parent: str) -> str | None:
    if key == "value" and (parent in QUANTITY_KEYS or parent.endswith("Quantity")):
        return DECIMAL
    return TYPED_KEYS.get(key)


def _typed_values(value: Any, path: str, parent: str) -> Iterator[tuple[str, str, object]]:
    if isinstance(value, dict):
        for key, child in value.items():
            kind = _kind_of(str(key), parent)
            if kind is not None and not isinstance(child, dict | list):
                yield f"{path}.{key}", kind, child
            else:
                yield from _typed_values(child, f"{path}.{key}", str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _typed_values(child, f"{path}[{index}]", parent)


def check_json_types(bundle: Json) -> None:
    """Every integer, decimal, boolean and date of the Bundle has the JSON type FHIR gives it."""
    for path, kind, value in _typed_values(bundle, "Bundle", ""):
        if not _holds(kind, value):
            given = "null" if value is None else f"{shown(value)} is {type_name(value)}"
            raise fail(path, f"{given}, not a FHIR {kind}: FHIR's JSON gives it as {_SHAPES[kind]}")
