"""Team ▸ Team meetings: every meeting in the database, newest first; new, open, present, minutes, delete.

A window of its own beside the patient's plan: it deals only with meetings, never with the open patient.
The list is read when the window is shown and after every change made from it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplanner.store.errors import StoreError
from careplanner.team.meetings import Meeting, MeetingSummary
from careplanner.ui.meeting import meetings_actions as actions
from careplanner.ui.meeting.agenda_dialog import AgendaDialog
from careplanner.ui.meeting.agenda_model import summary_cells

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.store import Store

COLUMNS = ("Date", "Title", "Chair", "Patients", "Recommendations")
ID_ROLE = Qt.ItemDataRole.UserRole


class MeetingsDialog(QDialog):
    def __init__(self, store: Store, catalog: Catalog, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team meetings")
        self.store, self.catalog, self.today = store, catalog, today
        self.summaries: list[MeetingSummary] = []
        self.editor: AgendaDialog | None = None
        self._presentation: QWidget | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Team meetings, newest first")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(wordWrap=True)
        self.new_button = QPushButton("&New meeting…")
        self.new_button.setToolTip("Prepare a meeting: date, attendees and the patients to discuss (Ctrl+N)")
        self.open_button = QPushButton("&Open…")
        self.open_button.setToolTip("Change the selected meeting's date, attendees or agenda (Enter)")
        self.present_button = QPushButton("&Present")
        self.present_button.setToolTip("Show the selected meeting full screen, one patient a page (F5)")
        self.minutes_button = QPushButton("Print m&inutes…")
        self.minutes_button.setToolTip(
            "The selected meeting's minutes: preview, print or save as PDF (Ctrl+P)"
        )
        self.delete_button = QPushButton("&Delete…")
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.present_button, self.minutes_button):
            buttons.addWidget(button)
            button.setAutoDefault(False)
        buttons.addStretch()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(close)
        for button in (self.delete_button, close):
            button.setAutoDefault(False)  # Enter opens the selected meeting
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self.open_selected)
        self.present_button.clicked.connect(self.present_selected)
        self.minutes_button.clicked.connect(self.print_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemActivated.connect(lambda _: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_meeting),
            (QKeySequence.StandardKey.Print, self.print_selected),
            (QKeySequence("F5"), self.present_selected),
        ):
            QShortcut(keys, self, slot)
        QShortcut(QKeySequence("Delete"), self.table, self.delete_selected)
        self.resize(900, 520)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        """Read the meetings again, keeping (or moving to) the chosen one."""
        keep = select if select is not None else self.selected_id()
        try:
            self.summaries = self.store.list_meetings()
        except StoreError as error:
            self.note.setText(f"The meetings cannot be read: {error}")
            self._update()
            return
        self.table.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            for column, text in enumerate(summary_cells(summary)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, summary.id)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        rows = [row for row, summary in enumerate(self.summaries) if summary.id == keep]
        if rows or self.summaries:
            self.table.selectRow(rows[0] if rows else 0)
        self.note.setText("" if self.summaries else "No team meeting yet: New meeting prepares one (Ctrl+N).")
        self._update()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.data(ID_ROLE) if item is not None else None

    def _update(self, *_: object) -> None:
        chosen = self.selected_id()
        summary = next((s for s in self.summaries if s.id == chosen), None)
        for button in (self.open_button, self.minutes_button, self.delete_button):
            button.setEnabled(summary is not None)
        self.present_button.setEnabled(summary is not None and summary.patients > 0)
        self.note.setVisible(bool(self.note.text()))

    def _load_selected(self) -> Meeting | None:
        chosen = self.selected_id()
        if chosen is None:
            return None
        try:
            return self.store.load_meeting(chosen)
        except StoreError as error:  # deleted by a colleague, or the database is away
            self.note.setText(f"That meeting cannot be read: {error}")
            self.refresh()
            return None

    # -- the commands ------------------------------------------------------------------------------
    def new_meeting(self) -> None:
        if actions.ensure_profile(self, self.store):
            self.edit(None)

    def open_selected(self) -> None:
        meeting = self._load_selected()
        if meeting is not None:
            self.edit(meeting)

    def edit(self, meeting: Meeting | None) -> AgendaDialog:
        """The meeting's own dialog, modal above the window (the meeting mode still shows over it)."""
        editor = self.editor = AgendaDialog(self.store, self.catalog, self.today, meeting, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.setWindowModality(Qt.WindowModality.ApplicationModal)
        editor.saved.connect(lambda: self.refresh(editor.base.id if editor.base else None))
        editor.finished.connect(self._editor_closed)
        editor.open()
        return editor

    def _editor_closed(self) -> None:
        self.editor = None
        self.refresh()
        self.table.setFocus()

    def present_selected(self) -> None:
        chosen = self.selected_id()
        summary = next((s for s in self.summaries if s.id == chosen), None)
        if summary is None or not summary.patients:
            return
        self._presentation = actions.present(self, self.store, self.catalog, summary.id, self.today)
        if self._presentation is not None:
            self._presentation.closed.connect(self.refresh)  # type: ignore[attr-defined]

    def print_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        preview = actions.preview_minutes(self, self.store, chosen)
        if preview is not None:
            preview.exec()

    def delete_selected(self) -> None:
        meeting = self._load_selected()
        if meeting is not None and actions.delete_meeting(self, self.store, meeting):
            self.refresh()
