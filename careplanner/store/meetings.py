"""Team meetings in the database: date, title, chair and attendees, the agenda of plans, the team's
recommendation for each patient.

Several workstations write here at once. A meeting's date, title, attendees and agenda are written only over
the version they were read at, and a recommendation only over its entry's version: one conditional UPDATE
each, so of two writers from the same version exactly one wins and the other is told who changed it and
when, with nothing written. A recommendation holds its meeting's row (FOR SHARE on PostgreSQL, the write lock
on SQLite) so the agenda cannot drop the entry, nor the meeting be deleted, while it is being recorded; it
holds the plan's row too, so the revision it names (the one the team was shown, or else the head) exists
and stays the head or older while it is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from careplanner.store import audit
from careplanner.store import meeting_checks as checks
from careplanner.store import meeting_sources as sources
from careplanner.store.database import Database, rows_changed
from careplanner.store.errors import StoreError
from careplanner.store.meeting_agenda import check_size, meeting_event, write_agenda
from careplanner.store.meeting_reads import (
    agenda,
    entry_row,
    meeting_conflict,
    meeting_row,
    read_meeting,
    recommendation_of,
    summaries,
    when,
    who,
)
from careplanner.store.models import MeetingAttendeeRow, MeetingEntryRow, MeetingRow, PlanRow, UserRow
from careplanner.store.team import own_profile
from careplanner.team.meetings import (
    AgendaCandidate,
    AgendaEntry,
    Attendee,
    Meeting,
    MeetingSummary,
    MinutesSource,
    SlideSources,
)
from careplanner.team.model import discipline_name

Agenda = Sequence[
    tuple[int, tuple[str, ...]]
]  # (plan id, reasons in words) per patient, in the chair's order


def _write_attendees(session: Session, meeting_id: int, attendees: Sequence[Attendee]) -> None:
    session.execute(delete(MeetingAttendeeRow).where(MeetingAttendeeRow.meeting_id == meeting_id))
    session.add_all(
        MeetingAttendeeRow(
            meeting_id=meeting_id, position=position, name=a.name, discipline=a.discipline, login=a.login
        )
        for position, a in enumerate(attendees)
    )


def _listed(attendees: Sequence[Attendee]) -> list[str]:
    """Attendees for the audit log."""
    return [f"{a.name} ({a.discipline}{'' if a.login is None else ', ' + a.login})" for a in attendees]


def _details(held_on: dt.date, title: str, attendees: Sequence[Attendee]) -> dict[str, object]:
    """A meeting's date, title and attendees for the audit log."""
    return {"held_on": held_on.isoformat(), "title": title, "attendees": _listed(attendees)}


