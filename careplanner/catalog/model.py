"""The treatment catalog as plain, immutable data (loaded from resources/catalog by `loader`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from careplanner.domain.dose import MG_PER_DAY

if TYPE_CHECKING:  # the tables read Selector and Modality from here
    from careplanner.catalog.opioid_dose import OpioidDose
    from careplanner.catalog.safety_tables import SafetyTables

# Layers in the order a staged plan builds them (docs/clinical-reference.md §1).
LAYERS: tuple[str, ...] = ("medication", "psychological", "physical", "interventional", "complementary")
FOUNDATION_LAYERS = frozenset({"medication", "psychological"})
LAYER_NAMES: Mapping[str, str] = {
    "medication": "Medication",
    "psychological": "Psychological",
    "physical": "Physical and occupational",
    "interventional": "Interventional",
    "complementary": "Complementary",
}
# Kinds of docs/clinical-reference.md §1: T, D, R, and X (a rescue medicine kept with an opioid: naloxone).
KINDS: tuple[str, ...] = ("therapy", "diagnostic", "device-trial", "rescue")
EVIDENCE_LEVELS: tuple[str, ...] = ("established", "limited", "investigational")


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str  # the full reference, for a reader who wants to look it up
    name: str  # a short name a clinician recognises, shown where the source is cited inline


@dataclass(frozen=True, slots=True)
class Window:
    """Earliest and latest week after the start at which the effect can be judged."""

    min_weeks: int
    max_weeks: int
    sources: tuple[str, ...]
    unverified: bool = False

    @property
    def middle(self) -> int:
        return (self.min_weeks + self.max_weeks) // 2


@dataclass(frozen=True, slots=True)
class Note:
    """A sourced sentence for the clinician: a course, a caution or a reminder."""

    text: str
    sources: tuple[str, ...]
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class DoseLimit:
    mg: float
    sources: tuple[str, ...]
    from_age: int | None = None


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """What a procedure needs first: `count` results of `modality`, each meeting the relief threshold."""

    modality: str
    count: int
    sources: tuple[str, ...]
    relief_threshold: float | None = None
    strictly_above: bool = False

    def accepts(self, relief_percent: float | None) -> bool:
        """Whether a recorded result meets the threshold (no threshold: any recorded result counts)."""
        if self.relief_threshold is None:
            return True
        if relief_percent is None:
            return False
        if self.strictly_above:
            return relief_percent > self.relief_threshold
        return relief_percent >= self.relief_threshold

    def describe_threshold(self) -> str:
        if self.relief_threshold is None:
            return "done"
        sign = "more than" if self.strictly_above else "at least"
        return f"{sign} {self.relief_threshold:g}% relief"


@dataclass(frozen=True, slots=True)
class Indication:
    condition: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrequencyLimit:
    sources: tuple[str, ...]
    max_per_12_months: int | None = None
    min_gap_weeks: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    level: str
    note: str
    sources: tuple[str, ...]
    stronger_for: str | None = None  # a condition where the evidence comes from (ketamine: CRPS)


@dataclass(frozen=True, slots=True)
class PatientText:
    """Plain-language text for the handout (the timing comes from the window, not from here)."""

    what: str
    why: str
    expect: str
    judged: str
    if_not_helping: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DrugClass:
    id: str
    name: str
    pain_treatment: bool = True


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    name: str
    read_by_checks: bool = False
    # refractory neuropathic pain is also judged by Smith12 (docs/clinical-reference.md §6)
    neuropathic: bool = False


@dataclass(frozen=True, slots=True)
class Modality:
    id: str
    name: str
    layer: str
    kind: str
    class_id: str
    pain_treatment: bool
    patient: PatientText
    tags: frozenset[str] = frozenset()
    window: Window | None = None
    course: Note | None = None
    max_daily_dose: DoseLimit | None = None
    older_adult_max_daily_dose: DoseLimit | None = None
    target_daily_dose: DoseLimit | None = None  # the dose a trial should reach to count as adequate
    prerequisites: tuple[Prerequisite, ...] = ()
    indication: Indication | None = None
    frequency: FrequencyLimit | None = None
    reminders: tuple[Note, ...] = ()
    cautions: tuple[Note, ...] = ()
    evidence: Evidence | None = None
    dose_unit: str = MG_PER_DAY  # "mcg/h" for a transdermal patch dosed per hour (fentanyl)
    # A medicine's RxNorm ingredient code (RXCUI): it names the ingredient (lidocaine), not the form (patch).
    rxnorm: str | None = None
    rxnorm_sources: tuple[str, ...] = ()

    @property
    def is_therapy(self) -> bool:
        """A T item of docs/clinical-reference.md §1 (not benzodiazepines, which do not treat pain)."""
        return self.kind == "therapy" and self.pain_treatment

    @property
    def is_rescue(self) -> bool:
        """Kind X (naloxone): kept with an opioid; only the naloxone check reads it."""
        return self.kind == "rescue"

    @property
    def is_session(self) -> bool:
        """Given on a day (a procedure, a patch application, an infusion course): each item is one session."""
        return self.layer == "interventional" or "session" in self.tags

    @property
    def is_medicine(self) -> bool:
        """Taken at a daily dose (medication layer, not a session treatment)."""
        return self.layer == "medication" and not self.is_session

    @property
    def is_foundation(self) -> bool:
        return self.is_therapy and self.layer in FOUNDATION_LAYERS

    def max_dose_for_age(self, age: int) -> DoseLimit | None:
        older = self.older_adult_max_daily_dose
        if older is not None and older.from_age is not None and age >= older.from_age:
            return older
        return self.max_daily_dose


@dataclass(frozen=True, slots=True)
class Selector:
    """Matches modalities by class, tag or id ("class:opioid", "tag:serotonergic", "modality:scs-trial")."""

    kind: str
    value: str

    def matches(self, modality: Modality) -> bool:
        if self.kind == "class":
            return modality.class_id == self.value
        if self.kind == "tag":
            return self.value in modality.tags
        return modality.id == self.value

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def matches_any(selectors: tuple[Selector, ...], modality: Modality) -> bool:
    return any(selector.matches(modality) for selector in selectors)


@dataclass(frozen=True, slots=True)
class Interaction:
    first: tuple[Selector, ...]
    second: tuple[Selector, ...]
    severity: str
    sources: tuple[str, ...]
    why: str
    raised_severity: str | None = None  # the severity when the patient has one of `raised_with`
    raised_with: frozenset[str] = frozenset()

    def raising_conditions(self, conditions: frozenset[str]) -> frozenset[str]:
        """The patient's conditions that make this combination more serious."""
        return self.raised_with & conditions if self.raised_severity else frozenset()

    def severity_for(self, conditions: frozenset[str]) -> str:
        if self.raised_severity and self.raising_conditions(conditions):
            return self.raised_severity
        return self.severity

    def pairs(self, a: Modality, b: Modality) -> bool:
        return (matches_any(self.first, a) and matches_any(self.second, b)) or (
            matches_any(self.first, b) and matches_any(self.second, a)
        )


