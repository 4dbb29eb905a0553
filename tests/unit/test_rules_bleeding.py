"""Procedures planned for a patient on a blood thinner: severity by bleeding risk class (§4c)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import CATALOG, document, findings, foundation, item, past, weeks_before_start
from tests.unit.test_catalog import broken_catalog

RULE = "SAFE-BLEED-PROCEDURE"
HIGH = ["scs-trial", "scs-implant", "drg-trial", "drg-implant", "intrathecal-trial", "intrathecal-pump"]
LOW_ANYWHERE = ["peripheral-nerve-block", "trigger-point-injection", "genicular-rfa", "botox-migraine"]
FACET = ["medial-branch-block", "facet-rfa", "facet-injection"]
UNVERIFIED = {"genicular-rfa", "facet-injection", "botox-migraine", "intrathecal-trial"}


def severity_of(
    modality: str, region: str | None = None, conditions: tuple[str, ...] = ("anticoagulant-use",)
) -> list[str]:
    doc = document([*foundation(), item("proc", modality, 12, region=region)], conditions=conditions)
    found = findings(doc, RULE)
    assert all(f.items == ("proc",) for f in found)
    return [f.severity for f in found]


@pytest.mark.parametrize("modality", HIGH)
def test_high_risk_procedures_are_errors(modality: str) -> None:
    assert severity_of(modality, "lumbar") == ["error"]


def test_an_epidural_steroid_injection_is_of_intermediate_risk_in_any_region() -> None:
    assert severity_of("esi", "lumbar") == severity_of("esi", "cervical") == severity_of("esi") == ["warning"]


@pytest.mark.parametrize("modality", LOW_ANYWHERE)
def test_low_risk_procedures_are_information(modality: str) -> None:
    assert severity_of(modality) == severity_of(modality, "left-knee") == ["info"]


@pytest.mark.parametrize("modality", FACET)
@pytest.mark.parametrize(
    ("region", "severity"),
    [
        ("cervical", "warning"),
        ("Cervical-C5", "warning"),
        ("CERVICAL", "warning"),
        (None, "warning"),
        ("lumbar", "info"),
        ("thoracic", "info"),
        ("c5-cervical", "info"),  # the name must start with "cervical"
    ],
)
def test_facet_procedures_are_of_intermediate_risk_in_the_neck_or_with_no_region(
    modality: str, region: str | None, severity: str
) -> None:
    assert severity_of(modality, region) == [severity]


@pytest.mark.parametrize(
    "conditions", [("anticoagulant-use",), ("antiplatelet-use",), ("anticoagulant-use", "antiplatelet-use")]
)
def test_an_anticoagulant_or_an_antiplatelet_calls_for_the_check(conditions: tuple[str, ...]) -> None:
    assert severity_of("esi", "lumbar", conditions) == ["warning"]


def test_neither_blood_thinner_means_no_finding() -> None:
    assert severity_of("scs-trial", "lumbar", ()) == []
    assert severity_of("scs-trial", "lumbar", ("gi-bleed-history", "ckd")) == []


def test_the_message_names_the_risk_the_blood_thinner_and_what_to_do() -> None:
    doc = document(
        [*foundation(), item("mbb", "medial-branch-block", 12)],
        conditions=["anticoagulant-use", "antiplatelet-use"],
    )
    [finding] = findings(doc, RULE)
    assert finding.message.startswith(
        "Medial branch block (diagnostic): intermediate bleeding risk (no region recorded, so counted as "
        "cervical), and the patient takes an anticoagulant and an antiplatelet."
    )
    assert "hold and restart" in finding.message and "prescriber" in finding.message
    assert finding.source == "ASRA18"
    assert "not verified" not in finding.message


@pytest.mark.parametrize("modality", sorted(UNVERIFIED))
def test_a_class_set_by_analogy_says_so(modality: str) -> None:
    doc = document(
        [*foundation(), item("proc", modality, 12, region="lumbar")], conditions=["antiplatelet-use"]
    )
    [finding] = findings(doc, RULE)
    assert "by analogy and not verified" in finding.message
    assert CATALOG.safety.bleeding.procedures[modality].unverified


def test_one_finding_per_planned_procedure_and_none_for_history() -> None:
    doc = document(
        [*foundation(), item("esi1", "esi", 12, region="lumbar"), item("esi2", "esi", 20, region="lumbar")],
        history=[past("esi", weeks_before_start(10), weeks_before_start(10), "partial", region="lumbar")],
        conditions=["anticoagulant-use"],
    )
    assert sorted(f.items for f in findings(doc, RULE)) == [("esi1",), ("esi2",)]


def test_every_procedure_of_the_catalog_has_a_bleeding_class() -> None:
    procedures = {m.id for m in CATALOG.modalities.values() if m.layer == "interventional"}
    assert set(CATALOG.safety.bleeding.procedures) == procedures
    assert {m for m, p in CATALOG.safety.bleeding.procedures.items() if p.unverified} == UNVERIFIED


def test_a_procedure_without_a_bleeding_class_is_refused(tmp_path: Path) -> None:
    def drop_esi(text: str) -> str:
        return text.replace(
            '[[procedures]]\nmodality = "esi"\nrisk = "intermediate"\nsources = ["ASRA18"]\n', ""
        )

    message = broken_catalog(tmp_path, "bleeding.toml", drop_esi)
    assert 'bleeding.toml: procedures: "esi" has no bleeding risk class' in message
