"""What the treatment history says: adequate trials and refractory pain (docs/clinical-reference.md §2, §6).

A trial is adequate in duration when it lasted at least the catalog window's min (docs/plan-format.md,
Definitions; the same judgement as the HIST rules), and adequate in dose when it reached the catalog's target
daily dose. A procedure or session treatment is judged by its result, not its length: one session is a whole
trial.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.catalog import LAYERS, Catalog, Modality
from careplanner.domain import OTHER_MODALITY, HistoryEntry

# S-TRP: treatment-resistant when at least three approaches from different categories (layers) failed.
GENERAL_MIN_CATEGORIES = 3
# Smith12 (Delphi consensus): refractory neuropathic pain after at least four drugs failed at adequate dose
# and for an adequate duration.
NEUROPATHIC_MIN_DRUGS = 4
GENERAL_SOURCE = "S-TRP"
NEUROPATHIC_SOURCE = "Smith12"


@dataclass(frozen=True)
class TrialAssessment:
    """One history entry judged for the History table; an ongoing entry's `weeks` run up to the as-of date."""

    index: int
    modality: str
    weeks: int | None
    ongoing: bool
    window_min: int | None
    adequate: (
        bool | None
    )  # None: no window to judge by (diagnostics, device trials, benzodiazepines, "other")
    dose_adequate: bool | None  # None: no target dose in the catalog, or no dose recorded
    summary: str


@dataclass(frozen=True)
class RefractoryStatus:
    failed_categories: tuple[str, ...]
    meets_general: bool
    neuropathic: bool
    neuropathic_drugs: tuple[str, ...]
    meets_neuropathic: bool
    explanation: str
    sources: tuple[str, ...]


def _modality(entry: HistoryEntry, catalog: Catalog) -> Modality | None:
    """The catalog entry, or None for a treatment outside the catalog ("other")."""
    return None if entry.modality == OTHER_MODALITY else catalog.modalities.get(entry.modality)


