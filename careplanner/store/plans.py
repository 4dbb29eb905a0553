"""Plans and their revisions. Saving never overwrites: each save is a new revision with author and time.

A save names the revision it was based on. If someone saved in between, the save is refused with a
`PlanConflict` that names them; the caller may keep its work as a new revision on top, or reload.
"""

from __future__ import annotations

import json
from collections.abc import Set
from itertools import groupby
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session, defer, load_only

from careplanner.documents import (
    FORMAT,
    DocumentError,
    goal_to_json,
    history_to_json,
    measurement_to_json,
    patient_to_json,
    plan_part_to_json,
    read_plan_data,
)
from careplanner.domain import Measurement, PlanDocument
from careplanner.store import audit
from careplanner.store.database import Database, can_be_an_id, rows_changed
from careplanner.store.due import LISTED_STATUS, replace_due_dates
from careplanner.store.errors import InterveningSave, NotFound, PlanConflict, StoreError
from careplanner.store.models import PLAN_STATUSES, CheckInRow, PatientRow, PlanRow, RevisionRow
from careplanner.store.patients import FIRST_CHECKIN_COLUMNS, checkin, domain_patient
from careplanner.store.records import (
    FINAL_STATUSES,
    STATUS_TRANSITIONS,
    PlanContent,
    PlanRevision,
    PlanSummary,
    RevisionInfo,
)
from careplanner.store.team import activation_refusal


def content_to_json(content: PlanContent) -> dict[str, Any]:
    data: dict[str, Any] = {"history": [history_to_json(entry) for entry in content.history]}
    if content.baseline is not None:
        data["baseline"] = measurement_to_json(content.baseline)
    data["goals"] = [goal_to_json(goal) for goal in content.goals]
    data["plan"] = plan_part_to_json(content.plan)
    return data


def _encode(content: PlanContent) -> str:
    return json.dumps(content_to_json(content), ensure_ascii=False, separators=(",", ":"))


def info_of(row: RevisionRow) -> RevisionInfo:
    return RevisionInfo(row.plan_id, row.number, row.status, row.saved_at, row.saved_by, row.note)


def _summary(row: PlanRow) -> PlanSummary:
    return PlanSummary(
        row.id,
        row.patient_id,
        row.title,
        row.status,
        row.head_number,
        row.start_date,
        row.updated_at,
        row.updated_by,
    )


def _plan(session: Session, plan_id: int) -> PlanRow:
    row = session.get(PlanRow, plan_id) if can_be_an_id(session, plan_id) else None
    if row is None:
        raise NotFound(f"there is no plan with id {plan_id}")
    return row


def _revision(session: Session, plan_id: int, number: int) -> RevisionRow:
    row = None
    if can_be_an_id(session, number):
        row = session.scalar(
            select(RevisionRow).where(RevisionRow.plan_id == plan_id, RevisionRow.number == number)
        )
    if row is None:
        raise NotFound(f"plan {plan_id} has no revision {number}")
    return row


def insert_plan(
    session: Session, db: Database, patient_id: int, content: PlanContent, title: str, note: str | None = None
) -> RevisionRow:
    if session.get(PatientRow, patient_id) is None:
        raise NotFound(f"there is no patient with id {patient_id}")
    now = db.now()
    plan = PlanRow(
        patient_id=patient_id,
        title=title,
        status="draft",
        head_number=1,
        start_date=content.plan.start,
        created_at=now,
        created_by=db.user,
        updated_at=now,
        updated_by=db.user,
    )
    session.add(plan)
    session.flush()
    revision = RevisionRow(
        plan_id=plan.id,
        number=1,
        status="draft",
        content=_encode(content),
        saved_at=now,
        saved_by=db.user,
        note=note,
    )
    session.add(revision)
    _follow_up(session, plan, plan.status, content)
    audit.plan_event(
        session, db, "create", plan.id, patient_id, {"title": title, "items": len(content.plan.items)}
    )
    session.flush()
    return revision


def create_plan(
    db: Database, patient_id: int, content: PlanContent, title: str, note: str | None = None
) -> RevisionInfo:
    with db.writing() as session:
        return info_of(insert_plan(session, db, patient_id, content, title, note))


def _check_base(plan: PlanRow, base: int) -> None:
    if not 1 <= base <= plan.head_number:
        raise StoreError(
            f"plan {plan.id} has no revision {base} to build on (its newest is {plan.head_number})"
        )


