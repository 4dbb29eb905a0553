"""Small questions about the plan as a whole: its name, a change of status, and the keyboard shortcuts."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

MAX_PLAN_NAME = 200  # the database keeps up to 200 characters

STATUS_QUESTIONS = {
    "active": (
        "Make this plan active?",
        "The plan becomes the one the patient is following. It can still be changed; every change is "
        "kept as a new revision.",
        "Make active",
    ),
    "completed": (
        "Mark this plan completed?",
        "A completed plan is kept as a record and can no longer be changed. Start a new plan for any further "
        "treatment.",
        "Mark completed",
    ),
    "revoked": (
        "Revoke this plan?",
        "A revoked plan is kept as a record that it was withdrawn, and can no longer be changed.",
        "Revoke",
    ),
}


def ask_plan_name(parent: QWidget | None, current: str) -> str | None:
    """The plan's new name, or None when the user cancels; surrounding spaces dropped, never empty."""
    text, accepted = QInputDialog.getText(
        parent,
        "Rename the plan",
        "Name of this plan (e.g. 'Back pain, first stage'):",
        QLineEdit.EchoMode.Normal,
        current,
    )
    name = " ".join(text.split())[:MAX_PLAN_NAME]
    return name if accepted and name else None


def confirm_status(parent: QWidget | None, status: str, patient: str, plan: str) -> bool:
    title, consequence, verb = STATUS_QUESTIONS[status]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(f"{title[:-1]}: “{plan}” for {patient}?")
    box.setInformativeText(consequence)
    confirm = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is confirm


def shortcut_rows(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    """Every command that has a key, as the user reads it (menu text without its '&' and '…')."""
    rows = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…").split("  ")[0], keys))
    return rows


def show_shortcuts(parent: QWidget | None, actions: Sequence[QAction]) -> None:
    from careplanner.ui.window.menus import PANEL_KEYS

    commands = "".join(
        f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(keys)}</b></td></tr>"
        for name, keys in shortcut_rows(actions)
    )
    panels = "".join(
        f"<tr><td>{html.escape(where)}</td><td>{html.escape(what)}</td></tr>" for where, what in PANEL_KEYS
    )
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    text = QTextBrowser()
    text.setHtml(
        f"<h3>Commands</h3><table cellpadding='3'>{commands}</table>"
        f"<h3>Inside a panel</h3><table cellpadding='3'>{panels}</table>"
    )
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(560, 620)
    dialog.exec()
