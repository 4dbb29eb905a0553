"""The database tables (SQLAlchemy 2 typed models). Alembic migrations in `migrations/` build exactly these.

A plan's revisions are immutable snapshots of the plan part of the document (baseline, goals, plan) in the
public `careplanner/1` JSON shape: every save is a new row and the plan's `head_number` moves on, so even a
change to one item is a change to the versioned plan row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
PLAN_STATUSES: tuple[str, ...] = ("draft", "active", "completed", "revoked")


class Timestamp(TypeDecorator[dt.datetime]):
    """Stored in UTC; always read back timezone-aware (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_number: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = mapped_column(String(200), index=True)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(32))
    conditions: Mapped[list[str]] = mapped_column(JSON)
    # Creatinine clearance in mL/min (Cockcroft-Gault); its check is a column constraint (migration 0004).
    crcl_ml_min: Mapped[float | None] = mapped_column(
        Float, CheckConstraint("crcl_ml_min > 0 AND crcl_ml_min <= 250", name="crcl_ml_min")
    )
    notes: Mapped[str] = mapped_column(Text, server_default="")
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    updated_by: Mapped[str] = mapped_column(String(100))

    history: Mapped[list[HistoryRow]] = relationship(
        order_by="HistoryRow.position", cascade="all, delete-orphan", passive_deletes=True
    )


class HistoryRow(Base):
    """A treatment tried before (the document's `history`)."""

    __tablename__ = "treatment_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    modality: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16))
    dose_mg_per_day: Mapped[float | None] = mapped_column(Float)
    dose_mcg_per_hour: Mapped[float | None] = mapped_column(Float)  # a fentanyl patch, instead of mg a day
    relief_percent: Mapped[float | None] = mapped_column(Float)
    region: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)


class CheckInRow(Base):
    """A follow-up visit (the document's `checkins`): PEG-3, sleep and mood, progress on the goals, adherence
    per treatment and side effects. Rows written before migration 0005 have none of the last three."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_patient_date", "patient_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    peg_pain: Mapped[int | None] = mapped_column(Integer)
    peg_enjoyment: Mapped[int | None] = mapped_column(Integer)
    peg_activity: Mapped[int | None] = mapped_column(Integer)
    sleep: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)
    # [{"goal", "progress"}] and [{"item", "modality", "level"}] as in the document; NULL when none recorded.
    goal_progress: Mapped[list[dict[str, str]] | None] = mapped_column(JSON(none_as_null=True))
    adherence: Mapped[list[dict[str, str]] | None] = mapped_column(JSON(none_as_null=True))
    side_effects: Mapped[str | None] = mapped_column(Text)


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'completed', 'revoked')", name="status"),
        CheckConstraint("head_number >= 1", name="head_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    head_number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)  # the head revision's plan.start, for lists
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    updated_by: Mapped[str] = mapped_column(String(100))


class RevisionRow(Base):
    """One saved state of a plan; never changed after it is written."""

    __tablename__ = "plan_revisions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_plan_revisions_plan_number"),
        CheckConstraint("number >= 1", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)  # {"baseline", "goals", "plan"} in the careplanner/1 shape
    saved_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    saved_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class DueDateRow(Base):
    """An open assessment or review of an active plan's head revision, with its due date (the clinic's list).

    Derived from the revision (careplanner.followup.due.open_dates) and rewritten in the same transaction as
    every change of the plan's head or status, so the list is one indexed range query instead of reading
    every plan. Only active plans have rows.
    """

    __tablename__ = "due_dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # "assessment" or "review"
    item_id: Mapped[str | None] = mapped_column(String(64))  # the plan item of an assessment
    modality: Mapped[str | None] = mapped_column(String(64))
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)  # a calendar date: no clock, no time zone
    week: Mapped[int] = mapped_column(Integer)


class SearchTermRow(Base):
    """Lower-cased, accent-free words of a patient's name, record number and birth date, for prefix search."""

    __tablename__ = "patient_search_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)


class AuditRow(Base):
    """Who changed which record, when, and what changed. Kept when the record itself is deleted."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(Timestamp())
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[dict[str, object]] = mapped_column(JSON)


class SettingRow(Base):
    """Settings shared by every workstation of a clinic (e.g. the clinic's name on printouts)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    updated_by: Mapped[str] = mapped_column(String(100))


class DatabaseIdentityRow(Base):
    """One random id per database, made once when the database is made (or first migrated to 0003).

    Files kept outside the database (the window's recovery files) are keyed by it, so work done on one
    database is never offered for another. A copy of the database keeps it: a restored backup is the same
    database.
    """

    __tablename__ = "database_identity"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(String(36))


class UserRow(Base):
    """A user's name and discipline, shared by every workstation (the login is the store's user)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    discipline: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp())


class CommentRow(Base):
    """A comment on one revision of a plan. Author name and discipline are kept as they were at the time."""

    __tablename__ = "plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(100))
    author_name: Mapped[str] = mapped_column(String(200))
    discipline: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(Timestamp())
    text: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(Timestamp())
    resolved_by: Mapped[str | None] = mapped_column(String(100))


class SignoffRow(Base):
    """One discipline's agreement with (or dissent from) one revision of a plan; never changed afterwards."""

    __tablename__ = "plan_signoffs"
    __table_args__ = (CheckConstraint("agrees OR reason IS NOT NULL", name="dissent_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    discipline: Mapped[str] = mapped_column(String(32))
    login: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(Timestamp())
    agrees: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)


class MeetingRow(Base):
    """A team meeting: date, title and chair. Date, title, attendees and agenda change only over `version`.

    Ids of meetings and entries are never used again (AUTOINCREMENT on SQLite; PostgreSQL's sequences never
    reuse): a window still holding a deleted one must be told it is gone, not write into its successor.
    """

    __tablename__ = "meetings"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    chair: Mapped[str] = mapped_column(String(100))  # the login of the user who made the meeting
    chair_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp())  # named to whoever loses a conflict
    updated_by: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)


class MeetingAttendeeRow(Base):
    """Someone at a meeting: a user of the database (login) or a guest (no login), as named at the time."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    discipline: Mapped[str] = mapped_column(String(32))
    login: Mapped[str | None] = mapped_column(String(100))


class MeetingEntryRow(Base):
    """One plan on a meeting's agenda and the team's recommendation for it (written over `version` only)."""

    __tablename__ = "meeting_entries"
    __table_args__ = (
        UniqueConstraint("meeting_id", "plan_id", name="uq_meeting_entries_meeting_plan"),
        CheckConstraint(
            "recommendation IS NULL OR (recommended_by IS NOT NULL AND recommended_at IS NOT NULL"
            " AND presented_revision IS NOT NULL)",
            name="recommendation_signed",
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list[str]] = mapped_column(JSON)  # why it was chosen, in words, as they were then
    presented_revision: Mapped[int | None] = mapped_column(Integer)
    recommendation: Mapped[str | None] = mapped_column(Text)
    recommended_by: Mapped[str | None] = mapped_column(String(100))
    recommended_by_name: Mapped[str | None] = mapped_column(String(200))
    recommended_discipline: Mapped[str | None] = mapped_column(String(32))
    recommended_at: Mapped[dt.datetime | None] = mapped_column(Timestamp())
    version: Mapped[int] = mapped_column(Integer)
