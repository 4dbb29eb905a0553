"""Reading single values out of validated FHIR resources, each refusal naming its element."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from careplanner.interop.fhir_common import (
    REASON_FOREIGN,
    REASON_UNKNOWN_CODE,
    Json,
    extension_text,
    extensions_named,
    get_text,
)
from careplanner.interop.fhir_import_check import fail
from careplanner.interop.fhir_terms import extension_url
from careplanner.validation import quoted


def full_date(value: object, path: str) -> dt.date:
    """A whole calendar date (FHIR also allows a year or a month alone; a plan needs the day)."""
    text = str(value)
    try:
        if len(text) != len("2026-01-31"):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(path, f"{quoted(text)} is not a whole date (YYYY-MM-DD)") from None


def week_of(value: object, start: dt.date, path: str) -> int:
    """The plan week a date falls on: weeks begin on the plan's start day."""
    day = full_date(value, path)
    days = (day - start).days
    if days % 7:
        raise fail(
            path,
            f"{day.isoformat()} is not on a week of the plan (its weeks begin on {start.strftime('%A')}s, "
            f"from {start.isoformat()})",
        )
    return days // 7


def code_in(concept: object, system: str, path: str, known: Collection[str] | None = None) -> str:
    """The code of `system` in a CodeableConcept; a concept without one, or an unknown code, is refused."""
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    for index, entry in enumerate(codings):
        if entry.get("system") == system and "code" in entry:
            code = str(entry["code"])
            if known is not None and code not in known:
                raise fail(
                    f"{path}.coding[{index}].code",
                    f"{quoted(code)} is not a code of {system}",
                    REASON_UNKNOWN_CODE,
                )
            return code
    systems = ", ".join(sorted({str(entry.get("system")) for entry in codings})) or "none"
    raise fail(f"{path}.coding", f"no coding of {system} (the code systems given: {systems})", REASON_FOREIGN)


def has_code(concept: object, system: str, code: str) -> bool:
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    return any(entry.get("system") == system and entry.get("code") == code for entry in codings)


def one_extension(element: Json, name: str, path: str, *, required: bool = False) -> Json | None:
    url = extension_url(name)
    found = extensions_named(element, url)
    if len(found) > 1:
        raise fail(f"{path}.extension", f"the extension {url} is given {len(found)} times (once at most)")
    if not found:
        if required:
            raise fail(f"{path}.extension", f"the extension {url} is missing")
        return None
    return found[0]


def ext_value(element: Json, name: str, key: str, path: str, *, required: bool = False) -> object:
    found = one_extension(element, name, path, required=required)
    if found is None:
        return None
    if key not in found:
        raise fail(f"{path}.extension", f"the extension {found['url']} needs a {key}")
    return found[key]


def ext_string(element: Json, name: str, path: str, *, required: bool = False) -> str | None:
    found = one_extension(element, name, path, required=required)
    if found is None:
        return None
    text = extension_text(found)
    if text is None:
        raise fail(f"{path}.extension", f"the extension {found['url']} needs a valueString")
    return text


def parts_of(extension: Json, path: str, allowed: Collection[str]) -> dict[str, list[Json]]:
    """A complex extension's parts by name; a part this program does not write is refused."""
    parts: dict[str, list[Json]] = {}
    for part in extension.get("extension", []):
        name = str(part.get("url"))
        if name not in allowed:
            raise fail(f"{path}.extension", f"{quoted(name)} is not a part of {extension['url']}")
        parts.setdefault(name, []).append(part)
    return parts


def part_value(
    parts: dict[str, list[Json]], name: str, key: str, path: str, *, required: bool = False
) -> object:
    found = parts.get(name, [])
    if len(found) > 1:
        raise fail(f"{path}.extension", f"the part {quoted(name)} is given {len(found)} times (once at most)")
    if not found:
        if required:
            raise fail(f"{path}.extension", f"the part {quoted(name)} is missing")
        return None
    if key == "valueString":
        text = extension_text(found[0])
        if text is None:
            raise fail(f"{path}.extension", f"the part {quoted(name)} needs a valueString")
        return text
    if key not in found[0]:
        raise fail(f"{path}.extension", f"the part {quoted(name)} needs a {key}")
    return found[0][key]


def text_of(element: object, key: str) -> str | None:
    return get_text(element, key) if isinstance(element, dict) else None


def whole_number(value: object, path: str) -> int:
    """A FHIR integer: a JSON number without a fraction ("8", 8.0 and true are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, f"{value!r} is not a whole number (a FHIR integer is a JSON number such as 8)")
    return value


def decimal(value: object, path: str) -> int | float | None:
    """A FHIR decimal, or None when the element is absent ("5" and true are refused, never dropped)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, f"{value!r} is not a number (a FHIR decimal is a JSON number such as 40.5)")
    return value
