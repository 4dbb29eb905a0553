"""Input the reader must refuse plainly, with the field's path: numbers too large, dates past the calendar,
nesting too deep, files that are not regular files or too large, text too long, lists too long."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from careplanner.checks import check_plan
from careplanner.documents import DocumentError, read_plan_data, read_plan_file, read_plan_text
from careplanner.documents.limits import (
    GOAL_LENGTH,
    ID_LENGTH,
    MAX_ACKNOWLEDGED_ITEMS,
    MAX_ACKNOWLEDGEMENTS,
    MAX_CHECKINS,
    MAX_CONDITIONS,
    MAX_DOCUMENT_BYTES,
    MAX_GOAL_LINKS,
    MAX_GOALS,
    MAX_HISTORY,
    MAX_ITEMS,
    MAX_NESTING,
    MAX_REVIEWS,
    NAME_LENGTH,
    NOTE_LENGTH,
    SEX_LENGTH,
)
from careplanner.resources import examples_dir
from tests.builders import CATALOG

MODALITIES = CATALOG.modalities.keys()
GOOD_TEXT = (examples_dir() / "good-plan.careplan.json").read_text()
ACKNOWLEDGEMENT = {"rule": "SEQ-CROWDING", "items": ["i1", "i2"], "reason": "booked", "by": "dr.lee"}


def valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOOD_TEXT)
    data["plan"]["acknowledged"] = [json.loads(json.dumps(ACKNOWLEDGEMENT))]
    return data


def refusal_of_text(text: str) -> str:
    with pytest.raises(DocumentError) as raised:
        read_plan_text(text, MODALITIES)
    return str(raised.value)


def refusal(data: object) -> str:
    return refusal_of_text(json.dumps(data))


def at(data: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The container and key of a dotted path (list indices as numbers) inside `data`."""
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    return target, int(last) if last.isdigit() else last


def changed(path: str, value: object) -> dict[str, Any]:
    data = valid()
    target, key = at(data, path)
    target[key] = value
    return data


# -- numbers -------------------------------------------------------------------------------------------------

BEYOND = "the number is beyond ±1.7e308"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"start_week": 0', '"start_week": 1' + "0" * 400, f"plan.items[0].start_week: {BEYOND}"),
        ('"start_week": 0', '"start_week": 1e400', f"plan.items[0].start_week: {BEYOND}"),
        ('"start_week": 0', '"start_week": -1e400', f"plan.items[0].start_week: {BEYOND}"),
        (
            '"dose_mg_per_day": 60',
            '"dose_mg_per_day": ' + "9" * 5000,
            f"plan.items[0].dose_mg_per_day: {BEYOND}",
        ),
        ('"relief_percent": 20', '"relief_percent": 1.75e308', f"history[0].relief_percent: {BEYOND}"),
        ('"relief_percent": 20', '"relief_percent": NaN', "history[0].relief_percent: NaN is not allowed"),
        ('"sleep": 4', '"sleep": Infinity', f"baseline.sleep: {BEYOND}"),
        ('"sleep": 4', '"sleep": 4, "extra": [[{"deep": -1e999}]]', f"baseline.extra[0][0].deep: {BEYOND}"),
        ('"format"', '"unknown": 1' + "0" * 400 + ', "format"', f"unknown: {BEYOND}"),
        ('"format"', '"unknown": -Infinity, "format"', f"unknown: {BEYOND}"),
    ],
)
def test_numbers_too_large_for_a_float_are_refused_with_their_path(old: str, new: str, expected: str) -> None:
    assert old in GOOD_TEXT
    assert expected in refusal_of_text(GOOD_TEXT.replace(old, new, 1))


def test_numbers_up_to_the_limit_are_read() -> None:
    data = valid()
    data["unknown"] = [1.7e308, -1.7e308, 10**300]
    assert read_plan_text(json.dumps(data), MODALITIES).notes


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**400, -(10**400)])
def test_numbers_too_large_are_refused_when_the_document_comes_from_the_database(value: object) -> None:
    with pytest.raises(DocumentError, match=r"plan\.items\[1\]\.dose_mg_per_day: "):
        read_plan_data(changed("plan.items.1.dose_mg_per_day", value), MODALITIES)


# -- dates at the end of the calendar ------------------------------------------------------------------------

LATE = "falls after 9999-12-31, the end of the calendar (the plan starts 9999-12-01)"


def late_plan() -> dict[str, Any]:
    """A plan starting 9999-12-01 whose weeks all fall in the calendar (week 4 is 9999-12-29)."""
    data = valid()
    data["plan"]["start"] = "9999-12-01"
    data["plan"]["items"] = [{"id": "i1", "modality": "duloxetine", "start_week": 0, "assess_week": 4}]
    data["plan"]["reviews"] = [{"week": 4}]
    data["plan"]["acknowledged"] = []
    for goal in data["goals"]:
        goal["target_week"] = 4
    return data


