"""Adding a treatment to the history: what it was, when it started, how it went (and when it ended).

Nothing is filled in for the clinician, and nothing enters the record until the treatment, its start and its
outcome are given (and the end, for a trial that failed or was not tolerated). The other details (dose,
relief, region, why it stopped) are then entered in the history's editor.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from careplanner.catalog.model import Catalog
from careplanner.domain import HISTORY_OUTCOMES, OTHER_MODALITY, HistoryEntry
from careplanner.reports.dates import short_date
from careplanner.ui.patient.fields import DateField

ENDED_OUTCOMES = ("failed", "intolerant")
OUTCOME_MEANINGS = {
    "effective": "it helped",
    "partial": "it helped a little",
    "failed": "it did not help",
    "intolerant": "stopped for side effects",
    "ongoing": "still going on",
}
OTHER_TEXT = "Other (not in the catalog)"


def narrow(combo: QComboBox, characters: int = 14) -> QComboBox:
    """A choice that does not ask to be as wide as its longest entry (the form must fit a small screen)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def fill_treatments(combo: QComboBox, catalog: Catalog) -> None:
    """Every catalog treatment by name, then "Other"; nothing is chosen."""
    combo.clear()
    for modality in sorted(catalog.modalities.values(), key=lambda m: m.name):
        combo.addItem(modality.name, modality.id)
    combo.addItem(OTHER_TEXT, OTHER_MODALITY)
    combo.setCurrentIndex(-1)


def outcome_choice() -> QComboBox:
    combo = QComboBox()
    for outcome in HISTORY_OUTCOMES:
        combo.addItem(f"{outcome} — {OUTCOME_MEANINGS[outcome]}", outcome)
    combo.setCurrentIndex(-1)
    combo.setPlaceholderText("Choose how it went")
    return narrow(combo)


def _searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    typed = combo.lineEdit()
    assert typed is not None  # an editable combo box has one
    typed.setPlaceholderText("Type part of its name, e.g. dulox")
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1)
    combo.clearEditText()


class AddTreatmentDialog(QDialog):
    def __init__(self, parent: QWidget | None, catalog: Catalog) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a treatment to the history")
        self.treatment = QComboBox()
        fill_treatments(self.treatment, catalog)
        _searchable(self.treatment)
        self.name = QLineEdit(placeholderText="Name of the treatment")
        self.start = DateField("When it started: YYYY-MM-DD")
        self.outcome = outcome_choice()
        self.end = DateField("Empty while it is still going on")
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #C62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to history")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Treatment", self.treatment)
        form.addRow("Name (not in the catalog)", self.name)
        form.addRow("Started", self.start)
        form.addRow("Outcome", self.outcome)
        form.addRow("Ended", self.end)
        form.addRow(QLabel("Dose, relief and why it stopped are entered in the history once it is added."))
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.treatment.currentIndexChanged.connect(self._check)
        self.treatment.editTextChanged.connect(self._check)
        for field in (self.name, self.start, self.end):
            field.textChanged.connect(self._check)
        self.outcome.currentIndexChanged.connect(self._check)
        self.resize(560, self.sizeHint().height())
        self._check()

    def modality(self) -> str | None:
        """The treatment chosen (typed names count when they match one exactly), or None."""
        index = self.treatment.findText(self.treatment.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return None if index < 0 else str(self.treatment.itemData(index))

    def _problem(self) -> str:
        """What still stands in the way of adding it, in plain words ("" when nothing does)."""
        modality, start, end = self.modality(), self.start.value(), self.end.value()
        outcome = self.outcome.currentData()
        today = dt.date.today()
        if modality is None:
            return "Choose the treatment that was tried."
        if modality == OTHER_MODALITY and not self.name.text().strip():
            return "Give the name of the treatment that is not in the catalog."
        if start is None:
            return "Enter when it started (YYYY-MM-DD)."
        if start > today:
            return f"It cannot have started in the future ({short_date(start)})."
        if outcome is None:
            return "Choose the outcome: how it went."
        if self.end.is_half_typed():
            return "Finish the end date (YYYY-MM-DD), or leave it empty if it is still going on."
        if end is None and outcome in ENDED_OUTCOMES:
            return f"Enter when it ended: a trial marked {outcome} has ended."
        if end is not None and outcome == "ongoing":
            return "A treatment still going on has no end date: empty it, or choose another outcome."
        if end is not None and end < start:
            return "It cannot have ended before it started."
        if end is not None and end > today:
            return f"It cannot have ended in the future ({short_date(end)})."
        return ""

    def _check(self) -> None:
        self.name.setEnabled(self.modality() == OTHER_MODALITY)
        problem = self._problem()
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def entry(self) -> HistoryEntry | None:
        modality, start = self.modality(), self.start.value()
        if self._problem() or modality is None or start is None:
            return None
        name = self.name.text().strip() if modality == OTHER_MODALITY else None
        return HistoryEntry(modality, start, str(self.outcome.currentData()), self.end.value(), name)


def ask_history_entry(parent: QWidget | None, catalog: Catalog) -> HistoryEntry | None:
    dialog = AddTreatmentDialog(parent, catalog)
    return dialog.entry() if dialog.exec() == QDialog.DialogCode.Accepted else None
