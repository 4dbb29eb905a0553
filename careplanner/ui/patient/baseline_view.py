"""Baseline (PEG-3 with its score, sleep, mood), the patient's own goals, and check-ins against it.

Nothing is recorded until the clinician has entered it: the baseline and a check-in each need the three PEG
items and a plausible date, and a form that cannot be recorded says what is missing. The baseline, once
recorded, is edited in place; a new check-in's form empties once it is recorded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.domain import Measurement
from careplanner.editing import operations
from careplanner.outcomes import baseline_date_problem, checkin_date_problem, progress
from careplanner.outcomes.peg import MEANINGFUL_PERCENT, MINIMAL_PERCENT, SUBSTANTIAL_PERCENT
from careplanner.ui.patient.layout import ShortList, ShortTable, scrolling
from careplanner.ui.patient.measurement_fields import MeasurementFields, lay_out
from careplanner.ui.widgets import set_text
from careplanner.ui.workspace import Workspace, follow

PROBLEM_STYLE = "color: #C62828"


def _problem_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    """Show a message, or nothing (an empty message takes no room)."""
    label.setText(text)
    label.setVisible(bool(text))


def change_classes(catalog: Catalog) -> str:
    """What "none", "minimal", "moderate" and "substantial" mean, and whose classes they are."""
    return (
        f"Change in PEG score from the baseline: under {MINIMAL_PERCENT:g} % better is none, "
        f"{MINIMAL_PERCENT:g}–{MEANINGFUL_PERCENT - 1:g} % minimal, {MEANINGFUL_PERCENT:g}–"
        f"{SUBSTANTIAL_PERCENT - 1:g} % moderate, {SUBSTANTIAL_PERCENT:g} % or more substantial "
        f"({catalog.source_names('IMMPACT')})."
    )


def _missing(what: str, fields: MeasurementFields) -> str:
    return f"To record {what}, enter {', '.join(fields.missing())}."


class BaselineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.baseline = MeasurementFields("Baseline")
        self.record_baseline = QPushButton("Record baseline")
        self.baseline_problem = _problem_label()
        self.checkin = MeasurementFields("New check-in")
        self.add_checkin = QPushButton("Record check-in")
        self.checkin_problem = _problem_label()
        self.goals = ShortList(60)
        self.goals.setWordWrap(True)
        self.goal_text = QLineEdit(placeholderText="The patient's goal, in their own words")
        self.goal_week = QSpinBox(maximum=520, prefix="by week ")
        self.goal_week.setSpecialValueText("no target week")
        self.add_goal = QPushButton("Add goal")
        self.remove_goal = QPushButton("Remove goal")
        self.remove_checkin = QPushButton("Remove check-in")
        self.remove_checkin.setToolTip("Remove the selected check-in, e.g. one recorded by mistake")
        self.progress = ShortTable(0, 6, 110)
        self.progress.setHorizontalHeaderLabels(["Date", "PEG score", "Change", "Meaning", "Sleep", "Mood"])
        self.meaning = QLabel(wordWrap=True)
        self.meaning.setStyleSheet("color: #555555")
        self.progress.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.progress.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.progress.verticalHeader().hide()  # row numbers mean nothing to the reader
        self._build()
        self._connect()

    def _build(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._measurements_box())
        lower = QHBoxLayout()
        lower.addWidget(self._checkins_box(), 3)
        lower.addWidget(self._goals_box(), 2)
        layout.addLayout(lower, 1)
        scrolling(self, content)

    def _measurements_box(self) -> QGroupBox:
        box = QGroupBox("PEG-3, sleep and mood")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        row = lay_out(grid, (self.baseline, self.checkin), ("Baseline", "New check-in"))
        grid.addWidget(self.record_baseline, row, 1)
        grid.addWidget(self.add_checkin, row, 2)
        grid.addWidget(self.baseline_problem, row + 1, 1, 1, 3)
        grid.addWidget(self.checkin_problem, row + 2, 1, 1, 3)
        return box

    def _checkins_box(self) -> QGroupBox:
        box = QGroupBox("Check-ins against the baseline")
        layout = QVBoxLayout(box)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.meaning)
        layout.addWidget(self.remove_checkin, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _goals_box(self) -> QGroupBox:
        box = QGroupBox("The patient's goals")
        layout = QVBoxLayout(box)
        layout.addWidget(self.goals, 1)
        layout.addWidget(self.goal_text)
        entry = QHBoxLayout()
        entry.addWidget(self.goal_week, 1)
        entry.addWidget(self.add_goal)
        entry.addWidget(self.remove_goal)
        layout.addLayout(entry)
        return box

    def _connect(self) -> None:
        self.baseline.date.edited.connect(self._baseline_changed)
        for box in self.baseline.widgets()[1:]:
            box.valueChanged.connect(self._baseline_changed)  # type: ignore[attr-defined]
        for widget in self.baseline.widgets():
            widget.editingFinished.connect(self._baseline_left)  # type: ignore[attr-defined]
        self.record_baseline.clicked.connect(self._record_baseline)
        self.add_goal.clicked.connect(self._add_goal)
        self.goal_text.returnPressed.connect(self._add_goal)
        self.remove_goal.clicked.connect(self._remove_goal)
        self.add_checkin.clicked.connect(self._add_checkin)
        self.remove_checkin.clicked.connect(self._remove_checkin)
        self.progress.itemSelectionChanged.connect(self._enable_removal)

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        # What was typed for one patient must never be recorded for, or shown with, another.
        self.baseline.clear(dt.date.today())
        self.checkin.clear(dt.date.today())
        for label in (self.baseline_problem, self.checkin_problem):
            _say(label, "")
        self.meaning.setText(change_classes(workspace.catalog) if workspace else "")
        self.refresh()

    def refresh(self) -> None:
        workspace = self.workspace
        editable = workspace is not None and not workspace.read_only
        document = workspace.document if workspace else None
        has_baseline = document is not None and document.baseline is not None
        for widget in (
            *self.baseline.widgets(),
            self.record_baseline,
            self.goal_text,
            self.goal_week,
            self.add_goal,
            self.remove_goal,
            self.add_checkin,
            *self.checkin.widgets(),
        ):
            widget.setEnabled(editable)
        self.record_baseline.setVisible(not has_baseline)
        self._show_baseline(document.baseline if document else None)
        self._show_goals()
        self._show_progress()
        self._enable_removal()

    def _show_baseline(self, baseline: Measurement | None) -> None:
        # A baseline typed but not recorded yet stays as typed; a recorded one is shown as recorded.
        if baseline is not None:
            self.baseline.show(baseline)

    def _show_goals(self) -> None:
        self.goals.blockSignals(True)
        self.goals.clear()
        for goal in self.workspace.document.goals if self.workspace else ():
            target = f" (by week {goal.target_week})" if goal.target_week is not None else ""
            entry = QListWidgetItem(f"{goal.text}{target}")
            entry.setData(Qt.ItemDataRole.UserRole, goal.id)
            self.goals.addItem(entry)
        self.goals.blockSignals(False)

    def _enable_removal(self) -> None:
        editable = self.workspace is not None and not self.workspace.read_only
        self.remove_checkin.setEnabled(editable and bool(self.progress.selectionModel().selectedRows()))

    def _show_progress(self) -> None:
        document = self.workspace.document if self.workspace else None
        rows = progress(document.baseline, document.checkins) if document else []
        self.progress.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            cells = (
                entry.date.isoformat(),
                "" if entry.peg_score is None else f"{entry.peg_score:.1f} of 10",
                ""
                if entry.peg_change is None
                else f"{entry.peg_change:+.0f} % better"
                if entry.peg_change >= 0
                else f"{-entry.peg_change:.0f} % worse",
                entry.change_class or "",
                "" if entry.sleep is None else f"{entry.sleep} of 10",
                "" if entry.mood is None else f"{entry.mood} of 10",
            )
            for column, text in enumerate(cells):
                self.progress.setItem(row, column, QTableWidgetItem(text))
        self.progress.resizeColumnsToContents()

    # -- the baseline ------------------------------------------------------------------------------
    def _baseline_problem(self, recorded: Measurement | None) -> tuple[Measurement | None, str]:
        """The baseline as entered, or None with the reason it cannot be recorded."""
        assert self.workspace is not None
        entered = self.baseline.value()
        if entered is None:
            return None, _missing("the baseline", self.baseline)
        if recorded is None or entered.date != recorded.date:  # an old date is not refused again
            today = dt.date.today()
            problem = baseline_date_problem(entered.date, self.workspace.document.checkins, today)
            if problem:
                return None, f"Not recorded: {problem}"
        return entered, ""

    def _record_baseline(self) -> None:
        if self.workspace is None or self.workspace.document.baseline is not None:
            return
        entered, problem = self._baseline_problem(None)
        _say(self.baseline_problem, problem)
        if entered is not None:
            document = operations.set_baseline(self.workspace.document, entered)
            self.workspace.apply(document, "Record the baseline")

    def _baseline_changed(self) -> None:
        workspace = self.workspace
        recorded = workspace.document.baseline if workspace else None
        if workspace is None or recorded is None:
            _say(self.baseline_problem, "")
            return  # not recorded yet: "Record baseline" records it
        entered, problem = self._baseline_problem(recorded)
        if entered is None:
            _say(self.baseline_problem, f"{problem} The baseline keeps its recorded values until then.")
        else:
            _say(self.baseline_problem, "")
            if entered != recorded:
                document = operations.set_baseline(workspace.document, entered)
                workspace.apply(document, "Edit the baseline", "baseline")

    def _baseline_left(self) -> None:
        """Leaving a field of a recorded baseline that was left incomplete shows the recorded values again."""
        recorded = self.workspace.document.baseline if self.workspace else None
        if recorded is not None and self.baseline.value() != recorded:
            self.baseline.show(recorded)  # the message saying why stays

    # -- goals and check-ins -----------------------------------------------------------------------
    def _add_goal(self) -> None:
        text = self.goal_text.text().strip()
        if self.workspace is None or not text:
            return
        week = self.goal_week.value() or None
        document, _ = operations.add_goal(self.workspace.document, text, week)
        self.workspace.apply(document, "Add a goal")
        set_text(self.goal_text, "")

    def _remove_goal(self) -> None:
        current = self.goals.currentItem()
        if self.workspace is not None and current is not None:
            goal_id = str(current.data(Qt.ItemDataRole.UserRole))
            self.workspace.apply(operations.remove_goal(self.workspace.document, goal_id), "Remove a goal")

    def _add_checkin(self) -> None:
        if self.workspace is None:
            return
        document = self.workspace.document
        entered = self.checkin.value()
        if entered is None:
            _say(self.checkin_problem, _missing("a check-in", self.checkin))
            return
        problem = checkin_date_problem(entered.date, document.baseline, dt.date.today())
        if problem:
            _say(self.checkin_problem, f"Not recorded: {problem}")
            return
        _say(self.checkin_problem, "")
        checkins = tuple(sorted((*document.checkins, entered), key=lambda m: m.date))
        self.workspace.apply(dataclasses.replace(document, checkins=checkins), "Record a check-in")
        self.checkin.clear(dt.date.today())  # a second click must not record the same check-in again
        self.checkin.pain.setFocus()

    def _remove_checkin(self) -> None:
        rows = self.progress.selectionModel().selectedRows()
        if self.workspace is None or not rows:
            return
        checkins = self.workspace.document.checkins
        # The table lists check-ins by date (stable), so its row maps back through the same order.
        by_date = sorted(range(len(checkins)), key=lambda index: checkins[index].date)
        removed = by_date[rows[0].row()]
        kept = tuple(checkin for index, checkin in enumerate(checkins) if index != removed)
        self.workspace.apply(dataclasses.replace(self.workspace.document, checkins=kept), "Remove a check-in")
        self.progress.clearSelection()  # a second click must not remove the next one
