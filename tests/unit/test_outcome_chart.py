"""The outcome chart's data: scores over time with gaps where nothing was recorded, the improvement lines only
from a baseline PEG score, each treatment's course (a replaced one ends where its replacement starts), the
assessment windows from the catalog, and a date range read from the record, never from the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careplanner.domain import Assessment, Measurement, PegScores, PlanDocument, PlanItem
from careplanner.followup.courses import course_end_week
from careplanner.followup.decisions import DecisionInput, apply_decision
from careplanner.outcomes import outcome_chart
from careplanner.outcomes.chart import (
    MIN_SPAN_DAYS,
    MOOD,
    PAIN,
    PEG,
    SLEEP,
    OutcomeChart,
    month_ticks,
    pack_lanes,
)
from careplanner.outcomes.peg import MEANINGFUL_PERCENT, SUBSTANTIAL_PERCENT
from tests.builders import CATALOG, PLAN_START, document, item, on_week

BASELINE_DAY = PLAN_START - dt.timedelta(days=5)
CHECKIN = Measurement(on_week(1), PegScores(6, 6, 6))


def recorded(
    items: list[PlanItem] | None = None,
    baseline: Measurement | None = None,
    checkins: tuple[Measurement, ...] = (),
) -> PlanDocument:
    return dataclasses.replace(document(items or []), baseline=baseline, checkins=checkins)


def chart_of(doc: PlanDocument) -> OutcomeChart:
    chart = outcome_chart(doc, CATALOG)
    assert chart is not None
    return chart


def values(chart: OutcomeChart, key: str) -> list[tuple[dt.date, float]]:
    return [point for run in chart.segments(key) for point in run]


def test_no_baseline_and_no_check_in_gives_no_chart() -> None:
    assert outcome_chart(recorded([item("med", "duloxetine")]), CATALOG) is None


def test_a_check_in_without_any_score_gives_no_chart() -> None:
    assert outcome_chart(recorded(checkins=(Measurement(on_week(2)),)), CATALOG) is None


def test_without_a_baseline_the_points_are_drawn_but_no_improvement_lines() -> None:
    chart = chart_of(recorded(checkins=(Measurement(on_week(3), PegScores(6, 5, 4), 5, 6),)))
    assert chart.lines == ()
    assert chart.lines_source == ""
    assert values(chart, PEG) == [(on_week(3), 5.0)]
    assert values(chart, PAIN) == [(on_week(3), 6.0)]
    assert values(chart, SLEEP) == [(on_week(3), 5.0)]
    assert values(chart, MOOD) == [(on_week(3), 6.0)]
    assert [visit.is_baseline for visit in chart.visits] == [False]


def test_improvement_lines_are_30_and_50_percent_below_the_baseline_peg_score() -> None:
    chart = chart_of(recorded(baseline=Measurement(BASELINE_DAY, PegScores(6, 6, 6), 4, 5)))
    assert [line.percent for line in chart.lines] == [MEANINGFUL_PERCENT, SUBSTANTIAL_PERCENT]
    assert [line.value for line in chart.lines] == pytest.approx([4.2, 3.0])
    assert [line.label for line in chart.lines] == ["30 % better", "50 % better"]
    # Sources by the names a clinician knows, never by their keys.
    assert "IMMPACT recommendations" in chart.lines_source
    assert "CDC22" not in chart.lines_source


def test_a_baseline_without_a_peg_score_draws_no_improvement_lines() -> None:
    chart = chart_of(recorded(baseline=Measurement(BASELINE_DAY, None, 4, 5)))
    assert chart.lines == ()
    assert values(chart, SLEEP) == [(BASELINE_DAY, 4.0)]
    assert values(chart, PEG) == []


def test_a_single_check_in_after_the_baseline() -> None:
    baseline = Measurement(BASELINE_DAY, PegScores(8, 7, 6), 3, 4)
    chart = chart_of(
        recorded(baseline=baseline, checkins=(Measurement(on_week(4), PegScores(5, 4, 3), 6, 6),))
    )
    assert [visit.is_baseline for visit in chart.visits] == [True, False]
    assert values(chart, PEG) == [(BASELINE_DAY, 7.0), (on_week(4), 4.0)]
    assert values(chart, PAIN) == [(BASELINE_DAY, 8.0), (on_week(4), 5.0)]
    assert len(chart.segments(PEG)) == 1  # one joined line


def test_a_missing_score_is_a_gap_in_its_line_not_a_zero() -> None:
    checkins = (
        Measurement(on_week(2), PegScores(6, 6, 6), 5, 5),
        Measurement(on_week(4), PegScores(5, 5, 5), None, 6),
        Measurement(on_week(6), None, 7, 7),
        Measurement(on_week(8), PegScores(4, 4, 4), 7, None),
    )
    chart = chart_of(
        recorded(baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7), 4, 4), checkins=checkins)
    )
    assert chart.segments(PEG) == [
        [(BASELINE_DAY, 7.0), (on_week(2), 6.0), (on_week(4), 5.0)],
        [(on_week(8), 4.0)],
    ]
    assert chart.segments(SLEEP) == [
        [(BASELINE_DAY, 4.0), (on_week(2), 5.0)],
        [(on_week(6), 7.0), (on_week(8), 7.0)],
    ]
    assert chart.segments(MOOD) == [
        [(BASELINE_DAY, 4.0), (on_week(2), 5.0), (on_week(4), 6.0), (on_week(6), 7.0)]
    ]
    assert all(value > 0 for key in (PEG, PAIN, SLEEP, MOOD) for _, value in values(chart, key))
    assert chart.visits[3].peg is None and chart.visits[3].pain is None


def test_check_ins_are_shown_in_date_order_after_the_baseline() -> None:
    later, earlier = Measurement(on_week(6), PegScores(3, 3, 3)), Measurement(on_week(2), PegScores(5, 5, 5))
    chart = chart_of(
        recorded(baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7)), checkins=(later, earlier))
    )
    assert [visit.date for visit in chart.visits] == [BASELINE_DAY, on_week(2), on_week(6)]


def test_courses_are_named_from_the_catalog_with_their_dates() -> None:
    items = [
        item("psy", "cbt", 0),
        item("med", "duloxetine", 2, end_week=14, dose_mg_per_day=60),
        item("inj", "esi", 5),
    ]
    chart = chart_of(recorded(items, baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7))))
    courses = {course.item_id: course for course in chart.courses}
    assert courses["psy"].name == CATALOG.modality("cbt").name
    assert (courses["psy"].start, courses["psy"].end) == (on_week(0), None)  # still going
    assert (courses["med"].start, courses["med"].end) == (on_week(2), on_week(14))
    assert courses["med"].label == f"{CATALOG.modality('duloxetine').name} 60 mg a day"
    assert courses["inj"].one_day and courses["inj"].end == on_week(5)


def test_assessment_windows_come_from_the_catalog() -> None:
    chart = chart_of(
        recorded([item("med", "duloxetine", 3)], baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7)))
    )
    window = CATALOG.modality("duloxetine").window
    assert window is not None
    (drawn,) = chart.windows
    assert (drawn.item_id, drawn.start, drawn.end) == (
        "med",
        on_week(3 + window.min_weeks),
        on_week(3 + window.max_weeks),
    )


def test_a_replaced_course_ends_where_its_replacement_starts() -> None:
    assessed = Assessment(6, "partial", decision="adjust-dose", decided_on=on_week(7), replaced_by="next")
    items = [
        item("first", "duloxetine", 0, 6, dose_mg_per_day=60, assessed=assessed),
        item("next", "duloxetine", 7, 13, dose_mg_per_day=90, replaces="first"),
        item("old", "pregabalin", 0, 6, end_week=20),
        item("new", "gabapentin", 9, 15, replaces="old"),
    ]
    chart = chart_of(recorded(items, checkins=(Measurement(on_week(1), PegScores(6, 6, 6)),)))
    courses = {course.item_id: course for course in chart.courses}
    assert courses["first"].end == on_week(7)
    assert courses["old"].end == on_week(9)  # the replacement starts before its own end week
    assert courses["next"].end is None
    assert courses["first"].verdict == "partly effective; dose adjusted"
    assert courses["next"].verdict is None
    assert courses["first"].caption.endswith("— partly effective; dose adjusted")


@pytest.mark.parametrize(
    "decision",
    [
        DecisionInput("failed", "replace", on_week(6, 3), replacement="pregabalin"),
        DecisionInput("partial", "adjust-dose", on_week(6, 3), new_dose=90),
        DecisionInput("partial", "adjust-dose", on_week(6), new_dose=120),  # on a week boundary
    ],
    ids=["replace", "adjust-dose", "on-a-monday"],
)
def test_a_decision_s_follower_ends_the_course_where_the_plan_s_lists_end_it(decision: DecisionInput) -> None:
    """The chart ends a course as the due list and the check-in form do (followup.courses.course_end_week):
    a decision always links both ways, `replaces` on the follower and `replaced_by` on the assessment."""
    before = recorded([item("med", "duloxetine", 0, 6, dose_mg_per_day=60)], checkins=(CHECKIN,))
    decided = apply_decision(before, CATALOG, "med", decision)
    original = decided.plan.item("med")
    assert original is not None and original.assessed is not None
    [follower] = [other for other in decided.plan.items if other.id != "med"]
    assert (original.assessed.replaced_by, follower.replaces) == (follower.id, "med")
    end_week = course_end_week(original, decided.plan.items)
    assert end_week is not None and end_week > original.start_week
    courses = {course.item_id: course for course in chart_of(decided).courses}
    assert courses["med"].end == decided.plan.week_date(end_week) >= decision.decided_on
    assert courses[follower.id].start == courses["med"].end


def test_the_date_range_runs_from_the_earliest_record_to_the_last_window_or_check_in() -> None:
    items = [item("med", "duloxetine", 0), item("yoga", "yoga", 12)]
    late = on_week(40)
    chart = chart_of(
        recorded(
            items,
            baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7)),
            checkins=(Measurement(late, None, 5),),
        )
    )
    assert chart.first == BASELINE_DAY
    assert chart.last == late
    window = CATALOG.modality("yoga").window
    assert window is not None
    shorter = chart_of(recorded(items, baseline=Measurement(BASELINE_DAY, PegScores(7, 7, 7))))
    assert shorter.last == on_week(12 + window.max_weeks)


def test_a_record_of_one_day_still_spans_some_weeks() -> None:
    chart = chart_of(recorded(baseline=Measurement(PLAN_START, PegScores(7, 7, 7))))
    assert (chart.first, chart.last) == (PLAN_START, PLAN_START + dt.timedelta(days=MIN_SPAN_DAYS))
    assert month_ticks(chart.first, chart.last, 10)  # always at least one month to label
    assert chart.share(chart.first) == 0 and chart.share(chart.last) == 1


@pytest.mark.parametrize("start", [dt.date(2026, 1, 2), dt.date(2026, 2, 2), dt.date(2026, 12, 31)])
def test_any_range_of_the_minimum_span_has_a_month_tick(start: dt.date) -> None:
    assert month_ticks(start, start + dt.timedelta(days=MIN_SPAN_DAYS), 5)


def test_month_ticks_thin_out_when_they_would_not_fit() -> None:
    first, last = dt.date(2026, 12, 7), dt.date(2028, 3, 1)
    every = month_ticks(first, last, 100)
    assert every[0] == dt.date(2027, 1, 1) and len(every) == 15
    few = month_ticks(first, last, 5)
    assert len(few) <= 5 and all(day.day == 1 for day in few)
    assert dt.date(2027, 1, 1) in few  # January is always among them


def test_lanes_never_hold_two_overlapping_spans() -> None:
    spans = [(0.0, 50.0), (10.0, 30.0), (55.0, 80.0), (33.0, 40.0), (20.0, 90.0)]
    lanes = pack_lanes(spans, gap=2)
    assert lanes == [0, 1, 0, 1, 2]
    for one in range(len(spans)):
        for other in range(one):
            if lanes[one] == lanes[other]:
                assert spans[one][0] >= spans[other][1] + 2 or spans[other][0] >= spans[one][1] + 2
