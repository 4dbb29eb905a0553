"""Kidney function: doses by creatinine clearance, drugs to avoid, and a clearance to record (§4b).

docs/clinical-reference.md §4b. The patient's clearance is taken as constant over the plan and compared as an
exact decimal, so 29.99 mL/min is below 30 and 30 is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from careplanner.catalog.model import matches_any
from careplanner.catalog.safety_tables import plain
from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule


def clearance(ctx: PlanContext) -> Decimal | None:
    """The recorded creatinine clearance in mL/min, exactly as written (None when not recorded)."""
    value = ctx.document.patient.crcl_ml_min
    return None if value is None else Decimal(str(value))


def taking_part(ctx: PlanContext) -> Iterator[Course]:
    """Planned and ongoing courses that are active at some moment of the plan's course."""
    return (course for course in ctx.active_courses if max(course.start, 0) < course.end)


def _mg_per_day(course: Course) -> Decimal | None:
    source = course.item or course.history
    dose = source.dose_mg_per_day if source is not None else None
    return None if dose is None else Decimal(str(dose))


@rule("SAFE-RENAL-DOSE", "error")
def renal_dose(ctx: PlanContext) -> Iterator[Finding]:
    crcl = clearance(ctx)
    if crcl is None:
        return
    limits = ctx.catalog.safety.renal.dose_limits
    for course in taking_part(ctx):
        limit = limits.get(course.modality.id)
        dose = _mg_per_day(course)
        band = limit.band_for(crcl) if limit is not None else None
        if limit is None or band is None or dose is None or dose <= band.maximum(crcl):
            continue
        per_ml = (
            f" ({plain(band.mg_per_ml_min)} mg a day per mL/min)" if band.mg_per_ml_min is not None else ""
        )
        yield ctx.finding(
            "SAFE-RENAL-DOSE",
            "error",
            (course.ref,),
            f"{course.label}: {plain(dose)} mg a day is above the maximum of {plain(band.maximum(crcl))} mg"
            f"{per_ml} for a creatinine clearance {band.describe()} (the patient's is {plain(crcl)} mL/min).",
            sources=limit.sources,
        )


@rule("SAFE-RENAL-AVOID", "warning")
def renal_avoid(ctx: PlanContext) -> Iterator[Finding]:
    crcl = clearance(ctx)
    if crcl is None:
        return
    for course in taking_part(ctx):
        applying = [
            entry
            for entry in ctx.catalog.safety.renal.avoid
            if crcl < entry.below and matches_any(entry.applies_to, course.modality)
        ]
        if not applying:
            continue
        yield ctx.finding(
            "SAFE-RENAL-AVOID",
            "warning",
            (course.ref,),
            f"{course.label}: the patient's creatinine clearance is {plain(crcl)} mL/min.",
            why=" ".join(entry.why for entry in applying),
            sources=tuple(dict.fromkeys(key for entry in applying for key in entry.sources)),
        )


@rule("SAFE-RENAL-UNKNOWN", "warning")
def renal_unknown(ctx: PlanContext) -> Iterator[Finding]:
    renal = ctx.catalog.safety.renal
    if clearance(ctx) is not None or renal.unknown_condition not in ctx.conditions:
        return
    concerned = [course for course in taking_part(ctx) if renal.depends_on_clearance(course.modality)]
    if not concerned:
        return
    concerned.sort(key=lambda course: ctx.position[course.ref])
    condition = ctx.catalog.condition_name(renal.unknown_condition).lower()
    yield ctx.finding(
        "SAFE-RENAL-UNKNOWN",
        "warning",
        [course.ref for course in concerned],
        f"The patient has {condition} and no creatinine clearance is recorded, so the kidney limits of "
        f"{_listed([course.label for course in concerned])} cannot be checked.",
        sources=renal.unknown_sources,
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
