"""A plan item's course: when it began and ended, and the history entry that records it once it is over.

Courses are half-open [start, end) in plan weeks. A dose change is a new item replacing one of the same
treatment, so a course can run over several items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from careplanner.domain import HistoryEntry, Plan, PlanItem


def course_end_week(item: PlanItem, items: Iterable[PlanItem]) -> int | None:
    """The week the item's course ends: its own end, or the start of an item that replaces it."""
    ends = [item.end_week] if item.end_week is not None else []
    ends += [other.start_week for other in items if other.replaces == item.id]
    return min(ends, default=None)


def course_items(
    item: PlanItem, items: Iterable[PlanItem], by_id: Mapping[str, PlanItem] | None = None
) -> tuple[PlanItem, ...]:
    """The item and the earlier items of its course, first one first: back along `replaces` links between
    items of the same treatment. `by_id` (the items by id) spares building it again in a loop."""
    by_id = by_id if by_id is not None else {other.id: other for other in items}
    chain, seen = [item], {item.id}
    while (earlier := by_id.get(chain[-1].replaces or "")) is not None and earlier.modality == item.modality:
        if earlier.id in seen:
            break  # a loop of links (the reader refuses one; an edit in progress may hold one)
        chain, seen = [*chain, earlier], seen | {earlier.id}
    return tuple(reversed(chain))


def course_start_week(
    item: PlanItem, items: Iterable[PlanItem], by_id: Mapping[str, PlanItem] | None = None
) -> int:
    """The week the item's course began (the start of the first item of its course)."""
    return course_items(item, items, by_id)[0].start_week


def first_week_from(plan: Plan, day: dt.date) -> int:
    """The first plan week that begins on or after the day (a week boundary is the day itself)."""
    return -((plan.start - day).days // 7)


def records_course(
    entry: HistoryEntry, item: PlanItem, plan: Plan, by_id: Mapping[str, PlanItem] | None = None
) -> bool:
    """Whether the history entry is the record of the item's own course, written when a decision ended it:
    the same treatment, started the day the course began, and ended on or after the item's own start (a
    later step of the same treatment that starts after the entry's end is a new trial, not that course)."""
    if entry.end is None or entry.modality != item.modality:
        return False
    item_start = plan.week_date(item.start_week)
    if entry.end < item_start or entry.start > item_start:
        return False  # cheap tests first: the checks ask this for every history entry and item
    return entry.start == plan.week_date(course_start_week(item, plan.items, by_id))
