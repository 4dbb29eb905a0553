"""Edits of a plan document as pure functions: each returns a new document (undo keeps the old one).

Every operation keeps the document readable by the strict reader: removing an item also clears the links to
it, and weeks never go below 0 or before an item's start.

A decision that ended a course or handed it on (stop, replace, adjust the dose) fixes that course in time: its
history entry has real dates, so neither the item's start nor the plan's start can move until the decision is
withdrawn (`start_change_refusal`, `move_refusal`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from careplanner.catalog.model import Catalog
from careplanner.checks.finding import Finding
from careplanner.domain import (
    Acknowledgement,
    Assessment,
    Goal,
    HistoryEntry,
    Measurement,
    Patient,
    Plan,
    PlanDocument,
    PlanItem,
    Review,
)
from careplanner.followup.courses import course_items
from careplanner.reports.dates import short_date

_NUMBERED = re.compile(r"^([a-z]+)(\d+)$")
# Decisions that fix a course in time; the words say what was recorded ("recorded as stopped on ...").
_FIXING_DECISIONS = {"stop": "stopped", "replace": "replaced", "adjust-dose": "changed to a new dose"}


def _with_plan(document: PlanDocument, **changes: Any) -> PlanDocument:
    return dataclasses.replace(document, plan=dataclasses.replace(document.plan, **changes))


def next_id(existing: Iterable[str], prefix: str) -> str:
    """The next free id of the form prefix1, prefix2, ... after the highest one in use."""
    numbers = [
        int(m.group(2)) for value in existing if (m := _NUMBERED.match(value)) and m.group(1) == prefix
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"


# -- plan items ------------------------------------------------------------------------------------
def add_item(
    document: PlanDocument, catalog: Catalog, modality_id: str, start_week: int = 0
) -> tuple[PlanDocument, str]:
    """Add a treatment; its assessment defaults to the middle of the catalog window."""
    modality = catalog.modality(modality_id)
    item_id = next_id((item.id for item in document.plan.items), "i")
    start = max(0, start_week)
    assess = start + modality.window.middle if modality.window else None
    item = PlanItem(id=item_id, modality=modality_id, start_week=start, assess_week=assess)
    return _with_plan(document, items=(*document.plan.items, item)), item_id


def _replace_item(document: PlanDocument, item_id: str, change: PlanItem) -> PlanDocument:
    items = tuple(change if item.id == item_id else item for item in document.plan.items)
    return _with_plan(document, items=items)


def item(document: PlanDocument, item_id: str) -> PlanItem:
    found = document.plan.item(item_id)
    if found is None:
        raise KeyError(item_id)
    return found


# -- decisions that fix a course in time -----------------------------------------------------------
def _fixes_its_course(item: PlanItem) -> bool:
    return item.assessed is not None and item.assessed.decision in _FIXING_DECISIONS


def _fixed_by(document: PlanDocument, item_id: str) -> PlanItem | None:
    """The item whose decision fixes this item's start: the item itself, or a later step of the same treatment
    (whose course, and so its history entry, begins with this item)."""
    items = document.plan.items
    return next(
        (
            decided
            for decided in items
            if _fixes_its_course(decided) and item_id in {step.id for step in course_items(decided, items)}
        ),
        None,
    )


def _fixed_words(decided: PlanItem, catalog: Catalog | None) -> str:
    assessed = decided.assessed
    assert assessed is not None
    name = catalog.modality(decided.modality).name if catalog else "A treatment"
    on = f" on {short_date(assessed.decided_on)}" if assessed.decided_on else ""
    return f"{name}'s course is recorded as {_FIXING_DECISIONS[assessed.decision or '']}{on}"


def start_change_refusal(document: PlanDocument, catalog: Catalog | None = None) -> str | None:
    """Why the plan's start cannot change, in plain words (the catalog names the treatment); None if it
    can."""
    decided = next((item for item in document.plan.items if _fixes_its_course(item)), None)
    if decided is None:
        return None
    return f"{_fixed_words(decided, catalog)}; withdraw that decision first to change the plan's start."


def _created_by(document: PlanDocument, item_id: str) -> PlanItem | None:
    """The item whose decision (a new dose, a replacement) created this one, starting where it ended."""
    return next(
        (other for other in document.plan.items if other.assessed and other.assessed.replaced_by == item_id),
        None,
    )


def move_refusal(document: PlanDocument, item_id: str, catalog: Catalog | None = None) -> str | None:
    """Why the item's start week cannot change, in plain words (the catalog names the treatment); None if it
    can. A step a decision created starts where that decision ended the course, so it stays there too."""
    fixed = _fixed_by(document, item_id) or _created_by(document, item_id)
    if fixed is None:
        return None
    return f"{_fixed_words(fixed, catalog)}; withdraw that decision first to move it."


def link_refusal(document: PlanDocument, item_id: str, catalog: Catalog | None = None) -> str | None:
    """Why what the item replaces cannot change (its course, as a decision recorded it, would change)."""
    fixed = _fixed_by(document, item_id)
    if fixed is None:
        return None
    return f"{_fixed_words(fixed, catalog)}; withdraw that decision first to change what it replaces."


def removal_refusal(document: PlanDocument, item_id: str, catalog: Catalog | None = None) -> str | None:
    """Why the item cannot be removed: it is an earlier step of a course a later step's decision recorded
    (removing it would change where that course began). The decided item itself, and a step a decision
    created, can go."""
    items = document.plan.items
    fixed = next(
        (
            decided
            for decided in items
            if decided.id != item_id
            and _fixes_its_course(decided)
            and item_id in {step.id for step in course_items(decided, items)}
        ),
        None,
    )
    if fixed is None:
        return None
    return f"{_fixed_words(fixed, catalog)}, from this step on; withdraw that decision first to remove it."


def update_item(document: PlanDocument, item_id: str, **changes: object) -> PlanDocument:
    """Change fields of an item. A new start moves the whole item (as a drag on the timeline does); raises
    ValueError when the move is refused (`move_refusal`)."""
    if "start_week" in changes:
        document = move_item(document, item_id, int(changes.pop("start_week")))  # type: ignore[call-overload]
    if "replaces" in changes and changes["replaces"] != item(document, item_id).replaces:
        refusal = link_refusal(document, item_id)
        if refusal is not None:
            raise ValueError(refusal)
    updated = dataclasses.replace(item(document, item_id), **changes)  # type: ignore[arg-type]
    for name in ("assess_week", "end_week"):
        value = getattr(updated, name)
        if value is not None and value < updated.start_week:
            what = name.removesuffix("_week")
            raise ValueError(f"the {what} week cannot be before the start (week {updated.start_week})")
    return _replace_item(document, item_id, updated)


def move_item(document: PlanDocument, item_id: str, start_week: int) -> PlanDocument:
    """Move an item in time, keeping the distance to its assessment and end (a drag on the timeline).

    Raises ValueError with `move_refusal`'s words when a decision fixes the item's start."""
    current = item(document, item_id)
    shift = max(0, start_week) - current.start_week
    if shift == 0:
        return document
    refusal = move_refusal(document, item_id)
    if refusal is not None:
        raise ValueError(refusal)

    def moved(week: int | None) -> int | None:
        return None if week is None else week + shift

    return _replace_item(
        document,
        item_id,
        dataclasses.replace(
            current,
            start_week=current.start_week + shift,
            assess_week=moved(current.assess_week),
            end_week=moved(current.end_week),
        ),
    )


def _unlinked(other: PlanItem, item_id: str) -> PlanItem:
    """The item without its links to `item_id`: what it replaces, and what replaced it after a decision."""
    if other.replaces == item_id:
        other = dataclasses.replace(other, replaces=None)
    if other.assessed is not None and other.assessed.replaced_by == item_id:
        other = dataclasses.replace(other, assessed=dataclasses.replace(other.assessed, replaced_by=None))
    return other


def remove_item(document: PlanDocument, item_id: str) -> PlanDocument:
    """Remove an item and every link to it (`replaces`, and `assessed.replaced_by` of the decision that
    created it). Raises ValueError with `removal_refusal`'s words when a decision recorded its course."""
    refusal = removal_refusal(document, item_id)
    if refusal is not None:
        raise ValueError(refusal)
    items = tuple(_unlinked(other, item_id) for other in document.plan.items if other.id != item_id)
    return _with_plan(document, items=items)


