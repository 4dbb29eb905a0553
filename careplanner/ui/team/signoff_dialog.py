"""Signing off a plan revision for one's discipline: agreement with an optional note, or dissent with its
reason (a dissent without a reason tells the team nothing, so it cannot be given)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

MAX_REASON_CHARACTERS = 2000


@dataclass(frozen=True)
class SignOffAnswer:
    reason: str | None  # the dissent's reason (required) or the agreement's note (optional)


class SignOffDialog(QDialog):
    def __init__(self, agrees: bool, what: str, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agrees = agrees
        self.setWindowTitle("Sign off" if agrees else "Dissent")
        verb = "agree with" if agrees else "dissent from"
        question = QLabel(f"You, {who}, {verb} {what}.", wordWrap=True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            "A note for the team (optional)" if agrees else "Why you dissent: the team reads this"
        )
        self.reason.setAccessibleName("Note" if agrees else "Reason for the dissent")
        self.hint = QLabel("" if agrees else "A dissent needs its reason.", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton(
            "Sign off" if agrees else "Record dissent", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(QLabel("Note (optional):" if agrees else "Reason (required):"))
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update(self) -> None:
        text = self._text()
        too_long = len(text) > MAX_REASON_CHARACTERS
        if too_long:
            self.hint.setText(f"{len(text)} characters: at most {MAX_REASON_CHARACTERS}.")
        elif not self.agrees:
            self.hint.setText("" if text else "A dissent needs its reason.")
        self.hint.setVisible(bool(self.hint.text()))
        self.confirm.setEnabled(not too_long and (self.agrees or bool(text)))

    def answer(self) -> SignOffAnswer:
        return SignOffAnswer(self._text() or None)

    def accept(self) -> None:
        if self.confirm.isEnabled():
            super().accept()


def ask_signoff(parent: QWidget, agrees: bool, what: str, who: str) -> SignOffAnswer | None:
    """What the user signed (None: cancelled)."""
    dialog = SignOffDialog(agrees, what, who, parent)
    return dialog.answer() if dialog.exec() else None
