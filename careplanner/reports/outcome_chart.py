"""The outcome chart for print, as vector graphics: PEG score, pain, sleep and mood over time, the 30 % and
50 % improvement lines, assessment windows shaded, and each treatment's course in a band under the plot.

Black, white and greys only: each series has its own line pattern and marker (PEG solid with circles, pain
dashed with squares, sleep dotted with triangles, mood dash-dot with diamonds): it reads in black and white.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from careplanner.outcomes.chart import (
    MOOD,
    PAIN,
    PEG,
    SCALE_MAX,
    SERIES,
    SLEEP,
    OutcomeChart,
    TreatmentCourse,
    month_ticks,
    pack_lanes,
)
from careplanner.reports.dates import month_year
from careplanner.reports.fonts import REGULAR, register_fonts

GRID = colors.Color(0.85, 0.85, 0.85)
MUTED = colors.Color(0.35, 0.35, 0.35)
WINDOW = colors.Color(0.55, 0.55, 0.55)
WINDOW_OPACITY = 0.14  # overlapping windows show darker, and the lines stay readable through them
LANE_WINDOW = colors.Color(0.85, 0.85, 0.85)
# Line patterns in points (None: solid) and markers: what tells the series apart on a black-and-white page.
DASHES: dict[str, list[float] | None] = {PEG: None, PAIN: [4, 2], SLEEP: [1, 1.6], MOOD: [5, 1.6, 1, 1.6]}
MARKERS = {PEG: "circle", PAIN: "square", SLEEP: "triangle", MOOD: "diamond"}
WIDTHS = {PEG: 1.6, PAIN: 1.1, SLEEP: 1.1, MOOD: 1.1}
WINDOW_WORDS = "Assessment window"
Anchor = Literal["start", "middle", "end"]


def _rect(x: float, y: float, width: float, height: float, fill: colors.Color, opacity: float = 1.0) -> Rect:
    shape = Rect(x, y, width, height)
    shape.fillColor, shape.fillOpacity, shape.strokeColor, shape.strokeWidth = fill, opacity, None, 0
    return shape


def _line(
    x0: float, y0: float, x1: float, y1: float, width: float, colour: colors.Color = colors.black
) -> Line:
    return Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=width)


def _dashed(shape: Line | PolyLine, key: str) -> Line | PolyLine:
    shape.strokeColor, shape.strokeWidth = colors.black, WIDTHS[key]
    dashes = DASHES[key]
    if dashes is not None:  # solid otherwise
        shape.strokeDashArray = dashes
    return shape


def marker(shape: str, x: float, y: float, half: float) -> Circle | Rect | Polygon:
    """A point's mark: PEG filled black, the others white inside, so each shape stands out."""
    fill = colors.black if shape == "circle" else colors.white
    if shape == "circle":
        drawn: Circle | Rect | Polygon = Circle(x, y, half)
    elif shape == "square":
        drawn = Rect(x - half, y - half, 2 * half, 2 * half)
    elif shape == "triangle":
        drawn = Polygon([x - half, y - half, x + half, y - half, x, y + half * 1.1])
    else:
        drawn = Polygon([x, y + half * 1.2, x + half, y, x, y - half * 1.2, x - half, y])
    drawn.fillColor, drawn.strokeColor, drawn.strokeWidth = fill, colors.black, 0.8
    return drawn


def series_sample(key: str, x: float, y: float, length: float, size: float) -> Group:
    """A short piece of the series' line with its marker: the legend's key."""
    group = Group(_dashed(Line(x, y, x + length, y), key))
    group.add(marker(MARKERS[key], x + length / 2, y, size * 0.28))
    return group


@dataclass(frozen=True)
class Frame:
    """Where the plot sits in the drawing."""

    left: float
    right: float
    bottom: float
    top: float


