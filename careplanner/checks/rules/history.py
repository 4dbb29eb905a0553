"""What was tried before: no repeat of an adequately tried failure or an intolerance.

From docs/clinical-reference.md §5.

A failed procedure or session treatment was an adequate trial whatever its duration: its result is the relief
it gave, not how long it lasted. Any other therapy's failure counts once it lasted its window's minimum.

A decision to stop a plan item writes its course into the history; that entry is the item's own course, not an
earlier trial, so the item is never flagged against it (a later item of the same treatment is).
"""

from __future__ import annotations

from collections.abc import Iterator

from careplanner.catalog.model import Modality
from careplanner.checks.context import Course, PlanContext, in_pain_care, same_region
from careplanner.checks.finding import Finding
from careplanner.checks.registry import rule
from careplanner.followup.courses import records_course
from careplanner.reports.dates import short_date


def judged_by_result(modality: Modality) -> bool:
    """An interventional therapy or a session treatment: one session is a whole trial."""
    return modality.is_therapy and modality.is_session


def _earlier(ctx: PlanContext, planned: Course) -> list[Course]:
    """The history of the planned item's treatment, without the record of the item's own course (written when
    a decision ended it)."""
    return [
        past
        for past in ctx.history  # every entry, also one recording a plan item's course (a later item's past)
        if past.modality.id == planned.modality.id
        and not (planned.item and past.history and records_course(past.history, planned.item, ctx.plan))
    ]


def _weeks(count: int) -> str:
    return f"{count} week{'' if count == 1 else 's'}"


def _adequate_failure(planned: Course, past: Course) -> bool:
    window, entry = past.modality.window, past.history
    if entry is None or entry.outcome != "failed":
        return False
    if judged_by_result(past.modality):
        return same_region(planned.region, past.region)
    weeks = entry.duration_weeks
    return window is not None and weeks is not None and weeks >= window.min_weeks


def _tried(course: Course) -> str:
    entry = course.history
    assert entry is not None
    until = short_date(entry.end) if entry.end else "now"
    start = short_date(entry.start)
    return start if entry.end == entry.start else f"{start} to {until}"


def _failure(course: Course) -> str:
    """When (and where) it failed, and what it gave: relief for a procedure, weeks for anything else."""
    entry = course.history
    assert entry is not None
    facts = [_tried(course)]
    if entry.region:
        facts.append(entry.region)
    if judged_by_result(course.modality):
        if entry.relief_percent is not None:
            facts.append(f"{entry.relief_percent:g}% relief")
    elif entry.duration_weeks is not None:
        facts.append(_weeks(entry.duration_weeks))
    return ", ".join(facts)


def _reason(course: Course) -> str:
    entry = course.history
    return f": {entry.reason}" if entry and entry.reason else ""


@rule("HIST-REPEAT-FAILED", "warning")
def repeat_failed(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        if not course.modality.is_therapy:
            continue
        failures = [past for past in _earlier(ctx, course) if _adequate_failure(course, past)]
        if failures:
            tried = "; ".join(_failure(past) for past in failures)
            trials = "an adequate trial" if len(failures) == 1 else f"{len(failures)} adequate trials"
            yield ctx.finding(
                "HIST-REPEAT-FAILED",
                "warning",
                (course.ref, *(past.ref for past in failures)),
                f"{course.label} already failed {trials} ({tried}); choose "
                "another treatment, or record why a repeat is expected to help.",
            )


@rule("HIST-INADEQUATE-TRIAL", "info")
def inadequate_trial(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.history:
        window, entry = course.modality.window, course.history
        if not course.modality.is_therapy or judged_by_result(course.modality):
            continue  # a procedure or session was a whole trial, however short
        if window is None or entry is None or entry.outcome != "failed":
            continue
        weeks = entry.duration_weeks
        if weeks is not None and weeks < window.min_weeks:
            yield ctx.finding(
                "HIST-INADEQUATE-TRIAL",
                "info",
                (course.ref,),
                f"{course.label} was stopped as failed after {_weeks(weeks)} ({_tried(course)}); its "
                f"window opens {_weeks(window.min_weeks)} after the start, so it may still be worth a full "
                "trial.",
            )


@rule("HIST-INTOLERANT", "warning")
def intolerant(ctx: PlanContext) -> Iterator[Finding]:
    for course in ctx.planned:
        if not in_pain_care(course.modality):
            continue  # benzodiazepines and naloxone take part only in the safety rules
        past = [
            entry
            for entry in _earlier(ctx, course)
            if entry.history and entry.history.outcome == "intolerant"
        ]
        if past:
            reasons = "; ".join(_tried(entry) + _reason(entry) for entry in past)
            yield ctx.finding(
                "HIST-INTOLERANT",
                "warning",
                (course.ref, *(entry.ref for entry in past)),
                f"{course.label} was stopped for side effects before ({reasons}); choose another treatment, "
                "or record why it is worth trying again.",
            )
