"""The nurse's list of assessments and reviews due or overdue, kept up to date with the plan being edited.

The list comes from the saved plans; the plan open in the window may hold unsaved decisions, so its lines are
computed from its document instead, and the list refreshes the moment a decision is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from careplanner.catalog.model import Catalog
from careplanner.domain import PlanDocument
from careplanner.followup.due import (
    ASSESSMENT,
    DEFAULT_DAYS_AHEAD,
    DueEntry,
    days_overdue,
    open_dates,
    status_on,
)
from careplanner.name_order import sort_name

ACTIVE = "active"  # the only plan status the list follows
SORT_KEYS: tuple[str, ...] = (
    "due_date",
    "patient_name",
    "patient_id",
    "plan_title",
    "kind",
    "status",
    "days_overdue",
    "modality",
)


def plan_entries(
    document: PlanDocument,
    *,
    patient_key: int,
    plan_id: int,
    plan_title: str,
    as_of: dt.date,
    days: int = DEFAULT_DAYS_AHEAD,
) -> list[DueEntry]:
    """One plan's open assessments and reviews that are overdue on `as_of` or due within `days` days."""
    patient = document.patient
    entries = []
    for found in open_dates(document):
        status = status_on(found.due_date, as_of, days)
        if status is None:
            continue
        entries.append(
            DueEntry(
                patient_key=patient_key,
                patient_id=patient.id,
                patient_name=patient.name,
                plan_id=plan_id,
                plan_title=plan_title,
                kind=found.kind,
                due_date=found.due_date,
                item_id=found.item_id,
                modality=found.modality,
                status=status,
                days_overdue=days_overdue(found.due_date, as_of),
                week=found.week,
            )
        )
    return entries


def list_order(entry: DueEntry) -> tuple[dt.date, bool, str, str, int, str]:
    """The list's order: due date, then a day's assessments before its reviews, then the patient (by name as
    the store sorts it, then record number), plan and item — the same as `Store.due_list` orders in SQL."""
    return (
        entry.due_date,
        entry.kind != ASSESSMENT,
        sort_name(entry.patient_name),
        entry.patient_id,
        entry.plan_id,
        entry.item_id or "",
    )


def merge_open_plan(
    stored: Iterable[DueEntry],
    plan_id: int | None,
    document: PlanDocument | None,
    status: str,
    patient_key: int,
    plan_title: str,
    as_of: dt.date,
    days: int = DEFAULT_DAYS_AHEAD,
) -> list[DueEntry]:
    """The stored list with the open plan's lines replaced by those of its document as it is in the window.

    A plan never saved (`plan_id` None) has no lines; a plan whose status is not active has none either.
    In the list's order (`list_order`).
    """
    entries = [entry for entry in stored if plan_id is None or entry.plan_id != plan_id]
    if plan_id is not None and document is not None and status == ACTIVE:
        entries += plan_entries(
            document, patient_key=patient_key, plan_id=plan_id, plan_title=plan_title, as_of=as_of, days=days
        )
    return sorted(entries, key=list_order)


def _key(name: str) -> Callable[[DueEntry], object]:
    if name not in SORT_KEYS:
        raise ValueError(f"the list cannot be sorted by {name!r}; choose one of {', '.join(SORT_KEYS)}")
    if name == "patient_name":
        return lambda entry: sort_name(entry.patient_name)
    if name == "plan_title":
        return lambda entry: entry.plan_title.casefold()
    if name == "modality":
        return lambda entry: entry.modality or ""
    return lambda entry: getattr(entry, name)


def sort_entries(
    entries: Iterable[DueEntry], key: str = "due_date", descending: bool = False
) -> list[DueEntry]:
    """The entries sorted by one column; ties stay in the list's order (`list_order`, in either direction)."""
    ordered = sorted(entries, key=list_order)
    return sorted(ordered, key=_key(key), reverse=descending)  # type: ignore[arg-type]


def describe(entry: DueEntry, catalog: Catalog) -> str:
    """What is due, in words: "Duloxetine assessment", "Review (week 4)"."""
    if entry.kind == ASSESSMENT:
        modality = catalog.modalities.get(entry.modality or "")
        return f"{modality.name if modality else 'Treatment'} assessment"
    return "Review" if entry.week is None else f"Review (week {entry.week})"
