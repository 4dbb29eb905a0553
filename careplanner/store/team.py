"""The team in the database: users' names and disciplines, comments on plan revisions, sign-offs, the gate.

Several workstations write here at once. Nothing is read-then-overwritten: a comment or sign-off is a new
row; resolving a comment is one conditional UPDATE (the second resolver is told who was first); a sign-off
holds the plan's row (FOR SHARE on PostgreSQL, the write lock on SQLite) while it checks the revision, so a
save that moves the head either waits for it or makes it fail plainly.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from careplanner.store import audit, settings
from careplanner.store.database import Database, can_be_an_id, rows_changed
from careplanner.store.errors import NotFound, StoreError, local_time
from careplanner.store.models import CommentRow, PlanRow, RevisionRow, SettingRow, SignoffRow, UserRow
from careplanner.store.records import FINAL_STATUSES
from careplanner.team.model import (
    DISCIPLINE_NAMES,
    DISCIPLINES,
    REQUIRED_SIGNOFFS_SETTING,
    Comment,
    SignOff,
    UserProfile,
    disciplines_words,
    missing_signoffs,
)

MAX_COMMENT = 2000  # characters of a comment or a dissent's reason
MAX_NAME = 200


def _profile(row: UserRow) -> UserProfile:
    return UserProfile(row.login, row.name, row.discipline)


def comment_of(row: CommentRow) -> Comment:
    return Comment(
        row.id,
        row.plan_id,
        row.revision,
        row.author,
        row.author_name,
        row.discipline,
        row.at,
        row.text,
        row.resolved_at,
        row.resolved_by,
    )


def signoff_of(row: SignoffRow) -> SignOff:
    return SignOff(
        row.id, row.plan_id, row.revision, row.discipline, row.login, row.name, row.at, row.agrees, row.reason
    )


def _user(session: Session, login: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.login == login))


def own_profile(session: Session, db: Database, doing: str) -> UserRow:
    row = _user(session, db.user)
    if row is None:
        raise StoreError(f"{db.user} has no name and discipline yet: give them first, then {doing}")
    return row


def plan_row(session: Session, plan_id: int, *, hold: bool = False) -> PlanRow:
    query = select(PlanRow).where(PlanRow.id == plan_id)
    if hold:  # PostgreSQL: a save moving the head waits until this transaction ends (SQLite: BEGIN IMMEDIATE)
        query = query.with_for_update(read=True)
    row = session.scalar(query) if can_be_an_id(session, plan_id) else None
    if row is None:
        raise NotFound(f"there is no plan with id {plan_id}")
    return row


def _who(session: Session, login: str) -> str:
    row = _user(session, login)
    return login if row is None else f"{row.name} ({login})"


def storable_text(text: str, what: str) -> str:
    """`text` as every database can keep it: PostgreSQL refuses NUL, which no name or note needs, and a lone
    surrogate is not Unicode at all. `what` names the field in the refusal."""
    if "\x00" in text:
        raise StoreError(f"{what} contains a NUL character (\\u0000), which cannot be kept: take it out")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(
            f"{what} contains a character that is not valid Unicode (a lone surrogate): take it out"
        ) from None
    return text


def _text(text: str, what: str) -> str:
    cleaned = storable_text(text, what).strip()
    if not cleaned:
        raise StoreError(f"{what} is empty: write what you want the team to read")
    if len(cleaned) > MAX_COMMENT:
        raise StoreError(f"{what} has {len(cleaned):,} characters; at most {MAX_COMMENT:,} can be kept")
    return cleaned


def signoff_head(session: Session, plan_id: int, head: int) -> int:
    """The revision sign-offs are measured against: the first of the newest revisions with the head's
    content. A status change is a revision of its own with the same content, so it outdates no sign-off."""
    head_content = select(RevisionRow.content).where(
        RevisionRow.plan_id == plan_id, RevisionRow.number == head
    )
    last_different = session.scalar(
        select(func.max(RevisionRow.number)).where(
            RevisionRow.plan_id == plan_id,
            RevisionRow.number < head,
            RevisionRow.content != head_content.scalar_subquery(),
        )
    )
    return (last_different or 0) + 1


def activation_refusal(session: Session, plan: PlanRow, base: int) -> str | None:
    """Why revision `base` may not become active: required disciplines without a current agreeing sign-off."""
    required = _required(session)
    if not required:
        return None
    rows = session.scalars(select(SignoffRow).where(SignoffRow.plan_id == plan.id))
    signoffs = [signoff_of(row) for row in rows]
    missing = missing_signoffs(signoffs, required, signoff_head(session, plan.id, base))
    if not missing:
        return None
    verb = "has" if len(missing) == 1 else "have"
    return (
        f"{disciplines_words(missing)} {verb} not signed off revision {base} in agreement: the clinic "
        f"requires the agreement of {disciplines_words(required)} before a plan becomes active. "
        "The plan was not changed."
    )


def _required(session: Session) -> tuple[str, ...]:
    row = session.get(SettingRow, REQUIRED_SIGNOFFS_SETTING)
    stored = [] if row is None else row.value
    chosen = set(stored) if isinstance(stored, list) else set()
    return tuple(discipline for discipline in DISCIPLINES if discipline in chosen)


class TeamStore:
    """The team's part of the Store facade (mixed into `Store`, which provides `db`)."""

    db: Database

    # -- who is who --------------------------------------------------------------------------------
    def user_profile(self, login: str | None = None) -> UserProfile | None:
        with self.db.reading() as session:
            row = _user(session, login or self.db.user)
            return None if row is None else _profile(row)

    def save_user_profile(self, name: str, discipline: str) -> UserProfile:
        cleaned = storable_text(name, "the name").strip()
        if not cleaned:
            raise StoreError("the name is empty: give the name colleagues know you by")
        if len(cleaned) > MAX_NAME:
            raise StoreError(f"the name has {len(cleaned)} characters; at most {MAX_NAME} can be kept")
        if discipline not in DISCIPLINES:
            raise StoreError(f'"{discipline}" is not a discipline ({", ".join(DISCIPLINE_NAMES.values())})')
        with self.db.writing() as session:
            row = _user(session, self.db.user)
            before = {} if row is None else {"name": row.name, "discipline": row.discipline}
            now = self.db.now()
            if row is None:
                row = UserRow(
                    login=self.db.user, name=cleaned, discipline=discipline, updated_at=self.db.now()
                )
                session.add(row)
            else:
                row.name, row.discipline, row.updated_at = cleaned, discipline, now
            session.flush()
            changes = audit.differences(before, {"name": cleaned, "discipline": discipline})
            self._audit_user(session, row.id, changes)
            return _profile(row)

    def _audit_user(self, session: Session, user_id: int, changes: dict[str, object]) -> None:
        if changes:
            audit.record(
                session,
                at=self.db.now(),
                actor=self.db.user,
                action="profile",
                entity="user",
                entity_id=user_id,
                patient_id=None,
                changes=changes,
            )

    def list_users(self) -> list[UserProfile]:
        with self.db.reading() as session:
            return [_profile(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]

    # -- comments ----------------------------------------------------------------------------------
    def add_comment(self, plan_id: int, revision: int, text: str) -> Comment:
        cleaned = _text(text, "the comment")
        with self.db.writing() as session:
            author = own_profile(session, self.db, "comment")
            plan = plan_row(session, plan_id)
            if not 1 <= revision <= plan.head_number:
                raise NotFound(f"plan {plan_id} has no revision {revision}")
            row = CommentRow(
                plan_id=plan_id,
                revision=revision,
                author=author.login,
                author_name=author.name,
                discipline=author.discipline,
                at=self.db.now(),
                text=cleaned,
            )
            session.add(row)
            session.flush()
            changes = {"comment": row.id, "revision": revision, "text": cleaned}
            audit.plan_event(session, self.db, "comment", plan_id, plan.patient_id, changes)
            return comment_of(row)

    def resolve_comment(self, comment_id: int) -> Comment:
        with self.db.writing() as session:
            row = session.get(CommentRow, comment_id) if can_be_an_id(session, comment_id) else None
            if row is None:
                raise NotFound(f"there is no comment with id {comment_id}")
            now = self.db.now()
            resolved = rows_changed(  # only if still open: of two resolvers at once, exactly one wins
                session,
                update(CommentRow)
                .where(CommentRow.id == comment_id, CommentRow.resolved_at.is_(None))
                .values(resolved_at=now, resolved_by=self.db.user)
                .execution_options(synchronize_session=False),
            )
            session.refresh(row)
            if not resolved:
                assert row.resolved_at is not None and row.resolved_by is not None
                raise StoreError(
                    f"this comment was already resolved by {_who(session, row.resolved_by)} "
                    f"at {local_time(row.resolved_at)}; nothing was changed"
                )
            patient_id = session.scalar(select(PlanRow.patient_id).where(PlanRow.id == row.plan_id))
            assert patient_id is not None  # foreign key
            audit.plan_event(session, self.db, "resolve", row.plan_id, patient_id, {"comment": comment_id})
            return comment_of(row)

    def list_comments(self, plan_id: int) -> list[Comment]:
        with self.db.reading() as session:
            plan_row(session, plan_id)
            query = select(CommentRow).where(CommentRow.plan_id == plan_id)
            return [comment_of(row) for row in session.scalars(query.order_by(CommentRow.at, CommentRow.id))]

    # -- sign-off ----------------------------------------------------------------------------------
    def sign_off(self, plan_id: int, revision: int, agrees: bool, reason: str | None) -> SignOff:
        kept = None if reason is None or not reason.strip() else _text(reason, "the reason")
        if not agrees and kept is None:
            raise StoreError("a dissent needs its reason: say what you disagree with")
        with self.db.writing() as session:
            signer = own_profile(session, self.db, "sign off")
            plan = plan_row(session, plan_id, hold=True)
            self._refuse_outdated(session, plan, revision)
            row = SignoffRow(
                plan_id=plan_id,
                revision=revision,
                discipline=signer.discipline,
                login=signer.login,
                name=signer.name,
                at=self.db.now(),
                agrees=agrees,
                reason=kept,
            )
            session.add(row)
            session.flush()
            changes = {"revision": revision, "discipline": signer.discipline, "agrees": agrees}
            audit.plan_event(
                session, self.db, "sign-off", plan_id, plan.patient_id, changes | {"reason": kept}
            )
            return signoff_of(row)

    def _refuse_outdated(self, session: Session, plan: PlanRow, revision: int) -> None:
        if not 1 <= revision <= plan.head_number:
            raise NotFound(f"plan {plan.id} has no revision {revision}")
        if plan.status in FINAL_STATUSES:  # its care is over: an agreement would count for nothing
            raise StoreError(
                f"the plan is {plan.status}: there is nothing left to sign off; nothing was recorded"
            )
        if revision >= signoff_head(session, plan.id, plan.head_number):
            return
        newest = session.scalar(
            select(RevisionRow).where(RevisionRow.plan_id == plan.id, RevisionRow.number == plan.head_number)
        )
        assert newest is not None  # the head always exists
        raise StoreError(
            f"revision {revision} is no longer the plan's newest: {_who(session, newest.saved_by)} saved "
            f"revision {newest.number} at {local_time(newest.saved_at)}. Open the newest revision and "
            "sign off on it; nothing was recorded."
        )

    def list_signoffs(self, plan_id: int) -> list[SignOff]:
        with self.db.reading() as session:
            plan_row(session, plan_id)
            query = select(SignoffRow).where(SignoffRow.plan_id == plan_id)
            return [signoff_of(row) for row in session.scalars(query.order_by(SignoffRow.at, SignoffRow.id))]

    def signoff_revision(self, plan_id: int) -> int:
        """The revision sign-offs count against (pass it as `head_revision` to the model's functions):
        the head, or an earlier revision with the same content when only the status changed since."""
        with self.db.reading() as session:
            plan = plan_row(session, plan_id)
            return signoff_head(session, plan_id, plan.head_number)

    # -- the clinic's setting ----------------------------------------------------------------------
    def required_signoffs(self) -> tuple[str, ...]:
        with self.db.reading() as session:
            return _required(session)

    def set_required_signoffs(self, disciplines: Iterable[str]) -> None:
        chosen = set(disciplines)
        unknown = sorted(chosen - set(DISCIPLINES))
        if unknown:
            raise StoreError(
                f"{', '.join(repr(name) for name in unknown)} is not a discipline "
                f"({', '.join(DISCIPLINE_NAMES.values())}); the setting was not changed"
            )
        settings.set_setting(
            self.db, REQUIRED_SIGNOFFS_SETTING, [name for name in DISCIPLINES if name in chosen]
        )
