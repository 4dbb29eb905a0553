"""Strict reading of `*.careplan.json` documents.

Bad input is refused as a whole with a `DocumentError` naming every faulty field
(e.g. `plan.items[2].assess_week: week 3 is before start_week 4`); unknown fields are ignored with a note.
Every limit of `limits` is enforced here, wherever the document comes from (a file, the database, a recovery
file), so that nothing the reader accepts can make the checks or the printouts slow.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from careplanner.documents.errors import DocumentError
from careplanner.documents.followup_parts import check_followup_totals, read_baseline, read_checkin
from careplanner.documents.limits import (
    MAX_ACKNOWLEDGEMENTS,
    MAX_CHECKINS,
    MAX_EARLIER_DECISIONS_TOTAL,
    MAX_GOALS,
    MAX_HISTORY,
    MAX_ITEMS,
    MAX_LISTED_NOTES,
    MAX_REVIEWS,
)
from careplanner.documents.parts import (
    Weeks,
    read_acknowledgement,
    read_goal,
    read_history_entry,
    read_item,
    read_patient,
    read_review,
)
from careplanner.documents.source import (
    decode_document,
    find_unreadable_values,
    parse_json,
    read_document_bytes,
)
from careplanner.domain import OTHER_MODALITY, Goal, HistoryEntry, Plan, PlanDocument, PlanItem
from careplanner.validation import Invalid, Node, Problem, ProblemSink, quoted, type_name

__all__ = ["FORMAT", "DocumentError", "ReadResult", "read_plan_data", "read_plan_file", "read_plan_text"]

FORMAT = "careplanner/1"
TOP_FIELDS = frozenset({"format", "patient", "history", "baseline", "goals", "checkins", "plan"})
PLAN_FIELDS = frozenset({"start", "items", "reviews", "acknowledged"})

T = TypeVar("T")


@dataclass(frozen=True)
class ReadResult:
    document: PlanDocument
    notes: tuple[Problem, ...]  # things ignored on purpose, e.g. unknown fields


def _list_of(node: Node | None, read: Callable[[Node], T], limit: int) -> list[T]:
    """Every entry that could be read; a list that is not one, or too long, is refused as a whole."""
    results: list[T] = []
    if node is None:
        return results
    with node.sink.guard():
        for child in node.items(max_count=limit):
            with node.sink.guard():
                results.append(read(child))
    return results


def _all_read(node: Node | None, values: list[T]) -> bool:
    return node is not None and isinstance(node.value, list) and len(values) == len(node.value)


def _duplicates(values: list[str]) -> set[str]:
    return {value for value, count in Counter(values).items() if count > 1}


def _check_unique_ids(node: Node, label: str, ids: list[str]) -> None:
    duplicated = _duplicates(ids)
    for index, value in enumerate(ids):
        if value in duplicated:
            node.sink.add(node.context, f"{node.path}[{index}].id", f"duplicate {label} id {quoted(value)}")


def _check_links(
    items_node: Node, items: list[PlanItem], history: list[HistoryEntry], goals: list[Goal]
) -> None:
    item_ids = {item.id for item in items}
    ongoing = {entry.modality for entry in history if entry.is_ongoing and entry.modality != OTHER_MODALITY}
    goal_ids = {goal.id for goal in goals}
    sink, context = items_node.sink, items_node.context
    for index, item in enumerate(items):
        path = f"{items_node.path}[{index}]"
        if item.replaces is not None:
            if item.replaces == item.id:
                sink.add(context, f"{path}.replaces", "an item cannot replace itself")
            elif item.replaces not in item_ids and item.replaces not in ongoing:
                sink.add(
                    context,
                    f"{path}.replaces",
                    f"{quoted(item.replaces)} names no plan item and no ongoing history treatment",
                )
        for link_index, goal_id in enumerate(item.goal_ids):
            if goal_id not in goal_ids:
                sink.add(context, f"{path}.goal_ids[{link_index}]", f"no goal with id {quoted(goal_id)}")
        _check_replaced_by(items_node, index, item, item_ids)


def _check_replaced_by(items_node: Node, index: int, item: PlanItem, item_ids: Set[str]) -> None:
    """The item that continues an adjusted or replaced course is another item of this plan."""
    target = item.assessed.replaced_by if item.assessed else None
    if target is None:
        return
    path = f"{items_node.path}[{index}].assessed.replaced_by"
    if target == item.id:
        items_node.sink.add(items_node.context, path, "an item cannot be replaced by itself")
    elif target not in item_ids:
        items_node.sink.add(items_node.context, path, f"{quoted(target)} names no item of the plan")


def _check_earlier_decisions_total(items_node: Node, items: list[PlanItem]) -> None:
    """The document-wide budget of limits.py, named at the item that goes beyond it."""
    total = 0
    for index, item in enumerate(items):
        total += len(item.assessed.previous) if item.assessed else 0
        if total > MAX_EARLIER_DECISIONS_TOTAL:
            items_node.sink.add(
                items_node.context,
                f"{items_node.path}[{index}].assessed.previous",
                f"the items hold more than {MAX_EARLIER_DECISIONS_TOTAL} earlier decisions together "
                "(the limit for one document)",
            )
            return


def _plan_start(root: Node) -> dt.date | None:
    """Read first: every week of the document is checked against it."""
    plan = root.get("plan")
    start = plan.get("start") if plan is not None and isinstance(plan.value, dict) else None
    if start is None:
        return None
    with root.sink.guard():
        return start.as_date()
    return None


def _read_plan(
    node: Node, modalities: Set[str], weeks: Weeks, history: list[HistoryEntry], goals: list[Goal]
) -> Plan:
    node.note_unknown(PLAN_FIELDS)
    items_node = node.get("items")
    items = _list_of(items_node, lambda child: read_item(child, modalities, weeks), MAX_ITEMS)
    if items_node is not None and _all_read(items_node, items):
        _check_unique_ids(items_node, "item", [item.id for item in items])
        _check_links(items_node, items, history, goals)
        _check_earlier_decisions_total(items_node, items)
    reviews = _list_of(node.get("reviews"), lambda child: read_review(child, weeks), MAX_REVIEWS)
    acknowledged = _list_of(node.get("acknowledged"), read_acknowledgement, MAX_ACKNOWLEDGEMENTS)
    if weeks.start is None:
        node.require("start")  # names a missing start; a malformed one was named when it was read first
        raise Invalid
    return Plan(weeks.start, tuple(items), tuple(reviews), tuple(acknowledged))


def _read_format(root: Node) -> None:
    format_node = root.require("format")
    text = format_node.as_text()
    if text != FORMAT:
        format_node.fail(f'{quoted(text)} is not a format this program reads (expected "{FORMAT}")')


def _read_document(root: Node, modalities: Set[str]) -> PlanDocument:
    root.note_unknown(TOP_FIELDS)
    _read_format(root)
    weeks = Weeks(_plan_start(root))
    patient = None
    with root.sink.guard():
        patient = read_patient(root.require("patient"))
    history = _list_of(root.get("history"), lambda child: read_history_entry(child, modalities), MAX_HISTORY)
    goals_node = root.get("goals")
    goals = _list_of(goals_node, lambda child: read_goal(child, weeks), MAX_GOALS)
    if goals_node is not None and _all_read(goals_node, goals):
        _check_unique_ids(goals_node, "goal", [goal.id for goal in goals])
    baseline_node = root.get("baseline")
    baseline = read_baseline(baseline_node) if baseline_node else None
    checkins_node = root.get("checkins")
    checkins = _list_of(checkins_node, lambda child: read_checkin(child, modalities), MAX_CHECKINS)
    if checkins_node is not None and _all_read(checkins_node, checkins):
        check_followup_totals(checkins_node, checkins)
    plan = _read_plan(root.require("plan"), modalities, weeks, history, goals)
    if patient is None:
        raise Invalid
    return PlanDocument(patient, plan, tuple(history), baseline, tuple(goals), tuple(checkins))


def _listed_notes(notes: list[Problem]) -> tuple[Problem, ...]:
    """The first notes one by one, then how many more: a file may hold thousands of unknown fields."""
    if len(notes) <= MAX_LISTED_NOTES:
        return tuple(notes)
    more = len(notes) - MAX_LISTED_NOTES
    return (*notes[:MAX_LISTED_NOTES], Problem("", "", f"... and {more} more unknown fields ignored"))


def read_plan_text(text: str, modalities: Set[str]) -> ReadResult:
    """Read a document; `modalities` are the catalog ids it may name."""
    return read_plan_data(parse_json(text), modalities)


def read_plan_data(data: object, modalities: Set[str]) -> ReadResult:
    """Read a document already parsed from JSON."""
    unreadable = find_unreadable_values(data)
    if unreadable:
        raise DocumentError(unreadable)
    sink = ProblemSink()
    root = Node(data, "", sink)
    document = None
    with sink.guard():
        if not isinstance(root.value, dict):
            root.fail(f"the document must be a JSON object, not {type_name(root.value)}")
        document = _read_document(root, modalities)
    if sink.problems or document is None:
        raise DocumentError(sink.problems)
    return ReadResult(document, _listed_notes(sink.notes))


def read_plan_file(path: Path, modalities: Set[str]) -> ReadResult:
    """Read a document file: a regular file of at most `limits.MAX_DOCUMENT_BYTES`, in UTF-8."""
    return read_plan_text(decode_document(read_document_bytes(path)), modalities)
