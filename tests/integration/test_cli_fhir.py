"""`careplanner fhir` (a plan as a FHIR R4 Bundle) and `careplanner import-fhir` (stored as a draft)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select

from careplanner.__main__ import main
from careplanner.catalog import default_catalog
from careplanner.documents import read_plan_file
from careplanner.interop.fhir import FhirError, bundle_to_plan, read_bundle_file
from careplanner.resources import examples_dir
from careplanner.store import Store
from careplanner.store.models import PatientRow, PlanRow, RevisionRow

GOOD = examples_dir() / "good-plan.careplan.json"
PROBLEMS = examples_dir() / "plan-with-problems.careplan.json"
CATALOG = default_catalog()

# A Bundle another system could send: valid FHIR R4, but its treatment is coded in SNOMED CT only and
# nothing in it uses careplanner's code systems.
FOREIGN = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:6f1c0f4e-8d7a-4d2b-9c55-0b6f3c1d2a11",
            "resource": {
                "resourceType": "Patient",
                "id": "p1",
                "name": [{"family": "Example", "given": ["Sam"]}],
                "birthDate": "1970-01-01",
            },
        },
        {
            "fullUrl": "urn:uuid:0d3a4e52-1b7c-4f0e-a1d2-7c9e8b6a5f44",
            "resource": {
                "resourceType": "CarePlan",
                "id": "c1",
                "status": "active",
                "intent": "plan",
                "subject": {"reference": "urn:uuid:6f1c0f4e-8d7a-4d2b-9c55-0b6f3c1d2a11"},
                "period": {"start": "2026-01-05"},
                "activity": [
                    {
                        "detail": {
                            "status": "scheduled",
                            "code": {
                                "coding": [
                                    {
                                        "system": "http://snomed.info/sct",
                                        "code": "229070002",
                                        "display": "Stretching exercises",
                                    }
                                ]
                            },
                        }
                    }
                ],
            },
        },
    ],
}


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    status = main(["--database-url", url, "--user", "nurse.cli", *args])
    out, err = capsys.readouterr()
    return status, out, err


def counts(url: str) -> tuple[int, int, int]:
    """Patients, plans and revisions stored."""
    store = Store.open(url, "counter")
    try:
        with store.db.reading() as session:
            return tuple(  # type: ignore[return-value]
                session.scalar(select(func.count()).select_from(model)) or 0
                for model in (PatientRow, PlanRow, RevisionRow)
            )
    finally:
        store.close()


def entries(bundle: dict[str, object], kind: str) -> list[dict[str, object]]:
    return [
        entry["resource"]  # type: ignore[index]
        for entry in bundle["entry"]  # type: ignore[attr-defined]
        if entry["resource"]["resourceType"] == kind  # type: ignore[index]
    ]


def care_plan(bundle: dict[str, object]) -> dict[str, object]:
    (found,) = entries(bundle, "CarePlan")
    return found


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def test_a_plan_file_becomes_a_valid_bundle_without_a_database(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.json"
    status, out, err = run(capsys, url, "fhir", str(PROBLEMS), "-o", str(target))
    assert (status, err) == (0, "") and str(target) in out
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    Bundle.model_validate(data)  # FHIR R4 (the R4B models), strictly
    assert care_plan(data)["status"] == "draft"  # a file has no status of its own
    assert entries(data, "DetectedIssue")  # this plan has findings
    original = read_plan_file(PROBLEMS, CATALOG.modalities.keys()).document
    assert bundle_to_plan(data, CATALOG).document == original
    assert not (tmp_path / "db.sqlite3").exists()  # exporting a file needs no database and makes none


def test_the_same_plan_gives_the_same_bytes(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for target in (first, second):
        assert run(capsys, url, "fhir", str(GOOD), "-o", str(target), "--as-of", "2026-12-01")[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_stored_plan_carries_its_title_status_revision_and_author(  # type: ignore[no-untyped-def]
    capsys, database_url: str, tmp_path: Path
) -> None:
    assert run(capsys, database_url, "import", str(PROBLEMS), "--title", "Review plan")[0] == 0
    store = Store.open(database_url, "nurse.cli")
    try:
        store.save_user_profile("Robin Nurse", "nursing")
        store.set_status(1, "revoked", 1)  # revision 2: same content, another status
    finally:
        store.close()
    newest, first = tmp_path / "newest.json", tmp_path / "first.json"
    assert run(capsys, database_url, "fhir", "1", "-o", str(newest))[0] == 0
    assert run(capsys, database_url, "fhir", "1", "--revision", "1", "-o", str(first))[0] == 0
    newest_data, first_data = json.loads(newest.read_text()), json.loads(first.read_text())
    for data in (newest_data, first_data):
        Bundle.model_validate(data)
    plan = care_plan(newest_data)
    assert plan["status"] == "revoked" and plan["title"] == "Review plan"
    assert "Robin Nurse" in json.dumps(plan["author"])  # the name colleagues know, not the login
    assert [i["value"] for i in plan["identifier"]] == ["1@2"]  # type: ignore[attr-defined, index]
    assert [r["identifier"]["value"] for r in plan["replaces"]] == ["1@1"]  # type: ignore[attr-defined, index]
    first_plan = care_plan(first_data)
    assert first_plan["status"] == "draft" and "replaces" not in first_plan
    assert bundle_to_plan(newest_data, CATALOG).title == "Review plan"


def test_an_exported_bundle_imports_as_a_draft_and_exports_as_the_original(  # type: ignore[no-untyped-def]
    capsys, database_url: str, tmp_path: Path
) -> None:
    bundle = tmp_path / "plan.json"
    assert run(capsys, database_url, "fhir", str(PROBLEMS), "-o", str(bundle))[0] == 0
    status, out, err = run(capsys, database_url, "import-fhir", str(bundle), "--title", "From the clinic")
    assert (status, err) == (0, "")
    assert "Imported plan 1 “From the clinic” for a new patient" in out and "a draft" in out
    assert counts(database_url) == (1, 1, 1)
    target = tmp_path / "back.careplan.json"
    assert run(capsys, database_url, "export", "1", "--plan-json", str(target))[0] == 0
    assert json.loads(target.read_text()) == json.loads(PROBLEMS.read_text())
    status, out, _ = run(capsys, database_url, "import-fhir", str(bundle))  # the same patient again
    assert status == 0 and "for an existing patient" in out and "0 history entries and 0 check-ins" in out
    assert counts(database_url) == (1, 2, 2)


def test_an_active_plan_is_imported_as_a_draft_and_the_user_told(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path
) -> None:
    run(capsys, url, "import", str(GOOD), "--title", "Walking plan")
    store = Store.open(url, "nurse.cli")
    try:
        store.set_status(1, "revoked", 1)
    finally:
        store.close()
    bundle = tmp_path / "plan.json"
    assert run(capsys, url, "fhir", "1", "-o", str(bundle))[0] == 0
    status, out, _ = run(capsys, url, "import-fhir", str(bundle))
    assert status == 0 and "“Walking plan”" in out  # the CarePlan's title, none being given
    assert "The Bundle gives the plan as revoked; it is stored as a draft" in out
    store = Store.open(url, "nurse.cli")
    try:
        assert store.plan_summary(2).status == "draft" and store.load_revision(2).info.status == "draft"
    finally:
        store.close()


def _refused_bundles(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Files import-fhir refuses, each with words its refusal must hold."""
    exported = json.loads((tmp_path / "good.json").read_text())
    both = copy.deepcopy(exported)
    activity = care_plan(both)["activity"][0]  # type: ignore[index]
    activity["reference"] = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    unknown = copy.deepcopy(exported)
    detail = care_plan(unknown)["activity"][0]["detail"]  # type: ignore[index]
    detail["code"]["coding"][0]["code"] = "no-such-treatment"
    made = {
        "foreign.json": (FOREIGN, "Bundle.entry[1].resource"),  # the CarePlan
        "both.json": (both, "activity[0]"),
        "unknown.json": (unknown, "activity[0].detail.code"),
        "not-a-bundle.json": (json.loads(GOOD.read_text()), "Bundle.resourceType"),
    }
    files = {}
    for name, (data, words) in made.items():
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
        files[name] = (tmp_path / name, words)
    (tmp_path / "broken.json").write_text('{"resourceType": "Bundle",', encoding="utf-8")
    files["broken.json"] = (tmp_path / "broken.json", "not valid JSON")
    (tmp_path / "huge.json").write_bytes(b" " * (8 * 1024 * 1024 + 1))
    files["huge.json"] = (tmp_path / "huge.json", "larger than 8 MB")
    files["missing.json"] = (tmp_path / "missing.json", "cannot be read")
    return files


