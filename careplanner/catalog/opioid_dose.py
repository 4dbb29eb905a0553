"""The opioid dose table (opioid_dose.toml): MME factors, the MME threshold and when to offer naloxone.

docs/clinical-reference.md §4a. Factors and the threshold are exact decimals, so a total such as 49.5 MME
is never rounded onto the 50 MME boundary. Every problem (a factor for a modality that is not an opioid, an
opioid without a factor, a factor in the wrong dose unit, an unknown class, condition or source) is recorded
with the file and field that hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from careplanner.domain.dose import DOSE_UNITS, MG_PER_DAY
from careplanner.validation import Node, ProblemSink

if TYPE_CHECKING:  # the catalog model refers to this module, so its types are only named here
    from careplanner.catalog.model import Condition, DrugClass, Modality, Source

FILE = "opioid_dose.toml"
ReadToml = Callable[[str], Node | None]


@dataclass(frozen=True, slots=True)
class MmeFactor:
    """MME a day per unit of an opioid's dose (mg a day, or mcg an hour for a patch)."""

    modality: str
    factor: Decimal
    dose_unit: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MmeThreshold:
    """The total MME a day at or above which to pause and reassess, for patients of `from_age` or older."""

    opioid_class: str
    per_day: Decimal
    from_age: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TakenWith:
    """Medicines that call for naloxone when taken with an opioid, and what to do about the combination."""

    classes: frozenset[str]
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NaloxoneTriggers:
    """When to offer naloxone with an opioid (besides an MME total at or above the threshold)."""

    modality: str
    conditions: tuple[str, ...]
    sources: tuple[str, ...]
    taken_with: TakenWith


@dataclass(frozen=True, slots=True)
class OpioidDose:
    threshold: MmeThreshold
    factors: Mapping[str, MmeFactor]  # by modality id
    naloxone: NaloxoneTriggers

    def factor_for(self, modality_id: str) -> MmeFactor | None:
        return self.factors.get(modality_id)


# Returned when the file has problems: the catalog's load then fails, so these are never used.
EMPTY = OpioidDose(
    MmeThreshold("", Decimal(0), 0, ()), {}, NaloxoneTriggers("", (), (), TakenWith(frozenset(), "", ()))
)


# -- parsing ---------------------------------------------------------------------------------------------
def _sources(node: Node) -> tuple[str, ...]:
    sources = node.require("sources").as_texts()
    if not sources:
        node.require("sources").fail("must name at least one source")
    return sources


def _positive_decimal(node: Node) -> Decimal:
    """A number above zero, exactly as written (2.4 stays 2.4, never 2.39999...)."""
    node.as_number(minimum=0)
    value = Decimal(str(node.value))
    if value == 0:
        node.fail("must be above 0")
    return value


def parse_threshold(node: Node) -> MmeThreshold:
    node.reject_unknown(frozenset({"opioid_class", "threshold_per_day", "from_age", "sources"}))
    return MmeThreshold(
        opioid_class=node.require("opioid_class").as_id(),
        per_day=_positive_decimal(node.require("threshold_per_day")),
        from_age=node.require("from_age").as_int(minimum=0, maximum=130),
        sources=_sources(node),
    )


def parse_factor(node: Node) -> MmeFactor:
    node.reject_unknown(frozenset({"modality", "factor", "dose_unit", "sources"}))
    unit = node.get("dose_unit")
    return MmeFactor(
        modality=node.require("modality").as_id(),
        factor=_positive_decimal(node.require("factor")),
        dose_unit=unit.as_choice(DOSE_UNITS) if unit else MG_PER_DAY,
        sources=_sources(node),
    )


def parse_factors(node: Node) -> dict[str, MmeFactor]:
    factors: dict[str, MmeFactor] = {}
    for entry in node.items():
        with node.sink.guard():
            factor = parse_factor(entry)
            if factor.modality in factors:
                entry.require("modality").fail(f'"{factor.modality}" has a factor already')
            factors[factor.modality] = factor
    return factors


