"""The timeline's legend: what each kind of mark means, drawn above the weeks (wrapped to the view)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsScene

from careplanner.ui.plan.timeline_items import INK, MARK, diamond
from careplanner.ui.theme import HISTORY_COLOUR, REVIEW_COLOUR, lighter

LEGEND_ROW = 20
SWATCH = 22
TODAY_COLOUR = QColor("#2E7D32")
SAMPLE = QColor("#607D8B")  # layer colours vary: the legend shows shapes in a neutral colour


def _bar(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addRect(QRectF(x, y + 4, SWATCH, 10), QPen(QColor("#333333")), QBrush(lighter(SAMPLE, 120)))


def _window(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addRect(
        QRectF(x, y + 1, SWATCH, 16), QPen(Qt.PenStyle.NoPen), QBrush(lighter(SAMPLE.darker(160), 110))
    )


def _planned(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addItem(diamond(None, x + SWATCH / 2, y, filled=False))


def _assessed(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addItem(diamond(None, x + SWATCH / 2, y, filled=True))


def _event(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addEllipse(
        QRectF(x + (SWATCH - MARK) / 2, y + 3, MARK, MARK), QPen(INK), QBrush(lighter(SAMPLE, 170))
    )


def _history(scene: QGraphicsScene, x: float, y: float) -> None:
    scene.addRect(
        QRectF(x, y + 4, SWATCH, 10),
        QPen(HISTORY_COLOUR),
        QBrush(lighter(HISTORY_COLOUR, 90), Qt.BrushStyle.BDiagPattern),
    )


def _line(colour: QColor, width: float) -> Callable[[QGraphicsScene, float, float], None]:
    def draw(scene: QGraphicsScene, x: float, y: float) -> None:
        scene.addLine(x + SWATCH / 2, y, x + SWATCH / 2, y + 18, QPen(colour, width, Qt.PenStyle.DashLine))

    return draw


Draw = Callable[[QGraphicsScene, float, float], None]
ENTRIES: tuple[tuple[Draw, str], ...] = (
    (_bar, "treatment, from its start"),
    (_event, "procedure or session, on its day"),
    (_window, "assessment window"),
    (_planned, "assessment planned"),
    (_assessed, "assessed"),
    (_line(REVIEW_COLOUR, 1.5), "review"),
    (_line(TODAY_COLOUR, 1), "today"),
    (_history, "ongoing from the history"),
)


def draw_legend(scene: QGraphicsScene, x: float, y: float, width: float) -> float:
    """Draw the legend from (x, y), wrapping its entries at `width`; returns its height."""
    metrics = QFontMetricsF(scene.font())
    left, top = x, y
    for draw, meaning in ENTRIES:
        entry = SWATCH + 6 + metrics.horizontalAdvance(meaning) + 18
        if left > x and left + entry > x + width:
            left, top = x, top + LEGEND_ROW
        draw(scene, left, top)
        label = scene.addSimpleText(meaning)
        label.setBrush(QColor("#444444"))
        label.setPos(left + SWATCH + 6, top + 2)
        left += entry
    return top + LEGEND_ROW + 4 - y
