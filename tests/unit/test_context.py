"""What is active when: a `replaces` pair is never active together, for any rule."""

from __future__ import annotations

import pytest

from careplanner.checks.context import PlanContext, in_pain_care, same_region
from tests.builders import CATALOG, document, findings, item, items_of, past, weeks_before_start


def ongoing_oxycodone() -> object:
    return past("oxycodone", weeks_before_start(20), dose_mg_per_day=20)


class TestReplacedOngoingTreatment:
    def test_replaced_from_week_0_it_takes_part_in_no_safety_rule(self) -> None:
        doc = document(
            [item("tap", "tapentadol", 0, 3, replaces="oxycodone"), item("dia", "diazepam", 0, None)],
            history=[ongoing_oxycodone()],
        )
        assert items_of(findings(doc, "SAFE-INTERACTION")) == [{"tap", "dia"}]
        ctx = PlanContext(doc, CATALOG)
        assert ctx.current_history == []

    def test_replaced_later_it_is_active_until_the_replacement_starts(self) -> None:
        doc = document(
            [item("tap", "tapentadol", 2, 5, replaces="oxycodone"), item("dia", "diazepam", 0, None)],
            history=[ongoing_oxycodone()],
        )
        assert sorted(sorted(pair) for pair in items_of(findings(doc, "SAFE-INTERACTION"))) == [
            ["dia", "history[0]"],
            ["dia", "tap"],
        ]

    def test_the_pair_itself_never_overlaps(self) -> None:
        doc = document([item("tap", "tapentadol", 2, 5, replaces="oxycodone")], history=[ongoing_oxycodone()])
        assert findings(doc, "SAFE-DUPLICATE-CLASS") == []


class TestReplacedPlanItem:
    def test_a_planned_switch_is_not_taken_together(self) -> None:
        items = [item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 6, 12, replaces="a")]
        assert findings(document(items), "SAFE-DUPLICATE-CLASS") == []

    def test_without_replaces_the_two_overlap(self) -> None:
        items = [item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 6, 12)]
        assert items_of(findings(document(items), "SAFE-DUPLICATE-CLASS")) == [{"a", "b"}]

    def test_a_replacing_item_that_starts_first_leaves_nothing_of_the_replaced(self) -> None:
        items = [item("a", "duloxetine", 4, 10), item("b", "venlafaxine", 2, 8, replaces="a")]
        ctx = PlanContext(document(items), CATALOG)
        assert ctx.by_ref["a"].end <= ctx.by_ref["a"].start
        assert findings(document(items), "SAFE-DUPLICATE-CLASS") == []


@pytest.mark.parametrize(
    ("modality", "expected"),
    [("duloxetine", True), ("medial-branch-block", True), ("diazepam", False), ("naloxone", False)],
)
def test_pain_care_leaves_out_benzodiazepines_and_naloxone(modality: str, expected: bool) -> None:
    assert in_pain_care(CATALOG.modality(modality)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("lumbar", "lumbar", True), ("lumbar", "cervical", False), (None, "lumbar", True), (None, None, True)],
)
def test_regions_match_when_equal_or_either_is_missing(a: str | None, b: str | None, expected: bool) -> None:
    assert same_region(a, b) is expected
