"""Who is at the meeting: every user of the database as a tick box, and guests added by name and discipline.

Nobody is ticked until the chair ticks them: careplanner does not guess who came.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplanner.team.meetings import MAX_ATTENDEES, Attendee
from careplanner.team.model import DISCIPLINE_NAMES, UserProfile
from careplanner.ui.meeting.agenda_model import attendee_words, same_person
from careplanner.ui.widgets import ok_cancel

MAX_GUEST_NAME = 200
PERSON_ROLE = Qt.ItemDataRole.UserRole


class GuestDialog(QDialog):
    """A guest's name and discipline, both required."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a guest")
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_GUEST_NAME)
        self.name.setPlaceholderText("As the minutes should name them")
        self.discipline = QComboBox()
        self.discipline.setPlaceholderText("Choose their discipline")
        for key, words in DISCIPLINE_NAMES.items():
            self.discipline.addItem(words, key)
        self.discipline.setCurrentIndex(-1)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Discipline:", self.discipline)
        buttons, self.ok = ok_cancel(self, "Add guest")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.name.textChanged.connect(self._update)
        self.discipline.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self, *_: object) -> None:
        self.ok.setEnabled(self.guest() is not None)

    def guest(self) -> Attendee | None:
        name, discipline = self.name.text().strip(), self.discipline.currentData()
        return Attendee(name, str(discipline)) if name and discipline is not None else None

    def accept(self) -> None:
        if self.guest() is not None:
            super().accept()


def ask_guest(parent: QWidget) -> Attendee | None:
    dialog = GuestDialog(parent)
    return dialog.guest() if dialog.exec() else None


class AttendeesPanel(QGroupBox):
    """The tick list; `attendees()` is what the meeting records, in the order shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("&Attendees", parent)
        self.people = QListWidget()
        self.people.setAccessibleName("Attendees: tick who is at the meeting")
        self.add_guest = QPushButton("Add a &guest…")
        self.remove_guest = QPushButton("Re&move guest")
        self.remove_guest.setToolTip("Take the selected guest off the list (users are unticked instead)")
        self.note = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_guest)
        buttons.addWidget(self.remove_guest)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.setFocusProxy(self.people)
        self.add_guest.clicked.connect(self.ask_for_guest)
        self.remove_guest.clicked.connect(self.remove_selected_guest)
        self.people.itemChanged.connect(self._ticked)
        self.people.currentItemChanged.connect(self._update)
        self._update()

    def set_people(self, users: list[UserProfile], attendees: tuple[Attendee, ...]) -> None:
        """Every user, ticked when at the meeting; then attendees who are no longer users, and guests."""
        self.people.blockSignals(True)
        self.people.clear()
        for user in users:
            person = Attendee(user.name, user.discipline, user.login)
            recorded = next((a for a in attendees if same_person(a, person)), None)
            self._add(recorded or person, recorded is not None)
        for attendee in attendees:
            if not any(same_person(attendee, shown) for shown in self._everyone()):
                self._add(attendee, True)
        self.people.blockSignals(False)
        self._update()

    def _everyone(self) -> list[Attendee]:
        return [self.people.item(row).data(PERSON_ROLE) for row in range(self.people.count())]

    def _add(self, person: Attendee, ticked: bool) -> QListWidgetItem:
        item = QListWidgetItem(attendee_words(person))
        item.setData(PERSON_ROLE, person)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.people.addItem(item)
        return item

    def attendees(self) -> tuple[Attendee, ...]:
        return tuple(
            self.people.item(row).data(PERSON_ROLE)
            for row in range(self.people.count())
            if self.people.item(row).checkState() == Qt.CheckState.Checked
        )

    def ask_for_guest(self) -> None:
        guest = ask_guest(self)
        if guest is not None:
            self.add_guest_attendee(guest)

    def add_guest_attendee(self, guest: Attendee) -> None:
        """A guest, ticked; one already listed is ticked rather than listed twice."""
        for row, person in enumerate(self._everyone()):
            if same_person(person, guest):
                self.people.item(row).setCheckState(Qt.CheckState.Checked)
                self.people.setCurrentRow(row)
                return
        self.people.setCurrentItem(self._add(guest, True))
        self._ticked()

    def remove_selected_guest(self) -> None:
        item = self.people.currentItem()
        if item is None or item.data(PERSON_ROLE).login is not None:
            return
        self.people.takeItem(self.people.row(item))
        self._ticked()

    def _ticked(self, *_: object) -> None:
        self._update()
        self.changed.emit()

    def _update(self, *_: object) -> None:
        item = self.people.currentItem()
        self.remove_guest.setEnabled(item is not None and item.data(PERSON_ROLE).login is None)
        count = len(self.attendees())
        if not self.people.count():
            self.note.setText("Nobody has given their name in careplanner yet: add the attendees as guests.")
        elif count > MAX_ATTENDEES:
            self.note.setText(f"{count} attendees ticked: a meeting records at most {MAX_ATTENDEES}.")
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))
