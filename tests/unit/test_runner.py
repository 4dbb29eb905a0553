"""The runner: the rule set of the contract, acknowledgements, ordering, and quiet on good plans."""

from __future__ import annotations

import pytest

from careplanner.checks import all_rules, check_plan
from tests.builders import CATALOG, ack, assessed, document, foundation, item, past, weeks_before_start

CONTRACT_RULES = {
    "SEQ-FOUNDATION-MISSING": "warning",
    "SEQ-LAYER-ORDER": "warning",
    "SEQ-CROWDING": "warning",
    "SEQ-TOO-MANY": "warning",
    "WIN-MISSING": "error",
    "WIN-EARLY": "warning",
    "WIN-LATE": "warning",
    "WIN-OVERDUE": "warning",
    "HIST-REPEAT-FAILED": "warning",
    "HIST-INADEQUATE-TRIAL": "info",
    "HIST-INTOLERANT": "warning",
    "SAFE-INTERACTION": "error",
    "SAFE-DUPLICATE-CLASS": "warning",
    "SAFE-DOSE-MAX": "error",
    "SAFE-PATIENT": "warning",
    "SAFE-CNS-BURDEN": "warning",
    "SAFE-MME": "warning",
    "SAFE-MME-UNKNOWN": "info",
    "SAFE-NALOXONE": "warning",
    "SAFE-RENAL-DOSE": "error",
    "SAFE-RENAL-AVOID": "warning",
    "SAFE-RENAL-UNKNOWN": "warning",
    "SAFE-BLEED-PROCEDURE": "error",  # its usual severity; each finding takes the procedure's class
    "SAFE-PREGNANCY": "warning",  # its usual severity; duloxetine's finding is information
    "PREREQ-MISSING": "error",
    "PREREQ-PENDING": "info",
    "PREREQ-INDICATION": "warning",
    "FREQ-LIMIT": "warning",
    "REHAB-PAIRING": "warning",
    "COVERAGE-SINGLE-LAYER": "warning",
    "MONITOR-NO-REVIEW": "warning",
    "MONITOR-OPIOID-REVIEW": "warning",
    "GUIDE-CPP": "info",
    "EVIDENCE-LIMITED": "info",
    "GUIDE-BOTOX-STOP": "warning",
}


def test_every_rule_of_the_contract_is_registered_with_its_severity() -> None:
    assert {rule.id: rule.severity for rule in all_rules()} == CONTRACT_RULES


def test_every_rule_has_an_explanation_with_known_sources() -> None:
    for rule in all_rules():
        explanation = CATALOG.rules.explanations[rule.id]
        assert explanation.why and all(key in CATALOG.sources for key in explanation.sources)


def noisy_plan_with_acknowledgements(*acknowledgements: object) -> object:
    return document(
        [item("o", "oxycodone", 0, 2), item("pt", "physical-therapy", 0)],
        history=[past("diazepam", weeks_before_start(8))],
        acknowledged=acknowledgements,  # type: ignore[arg-type]
    )


class TestAcknowledgements:
    def test_an_unacknowledged_error_sets_exit_status_1(self) -> None:
        assert check_plan(noisy_plan_with_acknowledgements(), CATALOG).exit_status == 1

    def test_an_acknowledged_error_is_reported_but_does_not_count(self) -> None:
        report = check_plan(
            noisy_plan_with_acknowledgements(
                ack("SAFE-INTERACTION", "history[0]", "o", reason="palliative", by="dr.x")
            ),
            CATALOG,
        )
        interaction = next(f for f in report.findings if f.rule == "SAFE-INTERACTION")
        assert interaction.acknowledged is not None and interaction.acknowledged.reason == "palliative"
        assert not interaction.counts
        assert report.exit_status == 0

    def test_the_item_set_must_match(self) -> None:
        report = check_plan(noisy_plan_with_acknowledgements(ack("SAFE-INTERACTION", "o")), CATALOG)
        assert report.exit_status == 1
        assert [a.items for a in report.unmatched_acknowledgements] == [("o",)]

    def test_a_finding_without_items_matches_by_rule(self) -> None:
        report = check_plan(
            noisy_plan_with_acknowledgements(ack("SEQ-FOUNDATION-MISSING", "anything")), CATALOG
        )
        missing = next(f for f in report.findings if f.rule == "SEQ-FOUNDATION-MISSING")
        assert missing.acknowledged is not None
        assert report.unmatched_acknowledgements == ()


