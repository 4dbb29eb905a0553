"""The `careplanner/1` plan document declared once, as pydantic models, for its JSON Schema.

This declaration is the published shape of a plan file (docs/plan-format.md); `careplanner.contract.schema`
turns it into docs/plan.schema.json. The app itself reads documents with `careplanner.documents` (strict,
fast, with messages for a clinician), so pydantic is never imported at start-up or while checking.

The schema says what a single field may hold. Rules that relate several fields (unique item ids, `replaces`
and `replaced_by` naming an item, a goal or an item at most once in a check-in, `assess_week` not before
`start_week`, a week's date within the calendar, the follow-up entries of all check-ins together, the earlier
decisions of all items together) are the reader's: a document valid against the schema may still be refused,
but a document the app reads is always valid. Every object accepts fields of its own beyond these: the app
ignores them with a note.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from careplanner.documents.limits import (
    CRCL_MAX,
    GOAL_LENGTH,
    ID_LENGTH,
    MAX_ACKNOWLEDGED_ITEMS,
    MAX_ACKNOWLEDGEMENTS,
    MAX_CHECKIN_ADHERENCE,
    MAX_CHECKIN_GOALS,
    MAX_CHECKINS,
    MAX_CONDITIONS,
    MAX_EARLIER_DECISIONS,
    MAX_GOAL_LINKS,
    MAX_GOALS,
    MAX_HISTORY,
    MAX_ITEMS,
    MAX_REVIEWS,
    MAX_WEEK,
    NAME_LENGTH,
    NOTE_LENGTH,
    SEX_LENGTH,
    SIDE_EFFECTS_LENGTH,
)
from careplanner.domain.dose import DOSED_PER_HOUR

NOT_BLANK = r"\S"  # required text holds at least one character that is not white space
HISTORY_REFERENCE = r"^history\[[0-9]+\]$"  # how findings name history entries; never an item id

IdText = Annotated[str, StringConstraints(max_length=ID_LENGTH, pattern=NOT_BLANK)]
NameText = Annotated[str, StringConstraints(max_length=NAME_LENGTH, pattern=NOT_BLANK)]
NoteText = Annotated[str, StringConstraints(max_length=NOTE_LENGTH)]
ConditionId = Annotated[str, StringConstraints(max_length=ID_LENGTH, pattern=r"^[a-z0-9][a-z0-9.-]*$")]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    Field(json_schema_extra={"format": "date"}),
]
Week = Annotated[int, Field(ge=0, le=MAX_WEEK, description="Whole weeks from plan.start (week 0).")]
Score = Annotated[int, Field(ge=0, le=10)]
Percent = Annotated[float, Field(ge=0, le=100)]
MgPerDay = Annotated[float, Field(ge=0, description="Daily dose in mg (not for fentanyl-patch).")]
McgPerHour = Annotated[float, Field(ge=0, description="Patch strength in mcg/h (fentanyl-patch only).")]
Outcome = Literal["effective", "partial", "failed", "intolerant", "ongoing"]
Result = Literal["effective", "partial", "failed", "intolerant"]
Decision = Literal["continue", "adjust-dose", "stop", "replace"]
Progress = Literal["worse", "no-change", "some", "achieved", "exceeded"]
AdherenceLevel = Literal["as-planned", "partly", "not-taken"]


def _catalog_modality_ids(schema: dict[str, Any]) -> None:
    """The modality ids of the shipped catalog, read when the schema is generated."""
    from careplanner.catalog import default_catalog

    schema["enum"] = sorted(default_catalog().modalities)


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", use_attribute_docstrings=True)


class ModalityId(RootModel[str]):
    """A treatment of the catalog (docs/clinical-reference.md §1), spelled exactly."""

    model_config = ConfigDict(json_schema_extra=_catalog_modality_ids)


def _doses_by_modality() -> dict[str, Any]:
    """A patch takes dose_mcg_per_hour, every other modality dose_mg_per_day; the other field is refused."""
    per_hour = sorted(DOSED_PER_HOUR)
    return {
        "if": {"properties": {"modality": {"enum": per_hour}}, "required": ["modality"]},
        "then": {"properties": {"dose_mg_per_day": {"type": "null"}}},
        "else": {"properties": {"dose_mcg_per_hour": {"type": "null"}}},
    }


def _history_rules(schema: dict[str, Any]) -> None:
    schema["allOf"] = [
        _doses_by_modality(),
        {  # a treatment outside the catalog is named in words
            "if": {"properties": {"modality": {"const": "other"}}, "required": ["modality"]},
            "then": {"required": ["name"], "properties": {"name": {"type": "string"}}},
        },
        {  # a failed or poorly tolerated treatment has ended
            "if": {"properties": {"outcome": {"enum": ["failed", "intolerant"]}}, "required": ["outcome"]},
            "then": {"required": ["end"], "properties": {"end": {"type": "string"}}},
        },
    ]


def _item_rules(schema: dict[str, Any]) -> None:
    schema["allOf"] = [_doses_by_modality()]


class Patient(_Part):
    id: IdText
    """The patient's record number."""
    name: NameText
    birth_date: IsoDate
    """Age is taken at plan.start."""
    sex: Annotated[str, StringConstraints(max_length=SEX_LENGTH)] | None = None
    conditions: Annotated[list[ConditionId], Field(max_length=MAX_CONDITIONS)] | None = None
    """Lower-case condition ids; those the checks read are listed in docs/plan-format.md."""
    crcl_ml_min: Annotated[float, Field(gt=0, le=CRCL_MAX)] | None = None
    """Creatinine clearance in mL/min (Cockcroft-Gault), near the plan's start."""


