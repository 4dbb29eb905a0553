"""File ▸ Export as FHIR bundle… and Import FHIR bundle…: the open plan out as a FHIR R4 Bundle, one back in.

The FHIR mapping and its library (careplanner.interop, fhir.resources) are imported inside these actions
only, so they never slow the window's start. An imported plan is stored as a draft whatever status the
Bundle gives it: it becomes active here, after the sign-offs the clinic requires. A refusal is told in plain
words; the element the FHIR mapping names (for whoever made or fixes the file) is under "Show Details…".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from careplanner.file_names import safe_file_stem
from careplanner.ui import dialogs

if TYPE_CHECKING:
    from careplanner.interop.fhir import FhirError, FhirPlan
    from careplanner.store import Store
    from careplanner.ui.window.commands import WindowCommands
    from careplanner.ui.window.controller import Controller
    from careplanner.ui.workspace import Workspace

FHIR_FILTER = "FHIR bundles (*.json);;All files (*)"
SHOWN_MS = 8000
NOT_EXPORTED = "Not exported"
NOT_IMPORTED = "This bundle cannot be imported"

# Why a bundle was refused, in a clinician's words (FhirError.reason; careplanner/interop/fhir_common.py).
IMPORT_REASONS = {
    "unreadable": "it cannot be read as a FHIR bundle (it is too large, not a text file, or damaged)",
    "foreign": "it is not a care plan bundle written by careplanner (it may come from another system)",
    "plan-file": "it is a careplanner plan file, not a FHIR bundle: open it with File → Open plan file…",
    "unknown-code": "it names a treatment or condition careplanner does not know",
    "as-it-stands": (
        "it holds a record withdrawn or changed at its source (entered in error, not to be given, ruled "
        "out), which careplanner cannot take as it stands"
    ),
}
IMPORT_DAMAGED = "it is damaged or incomplete, or holds a value a care plan cannot have"
EXPORT_REASONS = {
    "not-writable": (
        "A text in the plan holds an invisible control character (pasted from elsewhere, perhaps) that a "
        "FHIR bundle cannot carry. Type that text again and export once more."
    ),
    "unknown-code": "The plan names a treatment the catalog does not know, so it cannot be written as FHIR.",
}
EXPORT_OTHER = "The plan holds something a FHIR bundle cannot describe."
FAR_FUTURE = "A date in the plan is too far in the future to be written in a FHIR bundle."
DETAILS = "The details (Show Details…) name the part of the file concerned, for whoever made or fixes it."


def warn(parent: QWidget, title: str, text: str, details: str) -> None:
    """A warning in plain words; the technical details under "Show Details…", to copy for IT."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    box.exec()


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
    from careplanner.interop.fhir import author_name

    saved_by = next((r.saved_by for r in store.list_revisions(plan_id) if r.number == number), None)
    return None if saved_by is None else author_name(store, saved_by)


def _not_exported(window: WindowCommands, error: FhirError | OverflowError) -> None:
    from careplanner.interop.fhir import FhirError

    text = EXPORT_REASONS.get(error.reason, EXPORT_OTHER) if isinstance(error, FhirError) else FAR_FUTURE
    warn(window, NOT_EXPORTED, f"{text} Nothing was written.", str(error))


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
        _not_exported(window, error)
        return None
    return bundle_to_text(bundle)


def export_bundle(window: WindowCommands) -> None:
    """Write the open plan, its patient and its findings as a FHIR bundle file the user chooses."""
    from careplanner.atomic import write_atomically

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
        warn(
            window,
            NOT_EXPORTED,
            f"The FHIR bundle could not be written to “{path.name}”: the folder may be read-only or the disk "
            "full. Nothing was written.",
            f"{path}: {error.strerror or error}",
        )
        return
    window.statusBar().showMessage(f"Wrote the FHIR bundle to {path}", SHOWN_MS)


def _read(window: WindowCommands, path: Path) -> FhirPlan | None:
    from careplanner.interop.fhir import FhirError, bundle_to_plan, read_bundle_file

    try:
        return bundle_to_plan(read_bundle_file(path), window.controller.catalog)
    except FhirError as error:
        reason = IMPORT_REASONS.get(error.reason, IMPORT_DAMAGED)
        text = f"“{path.name}” is not a plan careplanner can import: {reason}. Nothing was stored."
        warn(window, NOT_IMPORTED, f"{text}\n\n{DETAILS}", str(error))
        return None


def _unsaved_work(window: WindowCommands, controller: Controller) -> str | None:
    """Ask about the open plan's unsaved work before anything is stored: None to stay with it, DISCARD to drop
    it once the import is stored, SAVE when there is nothing (left) to lose."""
    workspace = controller.workspace
    if workspace is None or workspace.read_only or workspace.is_clean:
        return dialogs.SAVE
    answer = dialogs.ask_unsaved(window, f"The plan of {workspace.document.patient.name}")
    if answer == dialogs.CANCEL:
        return None
    if answer == dialogs.SAVE:
        return dialogs.SAVE if controller.save() else None
    return dialogs.DISCARD


def import_bundle(window: WindowCommands) -> None:
    """Store the plan (and patient) of a FHIR bundle file as a draft, then open it.

    The file is read and converted first, then the open plan's unsaved work is asked about, then the import
    is stored; only then is the open plan left for the imported one. A refusal at any step leaves the open
    plan as it was (unsaved changes the user chose to discard are kept when the store refuses the import).
    """
    from careplanner.interop.fhir import imported_title

    controller = window.controller
    store = controller.store
    if store is None:
        window.statusBar().showMessage("Imported plans are kept in the database, which is not open", SHOWN_MS)
        return
    name, _ = QFileDialog.getOpenFileName(window, "Import a FHIR bundle", "", FHIR_FILTER)
    if not name:
        return
    plan = _read(window, Path(name))
    if plan is None:
        return
    unsaved = _unsaved_work(window, controller)
    if unsaved is None:  # Cancel: nothing is stored
        return
    title = imported_title(plan)
    imported = controller.attempt("Not imported", lambda: store.import_document(plan.document, title), None)
    if imported is None:
        return
    workspace = controller.workspace
    if workspace is not None and not workspace.read_only:
        if unsaved == dialogs.DISCARD:
            workspace.discard()
        workspace.undo_stack.setClean()  # saved or discarded: opening the import must not ask again
    _opened(window, controller, plan, title, (imported.patient_id, imported.plan_id))


def _opened(
    window: WindowCommands, controller: Controller, plan: FhirPlan, title: str, ids: tuple[int, int]
) -> None:
    controller.recordsChanged.emit()
    window.patients.refresh()
    controller.open_patient(*ids)
    patient = plan.document.patient.name
    window.statusBar().showMessage(f"Imported “{title}” for {patient} as a draft", SHOWN_MS)
    if plan.status not in (None, "draft"):
        QMessageBox.information(
            window,
            "Imported as a draft",
            f"The bundle gives “{title}” as {plan.status}. It was stored as a draft: make it active here "
            "once the clinic's sign-offs are given.",
        )
