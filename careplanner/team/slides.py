"""What the meeting mode shows for one patient: words and data for the projector, never an id or a rule code.

Built from `SlideSources`, everything the store reads for one agenda entry; the window draws it as it is.
"""

from __future__ import annotations

import datetime as dt

from careplanner.catalog.model import Catalog
from careplanner.changes import plan_changes
from careplanner.checks import SEVERITIES, Finding, check_plan
from careplanner.domain import PlanDocument
from careplanner.outcomes import outcome_chart
from careplanner.reports.dates import short_date
from careplanner.reports.summary_team import open_comment_lines, signoff_lines
from careplanner.team.meetings import FindingLine, Recommendation, Slide, SlideSources
from careplanner.team.recommendations import recommended_by

FIRST_TIME = "First time before the team: no earlier meeting or sign-off"
NO_DIFFERENCES = "No differences."


def build_slide(sources: SlideSources, catalog: Catalog, as_of: dt.date) -> Slide:
    """One patient's page; the checks run as of `as_of` (the meeting's date)."""
    entry, document = sources.entry, sources.document
    since_words, changes = _since(sources, catalog)
    return Slide(
        position=entry.position,
        count=len(sources.meeting.entries),
        heading=patient_heading(document, as_of),
        plan_line=plan_line(entry.plan_title, sources.plan_status, sources.head_revision, document),
        reasons=entry.reasons,
        document=document,
        chart_available=outcome_chart(document, catalog) is not None,
        findings=finding_lines(document, catalog, as_of),
        since_words=since_words,
        changes=changes,
        open_comments=tuple(open_comment_lines(sources.comments)),
        signoffs=tuple(signoff_lines(sources.signoffs, sources.signoff_revision)),
        recommendation=recommendation_words(entry.recommendation),
    )


def patient_heading(document: PlanDocument, as_of: dt.date) -> str:
    """E.g. "Ana Example · record P-1 · born 3 Mar 1970 (56 years)" — the age on the meeting's day."""
    patient = document.patient
    age = patient.age_on(as_of)
    return f"{patient.name} · record {patient.id} · born {short_date(patient.birth_date)} ({age} years)"


def plan_line(title: str, status: str, revision: int, document: PlanDocument) -> str:
    """E.g. "Staged plan · active · revision 4 · plan starts 7 Dec 2026", as the window's header says it."""
    return f"{title} · {status} · revision {revision} · plan starts {short_date(document.plan.start)}"


def finding_lines(document: PlanDocument, catalog: Catalog, as_of: dt.date) -> tuple[FindingLine, ...]:
    """The findings as of the meeting: open ones first, then by severity, otherwise in the checks' order."""
    findings = check_plan(document, catalog, as_of=as_of).findings
    ordered = sorted(findings, key=lambda f: (not f.counts, SEVERITIES.index(f.severity)))
    return tuple(FindingLine(f.severity, f.message, _acknowledged(f)) for f in ordered)


def _acknowledged(finding: Finding) -> str | None:
    ack = finding.acknowledged
    return None if ack is None else f"Acknowledged by {ack.by}: {ack.reason}"


def _since(sources: SlideSources, catalog: Catalog) -> tuple[str, tuple[str, ...]]:
    """What changed since the team last saw the plan, or that it has not seen it before."""
    if sources.since is None or sources.since_document is None:
        return FIRST_TIME, ()
    changes = plan_changes(
        sources.since_document, sources.document, catalog, sources.since_status, sources.plan_status
    )
    return f"Changes {sources.since.words}", tuple(change.text for change in changes) or (NO_DIFFERENCES,)


def recommendation_words(recommendation: Recommendation | None) -> str | None:
    """The recommendation with who recorded it and when; None when none was recorded."""
    if recommendation is None:
        return None
    return f"{recommendation.text} — {recommended_by(recommendation)}"
