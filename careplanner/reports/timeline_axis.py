"""The timeline picture's time axis: months and years a patient reads (as many as fit without overlapping),
and the review appointments as dashed lines with their dates. Also: names wrapped whole, never cut."""

from __future__ import annotations

import datetime as dt

from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from careplanner.reports.dates import MONTHS, month_year, week_date
from careplanner.reports.fonts import BOLD, REGULAR

GRID = colors.Color(0.8, 0.8, 0.8)
MUTED = colors.Color(0.3, 0.3, 0.3)
TICK_STEPS = (1, 2, 3, 4, 6, 12)  # months between labelled ticks
DAYS_PER_MONTH = 30.44


def _pieces(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the column, in pieces that fit (it is still shown whole, over several lines)."""
    pieces, current = [], ""
    for letter in word:
        if current and stringWidth(current + letter, font, size) > width:
            pieces.append(current)
            current = ""
        current += letter
    return [*pieces, current]


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """The whole text in lines no wider than `width`, broken between words."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        *whole, current = _pieces(word, font, size, width)
        lines += whole
    return [*lines, current] if current else lines or [""]


def _month_starts(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """The first of every `step`-th month from the first whole month on (January always among them)."""
    month = first.year * 12 + first.month - 1 + (0 if first.day == 1 else 1)  # months since year 0
    days = []
    while (day := dt.date(month // 12, month % 12 + 1, 1)) <= last:
        if (day.month - 1) % step == 0:
            days.append(day)
        month += 1
    return days


class TimeAxis:
    def __init__(self, start: dt.date, horizon: int, left: float, right: float) -> None:
        self.start, self.horizon, self.left = start, horizon, left
        self.per_week = (right - left) / horizon

    def x(self, week: float) -> float:
        return self.left + week * self.per_week

    def top_room(self, size: float) -> float:
        return size * 1.8

    def bottom_room(self, size: float) -> float:
        return size * 2.4

    def _step(self, size: float) -> int:
        label = stringWidth("May 2027", REGULAR, size * 0.8) + size
        month = DAYS_PER_MONTH / 7 * self.per_week
        return next((step for step in TICK_STEPS if step * month >= label), TICK_STEPS[-1])

    def draw(self, drawing: Drawing, top: float, bottom: float, size: float) -> None:
        """Month ticks with "Jan 2027" labels above the rows, and light lines down through them."""
        last = week_date(self.start, self.horizon)
        drawing.add(Line(self.x(0), top, self.x(self.horizon), top, strokeColor=MUTED, strokeWidth=0.8))
        for day in _month_starts(self.start, last, self._step(size)):
            x = self.x((day - self.start).days / 7)
            drawing.add(Line(x, top + size * 0.3, x, bottom, strokeColor=GRID, strokeWidth=0.5))
            label = month_year(day)
            drawing.add(
                String(
                    x, top + size * 0.55, label, fontName=REGULAR, fontSize=size * 0.8, textAnchor="middle"
                )
            )

    def draw_reviews(
        self, drawing: Drawing, weeks: list[int], top: float, bottom: float, size: float, word: str
    ) -> None:
        """A dashed line at each review, its date below (where labels would overlap, only the line)."""
        small = size * 0.75
        width = max(stringWidth(word, BOLD, small), stringWidth("30 Sep", REGULAR, small)) + size * 0.4
        shown_until = -1e9
        for week in sorted(set(weeks)):
            x = self.x(week)
            drawing.add(
                Line(x, top, x, bottom, strokeColor=colors.black, strokeWidth=1, strokeDashArray=[3, 2])
            )
            if x - width / 2 < shown_until or x + width / 2 > drawing.width + size:
                continue
            shown_until = x + width / 2
            day = week_date(self.start, week)
            drawing.add(
                String(x, bottom - small * 1.1, word, fontName=BOLD, fontSize=small, textAnchor="middle")
            )
            drawing.add(
                String(
                    x,
                    bottom - small * 2.2,
                    f"{day.day} {MONTHS[day.month - 1][:3]}",
                    fontName=REGULAR,
                    fontSize=small,
                    textAnchor="middle",
                )
            )
