"""A decision after "continue" keeps the earlier ones (oldest first), within what a document can hold."""

from __future__ import annotations

import dataclasses

from careplanner.documents.limits import MAX_EARLIER_DECISIONS, MAX_EARLIER_DECISIONS_TOTAL
from careplanner.domain import Assessment, PlanDocument
from careplanner.followup.decisions import apply_decision
from tests.builders import CATALOG, document, item, on_week
from tests.unit.test_followup_decisions import decide, plan, refusal


class TestKeptInPrevious:
    def test_the_later_decision_keeps_the_earlier_ones_oldest_first(self) -> None:
        first = apply_decision(plan(), CATALOG, "med", decide("continue", "partial", on_week(6), note="some"))
        second = apply_decision(first, CATALOG, "med", decide("continue", "partial", on_week(8), by="dr.lee"))
        third = apply_decision(second, CATALOG, "med", decide("stop", "failed", on_week(10, 2)))
        earlier = [found.assessed for found in (first.plan.items[0], second.plan.items[0])]
        current = third.plan.items[0].assessed
        assert current is not None and earlier[0] is not None and earlier[1] is not None
        assert current.previous == (earlier[0], dataclasses.replace(earlier[1], previous=()))
        assert [(past.decided_on, past.note, past.by) for past in current.previous] == [
            (on_week(6), "some", None),
            (on_week(8), None, "dr.lee"),
        ]
        assert all(past.previous == () for past in current.previous)
        assert (current.decision, current.result, current.week) == ("stop", "failed", 10)

    def test_a_result_without_a_decision_from_an_older_document_is_kept_too(self) -> None:
        doc = document([item("med", "duloxetine", 0, 6, assessed=Assessment(6, "partial", 20))])
        after = apply_decision(doc, CATALOG, "med", decide("stop", day=on_week(9)))
        assert after.plan.items[0].assessed.previous == (Assessment(6, "partial", 20),)  # type: ignore[union-attr]

    def test_a_later_decision_cannot_be_dated_before_the_earlier_one(self) -> None:
        first = apply_decision(plan(), CATALOG, "med", decide("continue", "partial", on_week(8)))
        assert refusal(decide("stop", day=on_week(7)), doc=first) == (
            'The decision "continue" was recorded for Duloxetine on 1 Feb 2027: a later decision cannot be '
            "dated 25 Jan 2027, before it."
        )
        assert refusal(decide("stop", day=on_week(8)), doc=first) is None


class TestEarlierDecisionsKept:
    """A document keeps at most so many earlier decisions (documents/limits.py): a decision past them is
    refused, so the plan can always be saved and opened again."""

    def continued(self, doc: PlanDocument, item_id: str, times: int) -> PlanDocument:
        for week in range(times):
            doc = apply_decision(doc, CATALOG, item_id, decide("continue", "partial", on_week(6 + week)))
        return doc

    def test_per_treatment(self) -> None:
        doc = self.continued(plan(), "med", MAX_EARLIER_DECISIONS + 1)
        assert len(doc.plan.items[0].assessed.previous) == MAX_EARLIER_DECISIONS  # type: ignore[union-attr]
        assert refusal(decide("stop", day=on_week(29)), doc=doc) == (
            f"Duloxetine already keeps {MAX_EARLIER_DECISIONS} earlier decisions, the most a treatment can "
            "keep: another decision cannot be recorded."
        )

    def test_per_plan(self) -> None:
        items = [item(f"m{n}", "physical-therapy", 0, 6) for n in range(11)]
        doc = document(items)
        per_item = MAX_EARLIER_DECISIONS_TOTAL // 10
        for n in range(10):
            doc = self.continued(doc, f"m{n}", per_item + 1)
        doc = self.continued(doc, "m10", 1)
        message = refusal(decide("continue", "partial", on_week(8)), "m10", doc)
        assert message is not None and f"The plan already keeps {MAX_EARLIER_DECISIONS_TOTAL}" in message
        assert (
            refusal(
                decide("continue", "partial", on_week(8)), "m10", self.continued(document(items), "m10", 1)
            )
            is None
        )
