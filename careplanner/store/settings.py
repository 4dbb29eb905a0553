"""Settings shared by every workstation of a clinic, such as the clinic's name on printouts."""

from __future__ import annotations

from sqlalchemy import select

from careplanner.store import audit
from careplanner.store.database import Database
from careplanner.store.models import SettingRow


def get_setting(db: Database, key: str, default: object = None) -> object:
    with db.reading() as session:
        row = session.scalar(select(SettingRow).where(SettingRow.key == key))
        return default if row is None else row.value


def set_setting(db: Database, key: str, value: object) -> None:
    with db.writing() as session:
        row = session.get(SettingRow, key)
        old = None if row is None else row.value
        if row is None:
            session.add(SettingRow(key=key, value=value, updated_at=db.now(), updated_by=db.user))
        else:
            row.value, row.updated_at, row.updated_by = value, db.now(), db.user
        audit.record(
            session,
            at=db.now(),
            actor=db.user,
            action="setting",
            entity="setting",
            entity_id=0,
            patient_id=None,
            changes={key: [old, value]},
        )
