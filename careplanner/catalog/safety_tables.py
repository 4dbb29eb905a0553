"""The kidney, bleeding and pregnancy tables (renal.toml, bleeding.toml, pregnancy.toml), typed and checked.

docs/clinical-reference.md §4b-§4d. Clearance limits are exact decimals, so a boundary such as 30 mL/min is
never blurred by binary rounding. Every problem (an overlapping band, an unknown modality, class, condition or
source, a procedure with no bleeding class) is recorded with the file, entry and field that hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import TypeVar

from careplanner.catalog.model import Condition, DrugClass, Modality, Selector, Source, matches_any
from careplanner.catalog.parse_modality import sources_of
from careplanner.catalog.parse_rules import SEVERITIES, parse_selectors
from careplanner.validation import Node, ProblemSink

RISK_CLASSES: tuple[str, ...] = ("high", "intermediate", "low")
CERVICAL_PREFIX = "cervical"
ReadToml = Callable[[str], Node | None]
T = TypeVar("T")


# -- the tables ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Bound:
    value: Decimal
    inclusive: bool


def plain(value: Decimal) -> str:
    """A decimal as a clinician writes it: 3600, 29.5, 0.85 (no exponent, no trailing zeros)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _may_meet(lower: Bound | None, upper: Bound | None) -> bool:
    """Whether some clearance is at or above `lower` and at or below `upper` (each bound as it says)."""
    if lower is None or upper is None or lower.value < upper.value:
        return True
    return lower.value == upper.value and lower.inclusive and upper.inclusive


@dataclass(frozen=True, slots=True)
class ClearanceBand:
    """A range of creatinine clearance (mL/min) and the highest daily dose within it."""

    lower: Bound | None
    upper: Bound | None
    max_mg: Decimal | None = None
    mg_per_ml_min: Decimal | None = None  # the maximum grows with clearance (gabapentin at 15 mL/min or less)

    def contains(self, crcl: Decimal) -> bool:
        point = Bound(crcl, True)
        return _may_meet(self.lower, point) and _may_meet(point, self.upper)

    def overlaps(self, other: ClearanceBand) -> bool:
        return _may_meet(self.lower, other.upper) and _may_meet(other.lower, self.upper)

    def maximum(self, crcl: Decimal) -> Decimal:
        if self.mg_per_ml_min is not None:
            return self.mg_per_ml_min * crcl
        assert self.max_mg is not None  # the parser gives a band one or the other
        return self.max_mg

    def describe(self) -> str:
        """The band in words, e.g. "above 15 and at most 30 mL/min"."""
        parts = []
        if self.lower is not None and self.lower != Bound(Decimal(0), False):  # "above 0" says nothing
            parts.append(f"{'at least' if self.lower.inclusive else 'above'} {plain(self.lower.value)}")
        if self.upper is not None:
            parts.append(f"{'at most' if self.upper.inclusive else 'below'} {plain(self.upper.value)}")
        return f"{' and '.join(parts)} mL/min"


@dataclass(frozen=True, slots=True)
class RenalDoseLimit:
    modality: str
    bands: tuple[ClearanceBand, ...]
    sources: tuple[str, ...]

    def band_for(self, crcl: Decimal) -> ClearanceBand | None:
        return next((band for band in self.bands if band.contains(crcl)), None)


@dataclass(frozen=True, slots=True)
class RenalAvoid:
    """Drugs to avoid below a clearance."""

    applies_to: tuple[Selector, ...]
    below: Decimal
    sources: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class RenalTables:
    dose_limits: Mapping[str, RenalDoseLimit]  # by modality id
    avoid: tuple[RenalAvoid, ...]
    unknown_condition: str  # with it and no clearance recorded, the limits cannot be checked
    unknown_sources: tuple[str, ...]

    def depends_on_clearance(self, modality: Modality) -> bool:
        return modality.id in self.dose_limits or any(
            matches_any(entry.applies_to, modality) for entry in self.avoid
        )


@dataclass(frozen=True, slots=True)
class ProcedureBleeding:
    modality: str
    risk: str
    sources: tuple[str, ...]
    cervical_risk: str | None = None  # in a cervical region, and when no region is recorded
    unverified: bool = False  # not named by the guideline: mapped by analogy

    def risk_in(self, region: str | None) -> str:
        if self.cervical_risk is None:
            return self.risk
        if region is None or region.strip().lower().startswith(CERVICAL_PREFIX):
            return self.cervical_risk
        return self.risk


@dataclass(frozen=True, slots=True)
class BleedingTables:
    conditions: Mapping[str, str]  # condition id -> what the patient takes ("an anticoagulant")
    severity: Mapping[str, str]  # risk class -> finding severity
    procedures: Mapping[str, ProcedureBleeding]  # by modality id


@dataclass(frozen=True, slots=True)
class PregnancyCaution:
    applies_to: tuple[Selector, ...]
    severity: str
    sources: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class PregnancyTables:
    condition: str
    drugs: tuple[PregnancyCaution, ...]

    def caution_for(self, modality: Modality) -> PregnancyCaution | None:
        """The most severe row naming the drug."""
        rows = [row for row in self.drugs if matches_any(row.applies_to, modality)]
        return min(rows, key=lambda row: SEVERITIES.index(row.severity), default=None)


