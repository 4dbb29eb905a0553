"""Words on every page: treatments by name, dates and weeks; never item ids, rule ids or citation keys; units
on numbers, real plurals, British spelling."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from pypdf import PdfReader

from careplanner.checks import check_plan
from careplanner.checks.registry import all_rules
from careplanner.domain import PlanDocument
from careplanner.reports import HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.wording import handout_wording
from tests.builders import CATALOG
from tests.unit.test_reports_pages import PRINTED, clinic, corpus

ITEM_REF = re.compile(r"(?<![\w-])(?:[a-z]\d+|y\d+i\d+|history\[\d+\])(?![\w-])")
BRACKETED = re.compile(r"\[([^\]]+)\]")
AMERICAN = re.compile(
    r"\b(behavior\w*|colors?|favor\w*|judgment|organiz\w*|centers?|analyz\w*|anesthe\w*|counseling|"
    r"programs?|gray|labor)\b",
    re.IGNORECASE,
)


def _distinctive_keys() -> list[str]:
    """Source keys that read as codes (S-TRP, Smith12, L-FJ), not as words or as part of a source's name."""
    words = " ".join(f"{source.name} {source.title}" for source in CATALOG.sources.values())
    return [key for key in CATALOG.sources if re.search(r"[\d-]", key) and key not in words]


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@cache
def printed(name: str) -> tuple[str, str]:
    document, status = corpus()[name]
    handout = render_handout(document, CATALOG, HandoutOptions(PRINTED, clinic=clinic("A4"), status=status))
    summary = render_summary(document, CATALOG, SummaryContext(PRINTED, clinic("A4"), status, 1))
    return flat(handout), flat(summary)


def outside_check_messages(text: str, document: PlanDocument, pattern: str) -> list[str]:
    """Places `pattern` occurs in `text` other than inside a check's own message (worded by the checks)."""
    messages = [re.sub(r"\s+", " ", f.message) for f in check_plan(document, CATALOG).findings]
    found = []
    for match in re.finditer(re.escape(pattern), text):
        before = text[max(0, match.start() - 18) : match.end()]
        if not any(before in message for message in messages):
            found.append(before)
    return found


@pytest.mark.parametrize("name", sorted(corpus()))
def test_no_item_rule_or_goal_ids(name: str) -> None:
    for text in printed(name):
        assert ITEM_REF.findall(text) == []
        assert [rule.id for rule in all_rules() if rule.id in text] == []


@pytest.mark.parametrize("name", sorted(corpus()))
def test_sources_by_name_never_by_key(name: str) -> None:
    keys = _distinctive_keys()
    assert {"S-TRP", "Smith12", "L-FJ", "CDC22"} <= set(keys)
    for text in printed(name):
        bracketed = [part.strip() for group in BRACKETED.findall(text) for part in group.split(",")]
        assert [key for key in bracketed if key in CATALOG.sources] == []
        assert [key for key in keys if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)] == []


def test_a_finding_shows_severity_treatments_message_and_sources_by_name() -> None:
    _, summary = printed("plan-with-problems")
    document, _ = corpus()["plan-with-problems"]
    finding = next(f for f in check_plan(document, CATALOG).findings if f.rule == "SAFE-INTERACTION")
    assert f"{finding.severity.capitalize()}: {CATALOG.rule_title(finding.rule)}" in summary
    assert "Treatments: Oxycodone (ongoing), Diazepam (ongoing)" in summary
    first = finding.source.split(",")[0].strip()
    assert f"{CATALOG.sources[first].name} [" in summary
    assert "References 1. " in summary and CATALOG.sources[first].title[:40] in summary


@pytest.mark.parametrize("name", sorted(corpus()))
def test_numbers_carry_their_units_and_real_plurals(name: str) -> None:
    handout, summary = printed(name)
    document, _ = corpus()[name]
    for text in (handout, summary):
        assert re.findall(r"\bwk\b|/day\b|opens at \d", text) == []
    assert "(s)" not in handout
    assert outside_check_messages(summary, document, "(s)") == []


def test_the_summary_says_weeks_and_doses_in_words() -> None:
    _, summary = printed("plan-with-problems")
    assert "weeks 3–8" in summary and "week 0 (7 Dec 2026)" in summary
    assert "900 mg a day (max 3600 mg)" in summary
    assert "(window opens at week 3)" in summary


def test_british_spelling_in_the_printouts_own_words() -> None:
    """The handout's wording and the summary (the treatments' texts come from the catalog, checked there)."""
    wording = handout_wording()
    assert [text for text in wording.texts() + wording.labels() if AMERICAN.search(text)] == []
    for name in ("good-plan", "plan-with-problems"):
        _, summary = printed(name)
        own_words = summary.split("References 1. ")[0]  # the references keep their journals' spelling
        assert AMERICAN.findall(own_words) == [], name
