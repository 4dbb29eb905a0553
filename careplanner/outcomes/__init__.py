"""Outcomes: PEG-3 progress against the baseline, adequate trials and refractory status.

See docs/clinical-reference.md §6.
"""

from careplanner.outcomes.chart import (
    IMPROVEMENT_SOURCES,
    SERIES,
    AssessmentWindow,
    ImprovementLine,
    OutcomeChart,
    SeriesSpec,
    TreatmentCourse,
    Visit,
    outcome_chart,
)
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
    "IMPROVEMENT_SOURCES",
    "SERIES",
    "AssessmentWindow",
    "ImprovementLine",
    "OutcomeChart",
    "Progress",
    "RefractoryStatus",
    "SeriesSpec",
    "TreatmentCourse",
    "TrialAssessment",
    "Visit",
    "assess_trials",
    "baseline_date_problem",
    "change_class",
    "checkin_date_problem",
    "improvement_percent",
    "is_adequate_failure",
    "is_meaningful",
    "outcome_chart",
    "progress",
    "refractory_status",
]
