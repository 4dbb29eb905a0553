"""What the timeline draws for one plan item: a bar (a treatment running from its start), or a mark on its
date (a procedure or session), each with its assessment window shaded and its assessment as a diamond.

Both are dragged along the weeks, and moved with Left/Right by the view: the view decides what a week is, and
whether the item may move at all (one whose course a decision recorded as ended stays where it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from careplanner.domain import PlanDocument, PlanItem
from careplanner.editing import operations
from careplanner.followup.decisions import RESULT_WORDS
from careplanner.ui.theme import lighter

if TYPE_CHECKING:
    from careplanner.ui.plan.timeline import TimelineView
    from careplanner.ui.workspace import Workspace

ROW = 26
MARK = 12  # the diameter of a procedure's mark
INK = QColor("#111111")
SHORT_DATE, LONG_DATE = "%d %b", "%d %b %Y"


class Bar(QGraphicsRectItem):
    """An item's bar; its children (window band, assessment mark) move with it."""

    def __init__(self, view: TimelineView, item: PlanItem, rect: QRectF, colour: QColor) -> None:
        super().__init__(rect)
        self.view, self.item_id, self.start_week = view, item.id, item.start_week
        self.setBrush(QBrush(colour))
        self._week = item.start_week
        self._refusal: str | None = None  # why this item may not move, read when a drag begins

    def place(self, x: float, y: float) -> None:
        """Position the bar, then let it be dragged (the drag constraint must not apply to placing it)."""
        self.setPos(x, y)
        if not self.view.workspace_read_only():
            # Movable even when a decision fixed its start, so that a drag says why it does not move.
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
            if self.view.move_refusal(self.item_id) is None:
                self.setCursor(Qt.CursorShape.SizeHorCursor)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF):
            week = max(0, self.view.week_scale.week_at(value.x()))
            if week != self._week and self._refusal is not None:
                self.view.tell(self._refusal)
                week = self._week  # stays at its start, so letting go changes nothing
            elif week != self._week:
                self._week = week
                self.view.dragging(self.item_id, week)
            return QPointF(self.view.week_scale.x(week), self.y())
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._refusal = self.view.move_refusal(self.item_id)
        self.view.choose(self.item_id)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.view.dropped(self.item_id, self.start_week, self._week)


def bar(view: TimelineView, item: PlanItem, width: float, colour: QColor) -> Bar:
    return Bar(view, item, QRectF(0, 4, width, ROW - 8), colour)


class EventMark(Bar):
    """A procedure or session: a round mark centred on the day it is given."""

    def __init__(self, view: TimelineView, item: PlanItem, colour: QColor) -> None:
        super().__init__(view, item, QRectF(-MARK / 2, (ROW - MARK) / 2, MARK, MARK), colour)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.rect())
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(self.pen())
        painter.setBrush(self.brush())
        painter.drawEllipse(self.rect())


def window_band(
    parent: QGraphicsItem, x0: float, x1: float, colour: QColor, tooltip: str
) -> QGraphicsRectItem:
    """The assessment window, shaded behind the item (x relative to the item's start)."""
    band = QGraphicsRectItem(x0, 1, x1 - x0, ROW - 2, parent)
    band.setBrush(QBrush(lighter(colour.darker(160), 110)))
    band.setPen(QPen(Qt.PenStyle.NoPen))
    band.setZValue(-1)
    band.setToolTip(tooltip)
    return band


def diamond(parent: QGraphicsItem | None, x: float, y: float, filled: bool) -> QGraphicsPolygonItem:
    """◇ an assessment planned, ◆ one decided (x, y: its top point)."""
    half = (ROW - 8) / 2
    shape = QPolygonF(
        [QPointF(x, y), QPointF(x + half, y + half), QPointF(x, y + 2 * half), QPointF(x - half, y + half)]
    )
    mark = QGraphicsPolygonItem(shape, parent)
    mark.setPen(QPen(INK, 1.5))
    mark.setBrush(QBrush(INK if filled else QColor("white")))
    return mark


def item_tooltip(workspace: Workspace, document: PlanDocument, item: PlanItem) -> str:
    """When the item starts and is assessed, why it cannot move (if so), and its findings."""
    modality = workspace.catalog.modality(item.modality)
    starts = document.plan.week_date(item.start_week).strftime(LONG_DATE)
    lines = [f"{modality.name}: starts in week {item.start_week} ({starts})"]
    if item.assess_week is not None:
        when = document.plan.week_date(item.assess_week).strftime(LONG_DATE)
        result = f": {RESULT_WORDS.get(item.assessed.result, item.assessed.result)}" if item.assessed else ""
        lines.append(f"assessed in week {item.assess_week} ({when}){result}")
    refusal = operations.move_refusal(document, item.id, workspace.catalog)
    if refusal is not None:
        lines.append(refusal)
    lines += [f"• {f.message}" for f in workspace.report.for_item(item.id) if f.counts]
    return "\n".join(lines)
