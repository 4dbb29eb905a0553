"""Pure edit operations on a plan document: every result stays readable by the strict reader."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from careplanner.checks import check_plan
from careplanner.documents import plan_to_json, read_plan_data
from careplanner.domain import Goal, HistoryEntry
from careplanner.editing import operations
from tests.builders import CATALOG, document, foundation, item, past, weeks_before_start


def readable(doc: object) -> None:
    read_plan_data(json.loads(json.dumps(plan_to_json(doc))), CATALOG.modalities.keys())  # type: ignore[arg-type]


def test_add_item_defaults_the_assessment_to_the_middle_of_the_window() -> None:
    doc, item_id = operations.add_item(document(), CATALOG, "duloxetine", 2)
    added = doc.plan.item(item_id)
    assert (item_id, added.start_week, added.assess_week) == ("i1", 2, 2 + 6)  # window 4-8
    diagnostic, block = operations.add_item(doc, CATALOG, "medial-branch-block")
    assert (block, diagnostic.plan.item(block).assess_week) == ("i2", None)


def test_ids_continue_after_the_highest() -> None:
    assert operations.next_id(["i1", "i7", "x3", "i"], "i") == "i8"


def test_moving_an_item_keeps_its_assessment_and_end_offsets() -> None:
    doc = document([item("a", "physical-therapy", 6, 16, end_week=20)])
    moved = operations.move_item(doc, "a", 10).plan.item("a")
    assert (moved.start_week, moved.assess_week, moved.end_week) == (10, 20, 24)
    assert operations.move_item(doc, "a", -5).plan.item("a").start_week == 0


def test_update_refuses_an_assessment_before_the_start() -> None:
    doc = document([item("a", "duloxetine", 4, 8)])
    with pytest.raises(ValueError, match="assess week cannot be before the start"):
        operations.update_item(doc, "a", assess_week=3)
    assert operations.update_item(doc, "a", start_week=6).plan.item("a").assess_week == 10  # moves along


def test_removing_an_item_clears_links_to_it() -> None:
    doc = document([item("a", "duloxetine", 0, 6), item("b", "venlafaxine", 6, 12, replaces="a")])
    after = operations.remove_item(doc, "a")
    assert [i.id for i in after.plan.items] == ["b"] and after.plan.item("b").replaces is None
    readable(after)


def test_history_edits_drop_links_to_treatments_no_longer_ongoing() -> None:
    history = [past("gabapentin", weeks_before_start(20))]
    doc = document([item("p", "pregabalin", 0, 6, replaces="gabapentin")], history=history)
    ended = [HistoryEntry("gabapentin", weeks_before_start(20), "partial", end=weeks_before_start(1))]
    after = operations.set_history(doc, ended)
    assert after.plan.item("p").replaces is None
    readable(after)


def test_removing_a_goal_unlinks_it() -> None:
    doc = document([item("a", "duloxetine", goal_ids=("g1",))], goals=[Goal("g1", "walk")])
    after = operations.remove_goal(doc, "g1")
    assert after.goals == () and after.plan.item("a").goal_ids == ()


def test_acknowledge_and_withdraw() -> None:
    doc = document([item("a", "duloxetine")])
    finding = next(f for f in check_plan(doc, CATALOG).findings if f.rule == "SEQ-FOUNDATION-MISSING")
    with pytest.raises(ValueError, match="needs a reason"):
        operations.acknowledge(doc, finding, "  ", "dr.x")
    acknowledged = operations.acknowledge(doc, finding, "CBT next month", "dr.x")
    assert next(f for f in check_plan(acknowledged, CATALOG).findings if f.rule == finding.rule).acknowledged
    restored = operations.withdraw_acknowledgement(acknowledged, acknowledged.plan.acknowledged[0])
    assert restored == doc


def test_reviews_are_sorted_and_unique() -> None:
    assert [r.week for r in operations.set_reviews(document(), [12, 4, 4]).plan.reviews] == [4, 12]


@pytest.mark.parametrize(("modality", "expected"), [("physical-therapy", 6), ("pregabalin", 6), ("cbt", 10)])
def test_suggested_start_avoids_timing_findings(modality: str, expected: int) -> None:
    assert operations.suggest_start(document(foundation()), CATALOG, modality) == expected


def test_suggested_start_waits_for_a_planned_prerequisite() -> None:
    blocks = [
        item("b1", "medial-branch-block", 2, region="lumbar"),
        item("b2", "medial-branch-block", 4, region="lumbar"),
    ]
    assert operations.suggest_start(document([*foundation(), *blocks]), CATALOG, "facet-rfa") == 6


def test_new_document() -> None:
    doc = operations.new_document(document().patient, dt.date(2027, 1, 4))
    assert doc.plan.start == dt.date(2027, 1, 4) and doc.plan.items == ()
