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
    assert "between week 4 and week 8" in found[0].message


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


class TestOverdueCourseEnded:
    """Nothing is left to assess when the course ended (end_week, or replaced) at or before its assessment."""

    AS_OF = PLAN_START + dt.timedelta(weeks=10)

    @pytest.mark.parametrize(("end_week", "expected"), [(6, 0), (5, 0), (7, 1)])
    def test_an_end_week_at_or_before_the_assessment_exempts(self, end_week: int, expected: int) -> None:
        doc = document([item("a", "duloxetine", 0, 6, end_week=end_week)])
        assert len(findings(doc, "WIN-OVERDUE", as_of=self.AS_OF)) == expected

    @pytest.mark.parametrize(("replaced_in", "expected"), [(6, 0), (4, 0), (7, 1)])
    def test_a_replacement_at_or_before_the_assessment_exempts(self, replaced_in: int, expected: int) -> None:
        items = [
            item("a", "duloxetine", 0, 6),
            item("b", "venlafaxine", replaced_in, replaced_in + 6, replaces="a", assessed=assessed(12)),
        ]
        assert items_of(findings(document(items), "WIN-OVERDUE", as_of=self.AS_OF)) == [{"a"}] * expected

    def test_the_message_says_what_to_do(self) -> None:
        (found,) = findings(document([item("a", "duloxetine", 0, 6)]), "WIN-OVERDUE", as_of=self.AS_OF)
        assert "week 6" in found.message and "record" in found.message


class TestNotNewTherapies:
    def test_a_second_botox_cycle_needs_no_assessment_of_its_own(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, None)]
        assert findings(document(items), "WIN-MISSING") == []

    def test_a_third_cycle_needs_its_assessment(self) -> None:
        items = [
            item("b1", "botox-migraine", 0, 24),
            item("b2", "botox-migraine", 12, None),
            item("b3", "botox-migraine", 24, None),
        ]
        assert items_of(findings(document(items), "WIN-MISSING")) == [{"b3"}]

    def test_a_second_cycle_is_not_judged_against_the_window(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, 14)]
        assert findings(document(items), "WIN-EARLY") == []
        late = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, 40)]
        assert findings(document(late), "WIN-LATE") == []

    def test_a_second_cycle_is_never_overdue(self) -> None:
        items = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 12, 14)]
        as_of = PLAN_START + dt.timedelta(weeks=20)
        assert findings(document(items), "WIN-OVERDUE", as_of=as_of) == []
        repeat = [item("b1", "botox-migraine", 0, 24), item("b2", "botox-migraine", 11, 14)]
        assert items_of(findings(document(repeat), "WIN-OVERDUE", as_of=as_of)) == [{"b2"}]

    def test_naloxone_has_no_window_and_is_never_overdue(self) -> None:
        doc = document([item("n", "naloxone", 0, 4)])
        assert findings(doc, "WIN-MISSING") == []
        assert findings(doc, "WIN-OVERDUE", as_of=PLAN_START + dt.timedelta(weeks=10)) == []

    def test_a_diagnostic_block_can_be_overdue(self) -> None:
        doc = document([item("mbb", "medial-branch-block", 0, 1)])
        assert items_of(findings(doc, "WIN-OVERDUE", as_of=PLAN_START + dt.timedelta(weeks=3))) == [{"mbb"}]


def test_plurals_are_real() -> None:
    (found,) = findings(document([item("a", "duloxetine", 0, 1)]), "WIN-EARLY")
    assert "1 week after" in found.message and "week(s)" not in found.message
