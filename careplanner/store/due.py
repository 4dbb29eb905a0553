"""The clinic's list of assessments and reviews due: the `due_dates` rows and the query that reads them.

Each active plan has one row per open date of its head revision (careplanner.followup.due.open_dates). The
rows are rewritten in the transaction that moves the plan's head or changes its status, so the list is one
indexed range query, whatever the number of patients. Due dates are calendar dates (DATE columns): no clock
and no time zone ever touches them, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from careplanner.domain import PlanDocument
from careplanner.followup.due import DueEntry, days_overdue, open_dates, status_on
from careplanner.store.models import DueDateRow, PatientRow, PlanRow

LISTED_STATUS = "active"  # draft, completed and revoked plans ask for no follow-up


def due_rows(plan_id: int, patient_id: int, document: PlanDocument) -> list[dict[str, object]]:
    """The `due_dates` rows of a plan whose head revision is `document` (for a bulk insert)."""
    return [
        {
            "plan_id": plan_id,
            "patient_id": patient_id,
            "kind": found.kind,
            "item_id": found.item_id,
            "modality": found.modality,
            "due_date": found.due_date,
            "week": found.week,
        }
        for found in open_dates(document)
    ]


def replace_due_dates(
    session: Session, plan_id: int, patient_id: int, status: str, document: PlanDocument | None
) -> None:
    """Make the plan's rows those of its head revision (`document`) in its status; None: it has none."""
    session.execute(delete(DueDateRow).where(DueDateRow.plan_id == plan_id))
    if status != LISTED_STATUS or document is None:
        return
    rows = due_rows(plan_id, patient_id, document)
    if rows:
        session.execute(insert(DueDateRow), rows)


def due_list(session: Session, as_of: dt.date, days_ahead: int) -> list[DueEntry]:
    """Every open date up to `days_ahead` days after `as_of` (overdue ones included), soonest first."""
    until = as_of + dt.timedelta(days=days_ahead)
    # Code-point order on both databases (PostgreSQL's default collation orders some names unlike
    # SQLite's), so the list reads the same on both; sorted by the database, not row by row in Python.
    exact = "BINARY" if session.get_bind().dialect.name == "sqlite" else "C"
    query = (
        select(
            DueDateRow.due_date,
            DueDateRow.plan_id,
            DueDateRow.kind,
            DueDateRow.item_id,
            DueDateRow.modality,
            DueDateRow.week,
            PlanRow.title,
            PatientRow.id,
            PatientRow.record_number,
            PatientRow.name,
        )
        .join(PlanRow, PlanRow.id == DueDateRow.plan_id)
        .join(PatientRow, PatientRow.id == DueDateRow.patient_id)
        .where(DueDateRow.due_date <= until)
        .order_by(  # careplanner.followup.worklist.list_order: the window lists the same way
            DueDateRow.due_date,
            DueDateRow.kind.collate(exact),  # "assessment" before "review"
            PatientRow.sort_name.collate(exact),
            PatientRow.record_number.collate(exact),
            DueDateRow.plan_id,
            DueDateRow.item_id.collate(exact),
        )
    )
    # Plain rows through the connection (no ORM loading): thousands of lines stay well within 100 ms.
    rows = session.connection().execute(query)
    entries = []
    for due_date, plan_id, kind, item_id, modality, week, title, patient_key, record, name in rows:
        status = status_on(due_date, as_of, days_ahead)
        assert status is not None  # the query keeps only dates up to `days_ahead` days after `as_of`
        entries.append(
            DueEntry(
                patient_key=patient_key,
                patient_id=record,
                patient_name=name,
                plan_id=plan_id,
                plan_title=title,
                kind=kind,
                due_date=due_date,
                item_id=item_id,
                modality=modality,
                status=status,
                days_overdue=days_overdue(due_date, as_of),
                week=week,
            )
        )
    return entries
