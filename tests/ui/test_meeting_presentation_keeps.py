"""The meeting mode keeps what the team has: a recommendation typed and not recorded stays for that patient
(Esc is the meeting's "leave" key and is pressed in the dialog too); a check for changes that fails keeps the
page on the projector; a meeting deleted elsewhere says so without showing a patient; the pages are as of the
meeting's date, and a recommendation names the revision the team was shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from careplanner.store import Store
from careplanner.store.errors import StoreError
from careplanner.ui.meeting.presentation import MeetingPresentation
from careplanner.ui.meeting.recommendation_dialog import HINT
from tests.integration.test_store_team import changed
from tests.ui.test_meeting_presentation import (
    CATALOG,
    MEETING_DAY,
    NAMES,
    heading,
    meeting_of,
    open_recommendation,
    patient_document,
    plans_of,
    present,
    shown,
)

TYPED = "Refer to the sleep clinic and taper the opioid over eight weeks."


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url, "dr.test")
    opened.save_user_profile("Dr Test", "pain-medicine")
    yield opened
    opened.close()


@pytest.fixture
def colleague(database_url: str, store: Store) -> Iterator[Store]:
    other = Store.open(database_url, "dr.ash")
    other.save_user_profile("Dr Ash", "psychology")
    yield other
    other.close()


@pytest.fixture
def three(qtbot, store: Store) -> MeetingPresentation:  # type: ignore[no-untyped-def]
    plan_ids = plans_of(store, [patient_document(n, name) for n, name in enumerate(NAMES, 1)])
    return present(qtbot, store, meeting_of(store, plan_ids))


def cancel(qtbot, presentation: MeetingPresentation, how: str) -> None:  # type: ignore[no-untyped-def]
    dialog = presentation.dialog
    assert dialog is not None
    if how == "esc":
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    elif how == "cancel":
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
        )
    else:
        dialog.close()  # the dialog's own window button
    assert presentation.dialog is None


@pytest.mark.parametrize("how", ["esc", "cancel", "close"])
def test_a_text_typed_and_not_recorded_is_kept_for_that_patient_only(qtbot, store, three, how: str) -> None:  # type: ignore[no-untyped-def]
    presentation = three
    dialog = open_recommendation(qtbot, presentation)
    assert dialog.hint.text() == HINT and "kept for this patient until it is recorded" in HINT
    assert "typed earlier" not in dialog.about.text()
    qtbot.keyClicks(dialog.editor, TYPED)
    cancel(qtbot, presentation, how)
    assert presentation.isVisible() and heading(presentation).startswith("Eve Example")  # still presenting
    dialog = open_recommendation(qtbot, presentation)
    assert dialog.editor.toPlainText() == TYPED
    assert dialog.about.text().endswith("Eve Example (record T-1), typed earlier and not recorded yet:")
    cancel(qtbot, presentation, "esc")
    qtbot.keyClick(presentation, Qt.Key.Key_Right)
    dialog = open_recommendation(qtbot, presentation)  # another patient: never the text typed for Eve
    assert "Adam Other" in dialog.about.text() and dialog.editor.toPlainText() == ""
    cancel(qtbot, presentation, "esc")
    qtbot.keyClick(presentation, Qt.Key.Key_Left)
    dialog = open_recommendation(qtbot, presentation)
    assert dialog.editor.toPlainText() == TYPED
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # recorded: no longer a draft
    assert presentation.drafts == {}
    recorded = store.load_meeting(presentation.meeting_id).entries[0].recommendation
    assert recorded is not None and recorded.text == TYPED
    dialog = open_recommendation(qtbot, presentation)
    assert dialog.editor.toPlainText() == TYPED and "typed earlier" not in dialog.about.text()
    dialog.editor.clear()  # nothing typed over the recorded text: nothing to keep
    cancel(qtbot, presentation, "esc")
    assert presentation.drafts == {}


def test_a_text_not_recorded_is_still_there_when_the_meeting_is_presented_again(qtbot, store, three) -> None:  # type: ignore[no-untyped-def]
    dialog = open_recommendation(qtbot, three)
    qtbot.keyClicks(dialog.editor, TYPED)
    cancel(qtbot, three, "esc")
    qtbot.keyClick(three, Qt.Key.Key_Escape)  # leave the meeting mode
    again = present(qtbot, store, three.meeting_id)
    dialog = open_recommendation(qtbot, again)
    assert dialog.editor.toPlainText() == TYPED
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert again.drafts == {}


def test_a_colleague_s_recommendation_meanwhile_is_told_with_the_typed_text_kept_on_its_own_line(
    qtbot, colleague, three
) -> None:  # type: ignore[no-untyped-def]
    presentation = three
    entry = colleague.load_meeting(presentation.meeting_id).entries[0]
    dialog = open_recommendation(qtbot, presentation)
    colleague.record_recommendation(entry.id, entry.version, "Stop the tramadol.")
    dialog.editor.setPlainText("Start graded activity now")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    refusal = dialog.refusal.text()
    assert refusal.startswith("Dr Ash (Psychology) recorded a recommendation for this patient on ")
    assert refusal.endswith('Theirs: "Stop the tramadol."\n\nYour text is kept here.')
    assert dialog.editor.toPlainText() == "Start graded activity now"


def test_the_recommendation_names_the_revision_shown_though_a_colleague_saved_meanwhile(
    qtbot, store, colleague, three
) -> None:  # type: ignore[no-untyped-def]
    presentation = three
    entry = store.load_meeting(presentation.meeting_id).entries[0]
    assert "revision 1" in presentation.view.plan_line.text()
    dialog = open_recommendation(qtbot, presentation)
    assert changed(colleague, entry.plan_id, 1, 7) == 2  # saved while the team talks
    dialog.editor.setPlainText("Continue as planned")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert presentation.dialog is None
    recorded = store.load_meeting(presentation.meeting_id).entries[0]
    assert recorded.recommendation is not None and recorded.presented_revision == 1
    assert "revision 2" in presentation.view.plan_line.text()  # the page now shows the colleague's save


def failing_once(presentation: MeetingPresentation, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The next read of a page fails as a database time-out does; the ones after it work."""
    original, failed = presentation.store.slide_sources, []

    def read(entry_id: int) -> object:
        if not failed:
            failed.append(entry_id)
            raise StoreError("the database did not answer in time")
        return original(entry_id)

    monkeypatch.setattr(presentation.store, "slide_sources", read)
    return failed


