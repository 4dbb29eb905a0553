"""The team's recommendation for one patient, typed during the meeting (R in the meeting mode).

The dialog stays open until the recommendation is recorded: when the database refuses it (a colleague recorded
one meanwhile, the text is too long…) it says why in words and keeps what was typed, so nothing is lost.
Closed without recording (Esc, Cancel), what was typed is kept for the patient by the meeting mode and offered
on the next R for them; the hint says so, so no question is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from careplanner.team.meetings import MAX_RECOMMENDATION

REFUSAL_COLOUR = "#B71C1C"
# Records the text; returns why it was refused, in words, or None when it is recorded.
Submit = Callable[[str], str | None]
HINT = (
    "Ctrl+Enter records it. Esc or Cancel closes without recording; a text not recorded is kept for this "
    "patient until it is recorded."
)


class RecommendationDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        patient: str,
        text: str,
        submit: Submit,
        font: QFont,
        *,
        unrecorded: bool = False,
    ) -> None:
        """`text` to start from; `unrecorded`: it is what was typed earlier and not recorded yet."""
        super().__init__(parent)
        self.setWindowTitle("Team's recommendation")
        self.setFont(font)  # a dialog does not take its parent window's font: the projector needs it large
        self._submit = submit
        earlier = ", typed earlier and not recorded yet" if unrecorded else ""
        self.about = QLabel(f"The team's recommendation for {patient}{earlier}:", wordWrap=True)
        self.hint = QLabel(HINT, wordWrap=True)
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName("Recommendation")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("What the team recommends (Ctrl+Enter records it)")
        self.editor.installEventFilter(self)
        self.refusal = QLabel(wordWrap=True)
        # A palette and a font, not a style sheet: a style sheet's font would drop the dialog's large type.
        palette = self.refusal.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(REFUSAL_COLOUR))
        self.refusal.setPalette(palette)
        bold = QFont(font)
        bold.setBold(True)
        self.refusal.setFont(bold)
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.hide()
        self.count = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.record_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setText("Record")
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.hint)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 40, line * 16)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self._update()

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def _update(self) -> None:
        length = len(self.text())
        over = length - MAX_RECOMMENDATION
        if over > 0:
            self.count.setText(f"{over} characters too long (at most {MAX_RECOMMENDATION}).")
        else:
            self.count.setText(f"{length} of {MAX_RECOMMENDATION} characters.")
        self.record_button.setEnabled(0 < length <= MAX_RECOMMENDATION)

    def record(self) -> None:
        """Record the text; on a refusal say why and keep the dialog, with the text, open."""
        if not self.record_button.isEnabled():
            return
        refusal = self._submit(self.text())
        if refusal is None:
            self.accept()
            return
        self.refusal.setText(refusal)
        self.refusal.show()
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.record()
                return True
        return super().eventFilter(watched, event)
