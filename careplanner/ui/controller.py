"""What the window's commands do: open, create and save patients and plans; files; statuses; recovery."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from careplanner.catalog import default_catalog
from careplanner.documents import DocumentError, read_plan_file, write_plan_file
from careplanner.domain import Patient, PlanDocument
from careplanner.editing import Template, apply_template, default_templates, operations
from careplanner.editing.recovery import Origin, Recovered, discard_recovery, pending_recoveries
from careplanner.store import PatientChange, PatientConflict, PlanConflict, PlanSummary, StoreError
from careplanner.ui import dialogs
from careplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from careplanner.store import Store


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


class Controller(QObject):
    storeReady = Signal()
    workspaceOpened = Signal(
        object, object, object
    )  # Workspace | None, plans of the patient, current plan id
    message = Signal(str)

    def __init__(self, parent: QWidget, database_url: str | None, user: str | None) -> None:
        super().__init__(parent)
        self.window = parent
        self.database_url, self.user_name = database_url, user
        self.catalog = default_catalog()
        self.store: Store | None = None
        self.workspace: Workspace | None = None

    # -- the database ------------------------------------------------------------------------------
    def open_store(self) -> bool:
        from careplanner.store import Store  # SQLAlchemy loads after the window's first paint

        try:
            self.store = Store.open(self.database_url, self.user_name)
        except StoreError as error:
            QMessageBox.critical(self.window, "The database cannot be opened", str(error))
            return False
        if self.store.migration_backup is not None:
            self.message.emit(f"The database was upgraded; a copy was kept at {self.store.migration_backup}")
        self.storeReady.emit()
        return True

    @property
    def user(self) -> str:
        return self.store.user if self.store else (self.user_name or "")

    def is_empty(self) -> bool:
        return self.store is not None and not self.store.search_patients("", limit=1)

    def load_demo(self) -> int:
        from careplanner.editing.demo import load_demo

        if self.store is None:
            return 0
        added = load_demo(self.store, self.catalog)
        self.message.emit(
            f"{added} demo patient(s) added" if added else "The demo patients are already there"
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
        return Workspace(self.catalog, self.user, document, origin, parent=self, **options)

    def _show(self, workspace: Workspace | None, plans: list[PlanSummary], plan_id: int | None) -> None:
        if self.workspace is not None:
            self.workspace.deleteLater()
        self.workspace = workspace
        self.workspaceOpened.emit(workspace, plans, plan_id)

    def open_patient(self, patient_id: int, plan_id: int | None = None, revision: int | None = None) -> None:
        if self.store is None or not self.close_workspace():
            return
        try:
            record = self.store.load_patient(patient_id)
            plans = self.store.list_plans(patient_id)
            chosen = plan_id or next(
                (p.id for p in plans if p.status in ("draft", "active")), plans[0].id if plans else None
            )
            if chosen is None:
                document = operations.new_document(
                    record.patient, next_monday(dt.date.today()), record.history
                )
                document = dataclasses.replace(document, checkins=record.checkins)
                origin = Origin(patient_id, None, None, record.version, notes=record.notes)
                self._show(self._workspace(document, origin, notes=record.notes), plans, None)
                return
            loaded = self.store.load_revision(chosen, revision)
        except StoreError as error:
            QMessageBox.warning(self.window, "Cannot open", str(error))
            return
        document = loaded.document
        if not loaded.read_only:  # editing works on the patient's current details and history
            document = operations.set_history(
                operations.set_patient(document, record.patient), record.history
            )
            document = dataclasses.replace(document, checkins=record.checkins)
        origin = Origin(patient_id, chosen, loaded.info.number, record.version, notes=record.notes)
        title = next((p.title for p in plans if p.id == chosen), "Plan")
        workspace = self._workspace(
            document, origin, notes=record.notes, read_only=loaded.read_only, title=title
        )
        self._show(workspace, plans, chosen)
        self._offer_recovery(workspace)

    def new_patient(self, patient: Patient) -> None:
        if not self.close_workspace():
            return
        document = operations.new_document(patient, next_monday(dt.date.today()))
        self._show(self._workspace(document, Origin()), [], None)

    def new_plan(self, template: Template | None = None) -> None:
        workspace = self.workspace
        if workspace is None or workspace.origin.file is not None or not self.close_workspace():
            return
        origin = dataclasses.replace(workspace.origin, plan_id=None, base_revision=None)
        document = operations.new_document(
            workspace.document.patient, next_monday(dt.date.today()), workspace.document.history
        )
        document = dataclasses.replace(document, checkins=workspace.document.checkins)
        plans = self.store.list_plans(origin.patient_id) if self.store and origin.patient_id else []
        fresh = self._workspace(
            document, origin, notes=workspace.notes, title=template.name if template else "Plan"
        )
        self._show(fresh, plans, None)
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
                removed_checkins=workspace.removed_checkins(),
            )
        except PlanConflict as conflict:
            return self._plan_conflict(workspace, conflict, patient_version)
        except PatientConflict as conflict:
            return self._patient_conflict(workspace, conflict, base)
        except StoreError as error:
            QMessageBox.warning(self.window, "Not saved", f"{error}\n\nYour work is kept safe; try again.")
            return False
        workspace.mark_saved(
            Origin(
                saved.patient_id,
                saved.plan_id,
                saved.revision.number,
                saved.patient_version,
                notes=workspace.notes,
            )
        )
        self.message.emit(f"Saved revision {saved.revision.number} of plan {saved.plan_id}")
        self.workspaceOpened.emit(workspace, self.store.list_plans(saved.patient_id), saved.plan_id)
        return True

    def _plan_conflict(
        self, workspace: Workspace, conflict: PlanConflict, patient_version: int | None
    ) -> bool:
        choice = dialogs.resolve_conflict(self.window, str(conflict))
        if choice == dialogs.KEEP_MINE:
            return self._save_to_store(workspace, conflict.head, patient_version)
        if choice == dialogs.RELOAD and workspace.origin.patient_id is not None:
            workspace.discard()
            workspace.undo_stack.setClean()
            self.open_patient(workspace.origin.patient_id, workspace.origin.plan_id)
        return False

    def _patient_conflict(self, workspace: Workspace, conflict: PatientConflict, base: int | None) -> bool:
        answer = QMessageBox.question(
            self.window,
            "Someone changed the patient first",
            f"{conflict}\n\nSave your version of the patient's details anyway? "
            "(Theirs stays in the audit log.)",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        )
        if (
            answer != QMessageBox.StandardButton.Save
            or self.store is None
            or workspace.origin.patient_id is None
        ):
            return False
        current = self.store.load_patient(workspace.origin.patient_id).version
        return self._save_to_store(workspace, base, current)

    # -- files -------------------------------------------------------------------------------------
    def open_file(self, path: Path) -> None:
        try:
            document = read_plan_file(path, self.catalog.modalities.keys()).document
        except DocumentError as error:
            QMessageBox.warning(
                self.window, "This file cannot be opened", f"{path.name} was refused:\n\n{error}"
            )
            return
        if not self.close_workspace():
            return
        self._show(self._workspace(document, Origin(file=str(path)), title=path.stem), [], None)

    def save_to_file(self, path: Path, *, switch: bool = False) -> bool:
        workspace = self.workspace
        if workspace is None:
            return False
        try:
            write_plan_file(workspace.document, path)
        except OSError as error:
            QMessageBox.warning(
                self.window, "Not saved", f"{path} cannot be written: {error.strerror or error}"
            )
            return False
        if switch:
            workspace.mark_saved(Origin(file=str(path)))
        self.message.emit(f"Wrote {path}")
        return True

    def store_file_in_database(self) -> None:
        workspace = self.workspace
        if workspace is None or self.store is None or workspace.origin.file is None:
            return
        try:
            result = self.store.import_document(workspace.document, workspace.title)
        except StoreError as error:
            QMessageBox.warning(self.window, "Not stored", str(error))
            return
        workspace.discard()
        workspace.undo_stack.setClean()
        self.open_patient(result.patient_id, result.plan_id)

    # -- plan status and revisions -----------------------------------------------------------------
    def set_status(self, status: str) -> None:
        workspace = self.workspace
        if workspace is None or self.store is None or workspace.origin.plan_id is None:
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

    def revisions(self) -> list[object]:
        origin = self.workspace.origin if self.workspace else None
        if self.store is None or origin is None or origin.plan_id is None:
            return []
        return list(self.store.list_revisions(origin.plan_id))

    # -- recovery ----------------------------------------------------------------------------------
    def _offer_recovery(self, workspace: Workspace) -> None:
        for recovered in pending_recoveries(self.catalog.modalities.keys()):
            if recovered.origin.key == workspace.origin.key and recovered.document != workspace.document:
                self._restore(workspace, recovered)

    def _restore(self, workspace: Workspace, recovered: Recovered) -> None:
        when = recovered.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        answer = QMessageBox.question(
            self.window,
            "Unsaved work found",
            f"Changes to this plan from {when} were never saved (the program closed unexpectedly). "
            "Restore them?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            workspace.apply(recovered.document, "Restore unsaved work")
        else:
            discard_recovery(recovered.origin)

    def recover_unattached(self) -> None:
        """Work on a new patient or a file that was never saved: offer it back at start-up."""
        for recovered in pending_recoveries(self.catalog.modalities.keys()):
            if recovered.origin.patient_id is None:
                workspace = self._workspace(
                    recovered.document, recovered.origin, notes=recovered.origin.notes
                )
                self._show(workspace, [], None)
                self._restore_new(workspace, recovered)
                return

    def _restore_new(self, workspace: Workspace, recovered: Recovered) -> None:
        name = recovered.document.patient.name
        answer = QMessageBox.question(
            self.window,
            "Unsaved work found",
            f"Work on {name} was never saved. Keep it open so you can save it?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            workspace.undo_stack.resetClean()
        else:
            discard_recovery(recovered.origin)
            self._show(None, [], None)

    def current_document(self) -> PlanDocument | None:
        return self.workspace.document if self.workspace else None
