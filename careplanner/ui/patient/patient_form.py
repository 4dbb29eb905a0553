"""The patient's details: record number, name, birth date, sex, creatinine clearance, conditions and notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from careplanner.editing import operations
from careplanner.ui.patient import kidney
from careplanner.ui.patient.fields import SEXES, DateField, birth_date_problem
from careplanner.ui.patient.layout import scrolling
from careplanner.ui.widgets import set_text
from careplanner.ui.workspace import Workspace, follow

_NOT_EDITING = object()


class PatientForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.record = QLineEdit()
        self.name = QLineEdit()
        self.born = DateField()
        self.born.setAccessibleName("Birth date")
        self.problem = QLabel()  # one short line: no word wrap, so the form keeps a fixed minimum height
        self.problem.setStyleSheet("color: #C62828")
        self.problem.hide()
        self.age = QLabel()
        self.sex = QComboBox()
        self.sex.addItem("not recorded", None)
        for sex in SEXES:
            self.sex.addItem(sex, sex)
        self.clearance = kidney.ClearanceField()
        self.clearance_problem = QLabel()
        self.clearance_problem.setStyleSheet(kidney.REFUSED_STYLE)
        self.clearance_problem.hide()
        self._clearance_before: object = _NOT_EDITING  # the recorded value when the user began typing
        self._clearance_refused = False
        self.conditions = QListWidget()
        self.conditions.setAccessibleName("Conditions")
        self.conditions.setMinimumHeight(150)
        self.notes = QPlainTextEdit(placeholderText="Free-text notes about the patient")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self._build()
        self.record.textEdited.connect(lambda text: self._patient(id=text.strip()))
        self.name.textEdited.connect(lambda text: self._patient(name=text))
        self.born.edited.connect(self._born_edited)
        self.born.editingFinished.connect(self.refresh)  # a refused or half-typed date: show the kept one
        self.sex.activated.connect(lambda _: self._patient(sex=self.sex.currentData()))
        self.clearance.typed.connect(self._clearance_typed)
        self.clearance.line.editingFinished.connect(self._clearance_finished)
        self.clearance.calculate.clicked.connect(self._calculate_clearance)
        self.conditions.itemChanged.connect(self._conditions_changed)
        self.notes.textChanged.connect(self._notes_changed)

    def _build(self) -> None:
        content = QWidget()
        form = QFormLayout(content)
        form.addRow("Record number", self.record)
        form.addRow("Name", self.name)
        form.addRow("Birth date", self.born)
        form.addRow(self.problem)
        form.addRow("Age at plan start", self.age)
        form.addRow("Sex", self.sex)
        form.addRow("Creatinine clearance", self.clearance)
        form.addRow(self.clearance_problem)
        form.addRow("Conditions", self.conditions)
        form.addRow("Notes", self.notes)
        scrolling(self, content)

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(self.workspace, workspace, {"changed": self.refresh})
        self.workspace = workspace
        self._say("")
        self._say_about_clearance("")
        if workspace is not None:
            self._fill_conditions(workspace)
        self.refresh()

    def _fill_conditions(self, workspace: Workspace) -> None:
        self.conditions.blockSignals(True)
        self.conditions.clear()
        for condition in sorted(workspace.catalog.conditions.values(), key=lambda c: c.name):
            entry = QListWidgetItem(condition.name)
            entry.setData(Qt.ItemDataRole.UserRole, condition.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            if condition.read_by_checks:
                entry.setToolTip("The checks read this condition")
            self.conditions.addItem(entry)
        self.conditions.blockSignals(False)

    def refresh(self) -> None:
        workspace = self.workspace
        for widget in (
            self.record,
            self.name,
            self.born,
            self.sex,
            self.clearance,
            self.conditions,
            self.notes,
        ):
            widget.setEnabled(workspace is not None and not workspace.read_only)
        if workspace is None:
            return
        patient = workspace.document.patient
        set_text(self.record, patient.id)
        set_text(self.name, patient.name)
        self.born.set_value(patient.birth_date)  # a half-typed date changes nothing, so nothing refreshes it
        self.age.setText(f"{workspace.document.age_at_start} years")
        self.sex.setCurrentIndex(max(0, self.sex.findData(patient.sex)))
        if not self._clearance_refused:  # a refused number stays in view until the user leaves the field
            self.clearance.show_value(patient.crcl_ml_min)
        self.conditions.blockSignals(True)
        for row in range(self.conditions.count()):
            entry = self.conditions.item(row)
            on = entry.data(Qt.ItemDataRole.UserRole) in patient.conditions
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.conditions.blockSignals(False)
        if self.notes.toPlainText() != workspace.notes:
            self.notes.blockSignals(True)
            self.notes.setPlainText(workspace.notes)
            self.notes.blockSignals(False)

    def _born_edited(self, born: dt.date | None) -> None:
        if born is None:
            return  # a birth date is needed: leaving the field shows the recorded one again
        problem = birth_date_problem(born, dt.date.today())
        self._say(f"Not changed: {problem}" if problem else "")
        if not problem:
            self._patient(birth_date=born)

    def _clearance_typed(self, value: float | None) -> None:
        """Record a clearance as it is typed; a refused one brings back the value recorded before typing."""
        workspace = self.workspace
        if workspace is None:
            return
        recorded = workspace.document.patient.crcl_ml_min
        if self._clearance_before is _NOT_EDITING:
            self._clearance_before = recorded
        refusal = kidney.clearance_refusal(value) if value is not None else None
        self._clearance_refused = refusal is not None
        self._say_about_clearance(refusal or "")
        kept = self._clearance_before if refusal else value
        if kept != recorded:
            self._patient(crcl_ml_min=kept)

    def _clearance_finished(self) -> None:
        self._clearance_before, self._clearance_refused = _NOT_EDITING, False
        self.refresh()  # a refused number gives way to the recorded value; the message says why

    def _calculate_clearance(self) -> None:
        workspace = self.workspace
        if workspace is None or workspace.read_only:
            return
        document = workspace.document
        value = kidney.ask_clearance(self, document.age_at_start, document.patient.sex)
        if value is not None:
            self._say_about_clearance("")
            self._patient(crcl_ml_min=value)

    def _say_about_clearance(self, message: str) -> None:
        self.clearance_problem.setText(message)
        self.clearance_problem.setVisible(bool(message))

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def _patient(self, **changes: object) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        field = next(iter(changes))
        if field in ("id", "name") and not str(changes[field]).strip():
            return  # a patient always keeps a record number and a name; the field just shows what is typed
        patient = dataclasses.replace(workspace.document.patient, **changes)  # type: ignore[arg-type]
        workspace.apply(
            operations.set_patient(workspace.document, patient), "Edit patient details", f"patient.{field}"
        )

    def _conditions_changed(self) -> None:
        chosen = tuple(
            str(self.conditions.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.conditions.count())
            if self.conditions.item(row).checkState() == Qt.CheckState.Checked
        )
        self._patient(conditions=chosen)

    def _notes_changed(self) -> None:
        if self.workspace is not None and self.notes.toPlainText() != self.workspace.notes:
            self.workspace.set_notes(self.notes.toPlainText())
