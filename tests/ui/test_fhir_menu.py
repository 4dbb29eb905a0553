"""File ▸ Export as FHIR bundle… and Import FHIR bundle…: out, back in as a draft, and refusals explained."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from careplanner.catalog import default_catalog
from careplanner.documents import read_plan_file
from careplanner.domain import Patient
from careplanner.editing import default_templates, operations
from careplanner.interop.fhir import bundle_to_plan, bundle_to_text, plan_to_bundle
from careplanner.resources import examples_dir
from careplanner.ui import dialogs
from careplanner.ui.window import fhir_actions
from careplanner.ui.window.main_window import MainWindow

CATALOG = default_catalog()
EVE = Patient("T-7", "Eve Example", dt.date(1970, 7, 7), "female", ("chronic-low-back-pain",))
TEMPLATE = next(t for t in default_templates() if t.id == "low-back-radicular")
PROBLEMS = read_plan_file(
    examples_dir() / "plan-with-problems.careplan.json", CATALOG.modalities.keys()
).document


def a_saved_plan(window: MainWindow) -> None:
    patient_id = window.controller.store.create_patient(EVE).id
    window.controller.open_patient(patient_id)
    window.controller.apply_template(TEMPLATE)
    window.controller.workspace.rename("Back pain, first stage")
    assert window.controller.save()


def choose_save_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    suggested: list[str] = []

    def choose(parent: object, caption: str, name: str, filters: str) -> tuple[str, str]:
        suggested.append(name)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    return suggested


def choose_open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(path), "")))


def record(monkeypatch: pytest.MonkeyPatch, kind: str, answer: object = None) -> list[str]:
    said: list[str] = []

    def show(parent: object, title: str, text: str, *args: object) -> object:
        said.append(f"{title}: {text}")
        return answer

    monkeypatch.setattr(QMessageBox, kind, staticmethod(show))
    return said


def record_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """The title, main text and "Show Details…" text of every message box shown with exec()."""
    shown: list[tuple[str, str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def in_plain_words(text: str) -> bool:
    """No FHIR path, URL, id or Python exception in what a clinician reads."""
    technical = ("Bundle", "entry[", "resource.", "http", "://", "plan.items", "Error", "'")
    return not any(word in text for word in technical)


def stored_plans(window: MainWindow) -> int:
    store = window.controller.store
    return sum(len(store.list_plans(p.id)) for p in store.search_patients("", limit=100))


def test_export_writes_the_open_plan_as_a_bundle_that_reads_back_equal(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    a_saved_plan(window)
    target = tmp_path / "eve.json"
    suggested = choose_save_file(monkeypatch, target)
    window.actions_["export_fhir"].trigger()
    assert suggested == ["T-7.fhir.json"]
    data = json.loads(target.read_text(encoding="utf-8"))
    read = bundle_to_plan(data, CATALOG)
    workspace = window.controller.workspace
    assert read.document == workspace.document
    assert (read.title, read.status) == ("Back pain, first stage", "draft")
    assert "Wrote the FHIR bundle" in window.statusBar().currentMessage()


def test_unsaved_changes_are_saved_before_export_or_nothing_is_written(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    a_saved_plan(window)
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    target = tmp_path / "eve.json"
    choose_save_file(monkeypatch, target)
    asked = record(monkeypatch, "question", QMessageBox.StandardButton.Cancel)
    window.actions_["export_fhir"].trigger()
    assert len(asked) == 1 and not target.exists() and not workspace.is_clean
    asked = record(monkeypatch, "question", QMessageBox.StandardButton.Save)
    window.actions_["export_fhir"].trigger()
    assert workspace.is_clean and workspace.origin.base_revision == 2
    data = json.loads(target.read_text())
    care_plan = next(e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert care_plan["identifier"][0]["value"].endswith("@2")  # the revision just saved
    exported = bundle_to_plan(data, CATALOG).document
    assert exported == workspace.document and [r.week for r in exported.plan.reviews] == [4]


def test_import_stores_a_draft_and_opens_it(make_window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    source = tmp_path / "from-elsewhere.json"
    bundle = plan_to_bundle(PROBLEMS, CATALOG, title="Shared plan", status="active", revision=3, plan_id=9)
    source.write_text(bundle_to_text(bundle), encoding="utf-8")
    choose_open_file(monkeypatch, source)
    told = record(monkeypatch, "information")
    window.actions_["import_fhir"].trigger()
    workspace = window.controller.workspace
    assert workspace is not None and workspace.origin.plan_id is not None
    assert workspace.document.plan == PROBLEMS.plan and workspace.document.patient == PROBLEMS.patient
    assert (workspace.title, workspace.status, workspace.read_only) == ("Shared plan", "draft", False)
    assert stored_plans(window) == 1
    assert len(told) == 1 and "stored as a draft" in told[0] and "active" in told[0]
    assert window.patients.results.count() == 1  # the new patient is listed at once


def test_a_refused_bundle_is_explained_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    a_saved_plan(window)
    bundle = plan_to_bundle(PROBLEMS, CATALOG)
    care_plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")  # type: ignore[attr-defined, index]
    care_plan["activity"][0]["detail"]["code"]["coding"] = [  # type: ignore[index]
        {"system": "http://snomed.info/sct", "code": "229070002"}
    ]
    source = tmp_path / "foreign.json"
    source.write_text(json.dumps(bundle), encoding="utf-8")
    choose_open_file(monkeypatch, source)
    shown = record_boxes(monkeypatch)
    before = (stored_plans(window), window.controller.workspace)
    window.actions_["import_fhir"].trigger()
    ((_, text, details),) = shown
    assert (
        text.startswith("“foreign.json” is not a plan careplanner can import: ")
        and "Nothing was stored" in text
    )
    assert in_plain_words(text) and "snomed" not in text
    assert "activity[0].detail.code" in details  # the element, for whoever made the file, under Show Details…
    assert (stored_plans(window), window.controller.workspace) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG not a text file", "cannot be read as a FHIR bundle"),
        (b'{"resourceType": "Patient"}', "not a care plan bundle written by careplanner"),
        (b'{"format": "careplanner/1", "patient": {}}', "a careplanner plan file, not a FHIR bundle"),
    ],
)
def test_every_refusal_gives_a_plain_reason_and_the_element_in_the_details(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path, content: bytes, reason: str
) -> None:
    window = make_window()
    source = tmp_path / "odd.json"
    source.write_bytes(content)
    choose_open_file(monkeypatch, source)
    shown = record_boxes(monkeypatch)
    window.actions_["import_fhir"].trigger()
    ((_, text, details),) = shown
    plain = next(
        words
        for words in (*fhir_actions.IMPORT_REASONS.values(), fhir_actions.IMPORT_DAMAGED)
        if words in text
    )
    assert reason in plain and in_plain_words(text)
    assert details.startswith("Bundle") and details not in text


def test_the_windows_reasons_are_the_mappings_reasons() -> None:
    from careplanner.interop import fhir_common

    reasons = {value for name, value in vars(fhir_common).items() if name.startswith("REASON_")}
    assert set(fhir_actions.IMPORT_REASONS) | set(fhir_actions.EXPORT_REASONS) <= reasons
    assert fhir_common.FhirError("x").reason == fhir_common.REASON_DAMAGED


def test_an_export_refusal_is_told_plainly_and_nothing_is_written(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    data = json.loads((examples_dir() / "plan-with-problems.careplan.json").read_text())
    data["plan"]["items"][0]["notes"] = "pasted\x1bescape"
    source = tmp_path / "bell.careplan.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    window = make_window()
    window.controller.open_file(source)
    target = tmp_path / "out.json"
    choose_save_file(monkeypatch, target)
    shown = record_boxes(monkeypatch)
    window.actions_["export_fhir"].trigger()
    ((title, text, details),) = shown
    assert title == "Not exported" and "control character" in text and "Nothing was written" in text
    assert in_plain_words(text) and "U+001B" not in text
    assert details.startswith("plan.items[0].notes: holds the control character U+001B")
    assert not target.exists()
    fhir_actions._not_exported(window, OverflowError("date value out of range"))
    assert shown[-1][1:] == (f"{fhir_actions.FAR_FUTURE} Nothing was written.", "date value out of range")


def test_a_store_refusal_leaves_the_open_plan_and_its_unsaved_work_as_they_were(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    a_saved_plan(window)
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    namesake = dataclasses.replace(PROBLEMS, patient=dataclasses.replace(PROBLEMS.patient, id=EVE.id))
    source = tmp_path / "same-record.json"  # the record number of Eve, another name: the store refuses it
    source.write_text(bundle_to_text(plan_to_bundle(namesake, CATALOG)), encoding="utf-8")
    choose_open_file(monkeypatch, source)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: asked.append("asked") or dialogs.DISCARD)
    warned = record(monkeypatch, "warning")
    window.actions_["import_fhir"].trigger()
    assert asked == ["asked"] and len(warned) == 1 and "already belongs to another patient" in warned[0]
    assert window.controller.workspace is workspace and stored_plans(window) == 1
    # the unsaved work is still unsaved (asked about again when the user leaves it), not discarded for nothing
    assert not workspace.is_clean and [r.week for r in workspace.document.plan.reviews] == [4]


def test_staying_with_unsaved_work_imports_nothing(make_window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    a_saved_plan(window)
    workspace = window.controller.workspace
    workspace.apply(operations.set_reviews(workspace.document, [4]), "Reviews")
    source = tmp_path / "plan.json"
    source.write_text(bundle_to_text(plan_to_bundle(PROBLEMS, CATALOG)), encoding="utf-8")
    choose_open_file(monkeypatch, source)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: dialogs.CANCEL)
    window.actions_["import_fhir"].trigger()
    assert stored_plans(window) == 1 and window.controller.workspace is workspace
    assert not workspace.is_clean
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *args: dialogs.DISCARD)
    window.actions_["import_fhir"].trigger()
    assert stored_plans(window) == 2
    assert window.controller.workspace.document.patient == PROBLEMS.patient


def test_a_plan_file_exports_as_a_draft_and_import_needs_no_open_plan(  # type: ignore[no-untyped-def]
    make_window, monkeypatch, tmp_path: Path
) -> None:
    window = make_window()
    assert not window.actions_["export_fhir"].isEnabled() and window.actions_["import_fhir"].isEnabled()
    window.controller.open_file(examples_dir() / "plan-with-problems.careplan.json")
    assert window.actions_["export_fhir"].isEnabled()
    target = tmp_path / "problems.json"
    choose_save_file(monkeypatch, target)
    window.actions_["export_fhir"].trigger()
    read = bundle_to_plan(json.loads(target.read_text()), CATALOG)
    assert read.document == PROBLEMS and read.status == "draft"


def test_the_window_uses_no_command_line_module() -> None:
    import ast

    from careplanner.ui.printing import preview

    for module in (fhir_actions, preview):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        imported = {
            node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {name for name in imported if name.startswith("careplanner.cli")}, module.__name__
