"""Reading rules.toml: the interaction, duplication, caution and guidance tables and the rules' numbers."""

from __future__ import annotations

from careplanner.catalog.model import (
    ClassSet,
    Explanation,
    Guidance,
    Interaction,
    PatientCaution,
    RuleTables,
    Selector,
    Thresholds,
)
from careplanner.catalog.parse_modality import sources_of
from careplanner.validation import Node

SELECTOR_KINDS = ("class", "tag", "modality")
SEVERITIES = ("error", "warning", "info")


def parse_selector(node: Node) -> Selector:
    text = node.as_text()
    kind, _, value = text.partition(":")
    if kind not in SELECTOR_KINDS or not value:
        node.fail(f'"{text}" is not a selector (class:<id>, tag:<tag> or modality:<id>)')
    return Selector(kind, value)


def parse_selectors(node: Node) -> tuple[Selector, ...]:
    selectors = tuple(parse_selector(item) for item in node.items())
    if not selectors:
        node.fail("must not be empty")
    return selectors


def parse_interaction(node: Node) -> Interaction:
    node.reject_unknown(
        frozenset({"first", "second", "severity", "sources", "why", "raised_severity", "raised_with"})
    )
    raised, raised_with = node.get("raised_severity"), node.get("raised_with")
    if (raised is None) != (raised_with is None):
        node.fail("give raised_severity and raised_with together")
    return Interaction(
        first=parse_selectors(node.require("first")),
        second=parse_selectors(node.require("second")),
        severity=node.require("severity").as_choice(SEVERITIES),
        sources=sources_of(node),
        why=node.require("why").as_text(),
        raised_severity=raised.as_choice(SEVERITIES) if raised else None,
        raised_with=frozenset(c.as_id() for c in raised_with.items()) if raised_with else frozenset(),
    )


def parse_caution(node: Node) -> PatientCaution:
    node.reject_unknown(
        frozenset({"id", "applies_to", "from_age", "conditions", "above_mg_per_day", "sources", "why"})
    )
    age, conditions, above = node.get("from_age"), node.get("conditions"), node.get("above_mg_per_day")
    if age is None and conditions is None:
        node.fail("needs from_age or conditions")
    return PatientCaution(
        id=node.require("id").as_id(),
        applies_to=parse_selectors(node.require("applies_to")),
        sources=sources_of(node),
        why=node.require("why").as_text(),
        from_age=age.as_int(minimum=0, maximum=130) if age else None,
        conditions=frozenset(c.as_id() for c in conditions.items()) if conditions else frozenset(),
        above_mg_per_day=above.as_number(minimum=0) if above else None,
    )


def parse_class_set(node: Node, *, with_count: bool) -> ClassSet:
    allowed = {"classes", "sources", "why"} | ({"min_count", "from_age"} if with_count else set())
    node.reject_unknown(frozenset(allowed))
    return ClassSet(
        classes=frozenset(c.as_id() for c in node.require("classes").items()),
        sources=sources_of(node),
        why=node.require("why").as_text(),
        min_count=node.require("min_count").as_int(minimum=2) if with_count else 2,
        from_age=node.require("from_age").as_int(minimum=0, maximum=130) if with_count else None,
    )


def parse_guidance(node: Node) -> Guidance:
    node.reject_unknown(frozenset({"condition", "modalities", "sources", "why"}))
    return Guidance(
        condition=node.require("condition").as_id(),
        modalities=frozenset(m.as_id() for m in node.require("modalities").items()),
        sources=sources_of(node),
        why=node.require("why").as_text(),
    )


def parse_thresholds(root: Node) -> Thresholds:
    older = root.require("older_adult")
    sequencing = root.require("sequencing")
    monitoring = root.require("monitoring")
    rehab = root.require("rehabilitation")
    coverage = root.require("coverage")
    botox = root.require("botox_stop")
    return Thresholds(
        older_adult_age=older.require("from_age").as_int(minimum=0, maximum=130),
        too_many_count=sequencing.require("too_many_count").as_int(minimum=2),
        too_many_within_weeks=sequencing.require("too_many_within_weeks").as_int(minimum=1),
        first_review_from_week=monitoring.require("first_review_from_week").as_int(minimum=0),
        first_review_by_week=monitoring.require("first_review_by_week").as_int(minimum=1),
        opioid_review_from_weeks=monitoring.require("opioid_review_from_weeks").as_int(minimum=0),
        opioid_review_within_weeks=monitoring.require("opioid_review_within_weeks").as_int(minimum=1),
        rehab_within_weeks=rehab.require("start_within_weeks").as_int(minimum=0),
        rehab_exempt=frozenset(m.as_id() for m in rehab.require("exempt").items()),
        min_layers=coverage.require("min_layers").as_int(minimum=1),
        botox_min_fall_percent=botox.require("min_fall_percent").as_int(minimum=1, maximum=100),
        sources={
            "older_adult": sources_of(older),
            "sequencing": sources_of(sequencing),
            "monitoring": sources_of(monitoring),
            "opioid_review": monitoring.require("opioid_sources").as_texts(),
            "rehabilitation": sources_of(rehab),
            "coverage": sources_of(coverage),
            "botox_stop": sources_of(botox),
        },
    )


def parse_explanations(node: Node) -> dict[str, Explanation]:
    explanations = {}
    for rule_id, entry in node.entries():
        with node.sink.guard():
            entry.reject_unknown(frozenset({"why", "sources", "title"}))
            explanations[rule_id] = Explanation(
                entry.require("why").as_text(), sources_of(entry), entry.require("title").as_text()
            )
    return explanations


def parse_rule_tables(root: Node) -> RuleTables:
    root.reject_unknown(
        frozenset(
            {
                "older_adult",
                "interactions",
                "duplicate_classes",
                "patient_cautions",
                "cns_burden",
                "chronic_primary_pain",
                "sequencing",
                "monitoring",
                "rehabilitation",
                "coverage",
                "botox_stop",
                "explanations",
            }
        )
    )
    return RuleTables(
        interactions=tuple(parse_interaction(n) for n in root.require("interactions").items()),
        duplicate_classes=parse_class_set(root.require("duplicate_classes"), with_count=False),
        patient_cautions=tuple(parse_caution(n) for n in root.require("patient_cautions").items()),
        cns_burden=parse_class_set(root.require("cns_burden"), with_count=True),
        guidance=parse_guidance(root.require("chronic_primary_pain")),
        thresholds=parse_thresholds(root),
        explanations=parse_explanations(root.require("explanations")),
    )
