"""Follow-up records in a plan document: check-in goals, adherence, side effects; decisions; held reviews.

docs/plan-format.md: each is read, written back only when set, and refused with the path of the faulty field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from careplanner.documents import DocumentError, plan_to_json, plan_to_text, read_plan_text
from careplanner.documents.limits import (
    MAX_CHECKIN_ADHERENCE,
    MAX_CHECKIN_GOALS,
    NAME_LENGTH,
    SIDE_EFFECTS_LENGTH,
)
from careplanner.domain import Adherence, Assessment, GoalProgress, Review
from careplanner.resources import examples_dir
from tests.builders import CATALOG

MODALITIES = CATALOG.modalities.keys()
FOLLOWUP_KEYS = {
    "goals",
    "adherence",
    "side_effects",
    "decision",
    "date",
    "by",
    "replaced_by",
    "previous",
    "held",
}

Json = dict[str, Any]


def example() -> Json:
    """good-plan: goals g1 and g2, items i1 (duloxetine) to i5, plan start 2026-12-07, no check-ins."""
    data: Json = json.loads((examples_dir() / "good-plan.careplan.json").read_text(encoding="utf-8"))
    return data


def with_followup() -> Json:
    data = example()
    data["checkins"] = [
        {
            "date": "2027-01-04",
            "peg": {"pain": 6, "enjoyment": 6, "activity": 5},
            "goals": [{"goal": "g2", "progress": "some"}, {"goal": "g1", "progress": "no-change"}],
            "adherence": [
                {"item": "i1", "modality": "duloxetine", "level": "as-planned"},
                {"item": "i2", "modality": "cbt", "level": "partly"},
            ],
            "side_effects": "nausea in the mornings",
        },
        {"date": "2027-01-18", "sleep": 6},
    ]
    data["plan"]["items"][0]["assessed"] = {
        "week": 6,
        "result": "partial",
        "relief_percent": 35,
        "decision": "adjust-dose",
        "date": "2027-01-18",
        "by": "Dr Lee",
        "replaced_by": "i6",
    }
    data["plan"]["items"].append(
        {"id": "i6", "modality": "duloxetine", "start_week": 6, "assess_week": 12, "dose_mg_per_day": 90}
    )
    data["plan"]["reviews"][0]["held"] = "2027-01-04"
    return data


def read(data: Json) -> Any:
    return read_plan_text(json.dumps(data), MODALITIES).document


def refusal(data: Json) -> str:
    with pytest.raises(DocumentError) as raised:
        read_plan_text(json.dumps(data), MODALITIES)
    return str(raised.value)


def test_the_followup_fields_are_read() -> None:
    document = read(with_followup())
    first, second = document.checkins
    assert first.goal_progress == (GoalProgress("g2", "some"), GoalProgress("g1", "no-change"))
    assert first.adherence == (Adherence("i1", "duloxetine", "as-planned"), Adherence("i2", "cbt", "partly"))
    assert first.side_effects == "nausea in the mornings"
    assert (second.goal_progress, second.adherence, second.side_effects) == ((), (), None)
    assert document.plan.items[0].assessed == Assessment(
        week=6,
        result="partial",
        relief_percent=35,
        decision="adjust-dose",
        decided_on=dt.date(2027, 1, 18),
        by="Dr Lee",
        replaced_by="i6",
    )
    assert document.plan.reviews[0] == Review(4, "tolerability of duloxetine", held_on=dt.date(2027, 1, 4))
    assert document.plan.reviews[1].held_on is None


def test_the_followup_fields_are_written_as_read_and_only_when_set() -> None:
    data = with_followup()
    written = plan_to_json(read(data))
    assert written["checkins"] == data["checkins"]
    assert written["plan"]["items"][0]["assessed"] == data["plan"]["items"][0]["assessed"]
    assert written["plan"]["reviews"] == data["plan"]["reviews"]
    assert read(written) == read(data)


def test_a_written_document_with_followup_is_written_again_byte_for_byte() -> None:
    text = plan_to_text(read(with_followup()))
    assert plan_to_text(read_plan_text(text, MODALITIES).document) == text


def test_each_decision_progress_and_adherence_level_round_trips() -> None:
    for decision, progress, level in zip(
        ("continue", "adjust-dose", "stop", "replace", "stop"),
        ("worse", "no-change", "some", "achieved", "exceeded"),
        ("as-planned", "partly", "not-taken", "partly", "as-planned"),
        strict=True,
    ):
        data = with_followup()
        data["plan"]["items"][0]["assessed"]["decision"] = decision
        data["checkins"][0]["goals"][0]["progress"] = progress
        data["checkins"][0]["adherence"][0]["level"] = level
        document = read(data)
        assert document.plan.items[0].assessed.decision == decision
        assert plan_to_json(document)["checkins"][0] == data["checkins"][0]


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.careplan.json")), ids=lambda path: path.name)
def test_documents_without_followup_are_written_without_it(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    written = plan_to_json(read(data))
    checkin_keys = {key for checkin in written["checkins"] for key in checkin}
    assessed_keys = {key for item in written["plan"]["items"] for key in item.get("assessed", {})}
    review_keys = {key for review in written["plan"]["reviews"] for key in review}
    assert (checkin_keys | assessed_keys | review_keys) & FOLLOWUP_KEYS == set()


def test_null_followup_fields_are_the_same_as_absent_ones() -> None:
    absent = example()
    absent["checkins"] = [{"date": "2027-01-04"}]
    data = example()
    data["baseline"] |= {"goals": None, "adherence": None, "side_effects": None}
    data["checkins"] = [{"date": "2027-01-04", "goals": None, "adherence": None, "side_effects": None}]
    data["plan"]["reviews"][0]["held"] = None
    data["plan"]["items"][0]["assessed"] = {"week": 6, "result": "failed", "decision": None, "date": None}
    absent["plan"]["items"][0]["assessed"] = {"week": 6, "result": "failed"}
    assert read(data) == read(absent)
    assert plan_to_json(read(data)) == plan_to_json(read(absent))


def test_a_checkin_may_name_a_goal_and_an_item_of_another_plan_or_revision() -> None:
    # Check-ins belong to the patient: every plan of theirs, and every revision, is given all of them.
    data = with_followup()
    data["checkins"][0]["adherence"].append(
        {"item": "i-old-7", "modality": "gabapentin", "level": "not-taken"}
    )
    data["checkins"][0]["goals"].append({"goal": "g-other-plan", "progress": "achieved"})
    result = read_plan_text(json.dumps(data), MODALITIES)
    document = result.document
    assert document.checkins[0].adherence[-1] == Adherence("i-old-7", "gabapentin", "not-taken")
    assert document.checkins[0].goal_progress[-1] == GoalProgress("g-other-plan", "achieved")
    assert result.notes == ()
    assert read(plan_to_json(document)) == document


def test_unknown_fields_in_a_followup_entry_are_ignored_with_a_note() -> None:
    data = with_followup()
    data["checkins"][0]["goals"][0]["colour"] = "green"
    notes = read_plan_text(json.dumps(data), MODALITIES).notes
    assert [str(note) for note in notes] == ["checkins[0].goals[0].colour: unknown field ignored"]


def checkin(**fields: object) -> Json:
    data = with_followup()
    data["checkins"][0].update(fields)
    return data


def goal(index: int, **fields: object) -> Json:
    data = with_followup()
    data["checkins"][0]["goals"][index].update(fields)
    return data


def adherence(index: int, **fields: object) -> Json:
    data = with_followup()
    data["checkins"][0]["adherence"][index].update(fields)
    return data


def assessed(**fields: object) -> Json:
    data = with_followup()
    data["plan"]["items"][0]["assessed"].update(fields)
    return data


def without(data: Json, *path: str | int) -> Json:
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    return data


def review(**fields: object) -> Json:
    data = with_followup()
    data["plan"]["reviews"][0].update(fields)
    return data


def baseline(**fields: object) -> Json:
    data = with_followup()
    data["baseline"].update(fields)
    return data


GOAL_ENTRY = {"goal": "g1", "progress": "some"}
ADHERENCE_ENTRY = {"item": "i1", "modality": "duloxetine", "level": "partly"}

REFUSALS: dict[str, tuple[Json, str]] = {
    "goal listed twice": (
        goal(1, goal="g2"),
        'checkins[0].goals[1].goal: goal "g2" is listed twice in this check-in (entries 0 and 1)',
    ),
    "progress not a choice": (
        goal(1, progress="better"),
        'checkins[0].goals[1].progress: "better" is not one of: worse, no-change, some, achieved, exceeded',
    ),
    "goal without progress": (
        without(with_followup(), "checkins", 0, "goals", 0, "progress"),
        "checkins[0].goals[0].progress: missing",
    ),
    "goal as a number": (goal(0, goal=7), "checkins[0].goals[0].goal: must be text, not a number"),
    "goals not a list": (checkin(goals={"g1": "some"}), "checkins[0].goals: must be a list, not an object"),
    "too many goals": (
        checkin(goals=[GOAL_ENTRY] * (MAX_CHECKIN_GOALS + 1)),
        f"checkins[0].goals: too many entries: {MAX_CHECKIN_GOALS + 1} (the limit is {MAX_CHECKIN_GOALS})",
    ),
    "item listed twice": (
        adherence(1, item="i1"),
        'checkins[0].adherence[1].item: item "i1" is listed twice in this check-in (entries 0 and 1)',
    ),
    "level not a choice": (
        adherence(0, level="sometimes"),
        'checkins[0].adherence[0].level: "sometimes" is not one of: as-planned, partly, not-taken',
    ),
    "modality not in the catalog": (
        adherence(1, modality="laser-therapy"),
        'checkins[0].adherence[1].modality: unknown modality "laser-therapy" (not in the catalog)',
    ),
    "item blank": (adherence(0, item=" "), "checkins[0].adherence[0].item: must not be empty"),
    "adherence without a modality": (
        without(with_followup(), "checkins", 0, "adherence", 1, "modality"),
        "checkins[0].adherence[1].modality: missing",
    ),
    "too many adherence entries": (
        checkin(adherence=[ADHERENCE_ENTRY] * (MAX_CHECKIN_ADHERENCE + 1)),
        f"checkins[0].adherence: too many entries: {MAX_CHECKIN_ADHERENCE + 1}",
    ),
    "side effects too long": (
        checkin(side_effects="x" * (SIDE_EFFECTS_LENGTH + 1)),
        f"checkins[0].side_effects: too long: {SIDE_EFFECTS_LENGTH + 1} characters",
    ),
    "side effects not text": (checkin(side_effects=["nausea"]), "checkins[0].side_effects: must be text"),
    "baseline with goals": (
        baseline(goals=[GOAL_ENTRY]),
        "baseline.goals: goal progress belongs to check-ins, not to the baseline",
    ),
    "baseline with adherence": (
        baseline(adherence=[ADHERENCE_ENTRY]),
        "baseline.adherence: adherence belongs to check-ins, not to the baseline",
    ),
    "baseline with side effects": (
        baseline(side_effects="none"),
        "baseline.side_effects: side effects belong to check-ins, not to the baseline",
    ),
    "decision not a choice": (
        assessed(decision="pause"),
        'plan.items[0].assessed.decision: "pause" is not one of: continue, adjust-dose, stop, replace',
    ),
    "decision date not a date": (
        assessed(date="18 Jan 2027"),
        'plan.items[0].assessed.date: "18 Jan 2027" is not a date (YYYY-MM-DD)',
    ),
    "decision date not in the calendar": (
        assessed(date="2027-02-30"),
        'plan.items[0].assessed.date: "2027-02-30" is not a real date',
    ),
    "decision date after the calendar": (
        assessed(date="10000-01-01"),
        'plan.items[0].assessed.date: "10000-01-01" is not a date',
    ),
    "decided by a blank": (assessed(by="  "), "plan.items[0].assessed.by: must not be empty"),
    "decided by too long a name": (
        assessed(by="x" * (NAME_LENGTH + 1)),
        f"plan.items[0].assessed.by: too long: {NAME_LENGTH + 1} characters",
    ),
    "replaced by itself": (
        assessed(replaced_by="i1"),
        "plan.items[0].assessed.replaced_by: an item cannot be replaced by itself",
    ),
    "replaced by no item": (
        assessed(replaced_by="i9"),
        'plan.items[0].assessed.replaced_by: "i9" names no item of the plan',
    ),
    "review held not a date": (
        review(held="yesterday"),
        'plan.reviews[0].held: "yesterday" is not a date (YYYY-MM-DD)',
    ),
}


@pytest.mark.parametrize("case", REFUSALS, ids=str)
def test_each_faulty_followup_field_is_refused_with_its_path(case: str) -> None:
    data, expected = REFUSALS[case]
    assert expected in refusal(data)


def test_every_faulty_entry_of_a_checkin_is_named_at_once() -> None:
    data = with_followup()
    data["checkins"][0]["goals"][0]["progress"] = "better"
    data["checkins"][0]["adherence"][1]["level"] = "rarely"
    data["checkins"][1]["goals"] = [{"goal": "g1"}]
    message = refusal(data)
    for path in (
        "checkins[0].goals[0].progress",
        "checkins[0].adherence[1].level",
        "checkins[1].goals[0].progress",
    ):
        assert path in message
