"""A check report as the JSON of docs/plan-format.md, or as text a clinician reads."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from careplanner.catalog.model import Catalog
from careplanner.checks.finding import SEVERITIES, Finding
from careplanner.checks.runner import CheckReport
from careplanner.domain import PlanDocument
from careplanner.reports.dates import short_date

WIDTH = 100
HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Information"}


def finding_to_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity,
        "items": list(finding.items),
        "message": finding.message,
        "source": finding.source,
    }
    if finding.acknowledged is not None:
        data["acknowledged"] = {"reason": finding.acknowledged.reason, "by": finding.acknowledged.by}
    return data


def report_to_json(report: CheckReport) -> str:
    return json.dumps(
        {"findings": [finding_to_json(f) for f in report.findings]}, indent=2, ensure_ascii=False
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _wrap(text: str, indent: str, hanging: str | None = None) -> list[str]:
    lines = textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging or indent)
    return lines or [indent]


def _display_names(document: PlanDocument, catalog: Catalog) -> dict[str, str]:
    """How a finding names each item it is about: plan item ids, and history[N] for history entries."""
    names = {
        f"history[{index}]": entry.name or catalog.modality(entry.modality).name
        for index, entry in enumerate(document.history)
    }
    names |= {item.id: catalog.modality(item.modality).name for item in document.plan.items}
    return {ref: f"{name} ({ref})" for ref, name in names.items()}


def _item_names(names: dict[str, str], finding: Finding) -> str:
    return ", ".join(names.get(ref, ref) for ref in finding.items) or "the whole plan"


def _summary_line(report: CheckReport) -> str:
    parts = [_plural(report.counting("error"), "error"), _plural(report.counting("warning"), "warning")]
    parts.append(f"{report.counting('info')} information")
    acknowledged = sum(1 for finding in report.findings if not finding.counts)
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    return ", ".join(parts)


def _finding_lines(names: dict[str, str], finding: Finding) -> list[str]:
    lines = [f"  {finding.rule} - {_item_names(names, finding)}"]
    lines += _wrap(finding.message, "      ")
    lines.append(f"      Source: {finding.source}")
    if finding.acknowledged is not None:
        ack = finding.acknowledged
        lines += _wrap(f'Acknowledged by {ack.by}: "{ack.reason}" (does not count)', "      ")
    return lines


def report_to_text(report: CheckReport, document: PlanDocument, catalog: Catalog) -> str:
    patient, plan = document.patient, document.plan
    lines = [
        f"Plan for {patient.name} ({patient.id}), starting {short_date(plan.start)}: "
        f"{_plural(len(plan.items), 'item')}",
        _summary_line(report),
    ]
    names = _display_names(document, catalog)
    for severity in SEVERITIES:
        group = [finding for finding in report.findings if finding.severity == severity]
        if group:
            lines += ["", f"{HEADINGS[severity]} ({len(group)})"]
            for finding in group:
                lines += _finding_lines(names, finding)
    if not report.findings:
        lines += ["", "No findings: the plan passes every check."]
    if report.reminders:
        lines += ["", "Reminders (not readable from the record; confirm before the procedure)"]
        for reminder in report.reminders:
            lines += _wrap(
                f"{reminder.label}: {reminder.note.text} [{', '.join(reminder.note.sources)}]", "  "
            )
    if report.unmatched_acknowledgements:
        lines += ["", "Acknowledgements that no longer match a finding"]
        for ack in report.unmatched_acknowledgements:
            lines += _wrap(
                f"{ack.rule} {', '.join(ack.items) or '(whole plan)'} by {ack.by}: {ack.reason}", "  "
            )
    cited = sorted({key.strip() for finding in report.findings for key in finding.source.split(",")})
    if cited:
        lines += ["", "Sources"]
        for key in cited:
            lines += _wrap(catalog.cite((key,)) or key, "  ", "      ")
    return "\n".join(lines) + "\n"
