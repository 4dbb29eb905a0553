"""Import refuses what would change the plan's meaning unnoticed (issue 12, review): modifiers, a treatment
passed off as a review, values of the wrong JSON type, unknown extensions of this project, entry bookkeeping.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import pytest

from careplanner.interop.fhir import FhirError, bundle_to_plan
from careplanner.interop.fhir_common import REASON_MEANING
from careplanner.interop.fhir_terms import extension_url
from tests.builders import CATALOG
from tests.unit.test_fhir_refusals import Bundle, care_plan, changed, exported, plan_path
from tests.unit.test_fhir_round_trip import full_document

AS_THEY_STAND = "careplanner imports only plans it can take as they stand"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def first(bundle: Bundle, kind: str) -> tuple[int, dict[str, Any]]:
    return next(
        (index, entry["resource"])
        for index, entry in enumerate(bundle["entry"])
        if entry["resource"]["resourceType"] == kind
    )


def where(kind: str, element: str) -> str:
    return f"Bundle.entry[{first(exported(), kind)[0]}].resource.{element}"


def put(kind: str, **values: object) -> Callable[[Bundle], None]:
    return lambda bundle: first(bundle, kind)[1].update(values)


def detail(bundle: Bundle, index: int) -> dict[str, Any]:
    return care_plan(bundle)["activity"][index]["detail"]


def own(element: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in element["extension"] if e["url"] == extension_url(name))


def refused(change: Callable[[Bundle], None]) -> FhirError:
    with pytest.raises(FhirError) as caught:
        bundle_to_plan(changed(change), CATALOG)
    return caught.value


def imported(bundle: Bundle) -> object:
    return bundle_to_plan(bundle, CATALOG).document


def condition_status(key: str, system: str, code: str) -> Callable[[Bundle], None]:
    return put("Condition", **{key: {"coding": [{"system": system, "code": code}]}})


MODIFIERS: list[tuple[str, Callable[[Bundle], None], str, str]] = [
    (
        "do not perform",
        lambda b: detail(b, 2).update(doNotPerform=True),
        "CarePlan:activity[2].detail.doNotPerform",
        "true: the treatment is not to be given",
    ),
    (
        "modifier extension on a detail",
        lambda b: detail(b, 2).update(
            modifierExtension=[{"url": "http://example.org/do-not-give", "valueBoolean": True}]
        ),
        "CarePlan:activity[2].detail.modifierExtension",
        "http://example.org/do-not-give: it changes what this element means",
    ),
    (
        "modifier extension on the CarePlan",
        put("CarePlan", modifierExtension=[{"url": "http://example.org/x", "valueBoolean": True}]),
        "CarePlan:modifierExtension",
        "http://example.org/x",
    ),
    (
        "a refuted condition",
        condition_status("verificationStatus", VERIFICATION, "refuted"),
        "Condition:verificationStatus",
        "refuted: the diagnosis was ruled out at its source",
    ),
    (
        "a resolved condition",
        condition_status("clinicalStatus", CLINICAL, "resolved"),
        "Condition:clinicalStatus",
        "resolved: the condition is no longer active",
    ),
    (
        "an observation entered in error",
        put("Observation", status="entered-in-error"),
        "Observation:status",
        "entered-in-error: this record was withdrawn at its source",
    ),
    (
        "a medicine never taken",
        put("MedicationStatement", status="not-taken"),
        "MedicationStatement:status",
        "not-taken: the medicine was never taken",
    ),
    (
        "a procedure never done",
        put("Procedure", status="not-done"),
        "Procedure:status",
        "not-done: the procedure was never done",
    ),
    (
        "a finding entered in error",
        put("DetectedIssue", status="entered-in-error"),
        "DetectedIssue:status",
        "entered-in-error: this record was withdrawn",
    ),
    ("a cancelled goal", put("Goal", lifecycleStatus="cancelled"), "Goal:lifecycleStatus", "cancelled:"),
    ("a patient record not in use", put("Patient", active=False), "Patient:active", "false: this patient"),
    (
        "a deceased patient",
        put("Patient", deceasedBoolean=True),
        "Patient:deceasedBoolean",
        "True: the patient",
    ),
    (
        "a plan entered in error",
        put("CarePlan", status="entered-in-error"),
        "CarePlan:status",
        "entered-in-error: this record was withdrawn at its source",
    ),
    ("a plan of unknown state", put("CarePlan", status="unknown"), "CarePlan:status", "unknown: its source"),
    (
        "a treatment on hold",
        lambda b: detail(b, 0).update(status="on-hold"),
        "CarePlan:activity[0].detail.status",
        "on-hold: this is on hold at its source",
    ),
    (
        "a dose given as a bound",
        lambda b: detail(b, 0)["dailyAmount"].update(comparator="<"),
        "CarePlan:activity[0].detail.dailyAmount.comparator",
        "'<': a bound is not an amount to plan with",
    ),
    (
        "an old record number",
        lambda b: first(b, "Patient")[1]["identifier"][0].update(use="old"),
        "Patient:identifier[0].use",
        "old: this is no longer valid at its source",
    ),
    (
        "rules of another system",
        put("Goal", implicitRules="http://example.org/rules"),
        "Goal:implicitRules",
        "'http://example.org/rules': the resource follows rules careplanner does not know",
    ),
]


@pytest.mark.parametrize(
    ("change", "element", "why"), [m[1:] for m in MODIFIERS], ids=[m[0] for m in MODIFIERS]
)
def test_a_modifier_the_export_never_writes_is_refused(
    change: Callable[[Bundle], None], element: str, why: str
) -> None:
    kind, path = element.split(":")
    error = refused(change)
    assert str(error).startswith(f"{where(kind, path)}: {why}")
    assert str(error).endswith(AS_THEY_STAND)
    assert error.reason == REASON_MEANING


@pytest.mark.parametrize(
    "change",
    [
        condition_status("verificationStatus", VERIFICATION, "confirmed"),
        put("Patient", active=True, deceasedBoolean=False),
        lambda b: detail(b, 2).update(doNotPerform=False),
        lambda b: detail(b, 0).update(status="stopped"),  # never read back: derived from the item
        lambda b: first(b, "Patient")[1]["identifier"][0].update(use="official"),
    ],
)
def test_modifiers_that_change_nothing_are_taken(change: Callable[[Bundle], None]) -> None:
    assert imported(changed(change)) == full_document()


def test_a_treatment_relabelled_as_a_review_is_refused() -> None:
    message = str(refused(lambda b: detail(b, 2).update(kind="Appointment")))
    assert message.startswith(f"{plan_path(exported())}.activity[2].detail.kind: Appointment is a review")
    assert "this activity gives code, dailyAmount, item-id" in message


def test_a_review_with_an_item_extension_is_refused() -> None:
    activities = care_plan(exported())["activity"]
    review = next(i for i, a in enumerate(activities) if a["detail"]["kind"] == "Appointment")

    def assess(bundle: Bundle) -> None:
        extension = {"url": extension_url("assess-week"), "valueInteger": 8}
        detail(bundle, review).setdefault("extension", []).append(extension)

    message = str(refused(assess))
    assert message.startswith(f"{plan_path(exported())}.activity[{review}].detail.kind: Appointment")
    assert "gives assess-week" in message


def test_a_medicine_relabelled_as_a_service_is_refused() -> None:
    message = str(refused(lambda b: detail(b, 0).update(kind="ServiceRequest")))
    path = f"{plan_path(exported())}.activity[0].detail.kind"
    assert (
        message
        == f"{path}: ServiceRequest is not the kind of Duloxetine (careplanner writes MedicationRequest)"
    )


def _assessment_part(bundle: Bundle, name: str) -> dict[str, Any]:
    return next(p for p in own(detail(bundle, 2), "assessment")["extension"] if p["url"] == name)


def _history_relief(bundle: Bundle) -> dict[str, Any]:
    url = extension_url("relief-percent")
    resource = next(e["resource"] for e in bundle["entry"] if url in str(e["resource"].get("extension")))
    return own(resource, "relief-percent")


WRONG_TYPES: list[tuple[str, Callable[[Bundle], None], str, str]] = [
    (
        "a dose as text",
        lambda b: detail(b, 0)["dailyAmount"].update(value="60"),
        "activity[0].detail.dailyAmount.value",
        "'60' is text, not a FHIR decimal",
    ),
    (
        "a week as text",
        lambda b: own(detail(b, 0), "assess-week").update(valueInteger="8"),
        "activity[0].detail.extension[1].valueInteger",
        "'8' is text, not a FHIR integer",
    ),
    (
        "a week with a fraction",
        lambda b: own(detail(b, 0), "assess-week").update(valueInteger=8.0),
        "activity[0].detail.extension[1].valueInteger",
        "8.0 is a number, not a FHIR integer",
    ),
    (
        "a week as true",
        lambda b: own(detail(b, 0), "assess-week").update(valueInteger=True),
        "activity[0].detail.extension[1].valueInteger",
        "True is true/false, not a FHIR integer",
    ),
    (
        "an assessment's relief as text",
        lambda b: _assessment_part(b, "relief-percent").update(valueDecimal="10"),
        "activity[2].detail.extension[",
        "'10' is text, not a FHIR decimal",
    ),
    (
        "do-not-perform as text",
        lambda b: detail(b, 2).update(doNotPerform="false"),
        "activity[2].detail.doNotPerform",
        "'false' is text, not a FHIR boolean",
    ),
    (
        "a week date as a number",
        lambda b: detail(b, 0)["scheduledPeriod"].update(start=0),
        "activity[0].detail.scheduledPeriod.start",
        "0 is a number, not a FHIR date",
    ),
]


@pytest.mark.parametrize(
    ("change", "element", "words"), [w[1:] for w in WRONG_TYPES], ids=[w[0] for w in WRONG_TYPES]
)
def test_a_value_of_the_wrong_json_type_is_refused_naming_it(
    change: Callable[[Bundle], None], element: str, words: str
) -> None:
    message = str(refused(change))
    assert message.startswith(f"{plan_path(exported())}.{element}")
    assert words in message


def test_a_history_relief_given_as_text_is_refused_not_dropped() -> None:
    message = str(refused(lambda b: _history_relief(b).update(valueDecimal="5")))
    assert ".valueDecimal: '5' is text, not a FHIR decimal" in message


def test_a_misspelt_extension_of_this_project_is_refused() -> None:
    def misspell(bundle: Bundle) -> None:
        own(detail(bundle, 0), "assess-week")["url"] = extension_url("assess-weeks")

    message = str(refused(misspell))
    assert message.startswith(f"{plan_path(exported())}.activity[0].detail.extension[1].url: ")
    assert "'assess-weeks' is not an extension careplanner writes here" in message
    assert "assess-week, assessment, dose-rate" in message


def test_an_extension_of_this_project_on_the_wrong_element_is_refused() -> None:
    def misplace(bundle: Bundle) -> None:
        first(bundle, "Goal")[1]["extension"] = [{"url": extension_url("held-on"), "valueDate": "2026-01-05"}]

    assert str(refused(misplace)).startswith(f"{where('Goal', 'extension[0].url')}: ")


def test_other_systems_extensions_are_ignored() -> None:
    def foreign(bundle: Bundle) -> None:
        detail(bundle, 0)["extension"].append({"url": "http://example.org/colour", "valueString": "blue"})
        first(bundle, "Patient")[1]["extension"].append({"url": "http://example.org/x", "valueInteger": 1})

    assert imported(changed(foreign)) == full_document()


def test_two_resources_with_one_id_are_refused() -> None:
    def same_id(bundle: Bundle) -> None:
        bundle["entry"][2]["resource"]["id"] = bundle["entry"][1]["resource"]["id"]

    assert str(refused(same_id)).startswith("Bundle.entry[2].resource.id: ")
    assert "is the id of entry[1] too" in str(refused(same_id))


def test_the_entries_order_does_not_matter() -> None:
    bundle = copy.deepcopy(exported())
    random.Random(12).shuffle(bundle["entry"])
    assert imported(bundle) == full_document()
    bundle["entry"].reverse()
    assert imported(bundle) == full_document()


def _history(bundle: Bundle) -> list[dict[str, Any]]:
    kinds = ("MedicationStatement", "Procedure")
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] in kinds]


def test_history_positions_given_twice_or_with_a_gap_are_refused() -> None:
    twice = str(refused(lambda b: own(_history(b)[1], "history-order").update(valueInteger=0)))
    assert "history entry 0 is Bundle.entry[" in twice
    gap = str(refused(lambda b: own(_history(b)[-1], "history-order").update(valueInteger=99)))
    assert gap.startswith("Bundle.entry: no history entry 5 ")


def test_a_history_entry_without_its_position_is_refused() -> None:
    def drop(bundle: Bundle) -> None:
        resource = _history(bundle)[0]
        resource["extension"] = [
            e for e in resource["extension"] if e["url"] != extension_url("history-order")
        ]

    assert f"the extension {extension_url('history-order')} is missing" in str(refused(drop))


def test_acknowledgements_numbered_twice_are_refused() -> None:
    def twice(bundle: Bundle) -> None:
        issues = [e["resource"] for e in bundle["entry"] if e["resource"].get("mitigation")]
        own(issues[1]["mitigation"][0], "acknowledgement-order")["valueInteger"] = 0

    assert "the acknowledgement numbered 0 is given twice" in str(refused(twice))


def test_the_baseline_has_no_check_in_position() -> None:
    def number(bundle: Bundle) -> None:
        baseline = next(
            e["resource"]
            for e in bundle["entry"]
            if any(c["code"] == "baseline" for c in e["resource"].get("code", {}).get("coding", []))
        )
        baseline["extension"] = [{"url": extension_url("checkin-order"), "valueInteger": 0}]

    assert "the baseline is not a check-in" in str(refused(number))


def test_the_creatinine_clearance_carries_no_extension_of_this_project() -> None:
    def progress(bundle: Bundle) -> None:
        first(bundle, "Observation")[1]["extension"] = [
            {"url": extension_url("goal-progress"), "extension": []}
        ]

    assert first(exported(), "Observation")[1]["code"]["coding"][0]["code"] == "35591-7"
    message = str(refused(progress))
    assert message.startswith(
        f"{where('Observation', 'extension[0].url')}: 'goal-progress' is not an extension"
    )
