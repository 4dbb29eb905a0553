"""PREREQ-*, FREQ-LIMIT and REHAB-PAIRING: procedures need their results, their spacing and rehabilitation."""

from __future__ import annotations

import pytest

from careplanner.reports.dates import short_date
from tests.builders import assessed, document, findings, item, items_of, past, weeks_before_start


def block(weeks_ago: int, relief: float | None, region: str | None = "lumbar") -> object:
    day = weeks_before_start(weeks_ago)
    return past("medial-branch-block", day, day, "effective", relief_percent=relief, region=region)


def rfa(start: int = 10, region: str | None = "lumbar", item_id: str = "rfa") -> object:
    return item(item_id, "facet-rfa", start, start + 6, region=region)


class TestPrerequisiteMissing:
    def test_two_blocks_of_80_percent_in_history_meet_it(self) -> None:
        doc = document([rfa()], history=[block(10, 80), block(8, 90)])
        assert findings(doc, "PREREQ-MISSING") == []
        assert findings(doc, "PREREQ-PENDING") == []

    def test_a_block_below_80_percent_does_not_count(self) -> None:
        doc = document([rfa()], history=[block(10, 79), block(8, 90)])
        found = findings(doc, "PREREQ-MISSING")
        assert items_of(found) == [{"rfa"}] and found[0].severity == "error"
        assert "2 results found" in found[0].message
        assert "gave 79% relief, below 80%" in found[0].message
        assert "gave 90% relief, which counts" in found[0].message
        assert "1 more result of medial branch block (diagnostic) is needed" in found[0].message

    def test_blocks_in_another_region_do_not_count(self) -> None:
        doc = document([rfa(region="cervical")], history=[block(10, 85), block(8, 90)])
        assert len(findings(doc, "PREREQ-MISSING")) == 1

    def test_a_block_without_region_counts_everywhere(self) -> None:
        doc = document([rfa(region="cervical")], history=[block(10, 85, None), block(8, 90, None)])
        assert findings(doc, "PREREQ-MISSING") == []

    def test_planned_blocks_in_earlier_weeks_make_it_pending(self) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar"),
            item("b2", "medial-branch-block", 4, region="lumbar"),
            rfa(),
        ]
        doc = document(items)
        assert findings(doc, "PREREQ-MISSING") == []
        pending = findings(doc, "PREREQ-PENDING")
        assert items_of(pending) == [{"rfa", "b1", "b2"}] and pending[0].severity == "info"

    def test_a_block_in_the_same_week_is_not_earlier(self) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar"),
            item("b2", "medial-branch-block", 10, region="lumbar"),
            rfa(),
        ]
        assert len(findings(document(items), "PREREQ-MISSING")) == 1

    def test_planned_blocks_with_good_results_meet_it(self) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar", assessed=assessed(2, relief=85)),
            item("b2", "medial-branch-block", 4, region="lumbar", assessed=assessed(4, relief=80)),
            rfa(),
        ]
        assert findings(document(items), "PREREQ-MISSING") == []
        assert findings(document(items), "PREREQ-PENDING") == []

    def test_a_target_without_region_counts_results_of_any_region(self) -> None:
        doc = document([rfa(region=None)], history=[block(10, 85, "cervical"), block(8, 90, "lumbar")])
        assert findings(doc, "PREREQ-MISSING") == []

    @pytest.mark.parametrize("result", ["failed", "effective"])
    def test_an_assessed_block_without_a_relief_figure_is_still_pending(self, result: str) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar", assessed=assessed(2, result)),
            item("b2", "medial-branch-block", 4, region="lumbar", assessed=assessed(4, relief=90)),
            rfa(),
        ]
        assert findings(document(items), "PREREQ-MISSING") == []
        (pending,) = findings(document(items), "PREREQ-PENDING")
        assert set(pending.items) == {"rfa", "b1"}
        assert "without a relief figure" in pending.message

    def test_an_assessed_block_with_its_relief_figure_is_a_result(self) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar", assessed=assessed(2, relief=60)),
            item("b2", "medial-branch-block", 4, region="lumbar", assessed=assessed(4, relief=90)),
            rfa(),
        ]
        assert len(findings(document(items), "PREREQ-MISSING")) == 1
        assert findings(document(items), "PREREQ-PENDING") == []

    @pytest.mark.parametrize(("relief", "expected"), [(51, 0), (50, 1)])
    def test_a_planned_intrathecal_trial_needs_more_than_half(self, relief: float, expected: int) -> None:
        trial = item("t", "intrathecal-trial", 2, assessed=assessed(2, relief=relief))
        doc = document([trial, item("pump", "intrathecal-pump", 6)])
        assert len(findings(doc, "PREREQ-MISSING")) == expected

    def test_a_planned_block_that_fell_short_does_not_count(self) -> None:
        items = [
            item("b1", "medial-branch-block", 2, region="lumbar", assessed=assessed(2, "failed", relief=40)),
            item("b2", "medial-branch-block", 4, region="lumbar"),
            rfa(),
        ]
        assert len(findings(document(items), "PREREQ-MISSING")) == 1

    @pytest.mark.parametrize(("relief", "expected"), [(50, 0), (49, 1)])
    def test_scs_implant_needs_a_trial_of_at_least_50_percent(self, relief: float, expected: int) -> None:
        day = weeks_before_start(4)
        history = [past("scs-trial", day, day, "effective", relief_percent=relief)]
        assert (
            len(findings(document([item("imp", "scs-implant")], history=history), "PREREQ-MISSING"))
            == expected
        )

    @pytest.mark.parametrize(("relief", "expected"), [(51, 0), (50, 1)])
    def test_intrathecal_pump_needs_more_than_50_percent(self, relief: float, expected: int) -> None:
        day = weeks_before_start(4)
        history = [past("intrathecal-trial", day, day, "effective", relief_percent=relief)]
        assert (
            len(findings(document([item("pump", "intrathecal-pump")], history=history), "PREREQ-MISSING"))
            == expected
        )

    def test_scs_trial_needs_a_psychological_evaluation(self) -> None:
        assert len(findings(document([item("t", "scs-trial", 6)]), "PREREQ-MISSING")) == 1
        with_evaluation = document(
            [item("e", "psych-evaluation", 2, assessed=assessed(2)), item("t", "scs-trial", 6)]
        )
        assert findings(with_evaluation, "PREREQ-MISSING") == []

    def test_drg_implant_needs_a_drg_trial_not_an_scs_trial(self) -> None:
        day = weeks_before_start(4)
        history = [past("scs-trial", day, day, "effective", relief_percent=80)]
        assert len(findings(document([item("d", "drg-implant")], history=history), "PREREQ-MISSING")) == 1


