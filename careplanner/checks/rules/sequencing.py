"""Sequencing: foundation first, one change at a time, not too many at once (docs/clinical-reference.md §5).

New therapies are the plan's therapy items, each procedure or session repeat included; a second botulinum
toxin cycle belongs to its trial and is not one. Benzodiazepines and naloxone are not pain therapies.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator

from careplanner.catalog.model import FOUNDATION_LAYERS, LAYER_NAMES
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule

LATER_LAYERS = frozenset({"physical", "interventional", "complementary"})


def _week(course: Course) -> int:
    assert course.item is not None
    return course.item.start_week


def effective_assess_week(course: Course) -> int:
    """The item's assessment week, or (if missing) its start plus the window's minimum."""
    assert course.item is not None and course.modality.window is not None
    if course.item.assess_week is not None:
        return course.item.assess_week
    return course.item.start_week + course.modality.window.min_weeks


@rule("SEQ-FOUNDATION-MISSING", "warning")
def foundation_missing(ctx: PlanContext) -> Iterator[Finding]:
    present = {
        course.modality.layer for course in ctx.planned + ctx.current_history if course.modality.is_foundation
    }
    missing = [
        LAYER_NAMES[layer].lower() for layer in ("medication", "psychological") if layer not in present
    ]
    if missing:
        what = " and no ".join(missing)
        yield ctx.finding(
            "SEQ-FOUNDATION-MISSING",
            "warning",
            (),
            f"No {what} therapy is planned or ongoing; add one from week 0.",
        )


@rule("SEQ-LAYER-ORDER", "warning")
def layer_order(ctx: PlanContext) -> Iterator[Finding]:
    if any(course.modality.is_foundation for course in ctx.ongoing_at_start()):
        return
    foundation = [course for course in ctx.new_therapies if course.modality.layer in FOUNDATION_LAYERS]
    if not foundation:
        return  # SEQ-FOUNDATION-MISSING speaks
    assessed = [course for course in foundation if course.item and course.item.assess_week is not None]
    first = min(assessed or foundation, key=effective_assess_week)
    first_week = effective_assess_week(first)
    for course in ctx.new_therapies:
        if course.modality.layer in LATER_LAYERS and _week(course) < first_week:
            yield ctx.finding(
                "SEQ-LAYER-ORDER",
                "warning",
                (course.ref,),
                f"{course.label} starts in week {_week(course)}, before the foundation's first assessment "
                f"in week {first_week} ({first.label}); start it in week {first_week} or later.",
            )


@rule("SEQ-CROWDING", "warning")
def crowding(ctx: PlanContext) -> Iterator[Finding]:
    by_layer: dict[str, list[Course]] = defaultdict(list)
    for course in ctx.new_therapies:
        by_layer[course.modality.layer].append(course)
    for courses in by_layer.values():
        courses.sort(key=_week)
        starts = [_week(course) for course in courses]
        for index, first in enumerate(courses):
            # Later items starting before `first` is assessed (or in the same week) crowd it.
            limit = max(effective_assess_week(first), _week(first) + 1)
            for second in courses[index + 1 : bisect_left(starts, limit)]:
                if not ctx.replaces_each_other(first, second):
                    yield _crowding_finding(ctx, first, second)


def _crowding_finding(ctx: PlanContext, first: Course, second: Course) -> Finding:
    layer = LAYER_NAMES[first.modality.layer].lower()
    if _week(first) == _week(second):
        what = (
            f"{first.label} and {second.label} both start in week {_week(first)} ({layer} layer); start one "
            "of them once the other has been assessed."
        )
    else:
        what = (
            f"{second.label} starts in week {_week(second)}, before {first.label} is assessed "
            f"in week {effective_assess_week(first)} ({layer} layer); start it then or later, or let it "
            "replace the first."
        )
    return ctx.finding("SEQ-CROWDING", "warning", (first.ref, second.ref), what)


@rule("SEQ-TOO-MANY", "warning")
def too_many(ctx: PlanContext) -> Iterator[Finding]:
    limits = ctx.catalog.rules.thresholds
    courses = sorted(ctx.new_therapies, key=_week)
    starts = [_week(course) for course in courses]
    reported_end = -1
    for low in sorted(set(starts)):
        first, end = bisect_left(starts, low), bisect_left(starts, low + limits.too_many_within_weeks)
        if end - first < limits.too_many_count or end == reported_end:
            continue  # too few, or contained in the set reported just before (same last member)
        reported_end = end
        group = courses[first:end]
        last = low + limits.too_many_within_weeks - 1
        yield ctx.finding(
            "SEQ-TOO-MANY",
            "warning",
            [course.ref for course in group],
            f"{len(group)} new therapies start in weeks {low}-{last}: {', '.join(c.label for c in group)}; "
            "spread their starts out.",
            sources=limits.sources["sequencing"],
        )