@pytest.mark.parametrize(
    "path",
    ["plan.items.0.start_week", "plan.items.0.assess_week", "plan.reviews.0.week", "goals.1.target_week"],
)
def test_a_week_after_the_end_of_the_calendar_is_refused_with_its_path(path: str) -> None:
    data = late_plan()
    target, key = at(data, path)
    target[key] = 10
    if path.endswith("start_week"):
        data["plan"]["items"][0]["assess_week"] = 10
    shown = path.replace(".0.", "[0].").replace(".1.", "[1].")
    assert f"{shown}: week 10 {LATE}" in refusal(data)


def test_the_last_weeks_of_the_calendar_are_read_and_checked() -> None:
    document = read_plan_text(json.dumps(late_plan()), MODALITIES).document
    check_plan(document, CATALOG, as_of=document.plan.start)


# -- nesting -------------------------------------------------------------------------------------------------


def nested(depth: int) -> object:
    value: object = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_nesting_up_to_the_limit_is_read() -> None:
    data = valid()
    data["unknown"] = nested(MAX_NESTING - 1)  # the document itself is the first level
    assert read_plan_text(json.dumps(data), MODALITIES).notes


def test_nesting_beyond_the_limit_is_refused_with_its_path() -> None:
    data = valid()
    data["unknown"] = nested(MAX_NESTING)
    assert f"unknown{'[0]' * (MAX_NESTING - 1)}: nested more than {MAX_NESTING} levels deep" in refusal(data)


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_nesting_deeper_than_python_can_parse_is_refused(text: str) -> None:
    assert "nested more than" in refusal_of_text(text)


def test_nesting_of_any_depth_from_the_database_is_refused_without_recursion() -> None:
    with pytest.raises(DocumentError, match="nested more than"):
        read_plan_data({"plan": nested(200_000)}, MODALITIES)


# -- files ---------------------------------------------------------------------------------------------------


def read_within(path: Path, seconds: float) -> str:
    """The refusal of `path`, failing (not hanging) if reading takes longer than `seconds`."""
    outcome: list[str] = []

    def read() -> None:
        try:
            read_plan_file(path, MODALITIES)
            outcome.append("accepted")
        except DocumentError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    assert outcome, f"reading {path} did not finish within {seconds} s"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.careplan.json"
    os.mkfifo(pipe)
    assert "it is a named pipe (FIFO), not a plan document file" in read_within(pipe, 10)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    assert "it is a device, not a plan document file" in read_within(Path("/dev/zero"), 10)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert "it is a directory, not a plan document file" in read_within(tmp_path, 10)


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "padded.careplan.json"
    body = GOOD_TEXT.encode()
    path.write_bytes(body + b" " * (MAX_DOCUMENT_BYTES - len(body)))
    read_plan_file(path, MODALITIES)
    path.write_bytes(body + b" " * (MAX_DOCUMENT_BYTES + 1 - len(body)))
    assert "the file is larger than 8 MB, the limit for a plan document" in read_within(path, 10)


def test_a_huge_sparse_file_is_refused_after_reading_only_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.careplan.json"
    with path.open("wb") as stream:
        stream.truncate(64 * 1024**3)
    assert "larger than 8 MB" in read_within(path, 10)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the document is empty"),
        (b" \n\t ", "the document is empty"),
        (b"\xef\xbb\xbf" + GOOD_TEXT.encode(), "starts with a byte order mark (BOM)"),
        ("\ufeff".encode("utf-16-le") + GOOD_TEXT.encode("utf-16-le"), "the file is UTF-16 text"),
        (GOOD_TEXT.replace("Alex", "Al\xe9x").encode("latin-1"), "not UTF-8 text (byte "),
        (b"[]", "the document must be a JSON object, not a list"),
        (b"null", "the document must be a JSON object, not null"),
        (b'"a plan"', "the document must be a JSON object, not text"),
        (b"{", "not valid JSON: Expecting property name"),
    ],
)
def test_files_that_are_not_a_document_are_refused_plainly(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "plan.careplan.json"
    path.write_bytes(content)
    assert expected in read_within(path, 10)


def test_a_text_starting_with_a_byte_order_mark_is_refused() -> None:
    assert "byte order mark" in refusal_of_text("\ufeff" + GOOD_TEXT)


# -- text and lists too long ---------------------------------------------------------------------------------

TEXT_FIELDS = [
    ("patient.id", ID_LENGTH),
    ("patient.name", NAME_LENGTH),
    ("patient.sex", SEX_LENGTH),
    ("patient.conditions.0", ID_LENGTH),
    ("history.0.modality", ID_LENGTH),
    ("history.0.name", NAME_LENGTH),
    ("history.0.region", ID_LENGTH),
    ("history.0.reason", NOTE_LENGTH),
    ("goals.0.id", ID_LENGTH),
    ("goals.0.text", GOAL_LENGTH),
    ("plan.items.0.id", ID_LENGTH),
    ("plan.items.0.modality", ID_LENGTH),
    ("plan.items.0.region", ID_LENGTH),
    ("plan.items.0.replaces", ID_LENGTH),
    ("plan.items.0.goal_ids.0", ID_LENGTH),
    ("plan.items.0.notes", NOTE_LENGTH),
    ("plan.items.0.assessed.note", NOTE_LENGTH),
    ("plan.reviews.0.note", NOTE_LENGTH),
    ("plan.acknowledged.0.rule", ID_LENGTH),
    ("plan.acknowledged.0.items.0", ID_LENGTH),
    ("plan.acknowledged.0.reason", NOTE_LENGTH),
    ("plan.acknowledged.0.by", NAME_LENGTH),
]


def shown_path(path: str) -> str:
    parts = path.split(".")
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in parts).lstrip(".")


