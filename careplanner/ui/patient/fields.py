"""Fields the patient screens share: a date that can be empty, and the birth-date check.

A `QDateEdit` always shows some date, so an empty form would look as if a date had been entered. `DateField`
is a line edit that stays empty until the user types a date (YYYY-MM-DD, the format the patient search uses)
or picks one from its calendar.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap, QValidator
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from careplanner.reports.dates import short_date
from careplanner.ui.widgets import from_qdate, to_qdate

SEXES = ("female", "male", "other", "unknown")
OLDEST_AGE = 120  # years: an older birth date is a typing mistake


def parse_date(text: str) -> dt.date | None:
    """The date written as YYYY-MM-DD, or None while it is empty or not complete."""
    text = text.strip()
    if len(text) != len("YYYY-MM-DD"):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def birth_date_problem(born: dt.date, today: dt.date) -> str | None:
    """Why a birth date cannot be right, in plain words; None when it can."""
    if born > today:
        return f"The birth date {short_date(born)} is in the future."
    if born < _years_before(today, OLDEST_AGE):
        return f"The birth date {short_date(born)} is more than {OLDEST_AGE} years ago."
    return None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class DateValidator(QValidator):
    """Digits become YYYY-MM-DD as they are typed: the hyphens are put in, so "20261201" is enough."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        digits = text.replace("-", "")
        if len(digits) > 8 or not (digits.isdigit() or not digits):
            return QValidator.State.Invalid, text, position
        shaped = digits[:4] + "".join(
            f"-{digits[start : start + 2]}" for start in (4, 6) if len(digits) > start
        )
        if text.endswith("-") and len(digits) in (4, 6):
            shaped += "-"  # the hyphen the user typed stays
        caret = _caret(shaped, sum(char.isdigit() for char in text[:position]))
        state = (
            QValidator.State.Acceptable if not shaped or parse_date(shaped) else QValidator.State.Intermediate
        )
        return state, shaped, caret


def _caret(shaped: str, digits_before: int) -> int:
    """Where the caret goes after the same number of digits (past a hyphen that follows them)."""
    seen = 0
    for index, char in enumerate(shaped):
        if seen == digits_before and char != "-":
            return index
        seen += char.isdigit()
    return len(shaped)


def _calendar_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(1, 2, 14, 4, QColor("#555555"))
    for x in (4, 8, 12):
        for y in (8, 11):
            painter.drawPoint(x, y)
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date typed as YYYY-MM-DD or picked from a calendar; empty until the user gives one.

    `edited` carries the date each time the user completes a valid one (typing or picking), and None when the
    user empties the field; while a date is half typed nothing is emitted.
    """

    edited = Signal(object)  # date or None

    def __init__(self, placeholder: str = "YYYY-MM-DD", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setValidator(DateValidator(self))
        self.setMaxLength(len("YYYY-MM-DD"))
        self.pick = QAction(_calendar_icon(), "Pick a date from a calendar", self)
        self.addAction(self.pick, QLineEdit.ActionPosition.TrailingPosition)
        self.pick.triggered.connect(self._show_calendar)
        self.textEdited.connect(self._typed)
        self._calendar: QCalendarWidget | None = None

    def value(self) -> dt.date | None:
        return parse_date(self.text())

    def is_half_typed(self) -> bool:
        return bool(self.text().strip()) and self.value() is None

    def set_value(self, day: dt.date | None) -> None:
        """Show a date (or nothing) without emitting `edited`."""
        text = day.isoformat() if day is not None else ""
        if self.text() != text:
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.edited.emit(None)
        elif (day := parse_date(text)) is not None:
            self.edited.emit(day)

    def _show_calendar(self) -> None:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        calendar.setSelectedDate(to_qdate(self.value() or dt.date.today()))
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()
        self._calendar = calendar

    def _picked(self, day: QDate) -> None:
        if self._calendar is not None:
            self._calendar.close()
            self._calendar.deleteLater()
            self._calendar = None
        self.setText(from_qdate(day).isoformat())
        self.setFocus()
        self.edited.emit(from_qdate(day))
