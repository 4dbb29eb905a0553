"""Everything the rules need about one plan, computed once per check run.

Time is counted in days from the plan's start (day 0). Courses are half-open [start, end): a plan item without
`end_week` and an ongoing history entry never end. A replaced course ends where its replacement starts, so a
`replaces` pair is never active at the same time (docs/plan-format.md, Definitions).

A decision that ends a plan item writes its course into the history. That entry is the item's own course, not
another treatment: it takes part only in the HIST rules (for later items of the treatment), never beside the
item in the rules that look at what is active together, nor counted a second time as a session or result.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar, cast

from careplanner.catalog.model import Catalog, Modality
from careplanner.checks.finding import Finding
from careplanner.domain import OTHER_MODALITY, Dose, HistoryEntry, PlanDocument, PlanItem
from careplanner.followup.courses import records_course
from careplanner.reports.dates import month_year

NEVER = math.inf
T = TypeVar("T")
BOTOX_MIGRAINE = "botox-migraine"  # judged after two cycles: the second is part of the same trial (TA260)


@dataclass(frozen=True, slots=True)
class Course:
    """Something that can be active: a planned item or a history entry."""

    ref: str  # item id, or "history[N]"
    modality: Modality
    start: int  # day
    end: float  # day (exclusive); NEVER when open
    item: PlanItem | None = None
    history: HistoryEntry | None = None
    label: str = ""  # how messages name it: the treatment, told apart from others of the same name

    @property
    def dose(self) -> float | None:
        """The daily dose in mg (None for a dose given per hour: see `dose_amount`)."""
        source = self.item or self.history
        return source.dose_mg_per_day if source else None

    @property
    def dose_amount(self) -> Dose | None:
        """The dose in the unit the record gives it: mg a day, or mcg an hour for a fentanyl patch."""
        source = self.item or self.history
        return source.dose if source else None

    @property
    def region(self) -> str | None:
        source = self.item or self.history
        return source.region if source else None

    def active_at(self, day: int) -> bool:
        return self.start <= day < self.end


def history_ref(index: int) -> str:
    return f"history[{index}]"


def in_pain_care(modality: Modality) -> bool:
    """Takes part in the sequencing, window, history and review rules (not a benzodiazepine, not naloxone)."""
    return modality.pain_treatment and not modality.is_rescue


def same_region(a: str | None, b: str | None) -> bool:
    """Results and repeats count where the regions are equal or either has none."""
    return a is None or b is None or a == b


def judgement_week(item: PlanItem, window_max: int) -> int:
    """When a trial is judged: its assessment week, or (without one) its start plus the window's maximum."""
    return item.assess_week if item.assess_week is not None else item.start_week + window_max


def second_cycles(courses: Iterable[Course]) -> dict[str, Course]:
    """Second botulinum toxin cycles of a trial, by item id, each with the trial's first item (its judge).

    B is the second cycle of A when B is the first botox-migraine item after A (A not itself a second cycle),
    starts at least the catalog's gap between injections after A (12 weeks) and before A's judgement week (its
    assessment, or its start plus the window's maximum: 24 weeks). The numbers are the catalog's, from TA260.
    """
    botox = sorted(
        (c for c in courses if c.modality.id == BOTOX_MIGRAINE and c.item is not None),
        key=lambda course: course.start,  # stable: document order among items of the same week
    )
    if not botox:
        return {}
    modality = botox[0].modality
    gap = modality.frequency.min_gap_weeks if modality.frequency else None
    window_max = modality.window.max_weeks if modality.window else None
    if gap is None or window_max is None:
        return {}
    starts = [course.start for course in botox]
    cycles: dict[str, Course] = {}
    for first in botox:
        after = bisect_right(starts, first.start)  # the first item starting later than this one
        if first.ref in cycles or after == len(botox) or botox[after].ref in cycles:
            continue
        following = botox[after]
        assert first.item is not None and following.item is not None
        weeks_apart = following.item.start_week - first.item.start_week
        if gap <= weeks_apart and following.item.start_week < judgement_week(first.item, window_max):
            cycles[following.ref] = first
    return cycles


def planned_label(course: Course, plain: bool) -> str:
    """A planned treatment by name; with its week (and region) when the plan has it more than once."""
    if plain or course.item is None:
        return course.modality.name
    where = f"{course.item.region}, " if course.item.region else ""
    return f"{course.modality.name} ({where}week {course.item.start_week})"


def history_label(course: Course, plain: bool) -> str:
    """A treatment from the history: ongoing, or when it was tried (and where, when tried more than once)."""
    entry = course.history
    if entry is None:
        return course.modality.name
    if entry.end is None:
        return f"{course.modality.name} (ongoing)"
    where = f"{entry.region}, " if entry.region and not plain else ""
    began, ended = month_year(entry.start), month_year(entry.end)  # English words, whatever the locale
    return f"{course.modality.name} ({where}{began if began == ended else f'{began} to {ended}'})"


def _named(courses: list[Course], label: Callable[[Course, bool], str]) -> list[Course]:
    """Give every course its label; the same name twice is told apart by week or date, then by order."""
    counts: dict[str, int] = defaultdict(int)
    for course in courses:
        counts[course.modality.id] += 1
    named = [replace(course, label=label(course, counts[course.modality.id] == 1)) for course in courses]
    seen: dict[str, int] = defaultdict(int)
    for course in named:
        seen[course.label] += 1
    if all(number == 1 for number in seen.values()):
        return named
    order: dict[str, int] = defaultdict(int)
    result = []
    for course in named:
        if seen[course.label] > 1:
            order[course.label] += 1
            course = replace(course, label=f"{course.label} #{order[course.label]}")
        result.append(course)
    return result


