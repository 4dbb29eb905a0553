"""Plan ▸ What changed…: the changes between two saved revisions, and from the newest to unsaved work."""

from __future__ import annotations

from PySide6.QtCore import Qt

from careplanner.editing import operations
from careplanner.reports.dates import short_date
from careplanner.ui.plan.changes_dialog import UNSAVED, ChangesDialog
from careplanner.ui.window.main_window import MainWindow
from tests.ui.test_saving_and_reopening import new_plan_from_template


def opened_dialog(window: MainWindow, monkeypatch) -> ChangesDialog:  # type: ignore[no-untyped-def]
    shown: list[ChangesDialog] = []

    def show(dialog: ChangesDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ChangesDialog, "exec", show)
    window.actions_["changes"].trigger()
    assert len(shown) == 1
    return shown[0]


def moved_item(window: MainWindow) -> list[str]:
    """Moves the plan's last treatment two weeks later (unsaved; its assessment goes with it); returns the
    changes that makes, in words."""
    workspace = window.controller.workspace
    assert workspace is not None
    item = workspace.document.plan.items[-1]
    assert item.assess_week is not None
    workspace.apply(operations.move_item(workspace.document, item.id, item.start_week + 2), "Move")
    name = window.controller.catalog.modality(item.modality).name

    def week(number: int) -> str:
        return f"week {number} ({short_date(workspace.document.plan.week_date(number))})"

    return [
        f"{name} moved from {week(item.start_week)} to {week(item.start_week + 2)}",
        f"{name}: assessment moved from {week(item.assess_week)} to {week(item.assess_week + 2)}",
    ]


def test_unsaved_edits_are_listed_against_the_saved_plan(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    window.controller.save()
    expected = moved_item(window)

    dialog = opened_dialog(window, monkeypatch)

    assert dialog.before.currentData() == 1 and dialog.after.currentData() == UNSAVED
    assert dialog.texts() == expected
    assert "2 changes from revision 1 to the unsaved changes" in dialog.summary.text()


def test_two_stored_revisions_are_compared_and_the_pickers_change_the_list(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    window.controller.save()
    expected = moved_item(window)
    window.controller.save()

    dialog = opened_dialog(window, monkeypatch)

    assert (dialog.before.currentData(), dialog.after.currentData()) == (1, 2)
    assert dialog.before.findData(UNSAVED) == -1  # nothing unsaved: no such choice
    assert dialog.texts() == expected
    dialog.after.setCurrentIndex(dialog.after.findData(1))
    assert dialog.texts() == [] and "No differences from revision 1 to revision 1" in dialog.summary.text()
    dialog.before.setCurrentIndex(dialog.before.findData(2))
    assert [text.split(" moved ")[0] for text in dialog.texts()] == [
        text.split(" moved ")[0] for text in expected
    ]
    assert "from revision 2 to revision 1" in dialog.summary.text()


def test_the_list_is_read_only(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)
    window.controller.save()
    moved_item(window)

    dialog = opened_dialog(window, monkeypatch)

    entry = dialog.list.item(0)
    assert not entry.flags() & Qt.ItemFlag.ItemIsEditable
    assert window.controller.workspace.is_clean is False  # opening the dialog saved nothing


def test_a_plan_never_saved_says_so_instead_of_opening(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    new_plan_from_template(window, monkeypatch)  # not saved yet

    assert not window.actions_["changes"].isEnabled()  # greyed, like Revisions, until the plan is stored
    window.show_changes()  # a dialog would fail the test (conftest refuses exec)

    assert "save the plan first" in window.statusBar().currentMessage()
