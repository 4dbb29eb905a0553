"""Botulinum toxin for chronic migraine: the second cycle belongs to its trial; stop after a poor response."""

from __future__ import annotations

import pytest

from careplanner.checks.context import PlanContext
from tests.builders import CATALOG, assessed, document, findings, item, items_of


def botox(item_id: str, start: int, assess: int | None = None, relief: float | None = None) -> object:
    result = assessed(assess, "failed" if relief is not None and relief < 30 else "effective", relief)
    return item(item_id, "botox-migraine", start, assess, assessed=result if relief is not None else None)


def second_cycles(*items: object) -> dict[str, str]:
    ctx = PlanContext(document(items), CATALOG)  # type: ignore[arg-type]
    return {ref: first.ref for ref, first in ctx.second_cycles.items()}


class TestSecondCycle:
    @pytest.mark.parametrize(
        ("start", "expected"), [(11, {}), (12, {"b2": "b1"}), (23, {"b2": "b1"}), (24, {})]
    )
    def test_twelve_weeks_on_and_before_the_judgement_week(
        self, start: int, expected: dict[str, str]
    ) -> None:
        assert second_cycles(botox("b1", 0, 24), botox("b2", start)) == expected

    def test_without_an_assessment_the_judgement_week_is_start_plus_24(self) -> None:
        assert second_cycles(botox("b1", 2), botox("b2", 25)) == {"b2": "b1"}
        assert second_cycles(botox("b1", 2), botox("b2", 26)) == {}

    def test_only_the_first_item_after_the_trial_start_is_its_second_cycle(self) -> None:
        cycles = second_cycles(botox("b1", 0, 30), botox("b2", 12), botox("b3", 24))
        assert cycles == {"b2": "b1"}

    def test_a_second_cycle_does_not_start_a_trial_of_its_own(self) -> None:
        cycles = second_cycles(botox("b1", 0, 24), botox("b2", 12, 36), botox("b3", 24, 48), botox("b4", 36))
        assert cycles == {"b2": "b1", "b4": "b3"}

    def test_document_order_does_not_matter(self) -> None:
        assert second_cycles(botox("b2", 12), botox("b1", 0, 24)) == {"b2": "b1"}


class TestBotoxStop:
    def test_fires_for_a_third_cycle_after_a_trial_below_30_percent(self) -> None:
        doc = document([botox("b1", 0, 24, relief=29), botox("b2", 12), botox("b3", 24, 48)])
        found = findings(doc, "GUIDE-BOTOX-STOP")
        assert items_of(found) == [{"b3", "b1"}]
        assert found[0].severity == "warning" and found[0].source == "TA260"
        assert "29%" in found[0].message and "30%" in found[0].message and "week 24" in found[0].message

    def test_quiet_when_the_trial_reached_30_percent(self) -> None:
        doc = document([botox("b1", 0, 24, relief=30), botox("b2", 12), botox("b3", 24, 48)])
        assert findings(doc, "GUIDE-BOTOX-STOP") == []

    def test_quiet_for_the_second_cycle_inside_the_judgement_week(self) -> None:
        doc = document([botox("b1", 0, 14, relief=10), botox("b2", 12)])
        assert findings(doc, "GUIDE-BOTOX-STOP") == []

    def test_fires_for_a_new_cycle_in_the_judgement_week_itself(self) -> None:
        doc = document([botox("b1", 0, 12, relief=10), botox("b2", 12, 36)])
        assert items_of(findings(doc, "GUIDE-BOTOX-STOP")) == [{"b2", "b1"}]

    def test_quiet_for_a_new_cycle_before_the_judgement_week(self) -> None:
        doc = document([botox("b1", 0, 26, relief=10), botox("b2", 12), botox("b3", 24, 48)])
        assert findings(doc, "GUIDE-BOTOX-STOP") == []

    def test_quiet_while_the_trial_has_no_recorded_fall(self) -> None:
        doc = document([botox("b1", 0, 24), botox("b2", 12), botox("b3", 24, 48)])
        assert findings(doc, "GUIDE-BOTOX-STOP") == []

    def test_one_finding_per_new_item_naming_the_latest_poor_trial(self) -> None:
        doc = document(
            [
                botox("b1", 0, 24, relief=20),
                botox("b2", 12),
                botox("b3", 24, 48, relief=25),
                botox("b4", 36),
                botox("b5", 48, 72),
            ]
        )
        assert items_of(findings(doc, "GUIDE-BOTOX-STOP")) == [{"b3", "b1"}, {"b5", "b3"}]


def test_the_threshold_is_the_catalog_s() -> None:
    from dataclasses import replace

    from careplanner.checks import check_plan

    assert CATALOG.rules.thresholds.botox_min_fall_percent == 30
    assert CATALOG.rules.thresholds.sources["botox_stop"] == ("TA260",)
    stricter = replace(
        CATALOG,
        rules=replace(CATALOG.rules, thresholds=replace(CATALOG.rules.thresholds, botox_min_fall_percent=40)),
    )
    doc = document([botox("b1", 0, 24, relief=35), botox("b2", 12), botox("b3", 24, 48)])
    assert findings(doc, "GUIDE-BOTOX-STOP") == []  # 35% is enough by TA260's 30%
    found = [f for f in check_plan(doc, stricter).findings if f.rule == "GUIDE-BOTOX-STOP"]
    assert len(found) == 1 and "less than the 40% needed" in found[0].message
