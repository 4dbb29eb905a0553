"""Findings speak a clinician's language: treatments by name, told apart by week or date, never by id."""

from __future__ import annotations

import re
from pathlib import Path

from careplanner.checks import check_plan
from careplanner.documents import read_plan_file
from tests.builders import CATALOG, document, findings, item, past, weeks_before_start

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
ID_PATTERN = re.compile(r"\((?:i\d+|history\[\d+\])\)|history\[\d+\]")


def test_no_message_of_the_examples_shows_an_item_id() -> None:
    for path in EXAMPLES.glob("*.careplan.json"):
        doc = read_plan_file(path, CATALOG.modalities.keys()).document
        for finding in check_plan(doc, CATALOG).findings:
            assert not ID_PATTERN.search(finding.message), finding.message
            assert finding.items or finding.rule  # the ids stay in `items`, for programs


def test_a_treatment_planned_once_is_named_plainly() -> None:
    doc = document([item("x", "pregabalin", 0), item("y", "gabapentin", 0)])
    (finding,) = findings(doc, "SAFE-DUPLICATE-CLASS")
    assert "Pregabalin and Gabapentin" in finding.message


def test_the_same_treatment_twice_is_told_apart_by_region_and_week() -> None:
    doc = document(
        [
            item("a", "esi", 8, region="lumbar"),
            item("b", "esi", 9, region="lumbar"),
        ],
        conditions=["radicular-pain"],
    )
    (finding,) = findings(doc, "FREQ-LIMIT")
    assert "Epidural steroid injection (lumbar, week 9)" in finding.message
    assert "Epidural steroid injection (lumbar, week 8)" in finding.message


def test_history_is_named_as_ongoing_or_by_when_it_was_tried() -> None:
    ongoing = document([item("b", "diazepam", 0, None)], history=[past("oxycodone", weeks_before_start(10))])
    (finding,) = findings(ongoing, "SAFE-INTERACTION")
    assert "Oxycodone (ongoing)" in finding.message
    given = weeks_before_start(1)
    tried = document(
        [item("e", "esi", 0, region="lumbar")],
        history=[past("esi", given, given, "effective", region="lumbar")],
        conditions=["radicular-pain"],
    )
    (gap,) = findings(tried, "FREQ-LIMIT")
    assert f"Epidural steroid injection ({given:%b %Y})" in gap.message
