"""The inputs of a baseline or a check-in: date (typed, picked, or "Today" when pressed), PEG-3 (three items
0-10), sleep and mood (0-10, optional).

Every score starts empty ("—") and stays empty until the user enters it: a 0 is a measurement, so it is never
a default. What 0 and 10 mean is written beside each input. The PEG anchors are those of the PEG scale itself
(Krebs et al. 2009, source Krebs09; the patient handout's pain diary uses the same words). Sleep and mood
have no standard instrument here (docs/clinical-reference.md §6 asks for 0-10 only), so their anchors are
plain words of ours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import Measurement, PegScores
from careplanner.ui.patient.fields import DateField
from careplanner.ui.widgets import set_value

EMPTY = "—"
PAIN_ANCHORS = "0 = no pain … 10 = pain as bad as you can imagine"
INTERFERENCE_ANCHORS = "0 = does not interfere … 10 = completely interferes"
SLEEP_ANCHORS = "0 = very poor … 10 = excellent"
MOOD_ANCHORS = "0 = very low … 10 = very good"
PEG_SOURCE = "The words of the PEG scale (Krebs et al. 2009)"
PLAIN_SOURCE = "Plain words for the ends of the scale; not a validated questionnaire"

# (attribute, label, what 0 and 10 mean)
PEG_ITEMS = (
    ("pain", "Average pain", PAIN_ANCHORS),
    ("enjoyment", "Interference with enjoyment of life", INTERFERENCE_ANCHORS),
    ("activity", "Interference with general activity", INTERFERENCE_ANCHORS),
)
OPTIONAL_ITEMS = (
    ("sleep", "Sleep quality (optional)", SLEEP_ANCHORS),
    ("mood", "Mood (optional)", MOOD_ANCHORS),
)


class ScoreBox(QSpinBox):
    """0-10 (or up to `maximum`), or empty ("—"). Typing a digit over the "—" keeps the digit; deleting the
    number empties it."""

    def __init__(self, parent: QWidget | None = None, maximum: int = 10) -> None:
        super().__init__(parent, minimum=-1, maximum=maximum)
        self.setSpecialValueText(EMPTY)
        self.setValue(-1)
        self.setMaximumWidth(110)

    def _digits(self, text: str) -> str:
        return text.replace(EMPTY, "").strip()

    def score(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def show_score(self, score: int | None) -> None:
        set_value(self, -1 if score is None else score)

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        digits = self._digits(text)
        if not digits:
            return QValidator.State.Acceptable, "", 0
        if not digits.isdigit() or int(digits) > self.maximum():
            return QValidator.State.Invalid, text, position
        return QValidator.State.Acceptable, digits, min(position, len(digits))

    def valueFromText(self, text: str) -> int:
        digits = self._digits(text)
        return int(digits) if digits.isdigit() else -1

    def fixup(self, text: str) -> str:
        return self._digits(text)


class MeasurementFields:
    """One column of inputs: the baseline's, or a new check-in's."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.date = DateField()
        self.date.setAccessibleName(f"{what}: date")
        self.date.setMaximumWidth(160)
        self.pain, self.enjoyment, self.activity = ScoreBox(), ScoreBox(), ScoreBox()
        self.sleep, self.mood = ScoreBox(), ScoreBox()
        for name, label, _ in (*PEG_ITEMS, *OPTIONAL_ITEMS):
            self.box(name).setAccessibleName(f"{what}: {label}")
        self.score = QLabel(EMPTY)
        self.score.setAccessibleName(f"{what}: PEG score")
        for box in self.peg_boxes():
            box.valueChanged.connect(self._show_score)

    def box(self, name: str) -> ScoreBox:
        box = getattr(self, name)
        assert isinstance(box, ScoreBox)
        return box

    def peg_boxes(self) -> tuple[ScoreBox, ScoreBox, ScoreBox]:
        return self.pain, self.enjoyment, self.activity

    def widgets(self) -> list[QWidget]:
        return [self.date, *self.peg_boxes(), self.sleep, self.mood]

    def missing(self) -> list[str]:
        """What still has to be entered before this can be recorded, in the form's words."""
        missing = [label.lower() for name, label, _ in PEG_ITEMS if self.box(name).score() is None]
        if self.date.value() is None:
            missing.insert(0, "the date (YYYY-MM-DD)")
        return missing

    def value(self) -> Measurement | None:
        """The measurement entered, or None while a PEG item or the date is missing."""
        day = self.date.value()
        pain, enjoyment, activity = (box.score() for box in self.peg_boxes())
        if day is None or pain is None or enjoyment is None or activity is None:
            return None
        return Measurement(day, PegScores(pain, enjoyment, activity), self.sleep.score(), self.mood.score())

    def show(self, measurement: Measurement | None) -> None:
        self.date.set_value(measurement.date if measurement else None)
        peg = measurement.peg if measurement else None
        for box, value in zip(
            self.peg_boxes(), (peg.pain, peg.enjoyment, peg.activity) if peg else (None,) * 3, strict=True
        ):
            box.show_score(value)
        self.sleep.show_score(measurement.sleep if measurement else None)
        self.mood.show_score(measurement.mood if measurement else None)
        self._show_score()

    def clear(self, day: dt.date | None = None) -> None:
        """Empty every score (the date becomes `day`): nothing of the last entry can be recorded twice."""
        self.show(None)
        self.date.set_value(day)

    def _show_score(self) -> None:
        scores = [box.score() for box in self.peg_boxes()]
        known = [score for score in scores if score is not None]
        self.score.setText(f"{sum(known) / 3:.1f} of 10" if len(known) == 3 else EMPTY)