class TestIndication:
    def test_esi_without_radicular_pain(self) -> None:
        found = findings(
            document([item("e", "esi")], conditions=["chronic-low-back-pain"]), "PREREQ-INDICATION"
        )
        assert items_of(found) == [{"e"}]
        assert findings(document([item("e", "esi")]), "PREREQ-MISSING") == []

    def test_quiet_with_radicular_pain(self) -> None:
        assert (
            findings(document([item("e", "esi")], conditions=["radicular-pain"]), "PREREQ-INDICATION") == []
        )


class TestFrequency:
    def test_esi_repeat_two_weeks_apart_is_allowed_but_one_is_not(self) -> None:
        two = document([item("e1", "esi", 0, 2, region="L5"), item("e2", "esi", 2, 4, region="L5")])
        one = document([item("e1", "esi", 0, 2, region="L5"), item("e2", "esi", 1, 3, region="L5")])
        assert findings(two, "FREQ-LIMIT") == []
        assert items_of(findings(one, "FREQ-LIMIT")) == [{"e1", "e2"}]

    def test_gaps_count_history_and_plan_together(self) -> None:
        history = [past("trigger-point-injection", weeks_before_start(5), weeks_before_start(5), "partial")]
        close = document([item("t", "trigger-point-injection", 0, 3)], history=history)
        far = document([item("t", "trigger-point-injection", 1, 3)], history=history)
        assert items_of(findings(close, "FREQ-LIMIT")) == [{"history[0]", "t"}]
        assert findings(far, "FREQ-LIMIT") == []

    def test_more_sessions_than_allowed_in_12_months(self) -> None:
        items = [item(f"e{n}", "esi", 10 * n, 10 * n + 4, region="L5") for n in range(5)]  # 5 within 41 weeks
        found = findings(document(items), "FREQ-LIMIT")
        assert items_of(found) == [{"e0", "e1", "e2", "e3", "e4"}]

    def test_the_limit_is_per_rolling_365_days(self) -> None:
        # Four per 12 months allowed: e0 at day 0 and e4 at day 365 are not within the same 365 days.
        items = [item(f"e{n}", "esi", w, w + 4, region="L5") for n, w in enumerate((0, 13, 26, 39))]
        inside = document([*items, item("e4", "esi", 52, 56, region="L5")])  # day 364
        assert len(findings(inside, "FREQ-LIMIT")) == 1
        beyond = document([*items, item("e4", "esi", 53, 57, region="L5")])  # day 371
        assert findings(beyond, "FREQ-LIMIT") == []

    def test_a_missing_region_is_a_group_of_its_own(self) -> None:
        close = document([item("e1", "esi", 0, 2, region="L5"), item("e2", "esi", 1, 3)])
        assert findings(close, "FREQ-LIMIT") == []

    def test_regions_are_counted_apart(self) -> None:
        items = [item(f"e{n}", "esi", 10 * n, 10 * n + 4, region="L5" if n % 2 else "C6") for n in range(5)]
        assert findings(document(items), "FREQ-LIMIT") == []

    def test_a_limit_broken_only_in_the_past_is_not_the_plan_s_finding(self) -> None:
        history = [
            past("esi", weeks_before_start(20), weeks_before_start(20), "partial"),
            past("esi", weeks_before_start(19), weeks_before_start(19), "partial"),
        ]
        assert findings(document([item("e", "esi", 10, 14)], history=history), "FREQ-LIMIT") == []

    @pytest.mark.parametrize(("gap", "expected"), [(25, 1), (26, 0)])
    def test_facet_rfa_repeat_needs_26_weeks(self, gap: int, expected: int) -> None:
        items = [rfa(0, item_id="r1"), rfa(gap, item_id="r2")]
        assert len(findings(document(items), "FREQ-LIMIT")) == expected

    def test_capsaicin_patch_12_weeks_apart(self) -> None:
        history = [past("capsaicin-patch", weeks_before_start(11), weeks_before_start(11), "partial")]
        assert len(findings(document([item("c", "capsaicin-patch", 0)], history=history), "FREQ-LIMIT")) == 1
        assert findings(document([item("c", "capsaicin-patch", 1)], history=history), "FREQ-LIMIT") == []


