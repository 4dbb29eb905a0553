"""Users, comments and sign-offs of the multidisciplinary team; what a sign-off means for the head revision.

A sign-off is given on one revision of a plan. As soon as the plan gets a newer revision the sign-off is
*outdated*: it stays on record but no longer counts for the activation gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from careplanner.reports.dates import short_date

DISCIPLINES = ("pain-medicine", "psychology", "physiotherapy", "nursing", "pharmacy")
DISCIPLINE_NAMES = {
    "pain-medicine": "Pain medicine",
    "psychology": "Psychology",
    "physiotherapy": "Physiotherapy",
    "nursing": "Nursing",
    "pharmacy": "Pharmacy",
}
REQUIRED_SIGNOFFS_SETTING = "team.required_signoffs"


@dataclass(frozen=True)
class UserProfile:
    login: str
    name: str
    discipline: str


@dataclass(frozen=True)
class Comment:
    id: int
    plan_id: int
    revision: int
    author: str
    author_name: str
    discipline: str
    at: dt.datetime
    text: str
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True)
class SignOff:
    id: int
    plan_id: int
    revision: int
    discipline: str
    login: str
    name: str
    at: dt.datetime
    agrees: bool
    reason: str | None

    def is_outdated(self, head_revision: int) -> bool:
        return self.revision < head_revision


def current_signoffs(signoffs: Iterable[SignOff], head_revision: int) -> dict[str, SignOff]:
    """The latest sign-off per discipline among those given on the head revision (outdated ones left out)."""
    latest: dict[str, SignOff] = {}
    for signoff in signoffs:
        if signoff.is_outdated(head_revision):
            continue
        held = latest.get(signoff.discipline)
        if held is None or (signoff.at, signoff.id) > (held.at, held.id):
            latest[signoff.discipline] = signoff
    return latest


def latest_signoffs(signoffs: Iterable[SignOff]) -> dict[str, SignOff]:
    """Each discipline's newest sign-off (agreement or dissent) on any revision, in DISCIPLINES order."""
    latest: dict[str, SignOff] = {}
    for signoff in signoffs:
        held = latest.get(signoff.discipline)
        if held is None or (signoff.at, signoff.id) > (held.at, held.id):
            latest[signoff.discipline] = signoff
    order = {name: index for index, name in enumerate(DISCIPLINES)}
    return dict(sorted(latest.items(), key=lambda pair: order.get(pair[0], len(order))))


def missing_signoffs(signoffs: Iterable[SignOff], required: Iterable[str], head_revision: int) -> list[str]:
    """Required disciplines whose latest current sign-off is missing or a dissent, in DISCIPLINES order."""
    wanted = set(required)
    current = current_signoffs(signoffs, head_revision)
    return [
        discipline
        for discipline in DISCIPLINES
        if discipline in wanted and not (discipline in current and current[discipline].agrees)
    ]


def discipline_name(discipline: str) -> str:
    return DISCIPLINE_NAMES.get(discipline, discipline)


def disciplines_words(disciplines: Iterable[str]) -> str:
    """E.g. "Physiotherapy", "Physiotherapy and Pharmacy", "Psychology, Physiotherapy and Pharmacy"."""
    names = [discipline_name(discipline) for discipline in disciplines]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def signoff_words(signoff: SignOff, head_revision: int) -> str:
    """E.g. "Agreed by Dr Ash (Pain medicine) on 2 Dec 2026"; a dissent adds its reason, outdated says so."""
    verb = "Agreed" if signoff.agrees else "Dissent"
    day = short_date(local_day(signoff.at))
    words = f"{verb} by {signoff.name} ({discipline_name(signoff.discipline)}) on {day}"
    if not signoff.agrees and signoff.reason:
        words += f": {signoff.reason}"
    if signoff.is_outdated(head_revision):
        words += f" — outdated: the plan changed after revision {signoff.revision}"
    return words


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day on this workstation's clock (stored times are UTC)."""
    return moment.astimezone().date()
