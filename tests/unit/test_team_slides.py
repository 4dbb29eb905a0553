"""One patient's page of the meeting mode: who, which plan, findings open first, what changed since the team
last saw the plan, comments, sign-offs and the recommendation, all in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator

import pytest

from careplanner.domain import PlanDocument
from careplanner.team.meetings import (
    AgendaEntry,
    Attendee,
    Meeting,
    Recommendation,
    SincePoint,
    SlideSources,
)
from careplanner.team.model import Comment, SignOff
from careplanner.team.slides import FIRST_TIME, build_slide
from tests.builders import CATALOG, ack, document, foundation, item

UTC = dt.UTC
MEETING_DAY = dt.date(2026, 12, 2)
SINCE = SincePoint(3, "since the team meeting on 4 Nov 2026 (revision 3)")


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown on the workstation's clock: pin it, so "14:05" is what the test expects."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def recommendation(text: str = "Continue and review the dose in four weeks") -> Recommendation:
    return Recommendation(
        text, "dr.ash", "Dr Ash", "pain-medicine", dt.datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    )


def entry(position: int = 0, recommended: Recommendation | None = None, **fields: object) -> AgendaEntry:
    values: dict[str, object] = {
        "id": 70 + position,
        "meeting_id": 9,
        "position": position,
        "plan_id": 5,
        "patient_id": 4,
        "patient_name": "Test Patient",
        "record_number": "T-1",
        "plan_title": "Staged plan",
        "reasons": ("Not signed off yet",),
        "presented_revision": None if recommended is None else 4,
        "recommendation": recommended,
        "version": 1,
    }
    return AgendaEntry(**{**values, **fields})  # type: ignore[arg-type]


def meeting(*entries: AgendaEntry, attendees: tuple[Attendee, ...] = ()) -> Meeting:
    listed = entries or (entry(),)
    return Meeting(
        9,
        MEETING_DAY,
        "December team meeting",
        "dr.ash",
        "Dr Ash",
        attendees,
        listed,
        1,
        dt.datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
    )


def signoff(revision: int, *, agrees: bool = True, discipline: str = "psychology", day: int = 2) -> SignOff:
    at = dt.datetime(2026, 11, day, 10, 0, tzinfo=UTC)
    reason = None if agrees else "Wait for the CBT assessment"
    return SignOff(day, 5, revision, discipline, f"{discipline}.user", "Pat Lee", at, agrees, reason)


def comment(text: str, *, resolved: bool = False, day: int = 3) -> Comment:
    at = dt.datetime(2026, 11, day, 9, 0, tzinfo=UTC)
    return Comment(day, 5, 4, "nurse.kim", "Kim Park", "nursing", at, text, at if resolved else None)


def sources(
    doc: PlanDocument | None = None,
    *,
    since_document: PlanDocument | None = None,
    since: SincePoint | None = SINCE,
    signoffs: tuple[SignOff, ...] = (),
    comments: tuple[Comment, ...] = (),
    agenda: Meeting | None = None,
    position: int = 0,
) -> SlideSources:
    doc = doc or document(foundation())
    held = agenda or meeting()
    return SlideSources(
        meeting=held,
        entry=held.entries[position],
        document=doc,
        plan_status="active",
        head_revision=4,
        since=since,
        since_document=(since_document or doc) if since is not None else None,
        since_status=("draft" if since is not None else None),
        comments=comments,
        signoffs=signoffs,
        signoff_revision=4,
    )


class TestHeading:
    def test_the_patient_with_record_birth_date_and_age_on_the_meeting_day(self) -> None:
        slide = build_slide(sources(), CATALOG, MEETING_DAY)
        assert slide.heading == "Test Patient · record T-1 · born 7 Dec 1976 (49 years)"
        older = build_slide(sources(), CATALOG, dt.date(2026, 12, 7))
        assert older.heading.endswith("(50 years)")

    def test_the_plan_line_and_the_place_on_the_agenda(self) -> None:
        agenda = meeting(entry(0), entry(1, reasons=("2 errors not acknowledged",)), entry(2))
        slide = build_slide(sources(agenda=agenda, position=1), CATALOG, MEETING_DAY)
        assert slide.plan_line == "Staged plan · active · revision 4 · plan starts 7 Dec 2026"
        assert (slide.position, slide.count) == (1, 3)
        assert slide.reasons == ("2 errors not acknowledged",)


class TestFindings:
    def test_open_findings_come_first_then_by_severity(self) -> None:
        items = [
            foundation()[1],
            item("med", "duloxetine", 0, 6, dose_mg_per_day=150),
            item("yoga", "yoga", 0),
        ]
        open_error = build_slide(sources(document(items)), CATALOG, MEETING_DAY).findings
        assert open_error[0].severity == "error" and open_error[0].acknowledged is None
        acknowledged = document(items, acknowledged=[ack("SAFE-DOSE-MAX", "med", reason="Tapering down")])
        lines = build_slide(sources(acknowledged), CATALOG, MEETING_DAY).findings
        assert lines[-1].severity == "error"
        assert lines[-1].acknowledged == "Acknowledged by dr.test: Tapering down"
        assert all(line.acknowledged is None for line in lines[:-1])
        ranks = [("error", "warning", "info").index(line.severity) for line in lines[:-1]]
        assert ranks == sorted(ranks) and ranks

    def test_findings_are_told_in_words_without_rule_codes(self) -> None:
        doc = document([foundation()[1], item("med", "duloxetine", 0, 6, dose_mg_per_day=150)])
        (error, *_) = build_slide(sources(doc), CATALOG, MEETING_DAY).findings
        assert "Duloxetine" in error.text
        assert "SAFE-" not in error.text and "med" not in error.text.split()


class TestSince:
    def test_what_changed_since_the_team_last_saw_the_plan(self) -> None:
        earlier = document(foundation())
        now = document([*foundation(), item("pre", "pregabalin", 8)])
        slide = build_slide(sources(now, since_document=earlier), CATALOG, MEETING_DAY)
        assert slide.since_words == "Changes since the team meeting on 4 Nov 2026 (revision 3)"
        assert slide.changes[0] == "Status: draft → active"
        assert any(line.startswith("Added Pregabalin from week 8") for line in slide.changes)

    def test_no_difference_is_said_in_a_line_of_its_own(self) -> None:
        doc = document(foundation())
        same = build_slide(dataclasses.replace(sources(doc), since_status="active"), CATALOG, MEETING_DAY)
        assert same.changes == ("No differences.",)

    def test_first_time_before_the_team(self) -> None:
        slide = build_slide(sources(since=None), CATALOG, MEETING_DAY)
        assert slide.since_words == FIRST_TIME
        assert slide.changes == ()


class TestTeam:
    def test_open_comments_only_oldest_first(self) -> None:
        comments = (
            comment("Check the kidney function", day=5),
            comment("Done", resolved=True),
            comment("Ask"),
        )
        slide = build_slide(sources(comments=comments), CATALOG, MEETING_DAY)
        assert slide.open_comments == (
            "Kim Park (Nursing), 3 Nov 2026, on revision 4: Ask",
            "Kim Park (Nursing), 5 Nov 2026, on revision 4: Check the kidney function",
        )

    def test_each_disciplines_latest_sign_off_outdated_ones_saying_so(self) -> None:
        given = (
            signoff(4, agrees=False, day=1),
            signoff(4, day=2),
            signoff(3, discipline="physiotherapy", agrees=False),
        )
        lines = build_slide(sources(signoffs=given), CATALOG, MEETING_DAY).signoffs
        assert lines == (
            "Agreed by Pat Lee (Psychology) on 2 Nov 2026",
            "Dissent by Pat Lee (Physiotherapy) on 2 Nov 2026: Wait for the CBT assessment — outdated: the "
            "plan changed after revision 3",
        )

    def test_the_recommendation_with_who_and_when(self) -> None:
        assert build_slide(sources(), CATALOG, MEETING_DAY).recommendation is None
        agenda = meeting(entry(recommended=recommendation()))
        slide = build_slide(sources(agenda=agenda), CATALOG, MEETING_DAY)
        assert slide.recommendation == (
            "Continue and review the dose in four weeks — Dr Ash (Pain medicine), 2 Dec 2026 14:05"
        )
