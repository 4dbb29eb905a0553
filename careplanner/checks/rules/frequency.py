"""Procedure and session frequency limits (docs/clinical-reference.md §3): sessions per rolling 12 months
and the minimum gap between two sessions, per region.

History and plan count together; a limit that only the past broke is not the plan's finding.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from careplanner.catalog.model import FrequencyLimit
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule

DAYS_IN_12_MONTHS = 365


def _sessions(ctx: PlanContext) -> dict[tuple[str, str | None], list[Course]]:
    """Sessions of each limited modality, per region, in date order (a session is dated by its start)."""
    groups: dict[tuple[str, str | None], list[Course]] = defaultdict(list)
    for course in ctx.history + ctx.planned:
        if course.modality.frequency is not None and course.ref not in ctx.recorded:
            groups[(course.modality.id, course.region)].append(course)
    for sessions in groups.values():
        sessions.sort(key=lambda course: (course.start, ctx.position[course.ref]))
    return groups


def _involves_plan(sessions: list[Course]) -> bool:
    return any(course.item is not None for course in sessions)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _gap(days: int) -> str:
    """A gap in weeks and days, as a clinician says it ("3 weeks", "1 week and 2 days", "5 days")."""
    weeks, rest = divmod(days, 7)
    parts = [_count(weeks, "week")] if weeks else []
    if rest or not weeks:
        parts.append(_count(rest, "day"))
    return " and ".join(parts)


def _comes(days: int) -> str:
    return "is on the same day as" if days == 0 else f"comes {_gap(days)} after"


def _region(course: Course) -> str:
    """The region after a treatment's name, unless its label already tells it."""
    if not course.region or f"({course.region}," in course.label:
        return ""
    return f" ({course.region})"


def _too_many(ctx: PlanContext, sessions: list[Course], limit: FrequencyLimit) -> Iterator[Finding]:
    if limit.max_per_12_months is None:
        return
    days = [course.start for course in sessions]
    reported_end = -1
    for first, day in enumerate(days):
        end = bisect_left(days, day + DAYS_IN_12_MONTHS)
        window = sessions[first:end]
        # A later window with the same last session is contained in the one reported before it.
        if len(window) <= limit.max_per_12_months or end == reported_end or not _involves_plan(window):
            continue
        reported_end = end
        modality, region = window[0].modality, window[0].region
        where = f" ({region})" if region else ""
        yield ctx.finding(
            "FREQ-LIMIT",
            "warning",
            [course.ref for course in window],
            f"{len(window)} sessions of {modality.name}{where} fall within 12 months "
            f"({', '.join(course.label for course in window)}); the limit is {limit.max_per_12_months}. "
            "Space the sessions out or plan fewer.",
            sources=limit.sources,
        )


def _too_close(ctx: PlanContext, sessions: list[Course], limit: FrequencyLimit) -> Iterator[Finding]:
    if limit.min_gap_weeks is None:
        return
    for before, after in pairwise(sessions):
        gap = after.start - before.start
        if gap < 7 * limit.min_gap_weeks and _involves_plan([before, after]):
            yield ctx.finding(
                "FREQ-LIMIT",
                "warning",
                (before.ref, after.ref),
                f"{after.label}{_region(after)} {_comes(gap)} {before.label}; sessions must be "
                f"at least {limit.min_gap_weeks} weeks apart: plan the later one "
                f"{_gap(7 * limit.min_gap_weeks - gap)} later.",
                sources=limit.sources,
            )


@rule("FREQ-LIMIT", "warning")
def frequency_limit(ctx: PlanContext) -> Iterator[Finding]:
    for sessions in _sessions(ctx).values():
        limit = sessions[0].modality.frequency
        assert limit is not None
        yield from _too_many(ctx, sessions, limit)
        yield from _too_close(ctx, sessions, limit)
