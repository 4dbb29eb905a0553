"""One DetectedIssue per finding of the checks; acknowledgements as their mitigations (docs/fhir.md).

Every acknowledgement of the plan is written exactly once with its position (`acknowledgement-order`): on the
first finding it acknowledges, or, when it acknowledges no current finding, on a DetectedIssue of status
"cancelled" of its own. Import reads the acknowledgements back from there, in that order; the findings
themselves are recomputed by the checks and never imported.
"""

from __future__ import annotations

import datetime as dt

from careplanner.checks import CheckReport, Finding
from careplanner.domain import Acknowledgement, PlanDocument
from careplanner.interop.fhir_common import Json, coding, ext, ext_text, iso, put_text, reference
from careplanner.interop.fhir_terms import RULE_SYSTEM, SEVERITY_TO_FHIR

NO_LONGER_RAISED = "Acknowledged earlier; the checks no longer raise this finding."


def mitigation(acknowledgement: Acknowledgement, order: int) -> Json:
    action: Json = {}
    put_text(action, "text", acknowledgement.reason)
    author: Json = {}
    put_text(author, "display", acknowledgement.by)
    extensions = [ext("acknowledgement-order", "Integer", order)]
    extensions += [ext_text("acknowledged-item", item) for item in acknowledgement.items]
    return {"extension": extensions, "action": action, "author": author}


def _issue(rule: str, items: tuple[str, ...], links: tuple[str, str], as_of: dt.date | None) -> Json:
    patient, plan = links
    resource: Json = {
        "resourceType": "DetectedIssue",
        "code": {"coding": [coding(RULE_SYSTEM, rule)]},
        "patient": reference(patient),
        "implicated": [reference(plan)],
    }
    if items:
        resource["extension"] = [ext_text("implicated-item", item) for item in items]
    if as_of is not None:
        resource["identifiedDateTime"] = iso(as_of)
    return resource


def _first_acknowledged(report: CheckReport, acknowledgements: tuple[Acknowledgement, ...]) -> dict[int, int]:
    """Finding index -> acknowledgement index, for the first finding each acknowledgement is attached to."""
    placed: dict[int, int] = {}
    for order, acknowledgement in enumerate(acknowledgements):
        for index, finding in enumerate(report.findings):
            if finding.acknowledged is acknowledgement and index not in placed:
                placed[index] = order
                break
    return placed


def finding_issue(finding: Finding, links: tuple[str, str], as_of: dt.date | None) -> Json:
    resource = _issue(finding.rule, finding.items, links, as_of)
    resource["status"] = "final"
    resource["severity"] = SEVERITY_TO_FHIR[finding.severity]
    resource["detail"] = finding.message
    return resource


def detected_issues(
    document: PlanDocument, report: CheckReport, links: tuple[str, str], as_of: dt.date | None
) -> list[Json]:
    """The findings in the report's order, then the acknowledgements that no finding carries."""
    acknowledgements = document.plan.acknowledged
    placed = _first_acknowledged(report, acknowledgements)
    issues = []
    for index, finding in enumerate(report.findings):
        issue = finding_issue(finding, links, as_of)
        if index in placed:
            order = placed[index]
            issue["mitigation"] = [mitigation(acknowledgements[order], order)]
        issues.append(issue)
    carried = set(placed.values())
    for order, acknowledgement in enumerate(acknowledgements):
        if order in carried:
            continue
        issue = _issue(acknowledgement.rule, acknowledgement.items, links, as_of)
        issue |= {"status": "cancelled", "detail": NO_LONGER_RAISED}
        issue["mitigation"] = [mitigation(acknowledgement, order)]
        issues.append(issue)
    return issues
