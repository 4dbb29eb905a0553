"""Withdrawing a decision recorded at an assessment: one recorded by mistake, also after the plan was saved
and reopened (when undo no longer reaches it).

Withdrawing takes back everything the decision did: the assessment (an earlier "continue" kept in `previous`
becomes the current decision again), the item that continued the course after "adjust-dose" or "replace", the
history entry written for the ended course, and the end week the decision set. An end the item had before an
ending decision and that was later than the decision's end cannot be known any more: the item is left open.
"""

from __future__ import annotations

import dataclasses

from careplanner.catalog.model import Catalog
from careplanner.domain import Assessment, HistoryEntry, PlanDocument, PlanItem
from careplanner.followup.courses import records_course
from careplanner.followup.decisions import (
    CONTINUED_BY_NEW_ITEM,
    ENDING,
    SETS_THE_END,
    decision_end_week,
    step_words,
)


def _created_follower(document: PlanDocument, item: PlanItem) -> PlanItem | None:
    """The item the decision created to continue the course (gone if it was removed since)."""
    assessed = item.assessed
    if assessed is None or assessed.decision not in CONTINUED_BY_NEW_ITEM or assessed.replaced_by is None:
        return None
    return document.plan.item(assessed.replaced_by)


def withdraw_refusal(document: PlanDocument, catalog: Catalog, item_id: str) -> str | None:
    """Why the item's decision cannot be withdrawn, in plain words; None when it can."""
    item = document.plan.item(item_id)
    if item is None:
        return f"The plan has no treatment {item_id}."
    name = catalog.modality(item.modality).name
    if item.assessed is None:
        return f"No decision is recorded for {name}: there is nothing to withdraw."
    follower = _created_follower(document, item)
    if follower is None:
        return None
    step = f"{step_words(catalog, follower)} (from week {follower.start_week})"
    if follower.assessed is not None:
        return (
            f"{step}, started by the decision on {name}, has a decision of its own: withdraw that one first."
        )
    later = next((other for other in document.plan.items if other.replaces == follower.id), None)
    if later is not None:
        return (
            f"{step}, started by the decision on {name}, is followed by {step_words(catalog, later)} "
            f"(from week {later.start_week}): remove that step first."
        )
    return None


def _restored(assessed: Assessment) -> Assessment | None:
    """The decision before the withdrawn one, with the ones before it; None when there was none."""
    if not assessed.previous:
        return None
    return dataclasses.replace(assessed.previous[-1], previous=assessed.previous[:-1])


def _end_week_before(document: PlanDocument, item: PlanItem, assessed: Assessment) -> int | None:
    """The item's end week without the decision: the end the decision computed is cleared, an earlier end the
    plan already had (which the decision kept) stays."""
    if assessed.decision not in SETS_THE_END or assessed.decided_on is None:
        return item.end_week
    decided_end = decision_end_week(document, item, assessed.decided_on)
    return None if item.end_week == decided_end else item.end_week


def _history_without_course(
    document: PlanDocument, item: PlanItem, assessed: Assessment
) -> tuple[HistoryEntry, ...]:
    """The history without the entry the ending decision wrote for the item's course (the latest such one)."""
    history = document.history
    if assessed.decision not in ENDING:
        return history
    for index in reversed(range(len(history))):
        entry = history[index]
        written = records_course(entry, item, document.plan) and entry.outcome == assessed.result
        if written and (
            assessed.decided_on is None or (entry.end is not None and entry.end <= assessed.decided_on)
        ):
            return history[:index] + history[index + 1 :]
    return history  # removed by hand since: nothing more to take back


def withdraw_decision(document: PlanDocument, catalog: Catalog, item_id: str) -> PlanDocument:
    """The document without the item's latest decision and all it did; raises ValueError (plain words) when
    `withdraw_refusal` gives a reason."""
    problem = withdraw_refusal(document, catalog, item_id)
    if problem is not None:
        raise ValueError(problem)
    item = document.plan.item(item_id)
    assert item is not None and item.assessed is not None
    assessed = item.assessed
    follower = _created_follower(document, item)
    changed = dataclasses.replace(
        item, assessed=_restored(assessed), end_week=_end_week_before(document, item, assessed)
    )
    items = tuple(
        changed if other.id == item.id else other
        for other in document.plan.items
        if follower is None or other.id != follower.id
    )
    return dataclasses.replace(
        document,
        plan=dataclasses.replace(document.plan, items=items),
        history=_history_without_course(document, item, assessed),
    )
