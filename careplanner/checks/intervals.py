"""Sweep-line helpers over courses' [start, end) intervals: output-sensitive, O(n log n + k).

The checks run on every edit in the window, so pairwise rules must not compare every item with every other.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence

from careplanner.checks.context import Course


def _in_plan_course(course: Course) -> tuple[int, float]:
    """The part of a course inside the plan's course (day 0 onwards)."""
    return max(course.start, 0), course.end


def overlapping_pairs(
    first: Sequence[Course], second: Sequence[Course] | None = None
) -> Iterator[tuple[Course, Course]]:
    """Pairs (one from `first`, one from `second`; or two of `first` when `second` is None) active at once.

    Each unordered pair of distinct courses is yielded once.
    """
    groups = (first,) if second is None else (first, second)
    events = sorted(
        (*_in_plan_course(course), group, order, course)
        for group, courses in enumerate(groups)
        for order, course in enumerate(courses)
    )
    active: list[list[tuple[float, int, Course]]] = [[] for _ in groups]  # heaps by end
    seen: set[frozenset[str]] = set()
    for start, end, group, order, course in events:
        if start >= end:
            continue
        for heap in active:
            while heap and heap[0][0] <= start:
                heapq.heappop(heap)
        partners = active[0] if second is None else active[1 - group]
        for _, _, other in partners:
            if other.ref != course.ref:
                key = frozenset((other.ref, course.ref))
                if key not in seen:
                    seen.add(key)
                    yield other, course
        heapq.heappush(active[group], (end, order, course))


def maximal_overlaps(courses: Sequence[Course], min_size: int) -> list[list[Course]]:
    """Largest sets of courses active at one moment (maximal cliques of the interval graph), of min_size+."""
    events: list[tuple[float, int, int, Course]] = []  # ends sort before starts at the same day (half-open)
    for order, course in enumerate(courses):
        start, end = _in_plan_course(course)
        if start < end:
            events.append((start, 1, order, course))
            events.append((end, 0, order, course))
    events.sort(key=lambda event: event[:3])
    active: dict[str, Course] = {}
    peaks: list[list[Course]] = []
    rising = False
    for _, is_start, _, course in events:
        if is_start:
            active[course.ref] = course
            rising = True
            continue
        if rising and len(active) >= min_size:
            peaks.append(list(active.values()))
        rising = False
        active.pop(course.ref, None)
    return peaks