class TestRehabPairing:
    def test_a_procedure_without_rehabilitation(self) -> None:
        assert items_of(findings(document([item("e", "esi", 8)]), "REHAB-PAIRING")) == [{"e"}]

    def test_physical_therapy_running_at_its_start(self) -> None:
        assert (
            findings(document([item("pt", "physical-therapy", 6), item("e", "esi", 8)]), "REHAB-PAIRING")
            == []
        )

    @pytest.mark.parametrize(("pt_start", "expected"), [(12, 0), (13, 1)])
    def test_rehabilitation_starting_up_to_4_weeks_after(self, pt_start: int, expected: int) -> None:
        doc = document([item("e", "esi", 8), item("pt", "physical-therapy", pt_start)])
        assert len(findings(doc, "REHAB-PAIRING")) == expected

    def test_rehabilitation_that_ended_before_does_not_count(self) -> None:
        doc = document([item("pt", "physical-therapy", 0, 10, end_week=8), item("e", "esi", 8)])
        assert len(findings(doc, "REHAB-PAIRING")) == 1

    def test_ongoing_rehabilitation_from_history_counts(self) -> None:
        doc = document([item("e", "esi", 2)], history=[past("occupational-therapy", weeks_before_start(3))])
        assert findings(doc, "REHAB-PAIRING") == []

    @pytest.mark.parametrize(
        "modality", ["botox-migraine", "intrathecal-pump", "medial-branch-block", "scs-trial"]
    )
    def test_exempt_procedures_and_non_therapies(self, modality: str) -> None:
        assert findings(document([item("x", modality, 8)]), "REHAB-PAIRING") == []


