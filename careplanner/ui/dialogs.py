"""Small dialogs: a reason for an acknowledgement, a save conflict, unsaved work, recovered work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from careplanner.domain import Patient
from careplanner.store.records import RevisionInfo
from careplanner.ui.patient.fields import SEXES, DateField, birth_date_problem


class ReasonDialog(QDialog):
    """Going ahead despite a finding needs a reason; it is recorded with the clinician's name."""

    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Acknowledge a finding")
        self.reason = QPlainTextEdit(
            placeholderText="Why go ahead? (e.g. physiotherapy already booked; discussed with the patient)"
        )
        self.reason.setTabChangesFocus(True)
        explanation = QLabel(message, wordWrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Acknowledge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel("Reason (recorded with your name):"))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self._enable()
        self.resize(480, 260)

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.reason.toPlainText().strip())
        )


def ask_reason(parent: QWidget | None, message: str) -> str | None:
    dialog = ReasonDialog(parent, message)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.reason.toPlainText().strip()
    return None


KEEP_MINE, RELOAD, CANCEL = "keep", "reload", "cancel"


def resolve_conflict(parent: QWidget | None, message: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Warning, "Someone saved this plan first", message, parent=parent)
    keep = box.addButton("Keep mine as a new revision", QMessageBox.ButtonRole.AcceptRole)
    reload = box.addButton("Reload theirs (drop my changes)", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return KEEP_MINE if clicked is keep else RELOAD if clicked is reload else CANCEL


SAVE, DISCARD = "save", "discard"


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"{what} has changes that are not saved yet. Save them now?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    return DISCARD if answer == QMessageBox.StandardButton.Discard else CANCEL


class NewPatientDialog(QDialog):
    """The details a patient record needs before a plan can be built: nothing is filled in beforehand."""

    def __init__(self, parent: QWidget | None, is_taken: Callable[[str], bool]) -> None:
        super().__init__(parent)
        self.setWindowTitle("New patient")
        self.is_taken = is_taken
        self.record = QLineEdit()
        self.name = QLineEdit()
        self.born = DateField()
        self.born.setAccessibleName("Birth date")
        self.sex = QComboBox()
        self.sex.addItem("not recorded", None)
        for sex in SEXES:
            self.sex.addItem(sex, sex)
        self.problem = QLabel(wordWrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Record number", self.record)
        form.addRow("Name", self.name)
        form.addRow("Birth date", self.born)
        form.addRow("Sex", self.sex)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        for field in (self.record, self.name, self.born):
            field.textChanged.connect(self._validate)
        self.resize(440, self.sizeHint().height())
        self._validate()

    def _refusal(self) -> str:
        """Why what was entered cannot be right ("" when nothing is wrong yet)."""
        record, born = self.record.text().strip(), self.born.value()
        if record and self.is_taken(record):
            return f'Record number "{record}" is already used by another patient.'
        if self.born.is_half_typed():
            return "Finish the birth date: YYYY-MM-DD, e.g. 1958-11-30."
        if born is None:
            return ""
        return birth_date_problem(born, dt.date.today()) or ""

    def _validate(self) -> None:
        refusal = self._refusal()
        missing = [
            what
            for what, given in (
                ("record number", self.record.text().strip()),
                ("name", self.name.text().strip()),
                ("birth date", self.born.value()),
            )
            if not given
        ]
        if refusal:
            self.problem.setStyleSheet("color: #C62828")
            self.problem.setText(refusal)
        else:
            self.problem.setStyleSheet("color: #555555")
            self.problem.setText(f"Still needed: {', '.join(missing)}." if missing else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not refusal and not missing)

    def patient(self) -> Patient:
        born = self.born.value()
        assert born is not None, "the dialog is accepted only with a birth date"
        return Patient(self.record.text().strip(), self.name.text().strip(), born, self.sex.currentData())


def ask_new_patient(parent: QWidget | None, is_taken: Callable[[str], bool]) -> Patient | None:
    dialog = NewPatientDialog(parent, is_taken)
    return dialog.patient() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_revision(parent: QWidget | None, revisions: Sequence[RevisionInfo]) -> int | None:
    """Pick a revision to open (earlier ones open read-only)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Revisions of this plan")
    listing = QListWidget()
    for revision in reversed(revisions):
        note = f" — {revision.note}" if revision.note else ""
        when = revision.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        entry = QListWidgetItem(
            f"Revision {revision.number} · {revision.status} · {when} · {revision.saved_by}{note}"
        )
        entry.setData(256, revision.number)
        listing.addItem(entry)
    listing.setCurrentRow(0)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    listing.itemActivated.connect(lambda _: dialog.accept())
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("Saving never overwrites: every revision is kept. Earlier ones open read-only."))
    layout.addWidget(listing)
    layout.addWidget(buttons)
    dialog.resize(560, 360)
    if dialog.exec() != QDialog.DialogCode.Accepted or listing.currentItem() is None:
        return None
    return int(listing.currentItem().data(256))
