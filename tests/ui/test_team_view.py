"""The Team tab: comments and sign-off per discipline on the open stored plan, kept up to date from the
database while it is on screen, never mixed up between patients, refusals shown with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from careplanner.domain import Patient
from careplanner.editing import default_templates, operations
from careplanner.store import Store
from careplanner.team.model import DISCIPLINES
from careplanner.ui.team import signoff_dialog
from careplanner.ui.team.signoff_dialog import SignOffAnswer
from careplanner.ui.team.team_view import REFRESH_MS
from careplanner.ui.window.main_window import MainWindow

EVE = Patient("T-11", "Eve Example", dt.date(1970, 7, 7), "female", ("chronic-low-back-pain",))
ADAM = Patient("T-12", "Adam Other", dt.date(1961, 3, 4), "male", ("chronic-low-back-pain",))
TEMPLATE = next(t for t in default_templates() if t.id == "low-back-radicular")
TEAM_TAB = 5


def stored_plan(window: MainWindow, patient: Patient = EVE) -> tuple[int, int]:
    """A patient with one saved plan, open in the window: (patient id, plan id)."""
    patient_id = window.controller.store.create_patient(patient).id
    window.controller.open_patient(patient_id)
    window.controller.apply_template(TEMPLATE)
    assert window.controller.save()
    return patient_id, window.controller.workspace.origin.plan_id


def team_window(make_window, discipline: str | None = "physiotherapy") -> MainWindow:  # type: ignore[no-untyped-def]
    window = make_window()
    if discipline is not None:
        window.controller.store.save_user_profile("Dr Test", discipline)
    return window


def show_team(window: MainWindow):  # type: ignore[no-untyped-def]
    window.actions_["tab6"].trigger()  # View ▸ Team, Alt+6
    assert window.view.tabs.currentWidget() is window.view.team
    return window.view.team


def comment_lines(team) -> list[str]:  # type: ignore[no-untyped-def]
    return [team.comments.item(row).text() for row in range(team.comments.count())]


def signoff_row(team, discipline: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    row = DISCIPLINES.index(discipline)
    return team.signoffs.item(row, 1).text(), team.signoffs.item(row, 2).text()


def capture_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: told.append(text)))
    return told


def test_a_comment_is_added_with_ctrl_enter_and_resolved_open_ones_first(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    _, plan_id = stored_plan(window)
    team = show_team(window)
    assert comment_lines(team) == ["No comments on this plan yet."]
    assert not team.add_button.isEnabled()  # nothing written yet
    for text in ("Check the dose with pharmacy", "Graded activity first"):
        team.new_comment.setPlainText(text)
        qtbot.keyClick(team.new_comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert team.new_comment.toPlainText() == ""
    stored = window.controller.store.list_comments(plan_id)
    assert [c.text for c in stored] == ["Check the dose with pharmacy", "Graded activity first"]
    assert all((c.author_name, c.discipline, c.revision) == ("Dr Test", "physiotherapy", 1) for c in stored)
    lines = comment_lines(team)
    local = stored[0].at.astimezone()
    assert lines[0].startswith(f"Open · Dr Test (Physiotherapy) · {local.day} {local:%b %Y %H:%M}")
    assert lines[0].endswith("\nCheck the dose with pharmacy")
    team.comments.setCurrentRow(0)
    assert team.resolve_button.isEnabled()
    team.resolve_button.click()
    lines = comment_lines(team)
    assert lines[0].startswith("Open · ") and lines[0].endswith("Graded activity first")  # open ones first
    assert lines[1].startswith("Resolved by Dr Test on ") and lines[1].endswith(
        "Check the dose with pharmacy"
    )
    team.comments.setCurrentRow(1)
    assert not team.resolve_button.isEnabled()  # already resolved


def test_signing_off_and_dissent_per_discipline_and_outdated_after_a_change(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    store = window.controller.store
    store.set_required_signoffs(["physiotherapy", "pharmacy"])
    _, plan_id = stored_plan(window)
    team = show_team(window)
    assert signoff_row(team, "physiotherapy") == ("not signed", "required to activate")
    assert signoff_row(team, "psychology") == ("not signed", "")
    assert team.sign_button.isEnabled() and team.dissent_button.isEnabled()
    assert "Physiotherapy" in team.signoff_note.text() and "revision 1" in team.signoff_note.text()
    answers = iter([SignOffAnswer(None), SignOffAnswer("Too early for graded activity")])
    monkeypatch.setattr(signoff_dialog, "ask_signoff", lambda *args: next(answers))
    team.sign_button.click()
    assert signoff_row(team, "physiotherapy")[0].startswith("Agreed by Dr Test (Physiotherapy) on ")
    team.dissent_button.click()
    words = signoff_row(team, "physiotherapy")[0]
    assert words.startswith("Dissent by Dr Test (Physiotherapy)") and "Too early for graded activity" in words
    assert [(s.agrees, s.revision, s.login) for s in store.list_signoffs(plan_id)] == [
        (True, 1, "dr.test"),
        (False, 1, "dr.test"),
    ]
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    assert "Save your changes first" in team.signoff_note.text() and not team.sign_button.isEnabled()
    assert window.controller.save()  # revision 2: the dissent on revision 1 is outdated
    assert "outdated" in signoff_row(team, "physiotherapy")[0]
    assert team.sign_button.isEnabled() and "revision 2" in team.signoff_note.text()


def test_the_plan_cannot_become_active_without_the_required_signoffs(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    window.controller.store.set_required_signoffs(["pharmacy"])
    _, plan_id = stored_plan(window)
    told = capture_warnings(monkeypatch)
    window.actions_["activate"].trigger()
    assert len(told) == 1 and "Pharmacy" in told[0] and "not signed off" in told[0]
    assert window.controller.store.plan_summary(plan_id).status == "draft"
    assert window.controller.workspace.status == "draft"


def test_another_workstation_s_comment_and_signoff_show_without_reopening(
    make_window, qtbot, database_url
) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    _, plan_id = stored_plan(window)
    team = show_team(window)
    assert team.timer.isActive() and team.timer.interval() == REFRESH_MS == 5000
    team.timer.setInterval(100)  # the same reading, sooner, to keep the test short
    other = Store.open(database_url, "dr.other")
    try:
        other.save_user_profile("Dr Other", "pharmacy")
        other.add_comment(plan_id, 1, "Kidney function first")
        other.sign_off(plan_id, 1, True, None)
    finally:
        other.close()
    qtbot.waitUntil(
        lambda: any("Kidney function first" in line for line in comment_lines(team)), timeout=5000
    )
    assert signoff_row(team, "pharmacy")[0].startswith("Agreed by Dr Other (Pharmacy)")
    assert "Dr Other (Pharmacy)" in comment_lines(team)[0]
    window.actions_["tab4"].trigger()  # hidden: no more reading
    assert not team.timer.isActive()


def test_switching_patient_clears_the_tab_at_once(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    eve_id, eve_plan = stored_plan(window)
    window.controller.store.add_comment(eve_plan, 1, "About Eve only")
    adam_id, _ = stored_plan(window, ADAM)
    team = show_team(window)
    window.controller.open_patient(eve_id)
    assert any("About Eve only" in line for line in comment_lines(team))
    window.actions_["tab1"].trigger()  # hidden while the next patient opens: nothing is read…
    reads: list[int] = []
    store = window.controller.store
    original = store.list_comments
    store.list_comments = lambda plan_id: reads.append(plan_id) or original(plan_id)  # type: ignore[method-assign]
    window.controller.open_patient(adam_id)
    assert comment_lines(team) == [] and reads == []  # …and Eve's comments are gone at once
    assert all(team.signoffs.item(row, 1).text() == "" for row in range(len(DISCIPLINES)))
    show_team(window)
    assert comment_lines(team) == ["No comments on this plan yet."] and len(reads) == 1


def test_a_refused_comment_is_told_and_changes_nothing(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    _, plan_id = stored_plan(window)
    team = show_team(window)
    told = capture_warnings(monkeypatch)
    too_long = "x" * 2001
    team.new_comment.setPlainText(too_long)
    team.add_button.click()
    assert len(told) == 1 and "2000" in told[0].replace(",", "")
    assert window.controller.store.list_comments(plan_id) == []
    assert team.new_comment.toPlainText() == too_long  # kept, to be shortened


def test_a_comment_resolved_elsewhere_meanwhile_is_told_and_shown_resolved(
    make_window, monkeypatch, database_url
) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    _, plan_id = stored_plan(window)
    comment = window.controller.store.add_comment(plan_id, 1, "Who calls the patient?")
    team = show_team(window)
    team.comments.setCurrentRow(0)
    other = Store.open(database_url, "dr.other")
    try:
        other.save_user_profile("Dr Other", "nursing")
        other.resolve_comment(comment.id)
    finally:
        other.close()
    told = capture_warnings(monkeypatch)
    team.resolve_button.click()
    assert len(told) == 1 and "already resolved by Dr Other" in told[0]
    assert comment_lines(team)[0].startswith("Resolved by Dr Other on ")
    assert window.controller.store.list_comments(plan_id)[0].resolved_by == "dr.other"


def test_why_the_buttons_are_off(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window, discipline=None)
    patient_id = window.controller.store.create_patient(EVE).id
    window.controller.open_patient(patient_id)  # a new plan, not saved yet
    store = window.controller.store
    reads: list[int] = []
    original = store.list_comments
    store.list_comments = lambda plan_id: reads.append(plan_id) or original(plan_id)  # type: ignore[method-assign]
    team = show_team(window)
    team.timer.timeout.emit()  # the timer's tick reads nothing: nothing stored is open
    assert reads == []
    assert not team.sign_button.isEnabled() and not team.new_comment.isEnabled()
    assert "not saved yet" in team.signoff_note.text() and "not saved yet" in team.notice.text()
    window.controller.apply_template(TEMPLATE)
    assert window.controller.save()
    assert "Tell careplanner who you are" in team.signoff_note.text()
    assert "Tell careplanner who you are" in team.comment_note.text() and not team.add_button.isEnabled()
    window.controller.store.save_user_profile("Dr Test", "nursing")
    window.controller.workspace.apply(
        operations.set_reviews(window.controller.workspace.document, [4]), "Reviews"
    )
    assert window.controller.save()  # revision 2
    from careplanner.ui import dialogs

    monkeypatch.setattr(dialogs, "choose_revision", lambda parent, revisions: 1)
    window.actions_["revisions"].trigger()
    assert window.controller.workspace.read_only
    assert not team.sign_button.isEnabled()
    assert "earlier revision" in team.signoff_note.text() and "revision 2" in team.signoff_note.text()
    assert team.sign_button.toolTip() == team.signoff_note.text()


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_team_tab_fits_a_laptop_screen_with_a_long_dissent(
    make_window, qtbot, database_url, size
) -> None:  # type: ignore[no-untyped-def]
    window = team_window(make_window)
    _, plan_id = stored_plan(window)
    other = Store.open(database_url, "dr.other")
    try:
        other.save_user_profile("Dr Other", "pharmacy")
        other.sign_off(plan_id, 1, False, ("The dose is too high for her kidney function. " * 42).strip())
    finally:
        other.close()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    team = show_team(window)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    row = DISCIPLINES.index("pharmacy")
    assert team.signoffs.rowHeight(row) > team.signoffs.rowHeight(0)  # the reason wraps
    assert team.signoffs.item(row, 1).toolTip().endswith("kidney function.")  # all of it, in the tooltip
    central = window.centralWidget()
    bottom_right = team.mapTo(central, team.rect().bottomRight())
    assert central.rect().contains(bottom_right)  # the window does not cut the tab off
    room = team.rect()
    for child in (
        team.sign_button,
        team.dissent_button,
        team.new_comment,
        team.add_button,
        team.resolve_button,
    ):
        where = child.geometry().translated(
            child.parentWidget().mapTo(team, child.parentWidget().rect().topLeft())
        )
        assert room.contains(where), child
    table = team.signoffs
    assert table.height() >= sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert team.comments.height() > 3 * team.fontMetrics().lineSpacing()


def test_the_team_s_recommendations_follow_the_plan_onto_its_team_tab(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from careplanner.team.meetings import Attendee

    window = team_window(make_window)
    eve_id, plan_id = stored_plan(window)
    other_id = stored_plan(window, ADAM)[1]
    store = window.controller.store
    chair = [Attendee("Dr Test", "physiotherapy", store.user)]
    earlier = store.save_meeting(None, None, dt.date(2026, 11, 4), "November meeting", chair, [(plan_id, ())])
    both = [(plan_id, ()), (other_id, ())]
    later = store.save_meeting(None, None, dt.date(2026, 12, 2), "December meeting", chair, both)
    entry = earlier.entries[0]
    store.record_recommendation(entry.id, entry.version, "Go ahead with graded activity")
    for_adam = later.entries[1]
    store.record_recommendation(for_adam.id, for_adam.version, "Only for Adam")
    window.controller.open_patient(eve_id)
    team = show_team(window)
    lines = [team.meetings.item(row).text() for row in range(team.meetings.count())]
    assert lines[0] == "December meeting, 2 Dec 2026: on the agenda; no recommendation was recorded"
    assert lines[1].startswith(
        "November meeting, 4 Nov 2026, on revision 1: Go ahead with graded activity — "
    )
    assert not any("Only for Adam" in line for line in lines)  # another patient's recommendation
