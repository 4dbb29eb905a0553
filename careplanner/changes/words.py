"""Phrases the list of changes is written in: treatments by name, weeks with their dates, doses with units."""

from __future__ import annotations

from collections.abc import Iterable

from careplanner.catalog.model import Catalog
from careplanner.domain import Assessment, Measurement, PlanDocument, PlanItem
from careplanner.domain.dose import Dose
from careplanner.followup.decisions import DECISION_WORDS, RESULT_WORDS
from careplanner.reports.dates import short_date

LONGEST_QUOTE = 60  # a goal or a reason is quoted up to this many characters, so a line stays readable


def treatment(catalog: Catalog, modality_id: str) -> str:
    modality = catalog.modalities.get(modality_id)
    return modality.name if modality is not None else modality_id


def item_name(catalog: Catalog, item: PlanItem) -> str:
    return treatment(catalog, item.modality)


def named_item(catalog: Catalog, documents: Iterable[PlanDocument], item_id: str) -> str:
    """The treatment of an item id, from the first document that has it ("another treatment" if none)."""
    for document in documents:
        found = document.plan.item(item_id)
        if found is not None:
            return item_name(catalog, found)
    return "another treatment"


def week(document: PlanDocument, number: int) -> str:
    """ "week 8 (26 Jan 2027)": a plan week with the calendar date it falls on in this document."""
    return f"week {number} ({short_date(document.plan.week_date(number))})"


def quoted(text: str) -> str:
    flat = " ".join(text.split())
    shown = flat if len(flat) <= LONGEST_QUOTE else flat[: LONGEST_QUOTE - 1].rstrip() + "…"
    return f"“{shown}”"


def dose_change(old: Dose | None, new: Dose | None) -> str:
    """ "60 → 90 mg a day" in one unit; each dose in full when the unit changes or one side has none."""
    if old is not None and new is not None and old.unit == new.unit:
        unit_words = new.text.removeprefix(f"{new.amount:g} ")
        return f"{old.amount:g} → {new.amount:g} {unit_words}"
    return f"{old.text if old else 'no dose'} → {new.text if new else 'no dose'}"


def item_summary(catalog: Catalog, document: PlanDocument, item: PlanItem) -> str:
    """ "Duloxetine 60 mg a day from week 0 (7 Dec 2026)"."""
    dose = f" {item.dose.text}" if item.dose else ""
    region = f" ({item.region})" if item.region else ""
    return f"{item_name(catalog, item)}{dose}{region} from {week(document, item.start_week)}"


def assessment_words(catalog: Catalog, documents: Iterable[PlanDocument], assessed: Assessment) -> str:
    """One decision: "stop on 9 Nov 2026 by Dr A (failed, 10 % relief)"; an undated one by its week."""
    outcome = RESULT_WORDS.get(assessed.result, assessed.result)
    if assessed.relief_percent is not None:
        outcome += f", {assessed.relief_percent:g} % relief"
    if assessed.note:
        outcome += f"; {quoted(assessed.note)}"
    if assessed.decision is None or assessed.decided_on is None:
        return f"assessed in week {assessed.week} ({outcome})"
    decided = DECISION_WORDS.get(assessed.decision, assessed.decision)
    if assessed.decision == "replace" and assessed.replaced_by:
        decided = f"replace with {named_item(catalog, documents, assessed.replaced_by)}"
    by = f" by {assessed.by}" if assessed.by else ""
    return f"{decided} on {short_date(assessed.decided_on)}{by} ({outcome})"


def finding_words(
    catalog: Catalog, documents: Iterable[PlanDocument], rule: str, items: Iterable[str]
) -> str:
    """A finding by what it is about and its treatments ("Two changes of one kind at once: Duloxetine and
    Pregabalin"); the rule's code is never shown."""
    explanation = catalog.rules.explanations.get(rule)
    what = explanation.title if explanation else "a finding"
    documents = tuple(documents)
    names = [named_item(catalog, documents, item_id) for item_id in items]
    return f"{what.lower()} ({joined(names)})" if names else what.lower()


def joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def measurement_words(measurement: Measurement) -> str:
    """ "3 Dec 2026: PEG 6.3, sleep 5, mood 4" (only what was recorded)."""
    parts = []
    if measurement.peg is not None:
        parts.append(f"PEG {measurement.peg.score:.1f}")
    if measurement.sleep is not None:
        parts.append(f"sleep {measurement.sleep}")
    if measurement.mood is not None:
        parts.append(f"mood {measurement.mood}")
    return f"{short_date(measurement.date)}: {', '.join(parts)}" if parts else short_date(measurement.date)
