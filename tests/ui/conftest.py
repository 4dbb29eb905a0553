"""Windows under test: offscreen, with their own database, data directory and settings."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QMessageBox

from careplanner.ui.window.main_window import MainWindow


class UnexpectedDialog(AssertionError):
    pass


def _refuse(kind: str) -> Callable[..., object]:
    def refuse(*args: object, **kwargs: object) -> object:
        text = " | ".join(str(arg) for arg in args if isinstance(arg, str))
        raise UnexpectedDialog(f"a {kind} dialog would wait for a click: {text}")

    return refuse


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog nobody answers would hang the test run: any dialog a test did not stub fails loudly."""
    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_refuse(f"QMessageBox.{name}")))
    monkeypatch.setattr(QMessageBox, "exec", _refuse("QMessageBox"))
    monkeypatch.setattr(QDialog, "exec", _refuse("QDialog"))


@pytest.fixture(autouse=True)
def status_changes_confirmed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A status change asks first; tests answer yes (a test of the question itself answers for itself)."""
    from careplanner.ui.plan import dialogs as plan_dialogs

    asked: list[str] = []

    def confirm(parent: object, status: str, patient: str, plan: str) -> bool:
        asked.append(status)
        return True

    monkeypatch.setattr(plan_dialogs, "confirm_status", confirm)
    return asked


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CAREPLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAREPLANNER_USER", "dr.test")
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return tmp_path


@pytest.fixture(autouse=True)
def workspaces_stop_autosaving(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A workspace a test made directly would autosave after the test ended, into the next test's data folder
    (its recovery question then surprises that test): every one made during the test stops at its end."""
    from careplanner.ui.workspace import Workspace

    made: list[Workspace] = []
    original = Workspace.__init__

    def register(self: Workspace, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(Workspace, "__init__", register)
    yield
    for workspace in made:
        with contextlib.suppress(RuntimeError):  # its Qt side may already be gone with its window
            workspace._autosave.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'careplanner.sqlite3'}"


@pytest.fixture
def make_window(qtbot, database_url: str) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make(*, demo: bool = False, user: str = "dr.test", url: str | None = None) -> MainWindow:
        window = MainWindow(url or database_url, user, load_demo=demo)
        qtbot.addWidget(window, before_close_func=_forget_unsaved_work)
        window.show()
        window.activateWindow()  # window shortcuts (Ctrl+Z, Ctrl+S…) need the active window
        qtbot.waitUntil(window.isActiveWindow)
        window.start()
        windows.append(window)
        return window

    yield make


def simulate_crash(window: MainWindow) -> None:
    """The program dies: no question, no clean-up; whatever autosave wrote stays on disk."""
    workspace = window.controller.workspace
    if workspace is not None:
        workspace.undo_stack.blockSignals(True)  # a dead program tells nobody its work is "clean"
        workspace.undo_stack.setClean()
    window.controller.workspace = None


def _forget_unsaved_work(window: MainWindow) -> None:
    """When a test ends, its window closes without asking about unsaved work."""
    if window.controller.workspace is not None:
        window.controller.workspace.undo_stack.setClean()
