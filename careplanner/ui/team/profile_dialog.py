"""Who the user is: a name and a discipline, kept with the login so that comments and sign-offs say who.

Asked on request (the welcome page and File ▸ Your name and discipline…), never in the way at start-up.
The form starts empty: careplanner does not guess anybody's name or discipline.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from careplanner.store.errors import StoreError
from careplanner.team.model import DISCIPLINE_NAMES, UserProfile

MAX_NAME_CHARACTERS = 200
SaveProfile = Callable[[str, str], UserProfile]


class ProfileDialog(QDialog):
    """Name and discipline; Save stores them at once and stays open with the database's reason if refused."""

    def __init__(
        self, save: SaveProfile, login: str, current: UserProfile | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name and discipline")
        self._save = save
        self.saved: UserProfile | None = None
        self.name = QLineEdit(current.name if current else "")
        self.name.setMaxLength(MAX_NAME_CHARACTERS)
        self.name.setPlaceholderText("As colleagues should read it, e.g. on a sign-off")
        self.discipline = QComboBox()
        self.discipline.setPlaceholderText("Choose your discipline")
        for key, words in DISCIPLINE_NAMES.items():
            self.discipline.addItem(words, key)
        self.discipline.setCurrentIndex(self.discipline.findData(current.discipline) if current else -1)
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #B00020;")
        self.problem.hide()
        explanation = QLabel(
            f"Comments and sign-offs you give as <b>{login}</b> show this name and discipline to the team.",
            wordWrap=True,
        )
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Discipline:", self.discipline)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._update_save)
        self.discipline.currentIndexChanged.connect(self._update_save)
        self._update_save()

    def _update_save(self, *_: object) -> None:
        ready = bool(self.name.text().strip()) and self.discipline.currentIndex() >= 0
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ready)

    def accept(self) -> None:
        discipline = self.discipline.currentData()
        if not self.name.text().strip() or discipline is None:
            return
        try:
            self.saved = self._save(self.name.text().strip(), str(discipline))
        except StoreError as error:  # shown here: the form keeps what was typed
            self.problem.setText(f"Not saved: {error}")
            self.problem.show()
            return
        super().accept()


def ask_profile(
    parent: QWidget, save: SaveProfile, login: str, current: UserProfile | None
) -> UserProfile | None:
    """The saved profile, or None when the user cancelled."""
    dialog = ProfileDialog(save, login, current, parent)
    return dialog.saved if dialog.exec() else None
