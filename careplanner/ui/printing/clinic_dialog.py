"""The clinic's details printed on handouts, shared by every workstation (kept in the database)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from careplanner.reports.settings import PAPER_SIZES, ClinicDetails


class ClinicDialog(QDialog):
    def __init__(self, details: ClinicDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinic details for printouts")
        self.name = QLineEdit(details.name)
        self.address = QLineEdit(details.address)
        self.phone = QLineEdit(details.phone)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_SIZES))
        self.paper.setCurrentText(details.paper)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Clinic name", self.name)
        form.addRow("Address", self.address)
        form.addRow("Phone", self.phone)
        form.addRow("Paper", self.paper)
        form.addRow(buttons)
        self.resize(460, 0)

    def details(self) -> ClinicDetails:
        return ClinicDetails(
            self.name.text().strip(),
            self.address.text().strip(),
            self.phone.text().strip(),
            self.paper.currentText(),
        )
