"""What the agenda dialog edits, as plain data and words: a meeting's draft, the lines of its lists.

Kept apart from the widgets so that "has anything changed?" is a comparison of two values and every line the
user reads is made in one place (names, record numbers, dates in words; never a database id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplanner.reports.dates import short_date
from careplanner.team.meetings import (
    AgendaCandidate,
    AgendaEntry,
    Attendee,
    Meeting,
    MeetingSummary,
    Suggestion,
)
from careplanner.team.model import discipline_name, local_day

NOT_SUGGESTED = "Not among the suggestions"  # shown for a plan with no reason: the chair chose it


@dataclass(frozen=True)
class AgendaLine:
    """One patient's plan on the agenda (chosen) or offered for it (suggested or another open plan)."""

    plan_id: int
    patient_name: str
    record_number: str
    plan_title: str
    reasons: tuple[str, ...]
    recommended: str | None = None  # who recorded the team's recommendation, and when; None: none yet

    @property
    def heading(self) -> str:
        return f"{self.patient_name} ({self.record_number}) — {self.plan_title}"

    @property
    def words(self) -> str:
        """The heading, then each reason on a line of its own (and the recommendation, when there is one)."""
        lines = [self.heading, *(f"   • {reason}" for reason in self.reasons or (NOT_SUGGESTED,))]
        if self.recommended is not None:
            lines.append(f"   Recommendation recorded by {self.recommended}")
        return "\n".join(lines)


@dataclass(frozen=True)
class MeetingDraft:
    """Everything the chair edits; two drafts are equal when nothing needs saving."""

    held_on: dt.date
    title: str
    attendees: tuple[Attendee, ...]
    plans: tuple[int, ...]  # plan ids in agenda order


def line_of_suggestion(suggestion: Suggestion) -> AgendaLine:
    return AgendaLine(
        suggestion.plan_id,
        suggestion.patient_name,
        suggestion.record_number,
        suggestion.plan_title,
        suggestion.reasons,
    )


def line_of_candidate(candidate: AgendaCandidate) -> AgendaLine:
    return AgendaLine(
        candidate.plan_id,
        candidate.patient_name,
        candidate.record_number,
        candidate.plan_title,
        (),
    )


def line_of_entry(entry: AgendaEntry) -> AgendaLine:
    recommended = None
    if entry.recommendation is not None:
        made = entry.recommendation
        recommended = (
            f"{made.by_name} ({discipline_name(made.discipline)}) on {short_date(local_day(made.at))}"
        )
    return AgendaLine(
        entry.plan_id, entry.patient_name, entry.record_number, entry.plan_title, entry.reasons, recommended
    )


def other_open_plans(candidates: list[AgendaCandidate], suggested: list[Suggestion]) -> list[AgendaLine]:
    """Open plans the suggestions left out, by patient name: the chair may still put them on the agenda."""
    taken = {suggestion.plan_id for suggestion in suggested}
    return [line_of_candidate(c) for c in candidates if c.plan_id not in taken]


def attendee_words(attendee: Attendee) -> str:
    guest = "" if attendee.login is not None else " (guest)"
    return f"{attendee.name} — {discipline_name(attendee.discipline)}{guest}"


def same_person(one: Attendee, other: Attendee) -> bool:
    """Users are the same by login; guests by name (the store lists a guest's name once)."""
    if one.login is not None or other.login is not None:
        return one.login == other.login
    return one.name.strip().casefold() == other.name.strip().casefold()


def summary_cells(summary: MeetingSummary) -> tuple[str, str, str, str, str]:
    """Date, title, chair, patients, recommendations: one line of the list of meetings."""
    recorded = f"{summary.recommended} of {summary.patients}" if summary.patients else "—"
    return (
        short_date(summary.held_on),
        summary.title,
        summary.chair_name,
        str(summary.patients),
        recorded,
    )


def meeting_words(meeting: Meeting) -> str:
    """E.g. "Pain team meeting on 2 Dec 2026" (the title as the chair wrote it)."""
    return f"{meeting.title or 'The meeting'} on {short_date(meeting.held_on)}"


def draft_of(meeting: Meeting) -> MeetingDraft:
    return MeetingDraft(
        meeting.held_on, meeting.title, meeting.attendees, tuple(entry.plan_id for entry in meeting.entries)
    )