def test_a_refused_bundle_stores_nothing_and_names_the_element(  # type: ignore[no-untyped-def]
    capsys, database_url: str, tmp_path: Path
) -> None:
    Bundle.model_validate(FOREIGN)  # valid FHIR: refused for what it means, not for its shape
    assert run(capsys, database_url, "fhir", str(GOOD), "-o", str(tmp_path / "good.json"))[0] == 0
    assert run(capsys, database_url, "import", str(PROBLEMS))[0] == 0  # the database holds something
    before = counts(database_url)
    for name, (path, words) in _refused_bundles(tmp_path).items():
        status, out, err = run(capsys, database_url, "import-fhir", str(path))
        assert (status, out) == (2, ""), name
        assert words in err and "Nothing was stored" in err, (name, err)
        with pytest.raises(FhirError):  # the window reads the same way and refuses the same files
            bundle_to_plan(read_bundle_file(path), CATALOG)
    assert counts(database_url) == before


def test_a_refused_bundle_creates_no_database(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(FOREIGN), encoding="utf-8")
    status, out, _ = run(capsys, url, "import-fhir", str(foreign))
    assert (status, out) == (2, "") and not (tmp_path / "db.sqlite3").exists()
    status, out, err = run(capsys, url, "import-fhir", str(foreign), "--title", "x" * 201)
    assert (status, out) == (2, "") and "at most 200" in err and not (tmp_path / "db.sqlite3").exists()


