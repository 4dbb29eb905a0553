"""PEG change classes, adequate trials and refractory status at the boundaries.

See docs/clinical-reference.md §6.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from careplanner.domain import HistoryEntry, Measurement, PegScores
from careplanner.outcomes import (
    CHANGE_CLASSES,
    assess_trials,
    change_class,
    improvement_percent,
    is_adequate_failure,
    is_meaningful,
    progress,
    refractory_status,
)
from tests.builders import CATALOG, PLAN_START, past, weeks_before_start
from tests.unit.test_catalog import broken_catalog, in_entry


def failed(modality: str, weeks: int, **fields: object) -> HistoryEntry:
    """A trial that ended as failed at plan start after exactly `weeks` weeks."""
    return past(modality, weeks_before_start(weeks), PLAN_START, outcome="failed", **fields)


def measured(day: dt.date, pain: int, enjoyment: int, activity: int, **fields: int) -> Measurement:
    return Measurement(day, PegScores(pain, enjoyment, activity), **fields)  # type: ignore[arg-type]


# -- PEG ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (-20.0, "none"),
        (0.0, "none"),
        (9.9, "none"),
        (10.0, "minimal"),
        (29.9, "minimal"),
        (30.0, "moderate"),
        (49.9, "moderate"),
        (50.0, "substantial"),
        (100.0, "substantial"),
    ],
)
def test_change_classes_follow_immpact(percent: float, expected: str) -> None:
    assert change_class(percent) == expected
    assert expected in CHANGE_CLASSES


@pytest.mark.parametrize(("percent", "meaningful"), [(29.9, False), (30.0, True), (50.0, True), (-5, False)])
def test_meaningful_change_starts_at_30_percent(percent: float, meaningful: bool) -> None:
    assert is_meaningful(percent) is meaningful


def test_improvement_percent() -> None:
    assert improvement_percent(8, 4) == 50
    assert improvement_percent(10, 7) == 30
    assert improvement_percent(5, 6) == -20  # worse than baseline
    assert improvement_percent(0, 3) is None
    assert improvement_percent(0, 0) is None
    # thirds of PEG means: a true 30% must not fall to 29.999... through float noise
    assert improvement_percent(10 / 3, 7 / 3) == 30


def test_progress_compares_each_checkin_with_the_baseline_in_date_order() -> None:
    baseline = measured(dt.date(2026, 1, 5), 8, 7, 6, sleep=3, mood=4)  # score 7
    later = measured(dt.date(2026, 3, 2), 4, 3, 3, sleep=6, mood=7)  # score 3.33: 52.4% better
    earlier = measured(dt.date(2026, 2, 2), 6, 5, 4)  # score 5: 28.6% better; pain 25% better
    rows = progress(baseline, [later, earlier])
    assert [row.date for row in rows] == [earlier.date, later.date]
    first, second = rows
    assert first.peg_score == 5
    assert first.peg_change == pytest.approx(100 * 2 / 7)
    assert first.pain_change == 25
    assert first.change_class == "minimal"
    assert (first.sleep, first.mood) == (None, None)
    assert second.change_class == "substantial" and second.pain_change == 50
    assert (second.sleep, second.mood) == (6, 7)


def test_progress_reaches_the_meaningful_class_exactly_at_30_percent() -> None:
    baseline = measured(dt.date(2026, 1, 5), 4, 3, 3)  # total 10
    rows = progress(baseline, [measured(dt.date(2026, 2, 2), 3, 2, 2)])  # total 7
    assert rows[0].peg_change == 30 and rows[0].change_class == "moderate"


def test_progress_worse_than_baseline_is_none() -> None:
    rows = progress(measured(dt.date(2026, 1, 5), 5, 5, 5), [measured(dt.date(2026, 2, 2), 6, 6, 6)])
    assert rows[0].peg_change == -20 and rows[0].change_class == "none"


def test_progress_without_a_usable_baseline_has_no_change() -> None:
    checkin = measured(dt.date(2026, 2, 2), 3, 3, 3, sleep=5)
    for baseline in (None, Measurement(dt.date(2026, 1, 5)), measured(dt.date(2026, 1, 5), 0, 0, 0)):
        (row,) = progress(baseline, [checkin])
        assert row.peg_score == 3 and row.sleep == 5
        assert (row.peg_change, row.pain_change, row.change_class) == (None, None, None)


def test_progress_baseline_pain_zero_leaves_only_the_pain_change_empty() -> None:
    (row,) = progress(measured(dt.date(2026, 1, 5), 0, 6, 6), [measured(dt.date(2026, 2, 2), 0, 3, 3)])
    assert row.pain_change is None and row.peg_change == 50


def test_a_checkin_without_peg_keeps_sleep_and_mood() -> None:
    (row,) = progress(measured(dt.date(2026, 1, 5), 5, 5, 5), [Measurement(dt.date(2026, 2, 2), mood=6)])
    assert (row.peg_score, row.peg_change, row.change_class, row.mood) == (None, None, None, 6)


# -- trials ------------------------------------------------------------------------------------
def test_a_trial_exactly_at_the_window_min_is_adequate_one_week_short_is_not() -> None:
    # gabapentin: window 3-8 weeks
    at_min, short = assess_trials([failed("gabapentin", 3), failed("gabapentin", 2)], CATALOG, PLAN_START)
    assert (at_min.index, at_min.weeks, at_min.window_min, at_min.adequate) == (0, 3, 3, True)
    assert at_min.summary == "3 weeks; adequate (window opens at 3)"
    assert (short.index, short.weeks, short.adequate) == (1, 2, False)
    assert short.summary == "2 weeks; too short to judge (window opens at 3)"
    assert not at_min.ongoing and not short.ongoing


def test_an_ongoing_trial_is_measured_up_to_the_as_of_date() -> None:
    entry = past("duloxetine", weeks_before_start(8, days=-3))  # 7 weeks 4 days before plan start
    (early,) = assess_trials([entry], CATALOG, PLAN_START)
    assert (early.ongoing, early.weeks, early.adequate) == (True, 7, True)
    assert early.summary == "ongoing, 7 weeks so far; long enough to judge (window opens at 4)"
    (later,) = assess_trials([entry], CATALOG, PLAN_START + dt.timedelta(days=3))
    assert later.weeks == 8 and later.summary.startswith("ongoing, 8 weeks so far")
    (young,) = assess_trials([past("duloxetine", weeks_before_start(1))], CATALOG, PLAN_START)
    assert young.adequate is False and young.summary.startswith("ongoing, 1 week so far; too early")


@pytest.mark.parametrize(("dose", "adequate"), [(1800, True), (2400, True), (1799, False), (None, None)])
def test_dose_at_target_vs_just_below(dose: float | None, adequate: bool | None) -> None:
    (trial,) = assess_trials([failed("gabapentin", 8, dose_mg_per_day=dose)], CATALOG, PLAN_START)
    assert trial.dose_adequate is adequate
    if adequate is False:
        assert "below the target dose (1799 of 1800 mg a day)" in trial.summary


def test_no_target_dose_cannot_judge_the_dose() -> None:
    (trial,) = assess_trials([failed("amitriptyline", 8, dose_mg_per_day=10)], CATALOG, PLAN_START)
    assert trial.dose_adequate is None and trial.adequate is True


@pytest.mark.parametrize("modality", ["diazepam", "medial-branch-block", "scs-trial", "psych-evaluation"])
def test_entries_without_a_window_cannot_be_judged(modality: str) -> None:
    (trial,) = assess_trials([failed(modality, 10)], CATALOG, PLAN_START)
    assert (trial.window_min, trial.adequate, trial.summary) == (None, None, "no assessment window")


def test_other_treatments_cannot_be_judged() -> None:
    other = past("other", weeks_before_start(10), PLAN_START, outcome="failed", name="Cannabis oil")
    (trial,) = assess_trials([other], CATALOG, PLAN_START)
    assert (trial.modality, trial.adequate, trial.dose_adequate) == ("other", None, None)


# -- refractory status -------------------------------------------------------------------------
TWO_CATEGORIES = [failed("duloxetine", 8, dose_mg_per_day=60), failed("cbt", 12)]


def test_two_failed_categories_are_not_refractory_three_are() -> None:
    two = refractory_status(TWO_CATEGORIES, CATALOG, ["chronic-low-back-pain"])
    assert two.failed_categories == ("medication", "psychological") and not two.meets_general
    assert "1 more among physical, interventional, complementary" in two.explanation
    three = refractory_status([*TWO_CATEGORIES, failed("physical-therapy", 8)], CATALOG, [])
    assert three.failed_categories == ("medication", "psychological", "physical") and three.meets_general
    assert "meets the S-TRP criterion" in three.explanation


def test_non_neuropathic_patient_is_judged_by_s_trp_alone() -> None:
    status = refractory_status(TWO_CATEGORIES, CATALOG, ["chronic-low-back-pain", "depression"])
    assert not status.neuropathic and not status.meets_neuropathic
    assert status.sources == ("S-TRP",) and "Neuropathic" not in status.explanation
    assert status.neuropathic_drugs == ("duloxetine",)


def test_inadequate_or_unfailed_trials_do_not_count() -> None:
    history = [failed("cbt", 7), past("physical-therapy", weeks_before_start(20), PLAN_START, "partial")]
    status = refractory_status(history, CATALOG, [])
    assert status.failed_categories == () and "No failed adequate trial" in status.explanation


def test_benzodiazepines_and_other_are_ignored() -> None:
    other = past("other", weeks_before_start(10), PLAN_START, outcome="failed", name="Cannabis oil")
    history = [failed("diazepam", 10), other, failed("scs-trial", 2)]
    status = refractory_status(history, CATALOG, ["neuropathic-pain"])
    assert status.failed_categories == () and status.neuropathic_drugs == ()


THREE_DRUGS = [
    failed("duloxetine", 4, dose_mg_per_day=60),
    failed("gabapentin", 3, dose_mg_per_day=1800),
    failed("amitriptyline", 6),  # no target dose in the catalog: duration alone
]


def test_three_neuropathic_drugs_are_not_enough_four_are() -> None:
    three = refractory_status(THREE_DRUGS, CATALOG, ["diabetic-neuropathy"])
    assert three.neuropathic and three.neuropathic_drugs == ("duloxetine", "gabapentin", "amitriptyline")
    assert not three.meets_neuropathic and three.sources == ("S-TRP", "Smith12")
    assert "3 of the 4 drugs Smith12 needs" in three.explanation
    four = refractory_status([*THREE_DRUGS, failed("pregabalin", 4, dose_mg_per_day=300)], CATALOG, ["crps"])
    assert not four.neuropathic and not four.meets_neuropathic  # CRPS is not flagged neuropathic
    four = refractory_status(
        [*THREE_DRUGS, failed("pregabalin", 4, dose_mg_per_day=300)], CATALOG, ["radicular-pain"]
    )
    assert four.meets_neuropathic and "meeting the Smith12 criterion" in four.explanation
    assert four.failed_categories == ("medication",) and not four.meets_general


@pytest.mark.parametrize(
    "fourth",
    [
        failed("pregabalin", 4, dose_mg_per_day=299),  # just below the target dose
        failed("pregabalin", 4),  # target exists, dose not recorded
        failed("pregabalin", 3, dose_mg_per_day=300),  # one week short
        failed("diazepam", 10),  # not a pain treatment
        past("pregabalin", weeks_before_start(10), PLAN_START, outcome="intolerant", dose_mg_per_day=300),
    ],
)
def test_a_fourth_drug_short_of_dose_or_duration_does_not_count(fourth: HistoryEntry) -> None:
    status = refractory_status([*THREE_DRUGS, fourth], CATALOG, ["post-herpetic-neuralgia"])
    assert len(status.neuropathic_drugs) == 3 and not status.meets_neuropathic


def test_a_drug_below_target_is_named_as_missing_and_counts_once_reached() -> None:
    low = failed("pregabalin", 4, dose_mg_per_day=150)
    status = refractory_status([*THREE_DRUGS, low], CATALOG, ["neuropathic-pain"])
    assert "Pregabalin does not count (below the target dose" in status.explanation
    retried = refractory_status(
        [*THREE_DRUGS, low, failed("pregabalin", 5, dose_mg_per_day=300)], CATALOG, []
    )
    assert retried.neuropathic_drugs.count("pregabalin") == 1


def test_the_same_drug_failing_twice_counts_once() -> None:
    twice = [*THREE_DRUGS, failed("duloxetine", 6, dose_mg_per_day=90)]
    status = refractory_status(twice, CATALOG, ["neuropathic-pain"])
    assert status.neuropathic_drugs == ("duloxetine", "gabapentin", "amitriptyline")


# -- catalog -----------------------------------------------------------------------------------
def test_target_doses_and_neuropathic_conditions_are_in_the_catalog() -> None:
    targets = {m.id: m.target_daily_dose.mg for m in CATALOG.modalities.values() if m.target_daily_dose}
    assert targets == {"duloxetine": 60, "gabapentin": 1800, "pregabalin": 300}
    assert {c.id for c in CATALOG.conditions.values() if c.neuropathic} == {
        "neuropathic-pain",
        "diabetic-neuropathy",
        "post-herpetic-neuralgia",
        "radicular-pain",
    }


def test_a_target_dose_above_the_maximum_is_refused(tmp_path: Path) -> None:
    edit = in_entry("gabapentin", "target_daily_dose = { mg = 1800", "target_daily_dose = { mg = 4000")
    message = broken_catalog(tmp_path, "medication.toml", edit)
    assert (
        'medication.toml, modality "gabapentin": target_daily_dose.mg: 4000 mg is above the maximum daily '
        "dose of 3600 mg" in message
    )


def test_an_unknown_source_for_a_target_dose_is_refused(tmp_path: Path) -> None:
    edit = in_entry(
        "pregabalin",
        'target_daily_dose = { mg = 300, sources = ["label"',
        'target_daily_dose = { mg = 300, sources = ["lable"',
    )
    message = broken_catalog(tmp_path, "medication.toml", edit)
    assert 'modality "pregabalin": target_daily_dose.sources: unknown source "lable"' in message


def test_a_neuropathic_flag_must_be_true_or_false(tmp_path: Path) -> None:
    message = broken_catalog(
        tmp_path, "conditions.toml", lambda t: t.replace("neuropathic = true", 'neuropathic = "yes"', 1)
    )
    assert "conditions.toml: conditions.radicular-pain.neuropathic: must be true or false" in message


def test_a_failed_procedure_or_session_is_an_adequate_trial_whatever_its_length() -> None:
    """One session is a whole trial: a single-day block or patch application that failed counts at once,
    while a medicine that failed after 2 weeks of a 3-week window still does not."""
    procedure, session, medicine = (
        failed("facet-rfa", 0),
        failed("capsaicin-patch", 0),
        failed("gabapentin", 2),
    )
    judged = assess_trials([procedure, session, medicine], CATALOG, PLAN_START)
    assert [trial.adequate for trial in judged] == [True, True, False]
    assert judged[0].summary == judged[1].summary == "judged by its result"
    assert is_adequate_failure(procedure, CATALOG.modality("facet-rfa"))
    assert is_adequate_failure(session, CATALOG.modality("capsaicin-patch"))
    assert not is_adequate_failure(medicine, CATALOG.modality("gabapentin"))
    effective = past("facet-rfa", weeks_before_start(0), PLAN_START, outcome="effective")
    assert not is_adequate_failure(effective, CATALOG.modality("facet-rfa"))