def _claim_next(session: Session, plan: PlanRow, base: int, db: Database, start: object) -> None:
    """Move the plan's head from `base` to `base + 1`, or raise the conflict naming who saved in between."""
    claimed = rows_changed(
        session,
        update(PlanRow)
        .where(PlanRow.id == plan.id, PlanRow.head_number == base)
        .values(head_number=base + 1, start_date=start, updated_at=db.now(), updated_by=db.user)
        .execution_options(synchronize_session=False),
    )
    if claimed:
        return
    later = session.scalars(
        select(RevisionRow)
        .where(RevisionRow.plan_id == plan.id, RevisionRow.number > base)
        .order_by(RevisionRow.number)
    )
    raise PlanConflict(plan.id, base, [InterveningSave(r.number, r.saved_by, r.saved_at) for r in later])


def save_revision(
    db: Database, plan_id: int, content: PlanContent, base: int, note: str | None = None
) -> RevisionInfo:
    with db.writing() as session:
        return info_of(add_revision(session, db, plan_id, content, base, note))


def add_revision(
    session: Session,
    db: Database,
    plan_id: int,
    content: PlanContent,
    base: int,
    note: str | None = None,
    title: str | None = None,
) -> RevisionRow:
    plan = _plan(session, plan_id)
    if plan.status in FINAL_STATUSES:
        raise StoreError(
            f"plan {plan_id} is {plan.status} and can no longer change; start a new plan instead"
        )
    _check_base(plan, base)
    if title is not None and title != plan.title:
        _rename(session, db, plan, title)
    previous = _revision(session, plan_id, base)
    encoded = _encode(content)
    if base == plan.head_number and encoded == previous.content:
        return previous  # nothing changed (e.g. an autosave): no new revision
    _claim_next(session, plan, base, db, content.plan.start)
    revision = RevisionRow(
        plan_id=plan_id,
        number=base + 1,
        status=plan.status,
        content=encoded,
        saved_at=db.now(),
        saved_by=db.user,
        note=note,
    )
    session.add(revision)
    _follow_up(session, plan, plan.status, content)
    changes = audit.plan_differences(json.loads(previous.content), content_to_json(content))
    audit.plan_event(session, db, "save", plan_id, plan.patient_id, {"revision": base + 1, **changes})
    session.flush()
    return revision


def _rename(session: Session, db: Database, plan: PlanRow, title: str) -> None:
    """The name is the plan's, not a revision's: every revision is listed under the new name."""
    audit.plan_event(session, db, "rename", plan.id, plan.patient_id, {"title": [plan.title, title]})
    plan.title = title


def _follow_up(session: Session, plan: PlanRow, status: str, content: PlanContent | None) -> None:
    """Keep the clinic's due list in step with the plan's new head revision and status (same transaction)."""
    document = None
    if content is not None and status == LISTED_STATUS:
        patient = session.get(PatientRow, plan.patient_id)
        assert patient is not None  # foreign key
        document = content.document(domain_patient(patient))
    replace_due_dates(session, plan.id, plan.patient_id, status, document)


def _stored_content(
    session: Session, plan: PlanRow, content: str, modalities: Set[str]
) -> PlanContent | None:
    """A stored revision's content through the strict reader; None if it cannot be read (it is not listed)."""
    patient = session.get(PatientRow, plan.patient_id)
    assert patient is not None  # foreign key
    try:
        return PlanContent.of(stored_document(patient, content, [], modalities))
    except (DocumentError, ValueError):
        return None


def set_status(
    db: Database, modalities: Set[str], plan_id: int, status: str, base: int, note: str | None = None
) -> RevisionInfo:
    """A status change is a revision of its own (same content): dated, signed and conflict-checked.

    Becoming active needs the agreement of the disciplines the clinic requires (store/team.py).
    """
    if status not in PLAN_STATUSES:
        raise StoreError(f'"{status}" is not a plan status ({", ".join(PLAN_STATUSES)})')
    with db.writing() as session:
        plan = _plan(session, plan_id)
        if status not in STATUS_TRANSITIONS[plan.status]:
            raise StoreError(f"a {plan.status} plan cannot become {status}")
        _check_base(plan, base)
        content = _revision(session, plan_id, base).content
        _claim_next(session, plan, base, db, plan.start_date)
        refusal = activation_refusal(session, plan, base) if status == "active" else None
        if refusal is not None:  # checked with the head claimed: no sign-off can slip in meanwhile
            raise StoreError(refusal)
        old_status = plan.status
        session.execute(update(PlanRow).where(PlanRow.id == plan_id).values(status=status))
        revision = RevisionRow(
            plan_id=plan_id,
            number=base + 1,
            status=status,
            content=content,
            saved_at=db.now(),
            saved_by=db.user,
            note=note or f"status: {old_status} -> {status}",
        )
        session.add(revision)
        listed = _stored_content(session, plan, content, modalities) if status == LISTED_STATUS else None
        _follow_up(session, plan, status, listed)
        audit.plan_event(
            session,
            db,
            "status",
            plan_id,
            plan.patient_id,
            {"revision": base + 1, "status": [old_status, status]},
        )
        session.flush()
        return info_of(revision)