class TestPrerequisiteMessage:
    """Every result found, and why it does not count: never "0 found" when a result falls short."""

    def test_a_single_short_result_is_named_with_its_date_and_relief(self) -> None:
        day = weeks_before_start(10)
        history = [past("medial-branch-block", day, day, "effective", relief_percent=70, region="lumbar")]
        (found,) = findings(document([rfa()], history=history), "PREREQ-MISSING")
        named = f"Medial branch block (diagnostic), lumbar, on {short_date(day)}"
        assert f"1 result found: {named} gave 70% relief, below 80%" in found.message
        assert "0 found" not in found.message and "No result" not in found.message
        assert "2 more results of medial branch block (diagnostic) are needed" in found.message

    def test_no_result_at_all_says_so(self) -> None:
        (found,) = findings(document([rfa()]), "PREREQ-MISSING")
        assert "No result was found" in found.message and "2 more results" in found.message

    def test_results_that_cannot_count_say_why(self) -> None:
        history = [block(10, None), block(8, 95, "cervical")]
        items = [item("b3", "medial-branch-block", 12, region="lumbar"), rfa()]
        (found,) = findings(document(items, history=history), "PREREQ-MISSING")
        assert "3 results found" in found.message
        assert "has no relief recorded" in found.message
        assert "was in another region" in found.message
        assert "in week 12 is not planned before week 10" in found.message

    def test_exactly_50_percent_is_not_more_than_50(self) -> None:
        day = weeks_before_start(4)
        history = [past("intrathecal-trial", day, day, "effective", relief_percent=50)]
        (found,) = findings(document([item("pump", "intrathecal-pump")], history=history), "PREREQ-MISSING")
        assert "gave 50% relief, not more than 50%" in found.message

    def test_a_failed_psychological_evaluation_is_named(self) -> None:
        items = [item("e", "psych-evaluation", 2, assessed=assessed(2, "failed")), item("t", "scs-trial", 6)]
        (found,) = findings(document(items), "PREREQ-MISSING")
        assert "was assessed as failed" in found.message
        assert "Plan the psychological evaluation in an earlier week" in found.message


class TestPsychologicalEvaluation:
    """A planned psychological evaluation is met once assessed effective or partial; pending until then."""

    @pytest.mark.parametrize(
        ("result", "missing", "pending"),
        [
            ("effective", 0, 0),
            ("partial", 0, 0),
            ("failed", 1, 0),
            ("intolerant", 1, 0),
            (None, 0, 1),
        ],
    )
    def test_by_result(self, result: str | None, missing: int, pending: int) -> None:
        evaluation = item("e", "psych-evaluation", 2, assessed=assessed(2, result) if result else None)
        doc = document([evaluation, item("t", "scs-trial", 6)])
        assert len(findings(doc, "PREREQ-MISSING")) == missing
        assert items_of(findings(doc, "PREREQ-PENDING")) == [{"t", "e"}] * pending

    def test_an_evaluation_in_the_same_week_is_not_earlier(self) -> None:
        doc = document([item("e", "psych-evaluation", 6), item("t", "scs-trial", 6)])
        assert len(findings(doc, "PREREQ-MISSING")) == 1
        assert findings(doc, "PREREQ-PENDING") == []


class TestImplantThresholds:
    @pytest.mark.parametrize(("relief", "expected"), [(50, 0), (49, 1)])
    def test_drg_implant_needs_at_least_50_percent(self, relief: float, expected: int) -> None:
        day = weeks_before_start(4)
        history = [past("drg-trial", day, day, "effective", relief_percent=relief)]
        assert (
            len(findings(document([item("d", "drg-implant")], history=history), "PREREQ-MISSING")) == expected
        )

    @pytest.mark.parametrize(("relief", "expected"), [(80, 0), (79.5, 1)])
    def test_facet_injection_needs_blocks_of_at_least_80(self, relief: float, expected: int) -> None:
        history = [block(10, relief), block(8, 90)]
        doc = document([item("fi", "facet-injection", 10, 14, region="lumbar")], history=history)
        assert len(findings(doc, "PREREQ-MISSING")) == expected


class TestFrequencyMessages:
    def test_the_count_names_sessions_by_week_not_by_id(self) -> None:
        items = [item(f"e{n}", "esi", 10 * n, 10 * n + 4, region="L5") for n in range(5)]
        (found,) = findings(document(items), "FREQ-LIMIT")
        assert "Epidural steroid injection (L5, week 0)" in found.message
        assert "e0" not in found.message and "the limit is 4" in found.message

    def test_the_gap_is_told_in_real_plurals_with_what_to_do(self) -> None:
        doc = document([item("e1", "esi", 0, 2, region="L5"), item("e2", "esi", 1, 3, region="L5")])
        (found,) = findings(doc, "FREQ-LIMIT")
        assert "comes 1 week after" in found.message and "1 week later" in found.message
        assert "(s)" not in found.message
