"""Autosave: every edit is written (a moment later) to a recovery file; a crash or power cut loses nothing.

A recovery file holds the whole document being edited, where it belongs (which patient and plan, or which
file) and what had been loaded, so that restoring it later brings back only what the user changed: parts left
alone (the patient's details, the plan, check-ins) stay as colleagues may have saved them since. It is removed
once the work is saved; one left behind is offered back to the user.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careplanner.documents import DocumentError, plan_to_json, read_plan_data
from careplanner.domain import CheckinChanges, PlanDocument
from careplanner.file_names import safe_file_stem
from careplanner.paths import data_dir, private_dir


@dataclass(frozen=True)
class Origin:
    """Where the work belongs: a stored patient and plan (ids may be None when not stored yet) of one
    database, or a file.

    `database` is the identity stored inside the database itself: patient 12 of the local file and patient
    12 of the clinic's server are different people, so work is only ever offered back to the database it
    came from.
    """

    patient_id: int | None = None
    plan_id: int | None = None
    base_revision: int | None = None
    patient_version: int | None = None
    file: str | None = None
    notes: str = ""
    database: str | None = None
    title: str = "Plan"

    @property
    def key(self) -> str:
        if self.file is not None:
            return "file-" + "".join(ch if ch.isalnum() else "_" for ch in self.file)[-80:]
        database = safe_file_stem(self.database or "unknown", "unknown")
        return f"db-{database}-patient-{self.patient_id or 'new'}-plan-{self.plan_id or 'new'}"

    def belongs_to(self, database: str | None) -> bool:
        """Work in a file belongs anywhere; stored work only to the database it was loaded from."""
        return self.file is not None or (self.database is not None and self.database == database)

    @property
    def is_legacy(self) -> bool:
        """Written before recovery knew its database: it cannot be told where it belongs."""
        return self.file is None and self.database is None


@dataclass(frozen=True)
class Loaded:
    """What the window had loaded (or last saved) when the recovered work began."""

    document: PlanDocument
    notes: str


@dataclass(frozen=True)
class Recovered:
    origin: Origin
    document: PlanDocument
    saved_at: dt.datetime
    path: Path = field(compare=False)
    loaded: Loaded | None = None  # None in a file from before this was recorded: all of it counts as edited

    @property
    def patient_edited(self) -> bool:
        if self.loaded is None:
            return True
        then, now = self.loaded, self.document
        return (then.document.patient, then.document.history, then.notes) != (
            now.patient,
            now.history,
            self.origin.notes,
        )

    @property
    def plan_edited(self) -> bool:
        if self.loaded is None:
            return True
        then, now = self.loaded.document, self.document
        return (then.plan, then.baseline, then.goals) != (now.plan, now.baseline, now.goals)

    def merged_into(self, current: PlanDocument, current_notes: str) -> tuple[PlanDocument, str]:
        """The recovered changes made to the record and plan as they are now: each part the user edited is
        taken from the recovered work, every other part (and every check-in not added or removed) from now."""
        document, notes = current, current_notes
        if self.patient_edited:
            document = dataclasses.replace(
                document, patient=self.document.patient, history=self.document.history
            )
            notes = self.origin.notes
        if self.plan_edited:
            document = dataclasses.replace(
                document, plan=self.document.plan, baseline=self.document.baseline, goals=self.document.goals
            )
        if self.loaded is None:
            return dataclasses.replace(document, checkins=self.document.checkins), notes
        changes = CheckinChanges.between(self.loaded.document.checkins, self.document.checkins)
        return dataclasses.replace(document, checkins=changes.applied_to(current.checkins)), notes


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def save_recovery(
    origin: Origin, document: PlanDocument, loaded: Loaded | None = None, directory: Path | None = None
) -> Path:
    folder = private_dir(directory or recovery_dir())
    target = folder / f"{origin.key}.json"
    payload: dict[str, Any] = {
        "saved_at": dt.datetime.now(dt.UTC).isoformat(),
        "origin": origin.__dict__,
        "document": plan_to_json(document),
    }
    if loaded is not None:
        payload["loaded"] = {"document": plan_to_json(loaded.document), "notes": loaded.notes}
    handle, temporary = tempfile.mkstemp(prefix=".recovery-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def discard_recovery(origin: Origin, directory: Path | None = None) -> None:
    ((directory or recovery_dir()) / f"{origin.key}.json").unlink(missing_ok=True)


def _read(path: Path, modalities: Set[str]) -> Recovered | None:
    try:
        payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        known = {field.name for field in dataclasses.fields(Origin)}
        origin = Origin(**{key: value for key, value in payload["origin"].items() if key in known})
        document = read_plan_data(payload["document"], modalities).document
        saved_at = dt.datetime.fromisoformat(payload["saved_at"])
    except (OSError, ValueError, KeyError, TypeError, DocumentError):
        return None  # a damaged recovery file is ignored, never a reason not to start
    return Recovered(origin, document, saved_at, path, _read_loaded(payload.get("loaded"), modalities))


def _read_loaded(node: object, modalities: Set[str]) -> Loaded | None:
    try:
        assert isinstance(node, dict)
        return Loaded(read_plan_data(node["document"], modalities).document, str(node["notes"]))
    except (AssertionError, KeyError, TypeError, DocumentError):
        return None  # then the whole recovered document counts as edited


def all_recoveries(modalities: Set[str], directory: Path | None = None) -> list[Recovered]:
    """Every readable recovery file, whatever database it belongs to, oldest first."""
    folder = directory or recovery_dir()
    if not folder.is_dir():
        return []
    found = [_read(path, modalities) for path in sorted(folder.glob("*.json"))]
    return sorted((item for item in found if item is not None), key=lambda item: item.saved_at)


def pending_recoveries(
    modalities: Set[str], database: str | None, directory: Path | None = None, *, legacy: bool = False
) -> list[Recovered]:
    """Recovered work that belongs to this database (or to a file), oldest first; with `legacy`, only the
    work written before recovery knew its database."""
    return [
        item
        for item in all_recoveries(modalities, directory)
        if (item.origin.is_legacy if legacy else item.origin.belongs_to(database))
    ]
