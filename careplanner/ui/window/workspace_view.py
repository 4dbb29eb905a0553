"""The open patient: a header line and the tabs Patient, History, Baseline and goals, Plan, Follow-up and
Team."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.reports.dates import short_date
from careplanner.store import PlanSummary
from careplanner.ui.followup.followup_view import FollowupView
from careplanner.ui.patient.baseline_view import BaselineView
from careplanner.ui.patient.history_view import HistoryView
from careplanner.ui.patient.patient_form import PatientForm
from careplanner.ui.plan.catalog_panel import CatalogPanel
from careplanner.ui.plan.item_form import ItemForm
from careplanner.ui.plan.plan_bar import PlanBar
from careplanner.ui.plan.plan_view import PlanView, add_treatment
from careplanner.ui.plan.timeline import TimelineView
from careplanner.ui.team.team_view import TeamView
from careplanner.ui.workspace import Workspace

PLAN_TAB = 3
FOLLOWUP_TAB = 4
LONGEST_STATE = "Unsaved changes"
# Below this many characters of room beside the plan list, the patient's line gets a row of its own.
TITLE_ROOM_CHARACTERS = 40


def _read_only_banner(workspace: Workspace, head_revision: int | None) -> str:
    """Which record is on show, and why it cannot be changed."""
    revision = workspace.revision
    if revision is None:
        return "Read-only."
    saved = f"saved {revision.saved_at.astimezone():%Y-%m-%d %H:%M} by {html.escape(revision.saved_by)}"
    if head_revision is not None and revision.number < head_revision:
        return (
            f"<b>Revision {revision.number} of {head_revision}</b> ({revision.status}, {saved}): an earlier "
            f"revision, shown as it was. It cannot be changed; pick the plan again in the list above to "
            f"return to revision {head_revision}."
        )
    return (
        f"<b>This plan is {revision.status}</b> (revision {revision.number}, {saved}): it is kept as a "
        "record and cannot be changed. Start a new plan for further treatment."
    )


class PlanBuilder(QWidget):
    """Catalog | plan by layer above the timeline, with the selected item's details beside both.

    The details run the full height, so that every field down to the decision and Remove stays in view on
    a laptop screen (1366 by 768, or 1920 by 1080 at 150 %)."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.catalog_panel = CatalogPanel(catalog)
        self.plan_bar = PlanBar()
        self.plan_view = PlanView()
        self.item_form = ItemForm()
        self.timeline = TimelineView()
        form_scroll = QScrollArea(widgetResizable=True)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.item_form)
        form_scroll.setMinimumWidth(260)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.catalog_panel)
        upper.addWidget(self.plan_view)
        upper.setStretchFactor(1, 2)
        upper.setSizes([170, 450])
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(upper)
        self.split.addWidget(self.timeline)
        self.split.setSizes([300, 280])
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.addWidget(self.split)
        self.columns.addWidget(form_scroll)
        self.columns.setStretchFactor(0, 1)
        self.columns.setSizes([620, 300])
        self.upper = upper
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plan_bar)
        layout.addWidget(self.columns, 1)
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
        self.title = QLabel(wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        # The patient's line wraps rather than widening the window past a laptop's screen.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.plans = QComboBox()
        self.plans.setAccessibleName("Plans of this patient")
        self.plans.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plans.setMinimumContentsLength(22)
        self.state = QLabel()
        # As wide as its longest text, so the plan list beside it never shifts as the state changes.
        self.state.setFixedWidth(self.state.fontMetrics().horizontalAdvance(f"{LONGEST_STATE}MM"))
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 4px;")
        self.banner.setWordWrap(True)
        self.tabs = QTabWidget()
        self.patient_form = PatientForm()
        self.history = HistoryView()
        self.baseline = BaselineView()
        self.builder = PlanBuilder(catalog)
        self.followup = FollowupView()
        self.team = TeamView()
        self.tabs.addTab(self.patient_form, "&Patient")
        self.tabs.addTab(self.history, "&History")
        self.tabs.addTab(self.baseline, "&Baseline and goals")
        self.tabs.addTab(self.builder, "P&lan")
        self.tabs.addTab(self.followup, "F&ollow-up")
        self.tabs.addTab(self.team, "&Team")
        plan_row = QHBoxLayout()
        plan_row.addWidget(QLabel("Plan:"))
        plan_row.addWidget(self.plans)
        plan_row.addWidget(self.state)
        self.header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.header.addWidget(self.title, 1)
        self.header.addLayout(plan_row)
        self._plan_row = plan_row
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.plans.activated.connect(self._plan_chosen)
        self.set_workspace(None, [])

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow window (a laptop at 150 %), the plan list moves under the patient's line, so the name
        is never squeezed into a column of single letters."""
        room = event.size().width() - self._plan_row.sizeHint().width()
        wide_enough = room >= self.title.fontMetrics().averageCharWidth() * TITLE_ROOM_CHARACTERS
        direction = QBoxLayout.Direction.LeftToRight if wide_enough else QBoxLayout.Direction.TopToBottom
        if self.header.direction() != direction:
            self.header.setDirection(direction)
        super().resizeEvent(event)

    def set_workspace(
        self, workspace: Workspace | None, plans: list[PlanSummary], current_plan: int | None = None
    ) -> None:
        if self.workspace is not None:
            self.workspace.changed.disconnect(self._refresh_title)
            self.workspace.cleanChanged.disconnect(self._refresh_state)
            self.workspace.autosaved.disconnect(self._autosaved)
        self.workspace = workspace
        for view in (self.patient_form, self.history, self.baseline, self.builder, self.followup, self.team):
            view.set_workspace(workspace)
        if workspace is not None:
            workspace.changed.connect(self._refresh_title)
            workspace.cleanChanged.connect(self._refresh_state)
            workspace.autosaved.connect(self._autosaved)
        self.head_revision = next((plan.head_number for plan in plans if plan.id == current_plan), None)
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
            f"<b style='font-size:14pt'>{html.escape(patient.name)}</b> &nbsp; "
            f"{workspace.document.age_at_start} years · record {html.escape(patient.id)} · "
            f"plan starts {short_date(workspace.document.plan.start)}"
        )
        self.banner.setVisible(workspace.read_only)
        self.banner.setText(_read_only_banner(workspace, self.head_revision))

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
            self.state.setToolTip(f"Kept safe at {when}: a crash loses nothing; save to make it a revision")

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

    def show_followup(self, item_id: str | None = None, review_week: int | None = None) -> None:
        """The Follow-up tab, with that treatment's assessment (or that review) selected, e.g. from the due
        list."""
        self.tabs.setCurrentIndex(FOLLOWUP_TAB)
        self.followup.show_item(item_id, review_week)
