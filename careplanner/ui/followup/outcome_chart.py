"""The outcome chart in the window (the attribution view): PEG score, pain, sleep and mood from the baseline
through every check-in, the 30 % and 50 % improvement lines, assessment windows hatched on the plot, and each
treatment's course as a labelled bar in a band under it — so the team sees what changed when, and what helped.

Each series has its own line pattern and marker besides its colour (PEG solid with circles, pain dashed with
squares, sleep dotted with triangles, mood dash-dot with diamonds), so it reads in black and white too. Points
and bars say their dates and values in a tooltip. The chart is the core's `OutcomeChart`; nothing is computed
here but where things go.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from careplanner.outcomes.chart import (
    MOOD,
    PAIN,
    PEG,
    SCALE_MAX,
    SERIES,
    SLEEP,
    OutcomeChart,
    TreatmentCourse,
    Visit,
    month_ticks,
    pack_lanes,
)
from careplanner.reports.dates import month_year, short_date

EMPTY_TEXT = "No baseline or check-in recorded yet"
WINDOW_WORDS = "Assessment window"
# Okabe-Ito colours (colour-blind safe); the patterns and markers carry the meaning without them.
COLOURS = {PEG: QColor("#000000"), PAIN: QColor("#D55E00"), SLEEP: QColor("#0072B2"), MOOD: QColor("#009E73")}
PATTERNS = {
    PEG: Qt.PenStyle.SolidLine,
    PAIN: Qt.PenStyle.DashLine,
    SLEEP: Qt.PenStyle.DotLine,
    MOOD: Qt.PenStyle.DashDotLine,
}
MARKERS = {PEG: "circle", PAIN: "square", SLEEP: "triangle", MOOD: "diamond"}
CORNERS = {"triangle": ((-1, 1), (1, 1), (0, -1)), "diamond": ((0, -1.2), (1, 0), (0, 1.2), (-1, 0))}
WIDTHS = {PEG: 2.4, PAIN: 1.8, SLEEP: 2.0, MOOD: 1.8}
GRID, MUTED, WINDOW = QColor("#DDDDDD"), QColor("#555555"), QColor("#9E9E9E")
MARGIN, LANE, MIN_PLOT, POINT_REACH = 8.0, 30.0, 150.0, 8.0
INSET = 8.0  # the first point clear of the score axis


def _score(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if key == PEG else f"{value:g}"  # the PEG score as the summary gives it


def visit_text(visit: Visit) -> str:
    """A point's tooltip: the visit, its date and every score (— where one was not recorded)."""
    scores = ", ".join(f"{spec.label} {_score(spec.key, visit.value(spec.key))}" for spec in SERIES)
    return f"{visit.kind} {short_date(visit.date)}: {scores}"


def course_tip(course: TreatmentCourse) -> str:
    if course.one_day:
        when = f"given {short_date(course.start)}"
    else:
        ends = "still going" if course.end is None else short_date(course.end)
        when = f"{short_date(course.start)} – {ends}"
    return f"{course.caption} ({when})"


def draw_marker(painter: QPainter, shape: str, centre: QPointF, half: float) -> None:
    """PEG's circles are filled; the other shapes are white inside so each stands out."""
    x, y = centre.x(), centre.y()
    if shape == "circle":
        painter.drawEllipse(centre, half, half)
    elif shape == "square":
        painter.drawRect(QRectF(x - half, y - half, 2 * half, 2 * half))
    else:
        painter.drawPolygon(QPolygonF([QPointF(x + dx * half, y + dy * half) for dx, dy in CORNERS[shape]]))


def series_pen(key: str) -> QPen:
    pen = QPen(COLOURS[key], WIDTHS[key], PATTERNS[key])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def marker_brush(key: str) -> QBrush:
    return QBrush(COLOURS[key] if MARKERS[key] == "circle" else QColor("white"))


@dataclass(frozen=True)
class Layout:
    """Where the parts go for the widget's size."""

    legend_rows: list[list[tuple[str | None, str, float]]]
    plot: QRectF
    lanes_top: float
    lane_of: list[int]


class OutcomeChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: OutcomeChart | None = None
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Outcome chart")
        self.setMouseTracking(True)
        self._points: list[tuple[QPointF, Visit]] = []
        self._bars: list[tuple[QRectF, TreatmentCourse]] = []

    def set_chart(self, chart: OutcomeChart | None) -> None:
        self.chart = chart
        self.setAccessibleDescription(EMPTY_TEXT if chart is None else self._summary(chart))
        self._fit_height()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a narrower chart may need more lanes for the treatments' names

    def _fit_height(self) -> None:
        needed = max(260, int(self._needed_height(self._layout_lanes(self.width()))))
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            self.updateGeometry()

    def _summary(self, chart: OutcomeChart) -> str:
        visits = "; ".join(visit_text(visit) for visit in chart.visits)
        courses = "; ".join(course_tip(course) for course in chart.courses)
        return f"{visits}. Treatments: {courses or 'none'}"

    # -- layout ------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(760, max(320, int(self._needed_height(self._layout_lanes(760)) + 60)))

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def _legend_rows(self, width: float) -> list[list[tuple[str | None, str, float]]]:
        metrics = self._metrics()
        entries: list[tuple[str | None, str]] = [(s.key, f"{s.label} ({s.better})") for s in SERIES]
        entries.append((None, WINDOW_WORDS))
        rows: list[list[tuple[str | None, str, float]]] = [[]]
        for key, text in entries:
            entry_width = 34 + metrics.horizontalAdvance(text) + 18
            if rows[-1] and sum(e[2] for e in rows[-1]) + entry_width > width - 2 * MARGIN:
                rows.append([])
            rows[-1].append((key, text, entry_width))
        return rows

    def _plot_sides(self, width: float) -> tuple[float, float]:
        metrics = self._metrics()
        labels = [metrics.horizontalAdvance(line.label) for line in self.chart.lines] if self.chart else []
        left = MARGIN + metrics.horizontalAdvance("10") + 8
        return left, width - MARGIN - max([12.0, *(label + 8 for label in labels)])

    def _x(self, day: dt.date, left: float, right: float) -> float:
        assert self.chart is not None
        return left + INSET + self.chart.share(day) * (right - left - INSET)

    def _text_span(
        self, course: TreatmentCourse, left: float, right: float, width: float
    ) -> tuple[float, float]:
        text = self._metrics().horizontalAdvance(course.caption)
        start = max(MARGIN, min(self._x(course.start, left, right), width - MARGIN - text))
        return start, start + text

    def _layout_lanes(self, width: float) -> list[int]:
        if self.chart is None:
            return []
        left, right = self._plot_sides(width)
        spans = []
        for course in self.chart.courses:
            bar_end = right if course.end is None else self._x(course.end, left, right)
            text_start, text_end = self._text_span(course, left, right, width)
            spans.append((min(self._x(course.start, left, right), text_start), max(bar_end, text_end)))
        return pack_lanes(spans, gap=10)

    def _needed_height(self, lane_of: list[int]) -> float:
        line = self._metrics().height()
        legend = len(self._legend_rows(self.width())) * (line + 6)
        return MARGIN * 2 + legend + MIN_PLOT + line * 2 + (max(lane_of, default=-1) + 1) * LANE

    def _layout(self) -> Layout:
        width, line = float(self.width()), self._metrics().height()
        rows = self._legend_rows(width)
        lane_of = self._layout_lanes(width)
        lanes = (max(lane_of, default=-1) + 1) * LANE
        top = MARGIN + len(rows) * (line + 6) + line * 0.5
        bottom = max(top + 60, self.height() - MARGIN - lanes - line * 2)
        left, right = self._plot_sides(width)
        return Layout(rows, QRectF(left, top, right - left, bottom - top), bottom + line * 2, lane_of)

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self._points, self._bars = [], []
        if self.chart is None:
            painter.setPen(MUTED)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
            return
        layout = self._layout()
        self._legend(painter, layout)
        self._windows(painter, layout.plot)
        self._grid(painter, layout.plot)
        self._starts(painter, layout)
        self._improvement_lines(painter, layout.plot)
        for spec in reversed(SERIES):  # PEG last: on top where scores meet, its smaller dot inside the others
            self._series(painter, layout.plot, spec.key)
        self._lanes(painter, layout)
        painter.end()

    def _legend(self, painter: QPainter, layout: Layout) -> None:
        line = self._metrics().height()
        y = MARGIN
        for row in layout.legend_rows:
            x = MARGIN
            middle = y + line / 2
            for key, text, width in row:
                if key is None:
                    self._hatch(painter, QRectF(x, middle - 6, 28, 12))
                else:
                    painter.setPen(series_pen(key))
                    painter.drawLine(QPointF(x, middle), QPointF(x + 28, middle))
                    painter.setPen(QPen(COLOURS[key], 1.2))
                    painter.setBrush(marker_brush(key))
                    draw_marker(painter, MARKERS[key], QPointF(x + 14, middle), 4)
                painter.setPen(QColor("black"))
                painter.drawText(QPointF(x + 34, middle + line * 0.3), text)
                x += width
            y += line + 6

    def _hatch(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 14))
        painter.drawRect(rect)
        painter.setBrush(QBrush(WINDOW, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)

    def _windows(self, painter: QPainter, plot: QRectF) -> None:
        assert self.chart is not None
        for window in self.chart.windows:
            x0 = self._x(window.start, plot.left(), plot.right())
            x1 = self._x(window.end, plot.left(), plot.right())
            self._hatch(painter, QRectF(x0, plot.top(), max(x1 - x0, 1.0), plot.height()))

    def _y(self, plot: QRectF, value: float) -> float:
        return plot.bottom() - value / SCALE_MAX * plot.height()

    def _grid(self, painter: QPainter, plot: QRectF) -> None:
        assert self.chart is not None
        metrics = self._metrics()
        for value in range(0, int(SCALE_MAX) + 1, 2):
            y = self._y(plot, value)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("black"))
            label = str(value)
            painter.drawText(
                QPointF(plot.left() - 6 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2 - 1),
                label,
            )
        painter.setPen(QPen(QColor("black"), 1.2))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        spacing = metrics.horizontalAdvance("May 2027") + 16
        for day in month_ticks(self.chart.first, self.chart.last, int(plot.width() // spacing)):
            x = self._x(day, plot.left(), plot.right())
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 5))
            label = month_year(day)
            painter.drawText(
                QPointF(x - metrics.horizontalAdvance(label) / 2, plot.bottom() + 7 + metrics.ascent()), label
            )

    def _starts(self, painter: QPainter, layout: Layout) -> None:
        """A faint dotted line at each treatment's start, down through its lane: what changed when."""
        assert self.chart is not None
        bottom = layout.lanes_top + (max(layout.lane_of, default=-1) + 1) * LANE
        painter.setPen(QPen(MUTED, 1, Qt.PenStyle.DotLine))
        for day in sorted({course.start for course in self.chart.courses}):
            x = self._x(day, layout.plot.left(), layout.plot.right())
            painter.drawLine(QPointF(x, layout.plot.top()), QPointF(x, bottom))

    def _improvement_lines(self, painter: QPainter, plot: QRectF) -> None:
        assert self.chart is not None
        metrics = self._metrics()
        for line in self.chart.lines:
            y = self._y(plot, line.value)
            painter.setPen(QPen(MUTED, 1.2))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QPointF(plot.right() + 4, y + metrics.ascent() / 2 - 1), line.label)

    def _series(self, painter: QPainter, plot: QRectF, key: str) -> None:
        assert self.chart is not None
        for run in self.chart.segments(key):
            points = [
                QPointF(self._x(day, plot.left(), plot.right()), self._y(plot, value)) for day, value in run
            ]
            painter.setPen(series_pen(key))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
            painter.setPen(QPen(COLOURS[key], 1.4))
            painter.setBrush(marker_brush(key))
            for point in points:
                draw_marker(painter, MARKERS[key], point, 3.5 if key == PEG else 4.5)
        visits = {visit.date: visit for visit in self.chart.visits}
        self._points += [
            (QPointF(self._x(day, plot.left(), plot.right()), self._y(plot, value)), visits[day])
            for run in self.chart.segments(key)
            for day, value in run
        ]

    def _lanes(self, painter: QPainter, layout: Layout) -> None:
        assert self.chart is not None
        left, right, width = layout.plot.left(), layout.plot.right(), float(self.width())
        windows = {window.item_id: window for window in self.chart.windows}
        metrics = self._metrics()
        for course, lane in zip(self.chart.courses, layout.lane_of, strict=True):
            bar_y = layout.lanes_top + lane * LANE + LANE * 0.72
            window = windows.get(course.item_id)
            if window is not None:
                x0, x1 = self._x(window.start, left, right), self._x(window.end, left, right)
                self._hatch(painter, QRectF(x0, bar_y - 5, max(x1 - x0, 1.0), 10))
            x0 = self._x(course.start, left, right)
            x1 = x0 if course.one_day else right if course.end is None else self._x(course.end, left, right)
            self._course_bar(painter, course, x0, x1, bar_y)
            self._bars.append((QRectF(x0 - 5, bar_y - LANE * 0.7, max(x1 - x0, 0) + 10, LANE * 0.8), course))
            text_start, text_end = self._text_span(course, left, right, width)
            text_rect = QRectF(
                text_start - 1, bar_y - 8 - metrics.height(), text_end - text_start + 2, metrics.height()
            )
            painter.fillRect(text_rect, QColor("white"))  # the dotted start lines pass behind the name
            painter.setPen(QColor("black"))
            painter.drawText(QPointF(text_start, bar_y - 8 - metrics.descent()), course.caption)

    def _course_bar(self, painter: QPainter, course: TreatmentCourse, x0: float, x1: float, y: float) -> None:
        """A bar from start to stop with a mark at each end; a course still going ends in an arrow."""
        painter.setPen(QPen(QColor("black"), 3))
        painter.setBrush(QColor("black"))
        if course.one_day:
            painter.drawEllipse(QPointF(x0, y), 4, 4)
            return
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.setPen(QPen(QColor("black"), 2))
        painter.drawLine(QPointF(x0, y - 6), QPointF(x0, y + 6))
        if course.end is None:
            painter.drawPolygon(QPolygonF([QPointF(x1, y - 5), QPointF(x1 + 8, y), QPointF(x1, y + 5)]))
        else:
            painter.drawLine(QPointF(x1, y - 6), QPointF(x1, y + 6))

    # -- tooltips ----------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tip_at(self, position: QPointF) -> str | None:
        """What a tooltip says at a position: the nearest point's visit, else the course under it."""
        near = [
            (abs(point.x() - position.x()) + abs(point.y() - position.y()), visit)
            for point, visit in self._points
        ]
        close = [entry for entry in near if entry[0] <= POINT_REACH * 2]
        if close:
            return visit_text(min(close, key=lambda entry: entry[0])[1])
        course = next((course for rect, course in self._bars if rect.contains(position)), None)
        return course_tip(course) if course is not None else None
