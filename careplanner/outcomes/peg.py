"""PEG-3 progress against the baseline, in IMMPACT change classes (docs/clinical-reference.md §6).

The PEG score is the mean of average pain, interference with enjoyment and with general activity (0-10 each;
Krebs09). Change is the improvement from baseline in percent: positive is better, negative is worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from careplanner.domain import Measurement, PegScores

CHANGE_CLASSES = ("none", "minimal", "moderate", "substantial")

# IMMPACT (Dworkin et al. 2008): <10% none, 10-29% minimal, 30-49% moderate, >=50% substantial.
MINIMAL_PERCENT = 10.0
# CDC22 and IMMPACT: a 30% improvement is the smallest clinically meaningful change (S-TRP: aim for 30-50%).
MEANINGFUL_PERCENT = 30.0
SUBSTANTIAL_PERCENT = 50.0

# Scores are sums and means of small integers: rounding away float noise keeps a true 30% at 30, not 29.99...
_DECIMALS = 9


def improvement_percent(baseline: float, current: float) -> float | None:
    """How much better `current` is than `baseline`, in percent of it; None when the baseline is 0."""
    if baseline == 0:
        return None
    return round((baseline - current) / baseline * 100, _DECIMALS)


def change_class(percent: float) -> str:
    """The IMMPACT class of an improvement; no change and any worsening are "none"."""
    if percent >= SUBSTANTIAL_PERCENT:
        return "substantial"
    if percent >= MEANINGFUL_PERCENT:
        return "moderate"
    if percent >= MINIMAL_PERCENT:
        return "minimal"
    return "none"


def is_meaningful(percent: float) -> bool:
    """At least 30% better (CDC22, IMMPACT: the 'moderate' class and above)."""
    return percent >= MEANINGFUL_PERCENT


@dataclass(frozen=True)
class Progress:
    """One check-in compared with the baseline; the changes are None without a baseline PEG to compare to."""

    date: dt.date
    peg_score: float | None
    peg_change: float | None
    pain_change: float | None
    change_class: str | None
    sleep: int | None
    mood: int | None


def _peg_total(peg: PegScores) -> int:
    # The ratio of totals equals the ratio of means, without the thirds that floats cannot hold exactly.
    return peg.pain + peg.enjoyment + peg.activity


def _one(baseline: PegScores | None, checkin: Measurement) -> Progress:
    current = checkin.peg
    peg_change = pain_change = None
    if baseline is not None and current is not None:
        peg_change = improvement_percent(_peg_total(baseline), _peg_total(current))
        pain_change = improvement_percent(baseline.pain, current.pain)
    return Progress(
        date=checkin.date,
        peg_score=current.score if current is not None else None,
        peg_change=peg_change,
        pain_change=pain_change,
        change_class=change_class(peg_change) if peg_change is not None else None,
        sleep=checkin.sleep,
        mood=checkin.mood,
    )


def progress(baseline: Measurement | None, checkins: Sequence[Measurement]) -> list[Progress]:
    """One `Progress` per check-in, in date order (check-ins on the same day keep their order)."""
    reference = baseline.peg if baseline is not None else None
    return [_one(reference, checkin) for checkin in sorted(checkins, key=lambda m: m.date)]


def _day(day: dt.date) -> str:
    """The date as the window shows it ("3 Dec 2026")."""
    from careplanner.reports.dates import short_date  # not at the top: the reports package imports outcomes

    return short_date(day)


def checkin_date_problem(day: dt.date, baseline: Measurement | None, today: dt.date) -> str | None:
    """Why a check-in cannot be dated `day`, in plain words; None when it can."""
    if day > today:
        return (
            f"{_day(day)} is in the future (today is {_day(today)}): a check-in records how the patient is "
            "on the day it is taken."
        )
    if baseline is not None and day < baseline.date:
        return (
            f"{_day(day)} is before the baseline ({_day(baseline.date)}): a check-in is compared with the "
            "baseline, so it is dated after it."
        )
    return None


def baseline_date_problem(day: dt.date, checkins: Sequence[Measurement], today: dt.date) -> str | None:
    """Why the baseline cannot be dated `day`, in plain words; None when it can."""
    if day > today:
        return (
            f"{_day(day)} is in the future (today is {_day(today)}): the baseline records how the patient is "
            "before the plan changes anything."
        )
    first = min((checkin.date for checkin in checkins), default=None)
    if first is not None and day > first:
        return (
            f"{_day(day)} is after the first check-in ({_day(first)}): the baseline comes before the "
            "check-ins compared with it."
        )
    return None
