"""WIN-*: every therapy is judged inside its window, and on time."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import PLAN_START, assessed, document, findings, item, items_of


def test_missing_assessment_is_an_error() -> None:
    found = findings(document([item("a", "duloxetine", 0, None)]), "WIN-MISSING")
    assert items_of(found) == [{"a"}]
    assert found[0].severity == "error"
    assert "weeks 4-8" in found[0].message


def test_diagnostics_need_no_assessment_week() -> None:
    assert findings(document([item("b", "medial-branch-block", 0, None)]), "WIN-MISSING") == []


def test_benzodiazepines_have_no_window() -> None:
    assert findings(document([item("z", "diazepam", 0, None)]), "WIN-MISSING") == []


@pytest.mark.parametrize(
    ("start", "assess", "rule"),
    [
        (0, 3, "WIN-EARLY"),  # duloxetine window 4-8: one week short
        (2, 5, "WIN-EARLY"),  # counted from the item's own start
        (0, 9, "WIN-LATE"),
        (3, 12, "WIN-LATE"),
    ],
)
def test_fires_outside_the_window(start: int, assess: int, rule: str) -> None:
    assert items_of(findings(document([item("a", "duloxetine", start, assess)]), rule)) == [{"a"}]


@pytest.mark.parametrize(("start", "assess"), [(0, 4), (0, 8), (5, 9), (5, 13)])
def test_quiet_on_the_exact_window_edges(start: int, assess: int) -> None:
    doc = document([item("a", "duloxetine", start, assess)])
    assert findings(doc, "WIN-EARLY") == []
    assert findings(doc, "WIN-LATE") == []


class TestOverdue:
    def test_only_with_an_as_of_date(self) -> None:
        assert findings(document([item("a", "duloxetine", 0, 6)]), "WIN-OVERDUE") == []

    def test_fires_the_day_after_the_assessment_date(self) -> None:
        due = PLAN_START + dt.timedelta(weeks=6)
        doc = document([item("a", "duloxetine", 0, 6)])
        assert items_of(findings(doc, "WIN-OVERDUE", as_of=due + dt.timedelta(days=1))) == [{"a"}]
        assert findings(doc, "WIN-OVERDUE", as_of=due) == []

    def test_a_far_future_assessment_is_not_overdue_and_does_not_crash(self) -> None:
        doc = document([item("a", "duloxetine", 0, 600_000)])  # beyond any calendar date
        assert findings(doc, "WIN-OVERDUE", as_of=dt.date(9999, 12, 31)) == []

    def test_benzodiazepines_are_not_assessed(self) -> None:
        doc = document([item("z", "diazepam", 0, 4)])
        assert findings(doc, "WIN-OVERDUE", as_of=PLAN_START + dt.timedelta(weeks=10)) == []

    def test_quiet_once_the_assessment_is_recorded(self) -> None:
        doc = document([item("a", "duloxetine", 0, 6, assessed=assessed(6, "partial"))])
        assert findings(doc, "WIN-OVERDUE", as_of=PLAN_START + dt.timedelta(weeks=20)) == []
