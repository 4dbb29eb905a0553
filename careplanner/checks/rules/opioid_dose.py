"""The opioid total in morphine milligram equivalents and naloxone (docs/clinical-reference.md §4a)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from careplanner.catalog.opioid_dose import NaloxoneTriggers
from careplanner.checks.context import NEVER, Course, PlanContext
from careplanner.checks.finding import Finding
from careplanner.checks.mme import (
    MmeMoment,
    contribution_words,
    mme_profile,
    mme_text,
    opioid_courses,
    total_words,
)
from careplanner.checks.registry import rule
from careplanner.domain.dose import MCG_PER_HOUR


def _from(day: int) -> str:
    return "from the plan's start" if day <= 0 else f"from week {day // 7}"


def _ordered(ctx: PlanContext, courses: Iterable[Course]) -> list[Course]:
    unique = {course.ref: course for course in courses}
    return sorted(unique.values(), key=lambda course: ctx.position[course.ref])


@rule("SAFE-MME", "warning")
def mme_at_threshold(ctx: PlanContext) -> Iterator[Finding]:
    """One finding per distinct set of opioids whose total reaches the threshold, from its first moment."""
    threshold = ctx.catalog.opioid_dose.threshold
    if ctx.age < threshold.from_age:
        return
    profile = mme_profile(ctx)
    first_of_set: dict[frozenset[str], MmeMoment] = {}
    for moment in profile.moments:
        if moment.total >= threshold.per_day:
            first_of_set.setdefault(moment.refs, moment)
    peak = profile.peak
    for moment in first_of_set.values():
        shares = ", ".join(contribution_words(opioid) for opioid in moment.opioids)
        what = (
            f"{_from(moment.day).capitalize()} the opioids come to {total_words(moment)}, at or above "
            f"{mme_text(threshold.per_day)}: {shares}."
        )
        if peak is not None and peak.total > moment.total:
            what += f" The plan's highest total is {total_words(peak)}, {_from(peak.day)}."
        yield ctx.finding(
            "SAFE-MME",
            "warning",
            [opioid.course.ref for opioid in moment.opioids],
            what,
            sources=threshold.sources,
        )


@rule("SAFE-MME-UNKNOWN", "info")
def mme_unknown(ctx: PlanContext) -> Iterator[Finding]:
    for opioid in opioid_courses(ctx):
        if opioid.dose is not None:
            continue
        missing = "patch strength (mcg/h)" if opioid.factor.dose_unit == MCG_PER_HOUR else "daily dose (mg)"
        yield ctx.finding(
            "SAFE-MME-UNKNOWN",
            "info",
            (opioid.course.ref,),
            f"{opioid.course.label} has no {missing} recorded, so the opioid total in MME a day is not "
            "known; any total shown is a minimum.",
            sources=opioid.factor.sources,
        )


@dataclass(frozen=True, slots=True)
class _Uncovered:
    """A moment when an opioid is taken with a reason for naloxone and no naloxone is at hand."""

    day: int
    moment: MmeMoment
    high_total: bool
    benzodiazepines: tuple[Course, ...]


def _event_days(courses: Iterable[Course]) -> list[int]:
    days = {0}
    for course in courses:
        days.add(max(course.start, 0))
        if course.end != NEVER and course.end > 0:
            days.add(int(course.end))
    return sorted(days)


class _NaloxoneCheck:
    def __init__(self, ctx: PlanContext, triggers: NaloxoneTriggers) -> None:
        self.ctx, self.triggers = ctx, triggers
        self.threshold = ctx.catalog.opioid_dose.threshold
        self.profile = mme_profile(ctx)
        classes = triggers.taken_with.classes
        self.benzodiazepines = [c for c in ctx.active_courses if c.modality.class_id in classes]
        self.rescue = [c for c in ctx.active_courses if c.modality.id == triggers.modality]
        self.conditions = [c for c in triggers.conditions if c in ctx.conditions]
        opioids = [opioid.course for opioid in opioid_courses(ctx)]
        self.days = _event_days([*opioids, *self.benzodiazepines, *self.rescue])

    def uncovered(self) -> list[_Uncovered]:
        """Moments (each lasting until the next event day) that call for naloxone without it."""
        adult = self.ctx.age >= self.threshold.from_age
        found = []
        for day in self.days:
            moment = self.profile.at(day)
            if moment is None or any(course.active_at(day) for course in self.rescue):
                continue
            high = adult and moment.total >= self.threshold.per_day
            with_benzodiazepine = tuple(c for c in self.benzodiazepines if c.active_at(day))
            if high or with_benzodiazepine or self.conditions:
                found.append(_Uncovered(day, moment, high, with_benzodiazepine))
        return found

    def period(self, uncovered: list[_Uncovered]) -> str:
        later = [day for day in self.days if day > uncovered[-1].day]
        until = f" until week {later[0] // 7}" if later else ""
        return f"{_from(uncovered[0].day)}{until}"

    def reasons(self, uncovered: list[_Uncovered]) -> list[str]:
        reasons = []
        high = [entry.moment for entry in uncovered if entry.high_total]
        if high:
            top = max(high, key=lambda moment: moment.total)
            reasons.append(f"the opioids come to {total_words(top)} {_from(top.day)}")
        with_benzodiazepine = [entry for entry in uncovered if entry.benzodiazepines]
        if with_benzodiazepine:
            benzodiazepines = _ordered(self.ctx, (c for e in with_benzodiazepine for c in e.benzodiazepines))
            verb = "is" if len(benzodiazepines) == 1 else "are"
            names = ", ".join(course.label for course in benzodiazepines)
            reasons.append(f"{names} {verb} taken with them {_from(with_benzodiazepine[0].day)}")
        if self.conditions:
            names = ", ".join(self.ctx.catalog.condition_name(c).lower() for c in self.conditions)
            reasons.append(f"the record lists {names}")
        return reasons


@rule("SAFE-NALOXONE", "warning")
def naloxone(ctx: PlanContext) -> Iterator[Finding]:
    """One finding per plan, naming the uncovered opioids and the benzodiazepines taken with them then."""
    triggers = ctx.catalog.opioid_dose.naloxone
    check = _NaloxoneCheck(ctx, triggers)
    uncovered = check.uncovered()
    if not uncovered:
        return
    opioids = _ordered(ctx, (o.course for entry in uncovered for o in entry.moment.opioids))
    benzodiazepines = _ordered(ctx, (c for entry in uncovered for c in entry.benzodiazepines))
    names = ", ".join(course.label for course in opioids)
    what = (
        f"No naloxone is planned with {names} {check.period(uncovered)}, when the risk of an overdose is "
        f"raised: {'; '.join(check.reasons(uncovered))}."
    )
    why = ctx.catalog.rules.explanations["SAFE-NALOXONE"].why
    sources = triggers.sources
    if benzodiazepines:
        why = f"{why} {triggers.taken_with.advice}"
        sources = tuple(dict.fromkeys((*sources, *triggers.taken_with.sources)))
    yield ctx.finding(
        "SAFE-NALOXONE",
        "warning",
        [course.ref for course in _ordered(ctx, [*opioids, *benzodiazepines])],
        what,
        why=why,
        sources=sources,
    )
