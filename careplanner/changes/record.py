"""Changes outside the plan's treatments: the patient's details the checks read, reviews, goals, the
baseline, the treatment history and check-ins. Each as (kind, words); the caller makes them Changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TypeVar

from careplanner.catalog.model import Catalog
from careplanner.changes.words import joined, measurement_words, quoted, treatment, week
from careplanner.domain import Goal, HistoryEntry, Measurement, PlanDocument, Review
from careplanner.followup.decisions import RESULT_WORDS
from careplanner.reports.dates import short_date

Phrase = tuple[str, str]
T = TypeVar("T")


def patient_changes(before: PlanDocument, after: PlanDocument, catalog: Catalog) -> Iterator[Phrase]:
    old, new = before.patient, after.patient
    added = [catalog.condition_name(c) for c in new.conditions if c not in old.conditions]
    removed = [catalog.condition_name(c) for c in old.conditions if c not in new.conditions]
    if added:
        yield "conditions-changed", f"Conditions added: {joined(added)}"
    if removed:
        yield "conditions-changed", f"Conditions removed: {joined(removed)}"
    if old.crcl_ml_min != new.crcl_ml_min:
        yield "crcl-changed", f"Creatinine clearance: {_crcl(old.crcl_ml_min)} → {_crcl(new.crcl_ml_min)}"


def _crcl(value: float | None) -> str:
    return f"{value:g} mL/min" if value is not None else "not recorded"


def review_changes(before: PlanDocument, after: PlanDocument) -> Iterator[Phrase]:
    old = {review.week: review for review in before.plan.reviews}
    new = {review.week: review for review in after.plan.reviews}
    for number in sorted(old.keys() - new.keys()):
        yield "review-removed", f"Review in {week(before, number)} removed"
    for number in sorted(new.keys() - old.keys()):
        yield "review-added", f"Review added in {week(after, number)}{_held(new[number])}"
    for number in sorted(old.keys() & new.keys()):
        yield from _review_edits(after, old[number], new[number])


def _held(review: Review) -> str:
    return f", held on {short_date(review.held_on)}" if review.held_on else ""


def _review_edits(after: PlanDocument, old: Review, new: Review) -> Iterator[Phrase]:
    where = week(after, new.week)
    if old.held_on != new.held_on:
        if new.held_on is None:
            yield "review-not-held", f"Review in {where} no longer recorded as held"
        else:
            yield "review-held", f"Review in {where} held on {short_date(new.held_on)}"
    if old.note != new.note:
        note = quoted(new.note) if new.note else "removed"
        yield "review-note", f"Review in {where}: note {note}"


def record_changes(before: PlanDocument, after: PlanDocument, catalog: Catalog) -> Iterator[Phrase]:
    yield from _goal_changes(before, after)
    yield from _baseline_changes(before.baseline, after.baseline)
    yield from _counted(before.history, after.history, "history", lambda e: _history_words(catalog, e))
    yield from _counted(
        before.checkins, after.checkins, "checkin", lambda m: f"check-in {measurement_words(m)}"
    )


def _goal_changes(before: PlanDocument, after: PlanDocument) -> Iterator[Phrase]:
    old = {goal.id: goal for goal in before.goals}
    new_ids = {goal.id for goal in after.goals}
    for goal in before.goals:
        if goal.id not in new_ids:
            yield "goal-removed", f"Goal removed: {_goal(before, goal)}"
    for goal in after.goals:
        earlier = old.get(goal.id)
        if earlier is None:
            yield "goal-added", f"Goal added: {_goal(after, goal)}"
        elif earlier != goal:
            yield "goal-changed", f"Goal changed: {_goal(before, earlier)} → {_goal(after, goal)}"


def _goal(document: PlanDocument, goal: Goal) -> str:
    by = f" by {week(document, goal.target_week)}" if goal.target_week is not None else ""
    return f"{quoted(goal.text)}{by}"


def goal_link_words(
    before: PlanDocument, after: PlanDocument, old: tuple[str, ...], new: tuple[str, ...]
) -> str:
    """ "now serves “walk the dog”; no longer serves “sleep through”": goals by their words, never ids."""
    texts = {goal.id: goal.text for goal in (*before.goals, *after.goals)}
    added = [quoted(texts.get(goal_id, "a goal")) for goal_id in new if goal_id not in old]
    dropped = [quoted(texts.get(goal_id, "a goal")) for goal_id in old if goal_id not in new]
    parts = ([f"now serves {joined(added)}"] if added else []) + (
        [f"no longer serves {joined(dropped)}"] if dropped else []
    )
    return "; ".join(parts) or "its goals were reordered"


def _baseline_changes(old: Measurement | None, new: Measurement | None) -> Iterator[Phrase]:
    if old == new:
        return
    if new is None:
        yield "baseline-changed", "Baseline removed"
    elif old is None:
        yield "baseline-changed", f"Baseline recorded: {measurement_words(new)}"
    else:
        yield "baseline-changed", f"Baseline changed: {measurement_words(old)} → {measurement_words(new)}"


def _history_words(catalog: Catalog, entry: HistoryEntry) -> str:
    name = entry.name if entry.name else treatment(catalog, entry.modality)
    dose = f" {entry.dose.text}" if entry.dose else ""
    until = short_date(entry.end) if entry.end else "ongoing"
    outcome = RESULT_WORDS.get(entry.outcome, entry.outcome)
    return f"{name}{dose}, {short_date(entry.start)} to {until} ({outcome})"


def _counted(
    old: tuple[T, ...], new: tuple[T, ...], what: str, words: Callable[[T], str]
) -> Iterator[Phrase]:
    """Entries matched as wholes (a changed one is removed and added); a repeated entry counts each time."""
    removed, added = Counter(old) - Counter(new), Counter(new) - Counter(old)
    label = "Treatment history" if what == "history" else "Check-ins"
    for entries, left, done in ((old, removed, "removed"), (new, added, "added")):
        for entry in entries:
            if left[entry] > 0:
                left[entry] -= 1
                yield f"{what}-{done}", f"{label}: {done} {words(entry)}"