def test_a_failed_check_for_changes_keeps_the_page_and_says_so(qtbot, colleague, three, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    presentation = three
    failed = failing_once(presentation, monkeypatch)
    presentation.refresh_timer.timeout.emit()
    assert failed and heading(presentation).startswith("Eve Example")
    assert presentation.sources is not None and not presentation.view.message.isVisible()
    assert presentation.note.isVisible()
    assert presentation.note.text().startswith("Could not check for changes at ")
    assert presentation.note.text().endswith("; trying again.")
    plan_id = colleague.load_meeting(presentation.meeting_id).entries[0].plan_id
    colleague.add_comment(plan_id, 1, "Ask about sleep first")
    presentation.refresh_timer.timeout.emit()  # the next try works: the change shows, the note goes
    assert "Ask about sleep first" in shown(presentation) and not presentation.note.isVisible()
    failing_once(presentation, monkeypatch)
    presentation.reload()  # as when the window is active again
    assert heading(presentation).startswith("Eve Example") and presentation.note.isVisible()


def test_a_page_that_could_not_be_read_is_tried_again_by_the_timer(qtbot, three, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    presentation = three
    failing_once(presentation, monkeypatch)
    qtbot.keyClick(presentation, Qt.Key.Key_Right)  # a first read fails: the page says why
    assert "The page of Adam Other could not be read" in shown(presentation)
    assert not presentation.note.isVisible()
    presentation.refresh_timer.timeout.emit()
    assert heading(presentation).startswith("Adam Other") and "could not be read" not in shown(presentation)


def test_a_meeting_deleted_elsewhere_says_by_whom_and_shows_no_patient(qtbot, store, colleague) -> None:  # type: ignore[no-untyped-def]
    meeting = store.load_meeting(meeting_of(store, plans_of(store, [patient_document(1, "Eve Example")])))
    presentation = present(qtbot, store, meeting.id)
    colleague.delete_meeting(meeting.id, meeting.version)
    for read_again in (presentation.reload, presentation.refresh_timer.timeout.emit):
        read_again()
        text = shown(presentation)
        assert text.startswith(
            "The meeting could not be opened: the meeting was deleted by Dr Ash (dr.ash) on "
        )
        assert "Eve Example" not in text and "id" not in text.split()
    qtbot.keyClick(presentation, Qt.Key.Key_R)
    assert presentation.dialog is None


def test_the_pages_are_as_of_the_meeting_s_date_not_the_day_they_are_shown(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    meeting_id = meeting_of(store, plans_of(store, [patient_document(1, "Eve Example")]))  # born 4 Mar 1971
    later = dt.date(2027, 3, 10)  # looked at again after the birthday
    presentation = MeetingPresentation(store, CATALOG, meeting_id, later)
    qtbot.addWidget(presentation)
    presentation.show_presentation()
    assert "(55 years)" in heading(presentation)  # the age on 2 Dec 2026
    workspace = presentation.view.timeline.workspace
    assert workspace is not None and workspace.as_of == MEETING_DAY
    assert "Meeting of 2 Dec 2026 (as on that day)" in shown(presentation)


def test_the_meeting_goes_to_the_projector_when_there_is_a_second_screen() -> None:
    from careplanner.ui.meeting.meetings_actions import projector_screen

    laptop, projector = object(), object()
    assert projector_screen(laptop, [laptop, projector]) is projector
    assert projector_screen(projector, [laptop, projector]) is laptop  # the window was moved to the projector
    assert projector_screen(laptop, [laptop]) is laptop


def test_the_meeting_covers_the_screen_even_without_a_window_manager(qtbot, three) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    assert three.geometry() == QApplication.primaryScreen().geometry()
