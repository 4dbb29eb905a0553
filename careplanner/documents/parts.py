"""Reading the parts of a plan document: each function checks one object's own fields.

Checks across objects (unique ids, `replaces` targets, goal links) are in `reader`.
"""

from __future__ import annotations

import re
from collections.abc import Set

from careplanner.domain import (
    ASSESSMENT_RESULTS,
    HISTORY_OUTCOMES,
    OTHER_MODALITY,
    Acknowledgement,
    Assessment,
    Goal,
    HistoryEntry,
    Measurement,
    Patient,
    PegScores,
    PlanItem,
    Review,
)
from careplanner.validation import Node

PATIENT_FIELDS = frozenset({"id", "name", "birth_date", "sex", "conditions"})
HISTORY_FIELDS = frozenset(
    {"modality", "name", "start", "end", "outcome", "dose_mg_per_day", "relief_percent", "region", "reason"}
)
MEASUREMENT_FIELDS = frozenset({"date", "peg", "sleep", "mood"})
PEG_FIELDS = frozenset({"pain", "enjoyment", "activity"})
GOAL_FIELDS = frozenset({"id", "text", "target_week"})
ITEM_FIELDS = frozenset(
    {
        "id",
        "modality",
        "start_week",
        "assess_week",
        "end_week",
        "dose_mg_per_day",
        "region",
        "replaces",
        "goal_ids",
        "notes",
        "assessed",
    }
)
ASSESSED_FIELDS = frozenset({"week", "result", "relief_percent", "note"})
REVIEW_FIELDS = frozenset({"week", "note"})
ACK_FIELDS = frozenset({"rule", "items", "reason", "by"})


def optional_text(node: Node, name: str) -> str | None:
    child = node.get(name)
    return child.as_text(allow_empty=True) if child else None


def optional_number(node: Node, name: str, *, minimum: float, maximum: float | None = None) -> float | None:
    child = node.get(name)
    return child.as_number(minimum=minimum, maximum=maximum) if child else None


MAX_WEEK = 5200  # a hundred years: every week of a plan must have a calendar date
HISTORY_REF = re.compile(r"^history\[\d+\]$")


def read_week(node: Node) -> int:
    return node.as_int(minimum=0, maximum=MAX_WEEK)


def optional_week(node: Node, name: str) -> int | None:
    child = node.get(name)
    return read_week(child) if child else None


def optional_region(node: Node) -> str | None:
    """A region names a place ("lumbar", "left-knee"); leave it out for none, never empty."""
    child = node.get("region")
    return child.as_text() if child else None


def _score(node: Node, name: str, *, required: bool) -> int | None:
    child = node.require(name) if required else node.get(name)
    return child.as_int(minimum=0, maximum=10) if child else None


def read_patient(node: Node) -> Patient:
    node.note_unknown(PATIENT_FIELDS)
    conditions = node.get("conditions")
    return Patient(
        id=node.require("id").as_text(),
        name=node.require("name").as_text(),
        birth_date=node.require("birth_date").as_date(),
        sex=optional_text(node, "sex"),
        conditions=tuple(c.as_id() for c in conditions.items()) if conditions else (),
    )


def read_history_entry(node: Node, modalities: Set[str]) -> HistoryEntry:
    node.note_unknown(HISTORY_FIELDS)
    modality_node = node.require("modality")
    modality = modality_node.as_text()
    if modality != OTHER_MODALITY and modality not in modalities:
        modality_node.fail(f'unknown modality "{modality}" (not in the catalog; use "other" with a name)')
    name = node.require("name").as_text() if modality == OTHER_MODALITY else optional_text(node, "name")
    start = node.require("start").as_date()
    end_node = node.get("end")
    end = end_node.as_date() if end_node else None
    if end_node and end is not None and end < start:
        end_node.fail(f"{end} is before start {start}")
    outcome = node.require("outcome").as_choice(HISTORY_OUTCOMES)
    if outcome in ("failed", "intolerant") and end is None:
        node.sink.fail(
            node.context, f"{node.path}.end", f"a treatment ended as {outcome} must have an end date"
        )
    return HistoryEntry(
        modality=modality,
        start=start,
        outcome=outcome,
        end=end,
        name=name,
        dose_mg_per_day=optional_number(node, "dose_mg_per_day", minimum=0),
        relief_percent=optional_number(node, "relief_percent", minimum=0, maximum=100),
        region=optional_region(node),
        reason=optional_text(node, "reason"),
    )


def read_measurement(node: Node) -> Measurement:
    node.note_unknown(MEASUREMENT_FIELDS)
    peg_node = node.get("peg")
    peg = None
    if peg_node:
        peg_node.note_unknown(PEG_FIELDS)
        pain, enjoyment, activity = (
            _score(peg_node, name, required=True) for name in ("pain", "enjoyment", "activity")
        )
        assert pain is not None and enjoyment is not None and activity is not None  # required above
        peg = PegScores(pain, enjoyment, activity)
    return Measurement(
        date=node.require("date").as_date(),
        peg=peg,
        sleep=_score(node, "sleep", required=False),
        mood=_score(node, "mood", required=False),
    )


def read_goal(node: Node) -> Goal:
    node.note_unknown(GOAL_FIELDS)
    return Goal(
        id=node.require("id").as_text(),
        text=node.require("text").as_text(),
        target_week=optional_week(node, "target_week"),
    )


def read_assessment(node: Node) -> Assessment:
    node.note_unknown(ASSESSED_FIELDS)
    return Assessment(
        week=read_week(node.require("week")),
        result=node.require("result").as_choice(ASSESSMENT_RESULTS),
        relief_percent=optional_number(node, "relief_percent", minimum=0, maximum=100),
        note=optional_text(node, "note"),
    )


def read_item(node: Node, modalities: Set[str]) -> PlanItem:
    node.note_unknown(ITEM_FIELDS)
    modality_node = node.require("modality")
    modality = modality_node.as_text()
    if modality not in modalities:
        modality_node.fail(f'unknown modality "{modality}" (not in the catalog)')
    item_id = node.require("id").as_text()
    if HISTORY_REF.match(item_id):
        node.require("id").fail(f'"{item_id}" is reserved for history entries in findings; choose another id')
    start_week = read_week(node.require("start_week"))
    for name in ("assess_week", "end_week"):
        week = optional_week(node, name)
        if week is not None and week < start_week:
            node.sink.fail(
                node.context, f"{node.path}.{name}", f"week {week} is before start_week {start_week}"
            )
    goal_ids = node.get("goal_ids")
    assessed = node.get("assessed")
    return PlanItem(
        id=item_id,
        modality=modality,
        start_week=start_week,
        assess_week=optional_week(node, "assess_week"),
        end_week=optional_week(node, "end_week"),
        dose_mg_per_day=optional_number(node, "dose_mg_per_day", minimum=0),
        region=optional_region(node),
        replaces=optional_text(node, "replaces"),
        goal_ids=goal_ids.as_texts() if goal_ids else (),
        notes=optional_text(node, "notes"),
        assessed=read_assessment(assessed) if assessed else None,
    )


def read_review(node: Node) -> Review:
    node.note_unknown(REVIEW_FIELDS)
    return Review(week=read_week(node.require("week")), note=optional_text(node, "note"))


def read_acknowledgement(node: Node) -> Acknowledgement:
    node.note_unknown(ACK_FIELDS)
    items = node.get("items")
    return Acknowledgement(
        rule=node.require("rule").as_text(),
        items=items.as_texts() if items else (),
        reason=node.require("reason").as_text(),
        by=node.require("by").as_text(),
    )