def _weeks(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def judged_by_result(modality: Modality | None) -> bool:
    """A procedure or session treatment: its result, not its length, makes it a trial."""
    return modality is not None and modality.is_therapy and modality.is_session


def is_adequate_failure(entry: HistoryEntry, modality: Modality | None) -> bool:
    """A failed pain therapy that lasted at least its window min, or a failed procedure or session whatever
    its length (as HIST-REPEAT-FAILED judges it)."""
    if modality is None or not modality.is_therapy:
        return False
    if judged_by_result(modality):
        return entry.outcome == "failed"
    if modality.window is None:
        return False
    weeks = entry.duration_weeks
    return entry.outcome == "failed" and weeks is not None and weeks >= modality.window.min_weeks


def _dose_adequate(entry: HistoryEntry, modality: Modality | None) -> bool | None:
    target = modality.target_daily_dose if modality else None
    if target is None or entry.dose_mg_per_day is None:
        return None
    return entry.dose_mg_per_day >= target.mg


def _summary(weeks: int, ongoing: bool, window_min: int | None, dose: str, week_units: bool) -> str:
    if window_min is None:
        return f"ongoing, {_weeks(weeks)} so far; no assessment window" if ongoing else "no assessment window"
    opens = f"(window opens at {'week ' if week_units else ''}{window_min})"
    if ongoing:
        judged = "long enough to judge" if weeks >= window_min else "too early to judge"
        return f"ongoing, {_weeks(weeks)} so far; {judged} {opens}{dose}"
    judged = "adequate" if weeks >= window_min else "too short to judge"
    return f"{_weeks(weeks)}; {judged} {opens}{dose}"


def _dose_text(entry: HistoryEntry, modality: Modality | None, adequate: bool | None) -> str:
    target = modality.target_daily_dose if modality else None
    if adequate is None or target is None or entry.dose_mg_per_day is None:
        return ""
    if adequate:
        return "; target dose reached"
    return f"; below the target dose ({entry.dose_mg_per_day:g} of {target.mg:g} mg a day)"


def _assess(
    index: int, entry: HistoryEntry, modality: Modality | None, as_of: dt.date, week_units: bool
) -> TrialAssessment:
    ongoing = entry.is_ongoing
    if entry.duration_weeks is not None:
        weeks = entry.duration_weeks
    else:
        weeks = max(0, (as_of - entry.start).days // 7)
    window = modality.window if modality else None
    window_min = window.min_weeks if window else None
    dose_adequate = _dose_adequate(entry, modality)
    if judged_by_result(modality) and not ongoing:
        return TrialAssessment(
            index, entry.modality, weeks, ongoing, window_min, True, dose_adequate, "judged by its result"
        )
    return TrialAssessment(
        index=index,
        modality=entry.modality,
        weeks=weeks,
        ongoing=ongoing,
        window_min=window_min,
        adequate=None if window_min is None else weeks >= window_min,
        dose_adequate=dose_adequate,
        summary=_summary(weeks, ongoing, window_min, _dose_text(entry, modality, dose_adequate), week_units),
    )


def assess_trials(
    history: Sequence[HistoryEntry], catalog: Catalog, as_of: dt.date, *, week_units: bool = False
) -> list[TrialAssessment]:
    """One assessment per history entry, in history order.

    `week_units` writes the window's first week with its unit ("window opens at week 6"), for the window.
    """
    return [
        _assess(index, entry, _modality(entry, catalog), as_of, week_units)
        for index, entry in enumerate(history)
    ]


@dataclass(frozen=True)
class _Wording:
    """How the sentences name the criteria: by source key (the default) or in words, for the window."""

    general_who: str
    general_criterion: str
    neuropathic_who: str
    neuropathic_criterion: str


_BY_KEY = _Wording(
    GENERAL_SOURCE,
    f"the {GENERAL_SOURCE} criterion",
    NEUROPATHIC_SOURCE,
    f"the {NEUROPATHIC_SOURCE} criterion",
)
_IN_WORDS = _Wording(
    "the treatment-resistant pain criterion",
    "the treatment-resistant pain criterion",
    "the refractory neuropathic pain criterion",
    "the refractory neuropathic pain criterion",
)


def _general_sentence(failed: tuple[str, ...], wording: _Wording) -> str:
    count = len(failed)
    if count >= GENERAL_MIN_CATEGORIES:
        return (
            f"Failed adequate trials in {count} categories ({', '.join(failed)}): meets "
            f"{wording.general_criterion} of at least {GENERAL_MIN_CATEGORIES}."
        )
    if count == 0:
        return (
            f"No failed adequate trial is recorded; {wording.general_who} needs failed adequate trials in at "
            f"least {GENERAL_MIN_CATEGORIES} categories."
        )
    others = ", ".join(layer for layer in LAYERS if layer not in failed)
    categories = _plural(count, "category", "categories")
    return (
        f"Failed adequate trials in {count} {categories} ({', '.join(failed)}); "
        f"{wording.general_who} needs {GENERAL_MIN_CATEGORIES}: {GENERAL_MIN_CATEGORIES - count} more among "
        f"{others}."
    )


def _neuropathic_sentence(counted: list[str], below_dose: list[str], wording: _Wording) -> str:
    count = len(counted)
    named = f" ({', '.join(counted)})" if counted else ""
    if count >= NEUROPATHIC_MIN_DRUGS:
        return (
            f"Neuropathic pain: {count} drugs failed at adequate dose and duration{named}, meeting "
            f"{wording.neuropathic_criterion} of at least {NEUROPATHIC_MIN_DRUGS}."
        )
    sentence = (
        f"Neuropathic pain: {count} of the {NEUROPATHIC_MIN_DRUGS} drugs {wording.neuropathic_who} needs "
        f"failed at adequate dose and duration{named}"
    )
    if below_dose:
        verb = _plural(len(below_dose), "does", "do")
        sentence += f"; {', '.join(below_dose)} {verb} not count (below the target dose or no dose recorded)"
    return sentence + "."


def refractory_status(
    history: Sequence[HistoryEntry],
    catalog: Catalog,
    conditions: Sequence[str],
    *,
    keys_in_text: bool = True,
) -> RefractoryStatus:
    """Whether the failed adequate trials meet S-TRP (and, for neuropathic pain, Smith12).

    With `keys_in_text=False` the explanation names the criteria in words rather than by source key, for a
    reader who is shown the sources' names beside it (`sources` holds the keys either way).
    """
    wording = _BY_KEY if keys_in_text else _IN_WORDS
    layers: set[str] = set()
    drugs: dict[str, str] = {}  # id -> name, in history order
    below_dose: dict[str, str] = {}
    for entry in history:
        modality = _modality(entry, catalog)
        if modality is None or not is_adequate_failure(entry, modality):
            continue
        layers.add(modality.layer)
        if modality.layer == "medication":
            # Smith12 also asks for an adequate dose: the catalog's target reached, or no target to reach
            dosed = modality.target_daily_dose is None or _dose_adequate(entry, modality) is True
            target = drugs if dosed else below_dose
            target[modality.id] = modality.name
    failed = tuple(layer for layer in LAYERS if layer in layers)
    neuropathic = any(
        (condition := catalog.conditions.get(condition_id)) is not None and condition.neuropathic
        for condition_id in conditions
    )
    short = [name for drug_id, name in below_dose.items() if drug_id not in drugs]
    explanation = _general_sentence(failed, wording)
    if neuropathic:
        explanation += " " + _neuropathic_sentence(list(drugs.values()), short, wording)
    return RefractoryStatus(
        failed_categories=failed,
        meets_general=len(failed) >= GENERAL_MIN_CATEGORIES,
        neuropathic=neuropathic,
        neuropathic_drugs=tuple(drugs),
        meets_neuropathic=neuropathic and len(drugs) >= NEUROPATHIC_MIN_DRUGS,
        explanation=explanation,
        sources=(GENERAL_SOURCE, NEUROPATHIC_SOURCE) if neuropathic else (GENERAL_SOURCE,),
    )
