"""A course ended by a decision is in the history once: the checks never count it beside its own plan item."""

from __future__ import annotations

import datetime as dt

from careplanner.domain import PlanDocument
from careplanner.followup.decisions import DecisionInput, apply_decision
from tests.builders import CATALOG, document, findings, fired, item, items_of, on_week


def stop(
    doc: PlanDocument, item_id: str, day: dt.date, result: str = "failed", **fields: object
) -> PlanDocument:
    decision = DecisionInput(result=result, decision="stop", decided_on=day, **fields)  # type: ignore[arg-type]
    return apply_decision(doc, CATALOG, item_id, decision)


def test_a_stopped_medicine_is_not_a_second_medicine_of_its_class() -> None:
    doc = stop(
        document([item("med", "duloxetine", 0, 6, dose_mg_per_day=60), item("psy", "cbt", 0, 10)]),
        "med",
        on_week(6, 2),
    )
    assert "SAFE-DUPLICATE-CLASS" not in fired(doc)


def test_a_stopped_opioid_is_not_counted_twice_in_the_daily_mme() -> None:
    oxycodone = item("oxy", "oxycodone", 0, 2, dose_mg_per_day=40)
    before = document([item("psy", "cbt", 0, 10), oxycodone], reviews=(2, 12))
    after = stop(before, "oxy", on_week(3, 2), "partial")
    assert [f.message for f in findings(after, "SAFE-MME")] == [
        f.message for f in findings(before, "SAFE-MME")
    ]
    assert items_of(findings(after, "SAFE-NALOXONE")) == [{"oxy"}]


def test_a_stopped_procedure_is_one_session() -> None:
    doc = document(
        [item("psy", "cbt", 0, 10), item("e", "esi", 4, region="lumbar")], conditions=["radicular-pain"]
    )
    assert "FREQ-LIMIT" not in fired(stop(doc, "e", on_week(7), relief_percent=10))


def test_a_stopped_block_is_one_result_towards_a_prerequisite() -> None:
    blocks = [
        item("b1", "medial-branch-block", 2, None, region="lumbar"),
        item("b2", "medial-branch-block", 4, None, region="lumbar"),
        item("r", "facet-rfa", 8, region="lumbar"),
    ]
    doc = stop(document(blocks), "b1", on_week(2), "effective", relief_percent=85)
    assert items_of(findings(doc, "PREREQ-PENDING")) == [{"r", "b2"}]
    assert "PREREQ-MISSING" not in fired(doc)


def test_a_later_item_of_the_treatment_still_meets_its_failure() -> None:
    doc = document([item("med", "duloxetine", 0, 6), item("again", "duloxetine", 20)])
    assert items_of(findings(stop(doc, "med", on_week(6)), "HIST-REPEAT-FAILED")) == [{"again", "history[0]"}]
