"""The plan as a picture for print: one bar per item by layer, the assessment window shaded, assessments and
reviews marked. Greys and outlines only, so it prints well in black and white."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from careplanner.catalog.model import LAYER_NAMES, LAYERS, Catalog
from careplanner.domain import PlanDocument, PlanItem
from careplanner.reports.dates import MONTHS, week_date
from careplanner.reports.fonts import BOLD, REGULAR, register_fonts

LAYER_GREYS = {
    "medication": colors.Color(0.45, 0.45, 0.45),
    "psychological": colors.Color(0.62, 0.62, 0.62),
    "physical": colors.Color(0.78, 0.78, 0.78),
    "interventional": colors.Color(0.55, 0.55, 0.55),
    "complementary": colors.Color(0.85, 0.85, 0.85),
}
MIN_WEEKS = 20


def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis if it would run past `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _horizon(document: PlanDocument, catalog: Catalog) -> int:
    weeks = [review.week for review in document.plan.reviews]
    for item in document.plan.items:
        weeks += [item.start_week, item.assess_week or 0, item.end_week or 0]
    return max([MIN_WEEKS, *(week + 3 for week in weeks)])


def _rect(
    x: float,
    y: float,
    width: float,
    height: float,
    fill: colors.Color,
    stroke: colors.Color | None,
    stroke_width: float,
) -> Rect:
    shape = Rect(x, y, width, height)
    shape.fillColor, shape.strokeColor, shape.strokeWidth = fill, stroke, stroke_width
    return shape


class TimelinePicture:
    def __init__(self, document: PlanDocument, catalog: Catalog, width: float, font_size: float) -> None:
        register_fonts()
        self.document, self.catalog, self.width, self.size = document, catalog, width, font_size
        self.row = font_size * 1.9
        self.label_width = width * 0.34
        self.horizon = _horizon(document, catalog)
        self.per_week = (width - self.label_width - 4) / self.horizon

    def x(self, week: float) -> float:
        return self.label_width + week * self.per_week

    def rows(self) -> list[tuple[str, PlanItem | None]]:
        found: list[tuple[str, PlanItem | None]] = []
        for layer in LAYERS:
            items = [i for i in self.document.plan.items if self.catalog.modality(i.modality).layer == layer]
            if items:
                found.append((layer, None))
                found += [(layer, item) for item in sorted(items, key=lambda i: (i.start_week, i.id))]
        return found

    def drawings(self, max_height: float) -> list[Drawing]:
        """The picture in parts no taller than `max_height`, each with its own date axis (long plans)."""
        per_part = max(2, int((max_height - self.size * 4.2) // self.row))
        parts: list[list[tuple[str, PlanItem | None]]] = []
        current: list[tuple[str, PlanItem | None]] = []
        for layer, item in self.rows():
            if len(current) == per_part:
                parts.append(current)
                current = (
                    [] if item is None else [(layer, None)]
                )  # a part starting inside a layer names it again
            current.append((layer, item))
        if current:
            parts.append(current)
        return [self.drawing(part) for part in parts]

    def drawing(self, rows: list[tuple[str, PlanItem | None]] | None = None) -> Drawing:
        rows = self.rows() if rows is None else rows
        axis = self.size * 2.6
        height = axis + len(rows) * self.row + self.size * 1.6
        drawing = Drawing(self.width, height)
        top = height - axis
        self._axis(drawing, top, height)
        for index, (layer, item) in enumerate(rows):
            y = top - (index + 1) * self.row
            if item is None:
                drawing.add(
                    String(0, y + self.row * 0.3, LAYER_NAMES[layer], fontName=BOLD, fontSize=self.size)
                )
            else:
                self._bar(drawing, item, y)
        self._reviews(drawing, top, top - len(rows) * self.row)
        return drawing

    def _axis(self, drawing: Drawing, top: float, height: float) -> None:
        start = self.document.plan.start
        for week in range(0, self.horizon + 1, 4):
            x = self.x(week)
            day = week_date(start, week)
            drawing.add(
                Line(x, top, x, self.size * 1.6, strokeColor=colors.Color(0.8, 0.8, 0.8), strokeWidth=0.5)
            )
            drawing.add(
                String(
                    x,
                    height - self.size * 1.1,
                    f"{day.day} {MONTHS[day.month - 1][:3]}",
                    fontName=REGULAR,
                    fontSize=self.size * 0.8,
                    textAnchor="middle",
                )
            )
            drawing.add(
                String(
                    x,
                    height - self.size * 2.1,
                    f"week {week}",
                    fontName=REGULAR,
                    fontSize=self.size * 0.7,
                    textAnchor="middle",
                    fillColor=colors.Color(0.35, 0.35, 0.35),
                )
            )

    def _bar(self, drawing: Drawing, item: PlanItem, y: float) -> None:
        modality = self.catalog.modality(item.modality)
        label = fit(modality.name, REGULAR, self.size * 0.9, self.label_width - self.size * 1.4)
        drawing.add(
            String(self.size * 0.8, y + self.row * 0.3, label, fontName=REGULAR, fontSize=self.size * 0.9)
        )
        runs_on = modality.is_therapy or not modality.pain_treatment
        end = (
            item.end_week if item.end_week is not None else (self.horizon if runs_on else item.start_week + 1)
        )
        x0, x1 = self.x(item.start_week), self.x(min(end, self.horizon))
        bar_height = self.row * 0.56
        base = y + (self.row - bar_height) / 2
        drawing.add(_rect(x0, base, max(x1 - x0, 2), bar_height, colors.white, colors.black, 0.8))
        window = modality.window
        if window:
            w0, w1 = (
                self.x(item.start_week + window.min_weeks),
                self.x(min(item.start_week + window.max_weeks, self.horizon)),
            )
            drawing.add(_rect(w0, base, max(w1 - w0, 1), bar_height, LAYER_GREYS[modality.layer], None, 0))
        if item.assess_week is not None:
            cx, cy, half = self.x(item.assess_week), base + bar_height / 2, bar_height * 0.62
            drawing.add(
                Polygon(
                    [cx, cy + half, cx + half, cy, cx, cy - half, cx - half, cy],
                    fillColor=colors.white,
                    strokeColor=colors.black,
                    strokeWidth=1,
                )
            )

    def _reviews(self, drawing: Drawing, top: float, bottom: float) -> None:
        for review in self.document.plan.reviews:
            x = self.x(review.week)
            drawing.add(
                Line(x, top, x, bottom, strokeColor=colors.black, strokeWidth=1, strokeDashArray=[3, 2])
            )
            drawing.add(
                String(
                    x,
                    bottom - self.size * 1.1,
                    "review",
                    fontName=BOLD,
                    fontSize=self.size * 0.75,
                    textAnchor="middle",
                )
            )
