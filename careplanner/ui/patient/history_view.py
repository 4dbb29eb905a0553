"""What was tried before: each treatment with dose, dates, outcome and relief; adequate trials marked; and
whether the patient meets the refractory criteria (docs/clinical-reference.md §6).

A treatment is added through a short dialog (nothing is filled in for the clinician); the editor below the
table changes the selected one, and shows nothing at all while no row is selected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import DOSE_FIELDS, MG_PER_DAY, OTHER_MODALITY, HistoryEntry, dose_unit_of
from careplanner.editing import operations
from careplanner.outcomes import assess_trials, refractory_status
from careplanner.reports.dates import short_date
from careplanner.ui.patient import history_dialog as patient_history_dialog
from careplanner.ui.patient.fields import DateField
from careplanner.ui.patient.history_dialog import ENDED_OUTCOMES, fill_treatments, narrow, outcome_choice
from careplanner.ui.patient.layout import ShortTable, scrolling
from careplanner.ui.patient.measurement_fields import ScoreBox
from careplanner.ui.widgets import DOSE_SUFFIX, set_text, set_value
from careplanner.ui.workspace import Workspace, follow

COLUMNS = ("Treatment", "Trial", "Outcome", "Started", "Ended", "Dose", "Relief", "Why it stopped")
EMPTY = "—"


class HistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self._pending_outcome: str | None = None  # failed or intolerant, waiting for its end date
        self.refractory = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.table = ShortTable(0, len(COLUMNS), 120)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()  # row numbers mean nothing to the reader
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Treatment history")
        self.add = QPushButton("Add treatment…")
        self.remove = QPushButton("Remove treatment")
        self.modality = narrow(QComboBox())
        self.name = QLineEdit(placeholderText="Name of a treatment outside the catalog")
        self.start = DateField()
        self.end = DateField("Empty while it is still going on")
        self.outcome = outcome_choice()
        self.dose = QDoubleSpinBox(maximum=100_000, decimals=1, suffix=" mg a day")
        self.dose.setSpecialValueText(EMPTY)
        self.relief = ScoreBox(maximum=100)  # the unit is in its label: a suffix would get in the typing
        self.relief.setMaximumWidth(16777215)
        self.relief.setToolTip("How much better the pain was, in percent (— = not recorded)")
        self.region = QLineEdit(placeholderText="e.g. lumbar")
        self.reason = QLineEdit(placeholderText="Why it stopped, in a few words")
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #C62828")
        self.fields: list[QWidget] = [
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
        self._build()
        self._connect()
        self._show_selected()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch()
        when = QFormLayout()
        when.addRow("Treatment", self.modality)
        when.addRow("Name (other)", self.name)
        when.addRow("Started", self.start)
        when.addRow("Ended", self.end)
        when.addRow("Outcome", self.outcome)
        details = QFormLayout()
        details.addRow("Dose", self.dose)
        details.addRow("Relief (%)", self.relief)
        details.addRow("Region", self.region)
        details.addRow("Why it stopped", self.reason)
        editor = QHBoxLayout()  # two columns: the editor stays short enough to sit under the table
        editor.addLayout(when, 1)
        editor.addLayout(details, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.refractory)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(editor)
        layout.addWidget(self.problem)
        scrolling(self, content)

    def _connect(self) -> None:
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.modality.activated.connect(lambda _: self._change(modality=self.modality.currentData()))
        self.name.textEdited.connect(self._name_edited)
        self.name.editingFinished.connect(self._show_selected)
        self.start.edited.connect(self._start_edited)
        self.start.editingFinished.connect(self._show_selected)
        self.end.edited.connect(self._end_edited)
        self.end.editingFinished.connect(self._show_selected)
        self.outcome.activated.connect(lambda _: self._outcome_changed(self.outcome.currentData()))
        self.dose.valueChanged.connect(self._dose_changed)
        self.relief.valueChanged.connect(
            lambda value: self._change(relief_percent=None if value < 0 else float(value))
        )
        self.region.textEdited.connect(lambda text: self._change(region=text.strip() or None))
        self.reason.textEdited.connect(lambda text: self._change(reason=text or None))

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        self.table.setRowCount(0)  # no row of another patient stays selected
        if workspace is not None:
            fill_treatments(self.modality, workspace.catalog)
        self._selection_changed()
        self.refresh()

    # -- showing -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        workspace = self.workspace
        self.add.setEnabled(workspace is not None and not workspace.read_only)
        if workspace is None:
            self.table.setRowCount(0)
            self.refractory.setText("")
            self._show_selected()
            return
        row_before = self.table.currentRow()
        self.table.blockSignals(True)
        self._fill_table(workspace)
        self.table.blockSignals(False)
        if 0 <= row_before < self.table.rowCount():
            self.table.selectRow(row_before)
        self._show_refractory(workspace)
        self._show_selected()

    def _fill_table(self, workspace: Workspace) -> None:
        document, catalog = workspace.document, workspace.catalog
        trials = {
            t.index: t for t in assess_trials(document.history, catalog, dt.date.today(), week_units=True)
        }
        self.table.setRowCount(len(document.history))
        for row, entry in enumerate(document.history):
            name = entry.name if entry.modality == OTHER_MODALITY else catalog.modality(entry.modality).name
            trial = trials.get(row)
            cells = (
                name or "",
                trial.summary if trial else "",
                entry.outcome,
                short_date(entry.start),
                short_date(entry.end) if entry.end else "still going on",
                entry.dose.text if entry.dose else "",
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

    def _show_refractory(self, workspace: Workspace) -> None:
        document, catalog = workspace.document, workspace.catalog
        status = refractory_status(document.history, catalog, document.patient.conditions, keys_in_text=False)
        verdict = "meets" if status.meets_general or status.meets_neuropathic else "does not yet meet"
        sources = catalog.source_names(status.sources)
        self.refractory.setText(
            f"<b>Refractory criteria: {verdict}.</b> {html.escape(status.explanation)} "
            f"<span style='color:#555555'>Sources: {html.escape(sources)}.</span>"
        )

    def _selected(self) -> int | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return next(iter(rows)) if len(rows) == 1 else None

    def _current(self) -> HistoryEntry | None:
        workspace, row = self.workspace, self._selected()
        if workspace is None or row is None or row >= len(workspace.document.history):
            return None
        return workspace.document.history[row]

    def _selection_changed(self) -> None:
        self._pending_outcome = None
        self.problem.clear()
        self._show_selected()

    def _show_selected(self) -> None:
        entry, workspace = self._current(), self.workspace
        editable = entry is not None and workspace is not None and not workspace.read_only
        for field in self.fields:
            field.setEnabled(editable)
        if entry is None:
            self._show_nothing()
            return
        self.modality.setCurrentIndex(self.modality.findData(entry.modality))
        set_text(self.name, entry.name or "")
        self.name.setEnabled(editable and entry.modality == OTHER_MODALITY)
        self.start.set_value(entry.start)
        self.end.set_value(entry.end)
        self.outcome.setCurrentIndex(self.outcome.findData(self._pending_outcome or entry.outcome))
        self.dose.setSuffix(DOSE_SUFFIX[dose_unit_of(entry.modality)])
        set_value(self.dose, entry.dose.amount if entry.dose else 0.0)
        set_value(self.relief, -1 if entry.relief_percent is None else int(entry.relief_percent))
        set_text(self.region, entry.region or "")
        set_text(self.reason, entry.reason or "")

    def _show_nothing(self) -> None:
        """No row selected: an empty editor (never the values of a row or patient shown before)."""
        self.modality.setCurrentIndex(-1)
        self.outcome.setCurrentIndex(-1)
        for field in (self.name, self.region, self.reason):
            set_text(field, "")
        self.start.set_value(None)
        self.end.set_value(None)
        self.dose.setSuffix(DOSE_SUFFIX[MG_PER_DAY])
        set_value(self.dose, 0.0)
        set_value(self.relief, -1)

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
        if dose_unit_of(entry.modality) != dose_unit_of(history[row].modality):
            # mg a day and mcg an hour are different measures: a dose is never carried across units.
            entry = dataclasses.replace(entry, dose_mg_per_day=None, dose_mcg_per_hour=None)
        if changes.get("modality") == OTHER_MODALITY and not entry.name:
            entry = dataclasses.replace(entry, name="Other treatment")
            self.name.setFocus()  # ask for its real name
        history[row] = entry
        self._apply(history, "Edit history", f"history.{row}.{next(iter(changes))}")

    def _dose_changed(self, value: float) -> None:
        entry = self._current()
        if entry is not None:
            self._change(**{DOSE_FIELDS[dose_unit_of(entry.modality)]: value or None})

    def _name_edited(self, text: str) -> None:
        # A treatment outside the catalog must keep a name: a blank field leaves the last one in
        # place (shown again when editing ends) rather than saving a plan the reader refuses.
        if text.strip():
            self._change(name=text)

    def _refuse(self, problem: str) -> None:
        self.problem.setText(f"Not changed: {problem}")

    def _start_edited(self, start: dt.date | None) -> None:
        entry = self._current()
        if entry is None or start is None:
            return  # a start is needed: leaving the field shows the recorded one again
        if start > dt.date.today():
            self._refuse(f"it cannot have started in the future ({short_date(start)}).")
        elif entry.end is not None and entry.end < start:
            self._refuse(f"it cannot start after it ended ({short_date(entry.end)}).")
        else:
            self.problem.clear()
            self._change(start=start)

    def _end_edited(self, end: dt.date | None) -> None:
        entry = self._current()
        if entry is None:
            return
        if end is None:
            if self._pending_outcome is None:
                # A failed trial has ended; one still going on is ongoing.
                outcome = "ongoing" if entry.outcome in ENDED_OUTCOMES else entry.outcome
                self._change(end=None, outcome=outcome)
            return
        if end < entry.start:
            self._refuse(f"it cannot have ended before it started ({short_date(entry.start)}).")
        elif end > dt.date.today():
            self._refuse(f"it cannot have ended in the future ({short_date(end)}).")
        else:
            outcome, self._pending_outcome = self._pending_outcome or entry.outcome, None
            self.problem.clear()
            self._change(end=end, outcome=outcome)

    def _outcome_changed(self, outcome: str | None) -> None:
        entry = self._current()
        if entry is None or outcome is None:
            return
        if outcome in ENDED_OUTCOMES and entry.end is None:
            # Recorded together with the end date the clinician gives, never with one made up here.
            self._pending_outcome = outcome
            self.problem.setText(f"Enter when it ended to record it as {outcome}: such a trial has ended.")
            self.end.setFocus()
            return
        self._pending_outcome = None
        self.problem.clear()
        self._change(outcome=outcome)

    def _add(self) -> None:
        workspace = self.workspace
        if workspace is None or workspace.read_only:
            return
        entry = patient_history_dialog.ask_history_entry(self, workspace.catalog)
        if entry is None:
            return
        history = [*workspace.document.history, entry]
        self._apply(history, "Add a treatment to the history")
        self.table.selectRow(len(history) - 1)
        self.dose.setFocus()  # the details the dialog did not ask for come next
        self.dose.selectAll()  # typed digits replace the "—"

    def _remove(self) -> None:
        row = self._selected()
        if self.workspace is None or row is None:
            return
        history = [entry for index, entry in enumerate(self.workspace.document.history) if index != row]
        self._apply(history, "Remove a treatment from the history")
