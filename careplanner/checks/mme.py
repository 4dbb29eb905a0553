"""The opioid total in morphine milligram equivalents (MME) a day at each moment of the plan.

docs/plan-format.md, Definitions (MME): an opioid's MME a day is its dose times its catalog factor; the total
at a moment sums the opioids active then (planned items and history entries). Totals only change where an
opioid starts or ends, so the moments are week 0, every opioid's start and every end of an active course.
The arithmetic is exact: doses are taken as written (33.4, not its binary neighbour), and any result that
could not be held exactly would raise rather than be rounded across the 50 MME boundary.
"""

from __future__ import annotations

import bisect
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from careplanner.catalog.model import Catalog
from careplanner.catalog.opioid_dose import MmeFactor
from careplanner.checks.context import NEVER, Course, PlanContext
from careplanner.domain import PlanDocument
from careplanner.domain.dose import Dose

# Wide enough for any sum of doses a document can hold (from 1e-324 to 1.7e308, times a factor).
EXACT = decimal.Context(
    prec=1000,
    traps=[decimal.Inexact, decimal.Overflow, decimal.InvalidOperation, decimal.DivisionByZero],
)
ZERO = Decimal(0)
LONGEST_PLAIN_NUMBER = 12  # digits before the point beyond which a total is shown in scientific form


@dataclass(frozen=True, slots=True)
class OpioidCourse:
    """An opioid course with its dose in the factor's unit (None when the record gives none)."""

    course: Course
    factor: MmeFactor
    dose: Decimal | None

    @property
    def mme(self) -> Decimal | None:
        return None if self.dose is None else EXACT.multiply(self.dose, self.factor.factor)


@dataclass(frozen=True, slots=True)
class MmeMoment:
    """The opioids active from `day` on (until the next moment) and their total MME a day."""

    day: int
    opioids: tuple[OpioidCourse, ...]  # in document order
    total: Decimal  # of the known doses: a minimum when a dose is missing

    @property
    def week(self) -> int:
        return self.day // 7

    @property
    def complete(self) -> bool:
        return all(opioid.dose is not None for opioid in self.opioids)

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(opioid.course.ref for opioid in self.opioids)


@dataclass(frozen=True)
class MmeProfile:
    moments: tuple[MmeMoment, ...]  # by day; only moments with an opioid active, each day once
    _days: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_days", [moment.day for moment in self.moments])

    def at(self, day: int) -> MmeMoment | None:
        """The opioids active on `day` (None when none is)."""
        index = bisect.bisect_right(self._days, day) - 1
        if index < 0:
            return None
        moment = self.moments[index]
        return moment if all(o.course.active_at(day) for o in moment.opioids) else None

    @property
    def peak(self) -> MmeMoment | None:
        """The highest total, the first moment it is reached."""
        best: MmeMoment | None = None
        for moment in self.moments:
            if best is None or moment.total > best.total:
                best = moment
        return best


def exact(amount: float) -> Decimal:
    """A document's number as written: its shortest decimal form, never its binary expansion."""
    return Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)


def mme_text(value: Decimal) -> str:
    """A total as a clinician reads it: 49.5, 60, 50.1 (no trailing zeros)."""
    plain = value.normalize(EXACT)
    if plain.adjusted() >= LONGEST_PLAIN_NUMBER:
        return f"{plain:.6g}"
    return f"{plain:f}"


def dose_in_unit(dose: Dose | None, factor: MmeFactor) -> Decimal | None:
    """The dose as an exact decimal in the factor's unit (None when missing or given in another unit)."""
    if dose is None or dose.unit != factor.dose_unit:
        return None
    return exact(dose.amount)


def mme_of(catalog: Catalog, modality_id: str, dose: Dose | None) -> Decimal | None:
    """MME a day of one dose of a medicine; None for a medicine that is not an opioid or has no dose."""
    factor = catalog.opioid_dose.factor_for(modality_id)
    amount = dose_in_unit(dose, factor) if factor is not None else None
    return None if factor is None or amount is None else EXACT.multiply(amount, factor.factor)


def contribution_words(opioid: OpioidCourse) -> str:
    """An opioid's share of a total: "Oxycodone 40 mg a day (60 MME)"."""
    dose, mme = opioid.course.dose_amount, opioid.mme
    if dose is None or mme is None:
        return f"{opioid.course.label} with no dose recorded"
    return f"{opioid.course.label} {dose.text} ({mme_text(mme)} MME)"


def opioid_courses(ctx: PlanContext) -> list[OpioidCourse]:
    """Opioid courses active at some moment of the plan (from day 0), in document order."""
    table = ctx.catalog.opioid_dose
    found = []
    for course in ctx.active_courses:
        factor = table.factor_for(course.modality.id)
        if factor is not None and max(course.start, 0) < course.end:
            found.append(OpioidCourse(course, factor, dose_in_unit(course.dose_amount, factor)))
    return sorted(found, key=lambda opioid: ctx.position[opioid.course.ref])


def _moment_days(opioids: list[OpioidCourse]) -> list[int]:
    days = {0}
    for opioid in opioids:
        days.add(max(opioid.course.start, 0))
        if opioid.course.end != NEVER:
            days.add(int(opioid.course.end))
    return sorted(days)


def _build_profile(ctx: PlanContext) -> MmeProfile:
    opioids = opioid_courses(ctx)
    moments = []
    for day in _moment_days(opioids):
        active = tuple(opioid for opioid in opioids if opioid.course.active_at(day))
        if active:
            known = (mme for opioid in active if (mme := opioid.mme) is not None)
            moments.append(MmeMoment(day, active, reduce(EXACT.add, known, ZERO)))
    return MmeProfile(tuple(moments))


def mme_profile(ctx: PlanContext) -> MmeProfile:
    """The plan's MME moments, computed once per check run."""
    return ctx.memo("mme-profile", lambda: _build_profile(ctx))


def total_words(moment: MmeMoment) -> str:
    """The total in words: "67.5 MME a day", or "at least 45 MME a day" when a dose is missing."""
    return f"{'' if moment.complete else 'at least '}{mme_text(moment.total)} MME a day"


@dataclass(frozen=True, slots=True)
class PeakSummary:
    """What the plan's views show about the opioids: the peak total, what makes it up, whether it counts."""

    line: str  # "Opioids: 67.5 MME a day at the peak (week 4)"
    details: str  # "At the peak: Oxycodone 40 mg a day (60 MME), Morphine 7.5 mg a day (7.5 MME)."
    at_threshold: bool  # the patient is an adult and the peak reaches the threshold


def peak_summary(
    document: PlanDocument, catalog: Catalog, week_words: Callable[[int], str] = lambda week: f"week {week}"
) -> PeakSummary | None:
    """The plan's opioid peak in words; None when no opioid is planned or ongoing."""
    ctx = PlanContext(document, catalog)
    peak = mme_profile(ctx).peak
    if peak is None:
        return None
    shares = ", ".join(contribution_words(opioid) for opioid in peak.opioids)
    if not any(opioid.dose is not None for opioid in opioid_courses(ctx)):
        return PeakSummary("Opioids: MME a day unknown (no dose recorded)", f"{shares}.", False)
    threshold = catalog.opioid_dose.threshold
    return PeakSummary(
        f"Opioids: {total_words(peak)} at the peak ({week_words(peak.week)})",
        f"At the peak: {shares}.",
        ctx.age >= threshold.from_age and peak.total >= threshold.per_day,
    )
