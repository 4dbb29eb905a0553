"""Writing plan documents in the `careplanner/1` format, with a stable field order (diff-friendly)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from careplanner.documents.reader import FORMAT
from careplanner.domain import (
    DOSE_FIELDS,
    Acknowledgement,
    Assessment,
    Goal,
    HistoryEntry,
    Measurement,
    Patient,
    Plan,
    PlanDocument,
    PlanItem,
    Review,
    dose_unit_of,
)

Json = dict[str, Any]


def _number(value: float | None) -> int | float | None:
    """Whole numbers are written without a decimal point (1800, not 1800.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _without_none(fields: Json) -> Json:
    return {key: value for key, value in fields.items() if value is not None and value != []}


def _dose_field(modality: str) -> str:
    """`dose_mcg_per_hour` for a fentanyl patch, `dose_mg_per_day` for everything else."""
    return DOSE_FIELDS[dose_unit_of(modality)]


def history_to_json(entry: HistoryEntry) -> Json:
    fields: Json = {"modality": entry.modality}
    if entry.name is not None:
        fields["name"] = entry.name
    fields |= {
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat() if entry.end else None,  # null is meaningful: ongoing
        "outcome": entry.outcome,
        # the dose field of the treatment's unit; null (no dose) is written like the other optional fields
        _dose_field(entry.modality): _number(getattr(entry, _dose_field(entry.modality))),
        "relief_percent": _number(entry.relief_percent),
        "region": entry.region,
        "reason": entry.reason,
    }
    return fields


def measurement_to_json(measurement: Measurement) -> Json:
    peg = measurement.peg
    return _without_none(
        {
            "date": measurement.date.isoformat(),
            "peg": {"pain": peg.pain, "enjoyment": peg.enjoyment, "activity": peg.activity} if peg else None,
            "sleep": measurement.sleep,
            "mood": measurement.mood,
            # a check-in's follow-up records, written only when there are some: old documents stay as they are
            "goals": [
                {"goal": entry.goal_id, "progress": entry.progress} for entry in measurement.goal_progress
            ],
            "adherence": [
                {"item": entry.item_id, "modality": entry.modality, "level": entry.level}
                for entry in measurement.adherence
            ],
            "side_effects": measurement.side_effects,
        }
    )


def goal_to_json(goal: Goal) -> Json:
    return _without_none({"id": goal.id, "text": goal.text, "target_week": goal.target_week})


def _assessment(assessment: Assessment) -> Json:
    return _without_none(
        {
            "week": assessment.week,
            "result": assessment.result,
            "relief_percent": _number(assessment.relief_percent),
            "note": assessment.note,
            "decision": assessment.decision,
            "date": assessment.decided_on.isoformat() if assessment.decided_on else None,
            "by": assessment.by,
            "replaced_by": assessment.replaced_by,
            # earlier decisions on the item, written only when there are some: old documents stay as they are
            "previous": [_assessment(earlier) for earlier in assessment.previous],
        }
    )


def _item(item: PlanItem) -> Json:
    return _without_none(
        {
            "id": item.id,
            "modality": item.modality,
            "start_week": item.start_week,
            "assess_week": item.assess_week,
            "end_week": item.end_week,
            "dose_mg_per_day": _number(item.dose_mg_per_day),
            "dose_mcg_per_hour": _number(item.dose_mcg_per_hour),
            "region": item.region,
            "replaces": item.replaces,
            "goal_ids": list(item.goal_ids),
            "notes": item.notes,
            "assessed": _assessment(item.assessed) if item.assessed else None,
        }
    )


def _review(review: Review) -> Json:
    return _without_none(
        {
            "week": review.week,
            "note": review.note,
            "held": review.held_on.isoformat() if review.held_on else None,
        }
    )


def _acknowledgement(ack: Acknowledgement) -> Json:
    return {"rule": ack.rule, "items": list(ack.items), "reason": ack.reason, "by": ack.by}


def patient_to_json(patient: Patient) -> Json:
    fields = _without_none(
        {
            "id": patient.id,
            "name": patient.name,
            "birth_date": patient.birth_date.isoformat(),
            "sex": patient.sex,
            "crcl_ml_min": _number(patient.crcl_ml_min),
        }
    )
    return fields | {"conditions": list(patient.conditions)}


def plan_part_to_json(plan: Plan) -> Json:
    return {
        "start": plan.start.isoformat(),
        "items": [_item(item) for item in plan.items],
        "reviews": [_review(review) for review in plan.reviews],
        "acknowledged": [_acknowledgement(ack) for ack in plan.acknowledged],
    }


def plan_to_json(document: PlanDocument) -> Json:
    data: Json = {
        "format": FORMAT,
        "patient": patient_to_json(document.patient),
        "history": [history_to_json(entry) for entry in document.history],
    }
    if document.baseline is not None:
        data["baseline"] = measurement_to_json(document.baseline)
    data["goals"] = [goal_to_json(goal) for goal in document.goals]
    data["checkins"] = [measurement_to_json(checkin) for checkin in document.checkins]
    data["plan"] = plan_part_to_json(document.plan)
    return data


def plan_to_text(document: PlanDocument) -> str:
    return json.dumps(plan_to_json(document), indent=2, ensure_ascii=False) + "\n"


def write_plan_file(document: PlanDocument, path: Path) -> None:
    """Write atomically: a crash mid-write leaves the old file, never half a document."""
    text = plan_to_text(document)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
