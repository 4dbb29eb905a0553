"""The plan's own settings above its items: when it starts, and the weeks of its reviews; beside them the
opioids' peak total in morphine milligram equivalents, when the plan has opioids.

The start cannot change while a decision has recorded a course as ended (its dates are in the history): a
change is refused with the reason, and the date goes back."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMessageBox, QWidget

from careplanner.checks.mme import peak_summary
from careplanner.domain import Review
from careplanner.editing import operations
from careplanner.ui.widgets import date_edit, from_qdate, set_date, set_text
from careplanner.ui.workspace import Workspace, follow

START_TIP = "Week 0 of the plan; every week is counted from here"
ROOM_FOR_REVIEWS = "4, 12, 24, 52, 104"  # the review weeks stay readable beside the opioids' line
WEEK_LIST = QRegularExpression(r"^\s*(\d{1,3}\s*(,\s*\d{1,3}\s*)*)?,?\s*$")


def weeks_text(weeks: list[int]) -> str:
    return ", ".join(str(week) for week in weeks)


def parse_weeks(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\d+", text)]


class PlanBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.start = date_edit()
        self.start.setToolTip(START_TIP)
        self.reviews = QLineEdit(placeholderText="e.g. 4, 12, 24")
        self.reviews.setValidator(QRegularExpressionValidator(WEEK_LIST, self.reviews))
        self.reviews.setToolTip("Weeks of the review appointments, separated by commas")
        self.reviews.setAccessibleName("Review weeks")
        layout = self.row = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Plan starts"))
        layout.addWidget(self.start)
        layout.addWidget(QLabel("Reviews in weeks"))
        layout.addWidget(self.reviews, 1)
        # On a narrow window the opioids' peak wraps onto a second line rather than squeezing the reviews.
        self.reviews.setMinimumWidth(self.reviews.fontMetrics().horizontalAdvance(ROOM_FOR_REVIEWS))
        self.opioids = QLabel(wordWrap=True)
        self.opioids.setAccessibleName("Opioid total in morphine milligram equivalents")
        layout.addWidget(self.opioids, 1)
        self.start.dateChanged.connect(self._start_changed)
        # Applied as typed (merged into one undo step), so a save or an autosave mid-typing
        # keeps what is in the field; the tidy form is shown once editing ends.
        self.reviews.textEdited.connect(self._reviews_changed)
        self.reviews.editingFinished.connect(self._show_reviews)
        # The notes of the reviews as editing began: a week that vanishes for a keystroke keeps its note.
        self._reviews_by_week: dict[int, Review] | None = None  # as they were when typing began

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        self.refresh()

    def refresh(self) -> None:
        workspace = self.workspace
        for widget in (self.start, self.reviews):
            widget.setEnabled(workspace is not None and not workspace.read_only)
        if workspace is None:
            self.opioids.hide()
            self.row.setStretchFactor(self.reviews, 1)
            return
        self._show_opioids(workspace)
        plan = workspace.document.plan
        set_date(self.start, plan.start)
        refusal = operations.start_change_refusal(workspace.document, workspace.catalog)
        self.start.setToolTip(f"{START_TIP}.\n{refusal}" if refusal else START_TIP)
        if not self.reviews.hasFocus():
            set_text(self.reviews, weeks_text([review.week for review in plan.reviews]))

    def _show_opioids(self, workspace: Workspace) -> None:
        summary = peak_summary(workspace.document, workspace.catalog)
        self.opioids.setVisible(summary is not None)
        # The review weeks fill the row, or leave the room to the opioids' line when it is shown.
        self.row.setStretchFactor(self.reviews, 0 if summary else 1)
        if summary is None:
            return
        self.opioids.setText(summary.line)
        font = self.opioids.font()
        font.setBold(summary.at_threshold)  # at or above the dose that calls for a pause to reassess
        self.opioids.setFont(font)
        self.opioids.setToolTip(
            f"{summary.details}\nMorphine milligram equivalents estimate overdose risk; they are not for "
            "converting one opioid to another."
        )

    def _start_changed(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        refusal = operations.start_change_refusal(workspace.document, workspace.catalog)
        if refusal is not None:
            set_date(self.start, workspace.document.plan.start)  # nothing changed, and the field says so
            QMessageBox.warning(self, "The plan's start is not changed", refusal)
            return
        document = operations.set_plan_start(workspace.document, from_qdate(self.start.date()))
        workspace.apply(document, "Change the plan's start", "plan.start")

    def _reviews_changed(self, text: str) -> None:
        if self.workspace is not None:
            if self._reviews_by_week is None:
                self._reviews_by_week = {r.week: r for r in self.workspace.document.plan.reviews}
            document = operations.set_reviews(
                self.workspace.document, parse_weeks(text), self._reviews_by_week
            )
            self.workspace.apply(document, "Change the reviews", "plan.reviews")

    def _show_reviews(self) -> None:
        self._reviews_by_week = None
        if self.workspace is not None:
            set_text(
                self.reviews, weeks_text([review.week for review in self.workspace.document.plan.reviews])
            )
