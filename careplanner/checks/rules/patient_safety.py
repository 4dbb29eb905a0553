"""Doses, patient cautions and the CNS burden of older adults (docs/clinical-reference.md §4)."""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.catalog.model import PatientCaution, matches_any
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.intervals import maximal_overlaps
from careplanner.checks.registry import rule


def _mg(value: float) -> str:
    return f"{value:g} mg"


@rule("SAFE-DOSE-MAX", "error")
def dose_max(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.active_courses:
        limit = course.modality.max_dose_for_age(ctx.age)
        dose = course.dose
        if limit is None or dose is None or dose <= limit.mg:
            continue
        for_age = (
            f" from age {limit.from_age} (the patient is {ctx.age})" if limit.from_age is not None else ""
        )
        yield ctx.finding(
            "SAFE-DOSE-MAX",
            "error",
            (course.ref,),
            f"{course.label}: {_mg(dose)} a day is above the maximum of {_mg(limit.mg)}{for_age}.",
            sources=limit.sources,
        )


def _caution_reason(ctx: PlanContext, caution: PatientCaution, course: Course) -> str | None:
    """Why the caution applies to this patient and item, or None when it does not."""
    if not matches_any(caution.applies_to, course.modality):
        return None
    reasons = []
    if caution.from_age is not None and ctx.age >= caution.from_age:
        reasons.append(f"the patient is {ctx.age}")
    reasons += [
        ctx.catalog.condition_name(condition).lower()
        for condition in sorted(caution.conditions & ctx.conditions)
    ]
    if not reasons:
        return None
    if caution.above_mg_per_day is not None:
        dose = course.dose
        if dose is None or dose <= caution.above_mg_per_day:
            return None
        reasons.append(f"{_mg(dose)} a day is above the advised {_mg(caution.above_mg_per_day)}")
    return ", ".join(reasons)


@rule("SAFE-PATIENT", "warning")
def patient_caution(ctx: PlanContext) -> Iterator[Finding]:
    """One finding per item, naming every caution that applies (one acknowledgement covers exactly it)."""
    for course in ctx.active_courses:
        hits = [
            (caution, reason)
            for caution in ctx.catalog.rules.patient_cautions
            if (reason := _caution_reason(ctx, caution, course)) is not None
        ]
        if not hits:
            continue
        sources = tuple(dict.fromkeys(key for caution, _ in hits for key in caution.sources))
        yield ctx.finding(
            "SAFE-PATIENT",
            "warning",
            (course.ref,),
            f"{course.label}: {'; '.join(reason for _, reason in hits)}.",
            why=" ".join(caution.why for caution, _ in hits),
            sources=sources,
        )


@rule("SAFE-CNS-BURDEN", "warning")
def cns_burden(ctx: PlanContext) -> Iterator[Finding]:
    table = ctx.catalog.rules.cns_burden
    if table.from_age is None or ctx.age < table.from_age:
        return
    cns = [course for course in ctx.active_courses if course.modality.class_id in table.classes]
    for group in maximal_overlaps(cns, table.min_count):
        group.sort(key=lambda course: ctx.position[course.ref])
        starts = sorted(max(course.start, 0) // 7 for course in group)
        when = f"from week {starts[table.min_count - 1]}"
        if starts[-1] != starts[table.min_count - 1]:
            when += f", all {len(group)} from week {starts[-1]}"
        yield ctx.finding(
            "SAFE-CNS-BURDEN",
            "warning",
            [course.ref for course in group],
            f"The patient is {ctx.age} and {len(group)} drugs acting on the brain overlap ({when}): "
            f"{', '.join(course.label for course in group)}.",
            why=table.why,
            sources=table.sources,
        )
