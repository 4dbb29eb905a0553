"""The meetings that discussed one plan, newest first: shown on the Team tab and in the clinician summary, so
the team's recommendation follows the patient after the meeting."""

from __future__ import annotations

from sqlalchemy import select

from careplanner.store.database import Database
from careplanner.store.meeting_reads import recommendation_of
from careplanner.store.models import MeetingEntryRow, MeetingRow
from careplanner.store.team import plan_row
from careplanner.team.meetings import PlanDiscussion


class PlanMeetingsStore:
    """Mixed into `Store`, which provides `db`."""

    db: Database

    def plan_discussions(self, plan_id: int) -> list[PlanDiscussion]:
        with self.db.reading() as session:
            plan_row(session, plan_id)  # an unknown plan is refused, never an empty list
            rows = session.execute(
                select(MeetingRow.held_on, MeetingRow.title, MeetingEntryRow)
                .join(MeetingEntryRow, MeetingEntryRow.meeting_id == MeetingRow.id)
                .where(MeetingEntryRow.plan_id == plan_id)
                .order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())
            )
            return [
                PlanDiscussion(held_on, title, entry.presented_revision, recommendation_of(entry))
                for held_on, title, entry in rows
            ]
