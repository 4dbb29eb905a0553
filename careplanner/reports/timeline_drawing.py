"""The plan as a picture for print. A treatment that runs for weeks is a bar with its assessment window
shaded; a treatment given at one visit (a procedure, a patch, an infusion: `Modality.is_session`) is a dot
on its date, joined to its assessment. Whole names, wrapped; months and years on the time axis; reviews as
dashed lines. Greys, outlines and black only, so it prints well in black and white."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog, Modality
from careplanner.domain import PlanDocument, PlanItem
from careplanner.reports.fonts import BOLD, REGULAR, register_fonts
from careplanner.reports.timeline_axis import TimeAxis, wrap_words

LAYER_GREYS = {
    "medication": colors.Color(0.45, 0.45, 0.45),
    "psychological": colors.Color(0.62, 0.62, 0.62),
    "physical": colors.Color(0.78, 0.78, 0.78),
    "interventional": colors.Color(0.55, 0.55, 0.55),
    "complementary": colors.Color(0.85, 0.85, 0.85),
}
MIN_WEEKS = 20


def is_event(modality: Modality) -> bool:
    """Given on a day rather than taken for weeks: a session treatment, or a test such as an evaluation."""
    return modality.is_session or modality.kind == "diagnostic"


def _horizon(document: PlanDocument, catalog: Catalog) -> int:
    weeks = [review.week for review in document.plan.reviews]
    for item in document.plan.items:
        weeks += [item.start_week, item.assess_week or 0]
        if item.end_week is not None and not is_event(catalog.modality(item.modality)):
            weeks.append(item.end_week)
    return max([MIN_WEEKS, *(week + 3 for week in weeks)])


def _rect(
    x: float, y: float, width: float, height: float, fill: colors.Color, stroke: colors.Color | None
) -> Rect:
    shape = Rect(x, y, width, height)
    shape.fillColor, shape.strokeColor, shape.strokeWidth = fill, stroke, 0.8 if stroke else 0
    return shape


def _diamond(cx: float, cy: float, half: float) -> Polygon:
    return Polygon(
        [cx, cy + half, cx + half, cy, cx, cy - half, cx - half, cy],
        fillColor=colors.white,
        strokeColor=colors.black,
        strokeWidth=1,
    )


@dataclass(frozen=True)
class Row:
    layer: str
    item: PlanItem | None  # None: the row naming the layer
    lines: tuple[str, ...]
    height: float


class TimelinePicture:
    def __init__(
        self,
        document: PlanDocument,
        catalog: Catalog,
        width: float,
        font_size: float,
        review_word: str = "Review",
    ) -> None:
        register_fonts()
        self.document, self.catalog, self.width, self.size = document, catalog, width, font_size
        self.review_word = review_word
        self.label_size = font_size * 0.9
        self.label_width = width * 0.3
        self.bar_row = font_size * 1.9
        self.axis = TimeAxis(
            document.plan.start, _horizon(document, catalog), self.label_width + 4, width - 4
        )

    def x(self, week: float) -> float:
        return self.axis.x(week)

    # -- rows --------------------------------------------------------------------------------------
    def _item_row(self, layer: str, item: PlanItem) -> Row:
        name = self.catalog.modality(item.modality).name
        lines = wrap_words(name, REGULAR, self.label_size, self.label_width - self.size * 0.8)
        height = max(self.bar_row, len(lines) * self.label_size * 1.2 + self.size * 0.7)
        return Row(layer, item, tuple(lines), height)

    def _layer_row(self, layer: str) -> Row:
        lines = wrap_words(LAYER_NAMES[layer], BOLD, self.size, self.label_width)
        return Row(layer, None, tuple(lines), len(lines) * self.size * 1.2 + self.size * 0.5)

    def rows(self) -> list[Row]:
        found: list[Row] = []
        for layer in LAYERS:
            items = [i for i in self.document.plan.items if self.catalog.modality(i.modality).layer == layer]
            if items:
                found.append(self._layer_row(layer))
                found += [
                    self._item_row(layer, item) for item in sorted(items, key=lambda i: (i.start_week, i.id))
                ]
        return found

    def parts(self, max_height: float) -> list[list[Row]]:
        """The rows in parts no taller than `max_height` once drawn with their time axis."""
        room = max_height - self.axis.top_room(self.size) - self.axis.bottom_room(self.size)
        parts: list[list[Row]] = [[]]
        used = 0.0
        for row in self.rows():
            if parts[-1] and used + row.height > room:
                if row.item is None:
                    parts.append([])
                else:  # a part starting inside a layer names it; a layer's name never ends a part
                    ended_on_name = parts[-1][-1].item is None
                    parts.append([parts[-1].pop() if ended_on_name else self._layer_row(row.layer)])
                used = sum(part.height for part in parts[-1])
            parts[-1].append(row)
            used += row.height
        return [part for part in parts if part]

    def drawings(self, max_height: float) -> list[Drawing]:
        """The picture in parts no taller than `max_height`, each with its own time axis (long plans)."""
        return [self.drawing(part) for part in self.parts(max_height)]

    # -- drawing -----------------------------------------------------------------------------------
    def drawing(self, rows: list[Row] | None = None) -> Drawing:
        rows = self.rows() if rows is None else rows
        bottom_room = self.axis.bottom_room(self.size)
        height = self.axis.top_room(self.size) + sum(row.height for row in rows) + bottom_room
        # Text drawn without its own font would fall back to ReportLab's unembedded Helvetica.
        drawing = Drawing(self.width, height, initialFontName=REGULAR, initialFontSize=self.size)
        top = height - self.axis.top_room(self.size)
        self.axis.draw(drawing, top, bottom_room, self.size)
        y = top
        for row in rows:
            y -= row.height
            if row.item is None:
                self._lines(drawing, row, y, BOLD, self.size, 0)
            else:
                self._lines(drawing, row, y, REGULAR, self.label_size, self.size * 0.8)
                self._item(drawing, row.item, y, row.height)
        self.axis.draw_reviews(
            drawing,
            [r.week for r in self.document.plan.reviews],
            top,
            bottom_room,
            self.size,
            self.review_word,
        )
        return drawing

    def _lines(self, drawing: Drawing, row: Row, y: float, font: str, size: float, indent: float) -> None:
        """The row's name, its lines centred on the row."""
        leading = size * 1.2
        first = y + row.height / 2 + (len(row.lines) - 1) * leading / 2 - size * 0.35
        for number, line in enumerate(row.lines):
            drawing.add(String(indent, first - number * leading, line, fontName=font, fontSize=size))

    def _item(self, drawing: Drawing, item: PlanItem, y: float, row_height: float) -> None:
        modality = self.catalog.modality(item.modality)
        bar = self.bar_row * 0.56
        base = y + (row_height - bar) / 2
        if is_event(modality):
            self._event(drawing, item, modality, base, bar)
        else:
            self._bar(drawing, item, modality, base, bar)
        if item.assess_week is not None:
            drawing.add(_diamond(self.x(item.assess_week), base + bar / 2, bar * 0.62))

    def _window(self, item: PlanItem, modality: Modality) -> tuple[float, float] | None:
        window = modality.window
        if window is None:
            return None
        first = min(item.start_week + window.min_weeks, self.axis.horizon)
        return self.x(first), self.x(min(item.start_week + window.max_weeks, self.axis.horizon))

    def _bar(self, drawing: Drawing, item: PlanItem, modality: Modality, base: float, bar: float) -> None:
        end = self.axis.horizon if item.end_week is None else min(item.end_week, self.axis.horizon)
        x0, x1 = self.x(item.start_week), self.x(end)
        drawing.add(_rect(x0, base, max(x1 - x0, 2), bar, colors.white, colors.black))
        window = self._window(item, modality)
        if window:
            drawing.add(
                _rect(window[0], base, max(window[1] - window[0], 1), bar, LAYER_GREYS[modality.layer], None)
            )

    def _event(self, drawing: Drawing, item: PlanItem, modality: Modality, base: float, bar: float) -> None:
        """A dot on the day it is given; a thin shaded band for its window, a dotted line to its check."""
        middle, day = base + bar / 2, self.x(item.start_week)
        window = self._window(item, modality)
        if window:
            band = bar * 0.4
            drawing.add(
                _rect(
                    window[0],
                    middle - band / 2,
                    max(window[1] - window[0], 1),
                    band,
                    LAYER_GREYS[modality.layer],
                    None,
                )
            )
        if item.assess_week is not None:
            drawing.add(
                Line(
                    day,
                    middle,
                    self.x(item.assess_week),
                    middle,
                    strokeColor=colors.black,
                    strokeWidth=0.7,
                    strokeDashArray=[1, 2],
                )
            )
        drawing.add(Circle(day, middle, bar * 0.36, fillColor=colors.black, strokeColor=colors.black))
