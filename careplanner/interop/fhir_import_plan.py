"""The CarePlan's activities back into plan items and reviews; acknowledgements from the DetectedIssues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from careplanner.catalog import Catalog
from careplanner.domain import Acknowledgement, Assessment, PlanItem, Review
from careplanner.interop.fhir_common import Json, extension_text, extensions_named
from careplanner.interop.fhir_export_plan import REVIEW_KIND, activity_kind
from careplanner.interop.fhir_import_check import Entry, fail
from careplanner.interop.fhir_import_records import dose_of
from careplanner.interop.fhir_import_values import (
    code_in,
    decimal,
    ext_string,
    ext_value,
    full_date,
    one_extension,
    part_value,
    parts_of,
    text_of,
    week_of,
    whole_number,
)
from careplanner.interop.fhir_terms import ACTIVITY_KINDS, CATALOG_SYSTEM, RULE_SYSTEM, extension_url

ASSESSMENT_PARTS = (
    "week",
    "result",
    "relief-percent",
    "note",
    "decision",
    "date",
    "by",
    "replaced-by",
    "previous",
)


def _assessment(extension: Json, path: str, *, nested: bool = False) -> Assessment:
    parts = parts_of(extension, path, ASSESSMENT_PARTS if not nested else ASSESSMENT_PARTS[:-1])
    decided_on = part_value(parts, "date", "valueDate", path)
    relief = part_value(parts, "relief-percent", "valueDecimal", path)
    note = part_value(parts, "note", "valueString", path)
    by = part_value(parts, "by", "valueString", path)
    replaced_by = part_value(parts, "replaced-by", "valueString", path)
    decision = part_value(parts, "decision", "valueCode", path)
    return Assessment(
        week=whole_number(
            part_value(parts, "week", "valueInteger", path, required=True), f"{path}.extension"
        ),
        result=str(part_value(parts, "result", "valueCode", path, required=True)),
        relief_percent=decimal(relief, f"{path}.extension"),
        note=None if note is None else str(note),
        decision=None if decision is None else str(decision),
        decided_on=None if decided_on is None else full_date(decided_on, f"{path}.extension"),
        by=None if by is None else str(by),
        replaced_by=None if replaced_by is None else str(replaced_by),
        previous=tuple(_assessment(part, path, nested=True) for part in parts.get("previous", [])),
    )


def _goal_ids(detail: Json, path: str, goals: Mapping[str, str]) -> tuple[str, ...]:
    ids = []
    for index, goal in enumerate(detail.get("goal", [])):
        target = goal.get("reference")
        if target not in goals:
            raise fail(f"{path}.goal[{index}].reference", "names no Goal of this plan")
        ids.append(goals[target])
    return tuple(ids)


def plan_item(
    detail: Json, path: str, start: dt.date, catalog: Catalog, goals: Mapping[str, str]
) -> PlanItem:
    """One item; `goals` maps a Goal's fullUrl to its id."""
    if detail.get("kind") not in ACTIVITY_KINDS:
        raise fail(f"{path}.kind", f"{detail.get('kind')!r} is not a kind of treatment this program exports")
    modality = code_in(detail.get("code"), CATALOG_SYSTEM, f"{path}.code", catalog.modalities)
    if detail["kind"] != activity_kind(catalog, modality):
        raise fail(
            f"{path}.kind",
            f"{detail['kind']} is not the kind of {catalog.modality(modality).name} "
            f"(careplanner writes {activity_kind(catalog, modality)})",
        )
    period = detail.get("scheduledPeriod")
    if not isinstance(period, dict) or "start" not in period:
        raise fail(f"{path}.scheduledPeriod.start", "the week the treatment starts is needed")
    item_id = ext_string(detail, "item-id", path, required=True)
    mg_per_day, _ = dose_of(detail.get("dailyAmount"), f"{path}.dailyAmount")
    if detail.get("dailyAmount") is not None and mg_per_day is None:
        raise fail(f"{path}.dailyAmount.code", "the daily amount is given in mg/d")
    _, mcg_per_hour = dose_of(ext_value(detail, "dose-rate", "valueQuantity", path), f"{path}.extension")
    assessment = one_extension(detail, "assessment", path)
    assess_week = ext_value(detail, "assess-week", "valueInteger", path)
    return PlanItem(
        id=str(item_id),
        modality=modality,
        start_week=week_of(period["start"], start, f"{path}.scheduledPeriod.start"),
        assess_week=None if assess_week is None else whole_number(assess_week, f"{path}.extension"),
        end_week=week_of(period["end"], start, f"{path}.scheduledPeriod.end") if "end" in period else None,
        dose_mg_per_day=mg_per_day,
        region=ext_string(detail, "region", path),
        replaces=ext_string(detail, "item-replaces", path),
        goal_ids=_goal_ids(detail, path, goals),
        notes=text_of(detail, "description"),
        assessed=None if assessment is None else _assessment(assessment, path),
        dose_mcg_per_hour=mcg_per_hour,
    )


