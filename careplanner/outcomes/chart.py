"""The outcome chart (the attribution view) as plain data: PEG score, pain, sleep and mood from the baseline
through every check-in, each treatment's course and assessment window, and the 30 % and 50 % improvement
lines from the baseline PEG score — so a team sees what changed when, and what helped.

The window (careplanner.ui.followup.outcome_chart) and the clinician summary
(careplanner.reports.outcome_chart) draw the same `OutcomeChart`. Nothing here reads the clock: the date range
comes from the record alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.catalog.model import Catalog, Modality
from careplanner.domain import Dose, Measurement, PlanDocument, PlanItem
from careplanner.followup.courses import course_end_week
from careplanner.followup.decisions import RESULT_WORDS
from careplanner.outcomes.peg import MEANINGFUL_PERCENT, SUBSTANTIAL_PERCENT

SCALE_MIN, SCALE_MAX = 0.0, 10.0  # PEG-3, its pain item, sleep and mood are all 0-10 scales
# A record of one day still gets an axis some weeks wide; 42 days always hold the first of a month (a tick).
MIN_SPAN_DAYS = 42
TICK_STEPS = (1, 2, 3, 4, 6, 12)  # months between labelled ticks
PEG, PAIN, SLEEP, MOOD = "peg", "pain", "sleep", "mood"
# The 30 % (meaningful) and 50 % (substantial) improvement lines: docs/clinical-reference.md §6.
IMPROVEMENT_SOURCES = ("IMMPACT", "CDC22")


@dataclass(frozen=True)
class SeriesSpec:
    key: str
    label: str
    better: str  # which way is better on the 0-10 scale, for the legend


# PEG and pain: 0 is no pain (Krebs09); sleep and mood: 10 is best (the check-in form's anchors).
SERIES: tuple[SeriesSpec, ...] = (
    SeriesSpec(PEG, "PEG score", "lower is better"),
    SeriesSpec(PAIN, "Pain", "lower is better"),
    SeriesSpec(SLEEP, "Sleep", "higher is better"),
    SeriesSpec(MOOD, "Mood", "higher is better"),
)
# A verdict in the past tense ("partly effective; dose adjusted"): what was decided, not the choice offered.
DECISION_WORDS = {
    "continue": "continued",
    "adjust-dose": "dose adjusted",
    "stop": "stopped",
    "replace": "replaced",
}


@dataclass(frozen=True)
class Visit:
    """The baseline or a check-in; a score not recorded is None (a gap in its line, never a zero)."""

    date: dt.date
    is_baseline: bool
    peg: float | None
    pain: float | None
    sleep: float | None
    mood: float | None

    def value(self, key: str) -> float | None:
        values = {PEG: self.peg, PAIN: self.pain, SLEEP: self.sleep, MOOD: self.mood}
        return values[key]

    @property
    def kind(self) -> str:
        return "Baseline" if self.is_baseline else "Check-in"


@dataclass(frozen=True)
class TreatmentCourse:
    """One plan item's course: from its start to its end, or still going (`end` None)."""

    item_id: str
    name: str  # the catalog's name
    start: dt.date
    end: dt.date | None
    one_day: bool  # given on a day (a procedure, a session, a test): a mark, not a bar
    dose: Dose | None = None
    result: str | None = None  # the assessment's result, once assessed
    decision: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} {self.dose.text}" if self.dose is not None else self.name

    @property
    def verdict(self) -> str | None:
        """What the assessment found and decided, in words ("partial; dose adjusted"); None until assessed."""
        words = [RESULT_WORDS.get(self.result, self.result) if self.result else None]
        words.append(DECISION_WORDS.get(self.decision, self.decision) if self.decision else None)
        said = [word for word in words if word]
        return "; ".join(said) if said else None

    @property
    def caption(self) -> str:
        """Its name and dose, and what its assessment found: "Duloxetine 60 mg a day — partly effective"."""
        return f"{self.label} — {self.verdict}" if self.verdict else self.label


@dataclass(frozen=True)
class AssessmentWindow:
    """When a treatment's effect can be judged: start + window min to start + window max (the catalog's)."""

    item_id: str
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class ImprovementLine:
    """The PEG score a given improvement from the baseline would reach (IMMPACT, CDC22)."""

    percent: float
    value: float

    @property
    def label(self) -> str:
        return f"{self.percent:g} % better"


@dataclass(frozen=True)
class OutcomeChart:
    first: dt.date
    last: dt.date
    visits: tuple[Visit, ...]  # the baseline first, then the check-ins in date order
    courses: tuple[TreatmentCourse, ...]  # in start order
    windows: tuple[AssessmentWindow, ...]
    lines: tuple[ImprovementLine, ...]  # empty without a baseline PEG score
    lines_source: str = ""  # the improvement lines' sources by the names a clinician knows

    def segments(self, key: str) -> list[list[tuple[dt.date, float]]]:
        """The series' points in runs without a gap: a missing score breaks the line."""
        runs: list[list[tuple[dt.date, float]]] = [[]]
        for visit in self.visits:
            value = visit.value(key)
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((visit.date, value))
        return [run for run in runs if run]

    def share(self, day: dt.date) -> float:
        """Where a date falls between the first (0) and the last (1) date of the chart."""
        return (day - self.first).days / max(1, (self.last - self.first).days)


