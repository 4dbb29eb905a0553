"""File ▸ Export as FHIR bundle… and Import FHIR bundle…: the open plan out as a FHIR R4 Bundle, one back in.

The FHIR mapping and its library (careplanner.interop, fhir.resources) are imported inside these actions
only, so they never slow the window's start. An imported plan is stored as a draft whatever status the
Bundle gives it: it becomes active here, after the sign-offs the clinic requires.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from careplanner.file_names import safe_file_stem

if TYPE_CHECKING:
    from careplanner.interop.fhir import FhirPlan
    from careplanner.store import Store
    from careplanner.ui.window.commands import WindowCommands
    from careplanner.ui.workspace import Workspace

FHIR_FILTER = "FHIR bundles (*.json);;All files (*)"
SHOWN_MS = 8000


def _saved_first(window: WindowCommands, workspace: Workspace) -> bool:
    """A stored plan with unsaved changes is saved before export: the Bundle names the revision it holds."""
    if workspace.read_only or workspace.origin.plan_id is None or workspace.is_clean:
        return True
    answer = QMessageBox.question(
        window,
        "Save before exporting",
        f"“{workspace.title}” has changes that are not saved yet. The FHIR bundle holds a saved version of "
        "the plan: save the changes now?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return answer == QMessageBox.StandardButton.Save and window.controller.save()


def _author(store: Store, plan_id: int, number: int) -> str | None:
    """Who saved the revision, by the name colleagues know them by when their profile gives it."""
    from careplanner.cli.fhir_commands import author_name

    saved_by = next((r.saved_by for r in store.list_revisions(plan_id) if r.number == number), None)
    return None if saved_by is None else author_name(store, saved_by)


def _bundle_text(window: WindowCommands, workspace: Workspace) -> str | None:
    """The open plan as a Bundle (JSON text); None after saying why it cannot be written."""
    from careplanner.interop.fhir import FhirError, bundle_to_text, plan_to_bundle

    controller, origin = window.controller, workspace.origin
    plan_id, number, store = origin.plan_id, origin.base_revision, controller.store
    stored = plan_id is not None and number is not None
    author = None
    if plan_id is not None and number is not None and store is not None:
        author = controller.attempt(
            "Cannot read who saved the plan", lambda: _author(store, plan_id, number), None
        )
    try:
        bundle = plan_to_bundle(
            workspace.document,
            controller.catalog,
            title=workspace.title,
            status=workspace.status if stored else None,
            revision=number if stored else None,
            plan_id=plan_id if stored else None,
            author=author,
            as_of=workspace.as_of,
        )
    except (FhirError, OverflowError) as error:
        QMessageBox.warning(window, "Not exported", f"The FHIR bundle cannot be made: {error}")
        return None
    return bundle_to_text(bundle)


def export_bundle(window: WindowCommands) -> None:
    """Write the open plan, its patient and its findings as a FHIR bundle file the user chooses."""
    from careplanner.cli.print_commands import write_atomically

    workspace = window.controller.workspace
    if workspace is None or not _saved_first(window, workspace):
        return
    suggested = f"{safe_file_stem(workspace.document.patient.id)}.fhir.json"
    name, _ = QFileDialog.getSaveFileName(window, "Export the plan as a FHIR bundle", suggested, FHIR_FILTER)
    if not name:
        return
    text = _bundle_text(window, workspace)
    if text is None:
        return
    path = Path(name)
    try:
        write_atomically(text.encode("utf-8"), path)
    except OSError as error:
        QMessageBox.warning(window, "Not exported", f"{path} cannot be written: {error.strerror or error}")
        return
    window.statusBar().showMessage(f"Wrote the FHIR bundle to {path}", SHOWN_MS)


def _read(window: WindowCommands, path: Path) -> FhirPlan | None:
    from careplanner.interop.fhir import FhirError, bundle_to_plan, read_bundle_file

    try:
        return bundle_to_plan(read_bundle_file(path), window.controller.catalog)
    except FhirError as error:
        QMessageBox.warning(
            window,
            "This bundle cannot be imported",
            f"{path.name} holds no plan careplanner can take as it stands. Nothing was stored.\n\n"
            f"What was refused:\n{error}",
        )
        return None


def import_bundle(window: WindowCommands) -> None:
    """Store the plan (and patient) of a FHIR bundle file as a draft, then open it."""
    from careplanner.cli.fhir_commands import imported_title

    controller = window.controller
    store = controller.store
    if store is None:
        window.statusBar().showMessage("Imported plans are kept in the database, which is not open", SHOWN_MS)
        return
    name, _ = QFileDialog.getOpenFileName(window, "Import a FHIR bundle", "", FHIR_FILTER)
    if not name:
        return
    plan = _read(window, Path(name))
    if plan is None or not controller.close_workspace():  # asks about unsaved work; Cancel stores nothing
        return
    if controller.workspace is not None:
        controller.workspace.undo_stack.setClean()  # just saved or discarded: opening must not ask again
    title = imported_title(plan)
    imported = controller.attempt("Not imported", lambda: store.import_document(plan.document, title), None)
    if imported is None:
        return
    controller.recordsChanged.emit()
    window.patients.refresh()
    controller.open_patient(imported.patient_id, imported.plan_id)
    patient = plan.document.patient.name
    window.statusBar().showMessage(f"Imported “{title}” for {patient} as a draft", SHOWN_MS)
    if plan.status not in (None, "draft"):
        QMessageBox.information(
            window,
            "Imported as a draft",
            f"The bundle gives “{title}” as {plan.status}. It was stored as a draft: make it active here "
            "once the clinic's sign-offs are given.",
        )