class MeetingStore:
    """The team meetings' part of the Store facade (mixed into `Store`, which provides `db`, `modalities`)."""

    db: Database
    modalities: Set[str]

    # -- the meeting -------------------------------------------------------------------------------
    def create_meeting(self, held_on: dt.date, title: str, attendees: Sequence[Attendee]) -> Meeting:
        """A new meeting chaired by the store's user, with no patients on its agenda yet."""
        return self._save(None, None, held_on, title, attendees, None)

    def update_meeting(
        self, meeting_id: int, version: int, held_on: dt.date, title: str, attendees: Sequence[Attendee]
    ) -> Meeting:
        """The meeting's date, title and attendees, over the version read; the agenda stays."""
        return self._save(meeting_id, version, held_on, title, attendees, None)

    def save_meeting(
        self,
        meeting_id: int | None,
        version: int | None,
        held_on: dt.date,
        title: str,
        attendees: Sequence[Attendee],
        plans: Agenda,
    ) -> Meeting:
        """Create (`meeting_id` None) or change a meeting's date, title, attendees and agenda at once: one
        transaction over one version, so a refusal of any part writes nothing at all."""
        return self._save(meeting_id, version, held_on, title, attendees, plans)

    def _save(
        self,
        meeting_id: int | None,
        version: int | None,
        held_on: dt.date,
        title: str,
        attendees: Sequence[Attendee],
        plans: Agenda | None,
    ) -> Meeting:
        cleaned = checks.checked_title(title)
        if plans is not None:
            check_size(plans)
        with self.db.writing() as session:
            user = own_profile(
                session, self.db, "make a meeting" if meeting_id is None else "change a meeting"
            )
            listed = checks.checked_attendees(session, attendees)
            if meeting_id is None:
                meeting_id = self._insert(session, user, held_on, cleaned, listed)
            else:
                self._change(session, meeting_id, version, held_on, cleaned, listed)
            if plans is not None:
                session.flush()
                write_agenda(session, self.db, read_meeting(session, meeting_id), plans)
            session.flush()
            return read_meeting(session, meeting_id)

    def _insert(
        self, session: Session, chair: UserRow, held_on: dt.date, title: str, attendees: Sequence[Attendee]
    ) -> int:
        now = self.db.now()
        row = MeetingRow(
            held_on=held_on,
            title=title,
            chair=chair.login,
            chair_name=chair.name,
            created_at=now,
            created_by=self.db.user,
            updated_at=now,
            updated_by=self.db.user,
            version=1,
        )
        session.add(row)
        session.flush()
        _write_attendees(session, row.id, attendees)
        meeting_event(session, self.db, "create", row.id, _details(held_on, title, attendees))
        return row.id

    def _change(
        self,
        session: Session,
        meeting_id: int,
        version: int | None,
        held_on: dt.date,
        title: str,
        attendees: Sequence[Attendee],
    ) -> None:
        if version is None:
            raise StoreError("the meeting's version is missing: reopen the meeting and change it again")
        before = read_meeting(session, meeting_id)
        self._claim(session, meeting_id, version, held_on=held_on, title=title)
        _write_attendees(session, meeting_id, attendees)
        changes = audit.differences(
            _details(before.held_on, before.title, before.attendees), _details(held_on, title, attendees)
        )
        meeting_event(session, self.db, "change", meeting_id, changes)

    def delete_meeting(self, meeting_id: int, version: int) -> None:
        """Only a meeting without any recommendation: once the team has recommended, it is the record."""
        with self.db.writing() as session:
            own_profile(session, self.db, "delete a meeting")
            meeting = read_meeting(session, meeting_id)
            self._claim(session, meeting_id, version)
            recommended = [entry for entry in agenda(session, meeting_id) if entry.recommendation]
            if recommended:
                count = len(recommended)
                raise StoreError(
                    f"the team's recommendation is recorded for {count} patient{'s' if count > 1 else ''} of "
                    "this meeting: the meeting is kept as their record; nothing was deleted"
                )
            session.execute(delete(MeetingEntryRow).where(MeetingEntryRow.meeting_id == meeting_id))
            session.execute(delete(MeetingAttendeeRow).where(MeetingAttendeeRow.meeting_id == meeting_id))
            session.execute(delete(MeetingRow).where(MeetingRow.id == meeting_id))
            changes = _details(meeting.held_on, meeting.title, meeting.attendees)
            plans = [entry.plan_id for entry in meeting.entries]
            meeting_event(session, self.db, "delete", meeting_id, changes | {"plans": plans})

    def _claim(self, session: Session, meeting_id: int, version: int, **values: object) -> None:
        """Write the meeting's row over `version` only, or say who changed (or deleted) it meanwhile."""
        meeting_row(session, meeting_id)  # the plain "no such meeting" first
        claimed = rows_changed(
            session,
            update(MeetingRow)
            .where(MeetingRow.id == meeting_id, MeetingRow.version == version)
            .values(version=version + 1, updated_at=self.db.now(), updated_by=self.db.user, **values)
            .execution_options(synchronize_session=False),
        )
        if not claimed:
            raise meeting_conflict(session, meeting_id)

    # -- the agenda --------------------------------------------------------------------------------
    def set_agenda(self, meeting_id: int, version: int, plans: Agenda) -> Meeting:
        """The agenda in the chair's order: (plan id, reasons in words) per patient. A plan already on it
        keeps its entry (reasons, recommendation); one with a recommendation cannot be taken off."""
        check_size(plans)
        with self.db.writing() as session:
            own_profile(session, self.db, "change a meeting's agenda")
            self._claim(session, meeting_id, version)
            write_agenda(session, self.db, read_meeting(session, meeting_id), plans)  # read with the row held
            session.flush()
            return read_meeting(session, meeting_id)

    # -- the recommendation ------------------------------------------------------------------------
    def record_recommendation(
        self, entry_id: int, version: int, text: str, seen_revision: int | None = None
    ) -> AgendaEntry:
        """The team's recommendation for one patient, on `seen_revision` of the plan (the one the meeting
        showed: a colleague's save meanwhile stays new to the next meeting), or on the head as it is at this
        moment when not given. Written only over the entry's `version`; the plan itself is never changed."""
        cleaned = checks.checked_recommendation(text)
        with self.db.writing() as session:
            author = own_profile(session, self.db, "record a recommendation")
            entry = entry_row(session, entry_id)
            meeting_row(session, entry.meeting_id, hold=True)  # the agenda cannot drop it meanwhile
            plan = session.scalar(
                select(PlanRow).where(PlanRow.id == entry.plan_id).with_for_update(read=True)
            )
            assert plan is not None  # foreign key
            revision = checks.checked_seen_revision(seen_revision, plan.head_number)
            previous = entry.recommendation
            written = rows_changed(
                session,
                update(MeetingEntryRow)
                .where(MeetingEntryRow.id == entry_id, MeetingEntryRow.version == version)
                .values(
                    recommendation=cleaned,
                    recommended_by=author.login,
                    recommended_by_name=author.name,
                    recommended_discipline=author.discipline,
                    recommended_at=self.db.now(),
                    presented_revision=revision,
                    version=version + 1,
                )
                .execution_options(synchronize_session=False),
            )
            if not written:
                raise _recommendation_conflict(session, entry_id, entry.meeting_id)
            changes = {
                "meeting": entry.meeting_id,
                "revision": revision,
                "recommendation": [previous, cleaned],
            }
            audit.plan_event(session, self.db, "recommendation", plan.id, plan.patient_id, changes)
            return next(e for e in agenda(session, entry.meeting_id) if e.id == entry_id)

    # -- reading -----------------------------------------------------------------------------------
    def load_meeting(self, meeting_id: int) -> Meeting:
        with self.db.reading() as session:
            return read_meeting(session, meeting_id)

    def list_meetings(self) -> list[MeetingSummary]:
        """Every meeting, newest date first."""
        with self.db.reading() as session:
            return summaries(session)

    def agenda_candidates(self) -> list[AgendaCandidate]:
        """Every draft or active plan with its head document (and check-ins), sign-offs and the revision
        they count against, by patient name: what the agenda is suggested from."""
        with self.db.reading() as session:
            return sources.agenda_candidates(session, self.modalities)

    def slide_sources(self, entry_id: int) -> SlideSources:
        with self.db.reading() as session:
            return sources.slide_sources(session, entry_id, self.modalities)

    def minutes_sources(self, meeting_id: int) -> tuple[Meeting, tuple[MinutesSource, ...]]:
        with self.db.reading() as session:
            return sources.minutes_sources(session, meeting_id)


def _recommendation_conflict(session: Session, entry_id: int, meeting_id: int) -> StoreError:
    """Someone recorded a recommendation on the entry (or took it off the agenda) after this user read it."""
    row = session.scalar(
        select(MeetingEntryRow)
        .where(MeetingEntryRow.id == entry_id)
        .execution_options(populate_existing=True)
    )
    if row is None:
        meeting = meeting_row(session, meeting_id)
        return StoreError(
            f"this patient was taken off the agenda by {who(session, meeting.updated_by)} on "
            f"{when(meeting.updated_at)}; nothing was written"
        )
    recommendation = recommendation_of(row)
    if recommendation is None:
        return StoreError("the entry was changed meanwhile; nothing was written: reopen it and record again")
    return StoreError(  # their words last: a full stop after a quote ending in one would read twice
        f"{recommendation.by_name} ({discipline_name(recommendation.discipline)}) recorded a recommendation "
        f"for this patient on {when(recommendation.at)}, so nothing was written; read theirs and "
        f"record yours again if it still stands. Theirs: {checks.quoted(recommendation.text)}"
    )
