"""The shape of care: rehabilitation with procedures, more than one layer, reviews.

From docs/clinical-reference.md §5.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

from careplanner.catalog.model import LAYER_NAMES
from careplanner.checks.context import PlanContext, in_pain_care
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule


class _PhysicalCover:
    """Answers 'is rehabilitation active on day d, or starting within the following weeks?' in O(log n)."""

    def __init__(self, ctx: PlanContext) -> None:
        physical = [
            course
            for course in ctx.active_courses
            if course.modality.layer == "physical" and course.modality.is_therapy
        ]
        physical.sort(key=lambda course: course.start)
        self.starts = [course.start for course in physical]
        self.latest_end = list(accumulate((course.end for course in physical), max))
        self.planned_starts = [course.start for course in physical if course.item is not None]

    def active_at(self, day: int) -> bool:
        started = bisect_right(self.starts, day)
        return started > 0 and self.latest_end[started - 1] > day

    def starts_between(self, first_day: int, last_day: int) -> bool:
        index = bisect_left(self.planned_starts, first_day)
        return index < len(self.planned_starts) and self.planned_starts[index] <= last_day


@rule("REHAB-PAIRING", "warning")
def rehab_pairing(ctx: PlanContext) -> Iterator[Finding]:
    limits = ctx.catalog.rules.thresholds
    cover = ctx.memo("physical-cover", lambda: _PhysicalCover(ctx))
    for course in ctx.new_therapies:
        if course.modality.layer != "interventional" or course.modality.id in limits.rehab_exempt:
            continue
        if cover.active_at(course.start) or cover.starts_between(
            course.start, course.start + 7 * limits.rehab_within_weeks
        ):
            continue
        yield ctx.finding(
            "REHAB-PAIRING",
            "warning",
            (course.ref,),
            f"{course.label} has no physical or occupational therapy running at "
            f"its start or starting within {limits.rehab_within_weeks} weeks after it; plan rehabilitation "
            "to use the relief it brings.",
            sources=limits.sources["rehabilitation"],
        )


def _layers(count: int) -> str:
    return "no layer" if count == 0 else f"{count} layer{'' if count == 1 else 's'}"


@rule("COVERAGE-SINGLE-LAYER", "warning")
def single_layer(ctx: PlanContext) -> Iterator[Finding]:
    limits = ctx.catalog.rules.thresholds
    layers = {course.modality.layer for course in ctx.active_courses if course.modality.is_therapy}
    if len(layers) < limits.min_layers:
        spans = ", ".join(LAYER_NAMES[layer].lower() for layer in sorted(layers)) or "no therapy at all"
        yield ctx.finding(
            "COVERAGE-SINGLE-LAYER",
            "warning",
            (),
            f"The planned and ongoing therapies span {_layers(len(layers))} ({spans}); add a treatment of "
            "another layer.",
            sources=limits.sources["coverage"],
        )


def review_weeks(ctx: PlanContext) -> list[int]:
    """Weeks at which the patient is seen: the plan's reviews and every item's assessment."""
    weeks = {review.week for review in ctx.plan.reviews}
    weeks.update(
        course.item.assess_week
        for course in ctx.planned
        if course.item and course.item.assess_week is not None and in_pain_care(course.modality)
    )
    return sorted(weeks)


def _any_between(weeks: list[int], first: int, last: int) -> bool:
    index = bisect_left(weeks, first)
    return index < len(weeks) and weeks[index] <= last


@rule("MONITOR-NO-REVIEW", "warning")
def no_review(ctx: PlanContext) -> Iterator[Finding]:
    limits = ctx.catalog.rules.thresholds
    first, last = limits.first_review_from_week, limits.first_review_by_week
    if not _any_between(ctx.memo("review-weeks", lambda: review_weeks(ctx)), first, last):
        yield ctx.finding(
            "MONITOR-NO-REVIEW",
            "warning",
            (),
            f"No review or assessment is planned in weeks {first}-{last}; add a review in that time.",
            sources=limits.sources["monitoring"],
        )


@rule("MONITOR-OPIOID-REVIEW", "warning")
def opioid_review(ctx: PlanContext) -> Iterator[Finding]:
    limits = ctx.catalog.rules.thresholds
    weeks = ctx.memo("review-weeks", lambda: review_weeks(ctx))
    for course in ctx.planned:
        if course.modality.class_id != "opioid" or course.item is None:
            continue
        start = course.item.start_week
        first, last = start + limits.opioid_review_from_weeks, start + limits.opioid_review_within_weeks
        if not _any_between(weeks, first, last):
            yield ctx.finding(
                "MONITOR-OPIOID-REVIEW",
                "warning",
                (course.ref,),
                f"{course.label} starts in week {start} with no review in weeks {first}-{last}; add a review "
                "in that time.",
                sources=limits.sources["opioid_review"],
            )
