"""The plan on a timeline: one bar per item, grouped by layer, with its assessment window shaded.

Drag a bar (or press Left/Right on the selected one) to move the item; the checks follow while it moves and
the move is one undoable step. Ongoing treatments from the history run in from before week 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QWidget,
)

from careplanner.catalog.model import LAYER_NAMES, LAYERS
from careplanner.checks.finding import SEVERITIES
from careplanner.domain import PlanDocument, PlanItem
from careplanner.editing import operations
from careplanner.ui.theme import HISTORY_COLOUR, LAYER_COLOURS, REVIEW_COLOUR, SEVERITY_COLOURS, lighter
from careplanner.ui.workspace import Workspace, follow

ROW = 26
AXIS = 40
LABELS = 210
BEFORE_START = 8  # weeks of ongoing history shown before week 0
MIN_WEEKS = 26


@dataclass
class WeekScale:
    per_week: float
    horizon: int

    def x(self, week: float) -> float:
        return LABELS + (week + BEFORE_START) * self.per_week

    def week_at(self, x: float) -> int:
        return round((x - LABELS) / self.per_week) - BEFORE_START


def horizon_of(document: PlanDocument, workspace: Workspace) -> int:
    weeks = [review.week for review in document.plan.reviews]
    for item in document.plan.items:
        window = workspace.catalog.modality(item.modality).window
        weeks += [item.start_week, item.assess_week or 0, item.end_week or 0]
        if window:
            weeks.append(item.start_week + window.max_weeks)
    return max([MIN_WEEKS, *(week + 4 for week in weeks)])


class Bar(QGraphicsRectItem):
    """An item's bar; its children (window band, assessment mark) move with it."""

    def __init__(self, view: TimelineView, item: PlanItem, width: float, colour: QColor) -> None:
        super().__init__(0, 4, width, ROW - 8)
        self.view, self.item_id, self.start_week = view, item.id, item.start_week
        self.setBrush(QBrush(colour))
        self._week = item.start_week

    def place(self, x: float, y: float) -> None:
        """Position the bar, then let it be dragged (the drag constraint must not apply to placing it)."""
        self.setPos(x, y)
        if not self.view.workspace_read_only():
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
            self.setCursor(Qt.CursorShape.SizeHorCursor)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF):
            week = max(0, self.view.week_scale.week_at(value.x()))
            if week != self._week:
                self._week = week
                self.view.dragging(self.item_id, week)
            return QPointF(self.view.week_scale.x(week), self.y())
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.view.choose(self.item_id)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.view.dropped(self.item_id, self.start_week, self._week)