@dataclass(frozen=True, slots=True)
class SafetyTables:
    renal: RenalTables
    bleeding: BleedingTables
    pregnancy: PregnancyTables


EMPTY = SafetyTables(RenalTables({}, (), "", ()), BleedingTables({}, {}, {}), PregnancyTables("", ()))


# -- parsing ---------------------------------------------------------------------------------------------
def _decimal(node: Node, *, minimum: float = 0) -> Decimal:
    node.as_number(minimum=minimum)
    return Decimal(str(node.value))


def _bound(node: Node, inclusive_name: str, exclusive_name: str) -> Bound | None:
    inclusive, exclusive = node.get(inclusive_name), node.get(exclusive_name)
    if inclusive and exclusive:
        node.fail(f"give {inclusive_name} or {exclusive_name}, not both")
    given = inclusive or exclusive
    return Bound(_decimal(given), inclusive is not None) if given else None


def parse_band(node: Node) -> ClearanceBand:
    node.reject_unknown(frozenset({"from", "above", "below", "to", "max_mg", "mg_per_ml_min"}))
    lower, upper = _bound(node, "from", "above"), _bound(node, "to", "below")
    if lower is None and upper is None:
        node.fail("needs a lower bound (from, above) or an upper bound (to, below)")
    if not _may_meet(lower, upper):
        node.fail("the lower bound is not below the upper bound")
    fixed, per_ml = node.get("max_mg"), node.get("mg_per_ml_min")
    if (fixed is None) == (per_ml is None):
        node.fail("give max_mg or mg_per_ml_min (one of them)")
    return ClearanceBand(
        lower,
        upper,
        max_mg=_decimal(fixed) if fixed else None,
        mg_per_ml_min=_decimal(per_ml) if per_ml else None,
    )


def parse_dose_limit(node: Node) -> RenalDoseLimit:
    node.reject_unknown(frozenset({"modality", "bands", "sources"}))
    bands_node = node.require("bands")
    bands = tuple(parse_band(band) for band in bands_node.items())
    if not bands:
        bands_node.fail("must not be empty")
    for first, second in combinations(bands, 2):
        if first.overlaps(second):
            bands_node.fail(f"the bands {first.describe()} and {second.describe()} overlap")
    return RenalDoseLimit(node.require("modality").as_id(), bands, sources_of(node))


def parse_avoid(node: Node) -> RenalAvoid:
    node.reject_unknown(frozenset({"applies_to", "below", "sources", "why"}))
    return RenalAvoid(
        parse_selectors(node.require("applies_to")),
        _decimal(node.require("below")),
        sources_of(node),
        node.require("why").as_text(),
    )


def parse_renal(root: Node) -> RenalTables:
    root.reject_unknown(frozenset({"dose_limits", "avoid", "unknown"}))
    limits = [parse_dose_limit(node) for node in root.require("dose_limits").items()]
    unknown = root.require("unknown")
    unknown.reject_unknown(frozenset({"condition", "sources"}))
    by_modality = {limit.modality: limit for limit in limits}
    if len(by_modality) != len(limits):
        root.require("dose_limits").fail("names a modality more than once")
    return RenalTables(
        by_modality,
        tuple(parse_avoid(node) for node in root.require("avoid").items()),
        unknown.require("condition").as_id(),
        sources_of(unknown),
    )


def parse_procedure(node: Node) -> ProcedureBleeding:
    node.reject_unknown(frozenset({"modality", "risk", "cervical_risk", "sources", "unverified"}))
    cervical, unverified = node.get("cervical_risk"), node.get("unverified")
    return ProcedureBleeding(
        node.require("modality").as_id(),
        node.require("risk").as_choice(RISK_CLASSES),
        sources_of(node),
        cervical_risk=cervical.as_choice(RISK_CLASSES) if cervical else None,
        unverified=unverified.as_bool() if unverified else False,
    )


def parse_bleeding(root: Node) -> BleedingTables:
    root.reject_unknown(frozenset({"conditions", "severity", "procedures"}))
    severity = root.require("severity")
    severity.reject_unknown(frozenset(RISK_CLASSES))
    procedures = [parse_procedure(node) for node in root.require("procedures").items()]
    by_modality = {procedure.modality: procedure for procedure in procedures}
    if len(by_modality) != len(procedures):
        root.require("procedures").fail("names a modality more than once")
    return BleedingTables(
        {key: node.as_text() for key, node in root.require("conditions").entries()},
        {risk: severity.require(risk).as_choice(SEVERITIES) for risk in RISK_CLASSES},
        by_modality,
    )


def parse_pregnancy_caution(node: Node) -> PregnancyCaution:
    node.reject_unknown(frozenset({"applies_to", "severity", "sources", "why"}))
    return PregnancyCaution(
        parse_selectors(node.require("applies_to")),
        node.require("severity").as_choice(SEVERITIES),
        sources_of(node),
        node.require("why").as_text(),
    )