def date_with_today(field: DateField, button: QPushButton, today: Callable[[], dt.date]) -> QWidget:
    """The date field with a button that enters today's date (only when pressed: nothing is prefilled)."""
    row = QWidget()
    row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    button.setAutoDefault(False)  # Enter records the form, it does not press "Today"
    button.setToolTip("Enter today's date")

    def enter_today() -> None:
        day = today()
        field.setText(day.isoformat())
        field.edited.emit(day)

    button.clicked.connect(enter_today)
    layout.addWidget(button)
    return row


def lay_out(grid: QGridLayout, columns: tuple[MeasurementFields, ...], headings: tuple[str, ...]) -> int:
    """Rows of inputs, one column per measurement; under each item's name, what its 0 and 10 mean.

    Returns the next free row of the grid.
    """
    for column, heading in enumerate(headings, start=1):
        grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
    grid.addWidget(QLabel("Date"), 1, 0)
    for column, fields in enumerate(columns, start=1):
        grid.addWidget(fields.date, 1, column)
    row = 2
    for name, label, anchors in PEG_ITEMS:
        _score_row(grid, row, label, [fields.box(name) for fields in columns], anchors, PEG_SOURCE)
        row += 1
    grid.addWidget(QLabel("PEG score (mean of the three)"), row, 0)
    for column, fields in enumerate(columns, start=1):
        grid.addWidget(fields.score, row, column)
    row += 1
    for name, label, anchors in OPTIONAL_ITEMS:
        _score_row(grid, row, label, [fields.box(name) for fields in columns], anchors, PLAIN_SOURCE)
        row += 1
    grid.setColumnStretch(0, 1)
    return row


def _score_row(
    grid: QGridLayout, row: int, label: str, boxes: list[ScoreBox], anchors: str, source: str
) -> None:
    name = QWidget()
    lines = QVBoxLayout(name)
    lines.setContentsMargins(0, 0, 0, 0)
    lines.setSpacing(0)
    lines.addWidget(QLabel(label))
    meaning = QLabel(anchors, wordWrap=True)
    meaning.setToolTip(source)
    meaning.setStyleSheet("color: #555555")
    lines.addWidget(meaning)
    grid.addWidget(name, row, 0)
    for column, box in enumerate(boxes, start=1):
        grid.addWidget(box, row, column)
