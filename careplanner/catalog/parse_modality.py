"""Reading one `[[modality]]` entry of a layer file, field by field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from careplanner.catalog.model import (
    EVIDENCE_LEVELS,
    KINDS,
    DoseLimit,
    Evidence,
    FrequencyLimit,
    Indication,
    Modality,
    Note,
    PatientText,
    Prerequisite,
    Window,
)
from careplanner.domain.dose import DOSE_UNITS, MG_PER_DAY
from careplanner.validation import Node, quoted

MODALITY_FIELDS = frozenset(
    {
        "id",
        "name",
        "kind",
        "class",
        "tags",
        "window",
        "course",
        "max_daily_dose",
        "older_adult_max_daily_dose",
        "target_daily_dose",
        "prerequisites",
        "indication",
        "frequency",
        "reminders",
        "cautions",
        "evidence",
        "dose_unit",
        "rxnorm",
    }
)
PATIENT_FIELDS = frozenset({"what", "why", "expect", "judged", "if_not_helping", "sources"})
# An RxNorm concept id (RXCUI): digits, no leading zero (docs/clinical-reference.md §7, "RxNorm").
RXNORM_CODE = re.compile(r"[1-9][0-9]{0,9}")


def sources_of(node: Node) -> tuple[str, ...]:
    sources = node.require("sources").as_texts()
    if not sources:
        node.sink.fail(node.context, f"{node.path}.sources", "must name at least one source")
    return sources


def _unverified(node: Node) -> bool:
    flag = node.get("unverified")
    return flag.as_bool() if flag else False


def parse_window(node: Node) -> Window:
    node.reject_unknown(frozenset({"min", "max", "sources", "unverified"}))
    low = node.require("min").as_int(minimum=0)
    high = node.require("max").as_int(minimum=0)
    if low > high:
        node.sink.fail(node.context, f"{node.path}.min", f"min ({low}) is greater than max ({high})")
    return Window(low, high, sources_of(node), _unverified(node))


def parse_note(node: Node) -> Note:
    node.reject_unknown(frozenset({"text", "sources", "unverified"}))
    return Note(node.require("text").as_text(), sources_of(node), _unverified(node))


def parse_dose(node: Node, *, with_age: bool) -> DoseLimit:
    allowed = {"mg", "sources"} | ({"from_age"} if with_age else set())
    node.reject_unknown(frozenset(allowed))
    from_age = node.require("from_age").as_int(minimum=0, maximum=130) if with_age else None
    return DoseLimit(node.require("mg").as_number(minimum=0), sources_of(node), from_age)


def parse_prerequisite(node: Node) -> Prerequisite:
    node.reject_unknown(
        frozenset({"modality", "count", "min_relief_percent", "relief_above_percent", "sources"})
    )
    at_least, above = node.get("min_relief_percent"), node.get("relief_above_percent")
    if at_least and above:
        node.fail("give min_relief_percent or relief_above_percent, not both")
    given = at_least or above
    threshold = given.as_number(minimum=0, maximum=100) if given else None
    return Prerequisite(
        modality=node.require("modality").as_id(),
        count=node.require("count").as_int(minimum=1),
        sources=sources_of(node),
        relief_threshold=threshold,
        strictly_above=above is not None,
    )


def parse_frequency(node: Node) -> FrequencyLimit:
    node.reject_unknown(frozenset({"max_per_12_months", "min_gap_weeks", "sources"}))
    per_year, gap = node.get("max_per_12_months"), node.get("min_gap_weeks")
    if per_year is None and gap is None:
        node.fail("needs max_per_12_months or min_gap_weeks")
    return FrequencyLimit(
        sources=sources_of(node),
        max_per_12_months=per_year.as_int(minimum=1) if per_year else None,
        min_gap_weeks=gap.as_int(minimum=1) if gap else None,
    )


def parse_evidence(node: Node) -> Evidence:
    node.reject_unknown(frozenset({"level", "note", "sources", "stronger_for"}))
    stronger_for = node.get("stronger_for")
    return Evidence(
        level=node.require("level").as_choice(EVIDENCE_LEVELS),
        note=node.require("note").as_text(),
        sources=sources_of(node),
        stronger_for=stronger_for.as_id() if stronger_for else None,
    )


def parse_rxnorm(node: Node, layer: str) -> tuple[str, tuple[str, ...]]:
    """`rxnorm = { code = "72625", sources = [...] }`: the RxNorm ingredient code and where it was checked."""
    if layer != "medication":
        node.fail("only a medicine (the medication layer) has an RxNorm code")
    node.reject_unknown(frozenset({"code", "sources"}))
    code_node = node.require("code")
    code = code_node.as_text()
    if not RXNORM_CODE.fullmatch(code):
        code_node.fail(f"{quoted(code)} is not an RxNorm code (digits only, not starting with 0)")
    return code, sources_of(node)


def parse_indication(node: Node) -> Indication:
    node.reject_unknown(frozenset({"condition", "text", "sources"}))
    return Indication(node.require("condition").as_id(), node.require("text").as_text(), sources_of(node))


def parse_patient_text(node: Node) -> PatientText:
    node.reject_unknown(PATIENT_FIELDS)
    return PatientText(
        what=node.require("what").as_text(),
        why=node.require("why").as_text(),
        expect=node.require("expect").as_text(),
        judged=node.require("judged").as_text(),
        if_not_helping=node.require("if_not_helping").as_text(),
        sources=sources_of(node),
    )


T = TypeVar("T")


def _optional(node: Node, name: str, parse: Callable[[Node], T]) -> T | None:
    child = node.get(name)
    return parse(child) if child else None


def _many(node: Node, name: str, parse: Callable[[Node], T]) -> tuple[T, ...]:
    child = node.get(name)
    return tuple(parse(item) for item in child.items()) if child else ()


def parse_modality(node: Node, layer: str, patient: PatientText, pain_treatment: bool) -> Modality:
    """One entry; class membership, prerequisites and sources are cross-checked later by `crosscheck`."""
    node.reject_unknown(MODALITY_FIELDS)
    kind_node = node.get("kind")
    older = node.get("older_adult_max_daily_dose")
    tags = node.get("tags")
    unit = node.get("dose_unit")
    rxnorm = node.get("rxnorm")
    code, code_sources = parse_rxnorm(rxnorm, layer) if rxnorm else (None, ())
    return Modality(
        id=node.require("id").as_id(),
        name=node.require("name").as_text(),
        layer=layer,
        kind=kind_node.as_choice(KINDS) if kind_node else "therapy",
        class_id=node.require("class").as_id(),
        pain_treatment=pain_treatment,
        patient=patient,
        tags=frozenset(tags.as_texts()) if tags else frozenset(),
        window=_optional(node, "window", parse_window),
        course=_optional(node, "course", parse_note),
        max_daily_dose=_optional(node, "max_daily_dose", lambda n: parse_dose(n, with_age=False)),
        older_adult_max_daily_dose=parse_dose(older, with_age=True) if older else None,
        target_daily_dose=_optional(node, "target_daily_dose", lambda n: parse_dose(n, with_age=False)),
        prerequisites=_many(node, "prerequisites", parse_prerequisite),
        indication=_optional(node, "indication", parse_indication),
        frequency=_optional(node, "frequency", parse_frequency),
        reminders=_many(node, "reminders", parse_note),
        cautions=_many(node, "cautions", parse_note),
        evidence=_optional(node, "evidence", parse_evidence),
        dose_unit=unit.as_choice(DOSE_UNITS) if unit else MG_PER_DAY,
        rxnorm=code,
        rxnorm_sources=code_sources,
    )
