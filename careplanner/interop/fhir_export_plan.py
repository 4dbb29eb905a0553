"""The CarePlan: one activity per plan item, then one per review (docs/fhir.md)."""

from __future__ import annotations

from dataclasses import dataclass

from careplanner.catalog import LAYERS, Catalog
from careplanner.domain import Assessment, PlanDocument, PlanItem, Review
from careplanner.interop.fhir_common import (
    REASON_UNKNOWN_CODE,
    FhirError,
    Json,
    coding,
    complex_ext,
    ext,
    ext_text,
    iso,
    put_text,
    reference,
    sub,
)
from careplanner.interop.fhir_export_records import dose_quantity, treatment_code
from careplanner.interop.fhir_narrative import narrative
from careplanner.interop.fhir_terms import (
    ACTIVITY_KIND_DEVICE,
    ACTIVITY_KIND_MEDICATION,
    ACTIVITY_KIND_SERVICE,
    PLAN_CATEGORY,
    PLAN_CATEGORY_SYSTEM,
    PLAN_SYSTEM,
    UCUM,
    UNIT_MG_PER_DAY,
)

REVIEW_KIND = "Appointment"
PLAN_STATUSES = ("draft", "active", "completed", "revoked")


@dataclass(frozen=True)
class PlanHeader:
    """What the store knows about the plan beyond its document."""

    title: str | None
    status: str | None
    revision: int | None
    plan_id: int | None
    author: str | None


@dataclass(frozen=True)
class Links:
    """The fullUrls the CarePlan refers to."""

    patient: str
    conditions: list[str]
    goals: dict[str, str]  # goal id -> fullUrl


def activity_kind(catalog: Catalog, modality_id: str) -> str:
    modality = catalog.modality(modality_id)
    if modality.is_medicine:
        return ACTIVITY_KIND_MEDICATION
    if modality.kind == "device-trial":
        return ACTIVITY_KIND_DEVICE
    return ACTIVITY_KIND_SERVICE


def activity_status(item: PlanItem) -> str:
    """Read from the item alone, so the same item always says the same (never imported)."""
    assessed = item.assessed
    if assessed is None:
        return "scheduled"
    if assessed.decision in ("stop", "replace"):
        return "stopped"
    if assessed.decision == "adjust-dose":
        return "completed"
    if assessed.decision is None and assessed.result in ("failed", "intolerant"):
        return "stopped"
    return "in-progress"


def _assessment_parts(assessment: Assessment) -> list[Json]:
    parts = [sub("week", "Integer", assessment.week), sub("result", "Code", assessment.result)]
    if assessment.relief_percent is not None:
        parts.append(sub("relief-percent", "Decimal", assessment.relief_percent))
    if assessment.note is not None:
        parts.append(ext_text("note", assessment.note, nested=True))
    if assessment.decision is not None:
        parts.append(sub("decision", "Code", assessment.decision))
    if assessment.decided_on is not None:
        parts.append(sub("date", "Date", iso(assessment.decided_on)))
    if assessment.by is not None:
        parts.append(ext_text("by", assessment.by, nested=True))
    if assessment.replaced_by is not None:
        parts.append(ext_text("replaced-by", assessment.replaced_by, nested=True))
    parts += [
        complex_ext("previous", _assessment_parts(earlier), nested=True) for earlier in assessment.previous
    ]
    return parts


def _informational(catalog: Catalog, item: PlanItem) -> list[Json]:
    """Derived from the catalog (window, stage): for readers of the Bundle, never imported."""
    modality = catalog.modality(item.modality)
    extensions = [
        complex_ext(
            "stage",
            [sub("layer", "Code", modality.layer), sub("order", "Integer", LAYERS.index(modality.layer) + 1)],
        )
    ]
    if modality.window is not None:
        window = modality.window
        extensions.append(
            complex_ext(
                "window",
                [
                    sub("min-weeks", "Integer", window.min_weeks),
                    sub("max-weeks", "Integer", window.max_weeks),
                ],
            )
        )
    return extensions


