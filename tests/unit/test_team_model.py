"""Sign-offs against the head revision: current, outdated and missing, and their words."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from careplanner.reports import SummaryContext, render_summary
from careplanner.team.model import (
    DISCIPLINE_NAMES,
    DISCIPLINES,
    Comment,
    SignOff,
    current_signoffs,
    disciplines_words,
    missing_signoffs,
    signoff_words,
)
from tests.builders import CATALOG, document, foundation
from tests.unit.test_reports_pages import PRINTED
from tests.unit.test_reports_words import flat

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)


def signoff(
    revision: int,
    discipline: str = "pain-medicine",
    agrees: bool = True,
    reason: str | None = None,
    minutes: int = 0,
    id: int = 1,
    name: str = "Dr Ash",
) -> SignOff:
    at = NOON + dt.timedelta(minutes=minutes)
    return SignOff(id, 7, revision, discipline, "ash", name, at, agrees, reason)


def test_every_discipline_has_a_name() -> None:
    assert set(DISCIPLINE_NAMES) == set(DISCIPLINES)


@pytest.mark.parametrize(("revision", "head", "outdated"), [(2, 3, True), (3, 3, False), (4, 3, False)])
def test_a_sign_off_is_outdated_only_before_the_head(revision: int, head: int, outdated: bool) -> None:
    assert signoff(revision).is_outdated(head) is outdated
    assert (signoff(revision).discipline in current_signoffs([signoff(revision)], head)) is not outdated


def test_the_latest_current_sign_off_per_discipline_counts() -> None:
    agreed = signoff(3, minutes=0, id=1)
    dissent = signoff(3, agrees=False, reason="too many opioids", minutes=5, id=2)
    older_revision = signoff(2, minutes=10, id=3)  # later in time but on an outdated revision
    assert current_signoffs([agreed, dissent, older_revision], 3) == {"pain-medicine": dissent}
    assert current_signoffs([dissent, agreed], 3) == {
        "pain-medicine": dissent
    }  # order of the list is no matter


def test_same_time_sign_offs_are_ordered_by_id() -> None:
    first, second = signoff(3, id=1), signoff(3, agrees=False, reason="no", id=2)
    assert current_signoffs([second, first], 3)["pain-medicine"] is second


def test_missing_lists_required_disciplines_without_a_current_agreement_in_order() -> None:
    signoffs = [
        signoff(3, "pharmacy"),  # current agreement: not missing
        signoff(3, "psychology", agrees=False, reason="mood first"),  # dissent: missing
        signoff(2, "physiotherapy"),  # outdated: missing
    ]
    required = ["physiotherapy", "pharmacy", "psychology", "nursing"]
    assert missing_signoffs(signoffs, required, 3) == ["psychology", "physiotherapy", "nursing"]
    assert missing_signoffs(signoffs, required, 2) == ["psychology", "nursing"]  # a newer one is current too
    assert missing_signoffs(signoffs, (), 3) == []


def test_an_agreement_after_a_dissent_counts_again() -> None:
    dissent = signoff(3, agrees=False, reason="dose too high", minutes=0, id=1)
    agreed = signoff(3, minutes=1, id=2)
    assert missing_signoffs([dissent, agreed], ["pain-medicine"], 3) == []
    assert missing_signoffs([dissent], ["pain-medicine"], 3) == ["pain-medicine"]


def in_time_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()


@pytest.fixture(autouse=True)
def reset_time_zone() -> Iterator[None]:
    yield
    time.tzset()  # after monkeypatch put TZ back


def test_words_of_an_agreement_a_dissent_and_an_outdated_sign_off(monkeypatch: pytest.MonkeyPatch) -> None:
    in_time_zone(monkeypatch, "UTC")
    assert signoff_words(signoff(3), 3) == "Agreed by Dr Ash (Pain medicine) on 2 Dec 2026"
    dissent = signoff(3, "pharmacy", agrees=False, reason="interaction with tramadol", name="Sam Lee")
    assert (
        signoff_words(dissent, 3) == "Dissent by Sam Lee (Pharmacy) on 2 Dec 2026: interaction with tramadol"
    )
    assert signoff_words(signoff(3), 4) == (
        "Agreed by Dr Ash (Pain medicine) on 2 Dec 2026 — outdated: the plan changed after revision 3"
    )


def test_the_day_in_words_is_the_workstation_s_day(monkeypatch: pytest.MonkeyPatch) -> None:
    late = SignOff(
        1, 7, 3, "nursing", "kim", "Kim", dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.UTC), True, None
    )
    in_time_zone(monkeypatch, "Australia/Sydney")
    assert signoff_words(late, 3).endswith("on 3 Dec 2026")
    in_time_zone(monkeypatch, "UTC")
    assert signoff_words(late, 3).endswith("on 2 Dec 2026")


def test_discipline_lists_in_words() -> None:
    assert disciplines_words([]) == ""
    assert disciplines_words(["pharmacy"]) == "Pharmacy"
    assert disciplines_words(["physiotherapy", "pharmacy"]) == "Physiotherapy and Pharmacy"
    assert disciplines_words(["psychology", "physiotherapy", "pharmacy"]) == (
        "Psychology, Physiotherapy and Pharmacy"
    )


def test_a_comment_is_open_until_resolved() -> None:
    comment = Comment(1, 7, 3, "ash", "Dr Ash", "pain-medicine", NOON, "Check the kidney function")
    assert comment.is_open
    resolved = Comment(1, 7, 3, "ash", "Dr Ash", "pain-medicine", NOON, "x", NOON, "kim")
    assert not resolved.is_open


def test_the_clinician_summary_shows_each_discipline_s_latest_sign_off_and_the_open_comments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    in_time_zone(monkeypatch, "UTC")
    signoffs = (
        signoff(2, "pharmacy", agrees=False, reason="interaction with tramadol", name="Sam Lee", id=1),
        signoff(3, "pharmacy", minutes=5, name="Sam Lee", id=2),  # the latest pharmacy one counts
        signoff(2, "physiotherapy", name="Pat Moss", id=3),  # outdated by revision 3
    )
    comments = (
        Comment(2, 7, 3, "kim", "Kim Park", "nursing", NOON, "Lives alone: check the pharmacy round"),
        Comment(1, 7, 2, "ash", "Dr Ash", "pain-medicine", NOON, "Resolved already", NOON, "kim"),
    )
    context = SummaryContext(PRINTED, revision=3, status="draft", signoffs=signoffs, comments=comments)
    text = flat(render_summary(document(foundation()), CATALOG, context))
    assert "Team sign-off and open comments" in text
    assert (
        "Agreed by Pat Moss (Physiotherapy) on 2 Dec 2026 — outdated: the plan changed after revision 2"
        in text
    )
    assert "Agreed by Sam Lee (Pharmacy) on 2 Dec 2026" in text and "tramadol" not in text
    assert "Kim Park (Nursing), 2 Dec 2026, on revision 3: Lives alone: check the pharmacy round" in text
    assert "Resolved already" not in text
    empty = flat(render_summary(document(foundation()), CATALOG, SummaryContext(PRINTED, revision=1)))
    assert "No discipline has signed off yet." in empty and "No open comments." in empty
    from_a_file = flat(render_summary(document(foundation()), CATALOG, SummaryContext(PRINTED)))
    assert "Team sign-off" not in from_a_file


def test_the_clinician_summary_carries_the_team_meetings_recommendations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from careplanner.team.meetings import PlanDiscussion, Recommendation

    in_time_zone(monkeypatch, "UTC")
    said = Recommendation("Taper the opioid over eight weeks", "ash", "Dr Ash", "pain-medicine", NOON)
    discussions = (
        PlanDiscussion(dt.date(2026, 12, 2), "December meeting", None, None),
        PlanDiscussion(dt.date(2026, 11, 4), "November meeting", 2, said),
    )
    context = SummaryContext(PRINTED, revision=3, status="active", discussions=discussions)
    text = flat(render_summary(document(foundation()), CATALOG, context))
    assert "Team meeting recommendations" in text
    assert "December meeting, 2 Dec 2026: on the agenda; no recommendation was recorded" in text
    assert (
        "November meeting, 4 Nov 2026, on revision 2: Taper the opioid over eight weeks — "
        f"Dr Ash (Pain medicine), 2 Dec 2026 {NOON:%H:%M}" in text
    )
    none = flat(render_summary(document(foundation()), CATALOG, SummaryContext(PRINTED, revision=1)))
    assert "Team meeting recommendations" not in none
