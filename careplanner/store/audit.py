"""The audit log: who changed which record, when, and what changed (old and new values)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplanner.store.database import Database
from careplanner.store.models import AuditRow
from careplanner.store.records import AuditEvent


def differences(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, object]:
    """{field: [old, new]} for every field whose value changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    patient_id: int | None,
    changes: Mapping[str, object],
) -> None:
    session.add(
        AuditRow(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            patient_id=patient_id,
            changes=dict(changes),
        )
    )


def patient_event(
    session: Session, db: Database, action: str, patient_id: int, changes: Mapping[str, object]
) -> None:
    """A change to a patient's record, by the store's user, now."""
    record(
        session,
        at=db.now(),
        actor=db.user,
        action=action,
        entity="patient",
        entity_id=patient_id,
        patient_id=patient_id,
        changes=changes,
    )


def plan_event(
    session: Session, db: Database, action: str, plan_id: int, patient_id: int, changes: Mapping[str, object]
) -> None:
    """A change to a plan, by the store's user, now."""
    record(
        session,
        at=db.now(),
        actor=db.user,
        action=action,
        entity="plan",
        entity_id=plan_id,
        patient_id=patient_id,
        changes=changes,
    )


def trail(session: Session, patient_id: int) -> list[AuditEvent]:
    rows = session.scalars(select(AuditRow).where(AuditRow.patient_id == patient_id).order_by(AuditRow.id))
    return [AuditEvent(r.at, r.actor, r.action, r.entity, r.entity_id, r.changes) for r in rows]


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def plan_differences(old: dict[str, Any], new: dict[str, Any]) -> dict[str, object]:
    """What a plan save changed: items added, removed or changed (field by field), and other parts."""
    old_items, new_items = _by_id(old["plan"]["items"]), _by_id(new["plan"]["items"])
    changes: dict[str, object] = {}
    added = [f"{key} {new_items[key]['modality']}" for key in new_items.keys() - old_items.keys()]
    removed = [f"{key} {old_items[key]['modality']}" for key in old_items.keys() - new_items.keys()]
    changed = {
        key: differences(old_items[key], new_items[key])
        for key in sorted(old_items.keys() & new_items.keys())
        if old_items[key] != new_items[key]
    }
    for name, value in (
        ("items added", sorted(added)),
        ("items removed", sorted(removed)),
        ("items changed", changed),
    ):
        if value:
            changes[name] = value
    for key in ("start", "reviews", "acknowledged"):
        if old["plan"].get(key) != new["plan"].get(key):
            changes[f"plan.{key}"] = [old["plan"].get(key), new["plan"].get(key)]
    for key in ("history", "baseline", "goals"):
        if old.get(key) != new.get(key):
            changes[key] = [old.get(key), new.get(key)]
    return changes
