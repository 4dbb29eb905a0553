"""Reading what a check-in (a follow-up visit) records beyond its scores: goals, adherence, side effects.

Check-ins belong to the patient, not to one plan revision: the store gives every plan of a patient all of
their check-ins, and goals and items change between revisions. So the goal and item a check-in names need not
be in this document (refusing them would make a plan impossible to open); each is named at most once in a
check-in. The baseline is taken before the plan starts, so it has no goal progress, no adherence and no side
effects to record: those fields are refused there rather than ignored, so that nothing entered is lost unseen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Set
from typing import TypeVar

from careplanner.documents.limits import (
    ID_LENGTH,
    MAX_CHECKIN_ADHERENCE,
    MAX_CHECKIN_GOALS,
    MAX_FOLLOWUP_ENTRIES,
    MAX_SIDE_EFFECTS_TOTAL,
    SIDE_EFFECTS_LENGTH,
)
from careplanner.documents.parts import optional_text, read_measurement
from careplanner.domain import ADHERENCE_LEVELS, GOAL_PROGRESS, Adherence, GoalProgress, Measurement
from careplanner.validation import Node, quoted

FOLLOWUP_FIELDS = frozenset({"goals", "adherence", "side_effects"})
GOAL_PROGRESS_FIELDS = frozenset({"goal", "progress"})
ADHERENCE_FIELDS = frozenset({"item", "modality", "level"})
NOT_ON_BASELINE = {
    "goals": "goal progress belongs to check-ins, not to the baseline",
    "adherence": "adherence belongs to check-ins, not to the baseline, taken before the plan starts",
    "side_effects": "side effects belong to check-ins, not to the baseline",
}

T = TypeVar("T")


def read_baseline(node: Node) -> Measurement:
    measurement = read_measurement(node, FOLLOWUP_FIELDS)
    for name, message in NOT_ON_BASELINE.items():
        child = node.get(name)
        if child is not None:
            node.sink.add(node.context, child.path, message)
    return measurement


def read_checkin(node: Node, modalities: Set[str]) -> Measurement:
    measurement = read_measurement(node, FOLLOWUP_FIELDS)
    goals = _unique_entries(
        node.get("goals"),
        _read_goal_progress,
        limit=MAX_CHECKIN_GOALS,
        key=("goal", lambda entry: entry.goal_id),
    )
    adherence = _unique_entries(
        node.get("adherence"),
        lambda child: _read_adherence(child, modalities),
        limit=MAX_CHECKIN_ADHERENCE,
        key=("item", lambda entry: entry.item_id),
    )
    return dataclasses.replace(
        measurement,
        goal_progress=goals,
        adherence=adherence,
        side_effects=optional_text(node, "side_effects", SIDE_EFFECTS_LENGTH),
    )


def _read_goal_progress(node: Node) -> GoalProgress:
    node.note_unknown(GOAL_PROGRESS_FIELDS)
    return GoalProgress(
        goal_id=node.require("goal").as_text(max_length=ID_LENGTH),
        progress=node.require("progress").as_choice(GOAL_PROGRESS),
    )


def _read_adherence(node: Node, modalities: Set[str]) -> Adherence:
    node.note_unknown(ADHERENCE_FIELDS)
    item_id = node.require("item").as_text(max_length=ID_LENGTH)
    modality_node = node.require("modality")
    modality = modality_node.as_text(max_length=ID_LENGTH)
    if modality not in modalities:
        modality_node.fail(f"unknown modality {quoted(modality)} (not in the catalog)")
    return Adherence(
        item_id=item_id, modality=modality, level=node.require("level").as_choice(ADHERENCE_LEVELS)
    )


def _unique_entries(
    node: Node | None, read: Callable[[Node], T], *, limit: int, key: tuple[str, Callable[[T], str]]
) -> tuple[T, ...]:
    """Every entry of the list, each read on its own; a second entry for the same goal or item is refused."""
    if node is None:
        return ()
    field, key_of = key
    entries: list[T] = []
    seen: dict[str, int] = {}
    for index, child in enumerate(node.items(max_count=limit)):
        with node.sink.guard():
            entry = read(child)
            value = key_of(entry)
            if value in seen:
                first = seen[value]
                message = (
                    f"{field} {quoted(value)} is listed twice in this check-in (entries {first} and {index})"
                )
                node.sink.fail(node.context, f"{child.path}.{field}", message)
            seen[value] = index
            entries.append(entry)
    return tuple(entries)


def check_followup_totals(checkins_node: Node, checkins: list[Measurement]) -> None:
    """The document-wide budgets of limits.py, named at the check-in that goes beyond them."""
    entries = 0
    characters = 0
    for index, checkin in enumerate(checkins):
        entries += len(checkin.goal_progress) + len(checkin.adherence)
        characters += len(checkin.side_effects or "")
        path = f"{checkins_node.path}[{index}]"
        if entries > MAX_FOLLOWUP_ENTRIES:
            checkins_node.sink.add(
                checkins_node.context,
                path,
                f"the check-ins hold more than {MAX_FOLLOWUP_ENTRIES:,} goal-progress and adherence entries "
                "together (the limit for one document)",
            )
            return
        if characters > MAX_SIDE_EFFECTS_TOTAL:
            checkins_node.sink.add(
                checkins_node.context,
                f"{path}.side_effects",
                f"the check-ins hold more than {MAX_SIDE_EFFECTS_TOTAL:,} characters of side effects "
                "together (the limit for one document)",
            )
            return
