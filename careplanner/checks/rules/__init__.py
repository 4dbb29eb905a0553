"""The rule families of docs/plan-format.md; importing this package registers every rule."""

from careplanner.checks.rules import (
    bleeding,
    botox,
    care_model,
    frequency,
    guidance,
    history,
    interactions,
    opioid_dose,
    patient_safety,
    pregnancy,
    prerequisites,
    renal,
    sequencing,
    windows,
)

__all__ = [
    "bleeding",
    "botox",
    "care_model",
    "frequency",
    "guidance",
    "history",
    "interactions",
    "opioid_dose",
    "patient_safety",
    "pregnancy",
    "prerequisites",
    "renal",
    "sequencing",
    "windows",
]
