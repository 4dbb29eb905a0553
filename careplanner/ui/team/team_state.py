"""What the Team tab shows, in words, and why a comment or sign-off cannot be given (plain functions, kept
apart from the widgets in team_view)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from careplanner.reports.dates import short_date
from careplanner.team.meetings import PlanDiscussion
from careplanner.team.model import Comment, SignOff, UserProfile, discipline_name

if TYPE_CHECKING:
    from careplanner.ui.workspace import Workspace


@dataclass(frozen=True)
class TeamSnapshot:
    """What the database says about the open plan's team work at one moment."""

    head: int  # the plan's newest revision: the one signed off now
    counted: int  # the revision sign-offs count against (earlier than head if only the status changed since)
    comments: tuple[Comment, ...]
    signoffs: tuple[SignOff, ...]
    required: tuple[str, ...]
    profile: UserProfile | None
    names: tuple[tuple[str, str], ...]  # login, name: who resolved a comment
    discussions: tuple[PlanDiscussion, ...] = ()  # meetings with the plan on their agenda, newest first


def moment_words(at: dt.datetime) -> str:
    """2 Dec 2026 14:05, on this workstation's clock."""
    local = at.astimezone()
    return f"{short_date(local.date())} {local:%H:%M}"


def comment_words(comment: Comment, names: dict[str, str]) -> str:
    written = (
        f"{comment.author_name} ({discipline_name(comment.discipline)}) · {moment_words(comment.at)} · "
        f"revision {comment.revision}"
    )
    if comment.resolved_at is None:
        state = "Open"
    else:
        who = names.get(comment.resolved_by or "", comment.resolved_by or "someone")
        state = f"Resolved by {who} on {moment_words(comment.resolved_at)}"
    return f"{state} · {written}\n{comment.text}"


def write_block(workspace: Workspace | None) -> str | None:
    """Why nothing can be written for this plan (comments and sign-offs belong to a stored plan)."""
    if workspace is None:
        return "No patient is open."
    if workspace.origin.plan_id is None:
        if workspace.origin.file is not None:
            return "This plan is a file: store it in the database (File menu) to comment and sign off."
        return "This plan is not saved yet: save it (Ctrl+S) to comment and sign off."
    return None


def shown_revision(workspace: Workspace) -> int | None:
    """The stored revision on screen: the one looked at, or the one the open work was last saved as."""
    if workspace.read_only and workspace.revision is not None:
        return workspace.revision.number
    return workspace.origin.base_revision


def signoff_block(workspace: Workspace | None, snapshot: TeamSnapshot | None) -> str | None:
    """Why the user cannot sign off now, in words; None when they can."""
    blocked = write_block(workspace)
    if blocked is not None or workspace is None:
        return blocked
    if snapshot is None:
        return "The sign-offs are being read."
    shown = shown_revision(workspace)
    if workspace.read_only and shown is not None and shown < snapshot.head:
        return f"This is an earlier revision: sign-offs are given on the newest, revision {snapshot.head}."
    if workspace.read_only:
        return f"This plan is {workspace.status}: it is kept as a record and is not signed off any more."
    if (workspace.origin.base_revision or 0) < snapshot.head:
        return (
            f"Revision {snapshot.head} was saved elsewhere: open the plan again to sign off the newest "
            "revision."
        )
    if not workspace.is_clean:
        return "Save your changes first: a sign-off is given on a saved revision."
    if snapshot.profile is None:
        return "Tell careplanner who you are first (File ▸ Your name and discipline…)."
    return None
