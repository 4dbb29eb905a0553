"""Botulinum toxin for chronic migraine: stop after a trial that fell short (docs/clinical-reference.md §5).

A trial is a first item and its second cycle (docs/plan-format.md, Definitions); the first item's assessment
judges both, its `relief_percent` read as the fall in headache days per month.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from careplanner.checks.context import BOTOX_MIGRAINE, Course, PlanContext, judgement_week
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule


def _fall(course: Course) -> float | None:
    """The fall in headache days the trial's assessment recorded, when it recorded one."""
    assessed = course.item.assessed if course.item else None
    return assessed.relief_percent if assessed else None


@dataclass(frozen=True)
class _ShortTrial:
    """A trial whose assessment fell short: its first item, when it was judged, and the fall it recorded."""

    first: Course
    judged_in: int
    fall: float


def _judged_short(ctx: PlanContext, window_max: int) -> list[_ShortTrial]:
    """Trials whose assessment fell short (the catalog's threshold, NICE TA260), in start order."""
    needed = ctx.catalog.rules.thresholds.botox_min_fall_percent
    short = []
    for course in ctx.planned_by_modality.get(BOTOX_MIGRAINE, ()):
        fall = _fall(course)
        if course.ref in ctx.second_cycles or course.item is None or fall is None:
            continue
        if fall < needed:
            short.append(_ShortTrial(course, judgement_week(course.item, window_max), fall))
    return sorted(short, key=lambda trial: trial.first.start)


@rule("GUIDE-BOTOX-STOP", "warning")
def botox_stop(ctx: PlanContext) -> Iterator[Finding]:
    planned = ctx.planned_by_modality.get(BOTOX_MIGRAINE, ())
    window = planned[0].modality.window if planned else None
    if window is None:
        return
    short = _judged_short(ctx, window.max_weeks)
    if not short:
        return
    for course in ctx.new_therapies:
        if course.modality.id != BOTOX_MIGRAINE or course.item is None:
            continue
        week = course.item.start_week
        earlier = [t for t in short if t.first.start < course.start and t.judged_in <= week]
        if not earlier:
            continue
        trial = earlier[-1]  # the latest trial that fell short speaks for the decision
        needed = ctx.catalog.rules.thresholds.botox_min_fall_percent
        yield ctx.finding(
            "GUIDE-BOTOX-STOP",
            "warning",
            (course.ref, trial.first.ref),
            f"{course.modality.name} is planned again in week {week}, after the trial that began in week "
            f"{trial.first.start // 7} was judged in week {trial.judged_in}: headache days fell by "
            f"{trial.fall:g}%, less than the "
            f"{needed}% needed to continue. Stop the injections, or record why they continue.",
        )
