"""The `*.careplan.json` plan document: strict reading and stable writing (docs/plan-format.md)."""

from careplanner.documents.reader import (
    FORMAT,
    DocumentError,
    ReadResult,
    read_plan_data,
    read_plan_file,
    read_plan_text,
)
from careplanner.documents.writer import (
    goal_to_json,
    history_to_json,
    measurement_to_json,
    patient_to_json,
    plan_part_to_json,
    plan_to_json,
    plan_to_text,
    write_plan_file,
)

__all__ = [
    "FORMAT",
    "DocumentError",
    "ReadResult",
    "goal_to_json",
    "history_to_json",
    "measurement_to_json",
    "patient_to_json",
    "plan_part_to_json",
    "plan_to_json",
    "plan_to_text",
    "read_plan_data",
    "read_plan_file",
    "read_plan_text",
    "write_plan_file",
]
