"""The main window: assembles the patient list, the open patient and the findings, and the commands.

It starts in two steps so that it is on screen at once: the window itself is light and shows immediately
(in its remembered place and size); the panels, the catalog and the database are built right after the first
paint (`start`), importing the heavier modules only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from careplanner.store.records import STATUS_TRANSITIONS
from careplanner.ui.window.menus import WindowMenus

PREFERRED_SIZE = (1500, 900)
DOCK_WIDTHS = (220, 300)
MIN_DOCK_WIDTH = 170
ALWAYS_AVAILABLE = frozenset(
    {"quit", "shortcuts", "find_patient"}
)  # before the database is open  # patients, findings: the plan in the middle gets the rest

if TYPE_CHECKING:
    from careplanner.store.records import PatientSummary, PlanSummary
    from careplanner.ui.workspace import Workspace


class MainWindow(WindowMenus):
    usable = Signal()  # the patient list is filled: the user can find and pick a patient
    ready = Signal()  # the database is open and every command works

    def __init__(
        self, database_url: str | None = None, user: str | None = None, load_demo: bool = False
    ) -> None:
        super().__init__()
        self.setWindowTitle("careplanner")
        self.load_demo_on_start = load_demo
        self.database_url, self.user = database_url, user
        self.setCentralWidget(QLabel("Opening careplanner…", alignment=Qt.AlignmentFlag.AlignCenter))
        self._size_to_screen()
        self.built = False

    def _size_to_screen(self) -> None:
        """The remembered size if it still fits this screen; otherwise as much of the screen as it needs."""
        available = self.screen().availableGeometry()
        geometry = QSettings().value("window/geometry")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if restored and self.width() <= available.width() and self.height() <= available.height():
            return
        width, height = min(PREFERRED_SIZE[0], available.width()), min(PREFERRED_SIZE[1], available.height())
        self.resize(width, height)
        self.move(
            available.x() + (available.width() - width) // 2,
            available.y() + (available.height() - height) // 2,
        )
        if (width, height) != PREFERRED_SIZE:
            self.setWindowState(Qt.WindowState.WindowMaximized)  # a laptop screen: use all of it

    def _build_frame(self) -> None:
        """What the first screen needs: the patient list, the findings panel, the welcome page, the menus."""
        from careplanner.ui.patient.patient_list import PatientList
        from careplanner.ui.plan.findings_panel import FindingsPanel
        from careplanner.ui.window.welcome import WelcomePage

        self.patients = PatientList()
        self.findings = FindingsPanel()
        self.welcome = WelcomePage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.patients_dock = self._dock("Patients", self.patients, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.findings_dock = self._dock("Findings", self.findings, Qt.DockWidgetArea.RightDockWidgetArea)
        # Shown on request (View ▸ Assessments due), so the plan keeps its height on a laptop screen. The dock
        # is made here for the saved layout to place; its list comes with the rest (`_build_rest`).
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.worklist_dock = self._dock("Due and overdue", QLabel("Opening careplanner…"), bottom)
        self.worklist_dock.hide()
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._watched: Workspace | None = None
        self._chosen_early: int | None = None
        self._create_actions()
        self.patients.patientChosen.connect(self._choose_patient)
        self.patients.newPatientRequested.connect(self.new_patient)
        self.welcome.demo.clicked.connect(self.load_demo)
        self.welcome.new_patient.clicked.connect(self.new_patient)
        self.welcome.due.clicked.connect(self.show_due_list)
        # Widgets added to a window already on screen must be shown; the saved layout may hide docks again.
        for widget in (self.pages, self.patients_dock, self.findings_dock, self.menuBar(), self.toolbar):
            widget.show()
        # Shortcuts work whichever bars are shown (Delete only where treatments are selected).
        self.addActions([action for key, action in self.actions_.items() if key != "remove_item"])
        self.patients.setMinimumWidth(MIN_DOCK_WIDTH)
        self.findings.setMinimumWidth(MIN_DOCK_WIDTH)
        state = QSettings().value("window/state")
        if not (isinstance(state, QByteArray) and self.restoreState(state)):
            # Once the window has its size (the docks would otherwise keep their smallest width).
            QTimer.singleShot(0, self._default_dock_widths)
        for key, action in self.actions_.items():
            action.setEnabled(key in ALWAYS_AVAILABLE)

    def _default_dock_widths(self) -> None:
        self.resizeDocks(
            [self.patients_dock, self.findings_dock], list(DOCK_WIDTHS), Qt.Orientation.Horizontal
        )

    def _build_rest(self) -> None:
        """The patient's tabs, the catalog and the commands behind the menus."""
        from careplanner.ui.followup.worklist import WorklistFeed, WorklistPanel
        from careplanner.ui.window.controller import Controller
        from careplanner.ui.window.workspace_view import WorkspaceView

        self.controller = Controller(self, self.database_url, self.user)
        self.worklist = WorklistPanel()
        placeholder = self.worklist_dock.widget()
        self.worklist_dock.setWidget(self.worklist)
        placeholder.deleteLater()
        self.worklist.show()  # a widget added to a dock on screen must be shown
        self.worklist_feed = WorklistFeed(self.worklist, self.controller, self.controller.catalog)
        self.worklist.openRequested.connect(self.open_due_entry)
        self.view = WorkspaceView(self.controller.catalog)
        self.pages.addWidget(self.view)
        for widget in (self.view.builder.plan_view, self.view.builder.timeline):
            widget.addAction(self.actions_["remove_item"])  # Delete works where treatments are selected
        c = self.controller
        c.storeReady.connect(lambda: self.patients.connect_search(self._search_patients))
        c.storeReady.connect(lambda: self.view.team.set_store(c.store))
        self.welcome.profile.clicked.connect(self.edit_profile)
        c.workspaceOpened.connect(self._show_workspace)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.view.planChosen.connect(self._switch_plan)
        for key, splitter in self._splitters():
            saved = QSettings().value(key)
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        self.built = True

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _choose_patient(self, patient_id: int) -> None:
        """A patient picked from the list; one picked before the database is open opens once it is."""
        if self.built and self.controller.store is not None:
            self.controller.open_patient(patient_id)
        else:
            self._chosen_early = patient_id

    def _search_patients(self, text: str) -> list[PatientSummary]:
        store = self.controller.store
        if store is None:
            return []
        return self.controller.attempt("Cannot search the patients", lambda: store.search_patients(text), [])

    def _switch_plan(self, plan_id: int) -> None:
        workspace = self.controller.workspace
        patient_id = workspace.origin.patient_id if workspace else None
        if patient_id is None or not self.controller.open_patient(patient_id, plan_id):
            self.view.show_open_plan()

    # -- starting ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Called once the window is on screen: everything, in order (tests call it directly)."""
        self.start_frame()
        self.finish_start()

    def start_frame(self) -> None:
        """Step one: the patient list, read straight from the database file when it can be: usable."""
        QApplication.processEvents()  # let the window paint before the heavier work
        self._build_frame()
        from careplanner.store.first_screen import first_patients
        from careplanner.ui.patient.patient_list import FIRST_PAGE

        first = None if self.load_demo_on_start else first_patients(self.database_url, FIRST_PAGE)
        if first is not None:
            self.patients.show_found(first)
            self.welcome.show_state(not first)
            self.patients.setFocus()
            self.usable.emit()

    def finish_start(self) -> None:
        """Step two: the patient's tabs and the catalog, then the database (SQLAlchemy loads here)."""
        self._build_rest()
        if not self.controller.open_store():
            self.welcome.text.setText("<h2>The database cannot be opened</h2>")
            self.usable.emit()
            return
        if self.load_demo_on_start:
            self.controller.load_demo()
            self.patients.refresh()
        self.welcome.show_state(self.controller.is_empty())
        self.update_profile_prompt()
        self._update_actions()
        if not self.patients.search.hasFocus() and self.pages.currentWidget() is self.welcome:
            self.patients.setFocus()
        self.usable.emit()
        self.ready.emit()
        self.controller.recover_unattached()
        if self._chosen_early is not None and self.controller.workspace is None:
            self.controller.open_patient(self._chosen_early)

    def _show_workspace(
        self, workspace: Workspace | None, plans: list[PlanSummary], plan_id: int | None
    ) -> None:
        if workspace is not self._watched:
            self._watch(workspace)
        self.view.set_workspace(workspace, plans, plan_id)
        self.findings.set_workspace(workspace)
        self.pages.setCurrentWidget(self.view if workspace else self.welcome)
        # [*] shows the unsaved-changes marker the platform uses, next to the patient's name.
        self.setWindowTitle(
            f"{workspace.document.patient.name}[*] — careplanner" if workspace else "careplanner"
        )
        self.patients.refresh()
        self._update_actions()

    def _signals_of(self, workspace: Workspace) -> list[object]:
        stack = workspace.undo_stack
        return [
            stack.canUndoChanged,
            stack.canRedoChanged,
            stack.undoTextChanged,
            stack.redoTextChanged,
            workspace.cleanChanged,
        ]

    def _watch(self, workspace: Workspace | None) -> None:
        """Follow only the open workspace: a replaced one (being deleted) must not reach the window."""
        if self._watched is not None:
            for signal in self._signals_of(self._watched):
                signal.disconnect(self._update_actions)  # type: ignore[attr-defined]
        self._watched = workspace
        if workspace is not None:
            for signal in self._signals_of(workspace):
                signal.connect(self._update_actions)  # type: ignore[attr-defined]

    def _update_actions(self, *_: object) -> None:
        workspace = self.controller.workspace
        stack = workspace.undo_stack if workspace else None
        self.setWindowModified(workspace is not None and not workspace.read_only and not workspace.is_clean)
        for action in self.actions_.values():
            action.setEnabled(True)  # then narrowed to what the open plan allows
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        editable = workspace is not None and not workspace.read_only
        in_store = workspace is not None and workspace.origin.plan_id is not None
        for key in (
            "template",
            "remove_item",
            "acknowledge",
            "add_treatment",
            "rename_plan",
            "record_checkin",
            "record_decision",
            "withdraw_decision",
        ):
            self.actions_[key].setEnabled(editable)
        self.actions_["save"].setEnabled(
            editable
            and (
                (workspace is not None and not workspace.is_clean)
                or (workspace is not None and workspace.origin.plan_id is None)
            )
        )
        for key, status in (("activate", "active"), ("complete", "completed"), ("revoke", "revoked")):
            allowed = workspace is not None and status in STATUS_TRANSITIONS.get(workspace.status, ())
            self.actions_[key].setEnabled(editable and in_store and allowed)
        self.actions_["revisions"].setEnabled(in_store)
        self.actions_["changes"].setEnabled(in_store)
        self.actions_["new_plan"].setEnabled(workspace is not None and workspace.origin.file is None)
        for key in ("export", "export_fhir", "print_handout", "print_summary"):
            self.actions_[key].setEnabled(workspace is not None)
        self.actions_["store_file"].setEnabled(workspace is not None and workspace.origin.file is not None)

    # -- window layout -----------------------------------------------------------------------------
    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        builder = self.view.builder
        return (
            ("plan-v2/upper", builder.upper),
            ("plan-v2/split", builder.split),
            ("plan-v2/columns", builder.columns),
        )

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for key, splitter in self._splitters():
            settings.setValue(key, splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.built:
            event.accept()
            return
        if not self.controller.close_workspace():
            event.ignore()
            return
        self._save_layout()
        self._watch(None)
        self.view.set_workspace(None, [])
        self.findings.set_workspace(None)
        if self.controller.store is not None:
            self.controller.store.close()
        event.accept()


def start_soon(window: MainWindow) -> None:
    """After the first paint, the patient list; right after it is drawn, the rest."""

    def first_step() -> None:
        window.start_frame()
        QTimer.singleShot(0, window.finish_start)

    QTimer.singleShot(0, first_step)
