"""The timeline's geometry: how many weeks it shows, where a week sits, and which items are drawn as marks."""

from __future__ import annotations

from dataclasses import dataclass

from careplanner.catalog.model import Modality
from careplanner.domain import PlanDocument, PlanItem
from careplanner.ui.workspace import Workspace

MIN_LABELS, MAX_LABELS = 180, 380
LABEL_SHARE = 0.4  # of the view's width at most: the weeks keep the rest
BEFORE_START = 8  # weeks of ongoing history shown before week 0
MIN_WEEKS = 26
MIN_PER_WEEK, DEFAULT_PER_WEEK, MAX_PER_WEEK = 4.0, 16.0, 60.0


@dataclass
class WeekScale:
    per_week: float
    horizon: int
    labels: float = MIN_LABELS  # the width of the label column

    def x(self, week: float) -> float:
        return self.labels + (week + BEFORE_START) * self.per_week

    def week_at(self, x: float) -> int:
        return round((x - self.labels) / self.per_week) - BEFORE_START


def horizon_of(document: PlanDocument, workspace: Workspace) -> int:
    weeks = [review.week for review in document.plan.reviews]
    for item in document.plan.items:
        window = workspace.catalog.modality(item.modality).window
        weeks += [item.start_week, item.assess_week or 0, item.end_week or 0]
        if window:
            weeks.append(item.start_week + window.max_weeks)
    return max([MIN_WEEKS, *(week + 4 for week in weeks)])


def is_event(modality: Modality, item: PlanItem) -> bool:
    """Given on a day (a procedure, a session, a test) rather than taken for weeks; a course with an end
    week the clinician set is drawn as a bar to that end."""
    given_on_a_day = modality.is_session or (modality.pain_treatment and not modality.is_therapy)
    return given_on_a_day and (item.end_week is None or item.end_week <= item.start_week)