def load_revision(
    db: Database, modalities: Set[str], plan_id: int, number: int | None = None
) -> PlanRevision:
    """The head revision, or any earlier one (read-only), as a full plan document."""
    with db.reading() as session:
        plan = _plan(session, plan_id)
        revision = _revision(session, plan_id, plan.head_number if number is None else number)
        patient = session.get(PatientRow, plan.patient_id)
        assert patient is not None  # foreign key
        try:
            checkins = read_checkins(session, patient.id)
            document = stored_document(patient, revision.content, checkins, modalities)
        except (DocumentError, ValueError) as error:
            raise StoreError(
                f"revision {revision.number} of plan {plan_id} cannot be read: {error}"
            ) from None
        return PlanRevision(info_of(revision), plan.head_number, plan.status, document)


def first_unreadable_revision(session: Session, modalities: Set[str]) -> str | None:
    """Read every stored revision as `load_revision` does; say which one cannot be opened, if any.

    The tables read here are the same in every schema careplanner knows (0001 to the newest), so a backup
    from an older version is checked before it is migrated; the patient's clearance (added in 0004) is left
    unread, as it has no part in whether a plan can be opened. The check-ins' goal progress, adherence and
    side effects (0005) are read where the backup has them.
    """
    follow_up = "side_effects" in {
        column["name"] for column in inspect(session.connection()).get_columns("checkins")
    }
    rows = session.execute(
        select(PlanRow.patient_id, RevisionRow.plan_id, RevisionRow.number, RevisionRow.content)
        .join(PlanRow, PlanRow.id == RevisionRow.plan_id)
        .order_by(PlanRow.patient_id, RevisionRow.plan_id, RevisionRow.number)
    ).yield_per(500)
    for patient_id, revisions in groupby(rows, key=lambda row: row.patient_id):
        patient = session.get(PatientRow, patient_id, options=[defer(PatientRow.crcl_ml_min, raiseload=True)])
        assert patient is not None  # foreign key
        checkins = read_checkins(session, patient_id, follow_up=follow_up)
        for row in revisions:
            try:
                stored_document(patient, row.content, checkins, modalities, clearance=False)
            except (DocumentError, ValueError) as error:
                return f"revision {row.number} of plan {row.plan_id} cannot be read: {error}"
        session.expunge_all()  # one patient at a time in memory
    return None


def read_checkins(session: Session, patient_id: int, *, follow_up: bool = True) -> list[Measurement]:
    """The patient's check-ins; `follow_up=False` reads only the columns every schema has (0001 on)."""
    query = select(CheckInRow).where(CheckInRow.patient_id == patient_id).order_by(CheckInRow.date)
    if not follow_up:
        query = query.options(load_only(*FIRST_CHECKIN_COLUMNS, raiseload=True))
    return [checkin(row, follow_up=follow_up) for row in session.scalars(query)]


def stored_document(
    patient: PatientRow,
    content: str,
    checkins: list[Measurement],
    modalities: Set[str],
    *,
    clearance: bool = True,
) -> PlanDocument:
    """A stored revision through the strict reader; DocumentError, or ValueError for content not JSON."""
    stored = json.loads(content)
    if not isinstance(stored, dict):
        raise ValueError("the stored plan is not a JSON object")
    data = {
        "format": FORMAT,
        "patient": patient_to_json(domain_patient(patient, clearance=clearance)),
        **stored,
        "checkins": [measurement_to_json(measurement) for measurement in checkins],
    }
    return read_plan_data(data, modalities).document


def list_plans(db: Database, patient_id: int) -> list[PlanSummary]:
    with db.reading() as session:
        rows = session.scalars(
            select(PlanRow).where(PlanRow.patient_id == patient_id).order_by(PlanRow.id.desc())
        )
        return [_summary(row) for row in rows]


def plan_summary(db: Database, plan_id: int) -> PlanSummary:
    with db.reading() as session:
        return _summary(_plan(session, plan_id))


def list_revisions(db: Database, plan_id: int) -> list[RevisionInfo]:
    with db.reading() as session:
        _plan(session, plan_id)
        rows = session.scalars(
            select(RevisionRow).where(RevisionRow.plan_id == plan_id).order_by(RevisionRow.number)
        )
        return [info_of(row) for row in rows]
