"""Creatinine clearance and a fentanyl patch's hourly dose in the plan document (docs/plan-format.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from careplanner.documents import DocumentError, plan_to_text, read_plan_text
from careplanner.domain import MCG_PER_HOUR, MG_PER_DAY, Dose, PlanDocument
from tests.unit.test_documents import MODALITIES, refusal, valid

LAST = len(valid()["plan"]["items"])  # the index of the item the tests add


def read(data: dict[str, Any]) -> PlanDocument:
    return read_plan_text(json.dumps(data), MODALITIES).document


def with_crcl(value: object) -> dict[str, Any]:
    data = valid()
    data["patient"]["crcl_ml_min"] = value
    return data


def with_item(**fields: object) -> dict[str, Any]:
    data = valid()
    data["plan"]["items"].append({"id": "f1", "start_week": 0, "assess_week": 2, **fields})
    return data


def with_history(**fields: object) -> dict[str, Any]:
    data = valid()
    data["history"].append({"start": "2026-01-05", "end": None, "outcome": "ongoing", **fields})
    return data


class TestCreatinineClearance:
    @pytest.mark.parametrize("value", [250, 0.5, 45, 249.9])
    def test_a_number_above_0_and_at_most_250_is_read(self, value: float) -> None:
        assert read(with_crcl(value)).patient.crcl_ml_min == value

    def test_absent_or_null_means_not_recorded(self) -> None:
        assert read(valid()).patient.crcl_ml_min is None
        assert read(with_crcl(None)).patient.crcl_ml_min is None

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (0, "must be above 0"),
            (-3, "must be above 0"),
            (250.1, "above the maximum of 250"),
            ("abc", "must be a number"),
            (True, "must be a number"),
            ([45], "must be a number"),
        ],
    )
    def test_refused_outside_the_range_or_not_a_number(self, value: object, expected: str) -> None:
        message = refusal(with_crcl(value))
        assert "patient.crcl_ml_min" in message and expected in message

    def test_written_and_read_back(self) -> None:
        document = read(with_crcl(42.5))
        assert json.loads(plan_to_text(document))["patient"]["crcl_ml_min"] == 42.5
        assert read_plan_text(plan_to_text(document), MODALITIES).document == document


class TestFentanylPatchDose:
    def test_a_patch_is_dosed_in_mcg_an_hour(self) -> None:
        document = read(with_item(modality="fentanyl-patch", dose_mcg_per_hour=25))
        patch = document.plan.item("f1")
        assert patch is not None and patch.dose == Dose(25, MCG_PER_HOUR) and patch.dose_mg_per_day is None
        assert patch.dose.text == "25 mcg/h"

    def test_other_medicines_keep_mg_a_day(self) -> None:
        document = read(with_item(modality="morphine", dose_mg_per_day=30))
        morphine = document.plan.item("f1")
        assert morphine is not None and morphine.dose == Dose(30, MG_PER_DAY)
        assert morphine.dose.text == "30 mg a day"

    def test_no_dose_is_none(self) -> None:
        patch = read(with_item(modality="fentanyl-patch")).plan.item("f1")
        assert patch is not None and patch.dose is None

    def test_mg_a_day_on_a_patch_is_refused(self) -> None:
        message = refusal(with_item(modality="fentanyl-patch", dose_mg_per_day=25))
        assert f"plan.items[{LAST}].dose_mg_per_day" in message and "dose_mcg_per_hour" in message

    def test_mcg_an_hour_on_another_medicine_is_refused(self) -> None:
        message = refusal(with_item(modality="morphine", dose_mcg_per_hour=25))
        assert f"plan.items[{LAST}].dose_mcg_per_hour" in message and "dose_mg_per_day" in message

    def test_history_follows_the_same_rule(self) -> None:
        entry = read(with_history(modality="fentanyl-patch", dose_mcg_per_hour=12)).history[-1]
        assert entry.dose == Dose(12, MCG_PER_HOUR)
        assert "dose_mcg_per_hour" in refusal(with_history(modality="fentanyl-patch", dose_mg_per_day=12))
        assert "dose_mg_per_day" in refusal(with_history(modality="oxycodone", dose_mcg_per_hour=12))
        assert "dose_mg_per_day" in refusal(
            with_history(modality="other", name="Buprenorphine patch", dose_mcg_per_hour=5)
        )

    @pytest.mark.parametrize("value", [-1, "25"])
    def test_a_bad_hourly_dose_is_refused(self, value: object) -> None:
        assert "dose_mcg_per_hour" in refusal(with_item(modality="fentanyl-patch", dose_mcg_per_hour=value))

    def test_written_and_read_back_in_items_and_history(self) -> None:
        data = with_item(modality="fentanyl-patch", dose_mcg_per_hour=37.5)
        data["history"].append(
            {
                "modality": "fentanyl-patch",
                "start": "2026-01-05",
                "end": None,
                "outcome": "ongoing",
                "dose_mcg_per_hour": 12,
            }
        )
        document = read(data)
        written = json.loads(plan_to_text(document))
        assert written["plan"]["items"][-1]["dose_mcg_per_hour"] == 37.5
        assert "dose_mg_per_day" not in written["plan"]["items"][-1]
        assert written["history"][-1]["dose_mcg_per_hour"] == 12
        assert "dose_mg_per_day" not in written["history"][-1]
        assert read_plan_text(plan_to_text(document), MODALITIES).document == document


@pytest.mark.parametrize("field", ["crcl", "dose"])
def test_a_number_beyond_a_float_is_refused_not_a_traceback(field: str) -> None:
    data = (
        with_crcl(12345) if field == "crcl" else with_item(modality="fentanyl-patch", dose_mcg_per_hour=12345)
    )
    text = json.dumps(data).replace("12345", "1e400")
    with pytest.raises(DocumentError):
        read_plan_text(text, MODALITIES)
