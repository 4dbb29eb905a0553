"""What a team meeting reads from the plans: the open plans an agenda is suggested from, what the meeting
shows for one patient, and what the minutes record.

The open plans are read in a fixed number of queries however many there are (plans with their head
revisions, patients and sign-off revisions; sign-offs; check-ins): a clinic has thousands of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Set

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from careplanner.documents import DocumentError
from careplanner.domain import Measurement, PlanDocument
from careplanner.reports.dates import short_date
from careplanner.store.errors import StoreError
from careplanner.store.meeting_reads import entry_row, read_meeting
from careplanner.store.models import (
    CheckInRow,
    CommentRow,
    MeetingEntryRow,
    MeetingRow,
    PatientRow,
    PlanRow,
    RevisionRow,
    SignoffRow,
)
from careplanner.store.patients import checkin
from careplanner.store.plans import read_checkins, stored_document
from careplanner.store.team import comment_of, signoff_head, signoff_of
from careplanner.team.meetings import (
    AgendaCandidate,
    AgendaEntry,
    Meeting,
    MinutesSource,
    SincePoint,
    SlideSources,
)
from careplanner.team.model import Comment, SignOff, discipline_name, local_day

OPEN_STATUSES = ("draft", "active")


def _signoff_heads(head: type[RevisionRow]) -> ColumnElement[int]:
    """Per plan row of the enclosing query: what its sign-offs count against (team.signoff_head, in SQL)."""
    earlier = aliased(RevisionRow)
    last_different = (
        select(func.max(earlier.number))
        .where(
            earlier.plan_id == PlanRow.id,
            earlier.number < PlanRow.head_number,
            earlier.content != head.content,
        )
        .correlate(PlanRow, head)
        .scalar_subquery()
    )
    return func.coalesce(last_different, 0) + 1


def _grouped_signoffs(session: Session, plans: ColumnElement[bool]) -> dict[int, tuple[SignOff, ...]]:
    rows = session.scalars(
        select(SignoffRow)
        .join(PlanRow, PlanRow.id == SignoffRow.plan_id)
        .where(plans)
        .order_by(SignoffRow.plan_id, SignoffRow.at, SignoffRow.id)
    )
    grouped: dict[int, list[SignOff]] = defaultdict(list)
    for row in rows:
        grouped[row.plan_id].append(signoff_of(row))
    return {plan_id: tuple(signoffs) for plan_id, signoffs in grouped.items()}


def _grouped_comments(session: Session, plan_ids: list[int]) -> dict[int, tuple[Comment, ...]]:
    rows = session.scalars(
        select(CommentRow).where(CommentRow.plan_id.in_(plan_ids)).order_by(CommentRow.at, CommentRow.id)
    )
    grouped: dict[int, list[Comment]] = defaultdict(list)
    for row in rows:
        grouped[row.plan_id].append(comment_of(row))
    return {plan_id: tuple(comments) for plan_id, comments in grouped.items()}


def _open_checkins(session: Session) -> dict[int, list[Measurement]]:
    """The check-ins of every patient with an open plan, oldest first."""
    with_open_plans = select(PlanRow.patient_id).where(PlanRow.status.in_(OPEN_STATUSES))
    rows = session.scalars(
        select(CheckInRow)
        .where(CheckInRow.patient_id.in_(with_open_plans))
        .order_by(CheckInRow.patient_id, CheckInRow.date, CheckInRow.id)
    )
    grouped: dict[int, list[Measurement]] = defaultdict(list)
    for row in rows:
        grouped[row.patient_id].append(checkin(row))
    return grouped


def agenda_candidates(session: Session, modalities: Set[str]) -> list[AgendaCandidate]:
    """Every draft or active plan with its head revision (and the patient's check-ins), its sign-offs and the
    revision they count against, by patient name. A revision that cannot be read is left out: it cannot be
    opened either (the window says why when it is tried)."""
    head = aliased(RevisionRow)
    rows = session.execute(
        select(PlanRow, PatientRow, head.content, _signoff_heads(head))
        .join(head, (head.plan_id == PlanRow.id) & (head.number == PlanRow.head_number))
        .join(PatientRow, PatientRow.id == PlanRow.patient_id)
        .where(PlanRow.status.in_(OPEN_STATUSES))
        .order_by(PatientRow.sort_name, PatientRow.id, PlanRow.id)
    ).all()
    signoffs = _grouped_signoffs(session, PlanRow.status.in_(OPEN_STATUSES))
    checkins = _open_checkins(session)
    candidates = []
    for plan, patient, content, signoff_revision in rows:
        # The plan part goes through the strict reader; the check-ins join it as read from their rows
        # (sending every patient's check-ins through JSON and the reader again took a quarter of the time).
        try:
            plan_part = stored_document(patient, content, [], modalities)
        except (DocumentError, ValueError):
            continue
        document = dataclasses.replace(plan_part, checkins=tuple(checkins.get(patient.id, ())))
        candidates.append(
            AgendaCandidate(
                plan.id,
                patient.id,
                patient.name,
                patient.record_number,
                plan.title,
                plan.status,
                plan.head_number,
                document,
                signoffs.get(plan.id, ()),
                signoff_revision,
            )
        )
    return candidates


def _revision_document(
    session: Session, plan: PlanRow, number: int, checkins: list[Measurement], modalities: Set[str]
) -> tuple[PlanDocument, str]:
    """A revision of the plan as a document with the patient's check-ins, and the revision's status."""
    revision = session.scalar(
        select(RevisionRow).where(RevisionRow.plan_id == plan.id, RevisionRow.number == number)
    )
    patient = session.get(PatientRow, plan.patient_id)
    assert revision is not None and patient is not None  # the head and presented revisions exist; foreign key
    try:
        return stored_document(patient, revision.content, checkins, modalities), revision.status
    except (DocumentError, ValueError) as error:
        raise StoreError(
            f'revision {number} of {patient.name}\'s plan "{plan.title}" cannot be read: {error}'
        ) from None


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` on this workstation's clock (the days team.model.local_day counts)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()


def since_point(session: Session, meeting: Meeting, plan_id: int) -> SincePoint | None:
    """The revision the team last saw: at the newest earlier meeting that recorded a recommendation on the
    plan, or at the newest sign-off given by the end of the meeting's day, whichever is later (the later
    day; on the same day, the later moment). An earlier meeting is one held on an earlier day, or on the
    same day and made before this one. A meeting looked at again later so names what it had before it."""
    seen = session.execute(
        select(MeetingRow.held_on, MeetingEntryRow.presented_revision, MeetingEntryRow.recommended_at)
        .join(MeetingRow, MeetingRow.id == MeetingEntryRow.meeting_id)
        .where(
            MeetingEntryRow.plan_id == plan_id,
            MeetingEntryRow.presented_revision.is_not(None),
            (MeetingRow.held_on < meeting.held_on)
            | ((MeetingRow.held_on == meeting.held_on) & (MeetingRow.id < meeting.id)),
        )
        .order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())
        .limit(1)
    ).first()
    signed = session.scalar(
        select(SignoffRow)
        .where(SignoffRow.plan_id == plan_id, SignoffRow.at < _end_of_day(meeting.held_on))
        .order_by(SignoffRow.at.desc(), SignoffRow.id.desc())
        .limit(1)
    )
    at_meeting = None
    if seen is not None:
        held_on, revision, recorded_at = seen
        assert revision is not None and recorded_at is not None  # the query's condition; the table's check
        words = f"since the team meeting on {short_date(held_on)} (revision {revision})"
        at_meeting = ((held_on, recorded_at), SincePoint(revision, words))
    at_signoff = None
    if signed is not None:
        words = (
            f"since {discipline_name(signed.discipline)}'s sign-off on {short_date(local_day(signed.at))} "
            f"(revision {signed.revision})"
        )
        at_signoff = ((local_day(signed.at), signed.at), SincePoint(signed.revision, words))
    if at_meeting is None or at_signoff is None:
        point = at_meeting or at_signoff
        return None if point is None else point[1]
    return at_signoff[1] if at_signoff[0] > at_meeting[0] else at_meeting[1]


def slide_sources(session: Session, entry_id: int, modalities: Set[str]) -> SlideSources:
    row = entry_row(session, entry_id)
    meeting = read_meeting(session, row.meeting_id)
    entry = next(entry for entry in meeting.entries if entry.id == entry_id)
    plan = session.get(PlanRow, row.plan_id)
    assert plan is not None  # foreign key
    checkins = read_checkins(session, plan.patient_id)
    document, _ = _revision_document(session, plan, plan.head_number, checkins, modalities)
    since = since_point(session, meeting, plan.id)
    since_document, since_status = None, None
    if since is not None:
        since_document, since_status = _revision_document(session, plan, since.revision, checkins, modalities)
    comments = _grouped_comments(session, [plan.id]).get(plan.id, ())
    signoffs = _grouped_signoffs(session, PlanRow.id == plan.id).get(plan.id, ())
    return SlideSources(
        meeting,
        entry,
        document,
        plan.status,
        plan.head_number,
        since,
        since_document,
        since_status,
        comments,
        signoffs,
        signoff_head(session, plan.id, plan.head_number),
    )


def minutes_sources(session: Session, meeting_id: int) -> tuple[Meeting, tuple[MinutesSource, ...]]:
    """The meeting and, per entry in order, its plan's status, head, sign-offs and comments as now."""
    meeting = read_meeting(session, meeting_id)
    head = aliased(RevisionRow)
    on_agenda = select(MeetingEntryRow.plan_id).where(MeetingEntryRow.meeting_id == meeting_id)
    plans = {
        plan.id: (plan, signoff_revision)
        for plan, signoff_revision in session.execute(
            select(PlanRow, _signoff_heads(head))
            .join(head, (head.plan_id == PlanRow.id) & (head.number == PlanRow.head_number))
            .where(PlanRow.id.in_(on_agenda))
        )
    }
    signoffs = _grouped_signoffs(session, PlanRow.id.in_(on_agenda))
    comments = _grouped_comments(session, list(plans))
    return meeting, tuple(_minutes_source(entry, plans, signoffs, comments) for entry in meeting.entries)


def _minutes_source(
    entry: AgendaEntry,
    plans: dict[int, tuple[PlanRow, int]],
    signoffs: dict[int, tuple[SignOff, ...]],
    comments: dict[int, tuple[Comment, ...]],
) -> MinutesSource:
    plan, signoff_revision = plans[entry.plan_id]
    return MinutesSource(
        entry,
        plan.status,
        plan.head_number,
        signoffs.get(plan.id, ()),
        signoff_revision,
        comments.get(plan.id, ()),
    )
