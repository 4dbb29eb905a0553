"""Creatinine clearance by Cockcroft-Gault: the formula, its units, rounding and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from careplanner.outcomes.kidney import (
    MG_PER_DL,
    UMOL_PER_L,
    clearance_problem,
    cockcroft_gault,
    estimate,
    parse_number,
)


def test_the_formula_for_a_man_and_a_woman() -> None:
    # (140 - 60) x 72 / (72 x 1.0) = 80; a woman's is 85% of it.
    assert cockcroft_gault(60, "male", Decimal(72), Decimal(1)) == 80
    assert cockcroft_gault(60, "female", Decimal(72), Decimal(1)) == 68
    assert estimate(60, "male", Decimal(72), Decimal(1), MG_PER_DL).crcl == 80
    assert estimate(60, "female", Decimal(72), Decimal(1), MG_PER_DL).crcl == 68


def test_micromoles_per_litre_are_divided_by_88_4() -> None:
    in_umol = estimate(60, "male", Decimal(72), Decimal("88.4"), UMOL_PER_L)
    assert in_umol.crcl == 80
    assert "88.4" in in_umol.working and in_umol.working.endswith("= 80.0 mL/min (rounded down)")


def test_the_result_is_rounded_down_to_one_decimal() -> None:
    # (140 - 68) x 70 / (72 x 1.2) = 58.33...
    assert estimate(68, "male", Decimal(70), Decimal("1.2"), MG_PER_DL).crcl == Decimal("58.3")
    # 70 x 70 / (72 x 1.0) = 68.05..., x 0.85 = 57.84...: never rounded up to 57.9
    assert estimate(70, "female", Decimal(70), Decimal(1), MG_PER_DL).crcl == Decimal("57.8")


def test_a_woman_s_working_shows_the_factor() -> None:
    assert "\u00d7 0.85" in estimate(60, "female", Decimal(72), Decimal(1), MG_PER_DL).working
    assert "0.85" not in estimate(60, "male", Decimal(72), Decimal(1), MG_PER_DL).working


@pytest.mark.parametrize(
    ("age", "sex", "weight", "creatinine", "unit", "problem"),
    [
        (60, None, "72", "1", MG_PER_DL, "needs the sex"),
        (60, "other", "72", "1", MG_PER_DL, "needs the sex"),
        (17, "male", "72", "1", MG_PER_DL, "for adults"),
        (60, "male", None, "1", MG_PER_DL, "Type the weight"),
        (60, "male", "72", None, MG_PER_DL, "Type the weight and the serum creatinine"),
        (60, "male", "0", "1", MG_PER_DL, "weight of 0 kg"),
        (60, "male", "72", "0", MG_PER_DL, "is it in \u00b5mol/L?"),
        (60, "male", "72", "120", MG_PER_DL, "is it in \u00b5mol/L?"),  # µmol/L typed as mg/dL
        (60, "male", "72", "1.2", UMOL_PER_L, "is it in mg/dL?"),  # mg/dL typed as µmol/L
        (18, "male", "150", "0.2", MG_PER_DL, "outside what can be recorded"),  # 1266 mL/min
    ],
)
def test_impossible_input_is_refused_with_a_reason(
    age: int, sex: str | None, weight: str | None, creatinine: str | None, unit: str, problem: str
) -> None:
    result = estimate(
        age,
        sex,
        Decimal(weight) if weight else None,
        Decimal(creatinine) if creatinine else None,
        unit,
    )
    assert result.crcl is None and result.problem is not None and problem in result.problem


def test_the_nearest_accepted_input() -> None:
    assert estimate(18, "male", Decimal(72), Decimal("0.6"), MG_PER_DL).crcl == Decimal("203.3")
    assert estimate(60, "male", Decimal(72), Decimal(25), MG_PER_DL).crcl == Decimal("3.2")
    assert estimate(60, "male", Decimal(9), Decimal("8.84"), UMOL_PER_L).crcl == Decimal(100)  # 0.1 mg/dL


@pytest.mark.parametrize(
    ("value", "refused"), [(0.0, True), (-1.0, True), (0.1, False), (250.0, False), (250.01, True)]
)
def test_a_clearance_is_recorded_above_0_and_at_most_250(value: float, refused: bool) -> None:
    assert (clearance_problem(value) is not None) == refused


@pytest.mark.parametrize(("text", "number"), [("1.2", "1.2"), (" 1,2 ", "1.2"), ("88", "88"), ("", None),
                                              ("abc", None), ("nan", None), ("inf", None)])  # fmt: skip
def test_typed_numbers(text: str, number: str | None) -> None:
    assert parse_number(text) == (Decimal(number) if number else None)
