"""Property tests: any input is either read or refused with a message; never an unhandled exception."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplanner.checks import check_plan
from careplanner.checks.report import report_to_json, report_to_text
from careplanner.documents import DocumentError, plan_to_text, read_plan_data, read_plan_text
from careplanner.domain import (
    ADHERENCE_LEVELS,
    ASSESSMENT_RESULTS,
    DECISIONS,
    DOSE_FIELDS,
    GOAL_PROGRESS,
    dose_unit_of,
)
from careplanner.resources import examples_dir
from tests.builders import CATALOG

MODALITIES = CATALOG.modalities.keys()
MODALITY_IDS = sorted(MODALITIES)
VALID = json.loads((examples_dir() / "plan-with-problems.careplan.json").read_text())


def nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


# Numbers beyond a float (JSON integers have any size), NaN and infinities (written as NaN, Infinity).
extreme_numbers = (
    st.integers(10**300, 10**600)
    | st.integers(-(10**600), -(10**300))
    | st.floats()
    | st.sampled_from([1.7e308, -1.7e308, 1.75e308, 5e-324])
)
long_texts = st.integers(0, 30_000).map(lambda length: "x" * length)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | extreme_numbers
    | long_texts
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
) | st.integers(1, 150).map(nested)  # around the nesting limit; deeper is below, as text


def read_or_refuse(text: str) -> None:
    try:
        read_plan_text(text, MODALITIES)
    except DocumentError as error:
        assert str(error).strip(), "a refusal must say what is wrong"


@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    read_or_refuse(text)


@given(json_values)
def test_any_json_value(value: object) -> None:
    read_or_refuse(json.dumps(value))


@given(json_values)
def test_any_value_from_the_database(value: object) -> None:
    try:
        read_plan_data(value, MODALITIES)
    except DocumentError as error:
        assert str(error).strip()


@given(st.integers(1, 300_000), st.sampled_from(["[", '{"a": ', '{"plan": [']))
@settings(max_examples=25)
def test_any_depth_of_nesting(depth: int, opening: str) -> None:
    closing = "".join({"[": "]", "{": "}"}[char] for char in reversed(opening) if char in "[{")
    read_or_refuse(opening * depth + "0" + closing * depth)


@given(st.integers(309, 20_000), st.sampled_from(["", "-"]), st.sampled_from(["start_week", "colour"]))
@settings(max_examples=25)
def test_integers_of_any_length_anywhere(digits: int, sign: str, field: str) -> None:
    data = json.loads(json.dumps(VALID))
    data["plan"]["items"][0][field] = 0
    text = json.dumps(data).replace(f'"{field}": 0', f'"{field}": {sign}{"7" * digits}', 1)
    with pytest.raises(DocumentError, match=rf"plan\.items\[0\]\.{field}: the number is beyond"):
        read_plan_text(text, MODALITIES)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


PATHS = [path for path in _paths(VALID) if path]


def _value_at(path: tuple[Any, ...]) -> object:
    value: Any = VALID
    for part in path:
        value = value[part]
    return value


NUMBER_PATHS = [path for path in PATHS if type(_value_at(path)) in (int, float)]


@given(st.sampled_from(NUMBER_PATHS), extreme_numbers)
def test_a_valid_document_with_an_extreme_number_in_any_numeric_field(
    path: tuple[Any, ...], number: float
) -> None:
    data = json.loads(json.dumps(VALID))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = number
    read_or_refuse(json.dumps(data))


@given(st.sampled_from(PATHS), json_values | st.sampled_from(["delete"]))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_a_valid_document_with_one_field_changed_or_removed(
    path: tuple[Any, ...], replacement: object
) -> None:
    data = json.loads(json.dumps(VALID))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if replacement == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    read_or_refuse(json.dumps(data))


weeks = st.integers(0, 60) | st.integers(0, 5100)  # + offsets of up to 30 stay within 5200
readable_texts = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)
follow_up_dates = st.none() | st.dates(dt.date(2020, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)


def _decided(draw: st.DrawFn, assessed: dict[str, Any], others: list[str]) -> dict[str, Any]:
    """The follow-up fields of a decision, each present or not; `others` are the plan's other item ids."""
    fields = {
        "decision": draw(st.none() | st.sampled_from(DECISIONS)),
        "date": draw(follow_up_dates),
        "by": draw(st.none() | st.sampled_from(["dr.lee", "Dr Ana Ruiz"])),
        "replaced_by": draw(st.none() | st.sampled_from(others)) if others else None,
        "previous": [_earlier_decision(draw, assessed["week"]) for _ in range(draw(st.integers(0, 2)))]
        or None,
    }
    return assessed | {key: value for key, value in fields.items() if value is not None}


