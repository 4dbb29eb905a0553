"""Bleeding risk of planned procedures for a patient who takes a blood thinner (§4c).

docs/clinical-reference.md §4c: the procedure's risk class (high, intermediate, low) sets the finding's
severity; facet procedures are of intermediate risk in the neck, and when no region is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule

ANALOGY_NOTE = " This procedure is not named by the guidance: its class is set by analogy and not verified."


@rule("SAFE-BLEED-PROCEDURE", "error")
def bleeding_procedure(ctx: PlanContext) -> Iterator[Finding]:
    """One finding per planned procedure; severity error, warning or info by its bleeding risk class."""
    table = ctx.catalog.safety.bleeding
    taking = [drug for condition, drug in table.conditions.items() if condition in ctx.conditions]
    if not taking:
        return
    thinners = " and ".join(taking)
    for course in ctx.planned:
        procedure = table.procedures.get(course.modality.id)
        if procedure is None:
            continue
        risk = procedure.risk_in(course.region)
        where = "" if procedure.cervical_risk is None else _where(course.region)
        yield ctx.finding(
            "SAFE-BLEED-PROCEDURE",
            table.severity[risk],
            (course.ref,),
            f"{course.label}: {risk} bleeding risk{where}, and the patient takes {thinners}."
            + (ANALOGY_NOTE if procedure.unverified else ""),
            sources=procedure.sources,
        )


def _where(region: str | None) -> str:
    """Where the class depends on the region, say which region it was judged for."""
    return " (no region recorded, so counted as cervical)" if region is None else f" in the {region} region"
