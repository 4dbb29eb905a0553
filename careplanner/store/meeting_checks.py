"""What a team meeting may hold, checked before anything is written: a title, attendees (names, disciplines,
users of this database or guests), reasons, a recommendation. Each refusal names what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplanner.store.errors import StoreError
from careplanner.store.models import UserRow
from careplanner.store.team import MAX_NAME, storable_text
from careplanner.team.meetings import MAX_ATTENDEES, MAX_RECOMMENDATION, MAX_TITLE, Attendee
from careplanner.team.model import DISCIPLINE_NAMES, DISCIPLINES

MAX_REASON = 500  # characters of one reason a plan was put on the agenda
QUOTED = 120  # characters of a colleague's recommendation quoted in a conflict


def checked_title(title: str) -> str:
    cleaned = storable_text(title, "the meeting's title").strip()
    if not cleaned:
        raise StoreError("the meeting's title is empty: give the meeting a title")
    if len(cleaned) > MAX_TITLE:
        raise StoreError(
            f"the meeting's title has {len(cleaned):,} characters; at most {MAX_TITLE} can be kept"
        )
    return cleaned


def checked_attendee(number: int, attendee: Attendee) -> Attendee:
    name = storable_text(attendee.name, f"the name of attendee {number}").strip()
    if not name:
        raise StoreError(f"attendee {number} has no name: give their name or take the line away")
    if len(name) > MAX_NAME:
        raise StoreError(
            f"the name of attendee {number} has {len(name):,} characters; at most {MAX_NAME} can be kept"
        )
    if attendee.discipline not in DISCIPLINES:
        raise StoreError(
            f'attendee {number} ({name}) has "{attendee.discipline}" as discipline, which is not one '
            f"({', '.join(DISCIPLINE_NAMES.values())})"
        )
    login = storable_text(attendee.login or "", f"the user name of attendee {number}").strip()
    return Attendee(name, attendee.discipline, login or None)


def checked_attendees(session: Session, attendees: Sequence[Attendee]) -> list[Attendee]:
    """The attendees checked, names trimmed; users must be users of this database, nobody listed twice."""
    if len(attendees) > MAX_ATTENDEES:
        raise StoreError(f"{len(attendees)} attendees are listed; at most {MAX_ATTENDEES} can be kept")
    cleaned = [checked_attendee(number, attendee) for number, attendee in enumerate(attendees, start=1)]
    logins = {attendee.login for attendee in cleaned if attendee.login}
    known = set(session.scalars(select(UserRow.login).where(UserRow.login.in_(logins)))) if logins else set()
    seen: set[str] = set()
    for number, attendee in enumerate(cleaned, start=1):
        if attendee.login and attendee.login not in known:
            raise StoreError(
                f"attendee {number} ({attendee.name}) is given as the user {attendee.login}, who has no name "
                "and discipline in this database: list them as a guest instead"
            )
        key = f"user {attendee.login}" if attendee.login else f"guest {attendee.name.casefold()}"
        if key in seen:
            raise StoreError(f"attendee {number} ({attendee.name}) is listed twice")
        seen.add(key)
    return cleaned


def checked_reasons(reasons: Sequence[str], what: str) -> list[str]:
    cleaned = [storable_text(reason, f"a reason given for {what}").strip() for reason in reasons]
    cleaned = [reason for reason in cleaned if reason]
    for reason in cleaned:
        if len(reason) > MAX_REASON:
            raise StoreError(
                f"a reason given for {what} has {len(reason):,} characters; at most {MAX_REASON} can be kept"
            )
    return cleaned


def checked_recommendation(text: str) -> str:
    cleaned = storable_text(text, "the recommendation").strip()
    if not cleaned:
        raise StoreError("the recommendation is empty: write what the team recommends for this patient")
    if len(cleaned) > MAX_RECOMMENDATION:
        raise StoreError(
            f"the recommendation has {len(cleaned):,} characters; at most {MAX_RECOMMENDATION:,} can be kept"
        )
    return cleaned


def checked_seen_revision(seen: int | None, head: int) -> int:
    """The revision a recommendation is on: the one the team was shown, which the plan must have; the head
    when the caller does not say."""
    if seen is None:
        return head
    if isinstance(seen, bool) or not isinstance(seen, int) or not 1 <= seen <= head:
        raise StoreError(
            f"the recommendation is given on revision {seen} of the plan, which has no such revision (its "
            f"newest is revision {head}); nothing was written"
        )
    return seen


def quoted(text: str) -> str:
    return f'"{text}"' if len(text) <= QUOTED else f'"{text[: QUOTED - 1].rstrip()}…"'
