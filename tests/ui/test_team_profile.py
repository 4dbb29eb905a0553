"""Who the user is: asked on the welcome page and from the File menu, never in a box that holds up the start;
the sign-off form asks for a dissent's reason."""

from __future__ import annotations

import pytest

from careplanner.store.errors import StoreError
from careplanner.team.model import DISCIPLINE_NAMES, UserProfile
from careplanner.ui.team.profile_dialog import ProfileDialog
from careplanner.ui.team.signoff_dialog import SignOffDialog


def fill_and_save(name: str, discipline: str):  # type: ignore[no-untyped-def]
    """Stands in for the user at the profile form: types, chooses, saves."""

    def exec_(dialog: ProfileDialog) -> int:
        dialog.name.setText(name)
        dialog.discipline.setCurrentIndex(dialog.discipline.findData(discipline))
        dialog.accept()
        return dialog.result()

    return exec_


def test_the_window_starts_without_asking_and_offers_the_profile_on_the_welcome_page(
    make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()  # a modal question at start-up would fail here (conftest refuses dialogs)
    store = window.controller.store
    assert store.user_profile() is None
    assert window.welcome.profile.isVisibleTo(window.welcome)
    assert window.welcome.profile.text() == "Tell careplanner who you are"
    monkeypatch.setattr(ProfileDialog, "exec", fill_and_save("  Dr Ash  ", "psychology"))
    window.welcome.profile.click()
    assert store.user_profile() == UserProfile("dr.test", "Dr Ash", "psychology")
    assert not window.welcome.profile.isVisibleTo(window.welcome)
    assert "Dr Ash" in window.statusBar().currentMessage()


def test_the_file_menu_changes_the_profile_starting_from_the_saved_one(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    store = window.controller.store
    store.save_user_profile("Dr Ash", "psychology")
    window.update_profile_prompt()
    assert not window.welcome.profile.isVisibleTo(window.welcome)
    seen: list[tuple[str, object]] = []

    def exec_(dialog: ProfileDialog) -> int:
        seen.append((dialog.name.text(), dialog.discipline.currentData()))
        return fill_and_save("Dr Ash", "nursing")(dialog)

    monkeypatch.setattr(ProfileDialog, "exec", exec_)
    action = window.actions_["profile"]
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions() and action.text() == "&Your name and discipline…"
    action.trigger()
    assert seen == [("Dr Ash", "psychology")]
    assert store.user_profile().discipline == "nursing"


def test_the_profile_form_starts_empty_and_saves_only_a_name_with_a_discipline(qtbot) -> None:  # type: ignore[no-untyped-def]
    saved: list[tuple[str, str]] = []

    def save(name: str, discipline: str) -> UserProfile:
        saved.append((name, discipline))
        return UserProfile("dr.test", name, discipline)

    dialog = ProfileDialog(save, "dr.test", None)
    qtbot.addWidget(dialog)
    save_button = dialog.buttons.buttons()[0]
    assert dialog.name.text() == "" and dialog.discipline.currentIndex() == -1  # nothing guessed
    assert [dialog.discipline.itemText(i) for i in range(dialog.discipline.count())] == list(
        DISCIPLINE_NAMES.values()
    )
    assert not save_button.isEnabled()
    dialog.name.setText("Dr Ash")
    assert not save_button.isEnabled()  # still no discipline
    dialog.discipline.setCurrentIndex(dialog.discipline.findData("pharmacy"))
    assert save_button.isEnabled()
    dialog.accept()
    assert saved == [("Dr Ash", "pharmacy")] and dialog.saved == UserProfile("dr.test", "Dr Ash", "pharmacy")


def test_a_refused_profile_keeps_the_form_open_with_the_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    def refuse(name: str, discipline: str) -> UserProfile:
        raise StoreError("the database is locked by another program")

    dialog = ProfileDialog(refuse, "dr.test", None)
    qtbot.addWidget(dialog)
    dialog.name.setText("Dr Ash")
    dialog.discipline.setCurrentIndex(0)
    dialog.accept()
    assert dialog.saved is None and dialog.result() == 0
    assert dialog.problem.isVisibleTo(dialog) and "locked by another program" in dialog.problem.text()
    assert dialog.name.text() == "Dr Ash"  # what was typed stays


@pytest.mark.parametrize("agrees", [True, False])
def test_a_dissent_needs_its_reason_an_agreement_does_not(qtbot, agrees: bool) -> None:  # type: ignore[no-untyped-def]
    dialog = SignOffDialog(agrees, "revision 2 of “Plan” for Eve Example", "Dr Ash (Pharmacy)")
    qtbot.addWidget(dialog)
    assert dialog.confirm.isEnabled() is agrees
    dialog.reason.setPlainText("   ")
    assert dialog.confirm.isEnabled() is agrees
    dialog.reason.setPlainText("  Dose too high for her kidneys ")
    assert dialog.confirm.isEnabled()
    assert dialog.answer().reason == "Dose too high for her kidneys"
    dialog.reason.setPlainText("x" * 2001)
    assert not dialog.confirm.isEnabled() and "at most 2000" in dialog.hint.text()
