"""Reading team meetings: a meeting with its attendees and agenda, the list of meetings, and the words that
tell a user who changed (or deleted) a meeting before them.

Shared by the writes (careplanner/store/meetings.py), which hand back what they wrote, and the reads of what
a meeting shows (careplanner/store/meeting_sources.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careplanner.reports.dates import short_date
from careplanner.store.database import can_be_an_id
from careplanner.store.errors import NotFound, StoreError
from careplanner.store.models import (
    AuditRow,
    MeetingAttendeeRow,
    MeetingEntryRow,
    MeetingRow,
    PatientRow,
    PlanRow,
    UserRow,
)
from careplanner.team.meetings import AgendaEntry, Attendee, Meeting, MeetingSummary, Recommendation
from careplanner.team.model import local_day

MEETING = "meeting"  # the audit log's entity for a meeting (it belongs to no single patient)


def when(moment: dt.datetime) -> str:
    """A stored (UTC) time in words on this workstation's clock: "2 Dec 2026 at 06:31"."""
    return f"{short_date(local_day(moment))} at {moment.astimezone():%H:%M}"


def who(session: Session, login: str) -> str:
    """A user as colleagues know them: "Dr Ash (ash)", or the login alone when they gave no name."""
    name = session.scalar(select(UserRow.name).where(UserRow.login == login))
    return login if name is None else f"{name} ({login})"


def gone(session: Session, meeting_id: int) -> NotFound:
    """The meeting is not there: say who deleted it and when, when the audit log knows."""
    deleted = None
    if can_be_an_id(session, meeting_id):
        deleted = session.scalar(
            select(AuditRow)
            .where(AuditRow.entity == MEETING, AuditRow.entity_id == meeting_id, AuditRow.action == "delete")
            .order_by(AuditRow.id.desc())
            .limit(1)
        )
    if deleted is None:
        return NotFound(f"there is no meeting with id {meeting_id}")
    return NotFound(f"the meeting was deleted by {who(session, deleted.actor)} on {when(deleted.at)}")


def meeting_row(session: Session, meeting_id: int, *, hold: bool = False) -> MeetingRow:
    """The meeting's row, read afresh; `hold` keeps it from changing or going until this transaction ends
    (FOR SHARE on PostgreSQL; on SQLite the writer already holds the whole file)."""
    query = select(MeetingRow).where(MeetingRow.id == meeting_id).execution_options(populate_existing=True)
    if hold:
        query = query.with_for_update(read=True)
    row = session.scalar(query) if can_be_an_id(session, meeting_id) else None
    if row is None:
        raise gone(session, meeting_id)
    return row


def entry_row(session: Session, entry_id: int) -> MeetingEntryRow:
    """An agenda entry's row, read afresh."""
    query = select(MeetingEntryRow).where(MeetingEntryRow.id == entry_id)
    row = (
        session.scalar(query.execution_options(populate_existing=True))
        if can_be_an_id(session, entry_id)
        else None
    )
    if row is None:
        # Entry ids come from an agenda on screen: the one way to miss is that the agenda changed meanwhile.
        raise NotFound(
            "this patient is no longer on the meeting's agenda: the agenda was changed after it was read"
        )
    return row


def meeting_conflict(session: Session, meeting_id: int) -> StoreError:
    """Someone changed (or deleted) the meeting after this user read it."""
    row = meeting_row(session, meeting_id)  # raises when it was deleted meanwhile
    return StoreError(
        f"the meeting was changed by {who(session, row.updated_by)} on {when(row.updated_at)} after "
        "you opened it; nothing was written: reopen the meeting and make your change again"
    )


def recommendation_of(row: MeetingEntryRow) -> Recommendation | None:
    if row.recommendation is None:
        return None
    assert row.recommended_by is not None and row.recommended_at is not None  # the table's check
    return Recommendation(
        row.recommendation,
        row.recommended_by,
        row.recommended_by_name or row.recommended_by,
        row.recommended_discipline or "",
        row.recommended_at,
    )


def entry_of(row: MeetingEntryRow, patient_name: str, record_number: str, plan_title: str) -> AgendaEntry:
    return AgendaEntry(
        row.id,
        row.meeting_id,
        row.position,
        row.plan_id,
        row.patient_id,
        patient_name,
        record_number,
        plan_title,
        tuple(row.reasons),
        row.presented_revision,
        recommendation_of(row),
        row.version,
    )


def agenda(session: Session, meeting_id: int) -> tuple[AgendaEntry, ...]:
    """The meeting's entries in the chair's order, each with its patient and plan named."""
    rows = session.execute(
        select(MeetingEntryRow, PatientRow.name, PatientRow.record_number, PlanRow.title)
        .join(PlanRow, PlanRow.id == MeetingEntryRow.plan_id)
        .join(PatientRow, PatientRow.id == MeetingEntryRow.patient_id)
        .where(MeetingEntryRow.meeting_id == meeting_id)
        .order_by(MeetingEntryRow.position, MeetingEntryRow.id)
        .execution_options(populate_existing=True)
    )
    return tuple(entry_of(row, name, record, title) for row, name, record, title in rows)


def read_meeting(session: Session, meeting_id: int) -> Meeting:
    row = meeting_row(session, meeting_id)
    attendees = session.scalars(
        select(MeetingAttendeeRow)
        .where(MeetingAttendeeRow.meeting_id == meeting_id)
        .order_by(MeetingAttendeeRow.position)
    )
    return Meeting(
        row.id,
        row.held_on,
        row.title,
        row.chair,
        row.chair_name,
        tuple(Attendee(a.name, a.discipline, a.login) for a in attendees),
        agenda(session, meeting_id),
        row.version,
        row.created_at,
    )


def summaries(session: Session) -> list[MeetingSummary]:
    """Every meeting, newest date first, with how many patients it lists and how many are recommended."""
    counts = (
        select(
            MeetingEntryRow.meeting_id,
            func.count().label("patients"),
            func.count(MeetingEntryRow.recommendation).label("recommended"),
        )
        .group_by(MeetingEntryRow.meeting_id)
        .subquery()
    )
    rows = session.execute(
        select(
            MeetingRow.id,
            MeetingRow.held_on,
            MeetingRow.title,
            MeetingRow.chair_name,
            func.coalesce(counts.c.patients, 0),
            func.coalesce(counts.c.recommended, 0),
        )
        .outerjoin(counts, counts.c.meeting_id == MeetingRow.id)
        .order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())
    )
    return [MeetingSummary(*row) for row in rows]
