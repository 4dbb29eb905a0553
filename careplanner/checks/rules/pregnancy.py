"""Drugs with a pregnancy warning, planned or ongoing for a pregnant patient (§4d).

docs/clinical-reference.md §4d: the table gives each drug's severity (warning or info) and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule
from careplanner.checks.rules.renal import taking_part


@rule("SAFE-PREGNANCY", "warning")
def pregnancy(ctx: PlanContext) -> Iterator[Finding]:
    table = ctx.catalog.safety.pregnancy
    if table.condition not in ctx.conditions:
        return
    for course in taking_part(ctx):
        caution = table.caution_for(course.modality)
        if caution is None:
            continue
        yield ctx.finding(
            "SAFE-PREGNANCY",
            caution.severity,
            (course.ref,),
            f"{course.label}: the patient is pregnant.",
            why=caution.why,
            sources=caution.sources,
        )
