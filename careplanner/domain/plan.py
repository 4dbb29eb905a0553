"""A patient's plan document as plain immutable data (docs/plan-format.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from careplanner.domain.dose import Dose, dose_from

HISTORY_OUTCOMES: tuple[str, ...] = ("effective", "partial", "failed", "intolerant", "ongoing")
ASSESSMENT_RESULTS: tuple[str, ...] = ("effective", "partial", "failed", "intolerant")
# What was decided at an assessment (docs/plan-format.md, `assessed.decision`).
DECISIONS: tuple[str, ...] = ("continue", "adjust-dose", "stop", "replace")
# How far a check-in found the patient towards a goal: a five-step scale after goal attainment scaling.
GOAL_PROGRESS: tuple[str, ...] = ("worse", "no-change", "some", "achieved", "exceeded")
# Whether a treatment was taken or attended as planned since the last visit.
ADHERENCE_LEVELS: tuple[str, ...] = ("as-planned", "partly", "not-taken")
OTHER_MODALITY = "other"  # a history treatment outside the catalog; the checks ignore it


@dataclass(frozen=True, slots=True)
class Patient:
    id: str
    name: str
    birth_date: dt.date
    sex: str | None = None
    conditions: tuple[str, ...] = ()
    crcl_ml_min: float | None = None  # creatinine clearance (Cockcroft-Gault), constant over the plan

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A treatment tried before the plan; `end=None` means it is still going on (ongoing)."""

    modality: str
    start: dt.date
    outcome: str
    end: dt.date | None = None
    name: str | None = None
    dose_mg_per_day: float | None = None
    relief_percent: float | None = None
    region: str | None = None
    reason: str | None = None
    dose_mcg_per_hour: float | None = None  # fentanyl-patch only, instead of dose_mg_per_day

    @property
    def dose(self) -> Dose | None:
        return dose_from(self.dose_mg_per_day, self.dose_mcg_per_hour)

    @property
    def is_ongoing(self) -> bool:
        return self.end is None

    @property
    def duration_weeks(self) -> int | None:
        """Whole weeks from start to end (a single-day procedure lasts 0 weeks)."""
        return None if self.end is None else (self.end - self.start).days // 7


@dataclass(frozen=True, slots=True)
class PegScores:
    """PEG-3: average pain, interference with enjoyment of life, with general activity (0-10 each)."""

    pain: int
    enjoyment: int
    activity: int

    @property
    def score(self) -> float:
        return (self.pain + self.enjoyment + self.activity) / 3


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """Where a check-in found the patient on one goal (`progress` is one of GOAL_PROGRESS)."""

    goal_id: str
    progress: str


@dataclass(frozen=True, slots=True)
class Adherence:
    """Whether one plan item was taken or attended as planned (`level` is one of ADHERENCE_LEVELS).

    The modality is kept beside the item id: check-ins belong to the patient and are read outside the plan.
    """

    item_id: str
    modality: str
    level: str


@dataclass(frozen=True, slots=True)
class Measurement:
    """The baseline or a check-in; goal progress, adherence and side effects belong to check-ins only."""

    date: dt.date
    peg: PegScores | None = None
    sleep: int | None = None
    mood: int | None = None
    goal_progress: tuple[GoalProgress, ...] = ()
    adherence: tuple[Adherence, ...] = ()
    side_effects: str | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    text: str
    target_week: int | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """The decision taken at an item's assessment."""

    week: int
    result: str
    relief_percent: float | None = None
    note: str | None = None
    decision: str | None = None  # one of DECISIONS; None in documents written before decisions were recorded
    decided_on: dt.date | None = None  # the day of the decision (document field `date`)
    by: str | None = None  # who decided
    replaced_by: str | None = None  # the item that continues the course after "adjust-dose" or "replace"
    # Earlier decisions on the same item, oldest first (e.g. "continue" at week 6 before "stop" at week 10);
    # each without its own `previous`.
    previous: tuple[Assessment, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanItem:
    id: str
    modality: str
    start_week: int
    assess_week: int | None = None
    end_week: int | None = None
    dose_mg_per_day: float | None = None
    region: str | None = None
    replaces: str | None = None
    goal_ids: tuple[str, ...] = ()
    notes: str | None = None
    assessed: Assessment | None = None
    dose_mcg_per_hour: float | None = None  # fentanyl-patch only, instead of dose_mg_per_day

    @property
    def dose(self) -> Dose | None:
        return dose_from(self.dose_mg_per_day, self.dose_mcg_per_hour)


@dataclass(frozen=True, slots=True)
class Review:
    week: int
    note: str | None = None
    held_on: dt.date | None = None  # the day the review took place; None while it is still to come


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A clinician's recorded decision to go ahead despite a finding."""

    rule: str
    items: tuple[str, ...]
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class Plan:
    start: dt.date
    items: tuple[PlanItem, ...] = ()
    reviews: tuple[Review, ...] = ()
    acknowledged: tuple[Acknowledgement, ...] = ()

    def week_date(self, week: int) -> dt.date:
        return self.start + dt.timedelta(days=7 * week)

    def item(self, item_id: str) -> PlanItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@dataclass(frozen=True, slots=True)
class PlanDocument:
    patient: Patient
    plan: Plan
    history: tuple[HistoryEntry, ...] = ()
    baseline: Measurement | None = None
    goals: tuple[Goal, ...] = ()
    checkins: tuple[Measurement, ...] = field(default=())

    @property
    def age_at_start(self) -> int:
        return self.patient.age_on(self.plan.start)
