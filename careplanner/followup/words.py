"""Follow-up records in words, for the window and the clinician summary alike."""

from __future__ import annotations

from collections.abc import Mapping

from careplanner.catalog.model import Catalog
from careplanner.domain import Assessment, Measurement, PlanDocument, PlanItem
from careplanner.followup.checkins import ADHERENCE_WORDS, GOAL_PROGRESS_WORDS
from careplanner.followup.decisions import DECISION_WORDS, RESULT_WORDS
from careplanner.reports.dates import short_date

DONE_WORDS = {"continue": "Continued", "adjust-dose": "Dose adjusted", "stop": "Stopped"}


def _replaced_by_name(document: PlanDocument, catalog: Catalog, assessed: Assessment) -> str | None:
    follower = document.plan.item(assessed.replaced_by) if assessed.replaced_by else None
    return catalog.modality(follower.modality).name if follower else None


def _decisions(item: PlanItem) -> tuple[Assessment, ...]:
    """Every decision on the item, oldest first: the earlier ones, then the latest."""
    return (*item.assessed.previous, item.assessed) if item.assessed else ()


def decision_text(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str:
    """The recorded decisions in words, oldest first ("" if none): "Continued on 9 Nov 2026 by Dr A: partly
    effective, 20 % relief. Stopped on 7 Dec 2026 by Dr A: failed"."""
    return ". ".join(_decision_sentence(document, catalog, assessed) for assessed in _decisions(item))


def _decision_sentence(document: PlanDocument, catalog: Catalog, assessed: Assessment) -> str:
    outcome = RESULT_WORDS.get(assessed.result, assessed.result)
    if assessed.relief_percent is not None:
        outcome += f", {assessed.relief_percent:g} % relief"
    if assessed.decision is None or assessed.decided_on is None:
        return f"Assessed in week {assessed.week}: {outcome}"  # recorded before decisions were
    if assessed.decision == "replace":
        done = f"Replaced by {_replaced_by_name(document, catalog, assessed) or 'another treatment'}"
    else:
        done = DONE_WORDS.get(assessed.decision, assessed.decision)
    by = f" by {assessed.by}" if assessed.by else ""
    return f"{done} on {short_date(assessed.decided_on)}{by}: {outcome}"


def decision_summary(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str:
    """Short, for a list, oldest first: "decided 9 Nov 2026: continue (partly effective); 7 Dec 2026: stop
    (failed)"."""
    decisions = _decisions(item)
    phrases = [_summary_phrase(document, catalog, assessed) for assessed in decisions]
    first_dated = next((index for index, assessed in enumerate(decisions) if _is_dated(assessed)), None)
    if first_dated is not None:
        phrases[first_dated] = f"decided {phrases[first_dated]}"  # said once, for the whole list
    return "; ".join(phrases)


def _is_dated(assessed: Assessment) -> bool:
    return assessed.decision is not None and assessed.decided_on is not None


def _summary_phrase(document: PlanDocument, catalog: Catalog, assessed: Assessment) -> str:
    result = RESULT_WORDS.get(assessed.result, assessed.result)
    if assessed.decision is None or assessed.decided_on is None:
        return f"assessed: {result}"  # recorded before decisions were
    decided = DECISION_WORDS.get(assessed.decision, assessed.decision)
    if assessed.decision == "replace" and (name := _replaced_by_name(document, catalog, assessed)):
        decided = f"replace with {name}"
    return f"{short_date(assessed.decided_on)}: {decided} ({result})"


def checkin_details(measurement: Measurement, goal_numbers: Mapping[str, int], catalog: Catalog) -> list[str]:
    """A check-in's goal progress, adherence and side effects, as phrases ("goal 1: some progress").

    Goals are named by their number in this plan; progress recorded on a goal of another plan is left out."""
    phrases = [
        f"goal {goal_numbers[entry.goal_id]}: {GOAL_PROGRESS_WORDS.get(entry.progress, entry.progress)}"
        for entry in measurement.goal_progress
        if entry.goal_id in goal_numbers
    ]
    phrases += [
        f"{_treatment(catalog, entry.modality)} {ADHERENCE_WORDS.get(entry.level, entry.level)}"
        for entry in measurement.adherence
    ]
    if measurement.side_effects:
        phrases.append(f"side effects: {measurement.side_effects}")
    return phrases


def _treatment(catalog: Catalog, modality_id: str) -> str:
    modality = catalog.modalities.get(modality_id)
    return modality.name if modality is not None else modality_id
