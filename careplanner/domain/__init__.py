"""Plain data of the patient's record and plan, shared by every screen, printout and command."""

from careplanner.domain.checkins import CheckinChanges
from careplanner.domain.dose import (
    DOSE_FIELDS,
    DOSE_UNITS,
    DOSED_PER_HOUR,
    MCG_PER_HOUR,
    MG_PER_DAY,
    Dose,
    dose_unit_of,
)
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
    "DOSED_PER_HOUR",
    "DOSE_FIELDS",
    "DOSE_UNITS",
    "HISTORY_OUTCOMES",
    "MCG_PER_HOUR",
    "MG_PER_DAY",
    "OTHER_MODALITY",
    "Acknowledgement",
    "Assessment",
    "CheckinChanges",
    "Dose",
    "Goal",
    "HistoryEntry",
    "Measurement",
    "Patient",
    "PegScores",
    "Plan",
    "PlanDocument",
    "PlanItem",
    "Review",
    "dose_unit_of",
]
