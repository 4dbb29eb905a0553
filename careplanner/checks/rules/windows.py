"""Assessment windows: every therapy judged inside its window, and on time.

From docs/clinical-reference.md §2 and §5.

A second botulinum toxin cycle is judged with its trial's first item, so these rules leave it out.
"""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import PlanContext, in_pain_care
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule
from careplanner.reports.dates import short_date


def weeks(count: int) -> str:
    return f"{count} week{'' if count == 1 else 's'}"


@rule("WIN-MISSING", "error")
def missing(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.new_therapies:
        window = course.modality.window
        if course.item and window and course.item.assess_week is None:
            yield ctx.finding(
                "WIN-MISSING",
                "error",
                (course.ref,),
                f"{course.label} has no assessment week; its window is weeks {window.min_weeks}-"
                f"{window.max_weeks} after the start: plan the assessment between week "
                f"{course.item.start_week + window.min_weeks} and week "
                f"{course.item.start_week + window.max_weeks}.",
                sources=window.sources,
            )


@rule("WIN-EARLY", "warning")
def early(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.new_therapies:
        window, item = course.modality.window, course.item
        if window is None or item is None or item.assess_week is None:
            continue
        after = item.assess_week - item.start_week
        if after < window.min_weeks:
            yield ctx.finding(
                "WIN-EARLY",
                "warning",
                (course.ref,),
                f"{course.label} is assessed {weeks(after)} after it starts (week {item.assess_week}); its "
                f"window opens {weeks(window.min_weeks)} after the start: assess it in week "
                f"{item.start_week + window.min_weeks} or later.",
                sources=window.sources,
            )


@rule("WIN-LATE", "warning")
def late(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.new_therapies:
        window, item = course.modality.window, course.item
        if window is None or item is None or item.assess_week is None:
            continue
        after = item.assess_week - item.start_week
        if after > window.max_weeks:
            yield ctx.finding(
                "WIN-LATE",
                "warning",
                (course.ref,),
                f"{course.label} is assessed {weeks(after)} after it starts (week {item.assess_week}); its "
                f"window closes {weeks(window.max_weeks)} after the start: assess it by week "
                f"{item.start_week + window.max_weeks}.",
                sources=window.sources,
            )


@rule("WIN-OVERDUE", "warning")
def overdue(ctx: PlanContext) -> Iterator[Finding]:
    if ctx.as_of is None:
        return
    today = ctx.day_of(ctx.as_of)
    for course in ctx.planned:
        item = course.item
        if item is None or item.assess_week is None or item.assessed is not None:
            continue
        if not in_pain_care(course.modality) or course.ref in ctx.second_cycles:
            continue  # benzodiazepines and naloxone are not assessed; a second cycle is judged with its trial
        due_day = 7 * item.assess_week
        if course.end <= due_day:
            continue  # stopped or replaced by then: nothing left to assess
        if due_day < today:
            due = ctx.plan.week_date(item.assess_week)
            yield ctx.finding(
                "WIN-OVERDUE",
                "warning",
                (course.ref,),
                f"{course.label} was due for assessment in week {item.assess_week} ({short_date(due)}) and "
                "no result is recorded; record the decision taken, or move the assessment.",
            )
