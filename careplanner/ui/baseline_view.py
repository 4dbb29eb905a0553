"""Baseline (PEG-3 with its score, sleep, mood), the patient's own goals, and check-ins against it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import Measurement, PegScores
from careplanner.editing import operations
from careplanner.outcomes import progress
from careplanner.ui.widgets import date_edit, from_qdate, set_date, set_text, set_value, to_qdate
from careplanner.ui.workspace import Workspace, follow


def _score(minimum: int = 0) -> QSpinBox:
    spin = QSpinBox(minimum=minimum, maximum=10)
    if minimum < 0:
        spin.setSpecialValueText("not recorded")
    return spin


class MeasurementFields:
    """PEG-3 (0-10 each; score = mean), sleep and mood (0-10 or not recorded)."""

    def __init__(self) -> None:
        self.date = date_edit()
        self.pain, self.enjoyment, self.activity = _score(), _score(), _score()
        self.sleep, self.mood = _score(-1), _score(-1)
        self.score = QLabel()
        self.date.setDate(to_qdate(dt.date.today()))
        for spin in (self.sleep, self.mood):
            spin.setValue(-1)  # not recorded until entered
        for spin in (self.pain, self.enjoyment, self.activity):
            spin.valueChanged.connect(self._show_score)
        self._show_score()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow("Date", self.date)
        form.addRow("Average pain", self.pain)
        form.addRow("Interference with enjoyment of life", self.enjoyment)
        form.addRow("Interference with general activity", self.activity)
        form.addRow("PEG score", self.score)
        form.addRow("Sleep quality", self.sleep)
        form.addRow("Mood", self.mood)

    def _show_score(self) -> None:
        self.score.setText(
            f"{(self.pain.value() + self.enjoyment.value() + self.activity.value()) / 3:.1f} of 10"
        )

    def value(self) -> Measurement:
        return Measurement(
            from_qdate(self.date.date()),
            PegScores(self.pain.value(), self.enjoyment.value(), self.activity.value()),
            None if self.sleep.value() < 0 else self.sleep.value(),
            None if self.mood.value() < 0 else self.mood.value(),
        )

    def show(self, measurement: Measurement) -> None:
        set_date(self.date, measurement.date)
        peg = measurement.peg or PegScores(0, 0, 0)
        for spin, value in (
            (self.pain, peg.pain),
            (self.enjoyment, peg.enjoyment),
            (self.activity, peg.activity),
        ):
            set_value(spin, value)
        set_value(self.sleep, -1 if measurement.sleep is None else measurement.sleep)
        set_value(self.mood, -1 if measurement.mood is None else measurement.mood)
        self._show_score()

    def widgets(self) -> list[QWidget]:
        return [self.date, self.pain, self.enjoyment, self.activity, self.sleep, self.mood]


class BaselineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.baseline = MeasurementFields()
        self.record_baseline = QPushButton("Record a baseline")
        self.goals = QListWidget()
        self.goal_text = QLineEdit(placeholderText="The patient's goal, in their own words")
        self.goal_week = QSpinBox(maximum=520, prefix="by week ")
        self.goal_week.setSpecialValueText("no target week")
        self.add_goal = QPushButton("Add goal")
        self.remove_goal = QPushButton("Remove goal")
        self.checkin = MeasurementFields()
        self.add_checkin = QPushButton("Record check-in")
        self.remove_checkin = QPushButton("Remove check-in")
        self.remove_checkin.setToolTip("Remove the selected check-in, e.g. one recorded by mistake")
        self.progress = QTableWidget(0, 6)
        self.progress.setHorizontalHeaderLabels(
            ["Date", "PEG", "Change", "Meaning (IMMPACT)", "Sleep", "Mood"]
        )
        self.progress.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.progress.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self._build()
        self._connect()

    def _build(self) -> None:
        baseline_box = QGroupBox("Baseline")
        baseline_form = QFormLayout(baseline_box)
        self.baseline.add_to(baseline_form)
        baseline_form.addRow(self.record_baseline)
        goals_box = QGroupBox("The patient's goals")
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.addWidget(self.goals)
        entry = QHBoxLayout()
        entry.addWidget(self.goal_text, 1)
        entry.addWidget(self.goal_week)
        entry.addWidget(self.add_goal)
        goals_layout.addLayout(entry)
        goals_layout.addWidget(self.remove_goal)
        checkins_box = QGroupBox("Check-ins against the baseline")
        checkins_layout = QHBoxLayout(checkins_box)
        checkin_form = QFormLayout()
        self.checkin.add_to(checkin_form)
        checkin_form.addRow(self.add_checkin)
        checkins_layout.addLayout(checkin_form)
        table = QVBoxLayout()
        table.addWidget(self.progress, 1)
        table.addWidget(self.remove_checkin, 0, Qt.AlignmentFlag.AlignRight)
        checkins_layout.addLayout(table, 1)
        top = QHBoxLayout()
        top.addWidget(baseline_box)
        top.addWidget(goals_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(checkins_box, 1)

    def _connect(self) -> None:
        for widget in self.baseline.widgets():
            signal = widget.dateChanged if widget is self.baseline.date else widget.valueChanged  # type: ignore[attr-defined]
            signal.connect(self._baseline_changed)
        self.record_baseline.clicked.connect(self._start_baseline)
        self.add_goal.clicked.connect(self._add_goal)
        self.goal_text.returnPressed.connect(self._add_goal)
        self.remove_goal.clicked.connect(self._remove_goal)
        self.add_checkin.clicked.connect(self._add_checkin)
        self.remove_checkin.clicked.connect(self._remove_checkin)
        self.progress.itemSelectionChanged.connect(self._enable_removal)

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        self.refresh()

    def refresh(self) -> None:
        workspace = self.workspace
        editable = workspace is not None and not workspace.read_only
        document = workspace.document if workspace else None
        has_baseline = document is not None and document.baseline is not None
        for widget in self.baseline.widgets():
            widget.setEnabled(editable and has_baseline)
        self.record_baseline.setVisible(editable and not has_baseline)
        for widget in (
            self.goal_text,
            self.goal_week,
            self.add_goal,
            self.remove_goal,
            self.add_checkin,
            *self.checkin.widgets(),
        ):
            widget.setEnabled(editable)
        if document is None:
            return
        if document.baseline is not None:
            self.baseline.show(document.baseline)
        self.goals.blockSignals(True)
        self.goals.clear()
        for goal in document.goals:
            target = f" (by week {goal.target_week})" if goal.target_week is not None else ""
            entry = QListWidgetItem(f"{goal.text}{target}")
            entry.setData(256, goal.id)
            self.goals.addItem(entry)
        self.goals.blockSignals(False)
        self._show_progress()
        self._enable_removal()

    def _enable_removal(self) -> None:
        editable = self.workspace is not None and not self.workspace.read_only
        self.remove_checkin.setEnabled(editable and bool(self.progress.selectionModel().selectedRows()))

    def _show_progress(self) -> None:
        assert self.workspace is not None
        document = self.workspace.document
        rows = progress(document.baseline, document.checkins)
        self.progress.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            cells = (
                entry.date.isoformat(),
                "" if entry.peg_score is None else f"{entry.peg_score:.1f}",
                ""
                if entry.peg_change is None
                else f"{entry.peg_change:+.0f} % better"
                if entry.peg_change >= 0
                else f"{-entry.peg_change:.0f} % worse",
                entry.change_class or "",
                "" if entry.sleep is None else str(entry.sleep),
                "" if entry.mood is None else str(entry.mood),
            )
            for column, text in enumerate(cells):
                self.progress.setItem(row, column, QTableWidgetItem(text))
        self.progress.resizeColumnsToContents()

    # -- changing ----------------------------------------------------------------------------------
    def _start_baseline(self) -> None:
        if self.workspace is not None:
            today = Measurement(dt.date.today(), PegScores(0, 0, 0))
            self.workspace.apply(operations.set_baseline(self.workspace.document, today), "Record a baseline")
            self.baseline.pain.setFocus()

    def _baseline_changed(self) -> None:
        workspace = self.workspace
        if workspace is not None and workspace.document.baseline is not None:
            document = operations.set_baseline(workspace.document, self.baseline.value())
            workspace.apply(document, "Edit the baseline", "baseline")

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
            document = operations.remove_goal(self.workspace.document, str(current.data(256)))
            self.workspace.apply(document, "Remove a goal")

    def _add_checkin(self) -> None:
        if self.workspace is None:
            return
        document = self.workspace.document
        checkins = tuple(sorted((*document.checkins, self.checkin.value()), key=lambda m: m.date))
        self.workspace.apply(dataclasses.replace(document, checkins=checkins), "Record a check-in")

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
