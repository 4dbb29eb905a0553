"""The agenda's suggestions are worked out beside the window: the dialog is usable while the open plans are
read, an answer for an earlier date is dropped, closing meanwhile is safe, a long list stays quick."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from careplanner.store import Store
from careplanner.store.errors import StoreError
from careplanner.team.meetings import AgendaCandidate
from careplanner.team.suggestions import suggest_agenda
from careplanner.ui.meeting import agenda_lists
from careplanner.ui.meeting.agenda_dialog import AgendaDialog
from careplanner.ui.meeting.agenda_lists import LOOKING
from careplanner.ui.meeting.agenda_model import line_of_suggestion
from careplanner.ui.meeting.agenda_suggester import EASED_THRESHOLDS, collector_eased
from careplanner.ui.window.main_window import MainWindow

TODAY = dt.date.today()  # the demo plans are dated around today
PATIENCE_S = 10  # a worker held back by a test is let go at the latest then, so no test can hang


class HeldRead:
    """The store's read of the open plans, held back until the test lets it go; counts the reads."""

    def __init__(self, store: Store) -> None:
        self.read = store.agenda_candidates
        self.go, self.done = threading.Event(), threading.Event()
        self.calls = 0

    def __call__(self) -> list[AgendaCandidate]:
        self.calls += 1
        self.go.wait(PATIENCE_S)
        try:
            return self.read()
        finally:
            self.done.set()


@pytest.fixture
def window(make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    window = make_window(demo=True)
    window.controller.store.save_user_profile("Dr Test", "pain-medicine")
    return window  # type: ignore[no-any-return]


@pytest.fixture
def held(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldRead]:
    store = window.controller.store
    held = HeldRead(store)
    monkeypatch.setattr(store, "agenda_candidates", held)
    yield held
    held.go.set()  # never leave a worker waiting
    held.done.wait(PATIENCE_S)


def new_editor(qtbot, window: MainWindow) -> AgendaDialog:  # type: ignore[no-untyped-def]
    window.actions_["meetings"].trigger()
    listing = window.meetings_window
    assert listing is not None
    listing.new_meeting()
    editor = listing.editor
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    return editor


def move_date(editor: AgendaDialog, days: int) -> None:
    """A new date, worked out at once (as once the date settles; the settling timer is not waited for)."""
    editor.date.blockSignals(True)
    editor.date.setDate(editor.date.date().addDays(days))
    editor.date.blockSignals(False)
    editor.refresh_suggestions()


def listed(editor: AgendaDialog) -> list[str]:
    return [editor.picker.suggested.item(row).text() for row in range(editor.picker.suggested.count())]


def expected(window: MainWindow, on: dt.date) -> list[str]:
    store, catalog = window.controller.store, window.controller.catalog
    candidates = Store.agenda_candidates(store)  # the real read, not the held one
    return [line_of_suggestion(s).words for s in suggest_agenda(candidates, catalog, on)]


def test_the_dialog_is_usable_while_the_open_plans_are_read(qtbot, window, held) -> None:  # type: ignore[no-untyped-def]
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: held.calls == 1)  # the worker is reading
    assert listed(editor) == [LOOKING] and not editor.picker.offered
    assert not editor.picker.suggested.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert QApplication.overrideCursor() is None  # the window is not busy
    qtbot.keyClicks(editor.title, "Pain team meeting")
    assert editor.title.text() == "Pain team meeting" and editor.isWindowModified()
    people = editor.attendees.people
    people.item(0).setCheckState(Qt.CheckState.Checked)
    assert len(editor.attendees.attendees()) == 1
    held.go.set()
    qtbot.waitUntil(lambda: editor.picker.offered)
    assert listed(editor) == expected(window, TODAY) and len(listed(editor)) == 5
    assert editor.title.text() == "Pain team meeting" and len(editor.attendees.attendees()) == 1


def test_an_answer_for_an_earlier_date_is_dropped(qtbot, window, held, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: held.calls == 1)
    shown: list[list[str]] = []
    offer = editor.picker.set_offered
    monkeypatch.setattr(
        editor.picker,
        "set_offered",
        lambda lines, others: shown.append([x.words for x in lines]) or offer(lines, others),
    )
    later = TODAY + dt.timedelta(days=21)
    move_date(editor, 21)  # while today's are still being worked out
    held.go.set()
    qtbot.waitUntil(lambda: editor.picker.offered)
    qtbot.wait(100)  # nothing else arrives
    assert shown == [expected(window, later)]  # today's answer was never shown
    assert expected(window, later) != expected(window, TODAY)
    assert held.calls == 1  # the plans were read once; the new date reused them
    move_date(editor, -21)
    qtbot.waitUntil(lambda: editor.picker.offered)
    assert listed(editor) == expected(window, TODAY) and held.calls == 1