def record_assessment(document: PlanDocument, item_id: str, assessment: Assessment | None) -> PlanDocument:
    return update_item(document, item_id, assessed=assessment)


# -- reviews, start, acknowledgements --------------------------------------------------------------
def set_reviews(
    document: PlanDocument, weeks: Sequence[int], kept: Mapping[int, Review] | None = None
) -> PlanDocument:
    """Reviews at these weeks, each keeping its note and the day it was held, by week: from `kept` (the
    reviews as they were before a run of typing: a week can vanish for a keystroke) or the document's."""
    if kept is None:
        kept = {review.week: review for review in document.plan.reviews}
    reviews = tuple(
        dataclasses.replace(kept[week]) if week in kept else Review(week)
        for week in sorted({max(0, w) for w in weeks})
    )
    return _with_plan(document, reviews=reviews)


def set_plan_start(document: PlanDocument, start: dt.date) -> PlanDocument:
    """The plan starting on another day; raises ValueError with `start_change_refusal`'s words when a decision
    fixes a course in time."""
    if start == document.plan.start:
        return document
    refusal = start_change_refusal(document)
    if refusal is not None:
        raise ValueError(refusal)
    return _with_plan(document, start=start)


def acknowledge(document: PlanDocument, finding: Finding, reason: str, by: str) -> PlanDocument:
    if not reason.strip():
        raise ValueError("an acknowledgement needs a reason")
    ack = Acknowledgement(finding.rule, finding.items, reason.strip(), by)
    return _with_plan(document, acknowledged=(*document.plan.acknowledged, ack))


