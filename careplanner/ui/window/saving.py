"""Conflicts on saving, and plan files: parts of the window's Controller, kept apart to keep files short."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QMessageBox, QWidget

from careplanner.catalog.model import Catalog
from careplanner.documents import DocumentError, read_plan_file, write_plan_file
from careplanner.editing.recovery import Origin
from careplanner.store import PatientConflict, PlanConflict, StoreError
from careplanner.ui import dialogs

if TYPE_CHECKING:
    from collections.abc import Callable

    from careplanner.store import PlanSummary, Store
    from careplanner.ui.workspace import Workspace


class ConflictsAndFiles:
    """Needs the Controller's store, workspace, window, signals and helpers."""

    window: QWidget
    catalog: Catalog
    store: Store | None
    workspace: Workspace | None
    message: SignalInstance
    attempt: Callable[..., Any]
    close_workspace: Callable[[], bool]
    open_patient: Callable[..., bool]
    _save_to_store: Callable[[Workspace, int | None, int | None], bool]
    _workspace: Callable[..., Workspace]
    _show: Callable[[Workspace | None, list[PlanSummary], int | None], None]

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
        store, patient_id = self.store, workspace.origin.patient_id
        current = self.attempt("Not saved", lambda: store.load_patient(patient_id).version, None)
        return current is not None and self._save_to_store(workspace, base, current)

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
