"""Creatinine clearance by the Cockcroft-Gault formula, for the patient's kidney function (§4b).

docs/clinical-reference.md §4b: CrCl (mL/min) = (140 - age) x weight (kg) / (72 x serum creatinine (mg/dL)),
x 0.85 for a woman; creatinine in µmol/L / 88.4 = mg/dL. The result is rounded down to one decimal: every
kidney limit is stricter at a lower clearance, so rounding can only err on the cautious side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

UMOL_PER_L = "\u00b5mol/L"
MG_PER_DL = "mg/dL"
CREATININE_UNITS: tuple[str, ...] = (UMOL_PER_L, MG_PER_DL)
UMOL_PER_L_IN_MG_PER_DL = Decimal("88.4")
FEMALE_FACTOR = Decimal("0.85")
FORMULA_SEXES: tuple[str, ...] = ("female", "male")  # the formula knows no other
ADULT_AGE = 18  # the formula was made for adults
# What the plan format accepts (docs/plan-format.md): above 0, at most 250 mL/min.
CRCL_MAX = Decimal(250)
# Plausible serum creatinine, in mg/dL: outside it a unit was most likely mixed up (1.2 typed as µmol/L).
CREATININE_MG_DL_RANGE = (Decimal("0.1"), Decimal(25))
WEIGHT_KG_MAX = Decimal(400)
ONE_DECIMAL = Decimal("0.1")
TIMES, MINUS, DIVIDED = "\u00d7", "\u2212", "\u00f7"


def clearance_problem(value: float) -> str | None:
    """Why a creatinine clearance cannot be recorded, in plain words; None when it can."""
    if not math.isfinite(value) or value <= 0 or value > CRCL_MAX:
        return f"A creatinine clearance must be above 0 and at most {CRCL_MAX} mL/min."
    return None


def parse_number(text: str) -> Decimal | None:
    """A typed number ("1.2" or "1,2"), or None when the text is not one."""
    cleaned = text.strip().replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def creatinine_in_mg_per_dl(value: Decimal, unit: str) -> Decimal:
    if unit not in CREATININE_UNITS:
        raise ValueError(f"unknown creatinine unit {unit!r}")
    return value / UMOL_PER_L_IN_MG_PER_DL if unit == UMOL_PER_L else value


def cockcroft_gault(age: int, sex: str, weight_kg: Decimal, creatinine_mg_per_dl: Decimal) -> Decimal:
    """The formula itself, unrounded."""
    clearance = (140 - age) * weight_kg / (72 * creatinine_mg_per_dl)
    return clearance * FEMALE_FACTOR if sex == "female" else clearance


def rounded_down(clearance: Decimal) -> Decimal:
    return clearance.quantize(ONE_DECIMAL, rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class Estimate:
    """The clearance the field would get (None when a problem stops it), and the working shown to the user."""

    crcl: Decimal | None
    working: str = ""
    problem: str | None = None


def _input_problem(
    age: int, sex: str | None, weight_kg: Decimal | None, creatinine: Decimal | None, unit: str
) -> str | None:
    if sex not in FORMULA_SEXES:
        return "The formula needs the sex: female or male."
    if age < ADULT_AGE:
        return f"The Cockcroft-Gault formula is for adults; the patient is {age}."
    if weight_kg is None or creatinine is None:
        return "Type the weight and the serum creatinine."
    if not 0 < weight_kg <= WEIGHT_KG_MAX:
        return f"A weight of {weight_kg} kg cannot be right."
    low, high = CREATININE_MG_DL_RANGE
    if creatinine <= 0 or not low <= creatinine_in_mg_per_dl(creatinine, unit) <= high:
        other = MG_PER_DL if unit == UMOL_PER_L else UMOL_PER_L
        return f"A serum creatinine of {creatinine} {unit} cannot be right: is it in {other}?"
    return None


def estimate(
    age: int, sex: str | None, weight_kg: Decimal | None, creatinine: Decimal | None, unit: str
) -> Estimate:
    """The Cockcroft-Gault clearance from what the user typed, with the working or the reason it cannot be."""
    problem = _input_problem(age, sex, weight_kg, creatinine, unit)
    if problem is not None:
        return Estimate(None, problem=problem)
    assert sex is not None and weight_kg is not None and creatinine is not None  # checked just above
    mg_per_dl = creatinine_in_mg_per_dl(creatinine, unit)
    crcl = rounded_down(cockcroft_gault(age, sex, weight_kg, mg_per_dl))
    working = _working(age, sex, weight_kg, creatinine, unit, crcl)
    if crcl <= 0 or crcl > CRCL_MAX:
        return Estimate(None, working, f"{crcl} mL/min is outside what can be recorded: check the numbers.")
    return Estimate(crcl, working)


def _working(age: int, sex: str, weight: Decimal, creatinine: Decimal, unit: str, crcl: Decimal) -> str:
    """The formula with the patient's numbers, exactly as computed (µmol/L converted inside it)."""
    scr = (
        f"{creatinine} {unit} {DIVIDED} {UMOL_PER_L_IN_MG_PER_DL}"
        if unit == UMOL_PER_L
        else f"{creatinine} {unit}"
    )
    female = f" {TIMES} {FEMALE_FACTOR}" if sex == "female" else ""
    return (
        f"(140 {MINUS} {age}) {TIMES} {weight} kg / (72 {TIMES} {scr}){female} = {crcl} mL/min (rounded down)"
    )
