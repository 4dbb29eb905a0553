"""Follow-up records in words: decisions and check-ins, as the window and the clinician summary show them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from careplanner.domain import (
    Adherence,
    Assessment,
    Goal,
    GoalProgress,
    Measurement,
    PegScores,
    PlanDocument,
    PlanItem,
)
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.followup.words import checkin_details, decision_summary, decision_text
from careplanner.reports import HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.dates import long_date
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


def _said(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


FIRST, SECOND, LATEST = on_week(6, 2), on_week(8), on_week(10, 3)
CONTINUED = Assessment(6, "partial", 20, "keep going", "continue", FIRST, "Dr A")
STOPPED = Assessment(10, "failed", None, None, "stop", LATEST, "Dr B")


def _duloxetine(latest: Assessment, *earlier: Assessment) -> PlanItem:
    decided = dataclasses.replace(latest, previous=earlier)
    return item("i1", "duloxetine", 0, 6, dose_mg_per_day=60, assessed=decided)


def test_earlier_decisions_are_told_first_then_the_latest() -> None:
    decided = _duloxetine(STOPPED, CONTINUED)
    plan = document([decided])
    assert decision_text(plan, CATALOG, decided) == (
        f"Continued on {_said(FIRST)} by Dr A: partly effective, 20 % relief. "
        f"Stopped on {_said(LATEST)} by Dr B: failed"
    )
    assert decision_summary(plan, CATALOG, decided) == (
        f"decided {_said(FIRST)}: continue (partly effective); {_said(LATEST)}: stop (failed)"
    )


def test_every_earlier_decision_is_told_in_order_and_the_latest_replacement_named() -> None:
    again = Assessment(8, "effective", None, None, "continue", SECOND)
    replaced = dataclasses.replace(STOPPED, result="intolerant", decision="replace", replaced_by="i2")
    decided = _duloxetine(replaced, CONTINUED, again)
    plan = document([decided, item("i2", "pregabalin", 10, 16, replaces="i1")])
    assert decision_summary(plan, CATALOG, decided) == (
        f"decided {_said(FIRST)}: continue (partly effective); {_said(SECOND)}: continue (effective); "
        f"{_said(LATEST)}: replace with Pregabalin (not tolerated)"
    )
    text = decision_text(plan, CATALOG, decided)
    assert text.endswith(
        f"Continued on {_said(SECOND)}: effective. Replaced by Pregabalin on {_said(LATEST)} "
        "by Dr B: not tolerated"
    )


def test_a_continue_then_a_stop_recorded_by_the_app_are_both_told() -> None:
    plan = document([item("i1", "duloxetine", 0, 6, dose_mg_per_day=60)])
    first, latest = on_week(6, 1), on_week(10, 2)
    plan = apply_decision(plan, CATALOG, "i1", DecisionInput("partial", "continue", first, "Dr A", 20))
    plan = apply_decision(plan, CATALOG, "i1", DecisionInput("failed", "stop", latest, "Dr B"))
    decided = plan.plan.item("i1")
    assert decided is not None
    assert decision_text(plan, CATALOG, decided) == (
        f"Continued on {_said(first)} by Dr A: partly effective, 20 % relief. "
        f"Stopped on {_said(latest)} by Dr B: failed"
    )
    assert decision_summary(plan, CATALOG, decided) == (
        f"decided {_said(first)}: continue (partly effective); {_said(latest)}: stop (failed)"
    )


def test_an_assessment_recorded_before_decisions_were_is_told_in_its_place() -> None:
    decided = _duloxetine(STOPPED, Assessment(6, "partial", 20))  # no decision, no date: an older document
    plan = document([decided])
    assert decision_summary(plan, CATALOG, decided) == (
        f"assessed: partly effective; decided {_said(LATEST)}: stop (failed)"
    )
    assert decision_text(plan, CATALOG, decided) == (
        f"Assessed in week 6: partly effective, 20 % relief. Stopped on {_said(LATEST)} by Dr B: failed"
    )


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


def test_the_handout_tells_the_patient_what_was_decided_not_what_is_over() -> None:
    plan = document(
        [item("i1", "duloxetine", 0, 6, dose_mg_per_day=60), item("i2", "cbt", 0, 10)], goals=GOALS
    )
    plan = apply_decision(plan, CATALOG, "i1", DecisionInput("failed", "stop", on_week(6)))
    plan = apply_decision(plan, CATALOG, "i2", DecisionInput("partial", "continue", on_week(10)))
    options = HandoutOptions(on_week(11), clinic=ClinicDetails("Clinic", "", "0100"))
    pdf = render_handout(plan, CATALOG, options)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"We stopped it on {long_date(on_week(6))}, because it did not help enough." in text
    assert "How much: 60 mg a day" not in text  # a stopped medicine's dose is not an instruction any more
    assert text.count("We will check how well it works") == 0
    assert "We agreed you carry on with it." in text


def handout_text(plan: PlanDocument, printed_on: dt.date, *, large_print: bool = False) -> str:
    options = HandoutOptions(printed_on, clinic=ClinicDetails("Clinic", "", "0100"), large_print=large_print)
    pdf = render_handout(plan, CATALOG, options)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_a_new_dose_and_a_replacement_are_told_in_words() -> None:
    plan = document([item("i1", "duloxetine", 0, 6, dose_mg_per_day=60), item("i2", "pregabalin", 0, 6)])
    plan = apply_decision(
        plan, CATALOG, "i1", DecisionInput("partial", "adjust-dose", on_week(6), new_dose=90)
    )
    plan = apply_decision(
        plan, CATALOG, "i2", DecisionInput("intolerant", "replace", on_week(6), replacement="amitriptyline")
    )
    text = handout_text(plan, on_week(8))
    assert f"We changed the dose on {long_date(on_week(6))}, to 90 mg a day." in text
    assert f"We stopped it on {long_date(on_week(6))} and replaced it with Amitriptyline." in text
    assert "Starts:" not in text  # every treatment had begun by the day it was printed
    assert f"Started: {long_date(PLAN_START)}" in text


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("count", [1, 2])
def test_a_plan_whose_every_treatment_was_stopped_still_prints(count: int, large_print: bool) -> None:
    names = ["duloxetine", "pregabalin"][:count]
    plan = document([item(f"i{n}", name, 0, 6) for n, name in enumerate(names)])
    for number in range(count):
        plan = apply_decision(plan, CATALOG, f"i{number}", DecisionInput("failed", "stop", on_week(6)))
    text = handout_text(plan, on_week(7), large_print=large_print)
    assert text.count("We stopped it on") == count