def _earlier_decision(draw: st.DrawFn, week: int) -> dict[str, Any]:
    """An earlier decision on the item: it kept the course going ("continue"), or predates decisions."""
    fields = {
        "relief_percent": draw(st.none() | st.integers(0, 100)),
        "note": draw(st.none() | readable_texts),
        "decision": draw(st.none() | st.just("continue")),
        "date": draw(follow_up_dates),
        "by": draw(st.none() | st.sampled_from(["dr.lee", "Dr Ana Ruiz"])),
    }
    earlier = {"week": week, "result": draw(st.sampled_from(ASSESSMENT_RESULTS))}
    return earlier | {key: value for key, value in fields.items() if value is not None}


def _item_id(treated: tuple[str, str]) -> str:
    return treated[0]


def _checkin(
    draw: st.DrawFn, day: dt.date, goal_ids: list[str], items: list[dict[str, Any]]
) -> dict[str, Any]:
    """A check-in with goal progress, adherence (to plan items, or to an item of another revision), text."""
    treated = [(item["id"], item["modality"]) for item in items] + [
        ("i-old", draw(st.sampled_from(MODALITY_IDS)))
    ]
    checkin: dict[str, Any] = {"date": day.isoformat()}
    if draw(st.booleans()):
        checkin["peg"] = {"pain": draw(st.integers(0, 10)), "enjoyment": 5, "activity": 5}
    goals = draw(st.lists(st.sampled_from(goal_ids), unique=True, max_size=3)) if goal_ids else []
    if goals:
        checkin["goals"] = [
            {"goal": goal, "progress": draw(st.sampled_from(GOAL_PROGRESS))} for goal in goals
        ]
    adhered = draw(st.lists(st.sampled_from(treated), unique_by=_item_id, max_size=4))
    if adhered:
        checkin["adherence"] = [
            {"item": item_id, "modality": modality, "level": draw(st.sampled_from(ADHERENCE_LEVELS))}
            for item_id, modality in adhered
        ]
    side_effects = draw(st.none() | readable_texts)
    if side_effects is not None:
        checkin["side_effects"] = side_effects
    return checkin


