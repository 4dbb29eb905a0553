"""The one object screens and commands use to reach the database."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sqlite3
from collections.abc import Sequence, Set
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from careplanner.domain import CheckinChanges, HistoryEntry, Measurement, Patient, PlanDocument
from careplanner.followup.due import DEFAULT_DAYS_AHEAD, DueEntry
from careplanner.store import audit, due, exchange, patients, plans, settings
from careplanner.store.database import Database
from careplanner.store.engine import (
    create_store_engine,
    describe,
    hold_sqlite_file,
    resolve_url,
    sqlite_path,
)
from careplanner.store.errors import StoreError
from careplanner.store.locking import DatabaseLock
from careplanner.store.meetings import MeetingStore
from careplanner.store.migrate import Prepared, prepare
from careplanner.store.plan_meetings import PlanMeetingsStore
from careplanner.store.records import (
    AuditEvent,
    PatientChange,
    PatientRecord,
    PatientSummary,
    PlanContent,
    PlanRevision,
    PlanSummary,
    RevisionInfo,
    SavedWork,
)
from careplanner.store.team import TeamStore

USER_VARIABLE = "CAREPLANNER_USER"
NO_CHECKIN_CHANGES = CheckinChanges()


def default_user() -> str:
    return os.environ.get(USER_VARIABLE) or getpass.getuser()


def _reason(error: Exception) -> str:
    detail = error.orig if isinstance(error, DBAPIError) else error  # the driver's own words
    text = getattr(detail, "strerror", None) or str(detail)
    return text.strip().splitlines()[0] if text.strip() else type(detail).__name__


def _connect_and_prepare(url: URL) -> tuple[Engine, Prepared]:
    engine = create_store_engine(url)
    try:
        return engine, prepare(engine)
    except BaseException:
        engine.dispose()
        raise


def _release(lock: DatabaseLock | None) -> None:
    if lock is not None:
        lock.release()


class Store(TeamStore, MeetingStore, PlanMeetingsStore):
    """Patients, plans, follow-up, (from TeamStore) the team's users, comments and sign-offs, and (from
    MeetingStore) the team's meetings."""

    def __init__(
        self, database: Database, modalities: Set[str], identity: str, lock: DatabaseLock | None = None
    ) -> None:
        self.db = database
        self.modalities = modalities
        self._identity = identity
        self.migration_backup: Path | None = None
        self._lock = lock

    @classmethod
    def open(cls, url: str | None = None, user: str | None = None) -> Store:
        """Connect, bring the schema up to date (backing up a SQLite file first) and return the store.

        A SQLite file stays marked as in use (a shared lock beside it) until `close`, so `db restore` refuses
        to replace it under this store.
        """
        from careplanner.catalog import default_catalog

        modalities = default_catalog().modalities.keys()
        resolved = resolve_url(url)
        path = sqlite_path(resolved)
        lock = None
        try:
            lock = hold_sqlite_file(path) if path is not None else None
            engine, prepared = _connect_and_prepare(resolved)
        except BaseException as error:
            _release(lock)
            if isinstance(error, DBAPIError | sqlite3.Error | OSError):  # sqlite3: the pre-migration backup
                # Not a database, unreachable, locked, unwritable: one plain sentence, never a traceback.
                raise StoreError(
                    f"cannot open the database at {describe(resolved)}: {_reason(error)}"
                ) from None
            raise
        store = cls(Database(engine, user or default_user()), modalities, prepared.identity, lock)
        store.migration_backup = prepared.backup
        return store

    @property
    def identity(self) -> str:
        """A random id made once per database (SQLite file or PostgreSQL database), stored in it: the same on
        every open and every computer, different for every other database. Read once, at open."""
        return self._identity

    @property
    def user(self) -> str:
        return self.db.user

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.db.engine.url)

    def describe(self) -> str:
        return describe(self.db.engine.url)

    def close(self) -> None:
        self.db.dispose()
        _release(self._lock)
        self._lock = None

    # -- patients ----------------------------------------------------------------------------------
    def search_patients(self, text: str, limit: int = 50) -> list[PatientSummary]:
        return patients.search_patients(self.db, text, limit)

    def create_patient(
        self, patient: Patient, notes: str = "", history: Sequence[HistoryEntry] = ()
    ) -> PatientRecord:
        return patients.create_patient(self.db, patient, notes, history)

    def load_patient(self, patient_id: int) -> PatientRecord:
        return patients.load_patient(self.db, patient_id)

    def find_patient(self, record_number: str) -> int | None:
        return patients.find_patient(self.db, record_number)

    def update_patient(
        self,
        patient_id: int,
        expected_version: int,
        patient: Patient,
        notes: str,
        history: Sequence[HistoryEntry],
    ) -> PatientRecord:
        return patients.update_patient(self.db, patient_id, expected_version, patient, notes, history)

    def add_checkin(self, patient_id: int, measurement: Measurement) -> None:
        patients.add_checkin(self.db, patient_id, measurement)

    # -- plans -------------------------------------------------------------------------------------
    def create_plan(self, patient_id: int, content: PlanContent, title: str) -> RevisionInfo:
        return plans.create_plan(self.db, patient_id, content, title)

    def save_revision(
        self, plan_id: int, content: PlanContent, base: int, note: str | None = None
    ) -> RevisionInfo:
        return plans.save_revision(self.db, plan_id, content, base, note)

    def set_status(self, plan_id: int, status: str, base: int) -> RevisionInfo:
        return plans.set_status(self.db, self.modalities, plan_id, status, base)

    def load_revision(self, plan_id: int, number: int | None = None) -> PlanRevision:
        return plans.load_revision(self.db, self.modalities, plan_id, number)

    def list_plans(self, patient_id: int) -> list[PlanSummary]:
        return plans.list_plans(self.db, patient_id)

    def plan_summary(self, plan_id: int) -> PlanSummary:
        return plans.plan_summary(self.db, plan_id)

    def list_revisions(self, plan_id: int) -> list[RevisionInfo]:
        return plans.list_revisions(self.db, plan_id)

    # -- follow-up ---------------------------------------------------------------------------------
    def due_list(self, as_of: dt.date, days_ahead: int = DEFAULT_DAYS_AHEAD) -> list[DueEntry]:
        """Open assessments and reviews of active plans, overdue on `as_of` or due within `days_ahead` days
        after it, by due date then patient name. `as_of` is the caller's "today", read once."""
        with self.db.reading() as session:
            return due.due_list(session, as_of, days_ahead)

    # -- documents, audit, settings ----------------------------------------------------------------
    def save_work(
        self,
        document: PlanDocument,
        patient_id: int | None,
        patient_version: int | None,
        patient_change: PatientChange | None,
        plan_id: int | None,
        base: int | None,
        title: str | None = None,
        checkins: CheckinChanges = NO_CHECKIN_CHANGES,
    ) -> SavedWork:
        """Save the window's work in one transaction: the patient's details (if changed), check-ins and plan.

        For a stored patient only the check-ins the window added or removed are written (`checkins`); the
        document's list is not taken as the record's, so check-ins recorded or removed elsewhere stand.

        `title` renames a stored plan (None keeps its name). A conflict on either refuses the whole save;
        nothing is half-written. The patient version returned is
        the one the window now holds: a colleague's newer version is never adopted silently, so their
        changes still raise a conflict if this window later saves the patient's details.
        """
        self._refuse_unreadable(document)
        content = PlanContent.of(document)
        with self.db.writing() as session:
            if patient_id is None:
                change = patient_change or PatientChange(document.patient, "", document.history, None)
                row = patients.insert_patient(
                    session, self.db, change.patient, change.notes, change.history, document.checkins
                )
                patient_id, version = row.id, row.version
            else:
                version = patient_version or 1
                if patient_change is not None:
                    assert patient_change.version is not None
                    changed = patients.change_patient(
                        session,
                        self.db,
                        patient_id,
                        patient_change.version,
                        patient_change.patient,
                        patient_change.notes,
                        patient_change.history,
                    )
                    version = patient_change.version + int(changed)
                patients.remove_checkins(session, self.db, patient_id, checkins.removed)
                patients.add_missing_checkins(session, self.db, patient_id, checkins.added)
            if plan_id is None or base is None:
                revision = plans.insert_plan(session, self.db, patient_id, content, title or "Plan")
            else:
                revision = plans.add_revision(session, self.db, plan_id, content, base, title=title)
            return SavedWork(patient_id, version, revision.plan_id, plans.info_of(revision))

    def _refuse_unreadable(self, document: PlanDocument) -> None:
        """Never store a plan the strict reader would refuse later (it could not be opened again)."""
        from careplanner.documents import DocumentError, plan_to_json, read_plan_data

        try:
            read_plan_data(plan_to_json(document), self.modalities)
        except DocumentError as error:
            raise StoreError(f"this plan cannot be saved as it is:\n{error}") from None

    def import_document(self, document: PlanDocument, title: str | None = None) -> exchange.ImportResult:
        return exchange.import_document(self.db, document, title)

    def export_document(self, plan_id: int, number: int | None = None) -> PlanDocument:
        return exchange.export_document(self.db, self.modalities, plan_id, number)

    def audit_trail(self, patient_id: int) -> list[AuditEvent]:
        with self.db.reading() as session:
            return audit.trail(session, patient_id)

    def setting(self, key: str, default: object = None) -> object:
        return settings.get_setting(self.db, key, default)

    def set_setting(self, key: str, value: object) -> None:
        settings.set_setting(self.db, key, value)
