"""Drugs with a pregnancy warning for a pregnant patient: warning or information by drug (§4d)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import document, findings, item, past, weeks_before_start
from tests.unit.test_catalog import broken_catalog

RULE = "SAFE-PREGNANCY"
WARNED = ["ibuprofen", "naproxen", "celecoxib", "diclofenac-topical", "tramadol", "oxycodone", "pregabalin",
          "ketamine-infusion"]  # fmt: skip
NOT_NAMED = ["acetaminophen", "gabapentin", "amitriptyline", "sertraline", "lidocaine-patch"]


def found_for(
    modality: str, conditions: tuple[str, ...] = ("pregnancy",)
) -> list[tuple[tuple[str, ...], str]]:
    doc = document([item("psy", "cbt", 0, 10), item("drug", modality, 0)], conditions=conditions)
    return [(f.items, f.severity) for f in findings(doc, RULE)]


@pytest.mark.parametrize("modality", WARNED)
def test_drugs_to_avoid_in_pregnancy_are_warnings(modality: str) -> None:
    assert found_for(modality) == [(("drug",), "warning")]
    assert found_for(modality, ()) == []


def test_duloxetine_in_pregnancy_is_information() -> None:
    assert found_for("duloxetine") == [(("drug",), "info")]
    assert found_for("duloxetine", ("ckd",)) == []


@pytest.mark.parametrize("modality", NOT_NAMED)
def test_drugs_the_table_does_not_name_are_quiet(modality: str) -> None:
    assert found_for(modality) == []


def test_the_message_gives_the_reason_and_its_source() -> None:
    [finding] = findings(document([item("drug", "naproxen", 0)], conditions=["pregnancy"]), RULE)
    assert finding.message.startswith(
        "Naproxen: the patient is pregnant. NSAIDs are to be avoided from 20 weeks"
    )
    assert finding.source == "FDA-NSAID20"
    [opioid] = findings(document([item("drug", "morphine", 0)], conditions=["pregnancy"]), RULE)
    assert "neonatal opioid withdrawal" in opioid.message and opioid.source == "NUC, CDC22"


def test_an_ongoing_drug_counts_and_an_ended_one_does_not() -> None:
    doc = document(
        [item("psy", "cbt", 0, 10)],
        history=[
            past("pregabalin", weeks_before_start(10)),
            past("naproxen", weeks_before_start(20), weeks_before_start(2), "failed"),
        ],
        conditions=["pregnancy"],
    )
    assert [f.items for f in findings(doc, RULE)] == [("history[0]",)]


def test_one_finding_per_item() -> None:
    doc = document(
        [item("a", "ibuprofen", 0, 3, end_week=3), item("b", "ibuprofen", 3, 6), item("c", "tramadol", 0)],
        conditions=["pregnancy"],
    )
    assert sorted(f.items for f in findings(doc, RULE)) == [("a",), ("b",), ("c",)]


def test_a_pregnancy_row_with_an_unknown_class_is_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path, "pregnancy.toml", lambda text: text.replace("class:opioid", "class:opiod")
    )
    assert 'pregnancy.toml: drugs[1].applies_to: unknown class "opiod"' in message
