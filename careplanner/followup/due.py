"""Which assessments and reviews of a plan are still open, and when each falls due.

Due dates are calendar dates (the plan's start plus whole weeks): they never pass through a clock or a time
zone, so a list made on a computer in any zone gives the same dates. `as_of` is a date chosen by the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplanner.domain import PlanDocument, PlanItem
from careplanner.followup.courses import course_end_week

ASSESSMENT = "assessment"
REVIEW = "review"
DUE = "due"
OVERDUE = "overdue"
DEFAULT_DAYS_AHEAD = 7


@dataclass(frozen=True, slots=True)
class OpenDate:
    """An assessment not yet decided, or a review not yet held, with the date it falls due."""

    kind: str  # ASSESSMENT or REVIEW
    due_date: dt.date
    item_id: str | None = None  # the plan item, for an assessment
    modality: str | None = None  # the item's treatment, for an assessment
    week: int = 0  # the plan week it falls in


def _assessment_is_open(item: PlanItem, items: tuple[PlanItem, ...]) -> bool:
    if item.assess_week is None or item.assessed is not None:
        return False
    end = course_end_week(item, items)
    # A course stopped or replaced before its assessment week is never judged there.
    return end is None or end > item.assess_week


def open_dates(document: PlanDocument) -> list[OpenDate]:
    """Every open assessment and review of the plan, in date order (assessments first on the same day)."""
    plan = document.plan
    found = [
        OpenDate(ASSESSMENT, plan.week_date(item.assess_week), item.id, item.modality, item.assess_week)
        for item in plan.items
        if item.assess_week is not None and _assessment_is_open(item, plan.items)
    ]
    found += [
        OpenDate(REVIEW, plan.week_date(review.week), week=review.week)
        for review in plan.reviews
        if review.held_on is None
    ]
    return sorted(found, key=lambda d: (d.due_date, d.kind != ASSESSMENT, d.item_id or ""))


def status_on(due_date: dt.date, as_of: dt.date, days_ahead: int = DEFAULT_DAYS_AHEAD) -> str | None:
    """OVERDUE before `as_of`, DUE from `as_of` to `days_ahead` days after it, None when further off."""
    if due_date < as_of:
        return OVERDUE
    if due_date <= as_of + dt.timedelta(days=days_ahead):
        return DUE
    return None


def days_overdue(due_date: dt.date, as_of: dt.date) -> int:
    """Whole days past the due date; 0 when it is not past."""
    return max(0, (as_of - due_date).days)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def due_words(due_date: dt.date, as_of: dt.date) -> str:
    """When it falls due, seen from `as_of`: "overdue by 5 days", "due today", "due tomorrow", "due in 3 days"

    The one wording of the window's worklist, the follow-up tab and `careplanner due`.
    """
    ahead = (due_date - as_of).days
    if ahead < 0:
        return f"overdue by {_days(-ahead)}"
    if ahead == 0:
        return "due today"
    return "due tomorrow" if ahead == 1 else f"due in {_days(ahead)}"


# The keys of one line of `careplanner due --format json`, in order (also the CSV columns).
JSON_KEYS = (
    "patient_id",
    "patient_name",
    "plan_id",
    "item",
    "treatment",
    "kind",
    "due_date",
    "status",
    "days_overdue",
)


@dataclass(frozen=True, slots=True)
class DueEntry:
    """One line of the clinic's list of assessments and reviews due or overdue."""

    patient_key: int  # the patient's row in the store, to open the record
    patient_id: str  # the record number
    patient_name: str
    plan_id: int
    plan_title: str
    kind: str  # ASSESSMENT or REVIEW
    due_date: dt.date
    item_id: str | None  # the plan item of an assessment; None for a review
    modality: str | None  # the item's treatment; None for a review
    status: str  # DUE or OVERDUE
    days_overdue: int
    week: int | None = None  # the plan week it falls in ("Review (week 4)")

    def as_json(self, treatment: str | None) -> dict[str, object]:
        """The entry in the shape of `careplanner due --format json` (docs/plan-format.md)."""
        return {
            "patient_id": self.patient_id,
            "patient_name": self.patient_name,
            "plan_id": self.plan_id,
            "item": self.item_id,
            "treatment": treatment,
            "kind": self.kind,
            "due_date": self.due_date.isoformat(),
            "status": self.status,
            "days_overdue": self.days_overdue,
        }
