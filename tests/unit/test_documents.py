"""Reading and writing *.careplan.json exactly as docs/plan-format.md specifies."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from careplanner.documents import DocumentError, plan_to_text, read_plan_file, read_plan_text, write_plan_file
from careplanner.resources import examples_dir
from tests.builders import CATALOG

MODALITIES = CATALOG.modalities.keys()


def valid() -> dict[str, Any]:
    return json.loads((examples_dir() / "good-plan.careplan.json").read_text())


def refusal(data: object) -> str:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(DocumentError) as raised:
        read_plan_text(text, MODALITIES)
    return str(raised.value)


def changed(path: str, value: object) -> dict[str, Any]:
    """A valid document with one field (dotted path, list indices as numbers) set to `value`."""
    data = valid()
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"a": 1, "a": 2}', 'the key "a" appears twice'),
        ("[1, 2]", "must be a JSON object"),
        ('{"format": NaN}', "NaN is not allowed"),
        (changed("format", "careplanner/2"), 'format: "careplanner/2" is not a format this program reads'),
        (
            changed("plan.items.0.modality", "laser-therapy"),
            'plan.items[0].modality: unknown modality "laser-therapy"',
        ),
        (
            changed("history.0.modality", "laser-therapy"),
            'history[0].modality: unknown modality "laser-therapy"',
        ),
        (changed("plan.items.1.id", "i1"), 'plan.items[1].id: duplicate item id "i1"'),
        (changed("plan.items.0.start_week", 1.5), "plan.items[0].start_week: must be a whole number"),
        (changed("plan.items.0.start_week", -1), "plan.items[0].start_week: -1 is below the minimum of 0"),
        (changed("plan.items.0.start_week", True), "plan.items[0].start_week: must be a whole number"),
        (changed("plan.items.2.assess_week", 5), "plan.items[2].assess_week: week 5 is before start_week 6"),
        (changed("plan.items.2.end_week", 4), "plan.items[2].end_week: week 4 is before start_week 6"),
        (changed("plan.items.2.replaces", "i9"), 'plan.items[2].replaces: "i9" names no plan item'),
        (
            changed("plan.items.2.replaces", "gabapentin"),
            "plan.items[2].replaces",
        ),  # history, but not ongoing
        (changed("plan.items.2.replaces", "i3"), "plan.items[2].replaces: an item cannot replace itself"),
        (changed("history.0.end", "2024-01-01"), "history[0].end: 2024-01-01 is before start 2024-02-01"),
        (changed("history.1.end", None), "history[1].end: a treatment ended as failed must have an end date"),
        (
            changed("history.2.end", None),
            "history[2].end: a treatment ended as intolerant must have an end date",
        ),
        (
            changed("history.0.relief_percent", 101),
            "history[0].relief_percent: 101 is above the maximum of 100",
        ),
        (changed("history.0.relief_percent", -5), "history[0].relief_percent: -5 is below the minimum of 0"),
        (changed("plan.start", "2026-02-30"), 'plan.start: "2026-02-30" is not a real date'),
        (changed("plan.start", "07/12/2026"), 'plan.start: "07/12/2026" is not a date (YYYY-MM-DD)'),
        (changed("patient.birth_date", 19680514), "patient.birth_date: must be text"),
        (changed("plan.items.0.goal_ids", ["g7"]), 'plan.items[0].goal_ids[0]: no goal with id "g7"'),
        (changed("baseline.peg.pain", 11), "baseline.peg.pain: 11 is above the maximum of 10"),
        (changed("history.0.outcome", "great"), 'history[0].outcome: "great" is not one of'),
        (changed("plan.items", {"i1": {}}), "plan.items: must be a list"),
        (changed("plan.items.0.assess_week", 6.5), "plan.items[0].assess_week: must be a whole number"),
        (changed("plan.items.0.end_week", "8"), "plan.items[0].end_week: must be a whole number"),
        (changed("plan.reviews.0.week", -2), "plan.reviews[0].week: -2 is below the minimum of 0"),
        (
            changed("plan.items.0.start_week", 10**9),
            "plan.items[0].start_week: 1000000000 is above the maximum",
        ),
        (
            changed("plan.start", "9999-12-01"),
            "plan.items[0].assess_week: week 6 falls after 9999-12-31, the end of the calendar",
        ),
        (
            changed("plan.items.0.id", "history[0]"),
            'plan.items[0].id: "history[0]" is reserved for history entries',
        ),
        (
            changed("plan.items.0.id", "a\ud800"),
            "plan.items[0].id: contains a character that is not valid Unicode",
        ),
        (
            changed("patient.name", "Ada \udc00"),
            "patient.name: contains a character that is not valid Unicode",
        ),
        (changed("plan.items.2.region", ""), "plan.items[2].region: must not be empty"),
    ],
)
def test_bad_input_is_refused_naming_the_field(data: object, expected: str) -> None:
    assert expected in refusal(data)


def test_every_problem_is_reported_not_only_the_first() -> None:
    data = changed("plan.items.0.start_week", -1)
    data["plan"]["items"][1]["modality"] = "nope"
    message = refusal(data)
    assert "plan.items[0].start_week" in message and "plan.items[1].modality" in message


def test_missing_required_fields_are_named() -> None:
    data = valid()
    del data["patient"]["birth_date"]
    del data["plan"]["start"]
    message = refusal(data)
    assert "patient.birth_date: missing" in message and "plan.start: missing" in message


def test_history_outside_the_catalog_needs_a_name() -> None:
    assert "history[0].name: missing" in refusal(changed("history.0.modality", "other"))
    data = changed("history.0.modality", "other")
    data["history"][0]["name"] = "Transcutaneous nerve stimulation"
    assert (
        read_plan_text(json.dumps(data), MODALITIES).document.history[0].name
        == "Transcutaneous nerve stimulation"
    )


def test_unknown_fields_are_ignored_with_a_note() -> None:
    data = valid()
    data["exported_by"] = "another tool"
    data["plan"]["items"][0]["colour"] = "blue"
    result = read_plan_text(json.dumps(data), MODALITIES)
    assert [str(note) for note in result.notes] == [
        "exported_by: unknown field ignored",
        "plan.items[0].colour: unknown field ignored",
    ]


def test_replaces_may_name_an_ongoing_history_modality() -> None:
    data = valid()
    data["history"].append({"modality": "naproxen", "start": "2026-01-01", "end": None, "outcome": "ongoing"})
    data["plan"]["items"][0]["replaces"] = "naproxen"
    assert read_plan_text(json.dumps(data), MODALITIES).document.plan.items[0].replaces == "naproxen"


@pytest.mark.parametrize("name", ["good-plan.careplan.json", "plan-with-problems.careplan.json"])
def test_write_then_read_gives_the_same_document(name: str, tmp_path: Path) -> None:
    original = read_plan_file(examples_dir() / name, MODALITIES).document
    target = tmp_path / "copy.careplan.json"
    write_plan_file(original, target)
    assert read_plan_file(target, MODALITIES).document == original
    assert json.loads(target.read_text()) == json.loads((examples_dir() / name).read_text())


def test_writing_is_deterministic() -> None:
    document = read_plan_file(examples_dir() / "good-plan.careplan.json", MODALITIES).document
    assert plan_to_text(document) == plan_to_text(copy.deepcopy(document))


def test_a_missing_file_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot be read"):
        read_plan_file(tmp_path / "absent.careplan.json", MODALITIES)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.careplan.json"
    path.write_bytes('{"format": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        read_plan_file(path, MODALITIES)


def test_a_failed_write_leaves_the_old_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = read_plan_file(examples_dir() / "good-plan.careplan.json", MODALITIES).document
    target = tmp_path / "plan.careplan.json"
    target.write_text("old contents")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    with pytest.raises(OSError):
        write_plan_file(document, target)
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.careplan.json"]


def test_whole_numbers_written_with_a_decimal_point_are_accepted() -> None:
    data = changed("plan.items.0.start_week", 0.0)
    data["plan"]["items"][0]["assess_week"] = 6.0
    item = read_plan_text(json.dumps(data), MODALITIES).document.plan.items[0]
    assert (item.start_week, item.assess_week) == (0, 6)
    assert isinstance(item.assess_week, int)


def test_replaces_cannot_name_a_treatment_outside_the_catalog() -> None:
    data = valid()
    data["history"].append(
        {"modality": "other", "name": "TENS", "start": "2026-01-01", "end": None, "outcome": "ongoing"}
    )
    data["plan"]["items"][0]["replaces"] = "other"
    assert 'plan.items[0].replaces: "other" names no plan item' in refusal(data)
