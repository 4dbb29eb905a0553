"""Which open plans the team meeting is offered, and why: each reason alone, none, the order, the words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re

import pytest

from careplanner.checks import check_plan
from careplanner.checks.registry import all_rules
from careplanner.domain import PlanDocument, Review
from careplanner.team import suggestions
from careplanner.team.meetings import AgendaCandidate, Suggestion
from careplanner.team.model import SignOff
from careplanner.team.suggestions import suggest_agenda
from tests.builders import CATALOG, PLAN_START, ack, document, foundation, item

UTC = dt.UTC
REVIEW_DUE = dt.date(2027, 1, 4)  # week 4 of a plan starting 7 Dec 2026
BEFORE_THE_REVIEW = dt.date(2026, 12, 14)  # three weeks before it: outside the 14 days


def agreement(revision: int = 1, *, agrees: bool = True, discipline: str = "pain-medicine") -> SignOff:
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    reason = None if agrees else "Wait for the CBT assessment"
    return SignOff(1, 10, revision, discipline, "dr.ash", "Dr Ash", at, agrees, reason)


def candidate(
    doc: PlanDocument | None = None,
    *,
    signoffs: tuple[SignOff, ...] = (agreement(),),
    revision: int = 1,
    name: str = "Ana Example",
    plan_id: int = 10,
) -> AgendaCandidate:
    """A plan with nothing to discuss unless a test gives it a reason: signed off, no error, review ahead."""
    return AgendaCandidate(
        plan_id=plan_id,
        patient_id=plan_id + 100,
        patient_name=name,
        record_number=f"R-{plan_id}",
        plan_title="Staged plan",
        status="active",
        head_revision=revision,
        document=doc or document(foundation()),
        signoffs=signoffs,
        signoff_revision=revision,
    )


def with_error() -> PlanDocument:
    """Duloxetine above its daily maximum: one error."""
    return document([foundation()[1], item("med", "duloxetine", 0, 6, dose_mg_per_day=150)])


def suggested(
    *candidates: AgendaCandidate, on: dt.date = BEFORE_THE_REVIEW, **options: int
) -> list[Suggestion]:
    return suggest_agenda(candidates, CATALOG, on, **options)


def test_a_plan_without_a_reason_is_not_suggested() -> None:
    assert suggested(candidate()) == []


class TestReviews:
    def test_an_overdue_review_says_by_how_much_and_when_it_was_due(self) -> None:
        (suggestion,) = suggested(candidate(), on=REVIEW_DUE + dt.timedelta(days=9))
        assert suggestion.reasons == ("Review overdue by 9 days (week 4, due 4 Jan 2027)",)
        assert suggestion.urgency == 0

    def test_a_review_due_within_the_days_ahead_is_named_with_its_date(self) -> None:
        (suggestion,) = suggested(candidate(), on=REVIEW_DUE - dt.timedelta(days=14))
        assert suggestion.reasons == ("Review due on 4 Jan 2027 (week 4)",)
        assert suggestion.urgency == 2

    def test_a_review_on_the_meeting_day_is_due_not_overdue(self) -> None:
        (suggestion,) = suggested(candidate(), on=REVIEW_DUE)
        assert suggestion.reasons == ("Review due on 4 Jan 2027 (week 4)",)

    def test_a_review_further_off_than_the_days_ahead_is_no_reason(self) -> None:
        assert suggested(candidate(), on=REVIEW_DUE - dt.timedelta(days=15)) == []
        assert len(suggested(candidate(), on=REVIEW_DUE - dt.timedelta(days=15), days_ahead=15)) == 1

    def test_a_review_already_held_is_no_reason(self) -> None:
        doc = document(foundation())
        held = dataclasses.replace(doc.plan, reviews=(Review(4, held_on=REVIEW_DUE),))
        assert suggested(candidate(dataclasses.replace(doc, plan=held)), on=dt.date(2027, 2, 1)) == []

    def test_every_overdue_review_is_listed(self) -> None:
        (suggestion,) = suggested(candidate(document(foundation(), reviews=(4, 8))), on=dt.date(2027, 2, 8))
        assert suggestion.reasons == (
            "Review overdue by 35 days (week 4, due 4 Jan 2027)",
            "Review overdue by 7 days (week 8, due 1 Feb 2027)",
        )


class TestErrors:
    def test_unacknowledged_errors_are_counted(self) -> None:
        (suggestion,) = suggested(candidate(with_error()))
        assert suggestion.reasons == ("1 error not acknowledged",)
        assert suggestion.urgency == 1

    def test_an_acknowledged_error_is_no_reason(self) -> None:
        doc = with_error()
        acknowledged = dataclasses.replace(doc.plan, acknowledged=(ack("SAFE-DOSE-MAX", "med"),))
        assert suggested(candidate(dataclasses.replace(doc, plan=acknowledged))) == []

    def test_warnings_are_no_reason(self) -> None:
        # Both assessments are overdue by March: warnings. No review is planned.
        doc = document(foundation(), reviews=())
        assert suggested(candidate(doc), on=dt.date(2027, 3, 1)) == []


class TestSignOff:
    def test_a_plan_nobody_signed_off(self) -> None:
        (suggestion,) = suggested(candidate(signoffs=()))
        assert suggestion.reasons == ("Not signed off yet",)
        assert suggestion.urgency == 3

    def test_sign_offs_all_given_on_an_earlier_revision(self) -> None:
        (suggestion,) = suggested(candidate(signoffs=(agreement(1), agreement(2)), revision=3))
        assert suggestion.reasons == ("Sign-offs outdated: the plan changed after them",)

    def test_one_current_sign_off_even_a_dissent_is_enough(self) -> None:
        dissent = agreement(3, agrees=False, discipline="psychology")
        assert suggested(candidate(signoffs=(agreement(1), dissent), revision=3)) == []


class TestOrder:
    def test_every_reason_is_listed_most_urgent_first(self) -> None:
        (suggestion,) = suggested(candidate(with_error(), signoffs=()), on=REVIEW_DUE + dt.timedelta(days=1))
        assert suggestion.reasons == (
            "Review overdue by 1 day (week 4, due 4 Jan 2027)",
            "1 error not acknowledged",
            "Not signed off yet",
        )
        assert suggestion.urgency == 0

    def test_by_urgency_then_the_earliest_date_then_the_patient_name(self) -> None:
        later_review = document(foundation(), reviews=(5,))
        plans = [
            candidate(document(foundation(), reviews=()), signoffs=(), name="Ada Unsigned", plan_id=1),
            candidate(with_error(), name="Ben Errors", plan_id=2),
            candidate(later_review, name="Cy Later", plan_id=3),
            candidate(name="Dot Sooner", plan_id=4),
            candidate(name="ábel Sooner", plan_id=5),  # sorted without case or accents: before "Dot"
        ]
        order = [s.patient_name for s in suggested(*plans, on=REVIEW_DUE - dt.timedelta(days=3))]
        assert order == ["Ben Errors", "ábel Sooner", "Dot Sooner", "Cy Later", "Ada Unsigned"]


def test_the_words_show_no_ids_and_no_rule_codes() -> None:
    (suggestion,) = suggested(candidate(with_error(), signoffs=(), plan_id=4242), on=dt.date(2027, 2, 1))
    text = " ".join(suggestion.reasons)
    assert "4242" not in text
    assert not re.search(r"\b[A-Z]+(?:-[A-Z0-9]+)+\b", text)  # e.g. SAFE-DOSE-MAX
    assert not re.search(r"\b(med|psy)\b", text)  # item ids


class TestErrorCountCache:
    """A new meeting date re-runs only the reviews and sign-offs: the errors are counted once per plan."""

    DATES = (BEFORE_THE_REVIEW, REVIEW_DUE, REVIEW_DUE + dt.timedelta(days=9), dt.date(2027, 6, 1))

    def plans(self) -> list[AgendaCandidate]:
        acknowledged = dataclasses.replace(with_error().plan, acknowledged=(ack("SAFE-DOSE-MAX", "med"),))
        return [
            candidate(name="Ana Example", plan_id=1),
            candidate(with_error(), name="Ben Errors", plan_id=2),
            candidate(with_error(), signoffs=(), name="Cy Both", plan_id=3, revision=2),
            candidate(dataclasses.replace(with_error(), plan=acknowledged), name="Dot Acked", plan_id=4),
            candidate(document(foundation(), reviews=(4, 8, 12)), signoffs=(), name="Eve Reviews", plan_id=5),
        ]

    def test_the_cache_gives_the_same_suggestions_as_none_on_every_date(self) -> None:
        cache: dict[tuple[int, int], int] = {}
        for day in self.DATES:
            uncached = suggest_agenda(self.plans(), CATALOG, day)
            assert suggest_agenda(self.plans(), CATALOG, day, error_counts=cache) == uncached
        assert cache == {(1, 1): 0, (2, 1): 1, (3, 2): 1, (4, 1): 0, (5, 1): 0}

    def test_a_second_date_runs_no_check(self, monkeypatch: pytest.MonkeyPatch) -> None:
        runs: list[int] = []

        def counted(document: PlanDocument, catalog: object, **options: object) -> object:
            runs.append(1)
            return check_plan(document, CATALOG, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(suggestions, "check_plan", counted)
        cache: dict[tuple[int, int], int] = {}
        first = suggest_agenda(self.plans(), CATALOG, self.DATES[0], error_counts=cache)
        assert len(runs) == len(self.plans()) and any("error" in " ".join(s.reasons) for s in first)
        later = suggest_agenda(self.plans(), CATALOG, self.DATES[2], error_counts=cache)
        assert len(runs) == len(self.plans())  # nothing checked again
        assert later == suggest_agenda(self.plans(), CATALOG, self.DATES[2])

    def test_a_new_revision_is_checked_again(self) -> None:
        cache = {(2, 1): 0}  # revision 1 had no error; revision 2 brought one
        (suggestion,) = suggest_agenda(
            [candidate(with_error(), signoffs=(agreement(2),), name="Ben Errors", plan_id=2, revision=2)],
            CATALOG,
            BEFORE_THE_REVIEW,
            error_counts=cache,
        )
        assert suggestion.reasons == ("1 error not acknowledged",) and cache[(2, 2)] == 1


def test_no_rule_that_reads_the_date_reports_an_error() -> None:
    """What the cache relies on: errors do not depend on the meeting date (if a date rule ever reports an
    error, suggest_agenda must stop caching error counts across dates)."""
    dated = [rule for rule in all_rules() if "as_of" in inspect.getsource(rule.run)]
    assert [rule.id for rule in dated] == ["WIN-OVERDUE"]
    assert all(rule.severity != "error" for rule in dated)
    # A plan whose assessments all went unrecorded: many findings late on, none of them an error.
    doc = document(foundation(), reviews=())
    late = check_plan(doc, CATALOG, as_of=dt.date(2028, 1, 1)).findings
    assert {f.rule for f in late} >= {"WIN-OVERDUE"}
    errors_then = [f for f in check_plan(doc, CATALOG, as_of=PLAN_START).findings if f.severity == "error"]
    assert [f for f in late if f.severity == "error"] == errors_then
