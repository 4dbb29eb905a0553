"""The outcome chart in the window: it paints the record (not a blank box), says so when there is nothing to
draw, tells a point's date and scores in a tooltip, and fits a 1366 by 768 screen."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from careplanner.outcomes import outcome_chart
from careplanner.reports.dates import short_date
from careplanner.ui.followup.outcome_chart import EMPTY_TEXT, OutcomeChartWidget
from tests.builders import CATALOG
from tests.unit.test_reports_outcome_chart import followed_up


def shown(qtbot, chart, width: int = 1000) -> OutcomeChartWidget:  # type: ignore[no-untyped-def]
    widget = OutcomeChartWidget()
    qtbot.addWidget(widget)
    widget.set_chart(chart)
    widget.resize(width, max(widget.minimumHeight(), 300))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ink(image: QImage) -> tuple[int, set[int]]:
    """How many sampled pixels are not white, and the distinct colours among them."""
    dark, seen = 0, set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            colour = image.pixel(x, y)
            if QColor(colour) != QColor("white"):
                dark += 1
                seen.add(colour)
    return dark, seen


def test_a_chart_with_check_ins_paints_the_record(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = outcome_chart(followed_up(), CATALOG)
    widget = shown(qtbot, chart)
    dark, seen = ink(widget.grab().toImage())
    assert dark > 1500 and len(seen) > 10  # lines, markers, hatching and text in several colours
    assert "Check-in 15 Mar 2027" in widget.accessibleDescription()


def test_the_empty_state_says_nothing_is_recorded_yet(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = shown(qtbot, None, width=600)
    assert widget.accessibleDescription() == EMPTY_TEXT
    dark, _ = ink(widget.grab().toImage())
    assert 0 < dark < 400  # one line of text, nothing else
    full = shown(qtbot, outcome_chart(followed_up(), CATALOG), width=600)
    assert ink(full.grab().toImage())[0] > dark * 3


def test_a_point_tells_its_date_and_scores(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = outcome_chart(followed_up(), CATALOG)
    assert chart is not None
    widget = shown(qtbot, chart)
    widget.grab()  # paints: the points are where the painting put them
    tips = {
        widget.tip_at(QPointF(x, y))
        for x in range(0, widget.width(), 3)
        for y in range(0, widget.height(), 3)
    }
    baseline = chart.visits[0]
    assert f"Baseline {short_date(baseline.date)}: PEG score 7.3, Pain 7, Sleep 4, Mood 5" in tips
    assert "Check-in 18 Jan 2027: PEG score 5.3, Pain 5, Sleep —, Mood 6" in tips  # — where not recorded
    assert any(tip and tip.startswith("Duloxetine 90 mg a day (") for tip in tips)  # a course's bar


def test_it_fits_a_small_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = shown(qtbot, outcome_chart(followed_up(), CATALOG), width=900)
    assert 260 <= widget.minimumHeight() <= 500
    assert widget.minimumSizeHint().width() <= 900
