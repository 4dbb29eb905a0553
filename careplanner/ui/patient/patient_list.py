"""Find a patient as you type (name, record number or birth date), or create one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplanner.reports.dates import short_date
from careplanner.store import PatientSummary

SEARCH_DELAY_MS = 120
FIRST_PAGE = 50
PATIENT_ROLE = Qt.ItemDataRole.UserRole + 30


class _SearchBox(QLineEdit):
    """Down moves into the results, so the list is reachable without the mouse."""

    def __init__(self, results: QListWidget) -> None:
        super().__init__(placeholderText="Name, record number or birth date (YYYY-MM-DD)")
        self.results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return
        super().keyPressEvent(event)


class PatientList(QWidget):
    patientChosen = Signal(int)
    newPatientRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_patients: Callable[[str], list[PatientSummary]] | None = None
        self.results = QListWidget()
        self.results.setAccessibleName("Patients found")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search = _SearchBox(self.results)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a patient")
        self.status = QLabel()
        self.new_patient = QPushButton("New patient…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.new_patient)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.results.itemActivated.connect(self._open)
        self.new_patient.clicked.connect(self.newPatientRequested)
        self.setFocusProxy(self.search)

    def connect_search(self, search: Callable[[str], list[PatientSummary]]) -> None:
        self.search_patients = search
        self.refresh()

    def refresh(self) -> None:
        if self.search_patients is None:
            self.status.setText("Opening the database…")
            return  # what is typed stays in the box and is searched once the database is open
        self.show_found(self.search_patients(self.search.text()))

    def show_found(self, found: list[PatientSummary]) -> None:
        """Show patients found (also the first page, read before the database is fully open)."""
        self.results.clear()
        for patient in found:
            entry = QListWidgetItem(
                f"{patient.name}\n{patient.record_number} · born {short_date(patient.birth_date)}"
            )
            entry.setData(PATIENT_ROLE, patient.id)
            self.results.addItem(entry)
        text = self.search.text().strip()
        count = f"{len(found)} {'patient' if len(found) == 1 else 'patients'}"
        self.status.setText(
            f"{len(found)} found" if text else count + (" (first 50)" if len(found) == FIRST_PAGE else "")
        )

    def _open(self, entry: QListWidgetItem) -> None:
        self.patientChosen.emit(int(entry.data(PATIENT_ROLE)))

    def _open_first(self) -> None:
        self._timer.stop()
        self.refresh()
        if self.results.count():
            self._open(self.results.item(0))
