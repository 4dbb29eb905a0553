"""Writing a meeting's agenda: the chosen plans in the chair's order, checked, with the audit it leaves.

The caller has already claimed the meeting's row over the version it was read at (careplanner/store/
meetings.py), so the entries read here are the ones in force: no recommendation can slip in meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from careplanner.store import audit
from careplanner.store.database import Database, can_be_an_id
from careplanner.store.errors import NotFound, StoreError
from careplanner.store.meeting_checks import checked_reasons
from careplanner.store.meeting_reads import MEETING, when
from careplanner.store.models import MeetingEntryRow, PatientRow, PlanRow
from careplanner.store.records import FINAL_STATUSES
from careplanner.team.meetings import MAX_ENTRIES, AgendaEntry, Meeting

Chosen = dict[int, tuple[PlanRow, list[str]]]  # plan id -> its row and the reasons, in the chair's order


def check_size(plans: Sequence[tuple[int, tuple[str, ...]]]) -> None:
    if len(plans) > MAX_ENTRIES:
        raise StoreError(
            f"{len(plans)} patients are chosen; at most {MAX_ENTRIES} fit one meeting's agenda. "
            "The agenda was not changed."
        )


def meeting_event(
    session: Session, db: Database, action: str, meeting_id: int, changes: Mapping[str, object]
) -> None:
    """A change to a meeting, in the audit log (a meeting belongs to no single patient)."""
    if changes:
        audit.record(
            session,
            at=db.now(),
            actor=db.user,
            action=action,
            entity=MEETING,
            entity_id=meeting_id,
            patient_id=None,
            changes=changes,
        )


def write_agenda(
    session: Session, db: Database, meeting: Meeting, plans: Sequence[tuple[int, tuple[str, ...]]]
) -> None:
    """Make `meeting`'s agenda (as read with its row claimed) the chosen plans. A plan already on it keeps its
    entry (reasons, recommendation, version); one with a recommendation cannot be taken off."""
    kept = {entry.plan_id: entry for entry in meeting.entries}
    chosen = _checked(session, plans, kept)
    removed = [entry for plan_id, entry in kept.items() if plan_id not in chosen]
    _refuse_recommended(removed)
    if removed:
        dropped = [entry.id for entry in removed]
        session.execute(delete(MeetingEntryRow).where(MeetingEntryRow.id.in_(dropped)))
    _place(session, meeting.id, chosen, kept)
    _audit(session, db, meeting, chosen, removed)


def _checked(
    session: Session, plans: Sequence[tuple[int, tuple[str, ...]]], kept: Mapping[int, object]
) -> Chosen:
    """The chosen plans in order with their reasons; unknown, doubled or closed new plans refused."""
    ids = [plan_id for plan_id, _ in plans if can_be_an_id(session, plan_id)]
    found = {
        plan.id: (plan, name)
        for plan, name in session.execute(
            select(PlanRow, PatientRow.name)
            .join(PatientRow, PatientRow.id == PlanRow.patient_id)
            .where(PlanRow.id.in_(ids))
        )
    }
    chosen: Chosen = {}
    for line, (plan_id, reasons) in enumerate(plans, start=1):
        if plan_id not in found:
            raise NotFound(f"there is no plan with id {plan_id} (line {line}); the agenda was not changed")
        plan, name = found[plan_id]
        what = f'{name}\'s plan "{plan.title}"'
        if plan_id in chosen:
            raise StoreError(f"{what} is chosen twice; the agenda was not changed")
        if plan_id not in kept and plan.status in FINAL_STATUSES:
            raise StoreError(
                f"{what} is {plan.status}: only draft and active plans can be put on the agenda; "
                "the agenda was not changed"
            )
        chosen[plan_id] = (plan, checked_reasons(reasons, what))
    return chosen


def _refuse_recommended(removed: Sequence[AgendaEntry]) -> None:
    for entry in removed:
        if entry.recommendation is not None:
            raise StoreError(
                f"{entry.patient_name}'s plan \"{entry.plan_title}\" has the team's recommendation, "
                f"recorded by {entry.recommendation.by_name} on {when(entry.recommendation.at)}: "
                "it stays on the agenda as the record; the agenda was not changed"
            )


def _place(session: Session, meeting_id: int, chosen: Chosen, kept: Mapping[int, AgendaEntry]) -> None:
    """Kept entries move to their new place (keeping reasons and recommendation); new ones are added."""
    for position, (plan_id, (plan, reasons)) in enumerate(chosen.items()):
        if plan_id not in kept:
            session.add(
                MeetingEntryRow(
                    meeting_id=meeting_id,
                    plan_id=plan_id,
                    patient_id=plan.patient_id,
                    position=position,
                    reasons=reasons,
                    version=1,
                )
            )
        elif kept[plan_id].position != position:
            session.execute(
                update(MeetingEntryRow)
                .where(MeetingEntryRow.id == kept[plan_id].id)
                .values(position=position)
            )


def _audit(
    session: Session, db: Database, meeting: Meeting, chosen: Chosen, removed: Sequence[AgendaEntry]
) -> None:
    """The meeting's list of plans changed; each patient's trail says their plan was added or removed."""
    before = [entry.plan_id for entry in meeting.entries]
    after = list(chosen)
    meeting_event(session, db, "agenda", meeting.id, audit.differences({"plans": before}, {"plans": after}))
    on_agenda = {"meeting": meeting.id, "held_on": meeting.held_on.isoformat()}
    for plan, _ in (chosen[plan_id] for plan_id in after if plan_id not in before):
        audit.plan_event(session, db, "agenda", plan.id, plan.patient_id, on_agenda | {"added": True})
    for entry in removed:
        audit.plan_event(session, db, "agenda", entry.plan_id, entry.patient_id, on_agenda | {"added": False})
