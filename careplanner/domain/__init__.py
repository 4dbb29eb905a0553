"""Plain data of the patient's record and plan, shared by every screen, printout and command."""

from careplanner.domain.checkins import CheckinChanges
from careplanner.domain.plan import (
    ASSESSMENT_RESULTS,
    HISTORY_OUTCOMES,
    OTHER_MODALITY,
    Acknowledgement,
    Assessment,
    Goal,
    HistoryEntry,
    Measurement,
    Patient,
    PegScores,
    Plan,
    PlanDocument,
    PlanItem,
    Review,
)

__all__ = [
    "ASSESSMENT_RESULTS",
    "HISTORY_OUTCOMES",
    "OTHER_MODALITY",
    "Acknowledgement",
    "Assessment",
    "CheckinChanges",
    "Goal",
    "HistoryEntry",
    "Measurement",
    "Patient",
    "PegScores",
    "Plan",
    "PlanDocument",
    "PlanItem",
    "Review",
]
