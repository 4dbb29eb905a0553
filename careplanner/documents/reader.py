"""Strict reading of `*.careplan.json` documents.

Bad input is refused as a whole with a `DocumentError` naming every faulty field
(e.g. `plan.items[2].assess_week: week 3 is before start_week 4`); unknown fields are ignored with a note.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from careplanner.documents.parts import (
    MAX_WEEK,
    read_acknowledgement,
    read_goal,
    read_history_entry,
    read_item,
    read_measurement,
    read_patient,
    read_review,
)
from careplanner.domain import OTHER_MODALITY, Goal, HistoryEntry, Plan, PlanDocument, PlanItem
from careplanner.validation import Invalid, Node, Problem, ProblemSink

FORMAT = "careplanner/1"
TOP_FIELDS = frozenset({"format", "patient", "history", "baseline", "goals", "checkins", "plan"})
PLAN_FIELDS = frozenset({"start", "items", "reviews", "acknowledged"})
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
LATEST_START = dt.date.max - dt.timedelta(weeks=MAX_WEEK)

T = TypeVar("T")


class DocumentError(Exception):
    """The document was refused; `problems` name each faulty field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(ProblemSink(problems=problems).summary())


@dataclass(frozen=True)
class ReadResult:
    document: PlanDocument
    notes: tuple[Problem, ...]  # things ignored on purpose, e.g. unknown fields


def _reject_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    counts = Counter(key for key, _ in pairs)
    duplicated = [key for key, count in counts.items() if count > 1]
    if duplicated:
        raise ValueError(f'the key "{duplicated[0]}" appears twice in one object')
    return dict(pairs)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json(text: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise DocumentError(
            [Problem("", "", f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")]
        ) from None
    except ValueError as error:
        raise DocumentError([Problem("", "", f"not valid JSON: {error}")]) from None
    except RecursionError:
        raise DocumentError([Problem("", "", "not valid JSON: nested too deeply")]) from None


def _list_of(node: Node | None, read: Callable[[Node], T]) -> list[T]:
    results: list[T] = []
    if node is None:
        return results
    for child in node.items():
        with node.sink.guard():
            results.append(read(child))
    return results


def _duplicates(values: list[str]) -> set[str]:
    return {value for value, count in Counter(values).items() if count > 1}


def _check_unique_ids(node: Node, label: str, ids: list[str]) -> None:
    duplicated = _duplicates(ids)
    for index, value in enumerate(ids):
        if value in duplicated:
            node.sink.add(node.context, f"{node.path}[{index}].id", f'duplicate {label} id "{value}"')


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
                    f'"{item.replaces}" names no plan item and no ongoing history treatment',
                )
        for link_index, goal_id in enumerate(item.goal_ids):
            if goal_id not in goal_ids:
                sink.add(context, f"{path}.goal_ids[{link_index}]", f'no goal with id "{goal_id}"')


def _read_plan(node: Node, modalities: Set[str], history: list[HistoryEntry], goals: list[Goal]) -> Plan:
    node.note_unknown(PLAN_FIELDS)
    start = None
    with node.sink.guard():
        start = node.require("start").as_date()
    items_node = node.get("items")
    items = _list_of(items_node, lambda child: read_item(child, modalities))
    if items_node is not None and len(items) == len(items_node.items()):
        _check_unique_ids(items_node, "item", [item.id for item in items])
        _check_links(items_node, items, history, goals)
    if start is None:
        raise Invalid
    if start > LATEST_START:
        node.require("start").fail(f"{start} is too late: every week of a plan must have a calendar date")
    return Plan(
        start=start,
        items=tuple(items),
        reviews=tuple(_list_of(node.get("reviews"), read_review)),
        acknowledged=tuple(_list_of(node.get("acknowledged"), read_acknowledgement)),
    )


def _read_document(root: Node, modalities: Set[str]) -> PlanDocument:
    root.note_unknown(TOP_FIELDS)
    format_node = root.require("format")
    if format_node.as_text() != FORMAT:
        format_node.fail(f'"{format_node.value}" is not a format this program reads (expected "{FORMAT}")')
    patient = None
    with root.sink.guard():
        patient = read_patient(root.require("patient"))
    history = _list_of(root.get("history"), lambda child: read_history_entry(child, modalities))
    goals_node = root.get("goals")
    goals = _list_of(goals_node, read_goal)
    if goals_node is not None:
        _check_unique_ids(goals_node, "goal", [goal.id for goal in goals])
    baseline_node = root.get("baseline")
    baseline = read_measurement(baseline_node) if baseline_node else None
    checkins = _list_of(root.get("checkins"), read_measurement)
    plan = _read_plan(root.require("plan"), modalities, history, goals)
    if patient is None:
        raise Invalid
    return PlanDocument(patient, plan, tuple(history), baseline, tuple(goals), tuple(checkins))


def read_plan_text(text: str, modalities: Set[str]) -> ReadResult:
    """Read a document; `modalities` are the catalog ids it may name."""
    return read_plan_data(parse_json(text), modalities)


def read_plan_data(data: object, modalities: Set[str]) -> ReadResult:
    """Read a document already parsed from JSON."""
    sink = ProblemSink()
    root = Node(data, "", sink)
    document = None
    with sink.guard():
        if not isinstance(root.value, dict):
            root.fail("the document must be a JSON object")
        document = _read_document(root, modalities)
    if sink.problems or document is None:
        raise DocumentError(sink.problems)
    return ReadResult(document, tuple(sink.notes))


def read_plan_file(path: Path, modalities: Set[str]) -> ReadResult:
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                [Problem("", "", f"the file is larger than {MAX_DOCUMENT_BYTES // 2**20} MB")]
            )
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError([Problem("", "", f"cannot be read: {error.strerror or error}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError([Problem("", "", f"not UTF-8 text (byte {error.start})")]) from None
    return read_plan_text(text, modalities)