def test_every_export_refusal_exits_2_and_writes_nothing(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    bad = tmp_path / "bad.careplan.json"
    bad.write_text("{}", encoding="utf-8")
    refusals = [
        (["fhir", "nonsense", "-o", str(target)], "neither a file nor a plan id"),
        (["fhir", "12", "-o", str(target)], "there is no database at"),  # and none is made
        (["fhir", str(bad), "-o", str(target)], "format: missing"),
        (["fhir", str(GOOD), "--revision", "2", "-o", str(target)], "--revision is for a stored plan"),
        (["fhir", str(GOOD), "-o", str(tmp_path / "no-folder" / "out.json")], "does not exist"),
        (["fhir", str(GOOD), "-o", str(tmp_path)], "it is a directory"),
    ]
    for arguments, words in refusals:
        status, out, err = run(capsys, url, *arguments)
        assert (status, out) == (2, "") and words in err, (arguments, err)
    assert not (tmp_path / "db.sqlite3").exists()
    run(capsys, url, "import", str(GOOD))
    for arguments, words in (
        (["fhir", "42", "-o", str(target)], "no plan with id 42"),
        (["fhir", "1", "--revision", "9", "-o", str(target)], "plan 1 has no revision 9"),
    ):
        status, out, err = run(capsys, url, *arguments)
        assert (status, out) == (2, "") and words in err and "Nothing was written" in err, err
    assert not target.exists() and list(tmp_path.glob(".out.json.*")) == []


def test_a_plan_without_a_title_is_stored_under_a_plain_one(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "plan.json"
    assert run(capsys, url, "fhir", str(GOOD), "-o", str(bundle))[0] == 0  # a file: no title
    status, out, _ = run(capsys, url, "import-fhir", str(bundle), "--title", "   ")
    assert status == 0 and "“Imported plan”" in out
    spaced = json.loads(bundle.read_text())
    care_plan(spaced)["title"] = "  Back   pain  "
    bundle.write_text(json.dumps(spaced), encoding="utf-8")
    status, out, _ = run(capsys, url, "import-fhir", str(bundle))
    assert status == 0 and "“Back pain”" in out


def test_what_an_import_added_is_counted_in_words() -> None:
    from careplanner.cli.store_commands import added_words

    assert added_words(1, 1) == "1 history entry and 1 check-in added"
    assert added_words(0, 2) == "0 history entries and 2 check-ins added"


def test_a_title_with_a_control_character_is_refused_like_the_windows(  # type: ignore[no-untyped-def]
    capsys, url: str, tmp_path: Path
) -> None:
    bundle = tmp_path / "plan.json"
    assert run(capsys, url, "fhir", str(GOOD), "-o", str(bundle))[0] == 0
    for title in ("Bell\x07plan", "Escape\x1b[31m", "Delete\x7f", "Back\x08space"):
        status, out, err = run(capsys, url, "import-fhir", str(bundle), "--title", title)
        assert (status, out) == (2, "") and "control character U+00" in err and "Nothing was stored" in err
    assert not (tmp_path / "db.sqlite3").exists()
    status, out, _ = run(capsys, url, "import-fhir", str(bundle), "--title", "Tabs\tand\nlines")
    assert status == 0 and "“Tabs and lines”" in out  # white space is folded into spaces, as before


def test_two_stored_plans_of_one_patient_and_two_revisions_have_ids_of_their_own(  # type: ignore[no-untyped-def]
    capsys, database_url: str, tmp_path: Path
) -> None:
    for _ in range(2):
        assert run(capsys, database_url, "import", str(PROBLEMS))[0] == 0  # plans 1 and 2 of one patient
    store = Store.open(database_url, "nurse.cli")
    try:
        store.set_status(1, "revoked", 1)  # plan 1, revision 2
    finally:
        store.close()
    exported = {}
    for plan_id, revision in (("1", "1"), ("1", "2"), ("2", "1")):
        target = tmp_path / f"{plan_id}-{revision}.json"
        assert run(capsys, database_url, "fhir", plan_id, "--revision", revision, "-o", str(target))[0] == 0
        exported[plan_id, revision] = json.loads(target.read_text())
    plan_ids = {key: care_plan(data)["id"] for key, data in exported.items()}
    bundle_ids = {key: data["id"] for key, data in exported.items()}
    assert len(set(plan_ids.values())) == 3 and len(set(bundle_ids.values())) == 3
    patients = {entries(data, "Patient")[0]["id"] for data in exported.values()}
    assert len(patients) == 1  # one patient throughout
    again = tmp_path / "again.json"
    assert run(capsys, database_url, "fhir", "1", "--revision", "2", "-o", str(again))[0] == 0
    assert json.loads(again.read_text()) == exported["1", "2"]  # still the same bytes each time


def test_a_plan_text_fhir_cannot_hold_is_named_and_nothing_written(capsys, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(PROBLEMS.read_text())
    data["plan"]["items"][1]["notes"] = "pasted\x07bell"
    source, target = tmp_path / "bell.careplan.json", tmp_path / "out.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    status, out, err = run(capsys, url, "fhir", str(source), "-o", str(target))
    assert (status, out) == (2, "") and "plan.items[1].notes: holds the control character U+0007" in err
    assert not target.exists()
