"""The minutes of a team meeting in words: who was there, and per patient what the team recommended, who
agreed, who dissented and why, and what is still open. The printout (careplanner.reports.minutes) lays it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from careplanner.reports.summary_team import open_comment_lines
from careplanner.team.meetings import Attendee, Meeting, Minutes, MinutesEntry, MinutesSource
from careplanner.team.model import discipline_name, latest_signoffs, signoff_words
from careplanner.team.recommendations import recommended_by

NO_RECOMMENDATION = "No recommendation was recorded."


def minutes_of(meeting: Meeting, sources: Sequence[MinutesSource]) -> Minutes:
    """The minutes, the patients in the agenda's order. They record the meeting: sign-offs and comments are
    those on record at the end of the meeting's day (this workstation's clock), never later ones."""
    ends = end_of_day(meeting.held_on)
    ordered = [_as_at(source, ends) for source in sorted(sources, key=lambda source: source.entry.position)]
    return Minutes(
        title=meeting.title,
        held_on=meeting.held_on,
        chair=_chair(meeting),
        attendees=tuple(attendee_words(attendee) for attendee in meeting.attendees),
        entries=tuple(_entry(source) for source in ordered),
    )


def end_of_day(day: dt.date) -> dt.datetime:
    """Midnight after `day` on this workstation's clock, as an aware moment (stored times are UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()


def _as_at(source: MinutesSource, moment: dt.datetime) -> MinutesSource:
    """The sign-offs given and the comments open at `moment`."""
    signoffs = tuple(signoff for signoff in source.signoffs if signoff.at < moment)
    comments = tuple(
        dataclasses.replace(comment, resolved_at=None, resolved_by=None)
        if comment.resolved_at is not None and comment.resolved_at >= moment
        else comment
        for comment in source.comments
        if comment.at < moment
    )
    return dataclasses.replace(source, signoffs=signoffs, comments=comments)


def attendee_words(attendee: Attendee) -> str:
    """E.g. "Kim Park — Nursing", "Sam Lee — Physiotherapy (guest)"."""
    words = f"{attendee.name} — {discipline_name(attendee.discipline)}"
    return words if attendee.login is not None else f"{words} (guest)"


def _chair(meeting: Meeting) -> str:
    """ "Name (Discipline)" when the chair is among the attendees, else the chair's name alone."""
    listed = next((a for a in meeting.attendees if a.login is not None and a.login == meeting.chair), None)
    return meeting.chair_name if listed is None else f"{listed.name} ({discipline_name(listed.discipline)})"


def _entry(source: MinutesSource) -> MinutesEntry:
    entry, recommendation = source.entry, source.entry.recommendation
    latest = latest_signoffs(source.signoffs).values()
    current_first = sorted(latest, key=lambda signoff: signoff.is_outdated(source.signoff_revision))
    return MinutesEntry(
        patient=f"{entry.patient_name}, record {entry.record_number}",
        plan=_plan_words(source),
        reasons=entry.reasons,
        recommendation=NO_RECOMMENDATION if recommendation is None else recommendation.text,
        recommended_by=None if recommendation is None else recommended_by(recommendation),
        signoffs=tuple(signoff_words(s, source.signoff_revision) for s in current_first if s.agrees),
        dissent=tuple(signoff_words(s, source.signoff_revision) for s in current_first if not s.agrees),
        open_comments=tuple(open_comment_lines(source.comments)),
    )


def _plan_words(source: MinutesSource) -> str:
    """E.g. "Staged plan (active), revision 3 discussed; the plan is now at revision 4"."""
    entry = source.entry
    words = f"{entry.plan_title} ({source.plan_status})"
    discussed = entry.presented_revision
    if discussed is None:
        return f"{words}, revision {source.head_revision}"
    words += f", revision {discussed} discussed"
    if discussed != source.head_revision:
        words += f"; the plan is now at revision {source.head_revision}"
    return words
