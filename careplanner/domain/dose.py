"""Doses and their units (docs/plan-format.md: `dose_mg_per_day`; `dose_mcg_per_hour` for a patch)."""

from __future__ import annotations

from dataclasses import dataclass

MG_PER_DAY = "mg/day"
MCG_PER_HOUR = "mcg/h"
DOSE_UNITS: tuple[str, ...] = (MG_PER_DAY, MCG_PER_HOUR)

# The plan format fixes which modalities are dosed per hour; the catalog's `dose_unit` must agree.
DOSED_PER_HOUR = frozenset({"fentanyl-patch"})

DOSE_FIELDS = {MG_PER_DAY: "dose_mg_per_day", MCG_PER_HOUR: "dose_mcg_per_hour"}


def dose_unit_of(modality_id: str) -> str:
    return MCG_PER_HOUR if modality_id in DOSED_PER_HOUR else MG_PER_DAY


@dataclass(frozen=True, slots=True)
class Dose:
    """An amount in its unit: mg a day for most medicines, mcg an hour for a fentanyl patch."""

    amount: float
    unit: str

    @property
    def text(self) -> str:
        """As a clinician writes it: "60 mg a day", "25 mcg/h"."""
        return f"{self.amount:g} mg a day" if self.unit == MG_PER_DAY else f"{self.amount:g} mcg/h"


def dose_from(mg_per_day: float | None, mcg_per_hour: float | None) -> Dose | None:
    """The dose a record gives; the reader refuses a record that gives the field of the other unit."""
    if mcg_per_hour is not None:
        return Dose(mcg_per_hour, MCG_PER_HOUR)
    if mg_per_day is not None:
        return Dose(mg_per_day, MG_PER_DAY)
    return None
