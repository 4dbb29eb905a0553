"""Import refuses whatever is malformed or foreign with a FhirError naming the element (issue 12)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplanner.documents.limits import MAX_DOCUMENT_BYTES, MAX_NESTING
from careplanner.interop.fhir import (
    FhirError,
    bundle_to_plan,
    plan_to_bundle,
    read_bundle_file,
    read_bundle_text,
)
from careplanner.interop.fhir_terms import CATALOG_SYSTEM, extension_url
from careplanner.resources import examples_dir
from tests.builders import CATALOG
from tests.unit.test_fhir_round_trip import entry_index, full_document

Bundle = dict[str, Any]
ITEM_ID = extension_url("item-id")


def exported() -> Bundle:
    return plan_to_bundle(full_document(), CATALOG, title="Plan", status="active")


def refusal(bundle: object) -> str:
    with pytest.raises(FhirError) as caught:
        bundle_to_plan(bundle, CATALOG)
    return str(caught.value)


def care_plan(bundle: Bundle) -> dict[str, Any]:
    return bundle["entry"][entry_index(bundle, "CarePlan")]["resource"]


def plan_path(bundle: Bundle) -> str:
    return f"Bundle.entry[{entry_index(bundle, 'CarePlan')}].resource"


def changed(change: Callable[[Bundle], None]) -> Bundle:
    bundle = copy.deepcopy(exported())
    change(bundle)
    return bundle


@pytest.mark.parametrize("value", [[], "text", 3, None])
def test_not_a_json_object(value: object) -> None:
    assert refusal(value).startswith("Bundle: the input must be a JSON object")


def test_not_a_bundle() -> None:
    patient = exported()["entry"][0]["resource"]
    assert refusal(patient).startswith("Bundle.resourceType: 'Patient' is not a Bundle")
    assert refusal({"id": "x"}) == "Bundle.resourceType: missing: this is not a FHIR Bundle"


@pytest.mark.parametrize("kind", ["searchset", "transaction", "document"])
def test_a_bundle_of_another_kind(kind: str) -> None:
    bundle = changed(lambda b: b.update(type=kind))
    assert refusal(bundle).startswith(f"Bundle.type: '{kind}' is not an exported plan")


def test_a_bundle_without_resources() -> None:
    assert refusal({"resourceType": "Bundle", "type": "collection"}).startswith("Bundle.entry:")


def test_no_care_plan() -> None:
    def drop(bundle: Bundle) -> None:
        del bundle["entry"][entry_index(bundle, "CarePlan")]

    message = refusal(changed(drop))
    assert message.startswith("Bundle.entry: an exported plan holds exactly one CarePlan (found 0")


def test_two_care_plans() -> None:
    def twice(bundle: Bundle) -> None:
        second = copy.deepcopy(bundle["entry"][entry_index(bundle, "CarePlan")])
        second["fullUrl"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
        second["resource"]["id"] = "00000000-0000-4000-8000-000000000001"
        bundle["entry"].append(second)

    assert "exactly one CarePlan (found 2" in refusal(changed(twice))


def test_a_foreign_care_plan() -> None:
    message = refusal(changed(lambda b: care_plan(b).pop("category")))
    assert message.startswith(f"{plan_path(exported())}.category: this CarePlan is not a plan exported")


def test_a_resource_this_program_does_not_export() -> None:
    def add(bundle: Bundle) -> None:
        resource = {"resourceType": "Encounter", "status": "finished", "class": {"code": "AMB"}}
        bundle["entry"].append(
            {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002", "resource": resource}
        )

    bundle = changed(add)
    index = len(bundle["entry"]) - 1
    assert refusal(bundle).startswith(f"Bundle.entry[{index}].resource.resourceType: 'Encounter' is not part")


def test_an_unknown_treatment_code() -> None:
    def unknown(bundle: Bundle) -> None:
        care_plan(bundle)["activity"][0]["detail"]["code"]["coding"][0]["code"] = "leeches"

    message = refusal(changed(unknown))
    path = f"{plan_path(exported())}.activity[0].detail.code.coding[0].code"
    assert message == f'{path}: "leeches" is not a code of {CATALOG_SYSTEM}'


def test_an_unknown_code_system() -> None:
    def foreign(bundle: Bundle) -> None:
        care_plan(bundle)["activity"][0]["detail"]["code"] = {
            "coding": [{"system": "http://snomed.info/sct", "code": "1"}]
        }

    message = refusal(changed(foreign))
    path = f"{plan_path(exported())}.activity[0].detail.code.coding"
    assert message.startswith(
        f"{path}: no coding of {CATALOG_SYSTEM} (the code systems given: http://snomed.info/sct)"
    )


def test_an_unknown_condition() -> None:
    def unknown(bundle: Bundle) -> None:
        bundle["entry"][1]["resource"]["code"]["coding"][0]["code"] = "gout-of-the-soul"

    assert refusal(changed(unknown)).startswith("Bundle.entry[1].resource.code.coding[0].code:")


def test_a_broken_reference() -> None:
    def broken(bundle: Bundle) -> None:
        care_plan(bundle)["subject"]["reference"] = "urn:uuid:00000000-0000-4000-8000-00000000dead"

    message = refusal(changed(broken))
    assert message.startswith(f"{plan_path(exported())}.subject.reference: ")
    assert "names no entry of this Bundle" in message


def test_an_activity_with_detail_and_reference() -> None:
    def both(bundle: Bundle) -> None:
        care_plan(bundle)["activity"][1]["reference"] = {"reference": bundle["entry"][0]["fullUrl"]}

    message = refusal(changed(both))
    assert message.startswith(
        f"{plan_path(exported())}.activity[1]: an activity gives either detail or reference"
    )


def test_an_activity_without_detail() -> None:
    def reference_only(bundle: Bundle) -> None:
        care_plan(bundle)["activity"][1] = {"reference": {"reference": bundle["entry"][0]["fullUrl"]}}

    assert refusal(changed(reference_only)).startswith(f"{plan_path(exported())}.activity[1].detail:")


def test_a_week_date_off_the_week_grid() -> None:
    def off(bundle: Bundle) -> None:
        care_plan(bundle)["activity"][2]["detail"]["scheduledPeriod"]["start"] = "2026-12-23"

    message = refusal(changed(off))
    path = f"{plan_path(exported())}.activity[2].detail.scheduledPeriod.start"
    assert message.startswith(f"{path}: 2026-12-23 is not on a week of the plan")


def test_a_partial_date() -> None:
    message = refusal(changed(lambda b: care_plan(b)["period"].update(start="2026-12")))
    assert message.startswith(f'{plan_path(exported())}.period.start: "2026-12" is not a whole date')


def test_a_too_long_name_is_refused_by_the_plan_format() -> None:
    message = refusal(changed(lambda b: b["entry"][0]["resource"]["name"][0].update(text="x" * 201)))
    assert (
        message
        == "Bundle.entry[0].resource.name[0].text (patient.name): too long: 201 characters (the limit is 200)"
    )


def test_a_too_long_title() -> None:
    message = refusal(changed(lambda b: care_plan(b).update(title="t" * 201)))
    assert message.startswith(f"{plan_path(exported())}.title: the title is longer than 200 characters")


def test_what_fhir_itself_forbids_names_the_element() -> None:
    message = refusal(changed(lambda b: b["entry"][0]["resource"].update(birthDate="17 May 1960")))
    assert message.startswith("Bundle.entry[0].resource.birthDate: ")


def test_an_unknown_activity_status_names_the_element() -> None:
    message = refusal(changed(lambda b: care_plan(b)["activity"][0]["detail"].update(status="maybe")))
    assert message.startswith(f"{plan_path(exported())}.activity[0].detail.status: ")


def test_a_missing_item_id() -> None:
    def drop(bundle: Bundle) -> None:
        detail = care_plan(bundle)["activity"][0]["detail"]
        detail["extension"] = [e for e in detail["extension"] if e["url"] != extension_url("item-id")]

    message = refusal(changed(drop))
    assert (
        message == f"{plan_path(exported())}.activity[0].detail.extension: the extension {ITEM_ID} is missing"
    )


def test_a_duplicate_full_url() -> None:
    def duplicate(bundle: Bundle) -> None:
        bundle["entry"][1]["fullUrl"] = bundle["entry"][0]["fullUrl"]

    assert refusal(changed(duplicate)).startswith("Bundle.entry[1].fullUrl: ")


def test_the_derived_window_is_never_read_back() -> None:
    def widen(bundle: Bundle) -> None:
        for extension in care_plan(bundle)["activity"][0]["detail"]["extension"]:
            if extension["url"] == extension_url("window"):
                extension["extension"][0]["valueInteger"] = 99

    assert bundle_to_plan(changed(widen), CATALOG).document == full_document()


def test_the_activity_status_is_never_read_back() -> None:
    # a status the export writes for other items ("completed"): derived from the item, never read back
    bundle = changed(lambda b: care_plan(b)["activity"][0]["detail"].update(status="completed"))
    assert bundle_to_plan(bundle, CATALOG).document == full_document()


def test_reading_text_applies_the_plan_document_limits() -> None:
    with pytest.raises(FhirError, match=r"^Bundle: .*larger than 8 MB"):
        read_bundle_text(" " * (MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(FhirError, match=r"^Bundle: not valid JSON"):
        read_bundle_text("{")
    with pytest.raises(FhirError, match="nested more than"):
        read_bundle_text("[" * (MAX_NESTING + 2) + "]" * (MAX_NESTING + 2))
    assert read_bundle_text(json.dumps(exported())) == json.loads(json.dumps(exported()))


def test_reading_a_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.fhir.json"
    path.write_text(json.dumps(exported()), encoding="utf-8")
    assert bundle_to_plan(read_bundle_file(path), CATALOG).document == full_document()
    with pytest.raises(FhirError, match=r"^Bundle: it is a directory"):
        read_bundle_file(tmp_path)
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf{}")
    with pytest.raises(FhirError, match="byte order mark"):
        read_bundle_file(tmp_path / "bom.json")


def test_an_over_large_number_names_the_element() -> None:
    message = refusal(
        changed(lambda b: care_plan(b)["activity"][0]["detail"]["dailyAmount"].update(value=1e309))
    )
    assert message.startswith(f"{plan_path(exported())}.activity[0].detail.dailyAmount.value: ")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    )
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


ALL_PATHS = _paths(exported())


@given(st.sampled_from(ALL_PATHS), st.none() | json_values)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_one_element_changed_or_removed_is_read_or_refused(path: tuple[Any, ...], value: object) -> None:
    bundle = copy.deepcopy(exported())
    parent: Any = bundle
    for key in path[:-1]:
        parent = parent[key]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        bundle_to_plan(bundle, CATALOG)
    except FhirError as error:
        assert str(error).startswith("Bundle")


def test_a_goal_the_care_plan_does_not_name() -> None:
    bundle = changed(lambda b: care_plan(b)["goal"].pop())
    index = max(i for i, entry in enumerate(bundle["entry"]) if entry["resource"]["resourceType"] == "Goal")
    assert refusal(bundle) == f"Bundle.entry[{index}].resource: the CarePlan does not name this Goal in goal"


def test_a_condition_named_twice() -> None:
    bundle = changed(lambda b: care_plan(b)["addresses"].append(care_plan(b)["addresses"][0]))
    assert refusal(bundle) == f"{plan_path(bundle)}.addresses[2]: names the same Condition twice"


def test_a_plan_document_is_not_a_bundle() -> None:
    document = json.loads((examples_dir() / "good-plan.careplan.json").read_text(encoding="utf-8"))
    assert refusal(document).startswith(
        "Bundle.resourceType: missing: this is a careplanner plan file, not a FHIR Bundle (open it with File"
    )