def test_closing_while_the_plans_are_read_is_safe(qtbot, window, held) -> None:  # type: ignore[no-untyped-def]
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: held.calls == 1)
    editor.close_button.click()  # nothing typed: it closes at once
    qtbot.waitUntil(lambda: not isValid(editor))  # deleted on close
    held.go.set()
    assert held.done.wait(PATIENCE_S)
    qtbot.wait(200)  # the worker's answer has nobody to go to; nothing is raised in the event loop
    # The window and its store carry on: a new meeting reads the plans again.
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.picker.offered)
    assert held.calls == 2 and len(listed(editor)) == 5


def test_a_dialog_closed_but_kept_ignores_the_late_answer(qtbot, window, held) -> None:  # type: ignore[no-untyped-def]
    store, catalog = window.controller.store, window.controller.catalog
    editor = AgendaDialog(store, catalog, TODAY, None, window)  # not deleted on close
    editor.show()
    qtbot.waitUntil(lambda: held.calls == 1)
    editor.close_button.click()
    assert not editor.isVisible()
    held.go.set()
    assert held.done.wait(PATIENCE_S)
    qtbot.wait(200)
    assert listed(editor) == [LOOKING] and not editor.suggester.busy  # the late answer was dropped
    editor.show()  # shown again: worked out again
    qtbot.waitUntil(lambda: editor.picker.offered)
    assert listed(editor) == expected(window, TODAY) and held.calls == 2
    editor.deleteLater()


def test_an_unreadable_database_is_said_in_the_list(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refused() -> list[AgendaCandidate]:
        raise StoreError("the database is locked")

    monkeypatch.setattr(window.controller.store, "agenda_candidates", refused)
    editor = new_editor(qtbot, window)
    words = "The open plans cannot be read: the database is locked"
    qtbot.waitUntil(lambda: listed(editor) == [words])
    assert not editor.picker.offered and not editor.picker.add_all.isEnabled()
    qtbot.keyClicks(editor.title, "Still usable")
    assert editor.title.text() == "Still usable"


def test_a_long_list_shows_the_most_urgent_first_and_the_rest_on_asking(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(agenda_lists, "LISTED_AT_FIRST", 3)
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.picker.offered)
    every = expected(window, TODAY)
    assert listed(editor) == every[:3]
    assert "5 plans suggested" in editor.picker.suggested_note.text()
    assert "The first 3 of 5 are listed." in editor.picker.suggested_note.text()
    button = editor.picker.list_all
    assert button.isVisibleTo(editor) and button.text().replace("&", "") == "List every one (5)"
    editor.picker.suggested.item(1).setCheckState(Qt.CheckState.Checked)
    button.click()
    assert listed(editor) == every and not button.isVisibleTo(editor)
    assert [editor.picker.suggested.item(r).checkState() for r in range(5)] == [
        Qt.CheckState.Checked if r == 1 else Qt.CheckState.Unchecked for r in range(5)
    ]  # the tick is kept
    editor.picker.suggested.item(4).setCheckState(Qt.CheckState.Checked)
    assert len(editor.picker.chosen_lines()) == 2


def test_the_cycle_collector_is_eased_only_while_a_worker_runs() -> None:
    before = gc.get_threshold()
    with collector_eased():
        assert gc.get_threshold() == EASED_THRESHOLDS
        with collector_eased():  # an abandoned worker still finishing beside a new one
            pass
        assert gc.get_threshold() == EASED_THRESHOLDS  # the first is still running
    assert gc.get_threshold() == before


def test_add_all_suggested_fills_the_agenda_up_to_its_limit_in_one_go(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(agenda_lists, "MAX_ENTRIES", 3)
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.picker.offered)
    changes: list[int] = []
    editor.picker.changed.connect(lambda: changes.append(1))
    editor.picker.add_all.click()
    names = [line.patient_name for line in editor.picker.chosen_lines()]
    assert len(names) == 3 and changes == [1]  # the most urgent three, redrawn once
    assert editor.picker.chosen_note.text() == "An agenda holds at most 3 patients."
    ticks = [editor.picker.suggested.item(r).checkState() for r in range(5)]
    assert ticks == [Qt.CheckState.Checked] * 3 + [Qt.CheckState.Unchecked] * 2


def test_an_in_memory_database_is_read_on_the_windows_thread(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(url="sqlite://", demo=True)  # another thread would open an empty database
    window.controller.store.save_user_profile("Dr Test", "pain-medicine")
    editor = new_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.picker.offered)
    assert listed(editor) == expected(window, TODAY) and len(listed(editor)) == 5
