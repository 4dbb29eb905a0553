"""Information for the clinician: NICE NG193 for chronic primary pain, and limited evidence."""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule

LIMITED_EVIDENCE = frozenset({"limited", "investigational"})


@rule("GUIDE-CPP", "info")
def chronic_primary_pain(ctx: PlanContext) -> Iterator[Finding]:
    guidance = ctx.catalog.rules.guidance
    if guidance.condition not in ctx.conditions:
        return
    for course in ctx.planned:
        if course.modality.id in guidance.modalities:
            yield ctx.finding(
                "GUIDE-CPP",
                "info",
                (course.ref,),
                f"{course.label} is planned for a patient with chronic primary pain.",
                why=guidance.why,
                sources=guidance.sources,
            )


@rule("EVIDENCE-LIMITED", "info")
def limited_evidence(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        evidence = course.modality.evidence
        if evidence is None or evidence.level not in LIMITED_EVIDENCE:
            continue
        if evidence.stronger_for in ctx.conditions:
            continue  # the evidence comes from this patient's condition (ketamine in CRPS)
        yield ctx.finding(
            "EVIDENCE-LIMITED",
            "info",
            (course.ref,),
            f"{course.label}: evidence is {evidence.level}.",
            why=evidence.note,
            sources=evidence.sources,
        )