class PlanContext:
    def __init__(self, document: PlanDocument, catalog: Catalog, as_of: dt.date | None = None) -> None:
        self.document = document
        self.catalog = catalog
        self.as_of = as_of
        self.plan = document.plan
        self.age = document.age_at_start
        self.conditions = frozenset(document.patient.conditions)
        replaced_items, replaced_modalities = self._replacement_starts()
        self.planned = _named(
            [self._planned_course(item, replaced_items) for item in self.plan.items], planned_label
        )
        self.by_ref = {course.ref: course for course in self.planned}
        self.history = _named(self._history_courses(replaced_modalities), history_label)
        self.by_ref.update((course.ref, course) for course in self.history)
        # History entries recording a plan item's own course (by ref): the item stands for that course.
        items_by_id = {item.id: item for item in self.plan.items}
        self.recorded = {course.ref for course in self.history if self._records_an_item(course, items_by_id)}
        self.position = {
            ref: index for index, ref in enumerate(self.by_ref)
        }  # document order: items, history
        # History that takes part in the plan's course (active on or after day 0); ended history takes part
        # only in the HIST, PREREQ and FREQ rules.
        self.current_history = [
            course for course in self.history if course.end > 0 and course.ref not in self.recorded
        ]
        self.active_courses = self.planned + self.current_history
        # A second botulinum toxin cycle belongs to its trial: not a new therapy for the SEQ and WIN rules.
        self.second_cycles = second_cycles(self.planned)
        self.new_therapies = [
            course
            for course in self.planned
            if course.modality.is_therapy and course.ref not in self.second_cycles
        ]
        self.history_by_modality: dict[str, list[Course]] = defaultdict(list)
        for course in self.history:
            if course.ref not in self.recorded:
                self.history_by_modality[course.modality.id].append(course)
        self.planned_by_modality: dict[str, list[Course]] = defaultdict(list)
        for course in self.planned:
            self.planned_by_modality[course.modality.id].append(course)
        self._memo: dict[Hashable, object] = {}

    # -- building ----------------------------------------------------------------------------------
    def _replacement_starts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Earliest replacing start (day) for each replaced item id and each replaced ongoing modality."""
        item_ids = {item.id for item in self.plan.items}
        items: dict[str, int] = {}
        modalities: dict[str, int] = {}
        for item in self.plan.items:
            if item.replaces is None:
                continue
            target = items if item.replaces in item_ids else modalities
            day = 7 * item.start_week
            target[item.replaces] = min(day, target.get(item.replaces, day))
        return items, modalities

    def _planned_course(self, item: PlanItem, replaced: dict[str, int]) -> Course:
        start = 7 * item.start_week
        end: float = NEVER if item.end_week is None else 7 * item.end_week
        if item.id in replaced:
            end = min(end, replaced[item.id])
        return Course(item.id, self.catalog.modality(item.modality), start, end, item=item)

    def _history_courses(self, replaced: dict[str, int]) -> list[Course]:
        courses = []
        for index, entry in enumerate(self.document.history):
            if entry.modality == OTHER_MODALITY:
                continue
            start = self.day_of(entry.start)
            end: float = NEVER if entry.end is None else self.day_of(entry.end)
            if entry.is_ongoing and entry.modality in replaced:
                end = min(end, replaced[entry.modality])
            courses.append(
                Course(history_ref(index), self.catalog.modality(entry.modality), start, end, history=entry)
            )
        return courses

    def _records_an_item(self, course: Course, items_by_id: Mapping[str, PlanItem]) -> bool:
        entry = course.history
        return entry is not None and any(
            records_course(entry, item, self.plan, items_by_id) for item in self.plan.items
        )

    # -- queries -----------------------------------------------------------------------------------
    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """Share an expensive computation between rules within one check run."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def day_of(self, day: dt.date) -> int:
        return (day - self.plan.start).days

    def label(self, ref: str) -> str:
        course = self.by_ref.get(ref)
        return course.label if course else ref

    def labels(self, refs: Iterable[str]) -> str:
        return ", ".join(self.label(ref) for ref in refs)

    def ongoing_at_start(self) -> list[Course]:
        """History active on day 0, even when a plan item replaces it from day 0 on."""
        return [
            course
            for course in self.history
            if course.history
            and course.ref not in self.recorded
            and self._was_active_at_start(course.history)
        ]

    def _was_active_at_start(self, entry: HistoryEntry) -> bool:
        return self.day_of(entry.start) <= 0 and (entry.end is None or self.day_of(entry.end) > 0)

    def replaces_each_other(self, a: Course, b: Course) -> bool:
        return (a.item is not None and a.item.replaces == b.ref) or (
            b.item is not None and b.item.replaces == a.ref
        )

    def finding(
        self,
        rule: str,
        severity: str,
        items: Iterable[str],
        what: str,
        *,
        why: str | None = None,
        sources: tuple[str, ...] | None = None,
    ) -> Finding:
        """A finding whose message is the specific fact, then why it matters (from the catalog's tables)."""
        explanation = self.catalog.rules.explanations[rule]
        reason = why if why is not None else explanation.why
        return Finding(
            rule=rule,
            severity=severity,
            items=tuple(items),
            message=f"{what} {reason}",
            source=", ".join(sources if sources is not None else explanation.sources),
        )
