"""The team's part of the clinician summary: each discipline's latest sign-off and the open comments."""

from __future__ import annotations

from collections.abc import Iterable

from careplanner.reports.dates import short_date
from careplanner.team.model import (
    Comment,
    SignOff,
    discipline_name,
    latest_signoffs,
    local_day,
    signoff_words,
)


def signoff_lines(signoffs: Iterable[SignOff], head_revision: int) -> list[str]:
    """The latest sign-off of each discipline, in DISCIPLINES order; an outdated one says so."""
    return [signoff_words(signoff, head_revision) for signoff in latest_signoffs(signoffs).values()]


def open_comment_lines(comments: Iterable[Comment]) -> list[str]:
    """E.g. "Kim Park (Nursing), 2 Dec 2026, on revision 1: Check the kidney function", oldest first."""
    ordered = sorted(comments, key=lambda comment: (comment.at, comment.id))
    return [_comment_words(comment) for comment in ordered if comment.is_open]


def _comment_words(comment: Comment) -> str:
    who = f"{comment.author_name} ({discipline_name(comment.discipline)})"
    return f"{who}, {short_date(local_day(comment.at))}, on revision {comment.revision}: {comment.text}"
