"""The opioids' total in morphine milligram equivalents, where the clinician builds the plan: the peak beside
the plan's start and reviews, each opioid's share in its Dose cell; in view at 1366x768 and at 150 %."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, QRect

from careplanner.domain import PlanDocument
from careplanner.editing.recovery import Origin
from careplanner.ui.plan.plan_view import COLUMNS, ITEM_ROLE
from careplanner.ui.window.workspace_view import PlanBuilder
from careplanner.ui.workspace import Workspace
from tests.builders import CATALOG, document, item, past, weeks_before_start

# The room the Plan tab gets in the main window (as for the patient tabs), in logical pixels.
TAB_ON_1366_X_768 = (797, 609)
TAB_AT_150_PERCENT_ON_1920_X_1080 = (711, 561)


def opioid_plan(**changes: object) -> PlanDocument:
    """Oxycodone 30 mg (45 MME) from week 0, morphine 22.5 mg (22.5 MME) from week 4, gabapentin."""
    doc = document(
        [
            item("o", "oxycodone", 0, 2, dose_mg_per_day=30),
            item("m", "morphine", 4, 6, dose_mg_per_day=22.5),
            item("g", "gabapentin", 0, 5, dose_mg_per_day=900),
        ]
    )
    return dataclasses.replace(doc, **changes)


def builder(qtbot, doc: PlanDocument, size: tuple[int, int] = TAB_ON_1366_X_768) -> PlanBuilder:  # type: ignore[no-untyped-def]
    page = PlanBuilder(CATALOG)
    qtbot.addWidget(page)
    page.set_workspace(Workspace(CATALOG, "dr.test", doc, Origin(), parent=page))
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


def dose_cells(page: PlanBuilder) -> dict[str, str]:
    model = page.plan_view.model_
    cells = {}
    for layer in range(model.rowCount()):
        heading = model.item(layer)
        for row in range(heading.rowCount()):
            cells[heading.child(row).data(ITEM_ROLE)] = heading.child(row, COLUMNS.index("Dose")).text()
    return cells


def test_the_peak_is_shown_beside_the_plans_start_and_reviews(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = builder(qtbot, opioid_plan())
    label = page.plan_bar.opioids
    assert label.isVisible()
    assert label.text() == "Opioids: 67.5 MME a day at the peak (week 4)"
    assert label.font().bold()  # at or above the 50 MME a day that calls for a pause
    assert "Oxycodone 30 mg a day (45 MME)" in label.toolTip()
    assert "not for converting one opioid to another" in label.toolTip()


def test_below_the_threshold_the_line_is_plain(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = document([item("o", "oxycodone", 0, 2, dose_mg_per_day=33)])
    page = builder(qtbot, doc)
    label = page.plan_bar.opioids
    assert label.text() == "Opioids: 49.5 MME a day at the peak (week 0)"
    assert not label.font().bold()


def test_a_missing_dose_makes_it_a_minimum(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = document(
        [item("o", "oxycodone", 0, 2, dose_mg_per_day=40)],
        history=[past("tramadol", weeks_before_start(6))],
    )
    page = builder(qtbot, doc)
    label = page.plan_bar.opioids
    assert label.text() == "Opioids: at least 60 MME a day at the peak (week 0)"
    assert "Tramadol (ongoing) with no dose recorded" in label.toolTip()


def test_no_line_without_opioids(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = builder(qtbot, document([item("g", "gabapentin", 0, 5, dose_mg_per_day=900)]))
    assert not page.plan_bar.opioids.isVisible()


def test_the_line_follows_an_edit(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = builder(qtbot, opioid_plan())
    workspace = page.workspace
    assert workspace is not None
    plan = workspace.document.plan
    items = tuple(dataclasses.replace(i, dose_mg_per_day=20) if i.id == "o" else i for i in plan.items)
    workspace.apply(
        dataclasses.replace(workspace.document, plan=dataclasses.replace(plan, items=items)), "Dose"
    )
    assert page.plan_bar.opioids.text() == "Opioids: 52.5 MME a day at the peak (week 4)"
    workspace.undo_stack.undo()
    assert page.plan_bar.opioids.text() == "Opioids: 67.5 MME a day at the peak (week 4)"


def test_each_opioid_shows_its_share_in_its_dose_cell(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = document(
        [
            item("o", "oxycodone", 0, 2, dose_mg_per_day=30),
            item("f", "fentanyl-patch", 4, 6, dose_mcg_per_hour=25),
            item("g", "gabapentin", 0, 5, dose_mg_per_day=900),
        ]
    )
    page = builder(qtbot, doc)
    cells = dose_cells(page)
    assert cells == {"o": "30 mg a day (45 MME)", "f": "25 mcg/h (60 MME)", "g": "900 mg a day"}


@pytest.mark.parametrize("size", [TAB_ON_1366_X_768, TAB_AT_150_PERCENT_ON_1920_X_1080])
def test_the_line_and_the_review_weeks_fit_the_screen(qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    doc = document(
        [item("m", "morphine", 0, 2), item("o", "oxycodone", 12, 14, dose_mg_per_day=80.4)],
        reviews=(4, 12, 24),
    )
    page = builder(qtbot, doc, size)
    bar = page.plan_bar
    label, reviews = bar.opioids, bar.reviews
    assert label.text() == "Opioids: at least 120.6 MME a day at the peak (week 12)"
    shown = QRect(QPoint(0, 0), page.size())
    for widget in (label, reviews):
        assert shown.contains(QRect(widget.mapTo(page, QPoint(0, 0)), widget.size()))
    assert label.height() >= label.heightForWidth(label.width())  # every line of it shown, never cut short
    assert reviews.width() >= reviews.fontMetrics().horizontalAdvance("4, 12, 24, 52")