def test_findings_are_ordered_by_severity_then_plan_order() -> None:
    report = check_plan(noisy_plan_with_acknowledgements(), CATALOG)
    ranks = [("error", "warning", "info").index(f.severity) for f in report.findings]
    assert ranks == sorted(ranks)


def test_every_finding_explains_and_cites() -> None:
    report = check_plan(noisy_plan_with_acknowledgements(), CATALOG)
    for finding in report.findings:
        assert finding.message.count(".") >= 2
        assert all(key.strip() in CATALOG.sources for key in finding.source.split(","))


def test_reminders_are_listed_for_planned_procedures_and_not_as_findings() -> None:
    report = check_plan(document([*foundation(), item("tpi", "trigger-point-injection", 6)]), CATALOG)
    assert [(r.item, r.note.sources) for r in report.reminders] == [("tpi", ("L-TPI",))]


# Plans built as docs/clinical-reference.md §5 describes: foundation first, one change at a time, windows
# kept, procedures with rehabilitation, reviews within 12 weeks (and 1-4 weeks after an opioid). They must get
# no warning.
GOOD_PLANS = {
    "low back pain with sciatica": document(
        [
            *foundation(),
            item("pt", "physical-therapy", 6, 16),
            item("esi", "esi", 8, 12, region="L5"),
            item("yoga", "yoga", 12, 20),
        ],
        conditions=["chronic-low-back-pain", "radicular-pain"],
    ),
    "neuropathic pain, switching the first drug": document(
        [
            item("pre", "pregabalin", 0, 6),
            item("psy", "act", 0, 10),
            item("dul", "duloxetine", 6, 12, replaces="pre"),
            item("lid", "lidocaine-patch", 12, 15),
            item("ot", "occupational-therapy", 14, 24),
        ],
        conditions=["neuropathic-pain"],
        reviews=(4, 12),
    ),
    "fibromyalgia (chronic primary pain)": document(
        [
            item("dul", "duloxetine", 0, 6),
            item("psy", "mbsr", 0, 10),
            item("ga", "graded-activity", 6, 14),
            item("tai", "tai-chi", 10, 28),
        ],
        conditions=["fibromyalgia", "chronic-primary-pain"],
    ),
    "facet pain after two good blocks": document(
        [
            *foundation(),
            item("pt", "physical-therapy", 6, 16),
            item("rfa", "facet-rfa", 8, 16, region="lumbar"),
        ],
        history=[
            past(
                "medial-branch-block",
                weeks_before_start(6),
                weeks_before_start(6),
                "effective",
                relief_percent=85,
                region="lumbar",
            ),
            past(
                "medial-branch-block",
                weeks_before_start(3),
                weeks_before_start(3),
                "effective",
                relief_percent=90,
                region="lumbar",
            ),
        ],
    ),
    "older adult on an ongoing SNRI adding therapy": document(
        [item("psy", "cbt", 0, 10), item("pt", "physical-therapy", 2, 12), item("acu", "acupuncture", 8, 16)],
        history=[past("duloxetine", weeks_before_start(26), dose_mg_per_day=60)],
        age=72,
    ),
    "an opioid with its early review": document(
        [
            item("tra", "tramadol", 0, 3, dose_mg_per_day=200),
            item("psy", "cbt", 0, 10),
            item("pt", "physical-therapy", 3, 13),
        ],
        reviews=(2, 12),
    ),
    "chronic migraine: two botulinum toxin cycles judged, then continued": document(
        [
            *foundation(),
            item("b1", "botox-migraine", 6, 30, assessed=assessed(30, "effective", relief=45)),
            item("b2", "botox-migraine", 18, None),
            item("b3", "botox-migraine", 30, 54),
        ],
        reviews=(4, 12),
    ),
    "a failed injection elsewhere does not stop one in another region": document(
        [*foundation(), item("pt", "physical-therapy", 6, 16), item("esi", "esi", 8, 12, region="cervical")],
        history=[past("esi", weeks_before_start(20), weeks_before_start(20), "failed", region="lumbar")],
        conditions=["radicular-pain"],
    ),
}


@pytest.mark.parametrize("name", GOOD_PLANS)
def test_good_plans_get_no_error_and_no_warning(name: str) -> None:
    report = check_plan(GOOD_PLANS[name], CATALOG)
    loud = [f"{f.rule}: {f.message}" for f in report.findings if f.severity != "info"]
    assert loud == []
