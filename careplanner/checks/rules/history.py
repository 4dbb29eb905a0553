"""What was tried before: no repeat of an adequately tried failure or an intolerance (CLINICAL.md §5)."""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.checks.context import Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule


def _adequate_failure(course: Course) -> bool:
    window, entry = course.modality.window, course.history
    if window is None or entry is None or entry.outcome != "failed" or entry.duration_weeks is None:
        return False
    return entry.duration_weeks >= window.min_weeks


def _tried(course: Course) -> str:
    entry = course.history
    assert entry is not None
    until = entry.end.isoformat() if entry.end else "now"
    return f"{entry.start.isoformat()} to {until}"


def _reason(course: Course) -> str:
    entry = course.history
    return f": {entry.reason}" if entry and entry.reason else ""


@rule("HIST-REPEAT-FAILED", "warning")
def repeat_failed(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        failures = [
            past for past in ctx.history_by_modality.get(course.modality.id, ()) if _adequate_failure(past)
        ]
        if failures:
            tried = "; ".join(
                f"{_tried(past)}, {past.history.duration_weeks} weeks" for past in failures if past.history
            )
            yield ctx.finding(
                "HIST-REPEAT-FAILED",
                "warning",
                (course.ref, *(past.ref for past in failures)),
                f"{course.label} already failed an adequate trial ({tried}).",
            )


@rule("HIST-INADEQUATE-TRIAL", "info")
def inadequate_trial(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.history:
        window, entry = course.modality.window, course.history
        if not course.modality.is_therapy or window is None or entry is None or entry.outcome != "failed":
            continue
        weeks = entry.duration_weeks
        if weeks is not None and weeks < window.min_weeks:
            yield ctx.finding(
                "HIST-INADEQUATE-TRIAL",
                "info",
                (course.ref,),
                f"{course.label} was stopped as failed after {weeks} week(s) ({_tried(course)}); "
                f"its window opens at week {window.min_weeks}.",
            )


@rule("HIST-INTOLERANT", "warning")
def intolerant(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        if not course.modality.pain_treatment:
            continue  # benzodiazepines take part only in the safety rules
        past = [
            entry
            for entry in ctx.history_by_modality.get(course.modality.id, ())
            if entry.history and entry.history.outcome == "intolerant"
        ]
        if past:
            reasons = "; ".join(_tried(entry) + _reason(entry) for entry in past)
            yield ctx.finding(
                "HIST-INTOLERANT",
                "warning",
                (course.ref, *(entry.ref for entry in past)),
                f"{course.label} was stopped for side effects before ({reasons}).",
            )