class ChartPicture:
    def __init__(self, chart: OutcomeChart, width: float, size: float) -> None:
        register_fonts()
        self.chart, self.width, self.size = chart, width, size
        self.small = size * 0.85
        self.left = stringWidth("10", REGULAR, self.small) + size * 0.8
        line_labels = [stringWidth(line.label, REGULAR, self.small) for line in chart.lines]
        self.right = width - max([size * 1.2, *(label + size * 0.6 for label in line_labels)])
        self.plot_height = size * 17
        self.lane_height = size * 2.7
        self.lane_of = self._lanes()

    def x(self, day: dt.date) -> float:
        inset = self.size * 0.8  # the first point clear of the score axis
        return self.left + inset + self.chart.share(day) * (self.right - self.left - inset)

    def y(self, frame: Frame, value: float) -> float:
        return frame.bottom + value / SCALE_MAX * (frame.top - frame.bottom)

    # -- layout ------------------------------------------------------------------------------------
    def _text_span(self, course: TreatmentCourse) -> tuple[float, float]:
        """Where the course's label goes: from its start, pulled left where it would run off the edge."""
        text = stringWidth(course.caption, REGULAR, self.small)
        start = min(self.x(course.start), self.width - text)
        return max(0.0, start), max(0.0, start) + text

    def _span(self, course: TreatmentCourse) -> tuple[float, float]:
        bar_end = self.right if course.end is None else self.x(course.end)
        text_start, text_end = self._text_span(course)
        return min(self.x(course.start), text_start), max(bar_end, text_end)

    def _lanes(self) -> list[int]:
        return pack_lanes([self._span(course) for course in self.chart.courses], gap=self.size * 0.8)

    def _legend_entries(self) -> list[tuple[str | None, str, float]]:
        """(series key or None for the window swatch, text, width) in reading order."""
        entries: list[tuple[str | None, str]] = [(s.key, f"{s.label} ({s.better})") for s in SERIES]
        entries.append((None, WINDOW_WORDS))
        sample = self.size * 2.6
        return [
            (key, text, sample + stringWidth(text, REGULAR, self.small) + self.size * 1.6)
            for key, text in entries
        ]

    def _legend_rows(self) -> list[list[tuple[str | None, str, float]]]:
        rows: list[list[tuple[str | None, str, float]]] = [[]]
        for entry in self._legend_entries():
            if rows[-1] and sum(e[2] for e in rows[-1]) + entry[2] > self.width:
                rows.append([])
            rows[-1].append(entry)
        return rows

    def lane_count(self) -> int:
        return max(self.lane_of, default=-1) + 1

    def plot_part_height(self) -> float:
        """The legend, the plot and its date axis: everything above the treatments' lanes."""
        legend = len(self._legend_rows()) * self.size * 1.5
        return legend + self.size * 0.8 + self.plot_height + self.axis_height

    @property
    def axis_height(self) -> float:
        return self.size * 2.2

    # -- drawing -----------------------------------------------------------------------------------
    def drawings(self, max_height: float) -> list[Drawing]:
        """The plot with the lanes that fit under it in `max_height`, then the other lanes in parts that fit,
        each under its own date axis (a plan with many treatments at once)."""
        count = self.lane_count()
        first = max(1, int((max_height - self.plot_part_height()) // self.lane_height))
        more = max(1, int((max_height - self.axis_height) // self.lane_height))
        parts = [self.drawing(range(min(first, count)))]
        parts += [self.lanes_drawing(range(at, min(at + more, count))) for at in range(first, count, more)]
        return parts

    def drawing(self, lanes: range | None = None) -> Drawing:
        """The legend, the plot and the lanes given (all of them by default)."""
        lanes = range(self.lane_count()) if lanes is None else lanes
        height = self.plot_part_height() + len(lanes) * self.lane_height
        drawing = self._blank(height)
        top = self._legend(drawing, height) - self.size * 0.8
        frame = Frame(self.left, self.right, top - self.plot_height, top)
        lanes_top = frame.bottom - self.axis_height
        self._windows(drawing, frame)
        self._starts(drawing, frame.top, lanes_top - len(lanes) * self.lane_height)
        self._grid(drawing, frame)
        self._date_axis(drawing, frame)
        self._improvement_lines(drawing, frame)
        for spec in reversed(SERIES):  # PEG last: on top where scores meet, its smaller dot inside the others
            self._series(drawing, frame, spec.key)
        self._lanes_drawn(drawing, lanes_top, lanes)
        return drawing

    def lanes_drawing(self, lanes: range) -> Drawing:
        """More treatments' lanes under a date axis of their own."""
        height = self.axis_height + len(lanes) * self.lane_height
        drawing = self._blank(height)
        edge = Frame(self.left, self.right, height, height)
        drawing.add(_line(self.left, height, self.right, height, 0.8))
        self._date_axis(drawing, edge)
        self._starts(drawing, height, 0)
        self._lanes_drawn(drawing, height - self.axis_height, lanes)
        return drawing

    def _text(self, x: float, y: float, text: str, anchor: Anchor = "start") -> String:
        # Each string names the embedded font: one without it would fall back to unembedded Helvetica.
        return String(x, y, text, fontName=REGULAR, fontSize=self.small, textAnchor=anchor)

    def _blank(self, height: float) -> Drawing:
        # Text drawn without its own font would fall back to ReportLab's unembedded Helvetica.
        return Drawing(self.width, height, initialFontName=REGULAR, initialFontSize=self.small)

    def _legend(self, drawing: Drawing, height: float) -> float:
        y = height
        for row in self._legend_rows():
            y -= self.size * 1.5
            x = 0.0
            for key, text, width in row:
                middle = y + self.size * 0.45
                sample = self.size * 2.2
                if key is None:
                    drawing.add(self._shade(x, middle - self.size * 0.4, sample, self.size * 0.8))
                else:
                    drawing.add(series_sample(key, x, middle, sample, self.size))
                drawing.add(self._text(x + sample + self.size * 0.4, y + self.size * 0.15, text))
                x += width
        return y

    def _shade(self, x: float, y: float, width: float, height: float) -> Rect:
        return _rect(x, y, width, height, WINDOW, WINDOW_OPACITY)

    def _windows(self, drawing: Drawing, frame: Frame) -> None:
        for window in self.chart.windows:
            x0, x1 = self.x(window.start), self.x(window.end)
            drawing.add(self._shade(x0, frame.bottom, max(x1 - x0, 1.0), frame.top - frame.bottom))

    def _starts(self, drawing: Drawing, top: float, bottom: float) -> None:
        """A faint dotted line down from the plot at each treatment's start: what changed when."""
        for day in sorted({course.start for course in self.chart.courses}):
            x = self.x(day)
            drawing.add(Line(x, top, x, bottom, strokeColor=MUTED, strokeWidth=0.4, strokeDashArray=[0.6, 2]))

    def _grid(self, drawing: Drawing, frame: Frame) -> None:
        for value in range(0, int(SCALE_MAX) + 1, 2):
            y = self.y(frame, value)
            drawing.add(_line(frame.left, y, frame.right, y, 0.5, GRID))
            drawing.add(self._text(frame.left - self.size * 0.4, y - self.small * 0.35, str(value), "end"))
        drawing.add(_line(frame.left, frame.bottom, frame.left, frame.top, 0.8))
        drawing.add(_line(frame.left, frame.bottom, frame.right, frame.bottom, 0.8))

    def _date_axis(self, drawing: Drawing, frame: Frame) -> None:
        label = stringWidth("May 2027", REGULAR, self.small) + self.size
        for day in month_ticks(self.chart.first, self.chart.last, int((frame.right - frame.left) // label)):
            x = self.x(day)
            drawing.add(_line(x, frame.bottom, x, frame.bottom - self.size * 0.4, 0.6))
            drawing.add(self._text(x, frame.bottom - self.size * 1.4, month_year(day), "middle"))

    def _improvement_lines(self, drawing: Drawing, frame: Frame) -> None:
        for line in self.chart.lines:
            y = self.y(frame, line.value)
            drawing.add(_line(frame.left, y, frame.right, y, 0.8, MUTED))
            drawing.add(self._text(frame.right + self.size * 0.3, y - self.small * 0.35, line.label))

    def _series(self, drawing: Drawing, frame: Frame, key: str) -> None:
        for run in self.chart.segments(key):
            points = [(self.x(day), self.y(frame, value)) for day, value in run]
            if len(points) > 1:
                flat = [coordinate for point in points for coordinate in point]
                drawing.add(_dashed(PolyLine(flat), key))
            for x, y in points:
                drawing.add(marker(MARKERS[key], x, y, self.size * (0.22 if key == PEG else 0.28)))

    def _lanes_drawn(self, drawing: Drawing, top: float, lanes: range) -> None:
        windows = {window.item_id: window for window in self.chart.windows}
        for course, lane in zip(self.chart.courses, self.lane_of, strict=True):
            if lane not in lanes:
                continue
            bar_y = top - (lane - lanes.start) * self.lane_height - self.lane_height * 0.75
            window = windows.get(course.item_id)
            if window is not None:
                x0, x1 = self.x(window.start), self.x(window.end)
                band = self.size * 0.7
                drawing.add(_rect(x0, bar_y - band / 2, max(x1 - x0, 1.0), band, LANE_WINDOW))
            self._course(drawing, course, bar_y)
            text_start, text_end = self._text_span(course)
            text_y = bar_y + self.size * 0.55
            # White under the name: the dotted start lines pass behind it, not through it.
            under = _rect(
                text_start - 1,
                text_y - self.small * 0.3,
                text_end - text_start + 2,
                self.small * 1.2,
                colors.white,
            )
            drawing.add(under)
            drawing.add(self._text(text_start, text_y, course.caption))

    def _course(self, drawing: Drawing, course: TreatmentCourse, y: float) -> None:
        """A bar from start to stop, a mark at each end; an open end runs to the edge with an arrow."""
        x0 = self.x(course.start)
        if course.one_day:
            drawing.add(Circle(x0, y, self.size * 0.3, fillColor=colors.black, strokeColor=colors.black))
            return
        x1 = self.right if course.end is None else self.x(course.end)
        tick = self.size * 0.45
        drawing.add(_line(x0, y, x1, y, 2))
        drawing.add(_line(x0, y - tick, x0, y + tick, 1.2))
        if course.end is None:
            drawing.add(
                Polygon(
                    [x1, y - tick, x1 + tick * 1.4, y, x1, y + tick], fillColor=colors.black, strokeColor=None
                )
            )
        else:
            drawing.add(_line(x1, y - tick, x1, y + tick, 1.2))


def outcome_chart_flowable(chart: OutcomeChart, width: float, size: float = 8.0) -> Drawing:
    """The chart as one vector drawing `width` points wide (a Drawing is a platypus Flowable)."""
    return ChartPicture(chart, width, size).drawing()


def outcome_chart_drawings(
    chart: OutcomeChart, width: float, max_height: float, size: float
) -> list[Drawing]:
    """The chart in drawings no taller than `max_height` (where possible): the plot with the first lanes,
    then the remaining treatments' lanes."""
    return ChartPicture(chart, width, size).drawings(max_height)
