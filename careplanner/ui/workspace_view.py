"""The open patient: a header line and the tabs Patient, History, Baseline and goals, Plan."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.store import PlanSummary
from careplanner.ui.baseline_view import BaselineView
from careplanner.ui.catalog_panel import CatalogPanel
from careplanner.ui.history_view import HistoryView
from careplanner.ui.item_form import ItemForm
from careplanner.ui.patient_form import PatientForm
from careplanner.ui.plan_bar import PlanBar
from careplanner.ui.plan_view import PlanView, add_treatment
from careplanner.ui.timeline import TimelineView
from careplanner.ui.workspace import Workspace

PLAN_TAB = 3


class PlanBuilder(QWidget):
    """Catalog | plan by layer + item details, above the timeline."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.catalog_panel = CatalogPanel(catalog)
        self.plan_bar = PlanBar()
        self.plan_view = PlanView()
        self.item_form = ItemForm()
        self.timeline = TimelineView()
        form_scroll = QScrollArea(widgetResizable=True)
        form_scroll.setWidget(self.item_form)
        plan_column = QWidget()
        plan_layout = QVBoxLayout(plan_column)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_bar)
        plan_layout.addWidget(self.plan_view, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.catalog_panel)
        upper.addWidget(plan_column)
        upper.addWidget(form_scroll)
        upper.setStretchFactor(1, 2)
        upper.setSizes([210, 640, 330])
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(upper)
        self.split.addWidget(self.timeline)
        self.split.setSizes([380, 300])
        self.upper = upper
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.catalog_panel.modalityChosen.connect(self._add)

    def set_workspace(self, workspace: Workspace | None) -> None:
        self.workspace = workspace
        self.plan_bar.set_workspace(workspace)
        self.plan_view.set_workspace(workspace)
        self.item_form.set_workspace(workspace)
        self.timeline.set_workspace(workspace)

    def _add(self, modality_id: str) -> None:
        if self.workspace is not None:
            add_treatment(self.workspace, modality_id)


class WorkspaceView(QWidget):
    planChosen = Signal(int)  # the user picked another plan of this patient

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.plans = QComboBox()
        self.plans.setAccessibleName("Plans of this patient")
        self.state = QLabel()
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 4px;")
        self.banner.setWordWrap(True)
        self.tabs = QTabWidget()
        self.patient_form = PatientForm()
        self.history = HistoryView()
        self.baseline = BaselineView()
        self.builder = PlanBuilder(catalog)
        self.tabs.addTab(self.patient_form, "&Patient")
        self.tabs.addTab(self.history, "&History")
        self.tabs.addTab(self.baseline, "&Baseline and goals")
        self.tabs.addTab(self.builder, "P&lan")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(QLabel("Plan:"))
        header.addWidget(self.plans)
        header.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.plans.activated.connect(self._plan_chosen)
        self.set_workspace(None, [])

    def set_workspace(
        self, workspace: Workspace | None, plans: list[PlanSummary], current_plan: int | None = None
    ) -> None:
        if self.workspace is not None:
            self.workspace.changed.disconnect(self._refresh_title)
            self.workspace.cleanChanged.disconnect(self._refresh_state)
            self.workspace.autosaved.disconnect(self._autosaved)
        self.workspace = workspace
        for view in (self.patient_form, self.history, self.baseline, self.builder):
            view.set_workspace(workspace)
        if workspace is not None:
            workspace.changed.connect(self._refresh_title)
            workspace.cleanChanged.connect(self._refresh_state)
            workspace.autosaved.connect(self._autosaved)
        self.plans.clear()
        for plan in plans:
            self.plans.addItem(f"{plan.title} · {plan.status} · revision {plan.head_number}", plan.id)
        if current_plan is None:
            self.plans.addItem("New plan (not saved yet)", None)
        self.plans.setCurrentIndex(max(0, self.plans.findData(current_plan)))
        self._shown_plan_index = self.plans.currentIndex()
        self.plans.setEnabled(bool(plans))
        self._refresh_title()
        self._refresh_state()

    def _refresh_title(self) -> None:
        workspace = self.workspace
        if workspace is None:
            self.title.setText("")
            self.banner.hide()
            return
        patient = workspace.document.patient
        self.title.setText(
            f"<b style='font-size:14pt'>{patient.name}</b> &nbsp; {workspace.document.age_at_start} years · "
            f"{patient.id} · plan starts {workspace.document.plan.start.isoformat()}"
        )
        self.banner.setVisible(workspace.read_only)
        self.banner.setText(
            "Read-only: an earlier revision, or a completed or revoked plan. It cannot be changed; "
            "open the newest revision to continue."
        )

    def _refresh_state(self, *_: object) -> None:
        workspace = self.workspace
        if workspace is None:
            self.state.setText("")
        elif workspace.read_only:
            self.state.setText("read-only")
        else:
            self.state.setText("All changes saved" if workspace.is_clean else "<b>Unsaved changes</b>")

    def _autosaved(self, when: str) -> None:
        if self.workspace is not None and not self.workspace.is_clean:
            self.state.setText(f"<b>Unsaved changes</b> · kept safe {when}")

    def _plan_chosen(self, index: int) -> None:
        plan_id = self.plans.itemData(index)
        # Picking the plan already open does nothing, unless an earlier revision of it is being looked at.
        viewing_earlier = self.workspace is not None and self.workspace.read_only
        if plan_id is not None and (index != self._shown_plan_index or viewing_earlier):
            self.planChosen.emit(int(plan_id))

    def show_open_plan(self) -> None:
        """Point the plan list back at the plan still open (the switch to another was called off)."""
        self.plans.setCurrentIndex(self._shown_plan_index)

    def show_plan_tab(self) -> None:
        self.tabs.setCurrentIndex(PLAN_TAB)
