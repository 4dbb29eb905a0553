"""The outcome chart in the clinician summary: vector graphics (no picture), readable in black and white (each
series its own dash pattern and marker, greys only), under "Outcomes over time" — and no such section when
there is nothing to draw."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from careplanner.domain import Assessment, Measurement, PegScores, PlanDocument, PlanItem
from careplanner.outcomes import outcome_chart
from careplanner.outcomes.chart import MOOD, PAIN, PEG, SLEEP, OutcomeChart
from careplanner.reports import SummaryContext, render_summary
from careplanner.reports.fonts import REGULAR
from careplanner.reports.outcome_chart import DASHES, outcome_chart_drawings, outcome_chart_flowable
from tests.builders import CATALOG
from tests.unit.test_reports_pages import PRINTED, clinic, example
from tests.unit.test_reports_pdf import unembedded_fonts

HEADING = "Outcomes over time"
MONTH_YEAR = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")


def followed_up() -> PlanDocument:
    """The example plan some months on: four check-ins (one without sleep) and a dose adjusted."""
    document = example("good-plan")
    items = list(document.plan.items)
    adjusted = Assessment(6, "partial", 25, None, "adjust-dose", dt.date(2027, 1, 18), "dr.test", "i6")
    items[0] = dataclasses.replace(items[0], end_week=7, assessed=adjusted)
    items.append(PlanItem("i6", "duloxetine", 7, 13, dose_mg_per_day=90, replaces="i1"))
    checkins = (
        Measurement(dt.date(2026, 12, 21), PegScores(6, 7, 6), 5, 5),
        Measurement(dt.date(2027, 1, 18), PegScores(5, 6, 5), None, 6),
        Measurement(dt.date(2027, 2, 15), PegScores(4, 4, 3), 6, 7),
        Measurement(dt.date(2027, 3, 15), PegScores(3, 3, 3), 7, 7),
    )
    return dataclasses.replace(
        document, plan=dataclasses.replace(document.plan, items=tuple(items)), checkins=checkins
    )


def chart_of(document: PlanDocument) -> OutcomeChart:
    chart = outcome_chart(document, CATALOG)
    assert chart is not None
    return chart


def summary(document: PlanDocument) -> bytes:
    return render_summary(document, CATALOG, SummaryContext(PRINTED, clinic("A4")))


def shapes(node: Any) -> Iterator[Any]:
    for child in getattr(node, "contents", []):
        yield child
        if isinstance(child, Group):
            yield from shapes(child)


def texts(drawing: Drawing) -> list[str]:
    return [shape.text for shape in shapes(drawing) if isinstance(shape, String)]


def dash_operator(dashes: list[float] | None) -> str:
    return "[" + " ".join(f"{value:g}" for value in dashes or []) + "] 0 d"


def test_the_summary_draws_the_chart_as_vector_graphics_under_its_heading() -> None:
    reader = PdfReader(io.BytesIO(summary(followed_up())))
    pages = [page.extract_text() for page in reader.pages]
    (page_number,) = [number for number, text in enumerate(pages) if HEADING in text]
    page = reader.pages[page_number]
    text = pages[page_number]
    for words in ("30 % better", "50 % better", "PEG score (lower is better)", "Sleep (higher is better)"):
        assert words in text
    assert "Duloxetine 90 mg a day" in text and "partly effective; dose adjusted" in text
    # Drawn with lines in each series' dash pattern, not pasted in as a picture.
    stream = page.get_contents()
    assert stream is not None
    content = stream.get_data().decode("latin-1")
    for key in (PAIN, SLEEP, MOOD):
        assert dash_operator(DASHES[key]) in content
    assert all("/XObject" not in str(page["/Resources"].keys()) for page in reader.pages)  # type: ignore[attr-defined]


def test_the_improvement_lines_name_their_sources_in_the_reference_list() -> None:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary(followed_up()))).pages)
    assert "IMMPACT recommendations on clinically important change" in text
    assert "Dworkin et al." in text  # the full reference at the end
    assert "CDC22" not in text  # never a citation key


def test_no_chart_section_without_a_baseline_or_a_check_in() -> None:
    document = dataclasses.replace(followed_up(), baseline=None, checkins=())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary(document))).pages)
    assert HEADING not in text
    assert "30 % better" not in text


def test_every_font_in_the_summary_with_a_chart_is_embedded() -> None:
    assert unembedded_fonts(summary(followed_up())) == []


def test_each_series_has_its_own_dash_pattern_and_marker_in_greys_only() -> None:
    drawing = outcome_chart_flowable(chart_of(followed_up()), 480)
    drawn = list(shapes(drawing))
    patterns = {tuple(shape.strokeDashArray or ()) for shape in drawn if isinstance(shape, PolyLine)}
    assert patterns == {tuple(DASHES[key] or ()) for key in (PEG, PAIN, SLEEP, MOOD)}
    corners = {len(shape.points) // 2 for shape in drawn if isinstance(shape, Polygon)}
    assert {3, 4} <= corners  # triangles (sleep) and diamonds (mood)
    assert any(isinstance(shape, Circle) for shape in drawn) and any(
        isinstance(shape, Rect) for shape in drawn
    )
    for shape in drawn:
        for colour in (getattr(shape, "strokeColor", None), getattr(shape, "fillColor", None)):
            if isinstance(colour, colors.Color):
                assert colour.red == colour.green == colour.blue, shape


def test_the_drawing_labels_months_and_uses_the_embedded_font() -> None:
    drawing = outcome_chart_flowable(chart_of(followed_up()), 480)
    labels = texts(drawing)
    assert "Dec 2026" in labels
    assert [label for label in labels if MONTH_YEAR.match(label)]
    assert all(shape.fontName == REGULAR for shape in shapes(drawing) if isinstance(shape, String))


def test_without_a_baseline_the_chart_has_points_but_no_improvement_lines() -> None:
    document = dataclasses.replace(followed_up(), baseline=None)
    labels = texts(outcome_chart_flowable(chart_of(document), 480))
    assert "30 % better" not in labels and "50 % better" not in labels
    assert any(
        isinstance(shape, PolyLine) for shape in shapes(outcome_chart_flowable(chart_of(document), 480))
    )


def test_many_treatments_at_once_run_over_several_drawings_each_within_the_height() -> None:
    modalities = [m.id for m in CATALOG.modalities.values() if m.window is not None and not m.is_session][:30]
    items = tuple(PlanItem(f"i{n}", modality, n) for n, modality in enumerate(modalities))
    document = dataclasses.replace(followed_up(), plan=dataclasses.replace(followed_up().plan, items=items))
    chart = chart_of(document)
    drawings = outcome_chart_drawings(chart, 480, 400, 8)
    assert len(drawings) > 1
    assert all(drawing.height <= 400 for drawing in drawings)
    shown = [text for drawing in drawings for text in texts(drawing)]
    for course in chart.courses:
        assert shown.count(course.caption) == 1
    assert HEADING in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary(document))).pages)
