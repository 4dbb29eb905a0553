"""What the window's menu commands do (a part of MainWindow, kept apart to keep each file readable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from careplanner import __version__
from careplanner.file_names import safe_file_stem

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget

    from careplanner.followup.due import DueEntry
    from careplanner.ui.followup.worklist import WorklistFeed, WorklistPanel
    from careplanner.ui.meeting.meetings_dialog import MeetingsDialog
    from careplanner.ui.patient.patient_list import PatientList
    from careplanner.ui.plan.findings_panel import FindingsPanel
    from careplanner.ui.window.controller import Controller
    from careplanner.ui.window.welcome import WelcomePage
    from careplanner.ui.window.workspace_view import WorkspaceView

FILE_FILTER = "Care plans (*.careplan.json);;JSON (*.json)"


class WindowCommands(QMainWindow):
    """The base of MainWindow, which provides these attributes once it is built."""

    controller: Controller
    view: WorkspaceView
    findings: FindingsPanel
    findings_dock: QDockWidget
    patients_dock: QDockWidget
    actions_: dict[str, QAction]
    patients: PatientList
    welcome: WelcomePage
    worklist: WorklistPanel
    worklist_dock: QDockWidget
    worklist_feed: WorklistFeed
    meetings_window: MeetingsDialog | None = None

    def _undo(self) -> None:
        if self.controller.workspace:
            self.controller.workspace.undo_stack.undo()

    def _redo(self) -> None:
        if self.controller.workspace:
            self.controller.workspace.undo_stack.redo()

    def new_patient(self) -> None:
        store = self.controller.store
        if store is None:
            return
        from careplanner.ui import dialogs

        def is_taken(record: str) -> bool:
            # If the database cannot tell now, saving will: the record number is unique there.
            return (
                self.controller.attempt(
                    "Cannot check the record number", lambda: store.find_patient(record), None
                )
                is not None
            )

        patient = dialogs.ask_new_patient(self, is_taken)
        if patient is not None:
            self.controller.new_patient(patient)
            self.view.tabs.setCurrentIndex(0)

    def find_patient(self) -> None:
        self.patients_dock.show()
        self.patients.setFocus()

    def rename_plan(self) -> None:
        workspace = self.controller.workspace
        if workspace is None or workspace.read_only:
            return
        from careplanner.ui.plan import dialogs as plan_dialogs

        title = plan_dialogs.ask_plan_name(self, workspace.title)
        if title is not None and title != workspace.title:
            workspace.rename(title)

    def edit_profile(self) -> None:
        """The user's name and discipline, shown with their comments and sign-offs."""
        store = self.controller.store
        if store is None:
            return
        from careplanner.ui.team.profile_dialog import ask_profile

        current = self.controller.attempt("Cannot read your name", lambda: store.user_profile(), None)
        saved = ask_profile(self, store.save_user_profile, store.user, current)
        if saved is not None:
            self.statusBar().showMessage(f"You are {saved.name} in careplanner", 8000)
            self.update_profile_prompt()
            self.view.team.refresh()

    def update_profile_prompt(self) -> None:
        """The welcome page asks who the user is until the database knows."""
        store = self.controller.store
        if store is None:
            return
        missing = self.controller.attempt(
            "Cannot read your name", lambda: store.user_profile() is None, False
        )
        self.welcome.show_profile_prompt(missing)

    def show_shortcuts(self) -> None:
        from careplanner.ui.plan import dialogs as plan_dialogs

        plan_dialogs.show_shortcuts(self, list(self.actions_.values()))

    def choose_template(self) -> None:
        workspace = self.controller.workspace
        if workspace is None or workspace.read_only:
            return
        from careplanner.ui.plan.template_dialog import TemplateDialog

        dialog = TemplateDialog(
            self.controller.catalog, workspace.document, self.controller.templates(), self
        )
        if dialog.exec() and dialog.chosen is not None:
            self.controller.apply_template(dialog.chosen)
            self.view.show_plan_tab()

    def print_handout(self) -> None:
        from careplanner.ui.printing.commands import preview_handout

        preview = preview_handout(self, self.controller)
        if preview is not None:
            preview.exec()

    def print_summary(self) -> None:
        from careplanner.ui.printing.commands import preview_summary

        preview = preview_summary(self, self.controller)
        if preview is not None:
            preview.exec()

    def edit_clinic(self) -> None:
        from careplanner.ui.printing.commands import edit_clinic

        edit_clinic(self, self.controller)

    def focus_findings(self) -> None:
        self.findings_dock.show()
        self.findings.list.setFocus()
        if self.findings.list.currentRow() < 0 and self.findings.list.count():
            self.findings.list.setCurrentRow(0)

    def show_due_list(self) -> None:
        """The list of assessments and reviews due, read afresh, with the keyboard in it."""
        self.worklist_dock.show()
        self.worklist_dock.raise_()
        self.worklist_feed.refresh()
        self.worklist.table.setFocus()

    def show_meetings(self) -> None:
        """Team ▸ Team meetings: the list of meetings, a window beside the plan that never touches it."""
        store = self.controller.store
        if store is None:
            self.statusBar().showMessage("Team meetings are kept in the database, which is not open", 8000)
            return
        if self.meetings_window is None:
            from careplanner.ui.meeting.meetings_dialog import MeetingsDialog

            self.meetings_window = MeetingsDialog(store, self.controller.catalog, dt.date.today(), self)
        self.meetings_window.today = dt.date.today()  # a window left open overnight prepares for the new day
        self.meetings_window.show()
        self.meetings_window.raise_()
        self.meetings_window.activateWindow()
        self.meetings_window.table.setFocus()

    def open_due_entry(self, entry: DueEntry) -> None:
        """A line of the due list: that patient's plan at that assessment or review, in one step.

        Opening asks about unsaved work first; if the user stays, nothing changes."""
        workspace = self.controller.workspace
        origin = workspace.origin if workspace is not None else None
        already_open = (
            workspace is not None
            and not workspace.read_only
            and origin is not None
            and (origin.patient_id, origin.plan_id) == (entry.patient_key, entry.plan_id)
        )
        if not already_open and not self.controller.open_patient(entry.patient_key, entry.plan_id):
            self.worklist.select_open_patient()
            return
        self.view.show_followup(entry.item_id, entry.week if entry.item_id is None else None)

    def _decision_target(self, hint: str) -> str | None:
        """The treatment chosen under Follow-up, or else the one selected in the plan; None (with a hint on
        the status line) when neither says which."""
        workspace = self.controller.workspace
        if workspace is None or workspace.read_only:
            return None
        in_plan = [ref for ref in workspace.selection if workspace.document.plan.item(ref) is not None]
        chosen = self.view.followup.selected_item_id() or (in_plan[0] if len(in_plan) == 1 else None)
        if chosen is None:
            self.view.show_followup(None)
            self.statusBar().showMessage(hint, 8000)
        return chosen

    def record_decision(self) -> None:
        """The decision on the treatment chosen under Follow-up, or else the one selected in the plan."""
        chosen = self._decision_target(
            "Choose the treatment whose assessment to record, then Record decision"
        )
        if chosen is not None:
            self.view.followup.record_decision(chosen)

    def withdraw_decision(self) -> None:
        """Withdraw the decision on the treatment chosen under Follow-up, or else on the one chosen in the
        plan."""
        chosen = self._decision_target(
            "Choose the treatment whose decision to withdraw, then Withdraw decision"
        )
        if chosen is None:
            return
        item = self.controller.workspace.document.plan.item(chosen) if self.controller.workspace else None
        if item is not None and item.assessed is None:
            self.statusBar().showMessage("No decision is recorded for that treatment yet", 8000)
            return
        self.view.followup.withdraw_decision(chosen)

    def focus_catalog(self) -> None:
        self.view.show_plan_tab()
        self.view.builder.catalog_panel.setFocus()

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a plan file", "", FILE_FILTER)
        if name:
            self.controller.open_file(Path(name))

    def export_file(self) -> None:
        workspace = self.controller.workspace
        if workspace is None:
            return
        suggested = f"{safe_file_stem(workspace.document.patient.id)}.careplan.json"
        name, _ = QFileDialog.getSaveFileName(self, "Export the plan", suggested, FILE_FILTER)
        if name:
            self.controller.save_to_file(Path(name))

    def export_fhir(self) -> None:
        from careplanner.ui.window.fhir_actions import export_bundle  # the FHIR library loads only now

        export_bundle(self)

    def import_fhir(self) -> None:
        from careplanner.ui.window.fhir_actions import import_bundle

        import_bundle(self)

    def load_demo(self) -> None:
        self.controller.load_demo()
        self.welcome.show_state(self.controller.is_empty())
        self.patients.refresh()

    def open_revision(self) -> None:
        workspace = self.controller.workspace
        revisions = self.controller.revisions()
        if workspace is None or not revisions:
            return
        from careplanner.ui import dialogs

        number = dialogs.choose_revision(self, revisions)
        if number is not None:  # opening asks about unsaved work first
            self.controller.open_patient(workspace.origin.patient_id, workspace.origin.plan_id, number)  # type: ignore[arg-type]

    def show_changes(self) -> None:
        """What changed between two saved revisions of the open plan, or from the newest to unsaved work."""
        workspace = self.controller.workspace
        store, revisions = self.controller.store, self.controller.revisions()
        plan_id = workspace.origin.plan_id if workspace is not None else None
        if workspace is None or store is None or plan_id is None or not revisions:
            self.statusBar().showMessage("What changed compares saved revisions: save the plan first", 8000)
            return
        from careplanner.ui.plan.changes_dialog import ChangesDialog

        unsaved = None if workspace.is_clean else (workspace.document, workspace.status)
        dialog = ChangesDialog(
            self.controller.catalog,
            revisions,
            lambda number: store.load_revision(plan_id, number),
            unsaved,
            self,
        )
        dialog.exec()

    def about(self) -> None:
        where = self.controller.store.describe() if self.controller.store else "not open"
        QMessageBox.about(
            self,
            "About careplanner",
            f"<b>careplanner {__version__}</b><p>Staged multimodal care plans for chronic pain, checked "
            f"as they are built. It supports a clinician's decision; it never decides.</p>"
            f"<p>Database: {where}<br>User: {self.controller.user}</p>",
        )
