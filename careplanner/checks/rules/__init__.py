"""The rule families of ../shared/PLAN-FORMAT.md; importing this package registers every rule."""

from careplanner.checks.rules import (
    care_model,
    frequency,
    guidance,
    history,
    interactions,
    patient_safety,
    prerequisites,
    sequencing,
    windows,
)

__all__ = [
    "care_model",
    "frequency",
    "guidance",
    "history",
    "interactions",
    "patient_safety",
    "prerequisites",
    "sequencing",
    "windows",
]
