"""One open piece of work: a patient's plan document with its undo stack, live checks and autosave.

Every edit is a `DocumentCommand` on the workspace's own QUndoStack, holding the state before and after (the
document is immutable, so undo simply restores it). After every change the checks re-run (well under a
millisecond for a typical plan) and a recovery file is written a moment later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from careplanner.catalog.model import Catalog
from careplanner.checks import CheckReport, check_plan
from careplanner.domain import CheckinChanges, PlanDocument
from careplanner.editing.recovery import Loaded, Origin, Recovered, discard_recovery, save_recovery
from careplanner.store.records import RevisionInfo

log = logging.getLogger(__name__)
AUTOSAVE_DELAY_MS = 700


@dataclasses.dataclass(frozen=True)
class State:
    document: PlanDocument
    notes: str  # the patient's free-text notes (kept with the patient record, not the plan)
    title: str = "Plan"  # the plan's name (kept with the plan, not in the plan document)


def follow(old: Workspace | None, new: Workspace | None, links: Mapping[str, Callable[..., object]]) -> None:
    """Move a view's connections from the workspace it showed to the one it shows now."""
    for signal, slot in links.items():
        if old is not None:
            getattr(old, signal).disconnect(slot)
        if new is not None:
            getattr(new, signal).connect(slot)


