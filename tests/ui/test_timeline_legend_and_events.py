"""The timeline read by a clinician: a legend, the year on the dates, today named, whole treatment names,
procedures as dated events, and no internal ids in its tooltips."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem

from careplanner.catalog import default_catalog
from careplanner.domain import HistoryEntry, Patient, PlanDocument
from careplanner.editing import operations
from careplanner.editing.recovery import Origin
from careplanner.ui.plan.timeline import TimelineView
from careplanner.ui.plan.timeline_scale import BEFORE_START
from careplanner.ui.workspace import Workspace

CATALOG = default_catalog()
PAT = Patient("T-500", "Pat Example", dt.date(1970, 3, 3), "male", ("radicular-pain",))


def document(start: dt.date, *modalities: str) -> PlanDocument:
    history = (HistoryEntry("naproxen", start - dt.timedelta(weeks=30), "ongoing"),)
    plan = operations.new_document(PAT, start, history)
    for modality, week in modalities:
        plan, _ = operations.add_item(plan, CATALOG, modality, week)
    return plan


@pytest.fixture
def timeline(qtbot):  # type: ignore[no-untyped-def]
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def show(view: TimelineView, plan: PlanDocument) -> Workspace:
    workspace = Workspace(CATALOG, "dr.test", plan, Origin(), parent=view)
    view.set_workspace(workspace)
    return workspace


def texts(view: TimelineView) -> list[str]:
    found = []
    for item in view.scene().items():
        if isinstance(item, QGraphicsSimpleTextItem):
            found.append(item.text())
        elif isinstance(item, QGraphicsTextItem):
            found.append(item.toPlainText())
    return found


def text_item(view: TimelineView, text: str) -> QGraphicsSimpleTextItem | QGraphicsTextItem:
    for item in view.scene().items():
        shown = item.text() if isinstance(item, QGraphicsSimpleTextItem) else None
        if isinstance(item, QGraphicsTextItem):
            shown = item.toPlainText()
        if shown == text:
            return item  # type: ignore[return-value]
    raise AssertionError(f"{text!r} is not on the timeline: {texts(view)}")


def test_the_timeline_has_a_legend(timeline) -> None:  # type: ignore[no-untyped-def]
    show(timeline, document(dt.date(2026, 12, 7), ("duloxetine", 0), ("esi", 8)))
    legend = " ".join(texts(timeline))
    for meaning in ("treatment", "assessment window", "planned", "assessed", "review", "procedure"):
        assert meaning in legend


def test_the_date_axis_shows_the_year_at_the_start_and_at_each_new_year(timeline) -> None:  # type: ignore[no-untyped-def]
    show(timeline, document(dt.date(2026, 12, 7), ("duloxetine", 0)))
    shown = texts(timeline)
    assert "12 Oct 2026" in shown  # the first dated tick (week -8)
    assert "07 Dec" in shown  # later ticks of the same year stay short
    assert [text for text in shown if text.endswith(" 2027")][:1] in (["04 Jan 2027"], ["01 Feb 2027"])


def test_today_is_labelled(timeline) -> None:  # type: ignore[no-untyped-def]
    show(timeline, document(dt.date.today() - dt.timedelta(weeks=2), ("duloxetine", 0)))
    today = dt.date.today().strftime("%d %b")
    assert f"today ({today})" in texts(timeline)  # beside its line, not only in the legend


def test_whole_treatment_names_fit_in_the_label_column(timeline) -> None:  # type: ignore[no-untyped-def]
    show(timeline, document(dt.date(2026, 12, 7), ("cbt", 0), ("duloxetine", 0)))
    first_week = timeline.week_scale.x(-BEFORE_START)
    for name in ("Cognitive behavioural therapy for pain (CBT)", "Naproxen (ongoing)"):
        label = text_item(timeline, name)
        assert label.sceneBoundingRect().right() <= first_week


def test_in_a_narrow_view_a_long_name_wraps_rather_than_being_cut(timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    timeline.resize(480, 400)
    qtbot.waitUntil(lambda: timeline.viewport().width() < 480)
    show(timeline, document(dt.date(2026, 12, 7), ("cbt", 0), ("duloxetine", 0)))
    first_week = timeline.week_scale.x(-BEFORE_START)
    assert first_week <= 0.45 * 480  # the weeks keep most of the view
    label = text_item(timeline, "Cognitive behavioural therapy for pain (CBT)")
    assert isinstance(label, QGraphicsTextItem)  # wrapped onto two lines, whole
    assert label.sceneBoundingRect().right() <= first_week
    assert label.boundingRect().height() > 1.5 * QFontMetricsF(label.font()).height()


def test_a_procedure_is_a_dated_event_with_its_window_and_moves_like_a_bar(timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = show(timeline, document(dt.date(2026, 12, 7), ("duloxetine", 0), ("esi", 8)))
    per_week = timeline.week_scale.per_week
    injection, medicine = timeline.bars["i2"], timeline.bars["i1"]
    assert injection.rect().width() <= per_week < medicine.rect().width() / 10
    assert len(injection.childItems()) == 2  # its assessment window and its assessment mark
    workspace.select(("i2",))
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert workspace.document.plan.item("i2").start_week == 9
    assert timeline.bars["i2"].pos().x() == timeline.week_scale.x(9)


def test_tooltips_name_treatments_and_dates_not_ids(timeline) -> None:  # type: ignore[no-untyped-def]
    show(timeline, document(dt.date(2026, 12, 7), ("duloxetine", 0)))
    tips = [item.toolTip() for item in timeline.scene().items() if item.toolTip()]
    assert tips and not [tip for tip in tips if "history[" in tip or "(i1)" in tip]
    assert "Duloxetine: starts in week 0 (07 Dec 2026)" in timeline.bars["i1"].toolTip()
