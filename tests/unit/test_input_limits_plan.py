"""A plan at every limit of documents/limits.py at once: accepted, checked quickly, and small enough to save.

`plan_at_every_limit` also serves the command-line timing tests (tests/integration/test_cli_input_limits.py).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from careplanner.checks import check_plan
from careplanner.checks.report import report_to_json, report_to_text
from careplanner.documents import plan_to_text, read_plan_file, read_plan_text
from careplanner.documents.limits import (
    CRCL_MAX,
    GOAL_LENGTH,
    ID_LENGTH,
    MAX_ACKNOWLEDGED_ITEMS,
    MAX_ACKNOWLEDGEMENTS,
    MAX_CHECKINS,
    MAX_CONDITIONS,
    MAX_DOCUMENT_BYTES,
    MAX_GOAL_LINKS,
    MAX_GOALS,
    MAX_HISTORY,
    MAX_ITEMS,
    MAX_REVIEWS,
    NAME_LENGTH,
    NOTE_LENGTH,
    SEX_LENGTH,
)
from careplanner.domain import DOSE_FIELDS, dose_unit_of
from tests.builders import CATALOG

MODALITIES = CATALOG.modalities.keys()
START = dt.date(2026, 1, 5)
# Real conditions, so that every rule that reads one has work to do; the rest are padded to the id limit.
CONDITIONS = sorted(CATALOG.conditions)


def filled(length: int, letter: str = "x", *, words: bool = True) -> str:
    """Text of exactly `length` characters: words of five letters, or one unbroken word (harder to wrap)."""
    unit = letter * 5 + " " if words else letter
    return "".join(islice(cycle(unit), length)).rstrip(" ").ljust(length, letter)


def identifier(prefix: str, number: int) -> str:
    return f"{prefix}{number}-".ljust(ID_LENGTH, "x")


def _history(text: Any) -> list[dict[str, Any]]:
    modalities = cycle(sorted(MODALITIES))
    outcomes = cycle(["failed", "intolerant", "partial", "effective"])
    entries = []
    for index in range(MAX_HISTORY):
        began = START - dt.timedelta(days=4000 - 15 * index)
        modality = next(modalities)
        entries.append(
            {
                "modality": modality,
                "name": text(NAME_LENGTH),
                "start": began.isoformat(),
                "end": (began + dt.timedelta(days=7 * (index % 30))).isoformat(),
                "outcome": next(outcomes),
                DOSE_FIELDS[dose_unit_of(modality)]: 100 + index,  # a patch is dosed in mcg/h
                "relief_percent": index % 101,
                "region": identifier("region", index % 3),
                "reason": text(NOTE_LENGTH),
            }
        )
    return entries


# Drugs of one layer that interact and duplicate classes, started together: every pair of items is a finding
# (crowding, interaction, duplicate class), the most findings a plan can have for the printouts to list.
CLASHING = ("tramadol", "duloxetine", "gabapentin", "pregabalin")


def _items(text: Any, goal_ids: list[str]) -> list[dict[str, Any]]:
    modalities = cycle(CLASHING)
    items = []
    for index in range(MAX_ITEMS):
        start = index % 2
        item: dict[str, Any] = {
            "id": identifier("i", index),
            "modality": next(modalities),
            "start_week": start,
            "assess_week": start + 6,
            "end_week": start + 40,
            "dose_mg_per_day": 50 * (index % 9),
            "region": identifier("region", index % 3),
            "goal_ids": goal_ids[:MAX_GOAL_LINKS],
            "notes": text(NOTE_LENGTH),
            "assessed": {
                "week": start + 6,
                "result": "partial",
                "relief_percent": 40,
                "note": text(NOTE_LENGTH),
            },
        }
        if index == MAX_ITEMS - 1:
            item["replaces"] = identifier("i", index - 1)
        items.append(item)
    return items


def _checkins() -> list[dict[str, Any]]:
    return [
        {
            "date": (START + dt.timedelta(days=index)).isoformat(),
            "peg": {"pain": index % 11, "enjoyment": 5, "activity": 6},
            "sleep": 5,
            "mood": 6,
        }
        for index in range(MAX_CHECKINS)
    ]


def plan_at_every_limit(letter: str = "x", *, words: bool = True) -> dict[str, Any]:
    """Every list at its longest, every text at its longest: the most a document may hold."""

    def text(length: int) -> str:
        return filled(length, letter, words=words)

    goals = [
        {"id": identifier("g", index), "text": text(GOAL_LENGTH), "target_week": 12 + index}
        for index in range(MAX_GOALS)
    ]
    item_ids = [identifier("i", index) for index in range(MAX_ACKNOWLEDGED_ITEMS)]
    conditions = CONDITIONS + [identifier("condition", n) for n in range(MAX_CONDITIONS - len(CONDITIONS))]
    acknowledgements = [
        {
            "rule": identifier("RULE", index),
            "items": item_ids,
            "reason": text(NOTE_LENGTH),
            "by": text(NAME_LENGTH),
        }
        for index in range(MAX_ACKNOWLEDGEMENTS)
    ]
    return {
        "format": "careplanner/1",
        "patient": {
            "id": identifier("P", 1),
            "name": text(NAME_LENGTH),
            "birth_date": "1950-06-01",
            "sex": text(SEX_LENGTH),
            "conditions": conditions,
            "crcl_ml_min": CRCL_MAX,
        },
        "history": _history(text),
        "baseline": {
            "date": "2025-12-29",
            "peg": {"pain": 8, "enjoyment": 8, "activity": 7},
            "sleep": 3,
            "mood": 4,
        },
        "goals": goals,
        "checkins": _checkins(),
        "plan": {
            "start": START.isoformat(),
            "items": _items(text, [goal["id"] for goal in goals]),
            "reviews": [{"week": week, "note": text(NOTE_LENGTH)} for week in range(MAX_REVIEWS)],
            "acknowledged": acknowledgements,
        },
    }


def test_a_plan_at_every_limit_is_accepted() -> None:
    document = read_plan_text(json.dumps(plan_at_every_limit()), MODALITIES).document
    plan = document.plan
    assert (len(plan.items), len(plan.reviews), len(plan.acknowledged)) == (
        MAX_ITEMS,
        MAX_REVIEWS,
        MAX_ACKNOWLEDGEMENTS,
    )
    assert (len(document.history), len(document.goals), len(document.checkins)) == (
        MAX_HISTORY,
        MAX_GOALS,
        MAX_CHECKINS,
    )
    assert len(document.patient.conditions) == MAX_CONDITIONS
    assert len(plan.items[0].notes or "") == NOTE_LENGTH and len(plan.items[0].id) == ID_LENGTH


def test_a_plan_at_every_limit_is_read_checked_and_reported_well_under_a_second() -> None:
    text = json.dumps(plan_at_every_limit(words=False))
    began = time.perf_counter()
    document = read_plan_text(text, MODALITIES).document
    report = check_plan(document, CATALOG, as_of=START + dt.timedelta(weeks=30))
    report_to_text(report, document, CATALOG)
    report_to_json(report)
    elapsed = time.perf_counter() - began
    assert report.findings
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_plan_at_every_limit_in_any_script_can_be_saved_and_read_again(tmp_path: Path) -> None:
    # Four bytes a character in UTF-8, the most any script takes: what the program writes it must read again.
    data = plan_at_every_limit("\U0001f600")
    document = read_plan_text(json.dumps(data, ensure_ascii=False), MODALITIES).document
    written = plan_to_text(document)
    assert len(written.encode("utf-8")) <= MAX_DOCUMENT_BYTES
    path = tmp_path / "limits.careplan.json"
    path.write_text(written, encoding="utf-8")
    assert read_plan_file(path, MODALITIES).document == document
