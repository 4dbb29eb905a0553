"""The main window: assembles the patient list, the open patient and the findings, and the commands.

It starts in two steps so that it is on screen at once: the window itself is light and shows immediately
(in its remembered place and size); the panels, the catalog and the database are built right after the first
paint (`start`), importing the heavier modules only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from careplanner.store.records import STATUS_TRANSITIONS
from careplanner.ui.window_menus import WindowMenus

PREFERRED_SIZE = (1500, 900)
DOCK_WIDTHS = (220, 300)  # patients, findings: the plan in the middle gets the rest

if TYPE_CHECKING:
    from careplanner.store.records import PatientSummary, PlanSummary
    from careplanner.ui.workspace import Workspace


class MainWindow(WindowMenus):
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

    def _build(self) -> None:
        """Everything but the window itself: built after the first paint."""
        from careplanner.ui.controller import Controller
        from careplanner.ui.findings_panel import FindingsPanel
        from careplanner.ui.patient_list import PatientList
        from careplanner.ui.welcome import WelcomePage
        from careplanner.ui.workspace_view import WorkspaceView

        self.controller = Controller(self, self.database_url, self.user)
        self.patients = PatientList()
        self.findings = FindingsPanel()
        self.welcome = WelcomePage()
        self.view = WorkspaceView(self.controller.catalog)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.view)
        self.setCentralWidget(self.pages)
        self.patients_dock = self._dock("Patients", self.patients, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.findings_dock = self._dock("Findings", self.findings, Qt.DockWidgetArea.RightDockWidgetArea)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.actions_: dict[str, QAction] = {}
        self._watched: Workspace | None = None
        self._create_actions()
        self._connect()
        # Widgets added to a window already on screen must be shown; the saved layout may hide docks again.
        for widget in (self.pages, self.patients_dock, self.findings_dock, self.menuBar(), self.toolbar):
            widget.show()
        # Shortcuts work whichever bars are shown (Delete only where treatments are selected).
        self.addActions([action for key, action in self.actions_.items() if key != "remove_item"])
        self.resizeDocks(
            [self.patients_dock, self.findings_dock], list(DOCK_WIDTHS), Qt.Orientation.Horizontal
        )
        self._restore_layout()
        self.built = True

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        c = self.controller
        c.storeReady.connect(lambda: self.patients.connect_search(self._search_patients))
        c.workspaceOpened.connect(self._show_workspace)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.patients.patientChosen.connect(c.open_patient)
        self.patients.newPatientRequested.connect(self.new_patient)
        self.welcome.demo.clicked.connect(self.load_demo)
        self.welcome.new_patient.clicked.connect(self.new_patient)
        self.view.planChosen.connect(self._switch_plan)

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
        """Called once the window is on screen: build the rest, then open the database."""
        QApplication.processEvents()  # let the window paint before the heavier work
        self._build()
        if not self.controller.open_store():
            self.welcome.text.setText("<h2>The database cannot be opened</h2>")
            return
        if self.load_demo_on_start:
            self.controller.load_demo()
            self.patients.refresh()
        self.welcome.show_state(self.controller.is_empty())
        self.controller.recover_unattached()
        self._update_actions()
        self.patients.setFocus()

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
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        editable = workspace is not None and not workspace.read_only
        in_store = workspace is not None and workspace.origin.plan_id is not None
        for key in ("template", "remove_item", "acknowledge", "add_treatment", "rename_plan"):
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
        self.actions_["new_plan"].setEnabled(workspace is not None and workspace.origin.file is None)
        for key in ("export", "print_handout", "print_summary"):
            self.actions_[key].setEnabled(workspace is not None)
        self.actions_["store_file"].setEnabled(workspace is not None and workspace.origin.file is not None)

    # -- window layout -----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for key, splitter in self._splitters():
            saved = settings.value(key)
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)

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
    QTimer.singleShot(0, window.start)
