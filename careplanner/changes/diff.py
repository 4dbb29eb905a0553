"""What changed between two revisions of a patient's plan, in words a clinician reads.

Pure and Qt-free: two documents in, a list of changes out, in the order a team reads them (the plan's
status and start, the patient, then each treatment in plan order, findings acknowledged, reviews, goals,
baseline, history and check-ins). Items are matched by their id, reviews by their week, goals by their id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from careplanner.catalog.model import Catalog
from careplanner.changes import record
from careplanner.changes.words import (
    assessment_words,
    dose_change,
    finding_words,
    item_name,
    item_summary,
    named_item,
    quoted,
    week,
)
from careplanner.domain import Acknowledgement, Assessment, PlanDocument, PlanItem
from careplanner.reports.dates import short_date


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: `kind` is a stable id (the JSON's), `item` the plan item's id when it is about one."""

    kind: str
    item: str | None
    text: str
    rule: str | None = None  # an acknowledgement's rule: kept for other tools, never shown in the words

    def as_json(self) -> dict[str, str | None]:
        shape = {"kind": self.kind, "item": self.item, "text": self.text}
        return shape if self.rule is None else {**shape, "rule": self.rule}


def plan_changes(
    before: PlanDocument,
    after: PlanDocument,
    catalog: Catalog,
    before_status: str | None = None,
    after_status: str | None = None,
) -> list[Change]:
    """Every difference from `before` to `after` (two documents of the same patient); [] when none.

    The status is not part of a document: give both to compare them (a stored revision's status)."""
    changes: list[Change] = []
    if before_status is not None and after_status is not None and before_status != after_status:
        changes.append(Change("status", None, f"Status: {before_status} → {after_status}"))
    if before.plan.start != after.plan.start:
        text = f"Plan start moved from {short_date(before.plan.start)} to {short_date(after.plan.start)}"
        changes.append(Change("plan-start", None, text))
    changes += [Change(kind, None, text) for kind, text in record.patient_changes(before, after, catalog)]
    changes += _item_changes(before, after, catalog)
    changes += _acknowledgement_changes(before, after, catalog)
    changes += [Change(kind, None, text) for kind, text in record.review_changes(before, after)]
    changes += [Change(kind, None, text) for kind, text in record.record_changes(before, after, catalog)]
    return changes


def _item_changes(before: PlanDocument, after: PlanDocument, catalog: Catalog) -> list[Change]:
    old_items = {item.id: item for item in before.plan.items}
    new_ids = {item.id for item in after.plan.items}
    changes = [
        Change("item-removed", item.id, f"Removed {item_summary(catalog, before, item)}")
        for item in before.plan.items
        if item.id not in new_ids
    ]
    for item in after.plan.items:
        old = old_items.get(item.id)
        if old is None:
            changes.append(Change("item-added", item.id, f"Added {item_summary(catalog, after, item)}"))
        elif old != item:
            changes += [
                Change(kind, item.id, text) for kind, text in _item_edits(before, after, old, item, catalog)
            ]
    return changes


def _item_edits(
    before: PlanDocument, after: PlanDocument, old: PlanItem, new: PlanItem, catalog: Catalog
) -> Iterator[tuple[str, str]]:
    name = item_name(catalog, new)
    if old.modality != new.modality:
        yield "treatment-changed", f"{item_name(catalog, old)} changed to {name}"
    if old.start_week != new.start_week:
        yield (
            "item-moved",
            f"{name} moved from {week(before, old.start_week)} to {week(after, new.start_week)}",
        )
    if old.assess_week != new.assess_week:
        yield (
            "assessment-moved",
            f"{name}: assessment {_week_change(before, after, old.assess_week, new.assess_week)}",
        )
    if old.end_week != new.end_week:
        yield "end-changed", f"{name}: end {_week_change(before, after, old.end_week, new.end_week)}"
    if old.dose != new.dose:
        yield "dose-changed", f"{name} {dose_change(old.dose, new.dose)}"
    if old.region != new.region:
        yield "region-changed", f"{name}: region {old.region or 'none'} → {new.region or 'none'}"
    if old.replaces != new.replaces:
        yield "replaces-changed", _replaces_words(before, after, catalog, name, old.replaces, new.replaces)
    if old.goal_ids != new.goal_ids:
        yield "goals-linked", f"{name}: {record.goal_link_words(before, after, old.goal_ids, new.goal_ids)}"
    if old.notes != new.notes:
        yield (
            "notes-changed",
            f"{name}: note {quoted(old.notes or '') if old.notes else 'none'} → "
            + (quoted(new.notes) if new.notes else "none"),
        )
    yield from _decision_changes(before, after, catalog, name, old.assessed, new.assessed)