class TimelineView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self._scene = QGraphicsScene(self)  # the view does not own its scene: keep a reference
        self.setScene(self._scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Plan timeline")
        self.week_scale = WeekScale(per_week=16.0, horizon=MIN_WEEKS)
        self.bars: dict[str, Bar] = {}
        self._drag_preview: PlanDocument | None = None

    def set_workspace(self, workspace: Workspace | None) -> None:
        follow(
            self.workspace,
            workspace,
            {"changed": self.rebuild, "checked": self._recolour, "selectionChanged": self._recolour},
        )
        self.workspace = workspace
        self.rebuild()

    def workspace_read_only(self) -> bool:
        return self.workspace is None or self.workspace.read_only

    # -- drawing -----------------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._scene.clear()
        self.bars = {}
        if self.workspace is None:
            return
        document = self.workspace.document
        self.week_scale.horizon = horizon_of(document, self.workspace)
        rows = self._draw_rows(document)
        height = AXIS + rows * ROW
        self._draw_axis(document, height)
        self._draw_reviews(document, height)
        self._scene.setSceneRect(0, 0, self.week_scale.x(self.week_scale.horizon) + 20, height + 22)
        self._recolour()

    def _text(
        self, text: str, x: float, y: float, *, bold: bool = False, colour: QColor | None = None
    ) -> None:
        label = self._scene.addSimpleText(text)
        font = QFont(label.font())
        font.setBold(bold)
        label.setFont(font)
        if colour is not None:
            label.setBrush(colour)
        label.setPos(x, y)

    def _draw_axis(self, document: PlanDocument, height: float) -> None:
        scale = self.week_scale
        grid = QPen(QColor("#DDDDDD"))
        for week in range(-BEFORE_START, scale.horizon + 1):
            x = scale.x(week)
            if week % 4 == 0:
                self._scene.addLine(x, AXIS - 6, x, height, grid)
                self._text(f"wk {week}", x + 2, 2)
                day = document.plan.start + dt.timedelta(weeks=week)
                self._text(day.strftime("%d %b"), x + 2, 18, colour=QColor("#666666"))
        start = QPen(QColor("#222222"), 2)
        self._scene.addLine(scale.x(0), AXIS - 8, scale.x(0), height, start)
        today = (dt.date.today() - document.plan.start).days / 7
        if 0 <= today <= scale.horizon:
            self._scene.addLine(
                scale.x(today),
                AXIS,
                scale.x(today),
                height,
                QPen(QColor("#2E7D32"), 1, Qt.PenStyle.DashLine),
            )

    def _draw_reviews(self, document: PlanDocument, height: float) -> None:
        pen = QPen(REVIEW_COLOUR, 1.5, Qt.PenStyle.DashLine)
        for review in document.plan.reviews:
            x = self.week_scale.x(review.week)
            line = self._scene.addLine(x, AXIS - 4, x, height, pen)
            line.setToolTip(f"Review in week {review.week}" + (f": {review.note}" if review.note else ""))
            self._text("review", x + 3, height + 2, colour=REVIEW_COLOUR)

    def _draw_rows(self, document: PlanDocument) -> int:
        assert self.workspace is not None
        catalog, row = self.workspace.catalog, 0
        ongoing = [
            (index, e)
            for index, e in enumerate(document.history)
            if e.is_ongoing and e.modality in catalog.modalities
        ]
        for layer in LAYERS:
            items = sorted(
                (i for i in document.plan.items if catalog.modality(i.modality).layer == layer),
                key=lambda i: (i.start_week, i.id),
            )
            history = [(index, e) for index, e in ongoing if catalog.modality(e.modality).layer == layer]
            if not items and not history:
                continue
            self._text(LAYER_NAMES[layer], 6, AXIS + row * ROW + 5, bold=True, colour=LAYER_COLOURS[layer])
            row += 1
            for index, entry in history:
                self._draw_history(document, index, entry.modality, row)
                row += 1
            for item in items:
                self._draw_item(item, row)
                row += 1
        return max(row, 1)

    def _draw_history(self, document: PlanDocument, index: int, modality_id: str, row: int) -> None:
        assert self.workspace is not None
        name = self.workspace.catalog.modality(modality_id).name
        ends = [i.start_week for i in document.plan.items if i.replaces == modality_id]
        end = min(ends) if ends else self.week_scale.horizon
        y = AXIS + row * ROW
        self._text(f"{name} (ongoing)", 16, y + 5, colour=HISTORY_COLOUR)
        x0, x1 = self.week_scale.x(-BEFORE_START), self.week_scale.x(end)
        bar = self._scene.addRect(
            QRectF(x0, y + 7, x1 - x0, ROW - 14),
            QPen(HISTORY_COLOUR),
            QBrush(lighter(HISTORY_COLOUR, 90), Qt.BrushStyle.BDiagPattern),
        )
        bar.setToolTip(
            f"{name}: ongoing from the history (history[{index}])"
            + (f", replaced in week {end}" if ends else "")
        )

    def _draw_item(self, item: PlanItem, row: int) -> None:
        assert self.workspace is not None
        modality = self.workspace.catalog.modality(item.modality)
        scale, y = self.week_scale, AXIS + row * ROW
        self._text(modality.name, 16, y + 5)
        # A test or device trial is an event, not a running treatment: a short mark unless it has an end.
        runs_on = modality.is_therapy or not modality.pain_treatment
        open_end = scale.horizon if runs_on else item.start_week + 1
        end = item.end_week if item.end_week is not None else open_end
        width = max(scale.per_week * 0.6, (end - item.start_week) * scale.per_week)
        colour = LAYER_COLOURS[modality.layer]
        bar = Bar(self, item, width, lighter(colour, 170 if item.end_week is not None else 120))
        bar.place(scale.x(item.start_week), y)
        if modality.window:
            band = QGraphicsRectItem(
                modality.window.min_weeks * scale.per_week,
                1,
                (modality.window.max_weeks - modality.window.min_weeks) * scale.per_week,
                ROW - 2,
                bar,
            )
            band.setBrush(QBrush(lighter(colour.darker(160), 110)))
            band.setPen(QPen(Qt.PenStyle.NoPen))
            band.setZValue(-1)
            band.setToolTip(
                f"Assessment window: weeks {item.start_week + modality.window.min_weeks}–"
                f"{item.start_week + modality.window.max_weeks}"
            )
        if item.assess_week is not None:
            self._diamond(
                bar, (item.assess_week - item.start_week) * scale.per_week, item.assessed is not None
            )
        bar.setToolTip(self._tooltip(item))
        self._scene.addItem(bar)
        self.bars[item.id] = bar

    def _diamond(self, parent: QGraphicsItem, x: float, filled: bool) -> None:
        half = (ROW - 8) / 2
        shape = QPolygonF(
            [QPointF(x, 4 - 2), QPointF(x + half, 4 + half), QPointF(x, ROW - 2), QPointF(x - half, 4 + half)]
        )
        mark = self._scene.addPolygon(
            shape, QPen(QColor("#111111"), 1.5), QBrush(QColor("#111111") if filled else QColor("white"))
        )
        mark.setParentItem(parent)
        mark.setPos(0, 0)

    def _tooltip(self, item: PlanItem) -> str:
        assert self.workspace is not None
        modality = self.workspace.catalog.modality(item.modality)
        lines = [f"{modality.name} ({item.id}): starts week {item.start_week}"]
        if item.assess_week is not None:
            lines.append(
                f"assessed in week {item.assess_week}"
                + (f": {item.assessed.result}" if item.assessed else "")
            )
        lines += [f"• {f.message}" for f in self.workspace.report.for_item(item.id) if f.counts]
        return "\n".join(lines)

    def _recolour(self, *_: object) -> None:
        if self.workspace is None:
            return
        selected = set(self.workspace.selection)
        for item_id, bar in self.bars.items():
            findings = [f for f in self.workspace.report.for_item(item_id) if f.counts]
            if findings:
                worst = min(findings, key=lambda f: SEVERITIES.index(f.severity)).severity
                pen = QPen(SEVERITY_COLOURS[worst], 2.5)
            else:
                pen = QPen(QColor("#333333"), 1)
            if item_id in selected:
                pen = QPen(
                    QColor("#000000"), 3.5, Qt.PenStyle.DashLine if findings else Qt.PenStyle.SolidLine
                )
            bar.setPen(pen)

    # -- interaction -------------------------------------------------------------------------------
    def choose(self, item_id: str) -> None:
        if self.workspace is not None:
            self.workspace.select((item_id,))

    def dragging(self, item_id: str, week: int) -> None:
        if self.workspace is not None and not self.workspace.read_only:
            self.workspace.preview(operations.move_item(self.workspace.document, item_id, week))

    def dropped(self, item_id: str, from_week: int, to_week: int) -> None:
        if self.workspace is None:
            return
        if to_week == from_week:
            self.workspace.preview(None)
            return
        # Applying rebuilds the scene, which would delete this bar inside its own mouse event: do it next.
        QTimer.singleShot(0, lambda: self._move(item_id, to_week, merge=False))

    def _move(self, item_id: str, week: int, *, merge: bool) -> None:
        assert self.workspace is not None
        name = self.workspace.catalog.modality(
            operations.item(self.workspace.document, item_id).modality
        ).name
        moved = operations.move_item(self.workspace.document, item_id, week)
        self.workspace.apply(
            moved, f"Move {name} to week {max(0, week)}", merge_key=f"move.{item_id}" if merge else None
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        workspace = self.workspace
        selected = [ref for ref in (workspace.selection if workspace else ()) if ref in self.bars]
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if workspace is not None and not workspace.read_only and len(selected) == 1 and step is not None:
            item = operations.item(workspace.document, selected[0])
            self._move(item.id, item.start_week + step, merge=True)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            return
        super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        self.week_scale.per_week = min(60.0, max(4.0, self.week_scale.per_week * factor))
        self.rebuild()
