"""The JSON Schema of the plan document: committed as generated, well formed, and kept out of start-up.

docs/plan.schema.json is generated from the pydantic declaration in careplanner/contract/model.py; the
documents it must accept and refuse are in test_contract_documents.py.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from careplanner.__main__ import main
from careplanner.contract.schema import COMMITTED_PATH, plan_schema, plan_schema_text
from careplanner.domain import (
    ADHERENCE_LEVELS,
    ASSESSMENT_RESULTS,
    DECISIONS,
    GOAL_PROGRESS,
    HISTORY_OUTCOMES,
    OTHER_MODALITY,
)
from careplanner.resources import examples_dir
from tests.builders import CATALOG

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / COMMITTED_PATH
REGENERATE = f".venv/bin/careplanner schema > {COMMITTED_PATH}"
SCHEMA: dict[str, Any] = plan_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]


def test_the_committed_schema_is_the_generated_one() -> None:
    if COMMITTED.read_text(encoding="utf-8") != plan_schema_text():
        pytest.fail(
            f"{COMMITTED_PATH} differs from the declaration in careplanner/contract/model.py (or from the "
            f"catalog's modality ids). Regenerate it from the repository's root with: {REGENERATE}"
        )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    captured = capsys.readouterr()
    assert captured.out == plan_schema_text() and captured.err == ""


def test_modality_ids_are_the_catalogs_and_history_may_say_other() -> None:
    assert DEFS["ModalityId"]["enum"] == sorted(CATALOG.modalities)
    history_modality = DEFS["HistoryEntry"]["properties"]["modality"]["anyOf"]
    assert {"$ref": "#/$defs/ModalityId"} in history_modality
    assert {"const": OTHER_MODALITY, "type": "string"} in history_modality
    assert DEFS["PlanItem"]["properties"]["modality"] == {"$ref": "#/$defs/ModalityId"}


def test_choices_are_the_readers() -> None:
    assert tuple(DEFS["HistoryEntry"]["properties"]["outcome"]["enum"]) == HISTORY_OUTCOMES
    assert tuple(DEFS["Assessment"]["properties"]["result"]["enum"]) == ASSESSMENT_RESULTS
    assert tuple(_optional("Assessment", "decision")["enum"]) == DECISIONS
    assert tuple(DEFS["GoalProgress"]["properties"]["progress"]["enum"]) == GOAL_PROGRESS
    assert tuple(DEFS["Adherence"]["properties"]["level"]["enum"]) == ADHERENCE_LEVELS


def _optional(definition: str, field: str) -> dict[str, Any]:
    """The non-null branch of an optional field (null means absent)."""
    branches = DEFS[definition]["properties"][field]["anyOf"]
    assert {"type": "null"} in branches, f"{definition}.{field} must accept null"
    return next(branch for branch in branches if branch != {"type": "null"})


def test_version_2_fields_are_declared() -> None:
    assert _optional("Patient", "crcl_ml_min") == {"type": "number", "exclusiveMinimum": 0, "maximum": 250}
    for definition in ("PlanItem", "HistoryEntry"):
        assert _optional(definition, "dose_mcg_per_hour")["minimum"] == 0
    assert _optional("Patient", "conditions")["items"]["pattern"] == "^[a-z0-9][a-z0-9.-]*$"
    assert _optional("PlanItem", "assessed") == {"$ref": "#/$defs/Assessment"}
    assert _optional("Plan", "acknowledged")["items"] == {"$ref": "#/$defs/Acknowledgement"}
    assert _optional("Plan", "reviews")["items"] == {"$ref": "#/$defs/Review"}
    assert "name" in DEFS["HistoryEntry"]["properties"]


def test_follow_up_fields_are_declared_for_check_ins_and_refused_on_the_baseline() -> None:
    assert _optional("Checkin", "goals")["items"] == {"$ref": "#/$defs/GoalProgress"}
    assert _optional("Checkin", "adherence")["items"] == {"$ref": "#/$defs/Adherence"}
    assert _optional("Checkin", "side_effects")["maxLength"] == 2000
    assert DEFS["Adherence"]["properties"]["modality"] == {"$ref": "#/$defs/ModalityId"}
    assert all(
        DEFS["Baseline"]["properties"][name]["type"] == "null"
        for name in ("goals", "adherence", "side_effects")
    )
    for definition, field in (("Assessment", "date"), ("Review", "held")):
        assert _optional(definition, field)["format"] == "date"
    assert _optional("Assessment", "by")["maxLength"] == 200
    assert _optional("Assessment", "replaced_by")["maxLength"] == 64


def test_earlier_decisions_are_declared_without_a_replacement_or_earlier_decisions_of_their_own() -> None:
    previous = _optional("Assessment", "previous")
    assert previous["items"] == {"$ref": "#/$defs/EarlierDecision"} and previous["maxItems"] == 20
    earlier = DEFS["EarlierDecision"]["properties"]
    assert all(earlier[name]["type"] == "null" for name in ("replaced_by", "previous"))
    latest = DEFS["Assessment"]["properties"]
    assert {name: earlier[name] for name in ("week", "result", "note", "decision", "date", "by")} == {
        name: latest[name] for name in ("week", "result", "note", "decision", "date", "by")
    }
    assert DEFS["EarlierDecision"]["required"] == ["week", "result"]


def test_every_object_allows_fields_of_its_own() -> None:
    objects = [SCHEMA, *DEFS.values()]
    assert all(part.get("additionalProperties") is True for part in objects if part.get("type") == "object")


# Only the contract package and the schema command may load pydantic: not the window, not the checks.
CONTRACT = "careplanner.contract"
# The schema command; the FHIR import, whose models are pydantic models (loaded inside bundle_to_plan).
CONTRACT_USERS = {"careplanner/cli/schema_command.py", "careplanner/interop/fhir_import_check.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_contract_and_the_schema_command_import_pydantic() -> None:
    outside = [path for path in (ROOT / "careplanner").rglob("*.py") if "contract" not in path.parts]
    users = {
        str(path.relative_to(ROOT))
        for path in outside
        if any(name.split(".")[0] == "pydantic" or name.startswith(CONTRACT) for name in _imports(path))
    }
    assert users == CONTRACT_USERS


def test_checking_a_plan_never_loads_pydantic() -> None:
    good = examples_dir() / "good-plan.careplan.json"
    script = (
        "import sys\n"
        "from careplanner.__main__ import main\n"
        f"status = main(['check', {str(good)!r}, '--format', 'json'])\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was loaded'\n"
        "print(status, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"findings": []}
