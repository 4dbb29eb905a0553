"""Generating the JSON Schema of the plan document from its declaration in `careplanner.contract.model`."""

from __future__ import annotations

import json
from typing import Any

from careplanner.contract.model import PlanDocument

DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMITTED_PATH = "docs/plan.schema.json"


def plan_schema() -> dict[str, Any]:
    """The schema as a JSON value; modality ids are those of the catalog loaded now."""
    schema = PlanDocument.model_json_schema()
    return {"$schema": DIALECT, **schema}


def plan_schema_text() -> str:
    """The schema as committed: stable key order, two-space indent, UTF-8 text, one final newline."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"
