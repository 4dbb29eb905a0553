"""Which open plans a team meeting should perhaps discuss, and why, in words; the chair chooses.

A plan is suggested when a review is overdue on the meeting date or falls due within a few days after it,
when the checks (run as of the meeting date) report errors nobody acknowledged, or when no discipline's
sign-off counts for the plan as it stands (none given, or all given on an earlier revision).

The checks are the costly part, and their errors do not depend on the meeting date (the one rule that reads
the date, an assessment not recorded in time, reports a warning): a caller that tries several dates for the
same candidates passes an `error_counts` cache, so that a new date re-runs only the reviews and sign-offs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

from careplanner.catalog.model import Catalog
from careplanner.checks import check_plan
from careplanner.followup.due import DUE, OVERDUE, REVIEW, due_words, open_dates, status_on
from careplanner.name_order import sort_name
from careplanner.reports.dates import short_date
from careplanner.team.meetings import SUGGESTION_DAYS_AHEAD, AgendaCandidate, Suggestion
from careplanner.team.model import current_signoffs

OVERDUE_REVIEW, UNACKNOWLEDGED_ERRORS, REVIEW_SOON, NO_SIGNOFF = 0, 1, 2, 3  # Suggestion.urgency
NOT_SIGNED = "Not signed off yet"
SIGNOFFS_OUTDATED = "Sign-offs outdated: the plan changed after them"

# Unacknowledged errors of a plan by (plan id, head revision). One cache serves one read of the candidates:
# the patient's details, which the checks also read, can change without a new plan revision.
ErrorCounts = MutableMapping[tuple[int, int], int]


@dataclass(frozen=True, slots=True)
class _Reason:
    urgency: int
    words: str
    due: dt.date = dt.date.max  # a review's due date; the latest date for a reason without one


def suggest_agenda(
    candidates: Iterable[AgendaCandidate],
    catalog: Catalog,
    meeting_date: dt.date,
    days_ahead: int = SUGGESTION_DAYS_AHEAD,
    error_counts: ErrorCounts | None = None,
) -> list[Suggestion]:
    """The plans with at least one reason, most urgent first, then by the earliest due date, then by name.

    `error_counts`, when given, is read and filled: plans already checked are not checked again."""
    counts: ErrorCounts = {} if error_counts is None else error_counts
    ranked: list[tuple[tuple[int, dt.date, str, str, int], Suggestion]] = []
    for candidate in candidates:
        found = _reasons(candidate, catalog, meeting_date, days_ahead, counts)
        reasons = sorted(found, key=_reason_order)
        if not reasons:
            continue
        suggestion = Suggestion(
            plan_id=candidate.plan_id,
            patient_id=candidate.patient_id,
            patient_name=candidate.patient_name,
            record_number=candidate.record_number,
            plan_title=candidate.plan_title,
            reasons=tuple(reason.words for reason in reasons),
            urgency=reasons[0].urgency,
        )
        earliest = min(reason.due for reason in reasons)
        name = sort_name(candidate.patient_name)
        ranked.append(
            ((suggestion.urgency, earliest, name, candidate.record_number, candidate.plan_id), suggestion)
        )
    ranked.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in ranked]


def _reason_order(reason: _Reason) -> tuple[int, dt.date]:
    return reason.urgency, reason.due


def _reasons(
    candidate: AgendaCandidate,
    catalog: Catalog,
    meeting_date: dt.date,
    days_ahead: int,
    error_counts: ErrorCounts,
) -> list[_Reason]:
    """Every reason of one plan; the cheap ones first, the checks (the costly part) last."""
    reasons = _signoff_reasons(candidate)
    reasons += _review_reasons(candidate, meeting_date, days_ahead)
    key = (candidate.plan_id, candidate.head_revision)
    errors = error_counts.get(key)
    if errors is None:
        errors = error_counts[key] = _unacknowledged_errors(candidate, catalog, meeting_date)
    if errors:
        reasons.append(_Reason(UNACKNOWLEDGED_ERRORS, f"{_count(errors, 'error')} not acknowledged"))
    return reasons


def _signoff_reasons(candidate: AgendaCandidate) -> list[_Reason]:
    if not candidate.signoffs:
        return [_Reason(NO_SIGNOFF, NOT_SIGNED)]
    if not current_signoffs(candidate.signoffs, candidate.signoff_revision):
        return [_Reason(NO_SIGNOFF, SIGNOFFS_OUTDATED)]
    return []


def _review_reasons(candidate: AgendaCandidate, meeting_date: dt.date, days_ahead: int) -> list[_Reason]:
    """Each review not yet held that is overdue on the meeting date or due within `days_ahead` after it."""
    reasons = []
    for due in open_dates(candidate.document):
        if due.kind != REVIEW:
            continue
        status = status_on(due.due_date, meeting_date, days_ahead)
        if status == OVERDUE:
            late = due_words(due.due_date, meeting_date)
            words = f"Review {late} (week {due.week}, due {short_date(due.due_date)})"
            reasons.append(_Reason(OVERDUE_REVIEW, words, due.due_date))
        elif status == DUE:
            words = f"Review due on {short_date(due.due_date)} (week {due.week})"
            reasons.append(_Reason(REVIEW_SOON, words, due.due_date))
    return reasons


def _unacknowledged_errors(candidate: AgendaCandidate, catalog: Catalog, meeting_date: dt.date) -> int:
    report = check_plan(candidate.document, catalog, as_of=meeting_date)
    return sum(1 for finding in report.findings if finding.severity == "error" and finding.counts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
