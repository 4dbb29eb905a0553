"""Team meetings from the window: the list, preparing a meeting (attendees, suggested patients, the order),
saving over a colleague's change without losing anything, the minutes, deleting, and the meeting mode."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from careplanner.store import Store
from careplanner.team.meetings import Attendee, Meeting
from careplanner.ui.meeting import meetings_actions as actions
from careplanner.ui.meeting.agenda_dialog import AgendaDialog
from careplanner.ui.meeting.agenda_lists import LINE_ROLE
from careplanner.ui.meeting.meetings_dialog import MeetingsDialog
from careplanner.ui.printing.preview import PrintPreview
from careplanner.ui.window.main_window import MainWindow

TODAY = dt.date.today()  # the demo plans are dated around today


@pytest.fixture
def window(make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    """The demo patients, and the user as a pain specialist."""
    window = make_window(demo=True)
    window.controller.store.save_user_profile("Dr Test", "pain-medicine")
    return window  # type: ignore[no-any-return]


@pytest.fixture
def colleague(database_url: str, window: MainWindow):  # type: ignore[no-untyped-def]
    """A second workstation on the same database: a psychologist."""
    store = Store.open(database_url, "psy.lee")
    store.save_user_profile("Lee Psychologist", "psychology")
    yield store
    store.close()


def meetings(qtbot, window: MainWindow) -> MeetingsDialog:  # type: ignore[no-untyped-def]
    window.actions_["meetings"].trigger()
    dialog = window.meetings_window
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)  # its keys work (it asked to be the active window)
    return dialog


def editor_for(qtbot, window: MainWindow, meeting: Meeting | None = None) -> AgendaDialog:  # type: ignore[no-untyped-def]
    listing = meetings(qtbot, window)
    editor = listing.edit(meeting)
    qtbot.waitUntil(lambda: editor.picker.offered)  # worked out beside the window
    return editor


def suggested_lines(editor: AgendaDialog) -> list[str]:
    return [editor.picker.suggested.item(row).text() for row in range(editor.picker.suggested.count())]


def chosen_names(editor: AgendaDialog) -> list[str]:
    return [line.patient_name for line in editor.picker.chosen_lines()]


def tick_suggestion(editor: AgendaDialog, row: int) -> str:
    item = editor.picker.suggested.item(row)
    item.setCheckState(Qt.CheckState.Checked)
    return item.data(LINE_ROLE).patient_name  # type: ignore[no-any-return]


def tick_attendee(editor: AgendaDialog, name: str) -> None:
    people = editor.attendees.people
    row = next(r for r in range(people.count()) if people.item(r).text().startswith(name))
    people.item(row).setCheckState(Qt.CheckState.Checked)


def stored_meeting(window: MainWindow, patients: int = 2) -> Meeting:
    """A meeting saved through the store, with the first suggested plans on its agenda."""
    from careplanner.team.suggestions import suggest_agenda

    store = window.controller.store
    suggested = suggest_agenda(store.agenda_candidates(), window.controller.catalog, TODAY)
    meeting = store.create_meeting(
        TODAY, "Pain team meeting", (Attendee("Dr Test", "pain-medicine", "dr.test"),)
    )
    return store.set_agenda(
        meeting.id, meeting.version, [(s.plan_id, s.reasons) for s in suggested[:patients]]
    )


def test_the_team_menu_opens_the_meetings_with_ctrl_shift_m(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    action = window.actions_["meetings"]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+M")
    others = [a.shortcut() for key, a in window.actions_.items() if key != "meetings"]
    assert action.shortcut() not in others  # the shortcut is free
    menus = {
        menu.title(): menu for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
    }
    assert action in menus["&Team"].actions()
    listing = meetings(qtbot, window)
    assert listing.table.rowCount() == 0
    assert "No team meeting yet" in listing.note.text()
    assert not listing.open_button.isEnabled() and listing.new_button.isEnabled()


def test_suggestions_list_patients_with_their_reasons_in_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, window)
    lines = suggested_lines(editor)
    assert len(lines) == 5 and "5 plans suggested" in editor.picker.suggested_note.text()
    assert any("Review overdue by" in line for line in lines)
    assert any("Not signed off yet" in line for line in lines)
    assert all("(DEMO-000" in line.splitlines()[0] for line in lines)  # the patient's name and record number
    assert editor.title.text() == "" and editor.title.placeholderText() == "Pain team meeting"
    assert editor.current_draft().held_on == TODAY
    assert editor.attendees.attendees() == ()  # nobody is ticked until the chair ticks them
    # A later date: the same plans, the overdue review now overdue by more days.
    overdue = next(line for line in lines if "Review overdue by" in line)
    editor.date.setDate(editor.date.date().addDays(7))
    qtbot.waitUntil(lambda: editor.picker.offered and suggested_lines(editor) != lines)
    assert overdue not in suggested_lines(editor)


def test_a_new_meeting_is_stored_with_attendees_and_the_chosen_patients(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    listing = meetings(qtbot, window)
    listing.new_meeting()
    editor = listing.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.picker.offered)
    editor.title.setText("Pain team meeting")
    tick_attendee(editor, "Dr Test")
    editor.attendees.add_guest_attendee(Attendee("Jo Guest", "pharmacy"))
    first, third = tick_suggestion(editor, 0), tick_suggestion(editor, 2)
    assert chosen_names(editor) == [first, third]
    assert editor.isWindowModified() and editor.save_button.isEnabled()
    assert editor.save()
    stored = window.controller.store.load_meeting(editor.base.id)
    assert (stored.title, stored.held_on, stored.chair_name) == ("Pain team meeting", TODAY, "Dr Test")
    assert stored.attendees == (
        Attendee("Dr Test", "pain-medicine", "dr.test"),
        Attendee("Jo Guest", "pharmacy", None),
    )
    assert [entry.patient_name for entry in stored.entries] == [first, third]
    assert all(entry.reasons for entry in stored.entries)  # why each is there, as suggested
    assert not editor.isWindowModified()
    assert listing.table.rowCount() == 1 and listing.table.item(0, 1).text() == "Pain team meeting"
    assert listing.table.item(0, 3).text() == "2"


def test_the_agenda_is_reordered_with_alt_up_and_alt_down(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    meeting = stored_meeting(window, patients=3)
    editor = editor_for(qtbot, window, meeting)
    names = [entry.patient_name for entry in meeting.entries]
    assert chosen_names(editor) == names
    editor.picker.chosen.setCurrentRow(0)
    qtbot.keyClick(editor.picker.chosen, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert chosen_names(editor) == [names[1], names[0], names[2]]
    assert editor.picker.chosen.currentRow() == 1  # the moved patient stays selected
    qtbot.keyClick(editor.picker.chosen, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    editor.picker.up.click()
    assert chosen_names(editor) == [names[1], names[0], names[2]]
    assert editor.save()
    stored = window.controller.store.load_meeting(meeting.id)
    assert [entry.patient_name for entry in stored.entries] == [names[1], names[0], names[2]]
    assert [entry.id for entry in stored.entries] == [
        meeting.entries[1].id,
        meeting.entries[0].id,
        meeting.entries[2].id,
    ]


def test_a_patient_with_a_recommendation_stays_on_the_agenda(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    meeting = stored_meeting(window)
    store = window.controller.store
    entry = meeting.entries[0]
    store.record_recommendation(entry.id, entry.version, "Continue the plan; review in six weeks")
    editor = editor_for(qtbot, window, store.load_meeting(meeting.id))
    assert "Recommendation recorded by Dr Test (Pain medicine)" in editor.picker.chosen.item(0).text()
    editor.picker.chosen.setCurrentRow(0)
    qtbot.keyClick(editor.picker.chosen, Qt.Key.Key_Delete)
    assert chosen_names(editor)[0] == entry.patient_name
    assert "stays on the agenda" in editor.picker.chosen_note.text()
    # Unticking its suggestion is refused in the same words; the tick comes back.
    row = next(
        r
        for r in range(editor.picker.suggested.count())
        if editor.picker.suggested.item(r).data(LINE_ROLE).plan_id == entry.plan_id
    )
    editor.picker.suggested.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert entry.patient_name in chosen_names(editor)
    assert editor.picker.suggested.item(row).checkState() == Qt.CheckState.Checked
    assert not editor.isWindowModified()


def test_a_colleagues_change_is_reported_and_the_users_edits_stay(
    qtbot, window, colleague, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    meeting = stored_meeting(window)
    editor = editor_for(qtbot, window, meeting)
    colleague.update_meeting(
        meeting.id, meeting.version, meeting.held_on, "Colleague's title", meeting.attendees
    )
    editor.title.setText("My title")
    tick_suggestion(editor, 3)
    asked: list[str] = []
    monkeypatch.setattr(actions, "ask_reload", lambda parent, problem: asked.append(problem) or False)
    assert not editor.save()
    assert asked and "Not saved" in editor.problem.text()
    assert "psy.lee" in asked[0] or "Lee Psychologist" in asked[0]  # who changed it
    assert window.controller.store.load_meeting(meeting.id).title == "Colleague's title"  # nothing written
    assert editor.title.text() == "My title" and len(chosen_names(editor)) == 3  # nothing lost
    # Kept: the next Save writes the user's version, knowingly, over the colleague's.
    assert editor.save()
    stored = window.controller.store.load_meeting(meeting.id)
    assert stored.title == "My title" and len(stored.entries) == 3


def test_after_a_colleagues_change_reload_shows_theirs(qtbot, window, colleague, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    meeting = stored_meeting(window)
    editor = editor_for(qtbot, window, meeting)
    colleague.update_meeting(
        meeting.id, meeting.version, meeting.held_on, "Colleague's title", meeting.attendees
    )
    editor.title.setText("My title")
    monkeypatch.setattr(actions, "ask_reload", lambda parent, problem: True)
    assert not editor.save()
    assert editor.title.text() == "Colleague's title" and not editor.isWindowModified()


def test_closing_with_unsaved_changes_asks(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, window)
    editor.title.setText("Pain team meeting")
    answers = [actions.CANCEL, actions.DISCARD]
    monkeypatch.setattr(actions, "ask_unsaved", lambda parent, what: answers.pop(0))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.title.text() == "Pain team meeting"
    editor.close_button.click()
    assert not editor.isVisible()
    assert window.controller.store.list_meetings() == []


def test_print_minutes_saves_a_pdf(qtbot, window: MainWindow, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    meeting = stored_meeting(window)
    editor = editor_for(qtbot, window, meeting)
    saved = tmp_path / "minutes.pdf"
    suggested: list[str] = []

    def choose_file(parent: QWidget, caption: str, name: str, filters: str) -> tuple[str, str]:
        suggested.append(name)
        return str(saved), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose_file))
    monkeypatch.setattr(PrintPreview, "exec", lambda preview: preview.save_as() or 0)
    qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert suggested == [f"minutes-{TODAY.isoformat()}-Pain_team_meeting.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Pain team meeting" in text
    assert all(entry.patient_name in text for entry in meeting.entries)


def test_deleting_asks_and_is_refused_once_the_team_recommended(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store = window.controller.store
    recommended, plain = stored_meeting(window), stored_meeting(window)
    entry = recommended.entries[0]
    store.record_recommendation(entry.id, entry.version, "Taper the opioid as planned")
    listing = meetings(qtbot, window)
    monkeypatch.setattr(actions, "confirm_delete", lambda parent, what: True)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: told.append(text)))
    listing.refresh(select=recommended.id)
    listing.delete_selected()
    assert told and store.load_meeting(recommended.id).id == recommended.id
    listing.refresh(select=plain.id)
    qtbot.keyClick(listing.table, Qt.Key.Key_Delete)
    assert [summary.id for summary in store.list_meetings()] == [recommended.id]
    assert listing.table.rowCount() == 1


class FakePresentation(QWidget):
    closed = Signal()
    shown: ClassVar[list[tuple[int, dt.date]]] = []

    def __init__(self, store: Store, catalog: QObject, meeting_id: int, today: dt.date) -> None:
        super().__init__()
        FakePresentation.shown.append((meeting_id, today))

    def show_presentation(self, screen: object = None) -> None:
        self.show()


def test_present_saves_first_and_opens_the_meeting_mode(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplanner.ui.meeting import presentation

    monkeypatch.setattr(presentation, "MeetingPresentation", FakePresentation)
    FakePresentation.shown = []
    editor = editor_for(qtbot, window)
    assert not editor.present_button.isEnabled()  # nobody on the agenda yet
    editor.title.setText("Pain team meeting")
    tick_suggestion(editor, 0)
    qtbot.keyClick(editor, Qt.Key.Key_F5)
    assert editor.base is not None and not editor.isWindowModified()
    assert FakePresentation.shown == [(editor.base.id, TODAY)]
    shown = editor._presentation
    assert shown is not None and shown.isVisible()
    shown.closed.emit()
    assert editor._presentation is None


def test_a_plan_not_suggested_can_still_be_put_on_the_agenda(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.controller.store
    signed = next(c for c in store.agenda_candidates() if c.record_number == "DEMO-0001")
    store.sign_off(
        signed.plan_id, signed.head_revision, True, None
    )  # its only reason was "Not signed off yet"
    editor = editor_for(qtbot, window)
    assert not any("DEMO-0001" in line for line in suggested_lines(editor))
    editor.picker.every_plan.setChecked(True)
    row = next(r for r, line in enumerate(suggested_lines(editor)) if "DEMO-0001" in line)
    assert "Not among the suggestions" in suggested_lines(editor)[row]
    editor.picker.suggested.setCurrentRow(row)
    editor.picker.add_button.click()
    assert chosen_names(editor) == [signed.patient_name]
    editor.title.setText("Pain team meeting")
    assert editor.save()
    assert store.load_meeting(editor.base.id).entries[0].reasons == ()


def test_a_new_meeting_asks_who_the_chair_is_first(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplanner.ui.team import profile_dialog

    window = make_window(demo=True)
    store = window.controller.store
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes),
    )
    monkeypatch.setattr(
        profile_dialog, "ask_profile", lambda parent, save, login, current: save("Dr Test", "nursing")
    )
    listing = meetings(qtbot, window)
    listing.new_meeting()
    assert asked and "name and discipline" in asked[0]
    assert store.user_profile() is not None and listing.editor is not None


def test_a_meeting_without_a_title_is_refused_in_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, window)
    tick_suggestion(editor, 0)
    editor.date.setFocus()
    assert not editor.save()
    assert editor.problem.text() == "Not saved: the meeting's title is empty: give the meeting a title"
    assert editor.problem.isVisibleTo(editor) and editor.title.hasFocus()
    assert window.controller.store.list_meetings() == [] and len(chosen_names(editor)) == 1


def test_enter_in_the_title_presses_no_button(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[object] = []
    monkeypatch.setattr("careplanner.ui.meeting.agenda_attendees.ask_guest", lambda parent: asked.append(1))
    editor = editor_for(qtbot, window)
    editor.title.setFocus()
    qtbot.keyClicks(editor.title, "Pain team meeting")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    assert asked == [] and editor.isVisible() and editor.base is None  # no guest asked for, nothing saved
