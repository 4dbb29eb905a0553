"""The window's menus and toolbar: every command sits in a menu with its shortcut (a part of MainWindow)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from careplanner.ui.window.commands import WindowCommands

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None
SEPARATOR = None

# Keys that work inside one panel rather than through a menu command, for Help ▸ Keyboard shortcuts.
PANEL_KEYS = (
    ("Patients", "Type to search; Down moves into the results; Enter opens the patient"),
    ("Treatment catalog", "Type to search; Enter or a double-click adds the treatment to the plan"),
    ("Timeline", "Left / Right move the selected treatment a week earlier or later"),
    ("Plan and timeline", "Delete removes the selected treatment"),
    ("Findings", "Up / Down go through the findings; the treatments they name are selected"),
    ("Due and overdue", "Enter or a double-click opens the patient at that line; F5 reads the list again"),
    ("Team", "Ctrl+Enter in the comment box adds the comment"),
    ("Team meetings", "Enter opens the selected meeting; Ctrl+N prepares a new one; F5 presents it"),
    ("A team meeting", "Space ticks a suggested plan; Alt+Up / Alt+Down reorder the agenda; F5 presents"),
)


class WindowMenus(WindowCommands):
    actions_: dict[str, QAction]
    toolbar: QToolBar
    undo_action: QAction
    redo_action: QAction

    def _action(self, key: str, text: str, slot: Callable[..., object], shortcut: Shortcut = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.actions_[key] = action
        return action

    def _menu(self, title: str, keys: Sequence[str | None]) -> QMenu:
        menu = self.menuBar().addMenu(title)
        for key in keys:
            if key is SEPARATOR:
                menu.addSeparator()
            else:
                menu.addAction(self.actions_[key])
        return menu

    def _create_actions(self) -> None:
        self.actions_ = {}
        self._file_actions()
        self._edit_actions()
        self._plan_actions()
        self._view_actions()
        self._action("meetings", "Team &meetings…", self.show_meetings, "Ctrl+Shift+M")
        self._action(
            "shortcuts", "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self._action("about", "&About careplanner", self.about)
        self._menu(
            "&File",
            [
                "new_patient",
                SEPARATOR,
                "open_file",
                "export",
                "store_file",
                SEPARATOR,
                "import_fhir",
                "export_fhir",
                SEPARATOR,
                "save",
                SEPARATOR,
                "print_handout",
                "print_summary",
                "clinic",
                "profile",
                SEPARATOR,
                "demo",
                SEPARATOR,
                "quit",
            ],
        )
        self._menu(
            "&Edit", ["undo", "redo", SEPARATOR, "find_patient", SEPARATOR, "add_treatment", "remove_item"]
        )
        self._menu(
            "&Plan",
            [
                "new_plan",
                "template",
                "rename_plan",
                SEPARATOR,
                "findings",
                "acknowledge",
                SEPARATOR,
                "activate",
                "complete",
                "revoke",
                SEPARATOR,
                "record_checkin",
                "record_decision",
                "withdraw_decision",
                SEPARATOR,
                "revisions",
                "changes",
            ],
        )
        view = self._menu(
            "&View",
            [
                *("tab1", "tab2", "tab3", "tab4", "tab5", "tab6"),
                SEPARATOR,
                "due_list",
                SEPARATOR,
                *("zoom_in", "zoom_out", "zoom_fit"),
            ],
        )
        view.addSeparator()
        docks = (self.patients_dock, self.findings_dock, self.worklist_dock)
        view.addActions([dock.toggleViewAction() for dock in docks])
        self._menu("&Team", ["meetings", SEPARATOR, "profile"])
        self._menu("&Help", ["shortcuts", SEPARATOR, "about"])
        self._create_toolbar()

    def _file_actions(self) -> None:
        self._action("new_patient", "&New patient…", self.new_patient, QKeySequence.StandardKey.New)
        self._action("open_file", "&Open plan file…", self.open_file, QKeySequence.StandardKey.Open)
        self._action("export", "&Export plan file…", self.export_file, "Ctrl+E")
        self._action(
            "store_file", "Store this file in the &database", lambda: self.controller.store_file_in_database()
        )
        self._action("import_fhir", "&Import FHIR bundle…", self.import_fhir)
        self._action("export_fhir", "Export as &FHIR bundle…", self.export_fhir)
        self._action("save", "&Save", lambda: self.controller.save(), QKeySequence.StandardKey.Save)
        self._action("print_handout", "&Print handout…", self.print_handout, QKeySequence.StandardKey.Print)
        self._action("print_summary", "Print clinician &summary…", self.print_summary, "Ctrl+Shift+P")
        self._action("clinic", "&Clinic details for printouts…", self.edit_clinic)
        self._action("profile", "&Your name and discipline…", self.edit_profile)
        self._action("demo", "Load &demo patients", self.load_demo)
        self._action("quit", "&Quit", self.close, QKeySequence.StandardKey.Quit)

    def _edit_actions(self) -> None:
        self.undo_action = self._action("undo", "&Undo", self._undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("redo", "&Redo", self._redo, QKeySequence.StandardKey.Redo)
        # The toolbar shows the short words; the menu says what will be undone. The toolbar keeps its place.
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self._action("find_patient", "&Find patient", self.find_patient, QKeySequence.StandardKey.Find)
        self._action("add_treatment", "&Add treatment…", self.focus_catalog, "Ctrl+K")
        remove = self._action(
            "remove_item",
            "&Remove selected treatment",
            lambda: self.view.builder.plan_view.remove_selected(),
            "Delete",
        )
        # Delete acts only where treatments are selected, never in a text field or the findings list.
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _plan_actions(self) -> None:
        self._action("new_plan", "New &plan", lambda: self.controller.new_plan(), "Ctrl+Shift+N")
        self._action("template", "Apply a &template…", self.choose_template, "Ctrl+T")
        self._action("rename_plan", "Re&name plan…", self.rename_plan, "F2")
        self._action("findings", "Go to the &findings", self.focus_findings, "Ctrl+Shift+F")
        self._action(
            "acknowledge", "&Acknowledge selected finding…", self.findings.acknowledge_current, "Ctrl+Shift+A"
        )
        self._action("activate", "Make plan a&ctive…", lambda: self.controller.set_status("active"))
        self._action("complete", "Mark plan co&mpleted…", lambda: self.controller.set_status("completed"))
        self._action("revoke", "Re&voke plan…", lambda: self.controller.set_status("revoked"))
        self._action("revisions", "Re&visions…", self.open_revision, "Ctrl+Shift+R")
        self._action("changes", "What c&hanged…", self.show_changes, "Ctrl+Shift+W")
        self._action(
            "record_checkin",
            "Record a check-&in…",
            lambda: self.view.followup.record_checkin(),
            "Ctrl+Shift+K",
        )
        self._action(
            "record_decision",
            "Record a &decision…",
            self.record_decision,
            "Ctrl+Shift+J",
        )
        self._action("withdraw_decision", "&Withdraw a decision…", self.withdraw_decision)

    def _view_actions(self) -> None:
        tabs = ("Patient", "History", "Baseline and goals", "Plan", "Follow-up", "Team")
        for number, name in enumerate(tabs, start=1):
            self._action(
                f"tab{number}",
                name,
                lambda _=False, n=number: self.view.tabs.setCurrentIndex(n - 1),
                f"Alt+{number}",
            )
        self._action("due_list", "&Assessments due", self.show_due_list, "Ctrl+Shift+D")
        self._action("zoom_in", "Zoom timeline &in", lambda: self.view.builder.timeline.zoom(1.25), "Ctrl+=")
        self._action("zoom_out", "Zoom timeline &out", lambda: self.view.builder.timeline.zoom(0.8), "Ctrl+-")
        self._action(
            "zoom_fit", "&Fit timeline to width", lambda: self.view.builder.timeline.fit_to_width(), "Ctrl+0"
        )

    def _create_toolbar(self) -> None:
        toolbar = self.toolbar = self.addToolBar("Main")
        toolbar.setObjectName("toolbar-main")
        shown = ("new_patient", "save", "undo", "redo", "add_treatment", "template", "print_handout")
        for key in (*shown, "due_list"):
            toolbar.addAction(self.actions_[key])
        self.actions_["add_treatment"].setIconText("Add treatment")
        self.actions_["template"].setIconText("Template")
        self.actions_["print_handout"].setIconText("Print handout")
