"""One team meeting as its chair prepares it: date, title, attendees and the patients on the agenda, in order.

Suggestions are read when the dialog opens and worked out again when the date changes (a review "due within
14 days" depends on the meeting's date), away from the window (agenda_suggester.py): the dialog is usable at
once and the suggested list says it is looking meanwhile. Saving writes only over the version the dialog
read; if a colleague changed the meeting meanwhile nothing is written, the user is told who did, and what they
typed stays here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from careplanner.reports.dates import long_date
from careplanner.store.errors import NotFound, StoreError
from careplanner.team.meetings import MAX_TITLE, Meeting
from careplanner.ui.meeting import meetings_actions as actions
from careplanner.ui.meeting.agenda_attendees import AttendeesPanel
from careplanner.ui.meeting.agenda_lists import AgendaPicker
from careplanner.ui.meeting.agenda_model import (
    AgendaLine,
    MeetingDraft,
    draft_of,
    line_of_entry,
    line_of_suggestion,
    meeting_words,
    other_open_plans,
)
from careplanner.ui.meeting.agenda_suggester import Suggester, collector_eased
from careplanner.ui.widgets import date_edit, from_qdate, set_date

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.store import Store
    from careplanner.team.meetings import AgendaCandidate, Suggestion
    from careplanner.team.model import UserProfile

DATE_SETTLE_MS = 400  # suggestions are worked out once the date stops changing under the arrow keys
PROBLEM_STYLE = "color: #B00020;"


def _sentence(error: Exception) -> str:
    """The store's words as a sentence, so that more can follow them."""
    words = str(error).strip()
    return words if words.endswith((".", "!", "?")) else f"{words}."


