"""The team meeting's records: a meeting, its attendees, its agenda of patients, the team's recommendations.

Plain immutable data shared by the store (which reads and writes it), the core (which suggests patients and
builds what the meeting shows and the minutes) and the window. A meeting belongs to the database, not to a
patient: it lists plans, each entry naming its patient, so nothing is shown in another patient's context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplanner.domain import PlanDocument
from careplanner.team.model import Comment, SignOff

MAX_TITLE = 200  # characters of a meeting's title
MAX_RECOMMENDATION = 4000  # characters of the team's recommendation for one patient
MAX_ATTENDEES = 60
MAX_ENTRIES = 200  # patients on one agenda
SUGGESTION_DAYS_AHEAD = 14  # a review due within this many days after the meeting makes the plan a candidate


@dataclass(frozen=True)
class Attendee:
    """Someone at the meeting: a user of the database (login) or a guest (login None)."""

    name: str
    discipline: str
    login: str | None = None


@dataclass(frozen=True)
class Recommendation:
    text: str
    by: str  # login
    by_name: str
    discipline: str
    at: dt.datetime  # UTC


@dataclass(frozen=True)
class AgendaEntry:
    """One patient's plan on a meeting's agenda."""

    id: int
    meeting_id: int
    position: int  # 0, 1, 2… in the chair's order
    plan_id: int
    patient_id: int
    patient_name: str
    record_number: str
    plan_title: str
    reasons: tuple[str, ...]  # why the plan was put on the agenda, in words, as they were when it was chosen
    presented_revision: int | None  # the plan revision the recommendation was made on (None: none yet)
    recommendation: Recommendation | None
    version: int  # a recommendation is written only over the version it was read at


@dataclass(frozen=True)
class Meeting:
    id: int
    held_on: dt.date
    title: str
    chair: str  # login of the user who created the meeting
    chair_name: str
    attendees: tuple[Attendee, ...]
    entries: tuple[AgendaEntry, ...]  # in position order
    version: int  # date, title, attendees and agenda are written only over the version they were read at
    created_at: dt.datetime


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the list of meetings."""

    id: int
    held_on: dt.date
    title: str
    chair_name: str
    patients: int
    recommended: int  # entries with a recommendation


@dataclass(frozen=True)
class AgendaCandidate:
    """An open plan (draft or active) the suggestion logic looks at, from the store."""

    plan_id: int
    patient_id: int
    patient_name: str
    record_number: str
    plan_title: str
    status: str
    head_revision: int
    document: PlanDocument  # the head revision with the patient's check-ins
    signoffs: tuple[SignOff, ...]  # every sign-off of the plan
    signoff_revision: int  # what the sign-offs count against (TeamStore.signoff_revision)


@dataclass(frozen=True)
class Suggestion:
    """A plan the meeting should perhaps discuss, with why; the chair chooses."""

    plan_id: int
    patient_id: int
    patient_name: str
    record_number: str
    plan_title: str
    reasons: tuple[str, ...]
    urgency: int  # lower first: overdue review 0, unacknowledged errors 1, review due soon 2, no sign-off 3


@dataclass(frozen=True)
class SincePoint:
    """The plan revision the team last saw: at an earlier meeting's recommendation or a sign-off."""

    revision: int
    words: str  # e.g. "since the team meeting on 4 Nov 2026 (revision 3)"


@dataclass(frozen=True)
class SlideSources:
    """Everything the meeting shows for one agenda entry, read in one go from the store."""

    meeting: Meeting
    entry: AgendaEntry
    document: PlanDocument  # the head revision's document, with the patient's check-ins
    plan_status: str
    head_revision: int
    since: SincePoint | None  # None: the team has not seen this plan before
    since_document: PlanDocument | None  # that revision's document (same patient), None when `since` is None
    since_status: str | None
    comments: tuple[Comment, ...]
    signoffs: tuple[SignOff, ...]
    signoff_revision: int


@dataclass(frozen=True)
class FindingLine:
    severity: str  # error, warning, info
    text: str  # the finding's message, in words (no rule code, no citation key)
    acknowledged: str | None  # e.g. "Acknowledged by dr.ash: benefit outweighs the risk"; None when open


@dataclass(frozen=True)
class Slide:
    """What the meeting mode shows for one patient: words and data, ready for the screen."""

    position: int  # 0-based place on the agenda
    count: int  # entries on the agenda
    heading: str  # the patient: name, record number, birth date and age
    plan_line: str  # the plan: title, status, revision, start date
    reasons: tuple[str, ...]
    document: PlanDocument  # for the timeline
    chart_available: bool  # the outcome chart has something to draw (the UI builds it from the document)
    findings: tuple[FindingLine, ...]  # unacknowledged first, then by severity
    since_words: str  # "Changes since the team meeting on 4 Nov 2026" or "First time before the team"
    changes: tuple[str, ...]  # what changed since then, in words ("No differences." is a line of its own)
    open_comments: tuple[str, ...]  # "Name (Discipline), 2 Dec 2026: text"
    signoffs: tuple[str, ...]  # signoff_words of each discipline's latest sign-off, outdated ones say so
    recommendation: str | None  # the recommendation recorded in this meeting, with who and when


@dataclass(frozen=True)
class MinutesSource:
    entry: AgendaEntry
    plan_status: str
    head_revision: int
    signoffs: tuple[SignOff, ...]
    signoff_revision: int
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class MinutesEntry:
    patient: str  # name and record number
    plan: str  # title, status and the revision discussed
    reasons: tuple[str, ...]
    recommendation: str  # or words saying none was recorded
    recommended_by: str | None  # "Name (Discipline), 2 Dec 2026 14:05"
    signoffs: tuple[str, ...]  # agreements (current first; outdated say so)
    dissent: tuple[str, ...]  # dissents with their reasons
    open_comments: tuple[str, ...]


@dataclass(frozen=True)
class Minutes:
    title: str
    held_on: dt.date
    chair: str  # "Name (Discipline)"
    attendees: tuple[str, ...]  # "Name — Discipline", guests marked
    entries: tuple[MinutesEntry, ...]


@dataclass(frozen=True)
class PlanDiscussion:
    """One meeting that had a plan on its agenda, and what the team recommended there (if it did)."""

    held_on: dt.date
    title: str
    presented_revision: int | None
    recommendation: Recommendation | None
