"""What the window's commands do: open, create and save patients and plans; files; statuses; recovery."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from careplanner.catalog import default_catalog
from careplanner.domain import Patient, PlanDocument
from careplanner.editing import Template, apply_template, default_templates, operations
from careplanner.editing.recovery import Origin
from careplanner.store import (
    PatientChange,
    PatientConflict,
    PatientRecord,
    PlanConflict,
    PlanSummary,
    RevisionInfo,
    StoreError,
)
from careplanner.ui import dialogs
from careplanner.ui.window.recovering import RecoveryOffers
from careplanner.ui.window.saving import ConflictsAndFiles
from careplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from careplanner.store import Store

T = TypeVar("T")
DAY_CHECK_MS = 60_000


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


class Controller(QObject, ConflictsAndFiles):
    storeReady = Signal()
    workspaceOpened = Signal(
        object, object, object
    )  # Workspace | None, plans of the patient, current plan id
    message = Signal(str)
    recordsChanged = Signal()  # patients or plans stored other than by saving the open work (the demo)

    def __init__(self, parent: QWidget, database_url: str | None, user: str | None) -> None:
        super().__init__(parent)
        self.window = parent
        self.database_url, self.user_name = database_url, user
        self.catalog = default_catalog()
        self.store: Store | None = None
        self.workspace: Workspace | None = None
        self.recovery = RecoveryOffers(parent, self.catalog)
        # A plan left open overnight is checked against the new day (overdue assessments).
        self._day_watch = QTimer(self, interval=DAY_CHECK_MS)
        self._day_watch.timeout.connect(self._check_the_day)
        self._day_watch.start()

    def _check_the_day(self) -> None:
        if self.workspace is not None:
            self.workspace.set_today(dt.date.today())

    def warn(self, title: str, error: Exception) -> None:
        """A store or file problem, told plainly; nothing was changed."""
        QMessageBox.warning(self.window, title, str(error))

    def attempt(self, title: str, action: Callable[[], T], fallback: T) -> T:
        """Run a database call; if the database fails (unreachable, locked), say so and carry on."""
        try:
            return action()
        except StoreError as error:
            self.warn(title, error)
            return fallback

    # -- the database ------------------------------------------------------------------------------
    def open_store(self) -> bool:
        from careplanner.store import Store  # SQLAlchemy loads after the window's first paint

        try:
            self.store = Store.open(self.database_url, self.user_name)
        except StoreError as error:
            QMessageBox.critical(self.window, "The database cannot be opened", str(error))
            return False
        self.recovery.database = self.store.identity
        if self.store.migration_backup is not None:
            self.message.emit(f"The database was upgraded; a copy was kept at {self.store.migration_backup}")
        self.storeReady.emit()
        return True

    def _origin(
        self,
        patient_id: int | None = None,
        plan_id: int | None = None,
        base_revision: int | None = None,
        patient_version: int | None = None,
        *,
        notes: str = "",
    ) -> Origin:
        """Where stored work belongs: these ids in this database (see `Origin.database`)."""
        database = self.store.identity if self.store else None
        return Origin(patient_id, plan_id, base_revision, patient_version, notes=notes, database=database)

    @property
    def user(self) -> str:
        return self.store.user if self.store else (self.user_name or "")

    def is_empty(self) -> bool:
        store = self.store
        return store is not None and self.attempt(
            "Cannot read the patients", lambda: not store.search_patients("", limit=1), False
        )

    def load_demo(self) -> int:
        from careplanner.editing.demo import load_demo

        if self.store is None:
            return 0
        store = self.store
        added = self.attempt("Demo patients not added", lambda: load_demo(store, self.catalog), 0)
        if added:
            self.recordsChanged.emit()
        required = self.attempt("Cannot read the settings", lambda: bool(store.required_signoffs()), False)
        drafts = bool(added) and required
        self.message.emit(
            (
                f"{added} demo {'patient' if added == 1 else 'patients'} added"
                + (" (their plans stay drafts: the clinic requires sign-off first)" if drafts else "")
            )
            if added
            else "The demo patients are already there"
        )
        return added

    # -- opening -----------------------------------------------------------------------------------
    def close_workspace(self) -> bool:
        """Ask about unsaved work; False means the user chose to stay."""
        workspace = self.workspace
        if workspace is None or workspace.read_only or workspace.is_clean:
            return True
        answer = dialogs.ask_unsaved(self.window, f"The plan of {workspace.document.patient.name}")
        if answer == dialogs.CANCEL:
            return False
        if answer == dialogs.SAVE:
            return self.save()
        workspace.discard()
        return True

    def _workspace(self, document: PlanDocument, origin: Origin, **options: Any) -> Workspace:
        # A plan being worked on is checked against today (overdue assessments); a record is not.
        options.setdefault("as_of", None if options.get("read_only") else dt.date.today())
        return Workspace(self.catalog, self.user, document, origin, parent=self, **options)

    def _show(self, workspace: Workspace | None, plans: list[PlanSummary], plan_id: int | None) -> None:
        if self.workspace is not None:
            self.workspace.deleteLater()
        self.workspace = workspace
        self.workspaceOpened.emit(workspace, plans, plan_id)

    def open_patient(self, patient_id: int, plan_id: int | None = None, revision: int | None = None) -> bool:
        """Open a patient's plan (the current one unless told); False when nothing changed."""
        if self.store is None or not self.close_workspace():
            return False
        return self._open(patient_id, plan_id, revision)

    def _open(self, patient_id: int, plan_id: int | None, revision: int | None) -> bool:
        assert self.store is not None
        try:
            record = self.store.load_patient(patient_id)
            plans = self.store.list_plans(patient_id)
            chosen = plan_id or next(
                (p.id for p in plans if p.status in ("draft", "active")), plans[0].id if plans else None
            )
            loaded = self.store.load_revision(chosen, revision) if chosen is not None else None
        except StoreError as error:
            self.warn("Cannot open", error)
            return False
        if loaded is None:
            workspace = self._fresh_plan(record)
            self._show(workspace, plans, None)
            self.recovery.offer_into(workspace)
            return True
        document = loaded.document
        if not loaded.read_only:  # editing works on the patient's current details and history
            document = operations.set_history(
                operations.set_patient(document, record.patient), record.history
            )
            document = dataclasses.replace(document, checkins=record.checkins)
        origin = self._origin(patient_id, chosen, loaded.info.number, record.version, notes=record.notes)
        summary = next(p for p in plans if p.id == chosen)
        workspace = self._workspace(
            document,
            origin,
            notes=record.notes,
            read_only=loaded.read_only,
            title=summary.title,
            status=loaded.info.status,
            revision=loaded.info,
        )
        self._show(workspace, plans, chosen)
        # An earlier revision is only looked at: recovered work belongs to the newest. An unsaved new plan is
        # offered next time if work was just restored into this one (one piece of unsaved work at a time).
        if revision is None and not self.recovery.offer_into(workspace):
            self.recovery.offer_new_plan(
                self._origin(patient_id), record.patient.name, lambda: self._open_fresh_plan(patient_id)
            )
        return True

    def _fresh_plan(self, record: PatientRecord, title: str = "Plan") -> Workspace:
        """A new, empty plan on the patient's stored details, history and check-ins."""
        document = operations.new_document(record.patient, next_monday(dt.date.today()), record.history)
        document = dataclasses.replace(document, checkins=record.checkins)
        origin = self._origin(record.id, None, None, record.version, notes=record.notes)
        return self._workspace(document, origin, notes=record.notes, title=title)

    def _open_fresh_plan(self, patient_id: int, title: str = "Plan") -> Workspace | None:
        if self.store is None:
            return None
        try:
            record = self.store.load_patient(patient_id)
            plans = self.store.list_plans(patient_id)
        except StoreError as error:
            self.warn("Cannot start a plan", error)
            return None
        workspace = self._fresh_plan(record, title)
        self._show(workspace, plans, None)
        return workspace

    def new_patient(self, patient: Patient) -> None:
        """Store the new patient at once, then open an empty plan for them.

        If the database cannot take the patient now, the patient stays open as unsaved work: the window
        asks before closing it, autosave keeps it, and the next start offers it back. Never silently lost.
        """
        if not self.close_workspace():
            return
        if self.store is not None:
            store = self.store
            record = self.attempt(
                "The new patient is not stored yet", lambda: store.create_patient(patient), None
            )
            if record is not None:
                self._open(record.id, None, None)
                self.message.emit(f"{patient.name} was added to the patient list")
                return
        document = operations.new_document(patient, next_monday(dt.date.today()))
        workspace = self._workspace(document, self._origin())
        self._show(workspace, [], None)
        workspace.undo_stack.resetClean()
        workspace.autosave_now()

    def new_plan(self, template: Template | None = None) -> None:
        workspace = self.workspace
        if workspace is None or workspace.origin.file is not None or not self.close_workspace():
            return
        title = template.name if template else "Plan"
        if workspace.origin.patient_id is not None:  # stored: start from what is stored, not a discarded edit
            fresh = self._open_fresh_plan(workspace.origin.patient_id, title)
            if fresh is None:
                return
        else:
            document = operations.new_document(
                workspace.document.patient, next_monday(dt.date.today()), workspace.document.history
            )
            document = dataclasses.replace(document, checkins=workspace.document.checkins)
            fresh = self._workspace(
                document, self._origin(notes=workspace.notes), notes=workspace.notes, title=title
            )
            self._show(fresh, [], None)
        if template is not None:
            fresh.apply(apply_template(fresh.document, template), f"Start from the template {template.name}")

    def apply_template(self, template: Template) -> None:
        if self.workspace is not None:
            self.workspace.apply(
                apply_template(self.workspace.document, template), f"Apply the template {template.name}"
            )

    def templates(self) -> tuple[Template, ...]:
        return default_templates()

    # -- saving ------------------------------------------------------------------------------------
    def save(self) -> bool:
        workspace = self.workspace
        if workspace is None or workspace.read_only:
            return True
        if workspace.origin.file is not None:
            return self.save_to_file(Path(workspace.origin.file), switch=True)
        return self._save_to_store(
            workspace, workspace.origin.base_revision, workspace.origin.patient_version
        )

    def _save_to_store(self, workspace: Workspace, base: int | None, patient_version: int | None) -> bool:
        assert self.store is not None
        origin = workspace.origin
        change = None
        if origin.patient_id is None or workspace.patient_changed():
            document = workspace.document
            change = PatientChange(document.patient, workspace.notes, document.history, patient_version)
        try:
            saved = self.store.save_work(
                workspace.document,
                origin.patient_id,
                patient_version,
                change,
                origin.plan_id,
                base,
                workspace.title,
                checkins=workspace.checkin_changes(),
            )
        except PlanConflict as conflict:
            return self._plan_conflict(workspace, conflict, patient_version)
        except PatientConflict as conflict:
            return self._patient_conflict(workspace, conflict, base)
        except StoreError as error:
            QMessageBox.warning(self.window, "Not saved", f"{error}\n\nYour work is kept safe; try again.")
            return False
        workspace.mark_saved(
            self._origin(
                saved.patient_id,
                saved.plan_id,
                saved.revision.number,
                saved.patient_version,
                notes=workspace.notes,
            )
        )
        self.message.emit(f"Saved “{workspace.title}”: revision {saved.revision.number}")
        try:
            self.workspaceOpened.emit(workspace, self.store.list_plans(saved.patient_id), saved.plan_id)
        except StoreError as error:  # saved all the same: only the list of plans is not refreshed
            self.message.emit(f"Saved; the list of plans could not be refreshed: {error}")
        return True

    # -- plan status and revisions -----------------------------------------------------------------
    def set_status(self, status: str) -> None:
        workspace = self.workspace
        if workspace is None or self.store is None or workspace.origin.plan_id is None:
            return
        from careplanner.ui.plan.dialogs import confirm_status

        if not confirm_status(self.window, status, workspace.document.patient.name, workspace.title):
            return
        if not workspace.is_clean and not self.save():
            return
        origin = workspace.origin
        try:
            self.store.set_status(origin.plan_id, status, origin.base_revision or 1)  # type: ignore[arg-type]
        except StoreError as error:
            QMessageBox.warning(self.window, "Status not changed", str(error))
            return
        self.open_patient(origin.patient_id, origin.plan_id)  # type: ignore[arg-type]

    def revisions(self) -> list[RevisionInfo]:
        origin = self.workspace.origin if self.workspace else None
        if self.store is None or origin is None or origin.plan_id is None:
            return []
        store, plan_id = self.store, origin.plan_id
        none: list[RevisionInfo] = []
        return self.attempt("Cannot list the revisions", lambda: store.list_revisions(plan_id), none)

    # -- recovery ----------------------------------------------------------------------------------
    def recover_unattached(self) -> None:
        """Work on a new patient or in a file that was never saved: offered back at start-up."""
        recovered = self.recovery.offer_unattached()
        if recovered is not None:
            workspace = self._workspace(recovered.document, recovered.origin, notes=recovered.origin.notes)
            self._show(workspace, [], None)
            workspace.undo_stack.resetClean()  # unsaved until the user saves it

    def current_document(self) -> PlanDocument | None:
        return self.workspace.document if self.workspace else None