def _item_extensions(catalog: Catalog, item: PlanItem) -> list[Json]:
    extensions = [ext_text("item-id", item.id)]
    if item.assess_week is not None:
        extensions.append(ext("assess-week", "Integer", item.assess_week))
    if item.dose_mcg_per_hour is not None:
        extensions.append(ext("dose-rate", "Quantity", dose_quantity(None, item.dose_mcg_per_hour)))
    if item.region is not None:
        extensions.append(ext_text("region", item.region))
    if item.replaces is not None:
        extensions.append(ext_text("item-replaces", item.replaces))
    if item.assessed is not None:
        extensions.append(complex_ext("assessment", _assessment_parts(item.assessed)))
    return extensions + _informational(catalog, item)


def item_activity(document: PlanDocument, catalog: Catalog, item: PlanItem, links: Links) -> Json:
    if item.modality not in catalog.modalities:
        raise FhirError(
            f"plan item {item.id!r}: {item.modality!r} is not a treatment of the catalog", REASON_UNKNOWN_CODE
        )
    missing = [goal_id for goal_id in item.goal_ids if goal_id not in links.goals]
    if missing:
        raise FhirError(f"plan item {item.id!r} names the goal {missing[0]!r}, which the plan does not have")
    period: Json = {"start": iso(document.plan.week_date(item.start_week))}
    if item.end_week is not None:
        period["end"] = iso(document.plan.week_date(item.end_week))
    detail: Json = {
        "extension": _item_extensions(catalog, item),
        "kind": activity_kind(catalog, item.modality),
        "code": treatment_code(catalog, item.modality),
        "status": activity_status(item),
        "scheduledPeriod": period,
    }
    if item.goal_ids:
        detail["goal"] = [reference(links.goals[goal_id]) for goal_id in item.goal_ids]
    put_text(detail, "description", item.notes)
    if item.dose_mg_per_day is not None and item.dose_mcg_per_hour is None:
        detail["dailyAmount"] = {
            "value": item.dose_mg_per_day,
            "unit": UNIT_MG_PER_DAY,
            "system": UCUM,
            "code": UNIT_MG_PER_DAY,
        }
    return {"detail": detail}


def review_activity(document: PlanDocument, review: Review) -> Json:
    detail: Json = {
        "kind": REVIEW_KIND,
        "status": "completed" if review.held_on else "scheduled",
        "scheduledPeriod": {"start": iso(document.plan.week_date(review.week))},
    }
    if review.held_on is not None:
        detail["extension"] = [ext("held-on", "Date", iso(review.held_on))]
    put_text(detail, "description", review.note)
    return {"detail": detail}


def plan_identifier(plan_id: int, revision: int) -> Json:
    return {"system": PLAN_SYSTEM, "value": f"{plan_id}@{revision}"}


def care_plan(document: PlanDocument, catalog: Catalog, header: PlanHeader, links: Links) -> Json:
    status = header.status if header.status in PLAN_STATUSES else "draft"
    resource: Json = {"resourceType": "CarePlan"}
    if header.plan_id is not None and header.revision is not None:
        resource["identifier"] = [plan_identifier(header.plan_id, header.revision)]
        if header.revision > 1:
            resource["replaces"] = [{"identifier": plan_identifier(header.plan_id, header.revision - 1)}]
    resource |= {
        "text": narrative(document, catalog, header.title),
        "status": status,
        "intent": "plan",
        "category": [
            {"coding": [coding(PLAN_CATEGORY_SYSTEM, PLAN_CATEGORY, "Staged multimodal pain plan")]}
        ],
        "subject": reference(links.patient),
        "period": {"start": iso(document.plan.start)},
    }
    put_text(resource, "title", header.title)
    if header.author is not None:
        resource["author"] = {}
        put_text(resource["author"], "display", header.author)
    if links.conditions:
        resource["addresses"] = [reference(url) for url in links.conditions]
    if links.goals:
        resource["goal"] = [reference(links.goals[goal.id]) for goal in document.goals]
    activities = [item_activity(document, catalog, item, links) for item in document.plan.items]
    activities += [review_activity(document, review) for review in document.plan.reviews]
    if activities:
        resource["activity"] = activities
    return resource
