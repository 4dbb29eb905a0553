"""The plan timeline as the meeting shows it: the window's own timeline on a read-only workspace, magnified
for the projector (its text, marks and rows alike), as tall as its rows (the page scrolls, not the timeline),
and never taking the keyboard: Left and Right turn the meeting's pages."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QTransform
from PySide6.QtWidgets import QWidget

from careplanner.ui.plan.timeline import TimelineView

LAST_DATE = "00 Mmm 0000"  # the axis's last date is written to the right of its tick, past the weeks
MAX_MAGNIFY = 2.4  # beyond this the weeks no longer fit a laptop's half screen


class SlideTimeline(TimelineView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.magnify = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Plan timeline (read-only)")

    def set_magnify(self, factor: float) -> None:
        """Draw everything `factor` times larger; the plan fits the width again."""
        self.magnify = max(1.0, min(MAX_MAGNIFY, factor))
        self.setTransform(QTransform.fromScale(self.magnify, self.magnify))
        self.fit_to_width()

    def _room(self) -> float:
        """The width the timeline lays out for, in scene units, less the overhang of the axis's last date
        (written to the right of its tick): magnified, a date cut at the edge is a large one."""
        overhang = QFontMetricsF(self.scene().font()).horizontalAdvance(LAST_DATE)
        return super()._room() - overhang

    def rebuild(self) -> None:
        super().rebuild()
        self._fit_height()

    def _fit_height(self) -> None:
        if self.workspace is None:
            return
        scene = self.sceneRect()
        height = math.ceil(scene.height() * self.magnify) + 2 * self.frameWidth()
        if scene.width() * self.magnify > self.viewport().width() + 1:
            height += self.horizontalScrollBar().sizeHint().height()
        if (self.minimumHeight(), self.maximumHeight()) != (height, height):
            self.setFixedHeight(height)
