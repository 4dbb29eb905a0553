"""Follow-up records in words: decisions and check-ins, as the window and the clinician summary show them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from pypdf import PdfReader

from careplanner.domain import Adherence, Goal, GoalProgress, Measurement, PegScores
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.followup.words import checkin_details, decision_summary, decision_text
from careplanner.reports import SummaryContext, render_summary
from careplanner.reports.settings import ClinicDetails
from tests.builders import CATALOG, PLAN_START, document, item, on_week

GOALS = (Goal("g1", "Walk to the shop"), Goal("g2", "Sleep through the night"))


def _checkin(**fields: object) -> Measurement:
    return Measurement(on_week(3), PegScores(6, 6, 6), **fields)  # type: ignore[arg-type]


def test_a_check_in_names_goals_by_number_treatments_by_name_and_keeps_side_effects() -> None:
    checkin = _checkin(
        goal_progress=(GoalProgress("g2", "some"), GoalProgress("g9", "achieved")),
        adherence=(Adherence("i1", "duloxetine", "partly"),),
        side_effects="dry mouth",
    )
    phrases = checkin_details(checkin, {"g1": 1, "g2": 2}, CATALOG)
    assert phrases == ["goal 2: some progress", "Duloxetine partly", "side effects: dry mouth"]
    # g9 belongs to another plan of the patient: its number here would be a guess, so it is left out


def test_a_plain_check_in_has_no_details() -> None:
    assert checkin_details(_checkin(), {"g1": 1}, CATALOG) == []


def test_a_stop_reads_as_what_was_done_when_and_by_whom() -> None:
    plan = document([item("i1", "duloxetine", 0, 6, dose_mg_per_day=60)])
    day = on_week(6, 1)
    stopped = apply_decision(
        plan, CATALOG, "i1", DecisionInput("failed", "stop", day, by="Dr Example", relief_percent=10)
    )
    decided = stopped.plan.item("i1")
    assert decided is not None
    assert (
        decision_text(stopped, CATALOG, decided)
        == f"Stopped on {day.day} {day:%b %Y} by Dr Example: failed, 10 % relief"
    )
    assert decision_summary(stopped, CATALOG, decided) == f"decided {day.day} {day:%b %Y}: stop (failed)"


def test_a_replacement_is_named() -> None:
    plan = document([item("i1", "duloxetine", 0, 6, dose_mg_per_day=60)])
    replaced = apply_decision(
        plan, CATALOG, "i1", DecisionInput("intolerant", "replace", on_week(6), replacement="pregabalin")
    )
    decided = replaced.plan.item("i1")
    assert decided is not None
    assert decision_summary(replaced, CATALOG, decided).endswith(": replace with Pregabalin (not tolerated)")


def test_the_clinician_summary_lists_each_check_in_with_its_goal_progress_and_the_decision() -> None:
    plan = dataclasses.replace(
        document([item("i1", "duloxetine", 0, 6, dose_mg_per_day=60)], goals=GOALS),
        baseline=Measurement(PLAN_START - dt.timedelta(days=3), PegScores(8, 8, 8)),
        checkins=(_checkin(goal_progress=(GoalProgress("g1", "achieved"),)),),
    )
    plan = apply_decision(plan, CATALOG, "i1", DecisionInput("failed", "stop", on_week(6)))
    context = SummaryContext(on_week(7), ClinicDetails("Clinic", "", "0100"), "active", 1)
    pdf = render_summary(plan, CATALOG, context)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "goal 1: achieved" in text
    assert "stop (failed)" in text
