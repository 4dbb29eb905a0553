"""The limits of follow-up records: per check-in, and for all check-ins of a document together.

A document at every limit, follow-up included, still fits MAX_DOCUMENT_BYTES in any script (limits.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from careplanner.documents import plan_to_json, plan_to_text, read_plan_file, read_plan_text
from careplanner.documents.limits import (
    MAX_CHECKIN_ADHERENCE,
    MAX_CHECKIN_GOALS,
    MAX_DOCUMENT_BYTES,
    MAX_FOLLOWUP_ENTRIES,
    MAX_SIDE_EFFECTS_TOTAL,
    SIDE_EFFECTS_LENGTH,
)
from tests.unit.test_documents_followup import MODALITIES, Json, example, read, refusal
from tests.unit.test_input_limits_plan import filled, identifier, plan_at_every_limit

LONGEST_MODALITY = max(sorted(MODALITIES), key=len)


def test_a_checkin_at_its_limits_is_read() -> None:
    data = example()
    data["goals"] = [{"id": f"g{n}", "text": f"goal {n}"} for n in range(MAX_CHECKIN_GOALS)]
    data["checkins"] = [
        {
            "date": "2027-01-04",
            "goals": [{"goal": f"g{n}", "progress": "some"} for n in range(MAX_CHECKIN_GOALS)],
            "adherence": [
                {"item": f"i{n}", "modality": "cbt", "level": "partly"} for n in range(MAX_CHECKIN_ADHERENCE)
            ],
            "side_effects": "x" * SIDE_EFFECTS_LENGTH,
        }
    ]
    data["plan"]["items"] = []
    document = read(data)
    assert len(document.checkins[0].goal_progress) == MAX_CHECKIN_GOALS
    assert len(document.checkins[0].adherence) == MAX_CHECKIN_ADHERENCE
    assert read(plan_to_json(document)) == document


def _adherence_entries(count: int) -> list[Json]:
    return [{"item": f"i{n}", "modality": "cbt", "level": "partly"} for n in range(count)]


def test_the_followup_entries_of_all_checkins_together_are_limited() -> None:
    per_checkin = MAX_CHECKIN_ADHERENCE
    full = MAX_FOLLOWUP_ENTRIES // per_checkin  # check-ins that fit whole; the next one goes beyond
    data = example()
    data["checkins"] = [
        {"date": "2027-01-04", "adherence": _adherence_entries(per_checkin)} for _ in range(full)
    ]
    data["checkins"].append(
        {"date": "2027-01-05", "adherence": _adherence_entries(MAX_FOLLOWUP_ENTRIES % per_checkin)}
    )
    assert sum(len(checkin.adherence) for checkin in read(data).checkins) == MAX_FOLLOWUP_ENTRIES
    data["checkins"].append({"date": "2027-01-06", "adherence": _adherence_entries(1)})
    assert refusal(data).startswith(f"checkins[{full + 1}]: the check-ins hold more than 5,000")


def test_the_side_effects_of_all_checkins_together_are_limited() -> None:
    full = MAX_SIDE_EFFECTS_TOTAL // SIDE_EFFECTS_LENGTH
    data = example()
    data["checkins"] = [
        {"date": "2027-01-04", "side_effects": "x" * SIDE_EFFECTS_LENGTH} for _ in range(full)
    ]
    read(data)
    data["checkins"].append({"date": "2027-01-05", "side_effects": "x"})
    assert refusal(data).startswith(f"checkins[{full}].side_effects: the check-ins hold more than 200,000")


def followup_at_every_limit(data: Json, letter: str) -> Json:
    """Fill the check-ins of a plan at every limit up to the follow-up budgets of limits.py."""
    goal_ids = [goal["id"] for goal in data["goals"]]
    entries_left = MAX_FOLLOWUP_ENTRIES
    side_effects_left = MAX_SIDE_EFFECTS_TOTAL
    for checkin in data["checkins"]:
        goals = goal_ids[: min(entries_left, MAX_CHECKIN_GOALS)]
        checkin["goals"] = [{"goal": goal_id, "progress": "no-change"} for goal_id in goals]
        entries_left -= len(goals)
        count = min(entries_left, MAX_CHECKIN_ADHERENCE)
        checkin["adherence"] = [
            {"item": identifier(letter * 3, n), "modality": LONGEST_MODALITY, "level": "as-planned"}
            for n in range(count)
        ]
        entries_left -= count
        length = min(side_effects_left, SIDE_EFFECTS_LENGTH)
        checkin["side_effects"] = filled(length, letter) if length else None
        side_effects_left -= length
        if not (entries_left or side_effects_left):
            break
    return data


def test_a_plan_at_every_limit_with_followup_at_every_limit_can_be_saved_and_read_again(
    tmp_path: Path,
) -> None:
    # Four bytes a character, the most any script takes: what the program writes it must read again.
    letter = "\U0001f600"
    data = followup_at_every_limit(plan_at_every_limit(letter), letter)
    document = read_plan_text(json.dumps(data, ensure_ascii=False), MODALITIES).document
    assert sum(len(c.goal_progress) + len(c.adherence) for c in document.checkins) == MAX_FOLLOWUP_ENTRIES
    written = plan_to_text(document)
    assert len(written.encode("utf-8")) <= MAX_DOCUMENT_BYTES
    path = tmp_path / "limits.careplan.json"
    path.write_text(written, encoding="utf-8")
    assert read_plan_file(path, MODALITIES).document == document
