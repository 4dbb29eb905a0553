"""A plan that is not the agreed one says so on every page of both printouts and in the title: a draft is
never mistaken for the agreed plan, nor a revoked or completed one for the plan in force."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from careplanner.reports import HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.wording import handout_wording
from tests.builders import CATALOG
from tests.unit.test_reports_pages import PRINTED, clinic, example


def handout_mark(status: str) -> str:
    return handout_wording()(f"status.{status}", "mark")


SUMMARY_MARKS = {
    "draft": "DRAFT – not yet agreed",
    "revoked": "REVOKED – no longer in use",
    "completed": "COMPLETED – the plan has ended",
}


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("\n", " ") for page in PdfReader(io.BytesIO(pdf)).pages]


def handout_pages(status: str | None, large: bool = False) -> list[str]:
    options = HandoutOptions(PRINTED, large, clinic("letter"), status)
    return page_texts(render_handout(example("good-plan"), CATALOG, options))


def summary_pages(status: str | None) -> list[str]:
    context = SummaryContext(PRINTED, clinic("A4"), status, 3)
    return page_texts(render_summary(example("plan-with-problems"), CATALOG, context))


def test_a_draft_handout_says_draft_not_yet_agreed_on_every_page() -> None:
    texts = handout_pages("draft")
    assert handout_mark("draft") == "DRAFT – not yet agreed"
    assert all("DRAFT – not yet agreed" in text for text in texts)
    title = handout_wording()("intro", "title")
    first = texts[0]
    assert first.index(title) < first.index(handout_wording()("status.draft", "text"))  # told under the title


@pytest.mark.parametrize("status", ["revoked", "completed"])
def test_a_revoked_or_completed_handout_says_so_on_every_page(status: str) -> None:
    texts = handout_pages(status, large=True)
    assert all(handout_mark(status) in text for text in texts)
    assert handout_wording()(f"status.{status}", "text") in texts[0]


@pytest.mark.parametrize("status", ["draft", "revoked", "completed"])
def test_the_summary_marks_every_page_and_its_title(status: str) -> None:
    texts = summary_pages(status)
    assert all(SUMMARY_MARKS[status] in text for text in texts)
    assert f"Clinician summary — care plan — {SUMMARY_MARKS[status]}" in texts[0]


@pytest.mark.parametrize("status", ["active", None])
def test_the_agreed_plan_and_a_plan_from_a_file_carry_no_mark(status: str | None) -> None:
    marks = [*map(handout_mark, SUMMARY_MARKS), *SUMMARY_MARKS.values()]
    for text in [*handout_pages(status), *summary_pages(status)]:
        assert not any(mark in text for mark in marks)


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="not a plan status"):
        HandoutOptions(PRINTED, status="agreed")
    with pytest.raises(ValueError, match="not a plan status"):
        SummaryContext(PRINTED, status="Draft")
