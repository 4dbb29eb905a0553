"""Procedure prerequisites that can be read from the record (CLINICAL.md §3).

A result counts from history, or from an item planned in an earlier week: met when its recorded result meets
the threshold, pending while it has no result yet, and not counted when the result falls short.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from careplanner.catalog.model import Prerequisite
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule

NEGATIVE_RESULTS = frozenset({"failed", "intolerant"})


def same_region(a: str | None, b: str | None) -> bool:
    """A result counts where its region equals the item's or either has none."""
    return a is None or b is None or a == b


@dataclass
class _Series:
    """Planned results of one prerequisite modality in one region, by start week, with running counts."""

    weeks: list[int] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    met_before: list[int] = field(default_factory=lambda: [0])
    pending_before: list[int] = field(default_factory=lambda: [0])


@dataclass(frozen=True)
class Tally:
    met: int
    pending: int


def _history_meets(prerequisite: Prerequisite, course: Course) -> bool:
    entry = course.history
    assert entry is not None
    if prerequisite.relief_threshold is None:
        return entry.outcome not in NEGATIVE_RESULTS
    return prerequisite.accepts(entry.relief_percent)


def _planned_result(prerequisite: Prerequisite, course: Course) -> str:
    """'met', 'pending' or 'short' for a prerequisite planned in an earlier week."""
    assessed = course.item.assessed if course.item else None
    if assessed is None:
        return "pending"
    if assessed.result in NEGATIVE_RESULTS:
        return "short"
    # A threshold needs the relief figure, as for history: a result without it does not count.
    return "met" if prerequisite.accepts(assessed.relief_percent) else "short"


def _build_series(ctx: PlanContext, prerequisite: Prerequisite) -> dict[str | None, _Series]:
    by_region: dict[str | None, _Series] = {}
    planned = sorted(ctx.planned_by_modality.get(prerequisite.modality, ()), key=lambda c: c.start)
    for course in planned:
        series = by_region.setdefault(course.region, _Series())
        outcome = _planned_result(prerequisite, course)
        series.weeks.append(course.start // 7)
        series.courses.append(course)
        series.met_before.append(series.met_before[-1] + (outcome == "met"))
        series.pending_before.append(series.pending_before[-1] + (outcome == "pending"))
    return by_region


def _earlier_series(
    ctx: PlanContext, target: Course, prerequisite: Prerequisite
) -> Iterator[tuple[_Series, int]]:
    """Each region series that counts for the target, with how many of its entries start earlier."""
    index = ctx.memo(("prerequisite", prerequisite), lambda: _build_series(ctx, prerequisite))
    regions = index.keys() if target.region is None else (target.region, None)
    for region in regions:
        series = index.get(region)
        if series is not None:
            yield series, bisect_left(series.weeks, target.start // 7)


def tally(ctx: PlanContext, target: Course, prerequisite: Prerequisite) -> Tally:
    met = sum(
        1
        for past in ctx.history_by_modality.get(prerequisite.modality, ())
        if same_region(past.region, target.region) and _history_meets(prerequisite, past)
    )
    pending = 0
    for series, cut in _earlier_series(ctx, target, prerequisite):
        met += series.met_before[cut]
        pending += series.pending_before[cut]
    return Tally(met, pending)


def pending_courses(ctx: PlanContext, target: Course, prerequisite: Prerequisite) -> list[Course]:
    waiting = [
        course
        for series, cut in _earlier_series(ctx, target, prerequisite)
        for course in series.courses[:cut]
        if _planned_result(prerequisite, course) == "pending"
    ]
    return sorted(waiting, key=lambda course: ctx.position[course.ref])


def _needs(ctx: PlanContext, prerequisite: Prerequisite) -> str:
    name = ctx.catalog.modality(prerequisite.modality).name
    count = f"{prerequisite.count} results" if prerequisite.count > 1 else "a result"
    if prerequisite.relief_threshold is None:
        return f"{name} done first"
    return f"{count} of {name} with {prerequisite.describe_threshold()}"


def _counting_rule(prerequisite: Prerequisite) -> str:
    return "" if prerequisite.relief_threshold is None else " (a result counts with its relief recorded)"


def _where(course: Course) -> str:
    return f" ({course.region})" if course.region else ""


@rule("PREREQ-MISSING", "error")
def missing(ctx: PlanContext) -> Iterator[Finding]:
    for target in ctx.planned:
        for prerequisite in target.modality.prerequisites:
            counted = tally(ctx, target, prerequisite)
            if counted.met + counted.pending < prerequisite.count:
                yield ctx.finding(
                    "PREREQ-MISSING",
                    "error",
                    (target.ref,),
                    f"{target.label}{_where(target)} needs {_needs(ctx, prerequisite)}; "
                    f"{counted.met} found in the history or earlier in the plan"
                    f"{_counting_rule(prerequisite)}.",
                    sources=prerequisite.sources,
                )


@rule("PREREQ-PENDING", "info")
def pending(ctx: PlanContext) -> Iterator[Finding]:
    for target in ctx.planned:
        for prerequisite in target.modality.prerequisites:
            counted = tally(ctx, target, prerequisite)
            if counted.met < prerequisite.count <= counted.met + counted.pending:
                waiting_for = pending_courses(ctx, target, prerequisite)
                waiting = ", ".join(course.label for course in waiting_for)
                yield ctx.finding(
                    "PREREQ-PENDING",
                    "info",
                    (target.ref, *(course.ref for course in waiting_for)),
                    f"{target.label} needs {_needs(ctx, prerequisite)}; waiting for the result of {waiting}.",
                    sources=prerequisite.sources,
                )


@rule("PREREQ-INDICATION", "warning")
def indication(ctx: PlanContext) -> Iterator[Finding]:
    for target in ctx.planned:
        required = target.modality.indication
        if required is not None and required.condition not in ctx.conditions:
            condition = ctx.catalog.condition_name(required.condition).lower()
            yield ctx.finding(
                "PREREQ-INDICATION",
                "warning",
                (target.ref,),
                f"{target.label} is planned but the patient's conditions do not include {condition}.",
                sources=required.sources,
            )
