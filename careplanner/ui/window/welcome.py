"""The page shown when no patient is open: on first start it offers the demo patients, and until the user
has said who they are, a way to say it (asked here rather than in a box that would hold up the start)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo = QPushButton("Load the demo patients")
        self.new_patient = QPushButton("Create a patient")
        self.due = QPushButton("Assessments due")
        self.due.setToolTip(
            "Assessments and reviews due this week or overdue, for every patient (Ctrl+Shift+D)"
        )
        self.profile_text = QLabel(
            "Comments and sign-offs show who gave them: tell careplanner your name and discipline.",
            wordWrap=True,
        )
        self.profile_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.profile = QPushButton("Tell careplanner who you are")
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.text)
        for button in (self.demo, self.new_patient, self.due):
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(self.fontMetrics().lineSpacing())
        layout.addWidget(self.profile_text)
        layout.addWidget(self.profile, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self.show_profile_prompt(False)

    def show_profile_prompt(self, missing: bool) -> None:
        """Offered while the user has no name and discipline in the database."""
        self.profile_text.setVisible(missing)
        self.profile.setVisible(missing)

    def show_state(self, empty: bool) -> None:
        self.demo.setVisible(empty)
        self.due.setVisible(not empty)
        if empty:
            self.text.setText(
                "<h2>Welcome to careplanner</h2><p>There are no patients yet. Load the demo patients "
                "to see worked examples of staged plans, or create your first patient.</p>"
            )
        else:
            self.text.setText(
                "<h2>careplanner</h2><p>Find a patient on the left (Ctrl+F), or create one (Ctrl+N).</p>"
                "<p>Whose assessments and reviews are due: Assessments due (Ctrl+Shift+D).</p>"
            )
