"""The patient's creatinine clearance: a field in mL/min, and a Cockcroft-Gault helper that can fill it.

The clearance is empty until the user enters one. The helper takes age (at the plan's start, as the checks do:
the clearance is taken as measured near the start) and sex from the record; weight and serum creatinine are
typed. It shows the formula with the numbers and changes the field only when the user accepts the result.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from careplanner.outcomes.kidney import (
    CREATININE_UNITS,
    FORMULA_SEXES,
    clearance_problem,
    estimate,
    parse_number,
)
from careplanner.ui.widgets import set_text

REFUSED_STYLE = "color: #C62828"
HINT_STYLE = "color: #555555"
# Up to four digits and two decimals ("," or "."): anything else is no clearance, weight or creatinine.
DECIMAL_PATTERN = r"\d{0,4}([.,]\d{0,2})?"


def decimal_line(placeholder: str) -> QLineEdit:
    line = QLineEdit(placeholderText=placeholder)
    line.setValidator(QRegularExpressionValidator(QRegularExpression(DECIMAL_PATTERN), line))
    line.setMaximumWidth(110)
    return line


def shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class ClearanceField(QWidget):
    """The clearance in mL/min (empty: not recorded), with a button that opens the Cockcroft-Gault helper.

    `typed` carries the value whenever the text is a number (in range or not: the form decides), None when the
    user empties it. Half-typed text (".") emits nothing.
    """

    typed = Signal(object)  # float or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = decimal_line("not recorded")
        self.line.setAccessibleName("Creatinine clearance")
        self.line.setToolTip("Creatinine clearance (Cockcroft-Gault) measured near the plan's start")
        self.calculate = QPushButton("Calculate…")
        self.calculate.setToolTip("Estimate it from age, sex, weight and serum creatinine (Cockcroft-Gault)")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line)
        row.addWidget(QLabel("mL/min"))
        row.addWidget(self.calculate)
        row.addStretch(1)
        self.line.textEdited.connect(self._edited)

    def show_value(self, value: float | None) -> None:
        """Show the recorded value, unless the text already says it (so typing "45." is not disturbed)."""
        number = parse_number(self.line.text())
        if value is None and not self.line.text().strip():
            return
        if number is None or value is None or number != Decimal(str(value)):
            set_text(self.line, shown(value))

    def _edited(self, text: str) -> None:
        if not text.strip():
            self.typed.emit(None)
        elif (number := parse_number(text)) is not None:
            self.typed.emit(float(number))


class ClearanceDialog(QDialog):
    """Cockcroft-Gault from the record's age and sex and the typed weight and creatinine."""

    def __init__(self, parent: QWidget | None, age: int, sex: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Creatinine clearance (Cockcroft-Gault)")
        self.age = age
        self.sex = QComboBox()
        self.sex.setAccessibleName("Sex for the formula")
        if sex not in FORMULA_SEXES:
            self.sex.addItem("choose…", None)  # the record says neither: the user picks for the formula only
        for choice in FORMULA_SEXES:
            self.sex.addItem(choice, choice)
        self.sex.setCurrentIndex(max(0, self.sex.findData(sex)))
        self.sex.setEnabled(sex not in FORMULA_SEXES)
        self.weight = decimal_line("kg")
        self.weight.setAccessibleName("Weight in kg")
        self.creatinine = decimal_line("serum creatinine")
        self.creatinine.setAccessibleName("Serum creatinine")
        self.unit = QComboBox()
        for unit in CREATININE_UNITS:
            self.unit.addItem(unit, unit)
        self.working = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use = self.buttons.addButton("Use this value", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._build(sex)
        for line in (self.weight, self.creatinine):
            line.textChanged.connect(self._update)
        self.unit.currentIndexChanged.connect(self._update)
        self.sex.currentIndexChanged.connect(self._update)
        self._update()

    def _build(self, recorded_sex: str | None) -> None:
        creatinine = QHBoxLayout()
        creatinine.addWidget(self.creatinine)
        creatinine.addWidget(self.unit)
        creatinine.addStretch(1)
        form = QFormLayout(self)
        form.addRow("Age at plan start", QLabel(f"{self.age} years (from the record)"))
        note = (
            "from the record" if recorded_sex in FORMULA_SEXES else "the record says neither female nor male"
        )
        form.addRow("Sex", self.sex)
        hint = QLabel(note)
        hint.setStyleSheet(HINT_STYLE)
        form.addRow("", hint)
        form.addRow("Weight (kg)", self.weight)
        form.addRow("Serum creatinine", creatinine)
        form.addRow(self.working)
        form.addRow(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _estimate(self) -> tuple[Decimal | None, str]:
        """The clearance to use (None when none can be given yet), and what to show."""
        result = estimate(
            self.age,
            self.sex.currentData(),
            parse_number(self.weight.text()),
            parse_number(self.creatinine.text()),
            self.unit.currentData(),
        )
        return result.crcl, "\n".join(part for part in (result.working, result.problem or "") if part)

    def _update(self) -> None:
        crcl, text = self._estimate()
        self.working.setText(text)
        self.working.setStyleSheet(HINT_STYLE if crcl is not None or not text else REFUSED_STYLE)
        self.use.setEnabled(crcl is not None)

    def value(self) -> Decimal | None:
        return self._estimate()[0]


def ask_clearance(parent: QWidget | None, age: int, sex: str | None) -> float | None:
    """The clearance the user accepted in the helper, or None when cancelled."""
    dialog = ClearanceDialog(parent, age, sex)
    value = dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    return None if value is None else float(value)


def clearance_refusal(value: float) -> str | None:
    problem = clearance_problem(value)
    return f"Not recorded: {problem[0].lower()}{problem[1:]}" if problem else None
