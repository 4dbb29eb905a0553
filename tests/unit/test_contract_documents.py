"""Documents against the committed JSON Schema (docs/plan.schema.json) and against the app's reader.

Validation uses the `jsonschema` library on the committed file, not the pydantic model: what is published is
the schema, and a validator other tools use says whether it means what docs/plan-format.md says. Every
document the app reads or writes must be valid; every field-level refusal of the reader must be a refusal of
the schema too. Rules across fields (unique ids, `replaces` targets, week order) are the reader's alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from careplanner.documents import DocumentError, plan_to_json, read_plan_data
from careplanner.domain import Patient
from careplanner.editing.demo import demo_documents
from careplanner.editing.operations import new_document
from careplanner.editing.templates import apply_template, default_templates
from careplanner.resources import examples_dir
from tests.builders import CATALOG
from tests.unit.test_documents_earlier_decisions import earlier_decisions_at_every_limit
from tests.unit.test_documents_properties import plan_documents
from tests.unit.test_input_limits_plan import plan_at_every_limit

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "plan.schema.json"
VALIDATOR = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
MODALITIES = CATALOG.modalities.keys()

Json = dict[str, Any]


def schema_problems(data: object) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(data)]


def read_by_the_app(data: object) -> bool:
    try:
        read_plan_data(data, MODALITIES)
    except DocumentError:
        return False
    return True


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.careplan.json")), ids=lambda path: path.name)
def test_every_example_is_valid(path: Path) -> None:
    assert schema_problems(json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("template", default_templates(), ids=lambda template: template.id)
def test_every_template_gives_a_valid_document(template: Any) -> None:
    patient = Patient("T-1", "Test Patient", dt.date(1960, 1, 1), None, template.for_conditions)
    document = apply_template(new_document(patient, dt.date(2026, 12, 7)), template)
    assert schema_problems(plan_to_json(document)) == []


def test_the_example_in_the_plan_format_page_is_read_and_valid() -> None:
    page = (SCHEMA_FILE.parent / "plan-format.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    assert read_by_the_app(example)
    assert schema_problems(example) == []


def test_every_demo_document_is_valid() -> None:
    for document, title in demo_documents(CATALOG, dt.date(2026, 12, 1)):
        assert schema_problems(plan_to_json(document)) == [], title


@pytest.mark.parametrize("letter", ["x", "Ж", "😀"])
def test_a_plan_at_every_limit_is_valid(letter: str) -> None:
    data = plan_at_every_limit(letter)
    assert read_by_the_app(data)
    assert schema_problems(data) == []


def test_a_plan_at_every_limit_with_earlier_decisions_is_valid() -> None:
    data = earlier_decisions_at_every_limit(plan_at_every_limit("Ж"), "Ж")
    assert read_by_the_app(data)
    assert schema_problems(data) == []


@given(plan_documents())
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_what_the_app_reads_and_writes_is_valid(data: Json) -> None:
    try:
        document = read_plan_data(data, MODALITIES).document
    except DocumentError:
        return  # generated content the reader refuses (e.g. a dose field a modality does not take)
    assert schema_problems(data) == []
    assert schema_problems(plan_to_json(document)) == []


def base() -> Json:
    return {
        "format": "careplanner/1",
        "patient": {"id": "P-1", "name": "Ada Example", "birth_date": "1958-03-02", "conditions": ["ckd"]},
        "history": [
            {"modality": "gabapentin", "start": "2025-01-10", "end": "2025-04-20", "outcome": "failed"}
        ],
        "plan": {
            "start": "2026-12-07",
            "items": [
                {"id": "i1", "modality": "duloxetine", "start_week": 0, "assess_week": 6},
                {"id": "i2", "modality": "cbt", "start_week": 0, "assess_week": 10},
            ],
            "reviews": [{"week": 4}],
            "acknowledged": [],
        },
    }


def patient(**fields: object) -> Callable[[Json], None]:
    return lambda data: data["patient"].update(fields)


def history(**fields: object) -> Callable[[Json], None]:
    return lambda data: data["history"][0].update(fields)


def without_history(name: str) -> Callable[[Json], None]:
    return lambda data: data["history"][0].pop(name)


def item(**fields: object) -> Callable[[Json], None]:
    return lambda data: data["plan"]["items"][0].update(fields)


def plan(**fields: object) -> Callable[[Json], None]:
    return lambda data: data["plan"].update(fields)


def checkin(**fields: object) -> Callable[[Json], None]:
    """A check-in with fields of its own, in a document with goal g1."""

    def change(data: Json) -> None:
        data["goals"] = [{"id": "g1", "text": "Walk to the park"}]
        data["checkins"] = [{"date": "2026-12-28", **fields}]

    return change


def baseline(**fields: object) -> Callable[[Json], None]:
    return lambda data: data.update(baseline={"date": "2026-11-30", **fields})


def assessed(**fields: object) -> Callable[[Json], None]:
    return item(assessed={"week": 6, "result": "partial", **fields})


MANY_ITEM = {"modality": "cbt", "start_week": 0}
PROGRESS = {"goal": "g1", "progress": "some"}
ADHERENCE = {"item": "i1", "modality": "duloxetine", "level": "partly"}
EARLIER = {"week": 4, "result": "partial", "decision": "continue", "date": "2027-01-04", "by": "dr.lee"}
ACK = {"rule": "SEQ-CROWDING", "items": ["i1", "i2"], "reason": "booked", "by": "dr.lee"}

# (what changes, whether the app reads it): the schema must say the same.
CASES: dict[str, tuple[Callable[[Json], None], bool]] = {
    "as given": (lambda data: None, True),
    "crcl above 0": (patient(crcl_ml_min=0.5), True),
    "crcl 250": (patient(crcl_ml_min=250), True),
    "crcl null": (patient(crcl_ml_min=None), True),
    "crcl 0": (patient(crcl_ml_min=0), False),
    "crcl negative": (patient(crcl_ml_min=-5), False),
    "crcl above 250": (patient(crcl_ml_min=250.5), False),
    "crcl as text": (patient(crcl_ml_min="60"), False),
    "condition not an id": (patient(conditions=["CKD"]), False),
    "patient without a name": (patient(name=" "), False),
    "fentanyl patch in mcg/h": (item(modality="fentanyl-patch", dose_mcg_per_hour=25), True),
    "fentanyl patch with a null mg dose": (item(modality="fentanyl-patch", dose_mg_per_day=None), True),
    "fentanyl patch in mg": (item(modality="fentanyl-patch", dose_mg_per_day=25), False),
    "mcg/h on another drug": (item(modality="morphine", dose_mcg_per_hour=25), False),
    "null mcg/h on another drug": (item(dose_mcg_per_hour=None), True),
    "negative dose": (item(dose_mg_per_day=-1), False),
    "history fentanyl patch in mcg/h": (history(modality="fentanyl-patch", dose_mcg_per_hour=12), True),
    "history fentanyl patch in mg": (history(modality="fentanyl-patch", dose_mg_per_day=12), False),
    "history mcg/h on another drug": (history(dose_mcg_per_hour=12), False),
    "history other with a name": (history(modality="other", name="hydrotherapy abroad"), True),
    "history other without a name": (history(modality="other"), False),
    "unknown modality in history": (history(modality="aspirin-plus"), False),
    "unknown modality in the plan": (item(modality="aspirin-plus"), False),
    "failed without an end": (without_history("end"), False),
    "failed with a null end": (history(end=None), False),
    "ongoing without an end": (history(outcome="ongoing", end=None), True),
    "outcome not known": (history(outcome="better"), False),
    "relief 100": (history(relief_percent=100), True),
    "relief above 100": (history(relief_percent=100.5), False),
    "date not ISO": (history(start="2025-1-10"), False),
    "week as a whole float": (item(assess_week=6.0), True),
    "week negative": (item(start_week=-1, assess_week=None), False),
    "week with a fraction": (item(assess_week=6.5), False),
    "week as text": (item(assess_week="6"), False),
    "item id naming a history entry": (item(id="history[0]"), False),
    "assessed": (item(assessed={"week": 6, "result": "partial", "relief_percent": 35, "note": "ok"}), True),
    "assessed result not known": (item(assessed={"week": 6, "result": "better"}), False),
    "acknowledged": (plan(acknowledged=[ACK]), True),
    "acknowledged without a reason": (plan(acknowledged=[{"rule": "SEQ-CROWDING", "by": "dr.lee"}]), False),
    "review note": (plan(reviews=[{"week": 4, "note": "opioid review"}]), True),
    "review without a week": (plan(reviews=[{"note": "opioid review"}]), False),
    "plan without a start": (lambda data: data["plan"].pop("start"), False),
    "check-in follow-up": (checkin(goals=[PROGRESS], adherence=[ADHERENCE], side_effects="nausea"), True),
    "adherence to an item of another revision": (checkin(adherence=[ADHERENCE | {"item": "i-old"}]), True),
    "progress on a goal of another plan": (checkin(goals=[PROGRESS | {"goal": "g-other"}]), True),
    "progress not known": (checkin(goals=[PROGRESS | {"progress": "better"}]), False),
    "progress missing": (checkin(goals=[{"goal": "g1"}]), False),
    "too many goals in a check-in": (checkin(goals=[PROGRESS] * 13), False),
    "adherence level not known": (checkin(adherence=[ADHERENCE | {"level": "rarely"}]), False),
    "adherence modality not in the catalog": (checkin(adherence=[ADHERENCE | {"modality": "yogurt"}]), False),
    "adherence without an item": (checkin(adherence=[{"modality": "cbt", "level": "partly"}]), False),
    "too many adherence entries": (checkin(adherence=[ADHERENCE] * 61), False),
    "side effects too long": (checkin(side_effects="x" * 2001), False),
    "baseline with null follow-up": (baseline(goals=None, adherence=None, side_effects=None), True),
    "baseline with goal progress": (baseline(goals=[]), False),
    "baseline with adherence": (baseline(adherence=[ADHERENCE]), False),
    "baseline with side effects": (baseline(side_effects="none"), False),
    "decision recorded": (
        assessed(decision="replace", date="2027-01-18", by="dr.lee", replaced_by="i2"),
        True,
    ),
    "decision not known": (assessed(decision="pause"), False),
    "decision date not ISO": (assessed(date="18/01/2027"), False),
    "decided by a blank": (assessed(by=" "), False),
    "replaced by a blank": (assessed(replaced_by=""), False),
    "earlier decisions": (assessed(decision="stop", previous=[EARLIER, EARLIER | {"week": 5}]), True),
    "earlier decision with null fields": (
        assessed(previous=[EARLIER | {"replaced_by": None, "note": None}]),
        True,
    ),
    "earlier decision without a result": (assessed(previous=[{"week": 4, "decision": "continue"}]), False),
    "earlier decision with a replacement": (assessed(previous=[EARLIER | {"replaced_by": "i2"}]), False),
    "earlier decision inside another": (assessed(previous=[EARLIER | {"previous": [EARLIER]}]), False),
    "earlier decision not known": (assessed(previous=[EARLIER | {"decision": "pause"}]), False),
    "too many earlier decisions": (assessed(previous=[EARLIER] * 21), False),
    "review held": (plan(reviews=[{"week": 4, "held": "2026-12-28"}]), True),
    "review held not a date": (plan(reviews=[{"week": 4, "held": "soon"}]), False),
    "too many items": (plan(items=[MANY_ITEM | {"id": f"i{n}"} for n in range(61)]), False),
    "other format": (lambda data: data.update(format="careplanner/2"), False),
    "unknown fields everywhere": (
        lambda data: (data.update(colour="blue"), patient(colour="blue")(data), item(colour="blue")(data)),
        True,
    ),
}


@pytest.mark.parametrize("change", CASES, ids=str)
def test_the_schema_accepts_and_refuses_what_the_app_does(change: str) -> None:
    modify, readable = CASES[change]
    data = copy.deepcopy(base())
    modify(data)
    assert read_by_the_app(data) is readable, "the reader disagrees with docs/plan-format.md"
    problems = schema_problems(data)
    assert (problems == []) is readable, problems


def earlier_decisions_beyond_the_total(data: Json) -> None:
    """Eleven items with twenty earlier decisions each: 220, beyond the document's 200."""
    data["plan"]["items"] = [
        MANY_ITEM | {"id": f"i{n}", "assessed": {"week": 4, "result": "partial", "previous": [EARLIER] * 20}}
        for n in range(11)
    ]


# Rules across fields: valid against the schema, refused by the reader (docs/plan-format.md says which).
ACROSS_FIELDS: dict[str, Callable[[Json], None]] = {
    "duplicate item id": item(id="i2"),
    "assessment before the start": item(start_week=4, assess_week=2),
    "replaces naming nothing": item(replaces="i9"),
    "history ending before its start": history(end="2024-01-01"),
    "a date that is not in the calendar": history(start="2025-02-30"),
    "a goal twice in a check-in": checkin(goals=[PROGRESS, PROGRESS]),
    "an item twice in a check-in": checkin(adherence=[ADHERENCE, ADHERENCE]),
    "replaced by itself": assessed(replaced_by="i1"),
    "replaced by no item": assessed(replaced_by="i9"),
    "earlier decisions of all items together": earlier_decisions_beyond_the_total,
}


@pytest.mark.parametrize("change", ACROSS_FIELDS, ids=str)
def test_rules_across_fields_are_left_to_the_reader(change: str) -> None:
    data = copy.deepcopy(base())
    ACROSS_FIELDS[change](data)
    assert schema_problems(data) == []
    assert not read_by_the_app(data)
