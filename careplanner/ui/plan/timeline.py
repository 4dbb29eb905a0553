"""The plan on a timeline: one row per item, grouped by layer, with its assessment window shaded.

A treatment runs as a bar from its start; a procedure or session (a test, an injection, a patch, an infusion)
is a mark on the day it is given. A legend says what each mark means; the date axis gives the year at its
first date and at each new year; today is labelled. Treatment names are shown whole: the label column is as
wide as the longest name (within reason), and a longer name wraps onto a second line.

Drag a bar or mark (or press Left/Right on the selected one) to move the item; the checks follow while it
moves and the move is one undoable step. An item whose course a decision recorded as ended does not move: the
window's status line says why. Ongoing treatments from the history run in from before week 0.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsTextItem, QGraphicsView, QMainWindow, QWidget

from careplanner.catalog.model import LAYER_NAMES, LAYERS
from careplanner.checks.finding import SEVERITIES
from careplanner.domain import PlanDocument, PlanItem
from careplanner.editing import operations
from careplanner.ui.plan.timeline_items import (
    LONG_DATE,
    ROW,
    SHORT_DATE,
    Bar,
    EventMark,
    bar,
    diamond,
    item_tooltip,
    window_band,
)
from careplanner.ui.plan.timeline_legend import TODAY_COLOUR, draw_legend
from careplanner.ui.plan.timeline_scale import (
    BEFORE_START,
    DEFAULT_PER_WEEK,
    LABEL_SHARE,
    MAX_LABELS,
    MAX_PER_WEEK,
    MIN_LABELS,
    MIN_PER_WEEK,
    MIN_WEEKS,
    WeekScale,
    horizon_of,
    is_event,
)
from careplanner.ui.theme import HISTORY_COLOUR, LAYER_COLOURS, REVIEW_COLOUR, SEVERITY_COLOURS, lighter
from careplanner.ui.workspace import Workspace, follow

AXIS = 40
INDENT = 16  # treatment names sit under their layer's heading
GAP = 14  # between the longest name and the first week


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
        self.week_scale = WeekScale(per_week=DEFAULT_PER_WEEK, horizon=MIN_WEEKS)
        self.bars: dict[str, Bar] = {}
        self._drag_preview: PlanDocument | None = None
        self._built_for_width = 0.0  # the view's width the label column and legend were laid out for
        self._zoomed = False  # until the user zooms, the whole plan fits the view's width
        self._axis_top = 0.0

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

    def move_refusal(self, item_id: str) -> str | None:
        """Why the item cannot move (a decision recorded its course), in words; None when it can."""
        workspace = self.workspace
        if workspace is None or workspace.document.plan.item(item_id) is None:
            return None
        return operations.move_refusal(workspace.document, item_id, workspace.catalog)

    def tell(self, text: str) -> None:
        """Say why a move was refused on the status line: a drag or a key press is no moment for a dialog."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # -- drawing -----------------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._scene.clear()
        self.bars = {}
        if self.workspace is None:
            return
        document = self.workspace.document
        self._built_for_width = self._room()
        self.week_scale.horizon = horizon_of(document, self.workspace)
        self.week_scale.labels = self._label_column(document)
        if not self._zoomed:
            self.week_scale.per_week = self._fitting_scale()
        self._axis_top = 4 + draw_legend(self._scene, 6, 4, max(320, self._built_for_width - 12))
        bottom = self._draw_rows(document, self._axis_top + AXIS)
        self._draw_axis(document, self._axis_top, bottom)
        self._draw_reviews(document, bottom)
        self._draw_today(document, bottom)
        self._scene.setSceneRect(0, 0, self.week_scale.x(self.week_scale.horizon) + 20, bottom + 40)
        self._recolour()

    def _room(self) -> float:
        """The view's width in scene units: a view scaled up (the meeting's large type) lays out for less."""
        return self.viewport().width() / self.transform().m11()

    def _day(self, document: PlanDocument, week: float) -> dt.date:
        return document.plan.start + dt.timedelta(weeks=week)

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

    # -- the label column --------------------------------------------------------------------------
    def _row_labels(self, document: PlanDocument) -> list[str]:
        assert self.workspace is not None
        catalog = self.workspace.catalog
        names = [catalog.modality(item.modality).name for item in document.plan.items]
        names += [f"{catalog.modality(m).name} (ongoing)" for _, m in self._ongoing(document)]
        return names

    def _widest_labels(self) -> float:
        return max(MIN_LABELS, min(MAX_LABELS, LABEL_SHARE * self._room()))

    def _label_column(self, document: PlanDocument) -> float:
        """As wide as the longest name (and layer heading), within reason: longer names wrap."""
        metrics = QFontMetricsF(self._scene.font())
        bold = QFont(self._scene.font())
        bold.setBold(True)
        widths = [INDENT + metrics.horizontalAdvance(name) for name in self._row_labels(document)]
        widths += [6 + QFontMetricsF(bold).horizontalAdvance(LAYER_NAMES[layer]) for layer in LAYERS]
        return min(self._widest_labels(), max(MIN_LABELS, max(widths) + GAP))

    def _name(self, text: str, y: float, colour: QColor | None = None) -> float:
        """A treatment's name in the label column, wrapped if it is too long; returns its row's height."""
        room = self.week_scale.labels - INDENT - GAP
        if QFontMetricsF(self._scene.font()).horizontalAdvance(text) <= room:
            self._text(text, INDENT, y + 5, colour=colour)
            return ROW
        label = QGraphicsTextItem(text)
        label.setTextWidth(room)
        label.document().setDocumentMargin(0)
        if colour is not None:
            label.setDefaultTextColor(colour)
        label.setPos(INDENT, y + 3)
        self._scene.addItem(label)
        return max(ROW, label.boundingRect().height() + 6)

    # -- axis, reviews, today ----------------------------------------------------------------------
    def _label_step(self) -> int:
        """Weeks between dated ticks: 4, or more when a date with its year would not fit in 4 weeks."""
        needed = QFontMetricsF(self._scene.font()).horizontalAdvance("00 Mmm 0000") + 8
        step = 4
        while step * self.week_scale.per_week < needed:
            step += 4
        return step

    def _draw_axis(self, document: PlanDocument, top: float, bottom: float) -> None:
        scale, step, year = self.week_scale, self._label_step(), None
        grid = QPen(QColor("#DDDDDD"))
        for week in range(-BEFORE_START, scale.horizon + 1, 4):
            x = scale.x(week)
            self._scene.addLine(x, top + AXIS - 6, x, bottom, grid)
            if (week + BEFORE_START) % step:
                continue
            day = self._day(document, week)
            self._text(f"wk {week}", x + 2, top + 2)
            # The year at the first date and at the first date of each new year.
            shown = day.strftime(SHORT_DATE if day.year == year else LONG_DATE)
            year = day.year
            self._text(shown, x + 2, top + 18, colour=QColor("#666666"))
        start = QPen(QColor("#222222"), 2)
        self._scene.addLine(scale.x(0), top + AXIS - 8, scale.x(0), bottom, start)

    def _draw_reviews(self, document: PlanDocument, bottom: float) -> None:
        pen = QPen(REVIEW_COLOUR, 1.5, Qt.PenStyle.DashLine)
        for review in document.plan.reviews:
            x = self.week_scale.x(review.week)
            line = self._scene.addLine(x, self._axis_top + AXIS - 4, x, bottom, pen)
            when = self._day(document, review.week).strftime(LONG_DATE)
            line.setToolTip(
                f"Review in week {review.week} ({when})" + (f": {review.note}" if review.note else "")
            )
            self._text("review", x + 3, bottom + 2, colour=REVIEW_COLOUR)

    def _draw_today(self, document: PlanDocument, bottom: float) -> None:
        today = dt.date.today()
        week = (today - document.plan.start).days / 7
        if not -BEFORE_START <= week <= self.week_scale.horizon:
            return
        x = self.week_scale.x(week)
        pen = QPen(TODAY_COLOUR, 1, Qt.PenStyle.DashLine)
        self._scene.addLine(x, self._axis_top + AXIS, x, bottom, pen).setToolTip("Today")
        self._text(f"today ({today.strftime(SHORT_DATE)})", x + 3, bottom + 18, colour=TODAY_COLOUR)

    # -- rows --------------------------------------------------------------------------------------
    def _ongoing(self, document: PlanDocument) -> list[tuple[int, str]]:
        assert self.workspace is not None
        catalog = self.workspace.catalog
        return [
            (index, e.modality)
            for index, e in enumerate(document.history)
            if e.is_ongoing and e.modality in catalog.modalities
        ]

    def _draw_rows(self, document: PlanDocument, top: float) -> float:
        """Every row, layer by layer from `top`; returns where the rows end."""
        assert self.workspace is not None
        catalog, y = self.workspace.catalog, top
        ongoing = self._ongoing(document)
        for layer in LAYERS:
            items = sorted(
                (i for i in document.plan.items if catalog.modality(i.modality).layer == layer),
                key=lambda i: (i.start_week, i.id),
            )
            history = [(index, m) for index, m in ongoing if catalog.modality(m).layer == layer]
            if not items and not history:
                continue
            self._text(LAYER_NAMES[layer], 6, y + 5, bold=True, colour=LAYER_COLOURS[layer])
            y += ROW
            for index, modality_id in history:
                y += self._draw_history(document, index, modality_id, y)
            for item in items:
                y += self._draw_item(document, item, y)
        return max(y, top + ROW)

    def _draw_history(self, document: PlanDocument, index: int, modality_id: str, y: float) -> float:
        assert self.workspace is not None
        name = self.workspace.catalog.modality(modality_id).name
        ends = [i.start_week for i in document.plan.items if i.replaces == modality_id]
        end = min(ends) if ends else self.week_scale.horizon
        height = self._name(f"{name} (ongoing)", y, HISTORY_COLOUR)
        x0, x1 = self.week_scale.x(-BEFORE_START), self.week_scale.x(end)
        mid = y + (height - ROW) / 2
        history_bar = self._scene.addRect(
            QRectF(x0, mid + 7, x1 - x0, ROW - 14),
            QPen(HISTORY_COLOUR),
            QBrush(lighter(HISTORY_COLOUR, 90), Qt.BrushStyle.BDiagPattern),
        )
        since = document.history[index].start.strftime(LONG_DATE)
        replaced = ""
        if ends:
            replaced = f"; replaced in week {end} ({self._day(document, end).strftime(LONG_DATE)})"
        history_bar.setToolTip(f"{name}: ongoing from the history, since {since}{replaced}")
        return height

    def _draw_item(self, document: PlanDocument, item: PlanItem, y: float) -> float:
        assert self.workspace is not None
        modality = self.workspace.catalog.modality(item.modality)
        scale = self.week_scale
        height = self._name(modality.name, y, None)
        colour = LAYER_COLOURS[modality.layer]
        if is_event(modality, item):
            shape: Bar = EventMark(self, item, lighter(colour, 170))
        else:
            end = item.end_week if item.end_week is not None else scale.horizon
            width = max(scale.per_week * 0.6, (end - item.start_week) * scale.per_week)
            shape = bar(self, item, width, lighter(colour, 170 if item.end_week is not None else 120))
        shape.place(scale.x(item.start_week), y + (height - ROW) / 2)
        if modality.window:
            window = modality.window
            first, last = item.start_week + window.min_weeks, item.start_week + window.max_weeks
            opens, closes = self._day(document, first), self._day(document, last)
            dates = f"{opens.strftime(SHORT_DATE)}–{closes.strftime(LONG_DATE)}"
            window_band(
                shape,
                window.min_weeks * scale.per_week,
                window.max_weeks * scale.per_week,
                colour,
                f"{modality.name}: assessment window, weeks {first}–{last} ({dates})",
            )
        if item.assess_week is not None:
            offset = (item.assess_week - item.start_week) * scale.per_week
            diamond(shape, offset, 4, filled=item.assessed is not None)
        shape.setToolTip(item_tooltip(self.workspace, document, item))
        self._scene.addItem(shape)
        self.bars[item.id] = shape
        return height

    def _recolour(self, *_: object) -> None:
        if self.workspace is None:
            return
        selected = set(self.workspace.selection)
        for item_id, shape in self.bars.items():
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
            shape.setPen(pen)

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
        refusal = self.move_refusal(item_id)
        if refusal is not None:  # a decision recorded its course: nothing changes
            self.workspace.preview(None)
            self.tell(refusal)
            self.rebuild()  # a dragged bar goes back to where the item is
            return
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
            self._move(item.id, item.start_week + step, merge=True)  # a refused move says why
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The label column and the legend follow the view's width: lay them out again when it changes.
        if self.workspace is not None and self._room() != self._built_for_width:
            self.rebuild()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            return
        super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        self._zoomed = True
        self.week_scale.per_week = min(MAX_PER_WEEK, max(MIN_PER_WEEK, self.week_scale.per_week * factor))
        self.rebuild()

    def fit_to_width(self) -> None:
        self._zoomed = False
        self.rebuild()

    def _fitting_scale(self) -> float:
        """Pixels per week that show the plan from its run-in to its last week in the view's width."""
        room = self._built_for_width - self.week_scale.labels - 24
        weeks = self.week_scale.horizon + BEFORE_START
        return min(DEFAULT_PER_WEEK, max(MIN_PER_WEEK, room / weeks))