def _week_change(before: PlanDocument, after: PlanDocument, old: int | None, new: int | None) -> str:
    if old is None:
        return f"set to {week(after, new)}" if new is not None else "unchanged"
    if new is None:
        return f"{week(before, old)} removed"
    return f"moved from {week(before, old)} to {week(after, new)}"


def _replaces_words(
    before: PlanDocument, after: PlanDocument, catalog: Catalog, name: str, old: str | None, new: str | None
) -> str:
    if new is None:
        return f"{name} no longer replaces {named_item(catalog, (before, after), old or '')}"
    return f"{name} now replaces {named_item(catalog, (after, before), new)}"


def _decisions(assessed: Assessment | None) -> tuple[Assessment, ...]:
    return (*assessed.previous, assessed) if assessed else ()


def _decision_changes(
    before: PlanDocument,
    after: PlanDocument,
    catalog: Catalog,
    name: str,
    old: Assessment | None,
    new: Assessment | None,
) -> Iterator[tuple[str, str]]:
    """Decisions withdrawn, then decisions recorded: the earlier ones an item keeps are compared in order."""
    old_list = [_plain(entry) for entry in _decisions(old)]
    new_list = [_plain(entry) for entry in _decisions(new)]
    kept = 0
    while kept < min(len(old_list), len(new_list)) and old_list[kept] == new_list[kept]:
        kept += 1
    for entry in old_list[kept:]:
        words = assessment_words(catalog, (before, after), entry)
        yield "decision-withdrawn", f"Decision on {name} withdrawn: {words}"
    for entry in new_list[kept:]:
        words = assessment_words(catalog, (after, before), entry)
        dated = entry.decision is not None and entry.decided_on is not None
        yield "decision-recorded", f"Decision on {name}: {words}" if dated else f"{name} {words}"


def _plain(assessed: Assessment) -> Assessment:
    """The decision itself, without the earlier ones it keeps (they are compared one by one)."""
    return dataclasses.replace(assessed, previous=())


def _acknowledgement_changes(before: PlanDocument, after: PlanDocument, catalog: Catalog) -> list[Change]:
    old = set(before.plan.acknowledged)
    new = set(after.plan.acknowledged)
    documents = (after, before)
    changes = [
        Change(
            "acknowledgement-withdrawn",
            _first(ack),
            f"Acknowledgement withdrawn: {_ack_words(catalog, documents, ack)}",
            ack.rule,
        )
        for ack in before.plan.acknowledged
        if ack not in new
    ]
    changes += [
        Change(
            "acknowledgement-given",
            _first(ack),
            f"Acknowledged {_ack_words(catalog, documents, ack)}",
            ack.rule,
        )
        for ack in after.plan.acknowledged
        if ack not in old
    ]
    return changes


def _first(ack: Acknowledgement) -> str | None:
    return ack.items[0] if ack.items else None


def _ack_words(catalog: Catalog, documents: tuple[PlanDocument, ...], ack: Acknowledgement) -> str:
    finding = finding_words(catalog, documents, ack.rule, ack.items)
    return f"{finding} by {ack.by}: {quoted(ack.reason)}"
