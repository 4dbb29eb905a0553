"""The meeting mode: the agenda's patients one page at a time, full screen and in large type for a projector.

Nothing here edits a plan: the timeline is on a read-only workspace, and the one thing written is the team's
recommendation for the patient shown (R), into the meeting's record. Each page is read from the database when
it is shown, never all of them up front (a long agenda opens at once), and read again when the page comes back
(another workstation may have recorded a recommendation meanwhile), every few seconds while it is on
screen, and after R. A page that cannot be read again stays as the team is reading it, with a note below;
only a page never read shows why instead. Pages are shown as of the meeting's date (a rehearsal the day
before, or a look back later, shows what the meeting had), and a recommendation names the revision on screen.

Keys: Right, Page Down or Space the next patient; Left or Page Up the previous one; Home and End the first and
the last; Up and Down scroll; Ctrl+= (or Ctrl++), Ctrl+- and Ctrl+0 make the type larger, smaller or as it
was; R records the recommendation; Esc leaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget

from careplanner.catalog.model import Catalog
from careplanner.editing.recovery import Origin
from careplanner.outcomes import outcome_chart
from careplanner.reports.dates import short_date
from careplanner.store.errors import NotFound, StoreError
from careplanner.team.meetings import AgendaEntry, Meeting, SlideSources
from careplanner.team.slides import build_slide
from careplanner.ui.meeting.recommendation_dialog import RecommendationDialog
from careplanner.ui.meeting.slide_view import SlideView, high_contrast
from careplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from careplanner.store import Store

PROJECTOR_SCALE = 1.6  # of the window's type size
ZOOM_STEP = 1.15
MIN_ZOOM, MAX_ZOOM = -4, 8  # steps of ZOOM_STEP from the projector size
FOOTER_SCALE = 0.8
KEYS = (
    "→ / Page Down / Space: next patient  ·  ← / Page Up: previous  ·  Home / End: first / last  ·  "
    "↑ / ↓: scroll  ·  Ctrl+= / Ctrl+-: larger / smaller type, Ctrl+0: as it was  ·  "
    "R: record the team's recommendation  ·  Esc: leave"
)
EMPTY_AGENDA = (
    "No patients are on this meeting's agenda yet. Choose them in the Team meetings dialog, then present "
    "the meeting again. Press Esc to leave."
)
NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}
LARGER_KEYS = {Qt.Key.Key_Equal, Qt.Key.Key_Plus}


UNRECORDED: dict[str, dict[int, str]] = {}  # database identity -> agenda entry id -> text typed, not recorded
REFRESH_MS = 10_000  # how often the page on screen is read again
KEPT_HERE = "Your text is kept here."


class MeetingPresentation(QWidget):
    closed = Signal()  # the meeting mode was left (Esc, or the window closed)

    def __init__(
        self, store: Store, catalog: Catalog, meeting_id: int, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.catalog, self.meeting_id, self.today = store, catalog, meeting_id, today
        self.setWindowTitle("Team meeting")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        high_contrast(self)
        self.meeting: Meeting | None = None
        self.index = 0  # the agenda entry shown
        self.sources: SlideSources | None = None  # what the page shown was built from
        self.dialog: RecommendationDialog | None = None
        # Typed but not recorded (Esc, Cancel, the dialog closed), per agenda entry of this database: offered
        # again on the next R for that patient only until it is recorded, even after presenting again.
        self.drafts: dict[int, str] = UNRECORDED.setdefault(store.identity, {})
        self._unread = False  # the page shows why it could not be read: the timer tries again
        self._away = False  # another window is active: the page is read again when this one is back
        window_font = (parent.font() if parent is not None else QApplication.font()).pointSizeF()
        self.projector_points = window_font * PROJECTOR_SCALE
        self.zoom_steps = 0
        self.view = SlideView()
        self.footer = QLabel(KEYS, wordWrap=True)
        self.footer.setAccessibleName("Keys")
        self.note = QLabel(wordWrap=True)  # a check for changes failed: the page shown may be behind
        self.note.setAccessibleName("Note")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 12)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.footer)
        self._apply_zoom()
        self._load_meeting()
        self._show_page(0)
        # A colleague's comment, sign-off or recommendation on another workstation shows within seconds.
        self.refresh_timer = QTimer(self, interval=REFRESH_MS)
        self.refresh_timer.timeout.connect(self._refresh)

    def show_presentation(self, screen: QScreen | None = None) -> None:
        """Full screen on `screen` (default: the primary one, or the opener's). The geometry is set first, so
        it covers the screen even where no window manager acts on the full-screen request."""
        self.refresh_timer.start()
        opener = self.parentWidget()
        target = screen or (opener.screen() if opener is not None else QApplication.primaryScreen())
        if target is not None:
            self.setGeometry(target.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    # -- reading -----------------------------------------------------------------------------------
    def _load_meeting(self) -> None:
        try:
            self.meeting = self.store.load_meeting(self.meeting_id)
        except StoreError as error:
            self._meeting_unreadable(error)
            return
        self.setWindowTitle(f"Team meeting: {self.meeting.title}, {short_date(self.meeting.held_on)}")

    def _meeting_unreadable(self, error: StoreError) -> None:
        """Say why, and nothing of any patient: the page no longer belongs to a meeting that can be shown."""
        self.meeting, self.sources, self._unread = None, None, False
        self.note.hide()
        self.view.show_message(f"The meeting could not be opened: {error}")

    @property
    def entry_count(self) -> int:
        return len(self.meeting.entries) if self.meeting is not None else 0

    def _show_page(self, index: int, *, again: bool = False) -> None:
        """Read the entry at `index` from the database and show it; `again`: the same page, read anew."""
        meeting = self.meeting
        if meeting is None:
            return
        if not meeting.entries:
            self.sources, self._unread = None, False
            self.view.show_message(EMPTY_AGENDA)
            return
        self.index = max(0, min(index, len(meeting.entries) - 1))
        entry = meeting.entries[self.index]
        kept_scroll = self.view.page_scroll.verticalScrollBar().value() if again else 0
        if not again:
            self.sources = None
            self.view.clear()  # the previous patient is gone before anything of the next one is read
        try:
            sources = self.store.slide_sources(entry.id)
        except NotFound as error:
            self._entry_missing(index, entry, error, again=again)
            return
        except StoreError as error:
            self._read_failed(entry, error, again=again)
            return
        self.note.hide()  # read: the page is as the database has it
        self.meeting = sources.meeting  # the agenda as it is now
        self.index = next(
            (i for i, e in enumerate(sources.meeting.entries) if e.id == sources.entry.id), self.index
        )
        if again and sources == self.sources:
            return  # nothing changed: the page stays as the team is reading it
        self._draw(sources)
        self.view.page_scroll.verticalScrollBar().setValue(kept_scroll)

    def _entry_missing(self, index: int, entry: AgendaEntry, error: StoreError, *, again: bool) -> None:
        """The entry is not there: the chair took the patient off (show who is there now), or the meeting
        was deleted (say by whom, and nothing of the patient)."""
        try:
            meeting = self.store.load_meeting(self.meeting_id)
        except NotFound as gone:
            self._meeting_unreadable(gone)
            return
        except StoreError as failed:
            self._read_failed(entry, failed, again=again)
            return
        self.meeting = meeting
        if all(e.id != entry.id for e in meeting.entries):
            self._show_page(index)
        else:
            self._read_failed(entry, error, again=again)

    def _read_failed(self, entry: AgendaEntry, error: StoreError, *, again: bool) -> None:
        """A page read anew keeps what the team is reading, with a note (the timer tries again); a page
        never read says why instead."""
        if again and self.sources is not None and self.sources.entry.id == entry.id:
            self.note.setText(f"Could not check for changes at {dt.datetime.now():%H:%M}; trying again.")
            self.note.setToolTip(str(error))
            self.note.show()
            return
        self.sources, self._unread = None, True
        self.note.hide()
        self.view.show_message(f"The page of {entry.patient_name} could not be read: {error}")

    def _draw(self, sources: SlideSources) -> None:
        self.sources, self._unread = sources, False
        meeting = sources.meeting
        slide = build_slide(sources, self.catalog, meeting.held_on)  # as the meeting had it
        entry = sources.entry
        workspace = Workspace(
            self.catalog,
            self.store.user,
            slide.document,
            Origin(patient_id=entry.patient_id, plan_id=entry.plan_id, base_revision=sources.head_revision),
            read_only=True,
            title=entry.plan_title,
            status=sources.plan_status,
            as_of=meeting.held_on,
        )
        chart = outcome_chart(slide.document, self.catalog) if slide.chart_available else None
        position = f"Patient {self.index + 1} of {len(meeting.entries)}"
        occasion = f"Meeting of {short_date(meeting.held_on)}"  # its title is in the window's
        if meeting.held_on != self.today:
            occasion += " (as on that day)"  # a rehearsal, or a look back: not today's findings
        self.view.show_slide(slide, workspace, chart, position, occasion)

    def reload(self) -> None:
        """Read the page shown again: another workstation may have recorded a recommendation meanwhile."""
        if self.meeting is None:
            self._load_meeting()
        self._show_page(self.index, again=self.sources is not None)

    def _refresh(self) -> None:
        """Read the page again while it is on screen (never under the recommendation dialog); a page that
        could not be read is tried again."""
        if not self.isVisible() or self.dialog is not None:
            return
        if self.sources is not None:
            self._show_page(self.index, again=True)
        elif self._unread and self.meeting is not None:
            self._show_page(self.index)

    # -- moving about ------------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        if self.entry_count and max(0, min(index, self.entry_count - 1)) != self.index:
            self._show_page(index)

    def zoom(self, steps: int | None) -> None:
        """`steps` larger (negative: smaller); None: back to the projector size."""
        wanted = 0 if steps is None else self.zoom_steps + steps
        self.zoom_steps = max(MIN_ZOOM, min(MAX_ZOOM, wanted))
        self._apply_zoom()

    def text_points(self) -> float:
        return self.projector_points * ZOOM_STEP**self.zoom_steps

    def _apply_zoom(self) -> None:
        points = self.text_points()
        self.view.set_text_size(points)
        footer = self.footer.font()
        footer.setPointSizeF(max(self.projector_points, points) * FOOTER_SCALE)
        self.footer.setFont(footer)
        footer.setBold(True)
        self.note.setFont(footer)

    # -- the team's recommendation -----------------------------------------------------------------
    def record_recommendation(self) -> None:
        """Open the dialog for the patient shown, with what was typed for them and not recorded, or else the
        recommendation recorded so far (if any)."""
        sources = self.sources
        if sources is None or self.dialog is not None:
            return
        entry = sources.entry
        recorded = entry.recommendation.text if entry.recommendation is not None else ""
        draft = self.drafts.get(entry.id)
        patient = f"{entry.patient_name} (record {entry.record_number})"
        dialog = RecommendationDialog(
            self,
            patient,
            recorded if draft is None else draft,
            lambda text: self._record(entry.id, text),
            self.view.font(),
            unrecorded=draft is not None,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(self._on_closed(entry.id, recorded))
        self.dialog = dialog
        dialog.open()

    def _record(self, entry_id: int, text: str) -> str | None:
        """Record over the version the page was read at, on the revision the page shows; a refusal in
        words, the page then shows what is."""
        sources = self.sources
        if sources is None or sources.entry.id != entry_id:
            return "This patient's page is no longer shown: nothing was recorded."
        try:
            self.store.record_recommendation(entry_id, sources.entry.version, text, sources.head_revision)
        except StoreError as error:
            self.reload()  # show what a colleague recorded meanwhile
            return f"{_sentence(str(error))}\n\n{KEPT_HERE}"  # their quoted words end the store's
        self.reload()
        return None

    def _on_closed(self, entry_id: int, recorded: str) -> Callable[[int], None]:
        return lambda result: self._dialog_closed(entry_id, recorded, result)

    def _dialog_closed(self, entry_id: int, recorded: str, result: int) -> None:
        dialog = self.dialog
        if dialog is not None:
            # Esc is the meeting's "leave" key, so it is pressed in the dialog too: what was typed stays.
            typed = dialog.text()
            if result == QDialog.DialogCode.Accepted or not typed or typed == recorded:
                self.drafts.pop(entry_id, None)
            else:
                self.drafts[entry_id] = typed
            dialog.deleteLater()
        self.dialog = None
        self.reload()
        self.activateWindow()
        self.setFocus()

    # -- events ------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = Qt.Key(event.key()), event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in LARGER_KEYS:
            self.zoom(1)
        elif ctrl and key in (Qt.Key.Key_Minus, Qt.Key.Key_0):
            self.zoom(-1 if key == Qt.Key.Key_Minus else None)
        elif ctrl or modifiers & Qt.KeyboardModifier.AltModifier:
            super().keyPressEvent(event)
        elif key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.go_to(self.index + (1 if key in NEXT_KEYS else -1))
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.go_to(0 if key == Qt.Key.Key_Home else self.entry_count - 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.view.scroll_lines(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_R:
            self.record_recommendation()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Back from another window (or the dialog): the page may have changed on another workstation.
        if event.type() != QEvent.Type.ActivationChange:
            return
        if not self.isActiveWindow():
            self._away = True
        elif self._away and self.dialog is None:
            self._away = False
            self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if not event.isAccepted():
            return
        self.refresh_timer.stop()
        opener = self.parentWidget()
        if opener is not None:  # back to the window the meeting was presented from
            opener.window().activateWindow()
        self.closed.emit()


def _sentence(words: str) -> str:
    """The store's words as a sentence: a capital first, a full stop last unless they end in a quote."""
    words = words.strip()
    ending = "" if words.endswith(('"', ".", "!", "?", "…")) else "."
    return f"{words[:1].upper()}{words[1:]}{ending}"