def parse_pregnancy(root: Node) -> PregnancyTables:
    root.reject_unknown(frozenset({"condition", "drugs"}))
    return PregnancyTables(
        root.require("condition").as_id(),
        tuple(parse_pregnancy_caution(node) for node in root.require("drugs").items()),
    )


# -- checks against the rest of the catalog --------------------------------------------------------------
class _Known:
    """What the other catalog files define; a name a table uses must be among them."""

    def __init__(
        self,
        sink: ProblemSink,
        modalities: Mapping[str, Modality],
        classes: Mapping[str, DrugClass],
        conditions: Mapping[str, Condition],
        sources: Mapping[str, Source],
    ) -> None:
        self.sink, self.modalities, self.classes = sink, modalities, classes
        self.conditions, self.sources = conditions, sources
        self.tags = {tag for modality in modalities.values() for tag in modality.tags}

    def modality(self, file: str, path: str, modality_id: str) -> Modality | None:
        modality = self.modalities.get(modality_id)
        if modality is None:
            self.sink.add(file, path, f'unknown modality "{modality_id}"')
        return modality

    def condition(self, file: str, path: str, condition_id: str) -> None:
        if condition_id not in self.conditions:
            self.sink.add(file, path, f'unknown condition "{condition_id}" (not in conditions.toml)')

    def selectors(self, file: str, path: str, selectors: tuple[Selector, ...]) -> None:
        known = {"class": self.classes, "tag": self.tags, "modality": self.modalities}
        for selector in selectors:
            if selector.value not in known[selector.kind]:
                self.sink.add(file, path, f'unknown {selector.kind} "{selector.value}"')

    def source_keys(self, file: str, path: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in self.sources:
                self.sink.add(file, f"{path}.sources", f'unknown source "{key}" (not in sources.toml)')


def _check_renal(known: _Known, renal: RenalTables) -> None:
    file = "renal.toml"
    for modality_id, limit in renal.dose_limits.items():
        path = f'dose_limits "{modality_id}"'
        modality = known.modality(file, f"{path}.modality", modality_id)
        if modality is not None and not modality.is_medicine:
            known.sink.add(file, f"{path}.modality", "only a medicine taken at a daily dose has dose limits")
        known.source_keys(file, path, limit.sources)
    for index, entry in enumerate(renal.avoid):
        known.selectors(file, f"avoid[{index}].applies_to", entry.applies_to)
        known.source_keys(file, f"avoid[{index}]", entry.sources)
    known.condition(file, "unknown.condition", renal.unknown_condition)
    known.source_keys(file, "unknown", renal.unknown_sources)


def _check_bleeding(known: _Known, bleeding: BleedingTables) -> None:
    file = "bleeding.toml"
    for condition in bleeding.conditions:
        known.condition(file, "conditions", condition)
    for modality_id, procedure in bleeding.procedures.items():
        path = f'procedures "{modality_id}"'
        modality = known.modality(file, f"{path}.modality", modality_id)
        if modality is not None and modality.layer != "interventional":
            known.sink.add(file, f"{path}.modality", "is not an interventional procedure")
        known.source_keys(file, path, procedure.sources)
    for modality in known.modalities.values():
        if modality.layer == "interventional" and modality.id not in bleeding.procedures:
            known.sink.add(file, "procedures", f'"{modality.id}" has no bleeding risk class')


def _check_pregnancy(known: _Known, pregnancy: PregnancyTables) -> None:
    file = "pregnancy.toml"
    known.condition(file, "condition", pregnancy.condition)
    for index, row in enumerate(pregnancy.drugs):
        known.selectors(file, f"drugs[{index}].applies_to", row.applies_to)
        known.source_keys(file, f"drugs[{index}]", row.sources)


def _parsed(read: ReadToml, sink: ProblemSink, name: str, parse: Callable[[Node], T]) -> T | None:
    root = read(name)
    if root is None:
        return None
    with sink.guard():
        return parse(root)
    return None


def load_safety_tables(
    read: ReadToml,
    sink: ProblemSink,
    found: Mapping[str, tuple[str, Modality]],
    classes: Mapping[str, DrugClass],
    conditions: Mapping[str, Condition],
    sources: Mapping[str, Source],
) -> SafetyTables:
    """The three tables, checked against the catalog (`found`: id -> (where it was read, modality)).

    Problems go to `sink`, which stops the catalog's load; the empty tables returned then are never used.
    """
    renal = _parsed(read, sink, "renal.toml", parse_renal)
    bleeding = _parsed(read, sink, "bleeding.toml", parse_bleeding)
    pregnancy = _parsed(read, sink, "pregnancy.toml", parse_pregnancy)
    if renal is None or bleeding is None or pregnancy is None:
        return EMPTY
    modalities = {modality_id: modality for modality_id, (_, modality) in found.items()}
    known = _Known(sink, modalities, classes, conditions, sources)
    _check_renal(known, renal)
    _check_bleeding(known, bleeding)
    _check_pregnancy(known, pregnancy)
    return SafetyTables(renal, bleeding, pregnancy)
