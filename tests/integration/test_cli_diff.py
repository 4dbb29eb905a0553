"""`careplanner diff A B`: plan files and stored revisions (ID@REVISION), text and JSON; each refusal says
what is wrong on standard error, exits 2 and prints nothing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from careplanner.__main__ import main
from careplanner.documents import write_plan_file
from careplanner.domain import PlanDocument
from careplanner.store import PlanContent, Store
from tests.builders import document, foundation, item

ROOT = Path(__file__).resolve().parents[2]


def before_plan() -> PlanDocument:
    return document([*foundation(), item("pt", "physical-therapy", 8, 14)])


def after_plan() -> PlanDocument:
    moved = tuple(
        dataclasses.replace(i, start_week=10) if i.id == "pt" else i for i in before_plan().plan.items
    )
    return dataclasses.replace(before_plan(), plan=dataclasses.replace(before_plan().plan, items=moved))


MOVED = "Physical therapy moved from week 8 (1 Feb 2027) to week 10 (15 Feb 2027)"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'clinic.sqlite3'}"


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.careplan.json", tmp_path / "new.careplan.json"
    write_plan_file(before_plan(), old)
    write_plan_file(after_plan(), new)
    return str(old), str(new)


@pytest.fixture
def stored(url: str) -> int:
    """A plan saved twice (the move), then made active (revision 3): returns its id."""
    store = Store.open(url, "setup")
    try:
        patient = store.create_patient(before_plan().patient)
        plan_id = store.create_plan(patient.id, PlanContent.of(before_plan()), "First plan").plan_id
        store.save_revision(plan_id, PlanContent.of(after_plan()), base=1)
        store.set_status(plan_id, "active", base=2)
    finally:
        store.close()
    return plan_id


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "diff", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_two_files_in_text(capsys, url: str, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    status, out, err = run(capsys, url, *files)
    assert (status, err) == (0, "")
    assert out == f"What changed from {files[0]} to {files[1]}:\n- {MOVED}\n"


def test_two_files_in_json(capsys, url: str, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run(capsys, url, *files, "--format", "json")
    assert status == 0
    assert json.loads(out) == {"changes": [{"kind": "item-moved", "item": "pt", "text": MOVED}]}


def test_no_difference(capsys, url: str, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run(capsys, url, files[0], files[0])
    assert status == 0 and out.endswith(":\nNo differences.\n")
    status, out, _ = run(capsys, url, files[0], files[0], "--format", "json")
    assert (status, json.loads(out)) == (0, {"changes": []})


def test_stored_revisions_compare_with_their_status(capsys, url: str, stored: int) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run(capsys, url, f"{stored}@1", f"{stored}@3")
    assert status == 0
    assert out == (
        f"What changed from plan {stored} revision 1 to plan {stored} revision 3:\n"
        f"- Status: draft → active\n- {MOVED}\n"
    )
    status, out, _ = run(capsys, url, f"{stored}@2", f"{stored}@3", "--format", "json")
    assert json.loads(out) == {
        "changes": [{"kind": "status", "item": None, "text": "Status: draft → active"}]
    }


def test_a_stored_revision_against_a_file(capsys, url: str, stored: int, files: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run(capsys, url, files[0], f"{stored}@2")
    assert status == 0 and out.endswith(f"- {MOVED}\n")


def refused(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> str:
    status, out, err = run(capsys, url, *args)
    assert (status, out) == (2, "")
    return err


def test_a_missing_file_is_named(capsys, url: str, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nowhere.careplan.json"
    assert f"{missing}: there is no such file" in refused(capsys, url, files[0], str(missing))


def test_a_refused_document_says_where(capsys, url: str, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.careplan.json"
    bad.write_text(Path(files[0]).read_text().replace('"start_week": 8', '"start_week": "eight"'))
    err = refused(capsys, url, files[0], str(bad))
    assert f"{bad} was refused" in err and "start_week" in err


def test_unknown_plan_and_revision(capsys, url: str, stored: int) -> None:  # type: ignore[no-untyped-def]
    assert "there is no plan with id 999" in refused(capsys, url, "999@1", f"{stored}@1")
    assert f"plan {stored} has no revision 7" in refused(capsys, url, f"{stored}@1", f"{stored}@7")


@pytest.mark.parametrize("text", ["12@", "@3", "1@x", "a@b@c", "1@0", "0@1", "1@99999999999999999999"])
def test_a_malformed_reference(capsys, url: str, stored: int, text: str) -> None:  # type: ignore[no-untyped-def]
    err = refused(capsys, url, f"{stored}@1", text)
    assert f'"{text}"' in err and ("ID@REVISION" in err or "whole numbers from 1" in err)


def test_a_database_that_does_not_exist_is_not_created(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "none.sqlite3"
    err = refused(capsys, f"sqlite:///{path}", "1@1", "1@2")
    assert "there is no database" in err and not path.exists()


def test_plans_of_two_patients_are_refused(capsys, url: str, files: tuple[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.careplan.json"
    patient = dataclasses.replace(before_plan().patient, id="T-2")
    write_plan_file(dataclasses.replace(before_plan(), patient=patient), other)
    assert "different patients" in refused(capsys, url, files[0], str(other))
