"""Combinations active at once: interactions and duplicated classes (docs/clinical-reference.md §4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from careplanner.catalog.model import Interaction, matches_any
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


def _because(ctx: PlanContext, row: Interaction) -> str:
    """The patient's conditions that raise the combination's severity, as the message says them."""
    raising = sorted(row.raising_conditions(ctx.conditions))
    names = [ctx.catalog.condition_name(condition).lower() for condition in raising]
    return f"; the patient's record notes: {' and '.join(names)}" if names else ""


@rule("SAFE-INTERACTION", "error")
def interaction(ctx: PlanContext) -> Iterator[Finding]:
    for row in ctx.catalog.rules.interactions:
        first = [course for course in ctx.active_courses if matches_any(row.first, course.modality)]
        second = [course for course in ctx.active_courses if matches_any(row.second, course.modality)]
        if not first or not second:
            continue
        severity, because = row.severity_for(ctx.conditions), _because(ctx, row)
        for a, b in overlapping_pairs(first, second):
            a, b = _ordered(ctx, a, b)
            yield ctx.finding(
                "SAFE-INTERACTION",
                severity,
                (a.ref, b.ref),
                f"{a.label} and {b.label} are taken together {_when(ctx, a, b)}{because}.",
                why=row.why,
                sources=row.sources,
            )


def _duplicate_groups(ctx: PlanContext) -> dict[str, list[Course]]:
    """Listed classes, and each medicine taken daily on its own (the same drug twice).

    Session treatments (a capsaicin patch, a ketamine infusion) and procedures are never taken together with
    their own repeats: how often they are given is the frequency check's business. Naloxone is left out: only
    the naloxone check reads it.
    """
    table = ctx.catalog.rules.duplicate_classes
    groups: dict[str, list[Course]] = defaultdict(list)
    for course in ctx.active_courses:
        modality = course.modality
        if modality.class_id in table.classes:
            groups[f"class:{modality.class_id}"].append(course)
        elif modality.is_medicine and not modality.is_rescue:
            groups[f"modality:{modality.id}"].append(course)
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