@pytest.mark.parametrize(("path", "limit"), TEXT_FIELDS)
def test_text_longer_than_its_limit_is_refused_naming_the_field_and_the_limit(path: str, limit: int) -> None:
    data = valid()
    data["plan"]["items"][0]["assessed"] = {"week": 6, "result": "effective"}
    target, key = at(data, path)
    target[key] = "a" * (limit + 1)
    message = refusal(data)
    assert f"{shown_path(path)}: too long: {limit + 1} characters (the limit is {limit})" in message
    assert len(message) < 1000, "the message must not repeat the text"


LISTS = [
    ("patient.conditions", "ckd", MAX_CONDITIONS),
    ("history", None, MAX_HISTORY),
    ("goals", None, MAX_GOALS),
    ("checkins", {"date": "2026-12-01"}, MAX_CHECKINS),
    ("plan.items", None, MAX_ITEMS),
    ("plan.items.0.goal_ids", "g1", MAX_GOAL_LINKS),
    ("plan.reviews", {"week": 1}, MAX_REVIEWS),
    ("plan.acknowledged", ACKNOWLEDGEMENT, MAX_ACKNOWLEDGEMENTS),
    ("plan.acknowledged.0.items", "i1", MAX_ACKNOWLEDGED_ITEMS),
]


@pytest.mark.parametrize(("path", "entry", "limit"), LISTS)
def test_lists_longer_than_their_limit_are_refused_naming_the_list_and_the_limit(
    path: str, entry: object, limit: int
) -> None:
    data = valid()
    target, key = at(data, path)
    entry = entry if entry is not None else target[key][0]
    target[key] = [entry] * (limit + 1)
    assert f"{shown_path(path)}: too many entries: {limit + 1} (the limit is {limit})" in refusal(data)


@pytest.mark.parametrize("path", ["patient.name", "plan.items.0.notes", "plan.acknowledged.0.items.0"])
def test_text_with_a_nul_character_is_refused(path: str) -> None:
    assert f"{shown_path(path)}: contains a NUL character (\\u0000)" in refusal(changed(path, "a\x00b"))


def test_an_eight_megabyte_id_is_refused_at_once() -> None:
    began = time.perf_counter()
    message = refusal(changed("patient.id", "x" * 8_000_000))
    assert "patient.id: too long: 8000000 characters (the limit is 64)" in message
    assert time.perf_counter() - began < 2


def test_ten_thousand_history_entries_are_refused() -> None:
    data = valid()
    data["history"] = data["history"][:1] * 10_000
    assert f"history: too many entries: 10000 (the limit is {MAX_HISTORY})" in refusal(data)


# -- messages stay short -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "plan.items.0.start_week",
            "9" * 100_000,
            "plan.items[0].start_week: must be a whole number, not text",
        ),
        ("plan.start", "2" * 100_000, 'plan.start: "222'),
        ("history.0.outcome", "z" * 100_000, 'history[0].outcome: "zzz'),
        ("format", "f" * 100_000, 'format: "fff'),
        ("plan.items.1.id", "i1\n\nplan.items[9]: forged", "plan.items[1].id: duplicate"),
    ],
)
def test_a_message_never_repeats_a_long_or_multi_line_value(path: str, value: str, expected: str) -> None:
    data = changed(path, value)
    if path == "plan.items.1.id":
        data["plan"]["items"][0]["id"] = value
    message = refusal(data)
    assert expected in message
    assert len(message) < 1000 and "\n\n" not in message


def test_unknown_fields_are_noted_with_short_names_and_counted_beyond_twenty() -> None:
    data = valid()
    data["plan"] |= {f"{n}" + "k" * 10_000: n for n in range(100)}
    notes = [str(note) for note in read_plan_text(json.dumps(data), MODALITIES).notes]
    assert len(notes) == 21 and notes[-1] == "... and 80 more unknown fields ignored"
    assert all(len(note) < 200 for note in notes)