def _visit(measurement: Measurement, is_baseline: bool) -> Visit:
    peg = measurement.peg
    return Visit(
        date=measurement.date,
        is_baseline=is_baseline,
        peg=None if peg is None else round(peg.score, 2),
        pain=None if peg is None else float(peg.pain),
        sleep=None if measurement.sleep is None else float(measurement.sleep),
        mood=None if measurement.mood is None else float(measurement.mood),
    )


def _has_score(measurement: Measurement) -> bool:
    return any(value is not None for value in (measurement.peg, measurement.sleep, measurement.mood))


def _visits(document: PlanDocument) -> tuple[Visit, ...]:
    baseline = document.baseline
    first = [_visit(baseline, True)] if baseline is not None and _has_score(baseline) else []
    checkins = sorted((m for m in document.checkins if _has_score(m)), key=lambda m: m.date)
    return (*first, *(_visit(m, False) for m in checkins))


def _one_day(modality: Modality, item: PlanItem) -> bool:
    given_on_a_day = modality.is_session or modality.kind == "diagnostic"
    return given_on_a_day and (item.end_week is None or item.end_week <= item.start_week)


def _course(document: PlanDocument, item: PlanItem, modality: Modality) -> TreatmentCourse:
    plan = document.plan
    one_day = _one_day(modality, item)
    end_week = item.start_week if one_day else course_end_week(item, plan.items)
    assessed = item.assessed
    return TreatmentCourse(
        item_id=item.id,
        name=modality.name,
        start=plan.week_date(item.start_week),
        end=None if end_week is None else plan.week_date(max(end_week, item.start_week)),
        one_day=one_day,
        dose=item.dose,
        result=assessed.result if assessed is not None else None,
        decision=assessed.decision if assessed is not None else None,
    )


def _window(document: PlanDocument, item: PlanItem, modality: Modality) -> AssessmentWindow | None:
    window = modality.window
    if window is None:
        return None
    plan = document.plan
    opens, closes = item.start_week + window.min_weeks, item.start_week + window.max_weeks
    return AssessmentWindow(item.id, modality.name, plan.week_date(opens), plan.week_date(closes))


def _lines(document: PlanDocument) -> tuple[ImprovementLine, ...]:
    baseline = document.baseline
    if baseline is None or baseline.peg is None:
        return ()
    score = baseline.peg.score
    return tuple(
        ImprovementLine(percent, round(score * (1 - percent / 100), 2))
        for percent in (MEANINGFUL_PERCENT, SUBSTANTIAL_PERCENT)
    )


def _date_range(
    document: PlanDocument,
    visits: tuple[Visit, ...],
    courses: tuple[TreatmentCourse, ...],
    windows: tuple[AssessmentWindow, ...],
) -> tuple[dt.date, dt.date]:
    days = [document.plan.start, *(v.date for v in visits), *(c.start for c in courses)]
    days += [c.end for c in courses if c.end is not None] + [w.end for w in windows]
    first, last = min(days), max(days)
    return first, max(last, first + dt.timedelta(days=MIN_SPAN_DAYS))


def outcome_chart(document: PlanDocument, catalog: Catalog) -> OutcomeChart | None:
    """The chart of the record, or None when neither the baseline nor any check-in has a score."""
    visits = _visits(document)
    if not visits:
        return None
    items = sorted(document.plan.items, key=lambda i: (i.start_week, i.id))
    modalities = catalog.modalities
    known = [(item, modalities[item.modality]) for item in items if item.modality in modalities]
    courses = tuple(_course(document, item, modality) for item, modality in known)
    windows = tuple(w for item, modality in known if (w := _window(document, item, modality)) is not None)
    first, last = _date_range(document, visits, courses, windows)
    lines = _lines(document)
    source = catalog.source_names(IMPROVEMENT_SOURCES) if lines else ""
    return OutcomeChart(first, last, visits, courses, windows, lines, source)


def _month_starts(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """The first of every `step`-th month from `first` to `last` (January always among them)."""
    month = first.year * 12 + first.month - 1 + (0 if first.day == 1 else 1)  # months since year 0
    days = []
    while (day := dt.date(month // 12, month % 12 + 1, 1)) <= last:
        if (day.month - 1) % step == 0:
            days.append(day)
        month += 1
    return days


def month_ticks(first: dt.date, last: dt.date, most: int) -> list[dt.date]:
    """Month starts to label the date axis with: every month if at most `most` fit, else every 2nd, 3rd…"""
    days: list[dt.date] = []
    for step in TICK_STEPS:
        days = _month_starts(first, last, step)
        if len(days) <= max(1, most):
            break
    return days


def pack_lanes(spans: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """A lane for each (start, end) span, in the order given: the first lane free by its start, so spans
    sharing a lane never overlap (the treatments' bars with their labels, under the plot)."""
    lane_ends: list[float] = []
    lanes = []
    for start, end in spans:
        lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end + gap <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        lanes.append(lane)
    return lanes
