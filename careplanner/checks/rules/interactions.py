"""Combinations active at the same time: interactions and duplicated classes (CLINICAL.md §4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from careplanner.catalog.model import matches_any
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.intervals import overlapping_pairs
from careplanner.checks.registry import rule


def _when(ctx: PlanContext, a: Course, b: Course) -> str:
    day = max(a.start, b.start, 0)
    return "from the plan's start" if day == 0 else f"from week {day // 7}"


def _ordered(ctx: PlanContext, a: Course, b: Course) -> tuple[Course, Course]:
    """Plan items before history, each in document order, so findings read the same every time."""
    return (a, b) if ctx.position[a.ref] <= ctx.position[b.ref] else (b, a)


@rule("SAFE-INTERACTION", "error")
def interaction(ctx: PlanContext) -> Iterator[Finding]:
    for row in ctx.catalog.rules.interactions:
        first = [course for course in ctx.active_courses if matches_any(row.first, course.modality)]
        second = [course for course in ctx.active_courses if matches_any(row.second, course.modality)]
        if not first or not second:
            continue
        for a, b in overlapping_pairs(first, second):
            a, b = _ordered(ctx, a, b)
            yield ctx.finding(
                "SAFE-INTERACTION",
                row.severity,
                (a.ref, b.ref),
                f"{a.label} and {b.label} are taken together {_when(ctx, a, b)}.",
                why=row.why,
                sources=row.sources,
            )


def _duplicate_groups(ctx: PlanContext) -> dict[str, list[Course]]:
    """Listed classes, and each medicine on its own (the same drug twice; procedure repeats are not drugs)."""
    table = ctx.catalog.rules.duplicate_classes
    groups: dict[str, list[Course]] = defaultdict(list)
    for course in ctx.active_courses:
        if course.modality.class_id in table.classes:
            groups[f"class:{course.modality.class_id}"].append(course)
        elif course.modality.layer == "medication":
            groups[f"modality:{course.modality.id}"].append(course)
    return groups


@rule("SAFE-DUPLICATE-CLASS", "warning")
def duplicate_class(ctx: PlanContext) -> Iterator[Finding]:
    table = ctx.catalog.rules.duplicate_classes
    for courses in _duplicate_groups(ctx).values():
        for a, b in overlapping_pairs(courses):
            a, b = _ordered(ctx, a, b)
            if a.modality.id == b.modality.id:
                what = f"{a.label} and {b.label} are the same medicine"
            else:
                what = f"{a.label} and {b.label} are both {ctx.catalog.classes[a.modality.class_id].name}"
            yield ctx.finding(
                "SAFE-DUPLICATE-CLASS",
                "warning",
                (a.ref, b.ref),
                f"{what}, taken together {_when(ctx, a, b)}.",
                why=table.why,
                sources=table.sources,
            )