def parse_naloxone(node: Node) -> NaloxoneTriggers:
    node.reject_unknown(frozenset({"modality", "conditions", "sources", "taken_with"}))
    taken_with = node.require("taken_with")
    taken_with.reject_unknown(frozenset({"classes", "advice", "sources"}))
    return NaloxoneTriggers(
        modality=node.require("modality").as_id(),
        conditions=tuple(item.as_id() for item in node.require("conditions").items()),
        sources=_sources(node),
        taken_with=TakenWith(
            classes=frozenset(item.as_id() for item in taken_with.require("classes").items()),
            advice=taken_with.require("advice").as_text(),
            sources=_sources(taken_with),
        ),
    )


def parse_opioid_dose(root: Node) -> OpioidDose:
    root.reject_unknown(frozenset({"mme", "factors", "naloxone"}))
    return OpioidDose(
        threshold=parse_threshold(root.require("mme")),
        factors=parse_factors(root.require("factors")),
        naloxone=parse_naloxone(root.require("naloxone")),
    )


# -- checks against the rest of the catalog --------------------------------------------------------------
@dataclass
class _Known:
    sink: ProblemSink
    modalities: Mapping[str, Modality]
    classes: Mapping[str, DrugClass]
    conditions: Mapping[str, Condition]
    sources: Mapping[str, Source]

    def add(self, path: str, message: str) -> None:
        self.sink.add(FILE, path, message)

    def source_keys(self, path: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in self.sources:
                self.add(f"{path}.sources", f'unknown source "{key}" (not in sources.toml)')


def _check_factors(known: _Known, table: OpioidDose) -> None:
    opioid_class = table.threshold.opioid_class
    for modality_id, factor in table.factors.items():
        path = f'factors "{modality_id}"'
        modality = known.modalities.get(modality_id)
        if modality is None:
            known.add(f"{path}.modality", f'unknown modality "{modality_id}"')
        elif modality.class_id != opioid_class:
            known.add(f"{path}.modality", f"is not of the class {opioid_class}")
        elif modality.dose_unit != factor.dose_unit:
            known.add(
                f"{path}.dose_unit",
                f"is {factor.dose_unit} but the modality is dosed in {modality.dose_unit}",
            )
        known.source_keys(path, factor.sources)
    for modality in known.modalities.values():
        if modality.class_id == opioid_class and modality.id not in table.factors:
            known.add("factors", f'the opioid "{modality.id}" has no MME factor')


def _check_naloxone(known: _Known, naloxone: NaloxoneTriggers) -> None:
    if naloxone.modality not in known.modalities:
        known.add("naloxone.modality", f'unknown modality "{naloxone.modality}"')
    for condition in naloxone.conditions:
        if condition not in known.conditions:
            known.add("naloxone.conditions", f'unknown condition "{condition}" (not in conditions.toml)')
    for class_id in sorted(naloxone.taken_with.classes - known.classes.keys()):
        known.add("naloxone.taken_with.classes", f'unknown class "{class_id}" (not in classes.toml)')
    known.source_keys("naloxone", naloxone.sources)
    known.source_keys("naloxone.taken_with", naloxone.taken_with.sources)


def load_opioid_dose(
    read: ReadToml,
    sink: ProblemSink,
    found: Mapping[str, tuple[str, Modality]],
    classes: Mapping[str, DrugClass],
    conditions: Mapping[str, Condition],
    sources: Mapping[str, Source],
) -> OpioidDose:
    """The table, checked against the catalog (`found`: id -> (where it was read, modality)).

    Problems go to `sink`, which stops the catalog's load; the empty table returned then is never used.
    """
    root = read(FILE)
    if root is None:
        return EMPTY
    table: OpioidDose | None = None
    with sink.guard():
        table = parse_opioid_dose(root)
    if table is None:
        return EMPTY
    modalities = {modality_id: modality for modality_id, (_, modality) in found.items()}
    known = _Known(sink, modalities, classes, conditions, sources)
    if table.threshold.opioid_class not in classes:
        known.add("mme.opioid_class", f'unknown class "{table.threshold.opioid_class}" (not in classes.toml)')
    known.source_keys("mme", table.threshold.sources)
    _check_factors(known, table)
    _check_naloxone(known, table.naloxone)
    return table
