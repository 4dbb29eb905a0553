"""The exported Bundle element by element (docs/fhir.md), and invariants fhir.resources leaves out."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from typing import Any

import pytest

from careplanner.checks import check_plan
from careplanner.interop.fhir import FhirError, plan_to_bundle
from careplanner.interop.fhir_terms import (
    CATALOG_SYSTEM,
    CONDITION_CLINICAL_SYSTEM,
    CONDITION_SYSTEM,
    GOAL_SYSTEM,
    LOINC,
    MEASURE_SYSTEM,
    OBSERVATION_CATEGORY_SYSTEM,
    PEG_ACTIVITY,
    PEG_ENJOYMENT,
    PEG_PAIN,
    PEG_TOTAL,
    PLAN_CATEGORY_SYSTEM,
    PLAN_SYSTEM,
    RECORD_SYSTEM,
    RULE_SYSTEM,
    RXNORM,
    SEVERITY_TO_FHIR,
    UCUM,
    extension_url,
)
from tests.builders import CATALOG, PLAN_START, on_week
from tests.unit.test_fhir_round_trip import AS_OF, full_document, resources, validate_r4

KNOWN_SYSTEMS = {
    CATALOG_SYSTEM,
    CONDITION_SYSTEM,
    CONDITION_CLINICAL_SYSTEM,
    GOAL_SYSTEM,
    LOINC,
    MEASURE_SYSTEM,
    OBSERVATION_CATEGORY_SYSTEM,
    PLAN_CATEGORY_SYSTEM,
    PLAN_SYSTEM,
    RECORD_SYSTEM,
    RULE_SYSTEM,
    RXNORM,
    UCUM,
}


def bundle(**options: Any) -> dict[str, Any]:
    return plan_to_bundle(full_document(), CATALOG, as_of=AS_OF, **options)


def walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key, child
            yield from walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk(child)


def the(resources_: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(resources_) == 1
    return resources_[0]


def detail(plan: dict[str, Any], item_id: str) -> dict[str, Any]:
    for activity in plan["activity"]:
        found = [e for e in activity["detail"].get("extension", []) if e["url"] == extension_url("item-id")]
        if found and found[0]["valueString"] == item_id:
            return dict(activity["detail"])
    raise AssertionError(item_id)


def test_the_bundle_validates_and_its_references_resolve() -> None:
    exported = bundle(title="Plan", status="active", revision=2, plan_id=7, author="Dr Ana Ruiz")
    validate_r4(exported)
    assert exported["type"] == "collection"
    urls = [entry["fullUrl"] for entry in exported["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in exported["entry"]:
        assert uuid.UUID(entry["fullUrl"].removeprefix("urn:uuid:")).version == 5
        assert entry["resource"]["id"] == entry["fullUrl"].removeprefix("urn:uuid:")
    targets = [value for key, value in walk(exported) if key == "reference"]
    assert targets and set(targets) <= set(urls)
    systems = {value for key, value in walk(exported) if key == "system"}
    assert systems <= KNOWN_SYSTEMS


def test_every_activity_gives_detail_and_no_reference() -> None:
    plan = the(resources(bundle(), "CarePlan"))
    assert all("detail" in activity and "reference" not in activity for activity in plan["activity"])


def test_the_care_plan() -> None:
    plan = the(
        resources(
            bundle(title="Back <pain>", status="active", revision=2, plan_id=7, author="Dr Ruiz"), "CarePlan"
        )
    )
    assert (plan["status"], plan["intent"], plan["title"]) == ("active", "plan", "Back <pain>")
    assert plan["period"] == {"start": PLAN_START.isoformat()}
    assert plan["author"] == {"display": "Dr Ruiz"}
    assert plan["identifier"] == [{"system": PLAN_SYSTEM, "value": "7@2"}]
    assert plan["replaces"] == [{"identifier": {"system": PLAN_SYSTEM, "value": "7@1"}}]
    assert len(plan["addresses"]) == 2 and len(plan["goal"]) == 2
    assert len(plan["activity"]) == len(full_document().plan.items) + len(full_document().plan.reviews)
    first = the(resources(bundle(revision=1, plan_id=7), "CarePlan"))
    assert "replaces" not in first and first["status"] == "draft"
    assert "identifier" not in the(resources(bundle(), "CarePlan"))


def test_the_narrative_is_escaped_xhtml_with_a_row_per_item() -> None:
    plan = the(resources(bundle(title="A & B"), "CarePlan"))
    assert plan["text"]["status"] == "generated"
    root = ElementTree.fromstring(plan["text"]["div"])
    assert root.tag == "{http://www.w3.org/1999/xhtml}div"
    rows = root.findall(".//{http://www.w3.org/1999/xhtml}tbody/{http://www.w3.org/1999/xhtml}tr")
    assert len(rows) == len(full_document().plan.items)
    text = "".join(root.itertext())
    assert "Sam <Example> & Co" in text and "lumbar L4-5 <left>" in text and "A & B" in text


def test_activities_carry_kind_codes_doses_and_weeks() -> None:
    plan = the(resources(bundle(), "CarePlan"))
    duloxetine = detail(plan, "med")
    assert duloxetine["kind"] == "MedicationRequest"
    rxnorm = CATALOG.modality("duloxetine").rxnorm
    assert duloxetine["code"]["coding"][0] == {
        "system": CATALOG_SYSTEM,
        "code": "duloxetine",
        "display": CATALOG.modality("duloxetine").name,
    }
    assert [c["code"] for c in duloxetine["code"]["coding"] if c["system"] == RXNORM] == (
        [rxnorm] if rxnorm else []
    )
    assert duloxetine["dailyAmount"] == {"value": 60, "unit": "mg/d", "system": UCUM, "code": "mg/d"}
    assert duloxetine["scheduledPeriod"] == {"start": PLAN_START.isoformat()}
    assert duloxetine["description"] == "with food"
    assert detail(plan, "psy")["kind"] == "ServiceRequest"
    assert detail(plan, "psy")["scheduledPeriod"]["end"] == on_week(12).isoformat()
    assert detail(plan, "trial")["kind"] == "DeviceRequest"
    patch = detail(plan, "patch")
    assert "dailyAmount" not in patch
    rate = [e for e in patch["extension"] if e["url"] == extension_url("dose-rate")]
    assert rate[0]["valueQuantity"]["code"] == "ug/h" and rate[0]["valueQuantity"]["value"] == 12.5


def test_activity_status_follows_the_decision() -> None:
    plan = the(resources(bundle(), "CarePlan"))
    assert detail(plan, "med")["status"] == "scheduled"
    assert detail(plan, "gaba")["status"] == "stopped"
    reviews = [a["detail"] for a in plan["activity"] if a["detail"]["kind"] == "Appointment"]
    assert [r["status"] for r in reviews] == ["scheduled", "completed", "scheduled"]


def test_one_detected_issue_per_finding_and_per_unmatched_acknowledgement() -> None:
    report = check_plan(full_document(), CATALOG, as_of=AS_OF)
    issues = resources(bundle(), "DetectedIssue")
    final = [issue for issue in issues if issue["status"] == "final"]
    assert len(final) == len(report.findings)
    for issue, finding in zip(final, report.findings, strict=True):
        assert issue["severity"] == SEVERITY_TO_FHIR[finding.severity]
        assert issue["code"]["coding"] == [{"system": RULE_SYSTEM, "code": finding.rule}]
        assert issue["detail"] == finding.message
        assert issue["identifiedDateTime"] == AS_OF.isoformat()
    cancelled = [issue for issue in issues if issue["status"] == "cancelled"]
    assert len(cancelled) == len(report.unmatched_acknowledgements) == 2
    mitigation = cancelled[0]["mitigation"][0]
    assert mitigation["action"]["text"] == "kept on purpose"
    assert mitigation["author"]["display"] == "Dr Ana Ruiz"


def test_patient_goals_and_observations() -> None:
    exported = bundle()
    patient = the(resources(exported, "Patient"))
    assert patient["identifier"] == [{"system": RECORD_SYSTEM, "value": "R-0042"}]
    assert (patient["gender"], patient["birthDate"]) == ("female", "1960-05-17")
    assert patient["extension"] == [{"url": extension_url("sex"), "valueString": "Female"}]
    goals = resources(exported, "Goal")
    assert goals[0]["target"][0]["measure"]["coding"][0]["code"] == PEG_TOTAL
    assert goals[0]["target"][0]["dueDate"] == on_week(12).isoformat()
    assert "dueDate" not in goals[1]["target"][0]
    observations = resources(exported, "Observation")
    clearance = [o for o in observations if o["code"]["coding"][0]["system"] == LOINC]
    assert the(clearance)["valueQuantity"]["code"] == "mL/min"
    baseline = observations[1]
    codes = [component["code"]["coding"][0]["code"] for component in baseline["component"]]
    assert codes[:3] == [PEG_PAIN, PEG_ENJOYMENT, PEG_ACTIVITY]


def test_history_is_medication_statements_and_procedures() -> None:
    exported = bundle()
    statements = resources(exported, "MedicationStatement")
    procedures = resources(exported, "Procedure")
    assert statements[0]["status"] == "active"  # tramadol, ongoing
    assert statements[0]["dosage"][0]["doseAndRate"][0]["rateQuantity"]["code"] == "mg/d"
    assert procedures[0]["performedPeriod"]["start"] == procedures[0]["performedPeriod"]["end"]
    empty = {"extension": [{"url": extension_url("empty-text"), "valueBoolean": True}]}
    assert procedures[0]["statusReason"] == {"_text": empty}  # the document's reason is ""
    assert len(statements) + len(procedures) == len(full_document().history)


def test_loading_the_fhir_module_does_not_load_the_fhir_library() -> None:
    code = (
        "import sys, careplanner.interop.fhir; print('fhir' in sys.modules, 'fhir.resources' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_plan_the_catalog_cannot_describe_is_not_exported() -> None:
    document = full_document()
    unknown = dataclasses.replace(document.plan.items[0], modality="leeches")
    plan = dataclasses.replace(document.plan, items=(unknown,))
    with pytest.raises(FhirError, match="'leeches' is not a treatment of the catalog"):
        plan_to_bundle(dataclasses.replace(document, plan=plan), CATALOG)


def ids(exported: dict[str, Any], kind: str) -> list[str]:
    return [entry["fullUrl"] for entry in exported["entry"] if entry["resource"]["resourceType"] == kind]


def test_two_plans_of_one_patient_or_two_revisions_never_share_an_id() -> None:
    second, third = bundle(plan_id=2, revision=1), bundle(plan_id=3, revision=1)
    assert second["id"] != third["id"]
    for kind in ("CarePlan", "Goal", "DetectedIssue"):
        assert not set(ids(second, kind)) & set(ids(third, kind)), kind
    assert ids(second, "Patient") == ids(third, "Patient")  # the same patient
    first, revised = bundle(plan_id=7, revision=1), bundle(plan_id=7, revision=2)
    plan = the(resources(revised, "CarePlan"))
    assert plan["replaces"] == [{"identifier": {"system": PLAN_SYSTEM, "value": "7@1"}}]
    assert plan["id"] != the(resources(first, "CarePlan"))["id"] and revised["id"] != first["id"]
    assert ids(bundle(plan_id=7, revision=2), "CarePlan") == ids(revised, "CarePlan")  # still deterministic


def test_plans_from_files_are_told_apart_by_their_content() -> None:
    document = full_document()
    shorter = dataclasses.replace(
        document, plan=dataclasses.replace(document.plan, items=document.plan.items[:3])
    )
    one, other = plan_to_bundle(document, CATALOG), plan_to_bundle(shorter, CATALOG)
    assert one["id"] != other["id"] and ids(one, "CarePlan") != ids(other, "CarePlan")
    assert not set(ids(one, "Goal")) & set(ids(other, "Goal"))
    assert ids(plan_to_bundle(full_document(), CATALOG), "CarePlan") == ids(one, "CarePlan")
    # the findings depend on the as-of day: the Bundle and its issues change with it, the CarePlan does not
    later = plan_to_bundle(document, CATALOG, as_of=AS_OF)
    assert later["id"] != one["id"] and ids(later, "CarePlan") == ids(one, "CarePlan")
    assert not set(ids(later, "DetectedIssue")) & set(ids(one, "DetectedIssue"))


def test_peg_observations_carry_the_loinc_panel_code_the_goals_measure() -> None:
    exported = bundle()
    measure = resources(exported, "Goal")[0]["target"][0]["measure"]["coding"][0]
    visits = [
        o for o in resources(exported, "Observation") if o["category"][0]["coding"][0]["code"] == "survey"
    ]
    with_peg = [o for o in visits if any(c["code"]["coding"][0]["code"] == PEG_PAIN for c in o["component"])]
    assert len(with_peg) == 2 and len(visits) == 3  # the baseline and the first check-in; the second has none
    for observation in with_peg:
        assert observation["code"]["coding"][0]["system"] == MEASURE_SYSTEM  # the project's code stays first
        assert measure in observation["code"]["coding"] and measure == {"system": LOINC, "code": "91148-7"}
    (without,) = [o for o in visits if o not in with_peg]
    assert [c["system"] for c in without["code"]["coding"]] == [MEASURE_SYSTEM]


@pytest.mark.parametrize(
    ("sex", "code", "kept"),
    [
        ("F", "female", True),
        ("f", "female", True),
        (" Woman ", "female", True),
        ("female", "female", False),
        ("M", "male", True),
        ("Man", "male", True),
        ("male", "male", False),
        ("intersex", "other", True),
        ("Non-binary", "other", True),
        ("other", "other", False),
        ("unknown", "unknown", False),
        ("?", "unknown", True),
        ("not asked", "unknown", True),
    ],
)
def test_the_records_sex_as_administrative_gender(sex: str, code: str, kept: bool) -> None:
    document = full_document(sex)
    patient = the(resources(plan_to_bundle(document, CATALOG), "Patient"))
    assert patient["gender"] == code
    assert patient.get("extension", []) == (
        [{"url": extension_url("sex"), "valueString": sex}] if kept else []
    )


def test_characters_xml_cannot_hold_stay_out_of_the_narrative_but_in_the_data() -> None:
    document = full_document()
    odd = "a\uffffb\ufffe\x7fc\x85d"
    items = (
        dataclasses.replace(document.plan.items[0], notes=odd, region="L\uffff5"),
        *document.plan.items[1:],
    )
    patient = dataclasses.replace(document.patient, name="Sam\uffff Example")
    changed = dataclasses.replace(
        document, patient=patient, plan=dataclasses.replace(document.plan, items=items)
    )
    exported = plan_to_bundle(changed, CATALOG, title="Plan\ufffe one")
    validate_r4(exported)
    div = the(resources(exported, "CarePlan"))["text"]["div"]
    root = ElementTree.fromstring(div)  # well-formed: expat refuses U+FFFE and U+FFFF
    text = "".join(root.itertext())
    assert "abcd" in text and "L5" in text and "Sam Example" in text and "Plan one" in text
    assert not any(char in div for char in "\uffff\ufffe\x7f\x85")
    assert detail(the(resources(exported, "CarePlan")), "med")["description"] == odd  # the data keeps them


@pytest.mark.parametrize(
    ("options", "change", "named"),
    [
        ({}, {"notes": "ring \x07 bell"}, "plan.items[0].notes"),
        ({}, {"region": "\x1b[31m"}, "plan.items[0].region"),
        ({"title": "Back\x0cpain"}, {}, "the plan's title"),
        ({"author": "Dr\x00 Lee"}, {}, "the author's name"),
    ],
)
def test_a_text_fhir_cannot_hold_is_not_exported_and_the_field_named(
    options: dict[str, Any], change: dict[str, Any], named: str
) -> None:
    document = full_document()
    items = (dataclasses.replace(document.plan.items[0], **change), *document.plan.items[1:])
    changed = dataclasses.replace(document, plan=dataclasses.replace(document.plan, items=items))
    with pytest.raises(FhirError, match="holds the control character U") as refused:
        plan_to_bundle(changed, CATALOG, **options)
    assert str(refused.value).startswith(f"{named}: ") and refused.value.reason == "not-writable"


def test_a_failed_or_not_tolerated_trial_was_stopped() -> None:
    exported = bundle()
    history = [
        e["resource"]
        for e in exported["entry"]
        if e["resource"]["resourceType"] in ("MedicationStatement", "Procedure")
    ]
    statuses = [(r["resourceType"], r["status"]) for r in history]
    assert statuses == [
        ("MedicationStatement", "active"),  # tramadol, ongoing
        ("Procedure", "completed"),  # an epidural injection that helped partly
        ("Procedure", "stopped"),  # failed
        ("MedicationStatement", "stopped"),  # not tolerated
        ("MedicationStatement", "stopped"),  # not tolerated
        ("MedicationStatement", "completed"),  # effective, ended
    ]
    order = [
        [e["valueInteger"] for e in r["extension"] if e["url"] == extension_url("history-order")]
        for r in history
    ]
    assert order == [[n] for n in range(len(full_document().history))]
