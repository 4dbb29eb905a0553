"""Check-ins (follow-up visits): what was taken since the last visit, which reviews the visit can be, goal
progress.

Goal progress uses a five-step scale after goal attainment scaling (docs/clinical-reference.md §6, GAS09):
worse than at the start, no change, some progress, the goal achieved, more than the goal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from careplanner.catalog.model import Catalog
from careplanner.documents.limits import NOTE_LENGTH
from careplanner.domain import (
    ADHERENCE_LEVELS,
    GOAL_PROGRESS,
    Measurement,
    PlanDocument,
    PlanItem,
    Review,
)
from careplanner.followup.courses import course_end_week
from careplanner.followup.due import DEFAULT_DAYS_AHEAD
from careplanner.outcomes import checkin_date_problem
from careplanner.reports.dates import short_date

GOAL_PROGRESS_WORDS: dict[str, str] = {
    "worse": "worse than at the start",
    "no-change": "no change",
    "some": "some progress",
    "achieved": "achieved",
    "exceeded": "more than the goal",
}
ADHERENCE_WORDS: dict[str, str] = {
    "as-planned": "as planned",
    "partly": "partly",
    "not-taken": "not taken or not attended",
}
GOAL_PROGRESS_SOURCE = "GAS09"  # the catalog's key for Turner-Stokes 2009 (goal attainment scaling)


def last_visit_before(document: PlanDocument, day: dt.date) -> dt.date:
    """The day of the visit before this one: the latest earlier check-in, else the baseline, else the plan's
    start (whichever is the latest of those on or before the day)."""
    earlier = [checkin.date for checkin in document.checkins if checkin.date < day]
    if earlier:
        return max(earlier)
    baseline = document.baseline
    if baseline is not None and document.plan.start <= baseline.date <= day:
        return baseline.date
    return min(document.plan.start, day)


def items_since_last_visit(document: PlanDocument, day: dt.date) -> tuple[PlanItem, ...]:
    """Plan items taken or attended at any time from the last visit up to and including the day: the
    treatments a check-in on the day asks about (one stopped or replaced since the last visit included)."""
    plan = document.plan
    since = last_visit_before(document, day)
    taken = []
    for item in plan.items:
        end = course_end_week(item, plan.items)
        if plan.week_date(item.start_week) <= day and (end is None or since < plan.week_date(end)):
            taken.append(item)
    return tuple(taken)


def pending_reviews(
    document: PlanDocument, day: dt.date, days_ahead: int = DEFAULT_DAYS_AHEAD
) -> tuple[Review, ...]:
    """Reviews not yet held that are overdue on the day or due within `days_ahead` days of it: the reviews a
    check-in on that day can count as."""
    last = day + dt.timedelta(days=days_ahead)
    plan = document.plan
    return tuple(
        review for review in plan.reviews if review.held_on is None and plan.week_date(review.week) <= last
    )


def mark_reviews_held(document: PlanDocument, weeks: Iterable[int], day: dt.date) -> PlanDocument:
    """The document with the reviews of these weeks held on the day (a review already held keeps its date)."""
    chosen = set(weeks)
    reviews = tuple(
        dataclasses.replace(review, held_on=day)
        if review.week in chosen and review.held_on is None
        else review
        for review in document.plan.reviews
    )
    return dataclasses.replace(document, plan=dataclasses.replace(document.plan, reviews=reviews))


def _goal_problem(document: PlanDocument, measurement: Measurement) -> str | None:
    goals = {goal.id: goal for goal in document.goals}
    seen: set[str] = set()
    for entry in measurement.goal_progress:
        goal = goals.get(entry.goal_id)
        if goal is None:
            return (
                "The check-in gives progress on a goal the patient no longer has (it may have been removed): "
                "give progress only on the goals listed."
            )
        if entry.goal_id in seen:
            return f'The progress on the goal "{goal.text}" is given twice: give it once.'
        if entry.progress not in GOAL_PROGRESS:
            return (
                f'Choose the progress on the goal "{goal.text}" ({", ".join(GOAL_PROGRESS_WORDS.values())}).'
            )
        seen.add(entry.goal_id)
    return None


def _adherence_problem(
    document: PlanDocument, measurement: Measurement, catalog: Catalog | None
) -> str | None:
    day = measurement.date
    active = {item.id: item for item in items_since_last_visit(document, day)}
    seen: set[str] = set()
    for entry in measurement.adherence:
        modality = catalog.modalities.get(entry.modality) if catalog else None
        name = modality.name if modality else "A treatment"
        item = active.get(entry.item_id)
        if item is None or item.modality != entry.modality:
            since = short_date(last_visit_before(document, day))
            return (
                f"{name} was not planned at any time from the last visit ({since}) to {short_date(day)}: "
                "record adherence only for the treatments since the last visit."
            )
        if entry.item_id in seen:
            return f"Adherence to {name} is given twice: give it once."
        if entry.level not in ADHERENCE_LEVELS:
            return f"Choose the adherence to {name} ({', '.join(ADHERENCE_WORDS.values())})."
        seen.add(entry.item_id)
    return None


def checkin_refusal(
    document: PlanDocument, measurement: Measurement, today: dt.date, catalog: Catalog | None = None
) -> str | None:
    """Why the check-in cannot be recorded, in plain words; None when it can.

    With the catalog a message names the treatment concerned (without it: "A treatment").
    """
    date_problem = checkin_date_problem(measurement.date, document.baseline, today)
    if date_problem is not None:
        return date_problem
    if measurement.side_effects is not None and len(measurement.side_effects) > NOTE_LENGTH:
        return f"Side effects are at most {NOTE_LENGTH:,} characters long."
    return _goal_problem(document, measurement) or _adherence_problem(document, measurement, catalog)
