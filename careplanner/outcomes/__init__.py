"""Outcomes: PEG-3 progress against the baseline, adequate trials and refractory status.

See docs/clinical-reference.md §6.
"""

from careplanner.outcomes.peg import (
    CHANGE_CLASSES,
    Progress,
    baseline_date_problem,
    change_class,
    checkin_date_problem,
    improvement_percent,
    is_meaningful,
    progress,
)
from careplanner.outcomes.trials import (
    RefractoryStatus,
    TrialAssessment,
    assess_trials,
    is_adequate_failure,
    refractory_status,
)

__all__ = [
    "CHANGE_CLASSES",
    "Progress",
    "RefractoryStatus",
    "TrialAssessment",
    "assess_trials",
    "baseline_date_problem",
    "change_class",
    "checkin_date_problem",
    "improvement_percent",
    "is_adequate_failure",
    "is_meaningful",
    "progress",
    "refractory_status",
]
