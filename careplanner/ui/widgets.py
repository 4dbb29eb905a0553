"""Small widgets and helpers shared by the forms."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from careplanner.domain import MCG_PER_HOUR, MG_PER_DAY

DATE_FORMAT = "yyyy-MM-dd"
# How a dose box shows its unit: most medicines in mg a day, a fentanyl patch in mcg an hour.
DOSE_SUFFIX = {MG_PER_DAY: " mg a day", MCG_PER_HOUR: " mcg/h"}


def set_value(widget: QAbstractSpinBox, value: float) -> None:
    """Show a value without emitting a change (only when it differs, so typing is never disturbed)."""
    if widget.value() != value:  # type: ignore[attr-defined]
        widget.blockSignals(True)
        widget.setValue(value)  # type: ignore[attr-defined]
        widget.blockSignals(False)


def set_text(widget: QLineEdit, text: str) -> None:
    if widget.text() != text:
        widget.blockSignals(True)
        widget.setText(text)
        widget.blockSignals(False)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setMaximumDate(QDate(2200, 12, 31))
    return edit


def set_date(widget: QDateEdit, day: dt.date) -> None:
    if from_qdate(widget.date()) != day:
        widget.blockSignals(True)
        widget.setDate(to_qdate(day))
        widget.blockSignals(False)


class NullableWeek(QWidget):
    """A week number that may be left unset (a check box turns it on)."""

    changed = Signal(object)  # int or None

    def __init__(self, unset_text: str, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.enabled.setToolTip(f"Unticked: {unset_text}")
        self.spin = QSpinBox(maximum=maximum, prefix="week ")
        self.unset_text = unset_text
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.spin, 1)
        self.enabled.toggled.connect(self._toggled)
        self.spin.valueChanged.connect(lambda value: self.changed.emit(value))
        self.setFocusProxy(self.spin)

    def _toggled(self, on: bool) -> None:
        self.spin.setEnabled(on)
        self.spin.setSpecialValueText("" if on else self.unset_text)
        self.changed.emit(self.spin.value() if on else None)

    def set_week(self, week: int | None, minimum: int = 0) -> None:
        self.blockSignals(True)
        self.spin.blockSignals(True)
        self.enabled.blockSignals(True)
        self.spin.setMinimum(minimum)
        self.enabled.setChecked(week is not None)
        self.spin.setEnabled(week is not None)
        self.spin.setSpecialValueText("" if week is not None else self.unset_text)
        self.spin.setValue(week if week is not None else minimum)
        self.enabled.blockSignals(False)
        self.spin.blockSignals(False)
        self.blockSignals(False)


def ok_cancel(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """The OK and Cancel row of a recording dialog, OK named for what it records and pressed by Enter."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok
