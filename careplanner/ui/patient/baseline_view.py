"""Baseline (PEG-3 with its score, sleep, mood) and the patient's own goals.

Nothing is recorded until the clinician has entered it: the baseline needs the three PEG items and a plausible
date, and a form that cannot be recorded says what is missing. The baseline, once recorded, is edited in
place. Check-ins against it are recorded in their own form and listed on the Follow-up tab.
"""

from __future__ import annotations

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
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import Measurement
from careplanner.editing import operations
from careplanner.outcomes import baseline_date_problem
from careplanner.reports.dates import short_date
from careplanner.ui.followup.checkin_dialog import ask_checkin
from careplanner.ui.patient.layout import ShortList, scrolling
from careplanner.ui.patient.measurement_fields import MeasurementFields, date_with_today, lay_out
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


def _missing(what: str, fields: MeasurementFields) -> str:
    return f"To record {what}, enter {', '.join(fields.missing())}."


class BaselineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.baseline = MeasurementFields("Baseline")
        self.record_baseline = QPushButton("Record baseline")
        self.baseline_today = QPushButton("Today")
        self.baseline_problem = _problem_label()
        self.add_checkin = QPushButton("Record check-in…")
        self.add_checkin.setToolTip(
            "PEG-3, sleep, mood, goals, side effects and treatments taken, at a visit"
        )
        self.checkins_said = QLabel(wordWrap=True)
        self.goals = ShortList(60)
        self.goals.setWordWrap(True)
        self.goal_text = QLineEdit(placeholderText="The patient's goal, in their own words")
        self.goal_week = QSpinBox(maximum=520, prefix="by week ")
        self.goal_week.setSpecialValueText("no target week")
        self.add_goal = QPushButton("Add goal")
        self.remove_goal = QPushButton("Remove goal")
        self._build()
        self._connect()

    def _build(self) -> None:
        content = QWidget()
        layout = QHBoxLayout(content)
        left = QVBoxLayout()
        left.addWidget(self._measurements_box())
        left.addWidget(self._checkins_box())
        left.addStretch(1)
        layout.addLayout(left, 3)
        layout.addWidget(self._goals_box(), 2)
        scrolling(self, content)

    def _measurements_box(self) -> QGroupBox:
        box = QGroupBox("PEG-3, sleep and mood")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(4)
        row = lay_out(grid, (self.baseline,), ("Baseline",))
        grid.removeWidget(self.baseline.date)  # the date goes with its "Today" button, in the date's place
        grid.addWidget(date_with_today(self.baseline.date, self.baseline_today, dt.date.today), 1, 1)
        grid.addWidget(self.record_baseline, row, 1)
        grid.addWidget(self.baseline_problem, row + 1, 0, 1, 2)
        return box

    def _checkins_box(self) -> QGroupBox:
        box = QGroupBox("Check-ins against the baseline")
        layout = QVBoxLayout(box)
        layout.addWidget(self.checkins_said)
        layout.addWidget(self.add_checkin, 0, Qt.AlignmentFlag.AlignLeft)
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

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        # What was typed for one patient must never be recorded for, or shown with, another.
        self.baseline.clear()  # no date either: the clinician gives it (or presses "Today")
        _say(self.baseline_problem, "")
        self.refresh()

    def refresh(self) -> None:
        workspace = self.workspace
        editable = workspace is not None and not workspace.read_only
        document = workspace.document if workspace else None
        has_baseline = document is not None and document.baseline is not None
        for widget in (
            *self.baseline.widgets(),
            self.record_baseline,
            self.baseline_today,
            self.goal_text,
            self.goal_week,
            self.add_goal,
            self.remove_goal,
            self.add_checkin,
        ):
            widget.setEnabled(editable)
        self.record_baseline.setVisible(not has_baseline)
        self._show_baseline(document.baseline if document else None)
        self._show_goals()
        self._show_checkins()

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

    def _show_checkins(self) -> None:
        checkins = self.workspace.document.checkins if self.workspace else ()
        latest = max((checkin.date for checkin in checkins), default=None)
        if latest is None:
            said = "No check-in recorded yet."
        else:
            count = f"{len(checkins)} check-ins" if len(checkins) > 1 else "One check-in"
            said = f"{count} recorded, the latest on {short_date(latest)}."
        self.checkins_said.setText(
            f"{said} The Follow-up tab shows them with their change from the baseline."
        )

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
        if self.workspace is not None:
            ask_checkin(self, self.workspace, dt.date.today())