@st.composite
def plan_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Structurally valid documents with random catalog content: the checks must handle all of them."""
    start = dt.date(2026, 1, 5) + dt.timedelta(days=draw(st.integers(0, 700)))
    history = []
    for _ in range(draw(st.integers(0, 5))):
        began = start - dt.timedelta(days=draw(st.integers(-30, 900)))
        ended = draw(st.none() | st.integers(0, 400).map(lambda d, b=began: b + dt.timedelta(days=d)))
        outcome = draw(
            st.sampled_from(
                ["effective", "partial", "ongoing"] if ended is None else ["failed", "intolerant", "partial"]
            )
        )
        modality = draw(st.sampled_from(MODALITY_IDS))
        history.append(
            {
                "modality": modality,
                "start": began.isoformat(),
                "end": ended.isoformat() if ended else None,
                "outcome": outcome,
                DOSE_FIELDS[dose_unit_of(modality)]: draw(st.none() | st.integers(0, 5000)),
                "relief_percent": draw(st.none() | st.integers(0, 100)),
                "region": draw(st.sampled_from([None, "lumbar", "cervical"])),
            }
        )
    items = []
    for index in range(draw(st.integers(0, 12))):
        begin = draw(weeks)
        item: dict[str, Any] = {
            "id": f"i{index}",
            "modality": draw(st.sampled_from(MODALITY_IDS)),
            "start_week": begin,
        }
        if draw(st.booleans()):
            item["assess_week"] = begin + draw(st.integers(0, 30))
        if draw(st.booleans()):
            item["end_week"] = begin + draw(st.integers(0, 30))
        if draw(st.booleans()):
            item[DOSE_FIELDS[dose_unit_of(item["modality"])]] = draw(st.integers(1, 5000))
        item["region"] = draw(st.sampled_from([None, "lumbar", "cervical"]))
        if index and draw(st.booleans()):
            item["replaces"] = f"i{draw(st.integers(0, index - 1))}"
        if draw(st.booleans()):
            item["assessed"] = {
                "week": begin,
                "result": "partial",
                "relief_percent": draw(st.integers(0, 100)),
            }
        items.append(item)
    ids = [item["id"] for item in items]
    for item in items:
        if "assessed" in item:
            item["assessed"] = _decided(
                draw, item["assessed"], [other for other in ids if other != item["id"]]
            )
    goal_ids = [f"g{n}" for n in range(draw(st.integers(0, 3)))]
    return {
        "format": "careplanner/1",
        "patient": {
            "id": "P",
            "name": "N",
            "birth_date": (start - dt.timedelta(days=draw(st.integers(6570, 32000)))).isoformat(),
            "conditions": draw(
                st.lists(st.sampled_from(sorted(CATALOG.conditions)), max_size=4, unique=True)
            ),
            "crcl_ml_min": draw(st.none() | st.floats(min_value=0.5, max_value=250) | st.integers(1, 250)),
        },
        "history": history,
        "goals": [{"id": goal_id, "text": f"goal {goal_id}"} for goal_id in goal_ids],
        # in date order, on different days: the order in which the store gives a patient's check-ins back
        "checkins": [
            _checkin(draw, start + dt.timedelta(days=offset), goal_ids, items)
            for offset in sorted(draw(st.sets(st.integers(0, 400), max_size=3)))
        ],
        "plan": {
            "start": start.isoformat(),
            "items": items,
            "reviews": [
                {"week": w} | ({"held": held} if (held := draw(follow_up_dates)) else {})
                for w in draw(st.lists(weeks, max_size=4))
            ],
            "acknowledged": [{"rule": "SEQ-CROWDING", "items": ["i0", "i1"], "reason": "r", "by": "b"}],
        },
    }


@given(plan_documents(), st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2029, 1, 1)))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_generated_plans_load_check_and_round_trip(data: dict[str, Any], as_of: dt.date | None) -> None:
    document = read_plan_text(json.dumps(data), MODALITIES).document
    report = check_plan(document, CATALOG, as_of=as_of)
    refs = {item.id for item in document.plan.items} | {f"history[{i}]" for i in range(len(document.history))}
    for finding in report.findings:
        assert set(finding.items) <= refs
        assert finding.message and finding.source
    assert read_plan_text(plan_to_text(document), MODALITIES).document == document


@given(
    plan_documents(),
    st.text(max_size=20),
    st.text(max_size=12) | st.from_regex(r"history\[[0-9]\]", fullmatch=True),
    st.none() | st.dates(dt.date(2020, 1, 1), dt.date(9999, 12, 31)),
)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_any_accepted_document_can_be_checked_and_printed(
    data: dict[str, Any], name: str, item_id: str, as_of: dt.date | None
) -> None:
    data["patient"]["name"] = name
    if data["plan"]["items"]:
        data["plan"]["items"][0]["id"] = item_id
    try:
        document = read_plan_text(json.dumps(data), MODALITIES).document
    except DocumentError:
        return
    report = check_plan(document, CATALOG, as_of=as_of)
    report_to_text(report, document, CATALOG).encode("utf-8")
    report_to_json(report).encode("utf-8")
