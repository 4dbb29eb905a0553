"""Procedure prerequisites that can be read from the record (docs/clinical-reference.md §3).

A result counts from history, or from an item planned in an earlier week: met when its recorded result meets
the threshold, pending while it has no result yet (for a block or a trial: no relief figure yet), and not
counted when the result falls short. A missing prerequisite's message lists every result found and why it
does not count, so the clinician sees what to record or plan.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from careplanner.catalog.model import Prerequisite
from careplanner.checks.context import Course, PlanContext, same_region
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule
from careplanner.reports.dates import short_date

NEGATIVE_RESULTS = frozenset({"failed", "intolerant"})
MET, PENDING, SHORT = "met", "pending", "short"


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


@dataclass(frozen=True)
class Verdict:
    """What one recorded or planned result is worth for the prerequisite, and why, in a clinician's words."""

    status: str  # MET, PENDING or SHORT
    why: str


def _relief_verdict(prerequisite: Prerequisite, relief: float) -> Verdict:
    gave = f"gave {relief:g}% relief"
    if prerequisite.accepts(relief):
        return Verdict(MET, f"{gave}, which counts")
    threshold = f"{prerequisite.relief_threshold:g}%"
    short = f"not more than {threshold}" if prerequisite.strictly_above else f"below {threshold}"
    return Verdict(SHORT, f"{gave}, {short}")


def history_verdict(prerequisite: Prerequisite, course: Course) -> Verdict:
    entry = course.history
    assert entry is not None
    if prerequisite.relief_threshold is None:
        if entry.outcome in NEGATIVE_RESULTS:
            return Verdict(SHORT, f"was recorded as {entry.outcome}")
        return Verdict(MET, "counts")
    if entry.relief_percent is None:
        return Verdict(SHORT, "has no relief recorded")
    return _relief_verdict(prerequisite, entry.relief_percent)


def planned_verdict(prerequisite: Prerequisite, course: Course) -> Verdict:
    """The verdict on a prerequisite planned in an earlier week."""
    assessed = course.item.assessed if course.item else None
    if assessed is None:
        return Verdict(PENDING, "has no result yet")
    if prerequisite.relief_threshold is None:
        if assessed.result in NEGATIVE_RESULTS:
            return Verdict(SHORT, f"was assessed as {assessed.result}")
        return Verdict(MET, "counts")
    if assessed.relief_percent is None:
        return Verdict(PENDING, f"was assessed in week {assessed.week} without a relief figure yet")
    if assessed.result in NEGATIVE_RESULTS:
        return Verdict(SHORT, f"was assessed as {assessed.result} ({assessed.relief_percent:g}% relief)")
    return _relief_verdict(prerequisite, assessed.relief_percent)


def _build_series(ctx: PlanContext, prerequisite: Prerequisite) -> dict[str | None, _Series]:
    by_region: dict[str | None, _Series] = {}
    planned = sorted(ctx.planned_by_modality.get(prerequisite.modality, ()), key=lambda c: c.start)
    for course in planned:
        series = by_region.setdefault(course.region, _Series())
        status = planned_verdict(prerequisite, course).status
        series.weeks.append(course.start // 7)
        series.courses.append(course)
        series.met_before.append(series.met_before[-1] + (status == MET))
        series.pending_before.append(series.pending_before[-1] + (status == PENDING))
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
        if same_region(past.region, target.region) and history_verdict(prerequisite, past).status == MET
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
        if planned_verdict(prerequisite, course).status == PENDING
    ]
    return sorted(waiting, key=lambda course: ctx.position[course.ref])


def _where(region: str | None) -> str:
    return f", {region}," if region else ""


def _planned_name(course: Course) -> str:
    """A planned procedure by name, with its region and week (the messages compare weeks)."""
    region = f"{course.region}, " if course.region else ""
    return f"{course.modality.name} ({region}week {course.start // 7})"


def _found(ctx: PlanContext, target: Course, prerequisite: Prerequisite) -> list[str]:
    """Every result of the prerequisite's modality on record or in the plan, with why it counts or not."""
    found = []
    for past in ctx.history_by_modality.get(prerequisite.modality, ()):
        assert past.history is not None
        named = f"{past.modality.name}{_where(past.region)} on {short_date(past.history.start)}"
        if not same_region(past.region, target.region):
            found.append(f"{named} was in another region")
        else:
            found.append(f"{named} {history_verdict(prerequisite, past).why}")
    target_week = target.start // 7
    for course in ctx.planned_by_modality.get(prerequisite.modality, ()):
        week = course.start // 7
        named = f"{course.modality.name}{_where(course.region)} in week {week}"
        if not same_region(course.region, target.region):
            found.append(f"{named} is in another region")
        elif week >= target_week:
            found.append(f"{named} is not planned before week {target_week}")
        else:
            found.append(f"{named} {planned_verdict(prerequisite, course).why}")
    return found


def _needs(ctx: PlanContext, prerequisite: Prerequisite) -> str:
    name = ctx.catalog.modality(prerequisite.modality).name
    if prerequisite.relief_threshold is None:
        return f"{name} done first"
    count = f"{prerequisite.count} results" if prerequisite.count > 1 else "a result"
    return f"{count} of {name} with {prerequisite.describe_threshold()} first"


def _what_to_do(ctx: PlanContext, prerequisite: Prerequisite, lacking: int) -> str:
    name = ctx.catalog.modality(prerequisite.modality).name
    lower = name[:1].lower() + name[1:]
    if prerequisite.count == 1:
        return f"Plan the {lower} in an earlier week, or record it in the history if it was done elsewhere."
    if lacking == 1:
        return (
            f"1 more result of {lower} is needed: plan it in an earlier week, or record it in the history if "
            "it was done elsewhere."
        )
    return (
        f"{lacking} more results of {lower} are needed: plan them in earlier weeks, or record them in the "
        "history if they were done elsewhere."
    )


def _missing_message(ctx: PlanContext, target: Course, prerequisite: Prerequisite, counted: Tally) -> str:
    found = _found(ctx, target, prerequisite)
    if found:
        results = f"{len(found)} result{'' if len(found) == 1 else 's'} found"
        seen = f"{results}: {'; '.join(found)}."
    else:
        seen = "No result was found in the history or earlier in the plan."
    todo = _what_to_do(ctx, prerequisite, prerequisite.count - counted.met - counted.pending)
    return f"{_planned_name(target)} needs {_needs(ctx, prerequisite)}. {seen} {todo}"


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
                    _missing_message(ctx, target, prerequisite, counted),
                    sources=prerequisite.sources,
                )


@rule("PREREQ-PENDING", "info")
def pending(ctx: PlanContext) -> Iterator[Finding]:
    for target in ctx.planned:
        for prerequisite in target.modality.prerequisites:
            counted = tally(ctx, target, prerequisite)
            if counted.met < prerequisite.count <= counted.met + counted.pending:
                waiting_for = pending_courses(ctx, target, prerequisite)
                waiting = "; ".join(
                    f"{_planned_name(course)}, which {planned_verdict(prerequisite, course).why}"
                    for course in waiting_for
                )
                yield ctx.finding(
                    "PREREQ-PENDING",
                    "info",
                    (target.ref, *(course.ref for course in waiting_for)),
                    f"{_planned_name(target)} needs {_needs(ctx, prerequisite)}; waiting "
                    f"for {waiting}. Record the result before going ahead.",
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
                f"{target.label} is planned but the patient's conditions do not include {condition}; record "
                "it if the patient has it.",
                sources=required.sources,
            )
