"""Reading the parts of a plan document: each function checks one object's own fields.

Checks across objects (unique ids, `replaces` targets, goal links) are in `reader`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Set
from dataclasses import dataclass

from careplanner.documents.limits import (
    CRCL_MAX,
    GOAL_LENGTH,
    ID_LENGTH,
    LAST_DATE,
    MAX_ACKNOWLEDGED_ITEMS,
    MAX_CONDITIONS,
    MAX_EARLIER_DECISIONS,
    MAX_GOAL_LINKS,
    MAX_WEEK,
    NAME_LENGTH,
    NOTE_LENGTH,
    SEX_LENGTH,
)
from careplanner.domain import (
    ASSESSMENT_RESULTS,
    DECISIONS,
    DOSE_FIELDS,
    HISTORY_OUTCOMES,
    MG_PER_DAY,
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
    dose_unit_of,
)
from careplanner.validation import Node, quoted

PATIENT_FIELDS = frozenset({"id", "name", "birth_date", "sex", "conditions", "crcl_ml_min"})
HISTORY_FIELDS = frozenset(
    {
        "modality",
        "name",
        "start",
        "end",
        "outcome",
        "dose_mg_per_day",
        "dose_mcg_per_hour",
        "relief_percent",
        "region",
        "reason",
    }
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
        "dose_mcg_per_hour",
        "region",
        "replaces",
        "goal_ids",
        "notes",
        "assessed",
    }
)
ASSESSED_FIELDS = frozenset(
    {"week", "result", "relief_percent", "note", "decision", "date", "by", "replaced_by", "previous"}
)
# An earlier decision kept the course in its item (it was "continue"): what only the latest one may hold.
ONLY_THE_LATEST = {
    "replaced_by": (
        "an earlier decision kept the course in this item: only the latest names an item that continues it"
    ),
    "previous": "earlier decisions are all listed in assessed.previous, not inside one another",
}
REVIEW_FIELDS = frozenset({"week", "note", "held"})
ACK_FIELDS = frozenset({"rule", "items", "reason", "by"})


def optional_text(node: Node, name: str, max_length: int) -> str | None:
    child = node.get(name)
    return child.as_text(allow_empty=True, max_length=max_length) if child else None


def required_text(node: Node, name: str, max_length: int) -> str:
    return node.require(name).as_text(max_length=max_length)


def optional_date(node: Node, name: str) -> dt.date | None:
    child = node.get(name)
    return child.as_date() if child else None


def optional_number(node: Node, name: str, *, minimum: float, maximum: float | None = None) -> float | None:
    child = node.get(name)
    return child.as_number(minimum=minimum, maximum=maximum) if child else None


def read_doses(node: Node, modality: str) -> tuple[float | None, float | None]:
    """(mg a day, mcg an hour): a fentanyl patch is dosed per hour, every other medicine per day."""
    unit = dose_unit_of(modality)
    for other_unit, name in DOSE_FIELDS.items():
        child = node.get(name)
        if child is not None and other_unit != unit:
            wanted = DOSE_FIELDS[unit]
            what = "a fentanyl patch" if unit != MG_PER_DAY else quoted(modality)
            child.fail(f"{what} is dosed in {unit}: give {wanted} instead")
    return (
        optional_number(node, "dose_mg_per_day", minimum=0),
        optional_number(node, "dose_mcg_per_hour", minimum=0),
    )


def read_crcl(node: Node) -> float | None:
    """Creatinine clearance in mL/min: above 0 and at most CRCL_MAX."""
    child = node.get("crcl_ml_min")
    if child is None:
        return None
    value = child.as_number(maximum=CRCL_MAX)
    if value <= 0:
        child.fail("must be above 0 mL/min")
    return value


HISTORY_REF = re.compile(r"^history\[\d+\]$")


@dataclass(frozen=True)
class Weeks:
    """Reads the weeks of a plan starting on `start` (None when the start could not be read)."""

    start: dt.date | None

    def read(self, node: Node) -> int:
        week = node.as_int(minimum=0, maximum=MAX_WEEK)
        if self.start is not None and week > (LAST_DATE - self.start).days // 7:
            node.fail(
                f"week {week} falls after {LAST_DATE}, the end of the calendar (the plan starts {self.start})"
            )
        return week

    def optional(self, node: Node, name: str) -> int | None:
        child = node.get(name)
        return self.read(child) if child else None


def optional_region(node: Node) -> str | None:
    """A region names a place ("lumbar", "left-knee"); leave it out for none, never empty."""
    child = node.get("region")
    return child.as_text(max_length=ID_LENGTH) if child else None


def _score(node: Node, name: str, *, required: bool) -> int | None:
    child = node.require(name) if required else node.get(name)
    return child.as_int(minimum=0, maximum=10) if child else None


def read_patient(node: Node) -> Patient:
    node.note_unknown(PATIENT_FIELDS)
    conditions = node.get("conditions")
    return Patient(
        id=required_text(node, "id", ID_LENGTH),
        name=required_text(node, "name", NAME_LENGTH),
        birth_date=node.require("birth_date").as_date(),
        sex=optional_text(node, "sex", SEX_LENGTH),
        conditions=(
            tuple(c.as_id(max_length=ID_LENGTH) for c in conditions.items(max_count=MAX_CONDITIONS))
            if conditions
            else ()
        ),
        crcl_ml_min=read_crcl(node),
    )


def read_history_entry(node: Node, modalities: Set[str]) -> HistoryEntry:
    node.note_unknown(HISTORY_FIELDS)
    modality_node = node.require("modality")
    modality = modality_node.as_text(max_length=ID_LENGTH)
    if modality != OTHER_MODALITY and modality not in modalities:
        modality_node.fail(
            f'unknown modality {quoted(modality)} (not in the catalog; use "other" with a name)'
        )
    name = (
        required_text(node, "name", NAME_LENGTH)
        if modality == OTHER_MODALITY
        else optional_text(node, "name", NAME_LENGTH)
    )
    start = node.require("start").as_date()
    end_node = node.get("end")
    end = end_node.as_date() if end_node else None
    if end_node and end is not None and end < start:
        end_node.fail(f"{end} is before start {start}")
    outcome = node.require("outcome").as_choice(HISTORY_OUTCOMES)
    mg_per_day, mcg_per_hour = read_doses(node, modality)
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
        dose_mg_per_day=mg_per_day,
        relief_percent=optional_number(node, "relief_percent", minimum=0, maximum=100),
        region=optional_region(node),
        reason=optional_text(node, "reason", NOTE_LENGTH),
        dose_mcg_per_hour=mcg_per_hour,
    )


def read_measurement(node: Node, other_fields: frozenset[str] = frozenset()) -> Measurement:
    """The scores of the baseline or a check-in; `other_fields` are read by the caller (followup_parts)."""
    node.note_unknown(MEASUREMENT_FIELDS | other_fields)
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


def read_goal(node: Node, weeks: Weeks) -> Goal:
    node.note_unknown(GOAL_FIELDS)
    return Goal(
        id=required_text(node, "id", ID_LENGTH),
        text=required_text(node, "text", GOAL_LENGTH),
        target_week=weeks.optional(node, "target_week"),
    )


def read_assessment(node: Node, weeks: Weeks) -> Assessment:
    """The latest decision on an item, with the earlier ones on it, oldest first."""
    earlier = node.get("previous")
    return dataclasses.replace(
        _read_decision(node, weeks),
        replaced_by=_given_text(node, "replaced_by", ID_LENGTH),  # that it names an item: `reader` checks
        previous=_earlier_decisions(earlier, weeks) if earlier else (),
    )


def _earlier_decisions(node: Node, weeks: Weeks) -> tuple[Assessment, ...]:
    """Every earlier decision, each read on its own so that all faulty ones are named at once."""
    decisions: list[Assessment] = []
    for child in node.items(max_count=MAX_EARLIER_DECISIONS):
        with node.sink.guard():
            for name, message in ONLY_THE_LATEST.items():
                field = child.get(name)
                if field is not None:
                    node.sink.add(node.context, field.path, message)
            decisions.append(_read_decision(child, weeks))
    return tuple(decisions)


def _read_decision(node: Node, weeks: Weeks) -> Assessment:
    """The fields every decision has, the latest and the earlier ones alike."""
    node.note_unknown(ASSESSED_FIELDS)
    return Assessment(
        week=weeks.read(node.require("week")),
        result=node.require("result").as_choice(ASSESSMENT_RESULTS),
        relief_percent=optional_number(node, "relief_percent", minimum=0, maximum=100),
        note=optional_text(node, "note", NOTE_LENGTH),
        decision=_optional_choice(node, "decision", DECISIONS),
        decided_on=optional_date(node, "date"),
        by=_given_text(node, "by", NAME_LENGTH),
    )


def _optional_choice(node: Node, name: str, choices: tuple[str, ...]) -> str | None:
    child = node.get(name)
    return child.as_choice(choices) if child else None


def _given_text(node: Node, name: str, max_length: int) -> str | None:
    """Optional, but never blank when given: who decided, or an id."""
    child = node.get(name)
    return child.as_text(max_length=max_length) if child else None


def read_item(node: Node, modalities: Set[str], weeks: Weeks) -> PlanItem:
    node.note_unknown(ITEM_FIELDS)
    modality_node = node.require("modality")
    modality = modality_node.as_text(max_length=ID_LENGTH)
    if modality not in modalities:
        modality_node.fail(f"unknown modality {quoted(modality)} (not in the catalog)")
    item_id = required_text(node, "id", ID_LENGTH)
    if HISTORY_REF.match(item_id):
        node.require("id").fail(
            f"{quoted(item_id)} is reserved for history entries in findings; choose another id"
        )
    start_week = weeks.read(node.require("start_week"))
    for name in ("assess_week", "end_week"):
        week = weeks.optional(node, name)
        if week is not None and week < start_week:
            node.sink.fail(
                node.context, f"{node.path}.{name}", f"week {week} is before start_week {start_week}"
            )
    goal_ids = node.get("goal_ids")
    assessed = node.get("assessed")
    mg_per_day, mcg_per_hour = read_doses(node, modality)
    return PlanItem(
        id=item_id,
        modality=modality,
        start_week=start_week,
        assess_week=weeks.optional(node, "assess_week"),
        end_week=weeks.optional(node, "end_week"),
        dose_mg_per_day=mg_per_day,
        region=optional_region(node),
        replaces=optional_text(node, "replaces", ID_LENGTH),
        goal_ids=goal_ids.as_texts(max_count=MAX_GOAL_LINKS, max_length=ID_LENGTH) if goal_ids else (),
        notes=optional_text(node, "notes", NOTE_LENGTH),
        assessed=read_assessment(assessed, weeks) if assessed else None,
        dose_mcg_per_hour=mcg_per_hour,
    )


def read_review(node: Node, weeks: Weeks) -> Review:
    node.note_unknown(REVIEW_FIELDS)
    return Review(
        week=weeks.read(node.require("week")),
        note=optional_text(node, "note", NOTE_LENGTH),
        held_on=optional_date(node, "held"),
    )


def read_acknowledgement(node: Node) -> Acknowledgement:
    node.note_unknown(ACK_FIELDS)
    items = node.get("items")
    return Acknowledgement(
        rule=required_text(node, "rule", ID_LENGTH),
        items=items.as_texts(max_count=MAX_ACKNOWLEDGED_ITEMS, max_length=ID_LENGTH) if items else (),
        reason=required_text(node, "reason", NOTE_LENGTH),
        by=required_text(node, "by", NAME_LENGTH),
    )
