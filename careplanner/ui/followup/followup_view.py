"""The Follow-up tab: the outcome chart, the check-ins against the baseline, and every assessment and review
with where it stands ("due in 3 days", "overdue by 5 days", "decided 3 Dec 2026: stop (failed)").

A check-in is recorded in its own form, a decision at an assessment in its own (double-click or Enter on an
open assessment); a decision recorded by mistake is withdrawn with all it changed. Everything shown is the
open patient's: a new workspace clears the tab before it fills it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.domain import Measurement, PlanDocument
from careplanner.followup.checkins import ADHERENCE_WORDS, GOAL_PROGRESS_WORDS
from careplanner.followup.decisions import can_record_decision
from careplanner.followup.due import ASSESSMENT, due_words, open_dates
from careplanner.followup.words import decision_summary
from careplanner.outcomes import outcome_chart, progress
from careplanner.outcomes.peg import MEANINGFUL_PERCENT, MINIMAL_PERCENT, SUBSTANTIAL_PERCENT, Progress
from careplanner.reports.dates import short_date
from careplanner.ui.followup.checkin_dialog import ask_checkin
from careplanner.ui.followup.decision_dialog import ask_decision, ask_withdrawal, can_withdraw
from careplanner.ui.followup.outcome_chart import OutcomeChartWidget
from careplanner.ui.workspace import Workspace, follow

CHECKIN_COLUMNS = (
    "Date",
    "PEG score",
    "Change from baseline",
    "Sleep",
    "Mood",
    "Goals",
    "Side effects",
    "Taken as planned",
)
# What the short columns' numbers mean (the check-in form's words), for the header's tooltip.
COLUMN_TIPS = {
    "PEG score": "Mean of average pain and interference with enjoyment and with activity: 0 best, 10 worst",
    "Sleep": "Sleep quality: 0 = very poor … 10 = excellent",
    "Mood": "Mood: 0 = very low … 10 = very good",
}
OVERDUE_COLOUR = "#C62828"  # the words say "overdue" too, for a black-and-white screen or printout
KEY_ROLE = Qt.ItemDataRole.UserRole  # an item id, or ("review", week)
GOAL_WORDS = 28  # characters of a goal's text shown in the table (all of it in the tooltip)


def change_classes(catalog: Catalog) -> str:
    """What "none", "minimal", "moderate" and "substantial" mean, and whose classes they are."""
    return (
        f"Change in PEG score from the baseline: under {MINIMAL_PERCENT:g} % better is none, "
        f"{MINIMAL_PERCENT:g}–{MEANINGFUL_PERCENT - 1:g} % minimal, {MEANINGFUL_PERCENT:g}–"
        f"{SUBSTANTIAL_PERCENT - 1:g} % moderate, {SUBSTANTIAL_PERCENT:g} % or more substantial "
        f"({catalog.source_names('IMMPACT')})."
    )


def _change_words(entry: Progress) -> str:
    if entry.peg_change is None:
        return "no baseline to compare" if entry.peg_score is not None else ""
    better = (
        f"{entry.peg_change:.0f} % better" if entry.peg_change >= 0 else f"{-entry.peg_change:.0f} % worse"
    )
    return f"{better} · {entry.change_class}"


def _name(catalog: Catalog, modality_id: str) -> str:
    modality = catalog.modalities.get(modality_id)
    return modality.name if modality else "A treatment no longer in the catalog"


def _short(text: str, length: int = GOAL_WORDS) -> str:
    return text if len(text) <= length else f"{text[: length - 1].rstrip()}…"


def _checkin_cells(
    document: PlanDocument, catalog: Catalog, checkin: Measurement, entry: Progress
) -> list[str]:
    goals = {goal.id: goal.text for goal in document.goals}
    goal_parts = [
        f"{_short(goals.get(given.goal_id, 'A goal since removed'))}: "
        f"{GOAL_PROGRESS_WORDS.get(given.progress, given.progress)}"
        for given in checkin.goal_progress
    ]
    taken = [
        f"{_name(catalog, given.modality)}: {ADHERENCE_WORDS.get(given.level, given.level)}"
        for given in checkin.adherence
    ]
    return [
        short_date(checkin.date),
        "" if entry.peg_score is None else f"{entry.peg_score:.1f}",
        _change_words(entry),
        "" if checkin.sleep is None else str(checkin.sleep),
        "" if checkin.mood is None else str(checkin.mood),
        "\n".join(goal_parts),
        checkin.side_effects or "",
        "\n".join(taken),
    ]


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    for column, name in enumerate(columns):
        header = table.horizontalHeaderItem(column)
        if header is not None:
            header.setToolTip(COLUMN_TIPS.get(name, ""))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()  # row numbers mean nothing to the reader
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(90)
    return table


def _fill_row(table: QTableWidget, row: int, cells: list[str], key: object = None) -> None:
    for column, text in enumerate(cells):
        cell = QTableWidgetItem(text)
        cell.setToolTip(text if "\n" in text or len(text) > GOAL_WORDS else "")
        cell.setData(KEY_ROLE, key)
        table.setItem(row, column, cell)


class FollowupView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.today: Callable[[], dt.date] = dt.date.today  # read once a refresh or a form, passed down
        self.chart = OutcomeChartWidget()
        self.checkins = _table(CHECKIN_COLUMNS)
        self.checkins.setWordWrap(False)
        self.record_checkin_button = QPushButton("Record check-in…")
        self.remove_checkin = QPushButton("Remove check-in")
        self.remove_checkin.setToolTip("Remove the selected check-in, e.g. one recorded by mistake")
        self.meaning = QLabel(wordWrap=True)
        self.meaning.setStyleSheet("color: #555555")
        self.assessments = QListWidget()
        self.assessments.setWordWrap(True)
        self.assessments.setAccessibleName("Assessments and reviews")
        self.assessments.setMinimumHeight(90)
        self.assessments.setAlternatingRowColors(True)  # two lines an entry: where one ends is clear
        self.decide = QPushButton("Record decision…")
        self.decide.setToolTip("The decision at the selected assessment (or double-click it, or press Enter)")
        self.withdraw = QPushButton("Withdraw decision…")
        self.withdraw.setToolTip(
            "Take back the decision recorded at the selected assessment, with what it changed in the plan"
        )
        self._build()
        self._connect()
        self.set_workspace(None)

    def _build(self) -> None:
        chart_scroll = QScrollArea(widgetResizable=True)
        chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        chart_scroll.setWidget(self.chart)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._checkins_box())
        lower.addWidget(self._assessments_box())
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([480, 320])
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(chart_scroll)
        self.split.addWidget(lower)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([420, 200])  # the chart first: it is what the tab is for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split, 1)
        # Outside the splitter, which would squeeze a wrapped label under its height over the table.
        layout.addWidget(self.meaning)

    def _checkins_box(self) -> QGroupBox:
        box = QGroupBox("Check-ins against the baseline")
        layout = QVBoxLayout(box)
        layout.addWidget(self.checkins, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_checkin_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_checkin)
        layout.addLayout(buttons)
        return box

    def _assessments_box(self) -> QGroupBox:
        box = QGroupBox("Assessments and reviews")
        layout = QVBoxLayout(box)
        layout.addWidget(self.assessments, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw)
        buttons.addWidget(self.decide)
        layout.addLayout(buttons)
        return box

    def _connect(self) -> None:
        self.record_checkin_button.clicked.connect(self.record_checkin)
        self.remove_checkin.clicked.connect(self._remove_checkin)
        self.checkins.itemSelectionChanged.connect(self._enable)
        self.assessments.itemSelectionChanged.connect(self._enable)
        self.assessments.activated.connect(lambda _: self._decide_selected())
        self.decide.clicked.connect(self._decide_selected)
        self.withdraw.clicked.connect(lambda: self.withdraw_decision())

    # -- showing -----------------------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        # Nothing of the patient shown before may stay on show, not even a selection.
        self.checkins.clearSelection()
        self.checkins.setRowCount(0)
        self.assessments.clear()
        self.chart.set_chart(None)
        self.meaning.setText(change_classes(workspace.catalog) if workspace else "")
        self.refresh()

    def refresh(self) -> None:
        workspace = self.workspace
        if workspace is None:
            self._enable()
            return
        document, catalog = workspace.document, workspace.catalog
        self.chart.set_chart(outcome_chart(document, catalog))
        self._show_checkins(document, catalog)
        self._show_assessments(document, catalog, self.today())
        self._enable()

    def _show_checkins(self, document: PlanDocument, catalog: Catalog) -> None:
        ordered = sorted(document.checkins, key=lambda checkin: checkin.date)  # as `progress` orders them
        rows = progress(document.baseline, ordered)
        self.checkins.setRowCount(len(rows))
        for row, (checkin, entry) in enumerate(zip(ordered, rows, strict=True)):
            _fill_row(self.checkins, row, _checkin_cells(document, catalog, checkin, entry))
        self.checkins.resizeColumnsToContents()
        self.checkins.resizeRowsToContents()

    def _show_assessments(self, document: PlanDocument, catalog: Catalog, today: dt.date) -> None:
        chosen = self._selected_key()
        plan = document.plan
        still_open = {opened.item_id for opened in open_dates(document) if opened.kind == ASSESSMENT}
        rows: list[tuple[dt.date, str, str, object]] = []
        for item in plan.items:
            if item.assess_week is None and item.assessed is None:
                continue
            due = plan.week_date(item.assessed.week if item.assessed else item.assess_week or 0)
            if item.assessed is not None:
                status = decision_summary(document, catalog, item)
            elif item.id in still_open:
                status = due_words(due, today)
            else:
                status = "not judged: the course ended before its assessment"
            name = catalog.modality(item.modality).name
            rows.append((due, f"{name} ({item.region})" if item.region else name, status, item.id))
        for review in plan.reviews:
            due = plan.week_date(review.week)
            status = f"held {short_date(review.held_on)}" if review.held_on else due_words(due, today)
            rows.append((due, f"Review (week {review.week})", status, ("review", review.week)))
        self.assessments.clear()
        for due, what, status, key in sorted(rows, key=lambda row: row[0]):
            entry = QListWidgetItem(f"{what}, due {short_date(due)}\n    {status}")
            entry.setData(KEY_ROLE, key)
            if status.startswith("overdue"):
                entry.setForeground(QColor(OVERDUE_COLOUR))
            self.assessments.addItem(entry)
        self._select_key(chosen)

    def _enable(self) -> None:
        editable = self.workspace is not None and not self.workspace.read_only
        self.record_checkin_button.setEnabled(editable)
        self.remove_checkin.setEnabled(editable and bool(self.checkins.selectionModel().selectedRows()))
        item_id = self.selected_item_id()
        item = self.workspace.document.plan.item(item_id) if self.workspace and item_id else None
        self.decide.setEnabled(editable and item is not None and can_record_decision(item))
        self.withdraw.setEnabled(can_withdraw(self.workspace, item_id))

    # -- selecting ---------------------------------------------------------------------------------
    def _selected_key(self) -> object:
        chosen = self.assessments.selectedItems()
        return chosen[0].data(KEY_ROLE) if chosen else None

    def _select_key(self, key: object) -> None:
        for row in range(self.assessments.count()):
            entry = self.assessments.item(row)
            if key is not None and entry.data(KEY_ROLE) == key:
                self.assessments.setCurrentItem(entry)
                self.assessments.scrollToItem(entry)
                return
        self.assessments.setCurrentRow(-1)
        self.assessments.clearSelection()

    def selected_item_id(self) -> str | None:
        """The plan item whose assessment row is selected (None for a review or nothing selected)."""
        key = self._selected_key()
        return key if isinstance(key, str) else None

    def show_item(self, item_id: str | None, review_week: int | None = None) -> None:
        """Select that treatment's assessment, or the review of that week (nothing, when there is none),
        e.g. opened from the due list."""
        key: object = (
            item_id if item_id is not None else None if review_week is None else ("review", review_week)
        )
        self._select_key(key)
        if key is not None and self._selected_key() == key:
            self.assessments.setFocus()  # Enter now opens the decision

    # -- recording ---------------------------------------------------------------------------------
    def record_checkin(self) -> None:
        if self.workspace is not None and not self.workspace.read_only:
            ask_checkin(self, self.workspace, self.today())

    def record_decision(self, item_id: str | None = None) -> None:
        """Decide on the given treatment, else the one selected here, else the one chosen in the plan."""
        workspace = self.workspace
        if workspace is None:
            return
        in_plan = [ref for ref in workspace.selection if workspace.document.plan.item(ref)]
        chosen = item_id or self.selected_item_id() or (in_plan[0] if len(in_plan) == 1 else None)
        if chosen is not None:
            ask_decision(self, workspace, chosen, self.today())

    def withdraw_decision(self, item_id: str | None = None) -> None:
        """Withdraw the decision on the given treatment, else on the one selected here."""
        chosen = item_id or self.selected_item_id()
        if self.workspace is not None and chosen is not None:
            ask_withdrawal(self, self.workspace, chosen)

    def _decide_selected(self) -> None:
        chosen = self.selected_item_id()  # a review row has no decision to record
        if self.workspace is not None and chosen is not None:
            ask_decision(self, self.workspace, chosen, self.today())

    def _remove_checkin(self) -> None:
        rows = self.checkins.selectionModel().selectedRows()
        if self.workspace is None or not rows:
            return
        document = self.workspace.document
        checkins = document.checkins
        # The table lists check-ins by date (stable), so its row maps back through the same order.
        by_date = sorted(range(len(checkins)), key=lambda index: checkins[index].date)
        removed = by_date[rows[0].row()]
        kept = tuple(checkin for index, checkin in enumerate(checkins) if index != removed)
        text = f"Remove the check-in of {short_date(checkins[removed].date)}"
        self.workspace.apply(dataclasses.replace(document, checkins=kept), text)
        self.checkins.clearSelection()  # a second click must not remove the next one
