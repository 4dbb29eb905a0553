"""Layout pieces the patient tabs share, so each fits a small or scaled screen.

A tab's content sits in a scroll area: on a screen too small for it, it scrolls rather than clipping its lower
buttons. Lists and tables ask only for their minimum height and take whatever room is left: inside a scroll
area a layout with wrapped labels is given its preferred height, and a list's usual preferred height would
push the buttons under it below the fold.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListWidget, QScrollArea, QTableWidget, QVBoxLayout, QWidget


class ShortTable(QTableWidget):
    def __init__(self, rows: int, columns: int, minimum_height: int) -> None:
        super().__init__(rows, columns)
        self.setMinimumHeight(minimum_height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class ShortList(QListWidget):
    def __init__(self, minimum_height: int) -> None:
        super().__init__()
        self.setMinimumHeight(minimum_height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def scrolling(page: QWidget, content: QWidget) -> QScrollArea:
    """Put `content` in a scroll area filling `page`."""
    scroll = QScrollArea(widgetResizable=True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll
