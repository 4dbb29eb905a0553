"""The minutes in words: who was there, who chaired, and per patient the recommendation, agreements, dissent
with its reasons and the open comments, in the agenda's order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator

import pytest

from careplanner.team.meetings import Attendee, MinutesSource
from careplanner.team.minutes import NO_RECOMMENDATION, minutes_of
from tests.unit.test_team_slides import comment, entry, meeting, recommendation, signoff

ATTENDEES = (
    Attendee("Dr Ash", "pain-medicine", "dr.ash"),
    Attendee("Kim Park", "nursing", "nurse.kim"),
    Attendee("Sam Rowe", "physiotherapy"),
)


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def source(position: int = 0, **fields: object) -> MinutesSource:
    values: dict[str, object] = {
        "entry": entry(position),
        "plan_status": "active",
        "head_revision": 4,
        "signoffs": (),
        "signoff_revision": 4,
        "comments": (),
    }
    return MinutesSource(**{**values, **fields})  # type: ignore[arg-type]


def test_title_date_chair_and_attendees_guests_marked() -> None:
    minutes = minutes_of(meeting(attendees=ATTENDEES), [source()])
    assert (minutes.title, minutes.held_on) == ("December team meeting", dt.date(2026, 12, 2))
    assert minutes.chair == "Dr Ash (Pain medicine)"
    assert minutes.attendees == (
        "Dr Ash — Pain medicine",
        "Kim Park — Nursing",
        "Sam Rowe — Physiotherapy (guest)",
    )


def test_a_chair_not_among_the_attendees_is_named_alone() -> None:
    assert minutes_of(meeting(), [source()]).chair == "Dr Ash"


def test_the_recommendation_with_who_and_when_on_the_revision_discussed() -> None:
    recommended = entry(recommended=recommendation())  # presented on revision 4
    (item,) = minutes_of(meeting(recommended), [source(entry=recommended, head_revision=5)]).entries
    assert item.patient == "Test Patient, record T-1"
    assert item.plan == "Staged plan (active), revision 4 discussed; the plan is now at revision 5"
    assert item.recommendation == "Continue and review the dose in four weeks"
    assert item.recommended_by == "Dr Ash (Pain medicine), 2 Dec 2026 14:05"
    assert item.reasons == ("Not signed off yet",)


def test_no_recommendation_is_said_so() -> None:
    (item,) = minutes_of(meeting(), [source()]).entries
    assert (item.recommendation, item.recommended_by) == (NO_RECOMMENDATION, None)
    assert item.plan == "Staged plan (active), revision 4"


def test_agreements_current_first_and_dissent_with_its_reason() -> None:
    given = (
        signoff(3, discipline="pain-medicine"),  # outdated
        signoff(4, discipline="physiotherapy"),
        signoff(4, agrees=True, discipline="psychology", day=1),
        signoff(4, agrees=False, discipline="psychology", day=2),  # the psychologist changed their mind
    )
    (item,) = minutes_of(meeting(), [source(signoffs=given)]).entries
    assert item.signoffs == (
        "Agreed by Pat Lee (Physiotherapy) on 2 Nov 2026",
        "Agreed by Pat Lee (Pain medicine) on 2 Nov 2026 — outdated: the plan changed after revision 3",
    )
    assert item.dissent == ("Dissent by Pat Lee (Psychology) on 2 Nov 2026: Wait for the CBT assessment",)


def test_open_comments_only() -> None:
    comments = (comment("Check the kidney function"), comment("Settled", resolved=True))
    (item,) = minutes_of(meeting(), [source(comments=comments)]).entries
    assert item.open_comments == ("Kim Park (Nursing), 3 Nov 2026, on revision 4: Check the kidney function",)


def test_patients_in_the_agenda_order() -> None:
    first, second = entry(0, patient_name="Zoe First"), entry(1, patient_name="Abe Second")
    minutes = minutes_of(meeting(first, second), [source(1, entry=second), source(0, entry=first)])
    assert [item.patient for item in minutes.entries] == ["Zoe First, record T-1", "Abe Second, record T-1"]


def test_the_minutes_record_the_meeting_day_not_what_came_after() -> None:
    after_the_meeting = dt.datetime(2026, 12, 3, 0, 0, tzinfo=dt.UTC)
    late = dataclasses.replace(signoff(4, agrees=False, discipline="nursing"), at=after_the_meeting)
    open_then = dataclasses.replace(comment("Ask about sleep", resolved=True), resolved_at=after_the_meeting)
    written_later = dataclasses.replace(comment("Written after the meeting"), at=after_the_meeting)
    given = (signoff(4, discipline="physiotherapy"), late)
    (item,) = minutes_of(meeting(), [source(signoffs=given, comments=(open_then, written_later))]).entries
    assert item.signoffs == ("Agreed by Pat Lee (Physiotherapy) on 2 Nov 2026",)
    assert item.dissent == ()  # given the day after the meeting
    assert item.open_comments == ("Kim Park (Nursing), 3 Nov 2026, on revision 4: Ask about sleep",)