class AgendaDialog(QDialog):
    saved = Signal()  # the meeting was written (the list of meetings reads it again)

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        today: dt.date,
        meeting: Meeting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.catalog, self.today = store, catalog, today
        self.base: Meeting | None = None  # the meeting as last read from or written to the database
        self.saved_draft = MeetingDraft(today, "", (), ())
        self._presentation: QWidget | None = None
        self.suggestions_seconds: float | None = None  # how long the last suggestions took (for the notes)
        self.suggester = Suggester(store, catalog, self)
        self._build()
        self._connect()
        self.resize(1280, 720)
        self.show_meeting(meeting)
        self.title.setFocus()  # the date is today's unless changed; the title is typed

    # -- the form ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.date = date_edit()
        self.day_words = QLabel()
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText("Pain team meeting")
        self.chair = QLabel()
        self.attendees = AttendeesPanel()
        self.picker = AgendaPicker()
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.present_button = QPushButton("&Present")
        self.present_button.setToolTip("Show the meeting full screen, one patient a page (F5); saves first")
        self.minutes_button = QPushButton("Print m&inutes…")
        self.minutes_button.setToolTip("The minutes as saved: preview, print or save as PDF (Ctrl+P)")
        self.delete_button = QPushButton("D&elete meeting…")
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the meeting (Ctrl+S)")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the meeting (Esc); unsaved changes are asked about")
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.day_words, 1)
        form = QFormLayout()
        date_label = QLabel("&Date:")
        date_label.setBuddy(self.date)
        form.addRow(date_label, date_row)
        form.addRow("&Title:", self.title)
        form.addRow("Chair:", self.chair)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.attendees)
        split.addWidget(self.picker)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 980])
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        for button in (self.present_button, self.minutes_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        # Enter in a field or a list never presses a button by itself (a guest, a save, the meeting mode).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def _connect(self) -> None:
        self._date_settled = QTimer(self, singleShot=True, interval=DATE_SETTLE_MS)
        self._date_settled.timeout.connect(self.refresh_suggestions)
        self._read_soon = QTimer(self, singleShot=True, interval=0)  # once the dialog is on screen
        self._read_soon.timeout.connect(self.refresh_suggestions)
        self.date.dateChanged.connect(self._date_changed)
        self.suggester.arrived.connect(self._suggestions_arrived)
        self.suggester.failed.connect(self._suggestions_failed)
        self.title.textChanged.connect(self._update)
        self.attendees.changed.connect(self._update)
        self.picker.changed.connect(self._update)
        self.save_button.clicked.connect(self.save)
        self.present_button.clicked.connect(self.present)
        self.minutes_button.clicked.connect(self.print_minutes)
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.reject)
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.Print, self.print_minutes),
            (QKeySequence("F5"), self.present),
        ):
            QShortcut(keys, self, slot)

    # -- showing a meeting -------------------------------------------------------------------------
    def show_meeting(self, meeting: Meeting | None) -> None:
        """The meeting as saved (or a new, empty one); suggestions follow once the dialog is drawn."""
        self.base = meeting
        self.saved_draft = draft_of(meeting) if meeting else MeetingDraft(self.today, "", (), ())
        set_date(self.date, self.saved_draft.held_on)
        self.title.blockSignals(True)
        self.title.setText(self.saved_draft.title)
        self.title.blockSignals(False)
        self.problem.clear()
        self.attendees.set_people(self._users(), self.saved_draft.attendees)
        self.picker.set_chosen([line_of_entry(entry) for entry in meeting.entries] if meeting else [])
        self.suggester.forget_plans()  # read again: plans may have changed since
        self.picker.show_reading()
        self._read_soon.start()
        self._update()

    def _users(self) -> list[UserProfile]:
        try:
            return self.store.list_users()
        except StoreError as error:
            self.problem.setText(f"The users cannot be read: {error}")
            return []

    def _chair_words(self) -> str:
        if self.base is not None:
            return self.base.chair_name
        return "You, once the meeting is saved"

    def _date_changed(self, *_: object) -> None:
        self.day_words.setText(long_date(from_qdate(self.date.date())))
        self._update()
        self._date_settled.start()

    def refresh_suggestions(self) -> None:
        """Plans the meeting should perhaps discuss, as of its date, worked out beside the window (the plans
        are read once per opening; an answer for an earlier date is dropped)."""
        held_on = from_qdate(self.date.date())
        self.day_words.setText(long_date(held_on))
        self.picker.show_reading()
        self.suggester.request(held_on)

    def _suggestions_arrived(
        self, candidates: list[AgendaCandidate], suggested: list[Suggestion], seconds: float
    ) -> None:
        self.suggestions_seconds = seconds
        with collector_eased():  # a line for every open plan: thousands on a large clinic
            others = other_open_plans(candidates, suggested)
            self.picker.set_offered([line_of_suggestion(s) for s in suggested], others)

    def _suggestions_failed(self, words: str) -> None:
        self.picker.show_unreadable(f"The open plans cannot be read: {words}")

    # -- what the user has changed -----------------------------------------------------------------
    def current_draft(self) -> MeetingDraft:
        return MeetingDraft(
            from_qdate(self.date.date()),
            self.title.text().strip(),
            self.attendees.attendees(),
            tuple(line.plan_id for line in self.picker.chosen_lines()),
        )

    @property
    def is_dirty(self) -> bool:
        return self.current_draft() != self.saved_draft

    def _update(self, *_: object) -> None:
        dirty, stored = self.is_dirty, self.base is not None
        self.setWindowModified(dirty)
        heading = meeting_words(self.base) if self.base else "New team meeting"
        self.setWindowTitle(f"{heading}[*] — Team meetings")
        self.chair.setText(self._chair_words())
        self.save_button.setEnabled(dirty or not stored)
        self.delete_button.setEnabled(stored)
        self.minutes_button.setEnabled(stored or dirty)
        self.present_button.setEnabled(bool(self.picker.chosen_lines()))
        self.problem.setVisible(bool(self.problem.text()))

    # -- saving ------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write what changed; True when the database holds what the dialog shows."""
        if not actions.ensure_profile(self, self.store):
            return False
        draft = self.current_draft()
        lines = self.picker.chosen_lines()
        try:
            self._write(draft, lines)
        except StoreError as error:
            self._refused(error)
            if not draft.title:
                self.title.setFocus()  # the title is what is missing
            return False
        self.problem.clear()
        assert self.base is not None
        self.saved_draft = draft_of(self.base)
        self.picker.set_chosen([line_of_entry(entry) for entry in self.base.entries])
        self._update()
        self.saved.emit()
        return True

    def _write(self, draft: MeetingDraft, lines: tuple[AgendaLine, ...]) -> None:
        """Details and agenda in one transaction: refused as a whole, or written as a whole."""
        base = self.base
        plans = tuple((line.plan_id, line.reasons) for line in lines)
        self.base = self.store.save_meeting(
            None if base is None else base.id,
            None if base is None else base.version,
            draft.held_on,
            draft.title,
            draft.attendees,
            plans,
        )

    def _refused(self, error: StoreError) -> None:
        """Said in words; a colleague's change is offered for reloading, and nothing typed is lost."""
        self.problem.setText(f"Not saved: {error}")
        self._update()
        if self.base is None:
            return
        try:
            fresh = self.store.load_meeting(self.base.id)
        except NotFound:
            self.problem.setText(
                f"Not saved: {_sentence(error)} The meeting was deleted meanwhile; Save makes it again."
            )
            self.base = None
            self._update()
            return
        except StoreError:
            return  # the database is not answering: the words above say what happened
        if fresh.version == self.base.version:
            return
        if actions.ask_reload(self, str(error)):
            self.show_meeting(fresh)
            self.problem.setText(f"Not saved: {_sentence(error)} The meeting is shown as saved now.")
        else:
            self._keep_changes_over(fresh)
            self.problem.setText(
                f"Not saved: {_sentence(error)} Your changes are kept here: Save writes them over it."
            )
        self._update()

    def _keep_changes_over(self, fresh: Meeting) -> None:
        """The user keeps their changes: the next Save writes them over the colleague's version (they were
        told), and entries with a recommendation recorded meanwhile are marked so they stay."""
        self.base = fresh
        self.saved_draft = draft_of(fresh)
        recorded = {entry.plan_id: line_of_entry(entry) for entry in fresh.entries}
        self.picker.set_chosen([recorded.get(line.plan_id, line) for line in self.picker.chosen_lines()])
        self._update()

    # -- the other commands ------------------------------------------------------------------------
    def _saved_first(self) -> bool:
        return (not self.is_dirty and self.base is not None) or self.save()

    def present(self) -> None:
        if not self.picker.chosen_lines() or not self._saved_first() or self.base is None:
            return
        presentation = actions.present(self, self.store, self.catalog, self.base.id, self.today)
        if presentation is not None:
            self._presentation = presentation
            presentation.closed.connect(self._presentation_closed)  # type: ignore[attr-defined]

    def _presentation_closed(self) -> None:
        """Recommendations were perhaps recorded: show them (the user's unsaved edits are never replaced)."""
        self._presentation = None
        if self.base is not None and not self.is_dirty:
            try:
                self.show_meeting(self.store.load_meeting(self.base.id))
            except StoreError as error:
                self.problem.setText(f"The meeting cannot be read again: {error}")
                self._update()

    def print_minutes(self) -> None:
        if not self._saved_first() or self.base is None:
            return
        preview = actions.preview_minutes(self, self.store, self.base.id)
        if preview is not None:
            preview.exec()

    def delete(self) -> None:
        if self.base is not None and actions.delete_meeting(self, self.store, self.base):
            self.base = None
            self.saved.emit()
            self.saved_draft = self.current_draft()  # nothing left to ask about
            self.accept()

    # -- closing -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after closing (the suggestions were abandoned then): work them out again."""
        super().showEvent(event)
        if not (self.picker.offered or self.suggester.busy or self._read_soon.isActive()):
            self._read_soon.start()

    def done(self, result: int) -> None:
        """Closed by any way: suggestions still being worked out are not waited for, and never shown."""
        self.suggester.abandon()
        self._date_settled.stop()
        self._read_soon.stop()
        super().done(result)

    def _may_close(self) -> bool:
        if not self.is_dirty:
            return True
        answer = actions.ask_unsaved(self, meeting_words(self.base) if self.base else "The new meeting")
        if answer == actions.SAVE:
            return self.save()
        return answer == actions.DISCARD

    def reject(self) -> None:
        """Close, Esc and the window's close box all come here (QDialog turns a close event into this)."""
        if self._may_close():
            self.saved_draft = self.current_draft()
            super().reject()
