"""Checks across catalog files: every class, modality, condition and source a file names must exist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from careplanner.catalog.model import Condition, DrugClass, Modality, RuleTables, Selector, Source
from careplanner.domain.dose import dose_unit_of
from careplanner.validation import ProblemSink

RULES_FILE = "rules.toml"


class Sourced(Protocol):
    @property
    def sources(self) -> tuple[str, ...]: ...


def _modality_sources(modality: Modality) -> Iterator[tuple[str, tuple[str, ...]]]:
    singles: dict[str, Sourced | None] = {
        "window": modality.window,
        "course": modality.course,
        "max_daily_dose": modality.max_daily_dose,
        "older_adult_max_daily_dose": modality.older_adult_max_daily_dose,
        "target_daily_dose": modality.target_daily_dose,
        "indication": modality.indication,
        "frequency": modality.frequency,
        "evidence": modality.evidence,
    }
    for name, part in singles.items():
        if part is not None:
            yield name, part.sources
    lists: dict[str, tuple[Sourced, ...]] = {
        "prerequisites": modality.prerequisites,
        "reminders": modality.reminders,
        "cautions": modality.cautions,
    }
    for name, parts in lists.items():
        for index, element in enumerate(parts):
            yield f"{name}[{index}]", element.sources
    yield "patient text", modality.patient.sources
    if modality.rxnorm is not None:
        yield "rxnorm", modality.rxnorm_sources


def _rule_sources(rules: RuleTables) -> Iterator[tuple[str, tuple[str, ...]]]:
    for index, interaction in enumerate(rules.interactions):
        yield f"interactions[{index}]", interaction.sources
    for index, caution in enumerate(rules.patient_cautions):
        yield f"patient_cautions[{index}]", caution.sources
    yield "duplicate_classes", rules.duplicate_classes.sources
    yield "cns_burden", rules.cns_burden.sources
    yield "chronic_primary_pain", rules.guidance.sources
    yield from rules.thresholds.sources.items()
    for rule_id, explanation in rules.explanations.items():
        yield f"explanations.{rule_id}", explanation.sources


class CrossCheck:
    def __init__(
        self,
        sink: ProblemSink,
        modalities: Mapping[str, tuple[str, Modality]],
        classes: Mapping[str, DrugClass],
        conditions: Mapping[str, Condition],
        sources: Mapping[str, Source],
    ) -> None:
        self.sink = sink
        self.modalities = modalities  # id -> (context naming file and entry, modality)
        self.classes = classes
        self.conditions = conditions
        self.sources = sources
        self.tags = {tag for _, m in modalities.values() for tag in m.tags}

    def _sources_exist(self, context: str, path: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            if key not in self.sources:
                self.sink.add(context, f"{path}.sources", f'unknown source "{key}" (not in sources.toml)')

    def modality(self, context: str, modality: Modality) -> None:
        if modality.class_id not in self.classes:
            self.sink.add(context, "class", f'unknown class "{modality.class_id}" (not in classes.toml)')
        self._window_fits_kind(context, modality)
        self._target_within_max(context, modality)
        if modality.dose_unit != dose_unit_of(modality.id):
            wanted = dose_unit_of(modality.id)
            self.sink.add(context, "dose_unit", f'must be "{wanted}", the unit of its dose in a plan')
        for index, prerequisite in enumerate(modality.prerequisites):
            if prerequisite.modality not in self.modalities or prerequisite.modality == modality.id:
                message = f'unknown prerequisite "{prerequisite.modality}"'
                self.sink.add(context, f"prerequisites[{index}].modality", message)
        if modality.indication and modality.indication.condition not in self.conditions:
            self.sink.add(
                context, "indication.condition", f'unknown condition "{modality.indication.condition}"'
            )
        stronger_for = modality.evidence.stronger_for if modality.evidence else None
        if stronger_for and stronger_for not in self.conditions:
            self.sink.add(context, "evidence.stronger_for", f'unknown condition "{stronger_for}"')
        for path, keys in _modality_sources(modality):
            self._sources_exist(context, path, keys)

    def _window_fits_kind(self, context: str, modality: Modality) -> None:
        if modality.is_therapy and modality.window is None:
            self.sink.add(context, "window", "missing (every pain therapy needs an assessment window)")
        if not modality.is_therapy and modality.window is not None:
            self.sink.add(context, "window", "only pain therapies have an assessment window")

    def _target_within_max(self, context: str, modality: Modality) -> None:
        target, limit = modality.target_daily_dose, modality.max_daily_dose
        if target is not None and limit is not None and target.mg > limit.mg:
            message = f"{target.mg:g} mg is above the maximum daily dose of {limit.mg:g} mg"
            self.sink.add(context, "target_daily_dose.mg", message)

    def _selector(self, path: str, selector: Selector) -> None:
        known = {"class": self.classes, "tag": self.tags, "modality": self.modalities}[selector.kind]
        if selector.value not in known:
            self.sink.add(RULES_FILE, path, f'unknown {selector.kind} "{selector.value}"')

    def _ids(self, path: str, ids: frozenset[str], known: Mapping[str, object], what: str) -> None:
        for unknown in sorted(ids - known.keys()):
            self.sink.add(RULES_FILE, path, f'unknown {what} "{unknown}"')

    def rules(self, rules: RuleTables) -> None:
        for index, interaction in enumerate(rules.interactions):
            for selector in interaction.first + interaction.second:
                self._selector(f"interactions[{index}]", selector)
            self._ids(
                f"interactions[{index}].raised_with", interaction.raised_with, self.conditions, "condition"
            )
        for index, caution in enumerate(rules.patient_cautions):
            for selector in caution.applies_to:
                self._selector(f"patient_cautions[{index}].applies_to", selector)
            self._ids(
                f"patient_cautions[{index}].conditions", caution.conditions, self.conditions, "condition"
            )
        self._ids("duplicate_classes.classes", rules.duplicate_classes.classes, self.classes, "class")
        self._ids("cns_burden.classes", rules.cns_burden.classes, self.classes, "class")
        self._ids("chronic_primary_pain.modalities", rules.guidance.modalities, self.modalities, "modality")
        self._ids(
            "chronic_primary_pain.condition",
            frozenset({rules.guidance.condition}),
            self.conditions,
            "condition",
        )
        self._ids("rehabilitation.exempt", rules.thresholds.rehab_exempt, self.modalities, "modality")
        for path, keys in _rule_sources(rules):
            self._sources_exist(RULES_FILE, path, keys)
