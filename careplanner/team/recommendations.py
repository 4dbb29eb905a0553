"""The team's recommendation in words: who recorded it and when, and each meeting's word on a plan (light:
the Team tab and the summary use these without loading the meeting mode's checks and charts)."""

from __future__ import annotations

from careplanner.reports.dates import short_date
from careplanner.team.meetings import PlanDiscussion, Recommendation
from careplanner.team.model import discipline_name, local_day


def recommended_by(recommendation: Recommendation) -> str:
    """E.g. "Dr Ash (Pain medicine), 2 Dec 2026 14:05" — on this workstation's clock (stored in UTC)."""
    local = recommendation.at.astimezone()
    who = f"{recommendation.by_name} ({discipline_name(recommendation.discipline)})"
    return f"{who}, {short_date(local_day(recommendation.at))} {local:%H:%M}"


def discussion_words(discussion: PlanDiscussion) -> str:
    """One meeting's recommendation for a plan, e.g. "Pain team meeting, 2 Dec 2026, on revision 3: Carry on
    — Dr Ash (Psychology), 2 Dec 2026 14:05"."""
    heading = f"{discussion.title}, {short_date(discussion.held_on)}"
    recommendation = discussion.recommendation
    if recommendation is None:
        return f"{heading}: on the agenda; no recommendation was recorded"
    seen = discussion.presented_revision
    on_revision = "" if seen is None else f", on revision {seen}"
    return f"{heading}{on_revision}: {recommendation.text} — {recommended_by(recommendation)}"
