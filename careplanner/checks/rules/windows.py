"""Assessment windows: every therapy judged inside its window, and on time (CLINICAL.md §2, §5)."""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule


@rule("WIN-MISSING", "error")
def missing(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.new_therapies:
        window = course.modality.window
        if course.item and window and course.item.assess_week is None:
            yield ctx.finding(
                "WIN-MISSING",
                "error",
                (course.ref,),
                f"{course.label} has no assessment week; "
                f"its window is weeks {window.min_weeks}-{window.max_weeks} "
                "after the start.",
                sources=window.sources,
            )


@rule("WIN-EARLY", "warning")
def early(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        window, item = course.modality.window, course.item
        if (
            window
            and item
            and item.assess_week is not None
            and item.assess_week - item.start_week < window.min_weeks
        ):
            yield ctx.finding(
                "WIN-EARLY",
                "warning",
                (course.ref,),
                f"{course.label} is assessed {item.assess_week - item.start_week} week(s) after it starts; "
                f"its window opens at week {window.min_weeks}.",
                sources=window.sources,
            )


@rule("WIN-LATE", "warning")
def late(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        window, item = course.modality.window, course.item
        if (
            window
            and item
            and item.assess_week is not None
            and item.assess_week - item.start_week > window.max_weeks
        ):
            yield ctx.finding(
                "WIN-LATE",
                "warning",
                (course.ref,),
                f"{course.label} is assessed {item.assess_week - item.start_week} weeks after it starts; "
                f"its window closes at week {window.max_weeks}.",
                sources=window.sources,
            )


@rule("WIN-OVERDUE", "warning")
def overdue(ctx: PlanContext) -> Iterator[Finding]:
    if ctx.as_of is None:
        return
    for course in ctx.planned:
        item = course.item
        if item is None or item.assess_week is None or item.assessed is not None:
            continue
        if not course.modality.pain_treatment:
            continue  # benzodiazepines take part only in the safety rules
        if 7 * item.assess_week < ctx.day_of(ctx.as_of):
            due = ctx.plan.week_date(item.assess_week)
            yield ctx.finding(
                "WIN-OVERDUE",
                "warning",
                (course.ref,),
                f"{course.label} was due for assessment in week {item.assess_week} ({due.isoformat()}).",
            )
