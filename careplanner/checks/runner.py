"""Running every registered rule over a plan and applying the clinician's acknowledgements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from careplanner.catalog.model import Catalog, Note
from careplanner.checks.context import PlanContext
from careplanner.checks.finding import SEVERITY_RANK, Finding
from careplanner.checks.registry import all_rules
from careplanner.domain import Acknowledgement, PlanDocument


@dataclass(frozen=True, slots=True)
class Reminder:
    """A prerequisite the record cannot show (e.g. documented trigger points), shown beside the item."""

    item: str
    label: str
    note: Note


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    reminders: tuple[Reminder, ...]
    unmatched_acknowledgements: tuple[Acknowledgement, ...]  # no longer match any finding
    labels: Mapping[str, str] = field(default_factory=dict)  # item id or history ref -> its name in messages

    def label(self, ref: str) -> str:
        """A plan item or history entry as the messages name it (the id only if the check never saw it)."""
        return self.labels.get(ref, ref)

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == "error" and finding.counts for finding in self.findings)

    @property
    def exit_status(self) -> int:
        return 1 if self.has_errors else 0

    def counting(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity and finding.counts)

    def for_item(self, ref: str) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if ref in finding.items)


def _acknowledge(
    findings: list[Finding], acknowledgements: tuple[Acknowledgement, ...]
) -> tuple[list[Finding], list[Acknowledgement]]:
    """Attach each finding's acknowledgement; also return the acknowledgements that match no finding."""
    by_key: dict[tuple[str, frozenset[str]], Acknowledgement] = {}
    by_rule: dict[str, Acknowledgement] = {}
    for acknowledgement in acknowledgements:
        by_key.setdefault((acknowledgement.rule, frozenset(acknowledgement.items)), acknowledgement)
        by_rule.setdefault(acknowledgement.rule, acknowledgement)
    result = []
    for finding in findings:
        ack = (
            by_key.get((finding.rule, frozenset(finding.items)))
            if finding.items
            else by_rule.get(finding.rule)
        )
        result.append(finding if ack is None else finding.with_acknowledgement(ack))
    keys = {(finding.rule, frozenset(finding.items)) for finding in findings}
    item_less_rules = {finding.rule for finding in findings if not finding.items}
    unmatched = [
        ack
        for ack in acknowledgements
        if (ack.rule, frozenset(ack.items)) not in keys and ack.rule not in item_less_rules
    ]
    return result, unmatched


def _sort_key(ctx: PlanContext, finding: Finding) -> tuple[int, int, str, tuple[int, ...]]:
    positions = tuple(ctx.position.get(ref, len(ctx.position)) for ref in finding.items)
    return (SEVERITY_RANK[finding.severity], min(positions, default=-1), finding.rule, positions)


def _reminders(ctx: PlanContext) -> tuple[Reminder, ...]:
    return tuple(
        Reminder(course.ref, course.label, note)
        for course in ctx.planned
        for note in course.modality.reminders
    )


def check_plan(
    document: PlanDocument,
    catalog: Catalog,
    *,
    as_of: dt.date | None = None,
    only: Collection[str] | None = None,
) -> CheckReport:
    """Every finding of every rule (or of the rules in `only`), most severe first, in plan order."""
    ctx = PlanContext(document, catalog, as_of)
    findings = [
        finding
        for registered in all_rules()
        if only is None or registered.id in only
        for finding in registered.run(ctx)
    ]
    findings.sort(key=lambda finding: _sort_key(ctx, finding))
    acknowledged, unmatched = _acknowledge(findings, document.plan.acknowledged)
    labels = {ref: course.label for ref, course in ctx.by_ref.items()}
    return CheckReport(tuple(acknowledged), _reminders(ctx), tuple(unmatched), labels)
