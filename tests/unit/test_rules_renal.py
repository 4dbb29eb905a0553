"""Kidney function: dose bands by creatinine clearance, drugs to avoid, and a clearance to record (§4b)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from careplanner.domain import PlanDocument
from tests.builders import (
    CATALOG,
    document,
    findings,
    foundation,
    item,
    past,
    weeks_before_start,
)
from tests.unit.test_catalog import broken_catalog

# (creatinine clearance, highest daily dose) at and around every band boundary of §4b.
GABAPENTIN = [(10, 200), (14, 280), (15, 300), (16, 700), (29, 700), (30, 700), (31, 1400), (59, 1400),
              (60, 3600)]  # fmt: skip
PREGABALIN = [(14, 75), (15, 150), (16, 150), (29, 150), (30, 300), (31, 300), (59, 300), (60, 600)]
TRAMADOL_LIMITED = [14, 15, 16, 29]


def with_crcl(doc: PlanDocument, crcl: float | None) -> PlanDocument:
    return dataclasses.replace(doc, patient=dataclasses.replace(doc.patient, crcl_ml_min=crcl))


def dosed(modality: str, dose: float, crcl: float | None, **extra: object) -> PlanDocument:
    doc = document([*foundation(), item("drug", modality, 0, dose_mg_per_day=dose)], **extra)  # type: ignore[arg-type]
    return with_crcl(doc, crcl)


@pytest.mark.parametrize(("crcl", "maximum"), GABAPENTIN)
def test_gabapentin_is_limited_by_its_clearance_band(crcl: int, maximum: int) -> None:
    assert findings(dosed("gabapentin", maximum, crcl), "SAFE-RENAL-DOSE") == []
    over = findings(dosed("gabapentin", maximum + 1, crcl), "SAFE-RENAL-DOSE")
    assert [(f.items, f.severity) for f in over] == [(("drug",), "error")]
    assert f"maximum of {maximum} mg" in over[0].message and f"is {crcl} mL/min" in over[0].message
    assert over[0].source == "NEUR"


@pytest.mark.parametrize(("crcl", "maximum"), PREGABALIN)
def test_pregabalin_is_limited_by_its_clearance_band(crcl: int, maximum: int) -> None:
    assert findings(dosed("pregabalin", maximum, crcl), "SAFE-RENAL-DOSE") == []
    over = findings(dosed("pregabalin", maximum + 1, crcl), "SAFE-RENAL-DOSE")
    assert [f.items for f in over] == [("drug",)]
    assert f"maximum of {maximum} mg" in over[0].message and over[0].source == "LYR"


@pytest.mark.parametrize("crcl", TRAMADOL_LIMITED)
def test_tramadol_is_limited_to_200_below_a_clearance_of_30(crcl: int) -> None:
    assert findings(dosed("tramadol", 200, crcl), "SAFE-RENAL-DOSE") == []
    over = findings(dosed("tramadol", 201, crcl), "SAFE-RENAL-DOSE")
    assert [f.items for f in over] == [("drug",)] and over[0].source == "ULT"
    assert "below 30 mL/min" in over[0].message


@pytest.mark.parametrize("crcl", [30, 31, 59, 60])
def test_tramadol_has_no_kidney_limit_from_a_clearance_of_30(crcl: int) -> None:
    assert findings(dosed("tramadol", 300, crcl), "SAFE-RENAL-DOSE") == []


def test_the_message_names_the_band_and_the_maximum() -> None:
    [finding] = findings(dosed("gabapentin", 1800, 45), "SAFE-RENAL-DOSE")
    assert finding.message.startswith(
        "Gabapentin: 1800 mg a day is above the maximum of 1400 mg for a creatinine clearance above 30 and "
        "below 60 mL/min (the patient's is 45 mL/min)."
    )


def test_gabapentin_at_a_clearance_of_10_may_have_200_mg_a_day() -> None:
    [finding] = findings(dosed("gabapentin", 300, 10), "SAFE-RENAL-DOSE")
    assert "maximum of 200 mg (20 mg a day per mL/min)" in finding.message
    assert "at most 15 mL/min" in finding.message


def test_clearances_are_compared_exactly() -> None:
    assert findings(dosed("tramadol", 201, 29.99), "SAFE-RENAL-DOSE") != []
    assert findings(dosed("tramadol", 201, 30.0), "SAFE-RENAL-DOSE") == []
    assert findings(dosed("gabapentin", 301, 15.0), "SAFE-RENAL-DOSE") != []  # 20 per mL/min: 300
    assert findings(dosed("gabapentin", 301, 15.01), "SAFE-RENAL-DOSE") == []  # the next band: 700
    assert findings(dosed("gabapentin", 290.2, 14.51), "SAFE-RENAL-DOSE") == []  # exactly 290.2
    assert findings(dosed("gabapentin", 290.21, 14.51), "SAFE-RENAL-DOSE") != []


def test_no_clearance_or_no_dose_means_no_dose_finding() -> None:
    assert findings(dosed("gabapentin", 3000, None), "SAFE-RENAL-DOSE") == []
    no_dose = with_crcl(document([*foundation(), item("drug", "gabapentin", 0)]), 20)
    assert findings(no_dose, "SAFE-RENAL-DOSE") == []


def test_an_ongoing_treatment_is_checked_and_an_ended_or_replaced_one_is_not() -> None:
    ongoing = past("pregabalin", weeks_before_start(20), dose_mg_per_day=300)
    ended = past("gabapentin", weeks_before_start(30), weeks_before_start(10), "failed", dose_mg_per_day=2400)
    doc = with_crcl(document(foundation(), history=[ongoing, ended]), 20)
    assert [f.items for f in findings(doc, "SAFE-RENAL-DOSE")] == [("history[0]",)]

    switched = item("swap", "duloxetine", 0, 6, replaces="pregabalin")
    replaced = with_crcl(document([switched, item("psy", "cbt", 0, 10)], history=[ongoing]), 20)
    assert findings(replaced, "SAFE-RENAL-DOSE") == []


def test_one_finding_per_item() -> None:
    doc = with_crcl(
        document(
            [
                *foundation(),
                item("g1", "gabapentin", 0, 4, end_week=4, dose_mg_per_day=900),
                item("g2", "gabapentin", 4, 8, dose_mg_per_day=1200),
            ]
        ),
        20,
    )
    assert sorted(f.items for f in findings(doc, "SAFE-RENAL-DOSE")) == [("g1",), ("g2",)]


# -- drugs to avoid --------------------------------------------------------------------------------------
@pytest.mark.parametrize("modality", ["duloxetine", "ibuprofen", "naproxen", "celecoxib"])
def test_duloxetine_and_oral_nsaids_are_avoided_below_a_clearance_of_30(modality: str) -> None:
    doc = with_crcl(document([item("psy", "cbt", 0, 10), item("drug", modality, 0)]), 29)
    [finding] = findings(doc, "SAFE-RENAL-AVOID")
    assert (finding.items, finding.severity) == (("drug",), "warning")
    assert "29 mL/min" in finding.message
    for crcl in (30, 31, None):
        assert findings(with_crcl(doc, crcl), "SAFE-RENAL-AVOID") == []


def test_topical_diclofenac_is_not_avoided() -> None:
    doc = with_crcl(document([*foundation(), item("gel", "diclofenac-topical", 0)]), 10)
    assert [f.items for f in findings(doc, "SAFE-RENAL-AVOID")] == [("med",)]  # duloxetine only


def test_the_drugs_to_avoid_get_one_finding_each() -> None:
    doc = with_crcl(
        document(
            [*foundation(), item("nsaid", "naproxen", 0)], history=[past("ibuprofen", weeks_before_start(4))]
        ),
        15,
    )
    found = findings(doc, "SAFE-RENAL-AVOID")
    assert sorted(f.items for f in found) == [("history[0]",), ("med",), ("nsaid",)]
    assert {f.source for f in found} == {"CYM, Beers23", "Beers23"}


# -- clearance not recorded ------------------------------------------------------------------------------
def test_ckd_without_a_clearance_asks_for_one_naming_every_drug_concerned() -> None:
    doc = document(
        [
            *foundation(),
            item("gaba", "gabapentin", 0, dose_mg_per_day=900),
            item("gel", "diclofenac-topical", 0),
            item("para", "acetaminophen", 0),
        ],
        history=[past("tramadol", weeks_before_start(8), dose_mg_per_day=100)],
        conditions=["ckd"],
    )
    [finding] = findings(doc, "SAFE-RENAL-UNKNOWN")
    assert set(finding.items) == {"med", "gaba", "history[0]"}
    assert finding.severity == "warning"
    assert "Duloxetine, Gabapentin and Tramadol (ongoing)" in finding.message
    assert "record it" in finding.message
    assert findings(with_crcl(doc, 45), "SAFE-RENAL-UNKNOWN") == []


def test_no_clearance_is_asked_for_without_ckd_or_without_a_drug_concerned() -> None:
    assert findings(document(foundation()), "SAFE-RENAL-UNKNOWN") == []
    no_drug = document([item("psy", "cbt", 0, 10), item("para", "acetaminophen", 0)], conditions=["ckd"])
    assert findings(no_drug, "SAFE-RENAL-UNKNOWN") == []
    assert findings(document(foundation(), conditions=["ckd"]), "SAFE-RENAL-UNKNOWN") != []


# -- the table itself ------------------------------------------------------------------------------------
def test_every_band_of_the_reference_is_in_the_catalog() -> None:
    limits = CATALOG.safety.renal.dose_limits
    for modality, bands in (("gabapentin", GABAPENTIN), ("pregabalin", PREGABALIN)):
        for crcl, maximum in bands:
            band = limits[modality].band_for(Decimal(crcl))
            assert band is not None and band.maximum(Decimal(crcl)) == maximum


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path,
        "renal.toml",
        lambda text: text.replace("{ from = 30, below = 60", "{ from = 29, below = 60"),
    )
    assert (
        "renal.toml: dose_limits[1].bands: the bands at least 29 and below 60 mL/min and at least 15"
        in message
    )


def test_a_renal_table_naming_an_unknown_drug_or_source_is_refused(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path,
        "renal.toml",
        lambda text: text.replace('modality = "tramadol"', 'modality = "tramadool"').replace(
            '["ULT"]', '["ULTT"]'
        ),
    )
    assert 'renal.toml: dose_limits "tramadool".modality: unknown modality "tramadool"' in message
    assert 'renal.toml: dose_limits "tramadool".sources: unknown source "ULTT"' in message
