"""Follow-up records in words, for the window and the clinician summary alike."""

from __future__ import annotations

from collections.abc import Mapping

from careplanner.catalog.model import Catalog
from careplanner.domain import Measurement, PlanDocument, PlanItem
from careplanner.followup.checkins import ADHERENCE_WORDS, GOAL_PROGRESS_WORDS
from careplanner.followup.decisions import DECISION_WORDS, RESULT_WORDS
from careplanner.reports.dates import short_date

DONE_WORDS = {"continue": "Continued", "adjust-dose": "Dose adjusted", "stop": "Stopped"}


def _replaced_by_name(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str | None:
    follower = (
        document.plan.item(item.assessed.replaced_by) if item.assessed and item.assessed.replaced_by else None
    )
    return catalog.modality(follower.modality).name if follower else None


def decision_text(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str:
    """The recorded decision in words: "Stopped on 3 Dec 2026 by Dr A: failed, 10 % relief" ("" if none)."""
    assessed = item.assessed
    if assessed is None:
        return ""
    outcome = RESULT_WORDS.get(assessed.result, assessed.result)
    if assessed.relief_percent is not None:
        outcome += f", {assessed.relief_percent:g} % relief"
    if assessed.decision is None or assessed.decided_on is None:
        return f"Assessed in week {assessed.week}: {outcome}"  # recorded before decisions were
    if assessed.decision == "replace":
        done = f"Replaced by {_replaced_by_name(document, catalog, item) or 'another treatment'}"
    else:
        done = DONE_WORDS.get(assessed.decision, assessed.decision)
    by = f" by {assessed.by}" if assessed.by else ""
    return f"{done} on {short_date(assessed.decided_on)}{by}: {outcome}"


def decision_summary(document: PlanDocument, catalog: Catalog, item: PlanItem) -> str:
    """Short, for a list: "decided 3 Dec 2026: stop (failed)"."""
    assessed = item.assessed
    if assessed is None:
        return ""
    result = RESULT_WORDS.get(assessed.result, assessed.result)
    if assessed.decision is None or assessed.decided_on is None:
        return f"assessed: {result}"
    decided = DECISION_WORDS.get(assessed.decision, assessed.decision)
    if assessed.decision == "replace" and (name := _replaced_by_name(document, catalog, item)):
        decided = f"replace with {name}"
    return f"decided {short_date(assessed.decided_on)}: {decided} ({result})"


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