class DocumentCommand(QUndoCommand):
    def __init__(
        self, workspace: Workspace, before: State, after: State, text: str, merge_key: str | None
    ) -> None:
        super().__init__(text)
        self.workspace, self.before, self.after, self.merge_key = workspace, before, after, merge_key
        self.origins: tuple[Origin, Origin] | None = (
            None  # where the work belongs, before and after (restore)
        )

    def redo(self) -> None:
        if self.origins is not None:
            self.workspace._switch_origin(*self.origins)
        self.workspace._show(self.after)

    def undo(self) -> None:
        if self.origins is not None:
            self.workspace._switch_origin(self.origins[1], self.origins[0])
        self.workspace._show(self.before)

    def id(self) -> int:
        # Typing in one field, or stepping a spin box, is one undo step rather than one per keystroke.
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DocumentCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class Workspace(QObject):
    changed = Signal()  # the document or the notes changed
    checked = Signal(object)  # the new CheckReport
    selectionChanged = Signal(object)  # tuple of item ids / history refs
    cleanChanged = Signal(bool)
    autosaved = Signal(str)  # time of the autosave, for the status line

    def __init__(
        self,
        catalog: Catalog,
        user: str,
        document: PlanDocument,
        origin: Origin,
        *,
        notes: str = "",
        read_only: bool = False,
        title: str = "Plan",
        status: str = "draft",
        as_of: dt.date | None = None,
        revision: RevisionInfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.revision = revision  # the stored revision shown (None: never saved); an earlier one is read-only
        self.catalog, self.user, self.origin, self.read_only = catalog, user, origin, read_only
        self.status = status
        self.as_of = as_of  # "today" for the checks: an assessment date passed unrecorded is overdue
        self._state = State(document, notes, title)
        self.loaded = self._state  # what was last saved or loaded, to tell which parts the user changed
        self.selection: tuple[str, ...] = ()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.cleanChanged)
        self.undo_stack.cleanChanged.connect(self._forget_recovery_when_clean)
        self.report: CheckReport = check_plan(document, catalog, as_of=as_of)
        self._preview: PlanDocument | None = None
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.autosave_now)

    # -- reading -----------------------------------------------------------------------------------
    @property
    def document(self) -> PlanDocument:
        return self._state.document

    @property
    def notes(self) -> str:
        return self._state.notes

    @property
    def title(self) -> str:
        return self._state.title

    @property
    def is_clean(self) -> bool:
        return self.undo_stack.isClean()

    def checkin_changes(self) -> CheckinChanges:
        """Check-ins recorded or removed here since the work was loaded or saved: all a save writes."""
        return CheckinChanges.between(self.loaded.document.checkins, self.document.checkins)

    def report_label(self, ref: str) -> str:
        """A plan item or history entry by name, as the findings name it."""
        if ref in self.report.labels:
            return self.report.label(ref)
        if ref.startswith("history[") and ref[8:-1].isdigit() and int(ref[8:-1]) < len(self.document.history):
            entry = self.document.history[int(ref[8:-1])]  # outside the catalog: the checks never see it
            return f"{entry.name or 'Other treatment'} (history)"
        return ref

    def patient_changed(self) -> bool:
        before, now = self.loaded, self._state
        return (before.document.patient, before.document.history, before.notes) != (
            now.document.patient,
            now.document.history,
            now.notes,
        )

    # -- editing -----------------------------------------------------------------------------------
    def apply(self, document: PlanDocument, text: str, merge_key: str | None = None) -> None:
        self._push(dataclasses.replace(self._state, document=document), text, merge_key)

    def rename(self, title: str) -> None:
        self._push(dataclasses.replace(self._state, title=title), f"Rename the plan “{title}”", None)

    def restore(self, recovered: Recovered) -> None:
        """Bring back work a crash interrupted, as one undoable step.

        Only the parts the user had edited are taken from it (see `Recovered.merged_into`). Those are saved
        against what was loaded back then, so a revision or patient change a colleague saved since is a
        conflict to resolve, not silently overwritten.
        """
        if self.read_only:
            return
        then = recovered.origin
        document, notes = recovered.merged_into(self.document, self.notes)
        origin = dataclasses.replace(
            self.origin,
            base_revision=then.base_revision
            if recovered.plan_edited and then.base_revision is not None
            else self.origin.base_revision,
            patient_version=then.patient_version
            if recovered.patient_edited and then.patient_version is not None
            else self.origin.patient_version,
        )
        title = then.title if then.title != self.loaded.title else self.title  # renamed in the lost work
        restored = dataclasses.replace(self._state, document=document, notes=notes, title=title)
        command = DocumentCommand(self, self._state, restored, "Restore unsaved work", None)
        command.origins = (self.origin, origin)
        self.undo_stack.push(command)

    def _switch_origin(self, expected: Origin, origin: Origin) -> None:
        # Undoing a restore goes back to the loaded base, unless a save has moved the base on since.
        if self.origin == expected:
            self.origin = origin

    def set_notes(self, notes: str) -> None:
        self._push(dataclasses.replace(self._state, notes=notes), "Edit notes", "notes")

    def _push(self, after: State, text: str, merge_key: str | None) -> None:
        if self.read_only or after == self._state:
            return
        self.undo_stack.push(DocumentCommand(self, self._state, after, text, merge_key))

    def _show(self, state: State) -> None:
        self._state = state
        self._preview = None
        self.report = check_plan(state.document, self.catalog, as_of=self.as_of)
        self.changed.emit()
        self.checked.emit(self.report)
        if not self.read_only:
            self._autosave.start()

    def set_today(self, today: dt.date) -> None:
        """A new day while the plan is open: assessments whose date has now passed become overdue."""
        if self.as_of is None or self.as_of == today:
            return  # a record (read-only) is not checked against today
        self.as_of = today
        self.report = check_plan(self._preview or self.document, self.catalog, as_of=today)
        self.checked.emit(self.report)

    def preview(self, document: PlanDocument | None) -> None:
        """Check a document not yet applied (a bar being dragged); None returns to the real one."""
        self._preview = document
        self.report = check_plan(document or self.document, self.catalog, as_of=self.as_of)
        self.checked.emit(self.report)

    def select(self, refs: Iterable[str]) -> None:
        chosen = tuple(refs)
        if chosen != self.selection:
            self.selection = chosen
            self.selectionChanged.emit(chosen)

    # -- saving ------------------------------------------------------------------------------------
    def autosave_now(self) -> None:
        if self.read_only or self.is_clean:
            return
        try:
            loaded = Loaded(self.loaded.document, self.loaded.notes)
            origin = dataclasses.replace(self.origin, notes=self.notes, title=self.title)
            save_recovery(origin, self.document, loaded)
        except OSError as error:
            log.warning("autosave failed: %s", error.strerror)
            return
        self.autosaved.emit(dt.datetime.now().strftime("%H:%M:%S"))

    def mark_saved(self, origin: Origin) -> None:
        """The work is stored: forget the recovery file, remember where it now lives."""
        self._autosave.stop()
        discard_recovery(self.origin)
        if origin.key != self.origin.key:
            discard_recovery(origin)
        self.origin = origin
        self.loaded = self._state
        self.undo_stack.setClean()

    def _forget_recovery_when_clean(self, clean: bool) -> None:
        # Undone back to what is saved: nothing is left to recover.
        if clean and not self.read_only:
            self._autosave.stop()
            discard_recovery(self.origin)

    def discard(self) -> None:
        self._autosave.stop()
        discard_recovery(self.origin)
