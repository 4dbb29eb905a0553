"""Recording a check-in (a follow-up visit): PEG-3, sleep and mood, progress on each goal, side effects,
whether each active treatment was taken as planned, and which planned review this visit is.

Everything starts empty: a score, a goal's progress or an adherence left empty was not asked and is not
recorded. The treatments listed are those taken or attended at any time since the last visit (the check-in
before this one's date, else the baseline, else the plan's start) up to the check-in's date, so they change
with the date: one stopped last week is still asked about. The check-in and the reviews it stands for are
recorded together, as one undo step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import (
    ADHERENCE_LEVELS,
    GOAL_PROGRESS,
    Adherence,
    GoalProgress,
    Measurement,
    PlanDocument,
)
from careplanner.followup.checkins import (
    ADHERENCE_WORDS,
    GOAL_PROGRESS_SOURCE,
    GOAL_PROGRESS_WORDS,
    checkin_refusal,
    items_since_last_visit,
    mark_reviews_held,
    pending_reviews,
)
from careplanner.reports.dates import short_date
from careplanner.ui.patient.measurement_fields import MeasurementFields, date_with_today, lay_out
from careplanner.ui.widgets import ok_cancel
from careplanner.ui.workspace import Workspace

PROBLEM_STYLE = "color: #C62828"
HINT_STYLE = "color: #555555"
NOT_ASKED = "— not asked"
# A visit a few weeks before a review may still stand for it (offered unticked); one further off is not.
REVIEWS_OFFERED_DAYS = 28
# A goal's or treatment's words before its answer, and the answer: each wide enough to read at a glance.
LABEL_WIDTH, CHOICE_WIDTH = 220, 240


def word_choice(words: dict[str, str], codes: tuple[str, ...], empty: str = NOT_ASKED) -> QComboBox:
    """A choice among `codes` shown in words, starting on `empty` (nothing chosen, nothing recorded)."""
    combo = QComboBox()
    combo.addItem(empty, None)
    for code in codes:
        combo.addItem(words[code], code)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _heading_label(text: str, style: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet(style)
    return label


def _row_label(text: str) -> QLabel:
    """A goal or treatment before its choice: wide enough that a short one fits on one line."""
    label = _heading_label(text)
    label.setMinimumWidth(LABEL_WIDTH)
    return label


class CheckinDialog(QDialog):
    def __init__(self, parent: QWidget | None, workspace: Workspace, today: dt.date) -> None:
        super().__init__(parent)
        self.workspace, self.today = workspace, today
        patient = workspace.document.patient.name
        self.setWindowTitle(f"Record a check-in of {patient}")
        self.fields = MeasurementFields("Check-in")
        self.today_button = QPushButton("Today")
        self.side_effects = QPlainTextEdit(placeholderText="Side effects the patient reports, in their words")
        self.side_effects.setTabChangesFocus(True)
        self.side_effects.setMinimumHeight(60)
        self.goals: dict[str, QComboBox] = {}
        self.adherence: dict[str, QComboBox] = {}  # item id -> its choice, since the last visit
        self.reviews: dict[int, QCheckBox] = {}  # review week -> "this visit is that review"
        self._review_choices: dict[int, bool] = {}  # what the user ticked or unticked, kept across dates
        self._adherence_choices: dict[str, str | None] = {}  # likewise, what the user chose for a treatment
        self._rows_day: object = ()  # the date the rows below were made for (none yet)
        self.adherence_box = QGroupBox("Treatments taken or attended as planned since the last visit")
        self.adherence_rows = QFormLayout(self.adherence_box)
        self.reviews_box = QGroupBox("Planned reviews")
        self.reviews_rows = QVBoxLayout(self.reviews_box)
        self.message = _heading_label("")
        self.buttons, self.ok = ok_cancel(self, "Record check-in")
        self._build()
        self._connect()
        self._date_changed()

    # -- building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addWidget(self._scores_box(), 1)
        columns.addWidget(self._follow_up_column(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1000, 620)

    def _scores_box(self) -> QGroupBox:
        box = QGroupBox("How the patient is today")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(6)
        row = lay_out(grid, (self.fields,), ("Check-in",))
        grid.removeWidget(self.fields.date)  # the date goes with its "Today" button, in the date's place
        grid.addWidget(date_with_today(self.fields.date, self.today_button, lambda: self.today), 1, 1)
        grid.addWidget(QLabel("Side effects (optional)"), row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.side_effects, row, 1)
        grid.setRowStretch(row, 1)
        return box

    def _follow_up_column(self) -> QScrollArea:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._goals_box())
        layout.addWidget(self.adherence_box)
        layout.addWidget(self.reviews_box)
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        return scroll

    def _goals_box(self) -> QGroupBox:
        box = QGroupBox("Progress on the patient's goals")
        rows = QFormLayout(box)
        rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        document = self.workspace.document
        for goal in document.goals:
            choice = word_choice(GOAL_PROGRESS_WORDS, GOAL_PROGRESS)
            choice.setMaximumWidth(CHOICE_WIDTH)
            choice.setAccessibleName(f"Progress on the goal: {goal.text}")
            self.goals[goal.id] = choice
            rows.addRow(_row_label(goal.text), choice)
        if not document.goals:
            rows.addRow(
                _heading_label("No goals recorded: add them on the Baseline and goals tab.", HINT_STYLE)
            )
        else:
            source = self.workspace.catalog.source_names(GOAL_PROGRESS_SOURCE)
            rows.addRow(
                _heading_label(f"A five-step scale after goal attainment scaling ({source}).", HINT_STYLE)
            )
        return box

    def _connect(self) -> None:
        self.fields.date.textChanged.connect(self._date_changed)
        for box in self.fields.widgets()[1:]:
            box.valueChanged.connect(self._show_problem)  # type: ignore[attr-defined]
        for choice in self.goals.values():
            choice.currentIndexChanged.connect(self._show_problem)
        self.side_effects.textChanged.connect(self._show_problem)

    # -- the rows that follow the date -------------------------------------------------------------
    def _date_changed(self) -> None:
        day = self.fields.date.value()
        if day == self._rows_day:
            self._show_problem()
            return
        self._rows_day = day
        self._fill_adherence(day)
        self._fill_reviews(day)
        self._set_tab_order()
        self._show_problem()

    def _fill_adherence(self, day: dt.date | None) -> None:
        _empty(self.adherence_rows)
        self.adherence = {}
        if day is None:
            self.adherence_rows.addRow(
                _heading_label("Enter the date to list the treatments since the last visit.", HINT_STYLE)
            )
            return
        catalog, document = self.workspace.catalog, self.workspace.document
        for item in items_since_last_visit(document, day):
            choice = word_choice(ADHERENCE_WORDS, ADHERENCE_LEVELS)
            choice.setMaximumWidth(CHOICE_WIDTH)
            choice.setCurrentIndex(max(0, choice.findData(self._adherence_choices.get(item.id))))
            name = catalog.modality(item.modality).name
            choice.setAccessibleName(f"Adherence: {name}")
            choice.currentIndexChanged.connect(lambda _, item_id=item.id: self._adherence_chosen(item_id))
            choice.currentIndexChanged.connect(self._show_problem)
            self.adherence[item.id] = choice
            label = f"{name} ({item.region})" if item.region else name
            self.adherence_rows.addRow(_row_label(label), choice)
        if not self.adherence:
            self.adherence_rows.addRow(
                _heading_label(
                    f"No treatment of the plan between the last visit and {short_date(day)}.", HINT_STYLE
                )
            )

    def _adherence_chosen(self, item_id: str) -> None:
        self._adherence_choices[item_id] = self.adherence[item_id].currentData()

    def _fill_reviews(self, day: dt.date | None) -> None:
        _empty(self.reviews_rows)
        self.reviews = {}
        if day is None:
            self.reviews_rows.addWidget(
                _heading_label("Enter the date to see the reviews due then.", HINT_STYLE)
            )
            return
        plan = self.workspace.document.plan
        due = {review.week for review in pending_reviews(self.workspace.document, day)}
        for review in pending_reviews(self.workspace.document, day, REVIEWS_OFFERED_DAYS):
            due_on = plan.week_date(review.week)
            late = ", overdue" if due_on < day else ""
            box = QCheckBox(
                f"This visit is the review of week {review.week} (due {short_date(due_on)}{late})"
            )
            box.setChecked(self._review_choices.get(review.week, review.week in due))
            box.clicked.connect(lambda ticked, week=review.week: self._review_choices.update({week: ticked}))
            self.reviews[review.week] = box
            self.reviews_rows.addWidget(box)
        if not self.reviews:
            self.reviews_rows.addWidget(
                _heading_label("No planned review is due around that date.", HINT_STYLE)
            )

    def _set_tab_order(self) -> None:
        """Top to bottom: scores, side effects, each goal, each treatment, each review, then the buttons."""
        chain: list[QWidget] = [
            self.fields.date,
            self.today_button,
            *self.fields.widgets()[1:],
            self.side_effects,
            *self.goals.values(),
            *self.adherence.values(),
            *self.reviews.values(),
            self.ok,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- what is recorded --------------------------------------------------------------------------
    def measurement(self) -> Measurement | None:
        """The check-in as entered, or None while the date or a PEG item is missing."""
        entered = self.fields.value()
        if entered is None:
            return None
        goals = tuple(
            GoalProgress(goal_id, str(choice.currentData()))
            for goal_id, choice in self.goals.items()
            if choice.currentData() is not None
        )
        document = self.workspace.document
        adherence = tuple(
            Adherence(item_id, _modality(document, item_id), str(choice.currentData()))
            for item_id, choice in self.adherence.items()
            if choice.currentData() is not None
        )
        side_effects = self.side_effects.toPlainText().strip() or None
        return dataclasses.replace(
            entered, goal_progress=goals, adherence=adherence, side_effects=side_effects
        )

    def held_reviews(self) -> list[int]:
        return [week for week, box in self.reviews.items() if box.isChecked()]

    def problem(self) -> tuple[str, bool]:
        """What stands in the way of recording, and whether it is a refusal (not just something missing)."""
        if self.workspace.read_only:
            return "This plan is a record: nothing can be added to it.", True
        measurement = self.measurement()
        if measurement is None:
            missing = self.fields.missing()
            if self.fields.date.is_half_typed():
                missing[0:1] = ["the whole date (YYYY-MM-DD)"]
            return f"To record the check-in, enter {', '.join(missing)}.", False
        refusal = checkin_refusal(self.workspace.document, measurement, self.today, self.workspace.catalog)
        return (f"Not recorded: {refusal}", True) if refusal else ("", False)

    def _show_problem(self) -> None:
        text, refused = self.problem()
        self.message.setText(text)
        self.message.setStyleSheet(PROBLEM_STYLE if refused else HINT_STYLE)
        self.ok.setEnabled(not text)

    def recorded(self) -> PlanDocument | None:
        """The document with the check-in (and the reviews it stands for) recorded; None when it cannot be."""
        measurement = self.measurement()
        if measurement is None or self.problem()[0]:
            return None
        document = self.workspace.document
        checkins = tuple(sorted((*document.checkins, measurement), key=lambda checkin: checkin.date))
        document = dataclasses.replace(document, checkins=checkins)
        return mark_reviews_held(document, self.held_reviews(), measurement.date)

    def accept(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted:
            return  # recorded already: a second press of OK must not record it twice
        document, measurement = self.recorded(), self.measurement()
        if document is None or measurement is None:
            self._show_problem()  # Enter on an incomplete form says what is missing and records nothing
            return
        self.workspace.apply(document, f"Record check-in of {short_date(measurement.date)}")
        super().accept()


def _modality(document: PlanDocument, item_id: str) -> str:
    item = document.plan.item(item_id)
    assert item is not None  # the rows are made from the plan's items
    return item.modality


def _empty(layout: QFormLayout | QVBoxLayout) -> None:
    """Take every row out (the rows of another date must not stay behind)."""
    if isinstance(layout, QFormLayout):
        while layout.rowCount():
            layout.removeRow(0)
        return
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget() if child is not None else None
        if widget is not None:
            widget.hide()  # gone at once, not only when the deferred deletion runs
            widget.deleteLater()


def ask_checkin(parent: QWidget | None, workspace: Workspace, today: dt.date) -> bool:
    """Open the check-in form; True when a check-in was recorded."""
    if workspace.read_only:
        return False
    return CheckinDialog(parent, workspace, today).exec() == QDialog.DialogCode.Accepted