@dataclass(frozen=True, slots=True)
class PatientCaution:
    id: str
    applies_to: tuple[Selector, ...]
    sources: tuple[str, ...]
    why: str
    from_age: int | None = None
    conditions: frozenset[str] = frozenset()
    above_mg_per_day: float | None = None  # only a daily dose above this (advice, not a label limit)


@dataclass(frozen=True, slots=True)
class ClassSet:
    """A set of classes with its source: duplicate-class rule, CNS burden."""

    classes: frozenset[str]
    sources: tuple[str, ...]
    why: str
    min_count: int = 2
    from_age: int | None = None


@dataclass(frozen=True, slots=True)
class Guidance:
    """NICE NG193: treatments not to start for chronic primary pain."""

    condition: str
    modalities: frozenset[str]
    sources: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Explanation:
    why: str
    sources: tuple[str, ...]
    title: str  # what the rule is about, in a clinician's words (shown instead of the rule's id)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers of the sequencing, monitoring, rehabilitation and coverage rules, with their sources."""

    older_adult_age: int
    too_many_count: int
    too_many_within_weeks: int
    first_review_from_week: int
    first_review_by_week: int
    opioid_review_from_weeks: int
    opioid_review_within_weeks: int
    rehab_within_weeks: int
    rehab_exempt: frozenset[str]
    min_layers: int
    botox_min_fall_percent: int  # headache days a month must fall by this much after two cycles to continue
    sources: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class RuleTables:
    interactions: tuple[Interaction, ...]
    duplicate_classes: ClassSet
    patient_cautions: tuple[PatientCaution, ...]
    cns_burden: ClassSet
    guidance: Guidance
    thresholds: Thresholds
    explanations: Mapping[str, Explanation]


@dataclass(frozen=True)
class Catalog:
    modalities: Mapping[str, Modality]
    classes: Mapping[str, DrugClass]
    conditions: Mapping[str, Condition]
    sources: Mapping[str, Source]
    rules: RuleTables
    safety: SafetyTables  # kidney function, bleeding risk of procedures, pregnancy
    opioid_dose: OpioidDose  # MME factors and threshold, when to offer naloxone
    _by_layer: Mapping[str, tuple[Modality, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_layer = {layer: tuple(m for m in self.modalities.values() if m.layer == layer) for layer in LAYERS}
        object.__setattr__(self, "_by_layer", by_layer)

    def modality(self, modality_id: str) -> Modality:
        return self.modalities[modality_id]

    def in_layer(self, layer: str) -> tuple[Modality, ...]:
        return self._by_layer[layer]

    def cite(self, keys: tuple[str, ...]) -> str:
        """Full references with their keys, for the command line's list of sources."""
        return "; ".join(f"{key}: {self.sources[key].title}" for key in keys if key in self.sources)

    def references(self, keys: tuple[str, ...] | str) -> tuple[str, ...]:
        """The full references of the sources, without their keys: what a window or a printout shows."""
        if isinstance(keys, str):
            keys = tuple(key.strip() for key in keys.split(",") if key.strip())
        return tuple(self.sources[key].title if key in self.sources else key for key in keys)

    def source_names(self, keys: tuple[str, ...] | str) -> str:
        """Short names of the sources (keys as a tuple or as the comma-separated text of a finding)."""
        if isinstance(keys, str):
            keys = tuple(key.strip() for key in keys.split(",") if key.strip())
        return "; ".join(self.sources[key].name if key in self.sources else key for key in keys)

    def rule_title(self, rule_id: str) -> str:
        explanation = self.rules.explanations.get(rule_id)
        return explanation.title if explanation else rule_id

    def condition_name(self, condition_id: str) -> str:
        condition = self.conditions.get(condition_id)
        return condition.name if condition else condition_id
