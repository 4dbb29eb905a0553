"""What both the list of meetings and a meeting's own dialog do: the minutes, the meeting mode, deleting,
and the questions they ask first (module functions, so that each question has one wording)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from careplanner.file_names import safe_file_stem
from careplanner.reports import ClinicDetails, ReportError
from careplanner.reports.settings import SETTING_KEY
from careplanner.store.errors import StoreError
from careplanner.team.meetings import Meeting
from careplanner.ui.meeting.agenda_model import meeting_words
from careplanner.ui.printing.preview import PrintPreview

if TYPE_CHECKING:
    from careplanner.catalog.model import Catalog
    from careplanner.store import Store

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ensure_profile(parent: QWidget, store: Store) -> bool:
    """Meetings name their chair: the user's name and discipline are asked for once, when missing."""
    try:
        if store.user_profile() is not None:
            return True
    except StoreError as error:
        QMessageBox.warning(parent, "Cannot read your name", str(error))
        return False
    from careplanner.ui.team.profile_dialog import ask_profile

    answer = QMessageBox.question(
        parent,
        "Your name and discipline",
        "A meeting names its chair and who changed it. Tell careplanner your name and discipline first?",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return ask_profile(parent, store.save_user_profile, store.user, None) is not None


def ask_unsaved(parent: QWidget, what: str) -> str:
    """SAVE, DISCARD or CANCEL for changes to a meeting that are not saved yet."""
    answer = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"{what} has changes that are not saved. Save them?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    return DISCARD if answer == QMessageBox.StandardButton.Discard else CANCEL


def ask_reload(parent: QWidget, problem: str) -> bool:
    """After a colleague's change: True to show the meeting as saved now (the user's edits dropped)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Not saved")
    box.setText(problem)
    box.setInformativeText(
        "Your changes are still in the window. Reload shows the meeting as it is saved now and drops them; "
        "Keep my changes leaves them here, and saving them then replaces the colleague's."
    )
    reload = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep my changes", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is reload


def confirm_delete(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Delete the meeting",
        f"Delete {what} with its attendees and agenda? This cannot be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def delete_meeting(parent: QWidget, store: Store, meeting: Meeting) -> bool:
    """Deleted after asking; the store refuses once a recommendation is recorded, and that is said."""
    if not confirm_delete(parent, meeting_words(meeting)):
        return False
    try:
        store.delete_meeting(meeting.id, meeting.version)
    except StoreError as error:
        QMessageBox.warning(parent, "Not deleted", str(error))
        return False
    return True


def minutes_file_name(meeting: Meeting) -> str:
    """E.g. minutes-2026-12-02-Pain_team_meeting.pdf (a title never names a folder)."""
    return f"minutes-{meeting.held_on.isoformat()}-{safe_file_stem(meeting.title, 'meeting')}.pdf"


def _clinic(store: Store) -> ClinicDetails:
    try:
        return ClinicDetails.from_setting(store.setting(SETTING_KEY))
    except StoreError:
        return ClinicDetails()  # the minutes still print, without the clinic's name on them


def preview_minutes(parent: QWidget, store: Store, meeting_id: int) -> PrintPreview | None:
    """The minutes as the meeting stands in the database now, in the print preview (save as PDF, print)."""
    from careplanner.reports.minutes import minutes_pdf
    from careplanner.team.minutes import minutes_of

    try:
        meeting, sources = store.minutes_sources(meeting_id)
    except StoreError as error:
        QMessageBox.warning(parent, "Cannot print the minutes", str(error))
        return None
    minutes, clinic = minutes_of(meeting, sources), _clinic(store)

    def render(_: bool) -> bytes:
        return minutes_pdf(minutes, clinic)

    title = f"Minutes of {meeting_words(meeting)}"
    try:
        return PrintPreview(
            title, minutes_file_name(meeting), render, large_print_option=False, parent=parent
        )
    except ReportError as error:
        QMessageBox.warning(parent, "Cannot print the minutes", str(error))
        return None


ScreenT = TypeVar("ScreenT")


def present(
    parent: QWidget, store: Store, catalog: Catalog, meeting_id: int, today: dt.date
) -> QWidget | None:
    """The meeting mode, full screen, above any dialog (its own dialogs, e.g. the recommendation, work).

    The caller keeps the returned window until its `closed` signal; it is deleted after that."""
    from careplanner.ui.meeting.presentation import MeetingPresentation

    try:
        presentation = MeetingPresentation(store, catalog, meeting_id, today)
    except StoreError as error:
        QMessageBox.warning(parent, "Cannot show the meeting", str(error))
        return None
    presentation.closed.connect(presentation.deleteLater)  # the opener's reference goes with its closed()
    presentation.setWindowModality(Qt.WindowModality.ApplicationModal)
    presentation.show_presentation(projector_screen(parent.screen(), QApplication.screens()))
    return presentation


def projector_screen(opener: ScreenT, screens: Sequence[ScreenT]) -> ScreenT:
    """Where the meeting is shown: with a second screen (a projector beside the laptop), the first one that is
    not the window's; with one screen, that one."""
    return (
        next((screen for screen in screens if screen is not opener), opener) if len(screens) > 1 else opener
    )
