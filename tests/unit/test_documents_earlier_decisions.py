"""Earlier decisions on a plan item in the document: `plan.items[].assessed.previous`.

docs/plan-format.md: oldest first, each with the fields of `assessed` except `replaced_by` and `previous`;
written only when there are some; refused with the path of the faulty field; limited per item and per
document, so that a document at every limit still fits MAX_DOCUMENT_BYTES in any script.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from careplanner.documents import plan_to_json, plan_to_text, read_plan_file, read_plan_text
from careplanner.documents.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_EARLIER_DECISIONS,
    MAX_EARLIER_DECISIONS_TOTAL,
    NAME_LENGTH,
    NOTE_LENGTH,
)
from careplanner.domain import Assessment
from careplanner.followup.decisions import DecisionInput, apply_decision
from tests.builders import CATALOG
from tests.unit.test_documents_followup import MODALITIES, Json, example, read, refusal, with_followup
from tests.unit.test_documents_followup_limits import followup_at_every_limit
from tests.unit.test_input_limits_plan import filled, plan_at_every_limit

CONTINUED = {
    "week": 6,
    "result": "partial",
    "relief_percent": 20,
    "note": "kept at 60 mg",
    "decision": "continue",
    "date": "2027-01-18",
    "by": "Dr Lee",
}
AGAIN = {"week": 10, "result": "effective", "decision": "continue", "date": "2027-02-15"}


def with_earlier(*earlier: Json) -> Json:
    """good-plan with i1 (duloxetine) stopped in week 14 after the given earlier decisions."""
    data = example()
    data["plan"]["items"][0]["assessed"] = {
        "week": 14,
        "result": "failed",
        "decision": "stop",
        "date": "2027-03-15",
        "by": "Dr Ruiz",
        "previous": [dict(entry) for entry in earlier],
    }
    return data


def with_previous(value: object) -> Json:
    data = with_earlier()
    data["plan"]["items"][0]["assessed"]["previous"] = value
    return data


def test_earlier_decisions_are_read_oldest_first_with_every_field() -> None:
    assessed = read(with_earlier(CONTINUED, AGAIN)).plan.items[0].assessed
    assert assessed.previous == (
        Assessment(6, "partial", 20, "kept at 60 mg", "continue", dt.date(2027, 1, 18), "Dr Lee"),
        Assessment(10, "effective", decision="continue", decided_on=dt.date(2027, 2, 15)),
    )
    assert (assessed.decision, assessed.decided_on) == ("stop", dt.date(2027, 3, 15))


def test_earlier_decisions_are_written_as_read_and_byte_for_byte_again() -> None:
    data = with_earlier(CONTINUED, AGAIN)
    written = plan_to_json(read(data))
    assert written["plan"]["items"][0]["assessed"] == data["plan"]["items"][0]["assessed"]
    text = plan_to_text(read(data))
    assert plan_to_text(read_plan_text(text, MODALITIES).document) == text


@pytest.mark.parametrize("nothing", [[], None], ids=["empty", "null"])
def test_no_earlier_decisions_are_not_written(nothing: object) -> None:
    data = with_previous(nothing)
    assessed = read(data).plan.items[0].assessed
    assert assessed.previous == ()
    assert "previous" not in plan_to_json(read(data))["plan"]["items"][0]["assessed"]


def test_an_unknown_field_of_an_earlier_decision_is_ignored_with_a_note() -> None:
    notes = read_plan_text(json.dumps(with_earlier(CONTINUED | {"colour": "green"})), MODALITIES).notes
    assert [str(note) for note in notes] == [
        "plan.items[0].assessed.previous[0].colour: unknown field ignored"
    ]


def test_decisions_recorded_one_after_another_are_saved_and_read_back() -> None:
    plan = read(example())
    for result, decision, day in (
        ("partial", "continue", dt.date(2027, 1, 18)),
        ("effective", "continue", dt.date(2027, 2, 15)),
        ("failed", "stop", dt.date(2027, 3, 15)),
    ):
        plan = apply_decision(plan, CATALOG, "i1", DecisionInput(result, decision, day, by="Dr Lee"))
    saved = plan_to_json(plan)["plan"]["items"][0]["assessed"]
    assert [entry.get("decision") for entry in saved["previous"]] == ["continue", "continue"]
    assert read_plan_text(plan_to_text(plan), MODALITIES).document == plan


EARLIER = "plan.items[0].assessed.previous"
REFUSALS: dict[str, tuple[Json, str]] = {
    "replaced by": (
        with_earlier(CONTINUED | {"replaced_by": "i2"}),
        f"{EARLIER}[0].replaced_by: an earlier decision kept the course in this item: only the latest names",
    ),
    "nested": (
        with_earlier(AGAIN | {"previous": [CONTINUED]}),
        f"{EARLIER}[0].previous: earlier decisions are all listed in assessed.previous, not inside one",
    ),
    "too many": (
        with_earlier(*[AGAIN] * (MAX_EARLIER_DECISIONS + 1)),
        f"{EARLIER}: too many entries: {MAX_EARLIER_DECISIONS + 1} (the limit is {MAX_EARLIER_DECISIONS})",
    ),
    "without a result": (with_earlier({"week": 6, "decision": "continue"}), f"{EARLIER}[0].result: missing"),
    "decision not a choice": (
        with_earlier(AGAIN | {"decision": "pause"}),
        f'{EARLIER}[0].decision: "pause" is not one of: continue, adjust-dose, stop, replace',
    ),
    "date not a date": (
        with_earlier(AGAIN | {"date": "15 Feb 2027"}),
        f'{EARLIER}[0].date: "15 Feb 2027" is not a date (YYYY-MM-DD)',
    ),
    "by blank": (with_earlier(AGAIN | {"by": " "}), f"{EARLIER}[0].by: must not be empty"),
    "note too long": (
        with_earlier(AGAIN | {"note": "x" * (NOTE_LENGTH + 1)}),
        f"{EARLIER}[0].note: too long: {NOTE_LENGTH + 1} characters",
    ),
    "not a list": (with_previous(CONTINUED), f"{EARLIER}: must be a list, not an object"),
    "entry not an object": (with_previous(["continue"]), f"{EARLIER}[0]: must be an object, not text"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=str)
def test_each_faulty_earlier_decision_is_refused_with_its_path(case: str) -> None:
    data, expected = REFUSALS[case]
    assert expected in refusal(data)


def test_every_faulty_earlier_decision_is_named_at_once() -> None:
    message = refusal(with_earlier(CONTINUED | {"replaced_by": "i2"}, AGAIN | {"result": "better"}, AGAIN))
    assert f"{EARLIER}[0].replaced_by" in message
    assert f"{EARLIER}[1].result" in message
    assert f"{EARLIER}[2]" not in message


def test_an_earlier_decision_may_be_the_only_decision_of_an_older_document() -> None:
    # Written before decisions were recorded: no decision, no date, as the latest `assessed` may be too.
    assessed = read(with_earlier({"week": 6, "result": "partial"})).plan.items[0].assessed
    assert assessed.previous == (Assessment(6, "partial"),)


def _decided_items(data: Json, count: int) -> Json:
    """Every item of `data` stopped after up to MAX_EARLIER_DECISIONS earlier ones, `count` in all."""
    for item in data["plan"]["items"]:
        earlier = min(count, MAX_EARLIER_DECISIONS)
        item["assessed"] = {"week": item["start_week"], "result": "failed", "previous": [AGAIN] * earlier}
        count -= earlier
    return data


def test_the_earlier_decisions_of_all_items_together_are_limited() -> None:
    data = with_followup()
    items = data["plan"]["items"]
    needed = MAX_EARLIER_DECISIONS_TOTAL // MAX_EARLIER_DECISIONS + 1
    items += [{"id": f"x{n}", "modality": "cbt", "start_week": 0} for n in range(needed - len(items))]
    read(_decided_items(data, MAX_EARLIER_DECISIONS_TOTAL))
    beyond = MAX_EARLIER_DECISIONS_TOTAL // MAX_EARLIER_DECISIONS
    assert refusal(_decided_items(data, MAX_EARLIER_DECISIONS_TOTAL + 1)).startswith(
        f"plan.items[{beyond}].assessed.previous: the items hold more than {MAX_EARLIER_DECISIONS_TOTAL} "
        "earlier decisions together (the limit for one document)"
    )


def earlier_decisions_at_every_limit(data: Json, letter: str) -> Json:
    """Give the items of a plan at every limit the longest earlier decisions, up to the document's budget."""
    left = MAX_EARLIER_DECISIONS_TOTAL
    for item in data["plan"]["items"]:
        count = min(left, MAX_EARLIER_DECISIONS)
        item["assessed"]["previous"] = [
            item["assessed"]
            | {"decision": "continue", "date": "2026-02-16", "by": filled(NAME_LENGTH, letter)}
            for _ in range(count)
        ]
        left -= count
    return data


def test_a_plan_at_every_limit_with_earlier_decisions_at_every_limit_can_be_saved_and_read_again(
    tmp_path: Path,
) -> None:
    # Four bytes a character, the most any script takes: what the program writes it must read again.
    letter = "\U0001f600"
    data = earlier_decisions_at_every_limit(
        followup_at_every_limit(plan_at_every_limit(letter), letter), letter
    )
    document = read_plan_text(json.dumps(data, ensure_ascii=False), MODALITIES).document
    earlier = [entry for item in document.plan.items if item.assessed for entry in item.assessed.previous]
    assert len(earlier) == MAX_EARLIER_DECISIONS_TOTAL
    assert len(earlier[0].note or "") == NOTE_LENGTH and len(earlier[0].by or "") == NAME_LENGTH
    written = plan_to_text(document)
    assert len(written.encode("utf-8")) <= MAX_DOCUMENT_BYTES
    path = tmp_path / "limits.careplan.json"
    path.write_text(written, encoding="utf-8")
    assert read_plan_file(path, MODALITIES).document == document
