"""The timeline picture: whole names, a one-day treatment as a dot on its date (not a months-long bar), dates
a patient reads on the axis, reviews marked with their dates, and black, white and greys only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors

from careplanner.domain import PlanDocument, PlanItem, Review
from careplanner.reports.dates import month_year
from careplanner.reports.timeline_drawing import TimelinePicture
from tests.builders import CATALOG
from tests.unit.test_reports_pages import corpus, example

MONTH_YEAR = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")
SESSIONS = [m.id for m in CATALOG.modalities.values() if m.is_session]


def shapes(node: Any) -> Iterator[Any]:
    for child in getattr(node, "contents", []):
        yield child
        if isinstance(child, Group):
            yield from shapes(child)


def drawn(document: PlanDocument, width: float = 480, size: float = 10) -> list[Any]:
    picture = TimelinePicture(document, CATALOG, width, size)
    return [shape for drawing in picture.drawings(2000) for shape in shapes(drawing)]


def texts(document: PlanDocument, **kwargs: Any) -> list[str]:
    return [shape.text for shape in drawn(document, **kwargs) if isinstance(shape, String)]


def with_items(*items: PlanItem, reviews: tuple[int, ...] = (4, 12)) -> PlanDocument:
    document = example("good-plan")
    plan = dataclasses.replace(document.plan, items=items, reviews=tuple(Review(week) for week in reviews))
    return dataclasses.replace(document, plan=plan)


@pytest.mark.parametrize("name", sorted(corpus()))
@pytest.mark.parametrize("size", [10, 13])
def test_every_treatment_s_whole_name_is_shown(name: str, size: float) -> None:
    document, _ = corpus()[name]
    shown = " ".join(texts(document, width=420, size=size))
    assert "…" not in shown
    for item in document.plan.items:
        assert CATALOG.modality(item.modality).name in shown


@pytest.mark.parametrize("modality", SESSIONS)
def test_a_session_treatment_is_a_dot_on_its_date_not_a_bar(modality: str) -> None:
    item = PlanItem("s", modality, start_week=8, assess_week=14, end_week=30)
    shapes_drawn = drawn(with_items(item), width=480)
    picture = TimelinePicture(with_items(item), CATALOG, 480, 10)
    dots = [s for s in shapes_drawn if isinstance(s, Circle)]
    assert len(dots) == 1 and abs(dots[0].cx - picture.x(8)) < 0.5
    outlined_bars = [
        s for s in shapes_drawn if isinstance(s, Rect) and s.strokeColor is not None and s.strokeWidth
    ]
    assert outlined_bars == []  # no bar runs from the session to week 30


def test_a_treatment_taken_for_weeks_is_still_a_bar() -> None:
    shapes_drawn = drawn(with_items(PlanItem("d", "duloxetine", 0, 6, 26)))
    bars = [s for s in shapes_drawn if isinstance(s, Rect) and s.strokeColor == colors.black]
    assert len(bars) == 1 and not any(isinstance(s, Circle) for s in shapes_drawn)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 12, 31), "Dec 2026"),
        (dt.date(2027, 1, 1), "Jan 2027"),
        (dt.date(2028, 2, 29), "Feb 2028"),
    ],
)
def test_a_month_is_named_the_same_on_every_axis(day: dt.date, words: str) -> None:
    """One helper for the timeline, the printed outcome chart and the window's chart, whatever the locale."""
    assert month_year(day) == words and MONTH_YEAR.match(words)


def test_the_time_axis_shows_months_and_years() -> None:
    labels = texts(example("good-plan"))
    months = [text for text in labels if MONTH_YEAR.match(text)]
    assert len(months) >= 4 and "Jan 2027" in months
    assert not any(text.startswith("week ") for text in labels)


def test_a_long_plan_s_axis_labels_do_not_overlap() -> None:
    from benchmarks.plans import generated_plan

    picture = TimelinePicture(generated_plan(50), CATALOG, 480, 10)
    drawing = picture.drawings(2000)[0]
    axis = sorted(
        (s.x, s.text) for s in shapes(drawing) if isinstance(s, String) and MONTH_YEAR.match(s.text)
    )
    assert len(axis) >= 4
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(axis)]
    assert min(gaps) > 40  # wider than "Sep 2027" at 8 pt


@pytest.mark.parametrize("height", [150, 300, 450])
def test_a_long_plan_s_picture_parts_each_name_their_layers(height: float) -> None:
    from benchmarks.plans import generated_plan

    parts = TimelinePicture(generated_plan(50), CATALOG, 480, 10).parts(height)
    assert len(parts) > 1
    for part in parts:
        assert part[0].item is None and part[-1].item is not None  # starts with a layer's name, never ends so
    items = [row.item for part in parts for row in part if row.item is not None]
    assert len(items) == 50


def test_reviews_are_dashed_lines_with_their_dates() -> None:
    document = with_items(PlanItem("d", "duloxetine", 0, 6, 26), reviews=(4, 12, 24))
    shapes_drawn = drawn(document)
    dashed = [s for s in shapes_drawn if isinstance(s, Line) and s.strokeDashArray == [3, 2]]
    assert len(dashed) == 3
    shown = texts(document)
    assert shown.count("Review") == 3 and {"4 Jan", "1 Mar", "24 May"} <= set(shown)


def test_only_black_white_and_greys() -> None:
    document, _ = corpus()["generated-40"]
    for drawing in TimelinePicture(document, CATALOG, 480, 10).drawings(2000):
        for shape in shapes(drawing):
            for colour in (getattr(shape, "fillColor", None), getattr(shape, "strokeColor", None)):
                if colour is not None:
                    assert colour.red == colour.green == colour.blue, (shape, colour)


def test_the_picture_names_its_font() -> None:
    for drawing in TimelinePicture(example("good-plan"), CATALOG, 480, 10).drawings(2000):
        assert isinstance(drawing, Drawing) and drawing.initialFontName == "DejaVuSans"