def review(detail: Json, path: str, start: dt.date) -> Review:
    period = detail.get("scheduledPeriod")
    if not isinstance(period, dict) or "start" not in period:
        raise fail(f"{path}.scheduledPeriod.start", "the week of the review is needed")
    held = ext_value(detail, "held-on", "valueDate", path)
    return Review(
        week=week_of(period["start"], start, f"{path}.scheduledPeriod.start"),
        note=text_of(detail, "description"),
        held_on=None if held is None else full_date(held, f"{path}.extension"),
    )


def activities(
    care_plan: Entry, start: dt.date, catalog: Catalog, goals: Mapping[str, str]
) -> tuple[list[tuple[PlanItem, str]], list[tuple[Review, str]]]:
    """Items and reviews, each with the path of its activity's detail."""
    items: list[tuple[PlanItem, str]] = []
    reviews: list[tuple[Review, str]] = []
    for index, activity in enumerate(care_plan.resource.get("activity", [])):
        path = f"{care_plan.path}.activity[{index}].detail"
        detail = activity["detail"]
        if detail.get("kind") == REVIEW_KIND:
            reviews.append((review(detail, path, start), path))
        else:
            items.append((plan_item(detail, path, start, catalog, goals), path))
    return items, reviews


def _acknowledgement(entry: Entry, mitigation: Json, path: str) -> tuple[int, Acknowledgement]:
    order = one_extension(mitigation, "acknowledgement-order", path, required=True)
    if order is None or "valueInteger" not in order:
        raise fail(f"{path}.extension", "the acknowledgement's position (valueInteger) is needed")
    rule = code_in(entry.resource.get("code"), RULE_SYSTEM, f"{entry.path}.code")
    items = []
    for extension in extensions_named(mitigation, extension_url("acknowledged-item")):
        text = extension_text(extension)
        if text is None:
            raise fail(f"{path}.extension", "an acknowledged item needs a valueString")
        items.append(text)
    reason = text_of(mitigation.get("action"), "text")
    by = text_of(mitigation.get("author"), "display")
    if reason is None:
        raise fail(f"{path}.action.text", "the reason for going ahead is needed")
    if by is None:
        raise fail(f"{path}.author.display", "who acknowledged the finding is needed")
    return whole_number(order["valueInteger"], f"{path}.extension"), Acknowledgement(
        rule, tuple(items), reason, by
    )


def acknowledgements(issues: list[Entry]) -> list[tuple[Acknowledgement, str]]:
    """Every acknowledgement once, by its `acknowledgement-order`, whatever the order of the entries."""
    by_order: dict[int, tuple[Acknowledgement, str]] = {}
    for entry in issues:
        for index, mitigation in enumerate(entry.resource.get("mitigation", [])):
            path = f"{entry.path}.mitigation[{index}]"
            order, acknowledgement = _acknowledgement(entry, mitigation, path)
            earlier = by_order.get(order)
            if earlier is not None:
                raise fail(
                    f"{path}.extension",
                    f"the acknowledgement numbered {order} is given twice (also at {earlier[1]}); "
                    "each is written once",
                )
            by_order[order] = (acknowledgement, path)
    missing = next((n for n in range(len(by_order)) if n not in by_order), None)
    if missing is not None:
        raise fail(
            "Bundle.entry",
            f"no acknowledgement is numbered {missing} (they are numbered 0, 1, 2, … without gaps)",
        )
    return [by_order[order] for order in sorted(by_order)]