def withdraw_acknowledgement(document: PlanDocument, acknowledgement: Acknowledgement) -> PlanDocument:
    kept = tuple(ack for ack in document.plan.acknowledged if ack != acknowledgement)
    return _with_plan(document, acknowledged=kept)


# -- patient, history, baseline, goals -------------------------------------------------------------
def set_patient(document: PlanDocument, patient: Patient) -> PlanDocument:
    return dataclasses.replace(document, patient=patient)


def set_history(document: PlanDocument, history: Sequence[HistoryEntry]) -> PlanDocument:
    """Replace the history; plan items that replaced a treatment no longer ongoing lose that link."""
    ongoing = {entry.modality for entry in history if entry.is_ongoing}
    item_ids = {plan_item.id for plan_item in document.plan.items}
    items = tuple(
        dataclasses.replace(plan_item, replaces=None)
        if plan_item.replaces and plan_item.replaces not in item_ids and plan_item.replaces not in ongoing
        else plan_item
        for plan_item in document.plan.items
    )
    return dataclasses.replace(
        document, history=tuple(history), plan=dataclasses.replace(document.plan, items=items)
    )


def set_baseline(document: PlanDocument, baseline: Measurement | None) -> PlanDocument:
    return dataclasses.replace(document, baseline=baseline)


def add_goal(document: PlanDocument, text: str, target_week: int | None = None) -> tuple[PlanDocument, str]:
    """Add a goal under a new random id. Check-ins belong to the patient, and goals to one plan: progress on
    a removed goal, or on a goal of the patient's other plan (made before any check-in named it), must never
    name the new goal, so its id is unique for the patient, not just the plan."""
    named = {entry.goal_id for checkin in document.checkins for entry in checkin.goal_progress}
    used = named | {goal.id for goal in document.goals}
    goal_id = f"g-{uuid.uuid4().hex[:10]}"
    while goal_id in used:  # 40 random bits: a clash is never expected, and never kept
        goal_id = f"g-{uuid.uuid4().hex[:10]}"
    return dataclasses.replace(document, goals=(*document.goals, Goal(goal_id, text, target_week))), goal_id


def update_goal(document: PlanDocument, goal_id: str, **changes: object) -> PlanDocument:
    goals = tuple(
        dataclasses.replace(goal, **changes) if goal.id == goal_id else goal  # type: ignore[arg-type]
        for goal in document.goals
    )
    return dataclasses.replace(document, goals=goals)


def remove_goal(document: PlanDocument, goal_id: str) -> PlanDocument:
    """Remove a goal and unlink it from every item."""
    items = tuple(
        dataclasses.replace(plan_item, goal_ids=tuple(g for g in plan_item.goal_ids if g != goal_id))
        for plan_item in document.plan.items
    )
    goals = tuple(goal for goal in document.goals if goal.id != goal_id)
    return dataclasses.replace(document, goals=goals, plan=dataclasses.replace(document.plan, items=items))


def new_document(patient: Patient, start: dt.date, history: Sequence[HistoryEntry] = ()) -> PlanDocument:
    """An empty plan for a patient, starting on `start`."""
    return PlanDocument(patient=patient, plan=Plan(start=start), history=tuple(history))


# Findings a new item's start week decides; the suggested start avoids them where any week can.
TIMING_RULES = frozenset({"SEQ-LAYER-ORDER", "SEQ-CROWDING", "SEQ-TOO-MANY", "FREQ-LIMIT", "PREREQ-MISSING"})
SEARCH_WEEKS = 78


def suggest_start(document: PlanDocument, catalog: Catalog, modality_id: str) -> int:
    """The earliest week at which adding the treatment raises no timing finding about it (else week 0)."""
    from careplanner.checks import check_plan  # the checks are only needed when adding an item

    for week in range(SEARCH_WEEKS):
        candidate, new_id = add_item(document, catalog, modality_id, week)
        report = check_plan(candidate, catalog, only=TIMING_RULES)
        if not any(new_id in finding.items for finding in report.findings):
            return week
    return 0
