"""What changed between two revisions of a plan: every kind of change, in words, and no change at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careplanner.changes import Change, plan_changes
from careplanner.domain import Assessment, Goal, Measurement, PegScores, PlanDocument, Review
from careplanner.reports.dates import short_date
from tests.builders import CATALOG, PLAN_START, ack, document, foundation, item, on_week, past

DECIDED = dt.date(2027, 1, 18)
RULE = "SEQ-CROWDING"


def base() -> PlanDocument:
    med = dataclasses.replace(foundation()[0], dose_mg_per_day=60, goal_ids=("g1",))
    items = [med, foundation()[1], item("pt", "physical-therapy", 8, 14)]
    return document(items, goals=(Goal("g1", "Walk the dog every morning"), Goal("g2", "Sleep through")))


def with_items(doc: PlanDocument, **changed: dict[str, object]) -> PlanDocument:
    items = tuple(dataclasses.replace(i, **changed[i.id]) if i.id in changed else i for i in doc.plan.items)  # type: ignore[arg-type]
    return dataclasses.replace(doc, plan=dataclasses.replace(doc.plan, items=items))


def with_plan(doc: PlanDocument, **changes: object) -> PlanDocument:
    return dataclasses.replace(doc, plan=dataclasses.replace(doc.plan, **changes))  # type: ignore[arg-type]


def week(number: int, start: dt.date = PLAN_START) -> str:
    return f"week {number} ({short_date(start + dt.timedelta(weeks=number))})"


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def test_no_difference_is_an_empty_list() -> None:
    assert plan_changes(base(), base(), CATALOG) == []
    assert plan_changes(base(), base(), CATALOG, "active", "active") == []


def test_an_item_added_and_one_removed_are_named_with_their_week_and_date() -> None:
    after = with_plan(base(), items=(*base().plan.items[:2], item("yoga", "yoga", 12, 20)))
    changes = plan_changes(base(), after, CATALOG)
    assert [(c.kind, c.item) for c in changes] == [("item-removed", "pt"), ("item-added", "yoga")]
    assert changes[0].text == f"Removed Physical therapy from {week(8)}"
    assert changes[1].text == f"Added Yoga from {week(12)}"


def test_an_added_medicine_says_its_dose() -> None:
    after = with_plan(base(), items=(*base().plan.items, item("pgb", "pregabalin", 4, dose_mg_per_day=150)))
    assert only(plan_changes(base(), after, CATALOG)).text == f"Added Pregabalin 150 mg a day from {week(4)}"


def test_a_move_says_both_weeks_with_their_dates() -> None:
    change = only(plan_changes(base(), with_items(base(), pt={"start_week": 10}), CATALOG))
    assert (change.kind, change.item) == ("item-moved", "pt")
    assert change.text == "Physical therapy moved from week 8 (1 Feb 2027) to week 10 (15 Feb 2027)"


@pytest.mark.parametrize(
    ("field", "old", "new", "kind", "words"),
    [
        (
            "assess_week",
            14,
            16,
            "assessment-moved",
            f"Physical therapy: assessment moved from {week(14)} to {week(16)}",
        ),
        ("assess_week", 14, None, "assessment-moved", f"Physical therapy: assessment {week(14)} removed"),
        ("end_week", None, 20, "end-changed", f"Physical therapy: end set to {week(20)}"),
        ("end_week", 20, 18, "end-changed", f"Physical therapy: end moved from {week(20)} to {week(18)}"),
        ("region", None, "left knee", "region-changed", "Physical therapy: region none → left knee"),
        ("notes", None, "twice a week", "notes-changed", "Physical therapy: note none → “twice a week”"),
    ],
)
def test_an_items_weeks_region_and_note(field: str, old: object, new: object, kind: str, words: str) -> None:
    before = with_items(base(), pt={field: old})
    change = only(plan_changes(before, with_items(base(), pt={field: new}), CATALOG))
    assert (change.kind, change.item, change.text) == (kind, "pt", words)


def test_a_dose_change_keeps_the_unit() -> None:
    change = only(plan_changes(base(), with_items(base(), med={"dose_mg_per_day": 90}), CATALOG))
    assert (change.kind, change.item, change.text) == ("dose-changed", "med", "Duloxetine 60 → 90 mg a day")


def test_a_patch_dose_is_in_micrograms_an_hour() -> None:
    before = with_plan(base(), items=(item("patch", "fentanyl-patch", 0, dose_mcg_per_hour=12),))
    after = with_items(before, patch={"dose_mcg_per_hour": 25})
    assert only(plan_changes(before, after, CATALOG)).text.endswith("12 → 25 mcg/h")


def test_replaces_and_goals_name_the_treatment_and_the_goals_words() -> None:
    after = with_items(base(), pt={"replaces": "psy", "goal_ids": ("g2",)})
    changes = plan_changes(base(), after, CATALOG)
    assert [c.kind for c in changes] == ["replaces-changed", "goals-linked"]
    assert changes[0].text == "Physical therapy now replaces Cognitive behavioural therapy for pain (CBT)"
    assert changes[1].text == "Physical therapy: now serves “Sleep through”"
    back = plan_changes(after, base(), CATALOG)
    assert back[0].text.startswith("Physical therapy no longer replaces Cognitive")
    assert back[1].text == "Physical therapy: no longer serves “Sleep through”"


def test_a_decision_recorded_and_withdrawn_says_what_when_and_who() -> None:
    decided = Assessment(6, "failed", 10, decision="stop", decided_on=DECIDED, by="Dr Ash")
    after = with_items(base(), med={"assessed": decided, "end_week": 7})
    changes = plan_changes(base(), after, CATALOG)
    assert [c.kind for c in changes] == ["end-changed", "decision-recorded"]
    assert changes[1].text == "Decision on Duloxetine: stop on 18 Jan 2027 by Dr Ash (failed, 10 % relief)"
    withdrawn = plan_changes(after, base(), CATALOG)[-1]
    assert withdrawn.kind == "decision-withdrawn" and withdrawn.item == "med"
    assert (
        withdrawn.text
        == "Decision on Duloxetine withdrawn: stop on 18 Jan 2027 by Dr Ash (failed, 10 % relief)"
    )


def test_a_further_decision_after_continue_is_the_only_one_reported() -> None:
    first = Assessment(6, "partial", 30, decision="continue", decided_on=DECIDED, by="Dr Ash")
    later = Assessment(10, "effective", 50, decision="continue", decided_on=on_week(10), previous=(first,))
    before = with_items(base(), med={"assessed": first})
    change = only(plan_changes(before, with_items(base(), med={"assessed": later}), CATALOG))
    assert change.kind == "decision-recorded"
    assert (
        change.text
        == f"Decision on Duloxetine: continue on {short_date(on_week(10))} (effective, 50 % relief)"
    )


def test_a_replacement_names_the_new_treatment() -> None:
    decided = Assessment(6, "failed", decision="replace", decided_on=DECIDED, by="Dr Ash", replaced_by="pgb")
    ended = with_items(base(), med={"assessed": decided, "end_week": 7})
    after = with_plan(ended, items=(*ended.plan.items, item("pgb", "pregabalin", 7, replaces="med")))
    texts = [c.text for c in plan_changes(base(), after, CATALOG)]
    assert "Decision on Duloxetine: replace with Pregabalin on 18 Jan 2027 by Dr Ash (failed)" in texts


def test_acknowledgements_describe_the_finding_by_its_treatments_never_its_code() -> None:
    given = ack(RULE, "med", "psy", reason="Both agreed with the patient", by="Dr Ash")
    after = with_plan(base(), acknowledged=(given,))
    change = only(plan_changes(base(), after, CATALOG))
    title = CATALOG.rule_title(RULE).lower()
    assert change.kind == "acknowledgement-given" and change.rule == RULE
    assert change.text == (
        f"Acknowledged {title} (Duloxetine and Cognitive behavioural therapy for pain (CBT)) by Dr Ash: "
        "“Both agreed with the patient”"
    )
    assert RULE not in change.text and change.as_json()["rule"] == RULE
    withdrawn = only(plan_changes(after, base(), CATALOG))
    assert withdrawn.kind == "acknowledgement-withdrawn" and withdrawn.text.startswith(
        f"Acknowledgement withdrawn: {title}"
    )


def test_reviews_added_removed_held_and_unheld() -> None:
    before = with_plan(base(), reviews=(Review(4), Review(8)))
    after = with_plan(base(), reviews=(Review(4, held_on=on_week(4, 1)), Review(12)))
    changes = plan_changes(before, after, CATALOG)
    assert [(c.kind, c.text) for c in changes] == [
        ("review-removed", f"Review in {week(8)} removed"),
        ("review-added", f"Review added in {week(12)}"),
        ("review-held", f"Review in {week(4)} held on {short_date(on_week(4, 1))}"),
    ]
    assert (
        only(plan_changes(after, with_plan(after, reviews=(Review(4), Review(12))), CATALOG)).kind
        == "review-not-held"
    )


def test_a_new_plan_start_is_said_once_and_weeks_keep_their_own_dates() -> None:
    later = PLAN_START + dt.timedelta(weeks=1)
    after = with_items(with_plan(base(), start=later), pt={"start_week": 9})
    changes = plan_changes(base(), after, CATALOG)
    assert [c.kind for c in changes] == ["plan-start", "item-moved"]
    assert changes[0].text == f"Plan start moved from {short_date(PLAN_START)} to {short_date(later)}"
    assert changes[1].text == f"Physical therapy moved from {week(8)} to {week(9, later)}"


def test_the_status_is_compared_only_when_both_are_given() -> None:
    assert only(plan_changes(base(), base(), CATALOG, "draft", "active")).text == "Status: draft → active"
    assert plan_changes(base(), base(), CATALOG, None, "active") == []


def test_goals_added_removed_and_changed_by_their_words() -> None:
    after = dataclasses.replace(
        base(), goals=(Goal("g1", "Walk the dog every morning", 12), Goal("g3", "Back to the choir"))
    )
    changes = plan_changes(base(), after, CATALOG)
    assert [(c.kind, c.text) for c in changes] == [
        ("goal-removed", "Goal removed: “Sleep through”"),
        (
            "goal-changed",
            f"Goal changed: “Walk the dog every morning” → “Walk the dog every morning” by {week(12)}",
        ),
        ("goal-added", "Goal added: “Back to the choir”"),
    ]


def test_the_baseline_recorded_and_changed() -> None:
    first = Measurement(dt.date(2026, 12, 1), PegScores(7, 6, 6), sleep=4, mood=5)
    recorded = only(plan_changes(base(), dataclasses.replace(base(), baseline=first), CATALOG))
    assert recorded.text == "Baseline recorded: 1 Dec 2026: PEG 6.3, sleep 4, mood 5"
    corrected = dataclasses.replace(base(), baseline=dataclasses.replace(first, sleep=3))
    change = only(plan_changes(dataclasses.replace(base(), baseline=first), corrected, CATALOG))
    assert change.kind == "baseline-changed" and change.text.endswith(
        "→ 1 Dec 2026: PEG 6.3, sleep 3, mood 5"
    )


def test_conditions_and_kidney_function() -> None:
    patient = dataclasses.replace(base().patient, conditions=("radicular-pain",), crcl_ml_min=45)
    after = dataclasses.replace(base(), patient=patient)
    changes = plan_changes(base(), after, CATALOG)
    assert [c.kind for c in changes] == ["conditions-changed", "crcl-changed"]
    assert changes[0].text == f"Conditions added: {CATALOG.condition_name('radicular-pain')}"
    assert changes[1].text == "Creatinine clearance: not recorded → 45 mL/min"


def test_history_and_check_ins_added_and_removed() -> None:
    tried = past("amitriptyline", dt.date(2026, 3, 2), dt.date(2026, 6, 1), "failed", dose_mg_per_day=25)
    visit = Measurement(on_week(6), PegScores(5, 5, 4))
    after = dataclasses.replace(base(), history=(tried,), checkins=(visit,))
    changes = plan_changes(base(), after, CATALOG)
    assert [(c.kind, c.text) for c in changes] == [
        (
            "history-added",
            "Treatment history: added Amitriptyline 25 mg a day, 2 Mar 2026 to 1 Jun 2026 (failed)",
        ),
        ("checkin-added", f"Check-ins: added check-in {short_date(on_week(6))}: PEG 4.7"),
    ]
    assert [c.kind for c in plan_changes(after, base(), CATALOG)] == ["history-removed", "checkin-removed"]


def test_words_never_show_an_item_id_or_a_goal_id() -> None:
    everything = with_items(base(), med={"dose_mg_per_day": 120, "goal_ids": ("g2",)}, pt={"replaces": "psy"})
    for change in plan_changes(base(), everything, CATALOG):
        assert not re.search(r"\b(med|psy|pt|g1|g2)\b", change.text), change.text


def test_json_shape() -> None:
    change = only(plan_changes(base(), with_items(base(), pt={"start_week": 10}), CATALOG))
    assert change.as_json() == {"kind": "item-moved", "item": "pt", "text": change.text}


def test_a_review_note_and_a_changed_treatment() -> None:
    noted = with_plan(base(), reviews=(Review(4, note="Bring the pain diary"),))
    assert (
        only(plan_changes(base(), noted, CATALOG)).text == f"Review in {week(4)}: note “Bring the pain diary”"
    )
    swapped = with_items(base(), pt={"modality": "yoga"})
    change = only(plan_changes(base(), swapped, CATALOG))
    assert (change.kind, change.item, change.text) == (
        "treatment-changed",
        "pt",
        "Physical therapy changed to Yoga",
    )


def test_an_assessment_recorded_before_decisions_were_is_said_by_its_week() -> None:
    after = with_items(base(), med={"assessed": Assessment(6, "partial", 20)})
    change = only(plan_changes(base(), after, CATALOG))
    assert (change.kind, change.text) == (
        "decision-recorded",
        "Duloxetine assessed in week 6 (partly effective, 20 % relief)",
    )
