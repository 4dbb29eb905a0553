"""What was tried before: each treatment with dose, dates, outcome and relief; adequate trials marked; and
whether the patient meets the refractory criteria (CLINICAL.md §6)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import HISTORY_OUTCOMES, OTHER_MODALITY, HistoryEntry
from careplanner.editing import operations
from careplanner.outcomes import assess_trials, refractory_status
from careplanner.ui.widgets import NullableDate, date_edit, from_qdate, set_date, set_text, set_value
from careplanner.ui.workspace import Workspace, follow

COLUMNS = ("Treatment", "Trial", "Outcome", "Started", "Ended", "Dose mg/day", "Relief", "Reason")
ENDED_OUTCOMES = ("failed", "intolerant")


class HistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.refractory = QLabel(wordWrap=True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Treatment history")
        self.add = QPushButton("Add treatment")
        self.remove = QPushButton("Remove")
        self.modality = QComboBox()
        self.name = QLineEdit(placeholderText="Name of a treatment outside the catalog")
        self.start = date_edit()
        self.end = NullableDate("still going on (ongoing)")
        self.outcome = QComboBox()
        self.outcome.addItems(HISTORY_OUTCOMES)
        self.dose = QDoubleSpinBox(maximum=100_000, decimals=1, suffix=" mg/day")
        self.dose.setSpecialValueText("—")
        self.relief = QSpinBox(minimum=-1, maximum=100, suffix=" %")
        self.relief.setSpecialValueText("not recorded")
        self.region = QLineEdit(placeholderText="e.g. lumbar")
        self.reason = QLineEdit(placeholderText="Why it stopped, in a few words")
        self._build()
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.modality.activated.connect(lambda _: self._change(modality=self.modality.currentData()))
        self.name.textEdited.connect(self._name_edited)
        self.name.editingFinished.connect(self._show_selected)
        self.start.dateChanged.connect(lambda day: self._change(start=from_qdate(day)))
        self.end.changed.connect(self._end_changed)
        self.outcome.activated.connect(lambda _: self._outcome_changed(self.outcome.currentText()))
        self.dose.valueChanged.connect(lambda value: self._change(dose_mg_per_day=value or None))
        self.relief.valueChanged.connect(
            lambda value: self._change(relief_percent=None if value < 0 else float(value))
        )
        self.region.textEdited.connect(lambda text: self._change(region=text.strip() or None))
        self.reason.textEdited.connect(lambda text: self._change(reason=text or None))

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch()
        form = QFormLayout()
        form.addRow("Treatment", self.modality)
        form.addRow("Name (other)", self.name)
        form.addRow("Started", self.start)
        form.addRow("Ended", self.end)
        form.addRow("Outcome", self.outcome)
        form.addRow("Dose", self.dose)
        form.addRow("Relief", self.relief)
        form.addRow("Region", self.region)
        form.addRow("Reason stopped", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refractory)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        self.fields = [
            self.modality,
            self.name,
            self.start,
            self.end,
            self.outcome,
            self.dose,
            self.relief,
            self.region,
            self.reason,
            self.remove,
        ]

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        if workspace is not None:
            self.modality.clear()
            for modality in sorted(workspace.catalog.modalities.values(), key=lambda m: m.name):
                self.modality.addItem(modality.name, modality.id)
            self.modality.addItem("Other (not in the catalog)", OTHER_MODALITY)
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        workspace = self.workspace
        self.add.setEnabled(workspace is not None and not workspace.read_only)
        if workspace is None:
            self.table.setRowCount(0)
            self.refractory.setText("")
            return
        document, catalog = workspace.document, workspace.catalog
        row_before = self.table.currentRow()
        trials = {t.index: t for t in assess_trials(document.history, catalog, dt.date.today())}
        self.table.blockSignals(True)
        self.table.setRowCount(len(document.history))
        for row, entry in enumerate(document.history):
            name = entry.name if entry.modality == OTHER_MODALITY else catalog.modality(entry.modality).name
            trial = trials.get(row)
            cells = (
                name or "",
                trial.summary if trial else "",
                entry.outcome,
                entry.start.isoformat(),
                entry.end.isoformat() if entry.end else "ongoing",
                "" if entry.dose_mg_per_day is None else f"{entry.dose_mg_per_day:g}",
                "" if entry.relief_percent is None else f"{entry.relief_percent:g} %",
                entry.reason or "",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        trial_column = COLUMNS.index("Trial")
        self.table.setColumnWidth(trial_column, min(self.table.columnWidth(trial_column), 420))
        self.table.blockSignals(False)
        if 0 <= row_before < self.table.rowCount():
            self.table.selectRow(row_before)
        status = refractory_status(document.history, catalog, document.patient.conditions)
        verdict = "meets" if status.meets_general or status.meets_neuropathic else "does not yet meet"
        self.refractory.setText(
            f"<b>Refractory criteria: {verdict}.</b> {status.explanation} [{', '.join(status.sources)}]"
        )
        self._show_selected()

    def _selected(self) -> int | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return next(iter(rows)) if len(rows) == 1 else None

    def _show_selected(self) -> None:
        workspace, row = self.workspace, self._selected()
        entry = (
            workspace.document.history[row]
            if workspace and row is not None and row < len(workspace.document.history)
            else None
        )
        for field in self.fields:
            field.setEnabled(entry is not None and workspace is not None and not workspace.read_only)
        if entry is None or workspace is None:
            return
        self.modality.setCurrentIndex(max(0, self.modality.findData(entry.modality)))
        set_text(self.name, entry.name or "")
        self.name.setEnabled(entry.modality == OTHER_MODALITY and not workspace.read_only)
        set_date(self.start, entry.start)
        self.end.set_date(entry.end, fallback=max(entry.start, workspace.document.plan.start))
        self.end.edit.setMinimumDate(self.start.date())
        self.outcome.setCurrentText(entry.outcome)
        set_value(self.dose, entry.dose_mg_per_day or 0.0)
        set_value(self.relief, -1 if entry.relief_percent is None else int(entry.relief_percent))
        set_text(self.region, entry.region or "")
        set_text(self.reason, entry.reason or "")

    # -- changing ----------------------------------------------------------------------------------
    def _apply(self, history: list[HistoryEntry], text: str, merge_key: str | None = None) -> None:
        if self.workspace is not None and not self.workspace.read_only:
            self.workspace.apply(operations.set_history(self.workspace.document, history), text, merge_key)

    def _change(self, **changes: object) -> None:
        workspace, row = self.workspace, self._selected()
        if workspace is None or row is None:
            return
        history = list(workspace.document.history)
        entry = dataclasses.replace(history[row], **changes)  # type: ignore[arg-type]
        if changes.get("modality") == OTHER_MODALITY and not entry.name:
            entry = dataclasses.replace(entry, name="Other treatment")
        if entry.end is not None and entry.end < entry.start:
            entry = dataclasses.replace(entry, end=entry.start)
        history[row] = entry
        self._apply(history, "Edit history", f"history.{row}.{next(iter(changes))}")

    def _name_edited(self, text: str) -> None:
        # A treatment outside the catalog must keep a name: a blank field leaves the last one in
        # place (shown again when editing ends) rather than saving a plan the reader refuses.
        if text.strip():
            self._change(name=text)

    def _end_changed(self, end: dt.date | None) -> None:
        row = self._selected()
        if self.workspace is None or row is None:
            return
        entry = self.workspace.document.history[row]
        if end is None and entry.outcome in ENDED_OUTCOMES:
            self._change(
                end=None, outcome="ongoing"
            )  # a failed trial has ended; one still going on is ongoing
        else:
            self._change(end=end)

    def _outcome_changed(self, outcome: str) -> None:
        row = self._selected()
        if self.workspace is None or row is None:
            return
        entry = self.workspace.document.history[row]
        if outcome in ENDED_OUTCOMES and entry.end is None:
            self._change(outcome=outcome, end=max(entry.start, dt.date.today()))
        else:
            self._change(outcome=outcome)

    def _add(self) -> None:
        if self.workspace is None:
            return
        start = self.workspace.document.plan.start - dt.timedelta(weeks=12)
        entry = HistoryEntry(modality=str(self.modality.itemData(0)), start=start, outcome="ongoing")
        history = [*self.workspace.document.history, entry]
        self._apply(history, "Add a treatment to the history")
        self.table.selectRow(len(history) - 1)
        self.modality.setFocus()

    def _remove(self) -> None:
        row = self._selected()
        if self.workspace is None or row is None:
            return
        history = [entry for index, entry in enumerate(self.workspace.document.history) if index != row]
        self._apply(history, "Remove a treatment from the history")
