"""Work a crash interrupted, offered back: into the plan it belongs to, as an unsaved new plan or patient,
or (when that plan can no longer be edited) kept in a plan file so nothing typed is lost.

Only work of the database now open is offered (recovery files carry the database's identity), and every
question names the patient, so work never lands on another database's patient with the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from careplanner.catalog.model import Catalog
from careplanner.documents import write_plan_file
from careplanner.editing.recovery import Origin, Recovered, discard_recovery, pending_recoveries
from careplanner.file_names import safe_file_stem
from careplanner.paths import data_dir, private_dir
from careplanner.ui.workspace import Workspace


def kept_recoveries_dir() -> Path:
    return data_dir() / "recovered"


class RecoveryOffers:
    """The questions about recovered work; `show_new` puts a fresh workspace in the window."""

    def __init__(self, window: QWidget, catalog: Catalog) -> None:
        self.window, self.catalog = window, catalog
        self.database: str | None = None  # the open database's identity: only its work is offered

    def _pending(self, *, legacy: bool = False) -> list[Recovered]:
        return pending_recoveries(self.catalog.modalities.keys(), self.database, legacy=legacy)

    def pending(self, origin: Origin) -> Recovered | None:
        return next((found for found in self._pending() if found.origin.key == origin.key), None)

    def offer_into(self, workspace: Workspace) -> bool:
        """Work left on the plan (or new plan) now open; True if it was restored into it."""
        recovered = self.pending(workspace.origin)
        if recovered is None:
            return False
        if recovered.document == workspace.document and recovered.origin.notes == workspace.notes:
            discard_recovery(recovered.origin)  # nothing differs from what is stored
        elif workspace.read_only:
            self._keep_in_file(recovered, f"the plan can no longer be edited (it is {workspace.status})")
        elif self._ask(recovered, _restore_question(recovered, workspace)):
            workspace.restore(recovered)
            return True
        return False

    def offer_new_plan(self, origin: Origin, name: str, open_fresh: Callable[[], Workspace | None]) -> None:
        """A new plan for this patient that was never saved (the patient's stored plans opened instead)."""
        recovered = self.pending(origin)
        if recovered is None:
            return
        question = (
            f"A new plan for {name}, begun {_when(recovered)}, was never saved. Open it so you can save it?"
        )
        if self._ask(recovered, question):
            workspace = open_fresh()
            if workspace is not None:
                workspace.restore(recovered)

    def offer_unattached(self) -> Recovered | None:
        """Work on a new patient or in a file, one by one: the first the user takes back, if any."""
        self._keep_legacy_work()
        for recovered in self._pending():
            if recovered.origin.patient_id is not None:
                continue  # offered when its patient is opened
            file = recovered.origin.file
            where = f"in the file {Path(file).name}" if file else "a new patient, not yet stored"
            question = (
                f"Work on {recovered.document.patient.name} (record {recovered.document.patient.id}, "
                f"{where}) from {_when(recovered)} was never saved. Open it so you can save it?"
            )
            if self._ask(recovered, question):
                return recovered
        return None

    def _keep_legacy_work(self) -> None:
        """Work saved by an earlier version, which did not record its database: it cannot safely go back
        into any record, so it is kept in plan files for the user to look at."""
        for recovered in self._pending(legacy=True):
            self._keep_in_file(
                recovered, "it was saved by an earlier version that did not record its database"
            )

    def _ask(self, recovered: Recovered, question: str) -> bool:
        answer = QMessageBox.question(self.window, "Unsaved work found", question)
        if answer == QMessageBox.StandardButton.Yes:
            return True
        discard_recovery(recovered.origin)
        return False

    def _keep_in_file(self, recovered: Recovered, why: str) -> None:
        stamp = recovered.saved_at.astimezone().strftime("%Y%m%d-%H%M%S")
        patient = recovered.document.patient
        path = kept_recoveries_dir() / f"{safe_file_stem(patient.id, 'patient')}-{stamp}.careplan.json"
        try:
            private_dir(path.parent)
            write_plan_file(recovered.document, path)
        except OSError as error:
            QMessageBox.warning(
                self.window,
                "Unsaved work found",
                f"Unsaved changes for {patient.name} could not be kept in {path}: "
                f"{error.strerror or error}. They stay in the recovery folder.",
            )
            return
        discard_recovery(recovered.origin)
        notes = (
            f"\n\nThe patient notes typed then were:\n{recovered.origin.notes}"
            if recovered.origin.notes
            else ""
        )
        QMessageBox.information(
            self.window,
            "Unsaved work kept in a file",
            f"Changes for {patient.name} (record {patient.id}) from {_when(recovered)} were never saved, "
            f"and {why}. They were kept in\n{path}\n\n"
            f"Open that file (File ▸ Open plan file) to read them or to store them as a new plan.{notes}",
        )


def _when(recovered: Recovered) -> str:
    return recovered.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _restore_question(recovered: Recovered, workspace: Workspace) -> str:
    patient = workspace.document.patient
    question = (
        f"Changes to “{workspace.title}” for {patient.name} (record {patient.id}) from {_when(recovered)} "
        "were never saved (the program closed unexpectedly). Restore them?"
    )
    then, now = recovered.origin.base_revision, workspace.origin.base_revision
    if then is not None and now is not None and then != now:
        question += (
            f"\n\nThey were made to revision {then}; revision {now} has been saved since. When you save, "
            "you will be asked which version to keep."
        )
    return question