class HistoryEntry(_Part, json_schema_extra=_history_rules):
    modality: ModalityId | Literal["other"]
    """A catalog modality, or "other" (with a name) for a treatment the checks ignore."""
    name: NameText | None = None
    start: IsoDate
    end: IsoDate | None = None
    """null: still going on at plan start (ongoing)."""
    outcome: Outcome
    dose_mg_per_day: MgPerDay | None = None
    dose_mcg_per_hour: McgPerHour | None = None
    relief_percent: Percent | None = None
    """Relief from a diagnostic block or a device trial."""
    region: IdText | None = None
    reason: NoteText | None = None


class Peg(_Part):
    """PEG-3: average pain, interference with enjoyment of life, with general activity."""

    pain: Score
    enjoyment: Score
    activity: Score


class Measurement(_Part):
    date: IsoDate
    peg: Peg | None = None
    sleep: Score | None = None
    mood: Score | None = None


class Baseline(Measurement):
    """The measurement taken before the plan starts; the follow-up records of check-ins are refused here."""

    goals: None = None
    """Goal progress belongs to check-ins."""
    adherence: None = None
    """Adherence belongs to check-ins."""
    side_effects: None = None
    """Side effects belong to check-ins."""


class GoalProgress(_Part):
    """Where the patient stood on one goal at a check-in."""

    goal: IdText
    """A goal's id, at most once per check-in; possibly of another plan or an earlier revision."""
    progress: Progress


class Adherence(_Part):
    """Whether one treatment was taken or attended as planned since the last visit."""

    item: IdText
    """A plan item's id (possibly of an earlier revision of the plan), at most once per check-in."""
    modality: ModalityId
    level: AdherenceLevel


class Checkin(Measurement):
    """A follow-up visit: the scores, with the follow-up records the app keeps."""

    goals: Annotated[list[GoalProgress], Field(max_length=MAX_CHECKIN_GOALS)] | None = None
    adherence: Annotated[list[Adherence], Field(max_length=MAX_CHECKIN_ADHERENCE)] | None = None
    side_effects: Annotated[str, StringConstraints(max_length=SIDE_EFFECTS_LENGTH)] | None = None


class Goal(_Part):
    id: IdText
    text: Annotated[str, StringConstraints(max_length=GOAL_LENGTH, pattern=NOT_BLANK)]
    target_week: Week | None = None


class _Decision(_Part):
    week: Week
    result: Result
    relief_percent: Percent | None = None
    note: NoteText | None = None
    decision: Decision | None = None
    date: IsoDate | None = None
    """The day of the decision."""
    by: NameText | None = None
    """Who decided."""


class EarlierDecision(_Decision):
    """A decision taken on the same item before the latest one; it kept the course in the item."""

    replaced_by: None = None
    """Only the latest decision names an item that continues the course."""
    previous: None = None
    """Earlier decisions are all listed in the latest decision's `previous`."""


class Assessment(_Decision):
    """The decision taken at an item's assessment: the latest, with the earlier ones on the same item."""

    replaced_by: IdText | None = None
    """Another item of the plan, which continues the course after "adjust-dose" or "replace"."""
    previous: Annotated[list[EarlierDecision], Field(max_length=MAX_EARLIER_DECISIONS)] | None = None
    """The earlier decisions on the item, oldest first."""


class PlanItem(_Part, json_schema_extra=_item_rules):
    id: Annotated[IdText, Field(json_schema_extra={"not": {"pattern": HISTORY_REFERENCE}})]
    """Unique within the plan."""
    modality: ModalityId
    start_week: Week
    assess_week: Week | None = None
    """Not before start_week."""
    end_week: Week | None = None
    """Not before start_week; without it the item stays active."""
    dose_mg_per_day: MgPerDay | None = None
    dose_mcg_per_hour: McgPerHour | None = None
    region: IdText | None = None
    replaces: Annotated[str, StringConstraints(max_length=ID_LENGTH)] | None = None
    """An item id, or the modality id of an ongoing history entry."""
    goal_ids: Annotated[list[IdText], Field(max_length=MAX_GOAL_LINKS)] | None = None
    notes: NoteText | None = None
    assessed: Assessment | None = None


class Review(_Part):
    week: Week
    note: NoteText | None = None
    held: IsoDate | None = None
    """The day the review took place; absent while it is still to come."""


class Acknowledgement(_Part):
    """A clinician's recorded decision to go ahead despite a finding."""

    rule: IdText
    items: Annotated[list[IdText], Field(max_length=MAX_ACKNOWLEDGED_ITEMS)] | None = None
    """The finding's items, in any order; empty or absent for a finding that names none."""
    reason: Annotated[str, StringConstraints(max_length=NOTE_LENGTH, pattern=NOT_BLANK)]
    by: NameText


class Plan(_Part):
    start: IsoDate
    """The date of week 0."""
    items: Annotated[list[PlanItem], Field(max_length=MAX_ITEMS)] | None = None
    reviews: Annotated[list[Review], Field(max_length=MAX_REVIEWS)] | None = None
    acknowledged: Annotated[list[Acknowledgement], Field(max_length=MAX_ACKNOWLEDGEMENTS)] | None = None


class PlanDocument(_Part):
    """A staged multimodal care plan with its patient, history and outcomes (docs/plan-format.md)."""

    model_config = ConfigDict(title="careplanner plan document")

    format: Literal["careplanner/1"]
    patient: Patient
    history: Annotated[list[HistoryEntry], Field(max_length=MAX_HISTORY)] | None = None
    baseline: Baseline | None = None
    goals: Annotated[list[Goal], Field(max_length=MAX_GOALS)] | None = None
    checkins: Annotated[list[Checkin], Field(max_length=MAX_CHECKINS)] | None = None
    plan: Plan
