"""Page by page, read back from the PDF: no page starts inside a treatment without its name, no page is nearly
empty, and the pain diary covers every week, never leaves a row alone, and says what 0 and 10 mean.

Over the example plans, the five templates (applied on a demo patient, printed as drafts) and generated long
plans, in standard and large print, on A4 and Letter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from benchmarks.plans import generated_plan
from careplanner.documents import read_plan_file, read_plan_text
from careplanner.domain import Goal, HistoryEntry, Patient, PlanDocument, Review
from careplanner.editing import default_templates
from careplanner.editing.operations import new_document
from careplanner.editing.templates import apply_template
from careplanner.reports import ClinicDetails, HandoutOptions, SummaryContext, render_handout, render_summary
from careplanner.reports.dates import short_date, week_date
from careplanner.reports.page import MARGIN
from careplanner.reports.styles import LARGE_PRINT, STANDARD
from careplanner.reports.wording import handout_wording
from careplanner.resources import examples_dir
from tests.builders import CATALOG
from tests.unit.test_documents_properties import plan_documents

PRINTED = dt.date(2026, 11, 21)
START = dt.date(2026, 12, 7)
DEMO_PATIENT = Patient("DEMO-0009", "Robin Example", dt.date(1961, 9, 3), "male", ("chronic-low-back-pain",))
VARIANTS = [(large, paper) for large in (False, True) for paper in ("A4", "letter")]
# A nearly empty page: a few lines, or text that stops high on the page.
MIN_LINES = 6
NEAR_EMPTY = 0.15
MARKS = {
    handout_wording()(f"status.{s}", "mark") for s in ("draft", "revoked", "completed")
}  # page furniture
DATE_ROW = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}")


def example(name: str) -> PlanDocument:
    return read_plan_file(examples_dir() / f"{name}.careplan.json", CATALOG.modalities.keys()).document


def from_template(template_id: str) -> PlanDocument:
    template = next(t for t in default_templates() if t.id == template_id)
    document = apply_template(new_document(DEMO_PATIENT, START), template)
    return dataclasses.replace(document, goals=(Goal("g1", "Walk to the shops and back", 12),))


@cache
def corpus() -> dict[str, tuple[PlanDocument, str | None]]:
    """Every plan the page tests print, with the status it is printed with."""
    plans: dict[str, tuple[PlanDocument, str | None]] = {
        "good-plan": (example("good-plan"), None),
        "plan-with-problems": (example("plan-with-problems"), "draft"),
        "generated-12": (generated_plan(12), "active"),
        "generated-40": (generated_plan(40), "draft"),
    }
    for template in default_templates():
        plans[f"template-{template.id}"] = (from_template(template.id), "draft")
    return plans


def clinic(paper: str) -> ClinicDetails:
    return ClinicDetails("Riverside Pain Service", "1 Example Road, Sampletown", "01234 567890", paper)


@cache
def printed(name: str, large: bool, paper: str) -> bytes:
    document, status = corpus()[name]
    return render_handout(document, CATALOG, HandoutOptions(PRINTED, large, clinic(paper), status))


@dataclass(frozen=True)
class Line:
    y: float
    size: float
    bold: bool
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    lines: list[Line]  # the body's lines, top to bottom (header, status band and footer left out)
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def filled(self) -> float:
        """The share of the body's height the text reaches down to."""
        lowest = min((line.y for line in self.lines), default=self.top)
        return (self.top - lowest) / (self.top - self.bottom)


def _lines(page: Any) -> list[Line]:
    found: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        bold = bool(font) and str(font.get("/BaseFont", "")).endswith("Bold")
        found.extend(
            Line(round(y, 1), round(size, 1), bold, part.strip()) for part in text.split("\n") if part.strip()
        )

    page.extract_text(visitor_text=visit)
    return found


def read_pages(pdf: bytes) -> list[Page]:
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        height = float(page.mediabox.height)
        top, bottom = height - MARGIN, MARGIN - 2  # the header sits above, the footer below
        lines = [line for line in _lines(page) if bottom <= line.y <= top - 1 and line.text not in MARKS]
        pages.append(Page(number, lines, top, bottom))
    return pages


def all_prints() -> list[tuple[str, bool, str]]:
    return [(name, large, paper) for name in corpus() for large, paper in VARIANTS]


def diary_pages(pages: list[Page]) -> list[Page]:
    heading = handout_wording()("diary", "heading")
    first = next(index for index, page in enumerate(pages) if heading in page.text)
    return pages[first:]


def assert_every_page_starts_outside_a_nameless_section(pages: list[Page], large: bool) -> None:
    sizes = LARGE_PRINT if large else STANDARD
    inside: str | None = None  # the treatment whose section the previous page ended in
    for page in pages:
        first = page.lines[0] if page.lines else None
        starts_with_heading = first is not None and first.bold and first.size >= sizes.subheading
        assert inside is None or starts_with_heading, (
            f"page {page.number} starts inside {inside!r} without its name: {first}"
        )
        for line in page.lines:
            if line.bold and line.size == sizes.subheading:
                inside = line.text  # a treatment's name (or "… (continued)")
            elif line.bold and line.size > sizes.subheading:
                inside = None  # a new step or part of the handout


def assert_no_page_nearly_empty(pages: list[Page]) -> None:
    for page in pages:
        holds = f"page {page.number} holds only: {page.text[:200]!r}"
        assert len(page.lines) >= MIN_LINES and page.filled >= NEAR_EMPTY, holds


def assert_no_diary_row_alone(pages: list[Page]) -> None:
    rows = [sum(1 for line in page.lines if DATE_ROW.match(line.text)) for page in diary_pages(pages)]
    assert all(count >= 2 for count in rows), rows


@pytest.mark.parametrize(("name", "large", "paper"), all_prints())
def test_no_page_starts_inside_a_treatment_without_its_name(name: str, large: bool, paper: str) -> None:
    assert_every_page_starts_outside_a_nameless_section(read_pages(printed(name, large, paper)), large)


@pytest.mark.parametrize(("name", "large", "paper"), all_prints())
def test_no_page_is_nearly_empty(name: str, large: bool, paper: str) -> None:
    assert_no_page_nearly_empty(read_pages(printed(name, large, paper)))


@pytest.mark.parametrize(("name", "large", "paper"), all_prints())
def test_the_diary_never_ends_with_a_row_alone(name: str, large: bool, paper: str) -> None:
    assert_no_diary_row_alone(read_pages(printed(name, large, paper)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_documents(),
    st.booleans(),
    st.sampled_from(["A4", "letter"]),
    st.sampled_from([None, "draft", "active", "revoked"]),
)
def test_any_plan_s_pages_keep_their_headings_and_are_never_nearly_empty(
    data: dict[str, Any], large: bool, paper: str, status: str | None
) -> None:
    document = read_plan_text(json.dumps(data), CATALOG.modalities.keys()).document
    pdf = render_handout(document, CATALOG, HandoutOptions(PRINTED, large, clinic(paper), status))
    pages = read_pages(pdf)
    assert_every_page_starts_outside_a_nameless_section(pages, large)
    assert_no_page_nearly_empty(pages)
    assert_no_diary_row_alone(pages)


def large_print_draft_pages(document: PlanDocument) -> list[Page]:
    return read_pages(render_handout(document, CATALOG, HandoutOptions(PRINTED, True, clinic("A4"), "draft")))


def test_a_short_last_list_never_stands_alone_on_the_page_before_the_diary() -> None:
    """Without treatments the handout ends on its lists; as the last list grows, it runs onto a new page line
    by line (found by the property test: one ongoing medicine alone on a page)."""
    document = dataclasses.replace(example("good-plan"), goals=())
    no_items = dataclasses.replace(document.plan, items=(), reviews=())
    ongoing = [HistoryEntry(m, START, "effective") for m in ("acetaminophen", "ibuprofen", "duloxetine")]
    for count in range(1, 16):
        history = tuple(ongoing[n % len(ongoing)] for n in range(count))
        pages = large_print_draft_pages(dataclasses.replace(document, plan=no_items, history=history))
        assert_no_page_nearly_empty(pages)


def test_a_list_before_the_timeline_never_stands_alone_on_a_page() -> None:
    """The timeline is kept whole: when it moves to the next page, what ran onto this one must not be a line
    or two. Review dates added one by one run the list before it onto a new page line by line."""
    document = generated_plan(12)
    for count in range(0, 16):
        reviews = tuple(Review(week) for week in range(1, count + 1))
        plan = dataclasses.replace(document.plan, reviews=reviews)
        pages = large_print_draft_pages(dataclasses.replace(document, plan=plan))
        assert_no_page_nearly_empty(pages)
        assert_every_page_starts_outside_a_nameless_section(pages, True)


@pytest.mark.parametrize("name", list(corpus()))
def test_the_diary_has_every_week_up_to_the_last_assessment_or_review(name: str) -> None:
    document, _ = corpus()[name]
    plan = document.plan
    last = max(
        [
            12,
            *(r.week for r in plan.reviews),
            *(i.assess_week for i in plan.items if i.assess_week is not None),
        ]
    )
    pages = diary_pages(read_pages(printed(name, False, "A4")))
    dates = [DATE_ROW.match(line.text) for page in pages for line in page.lines]
    assert [match.group(0) for match in dates if match] == [
        short_date(week_date(plan.start, week)) for week in range(last + 1)
    ]


def test_a_plan_assessed_late_gets_a_diary_to_that_week() -> None:
    document = example("good-plan")
    late = dataclasses.replace(document.plan.items[0], assess_week=40)
    plan = dataclasses.replace(document.plan, items=(late, *document.plan.items[1:]))
    pdf = render_handout(dataclasses.replace(document, plan=plan), CATALOG, HandoutOptions(PRINTED))
    diary = "\n".join(page.text for page in diary_pages(read_pages(pdf)))
    assert short_date(week_date(plan.start, 40)) in diary


def test_the_diary_asks_for_sleep_and_mood_and_says_what_0_and_10_mean() -> None:
    say = handout_wording()
    diary = " ".join(page.text for page in diary_pages(read_pages(printed("good-plan", False, "A4"))))
    diary = diary.replace("\n", " ")
    assert "Pain got in the way of" in diary and "enjoying life" in diary
    for scale in ("pain", "enjoyment", "activity", "sleep", "mood"):
        for key in ("column", "question", "zero", "ten"):
            assert say(f"diary.{scale}", key) in diary, (scale, key)
    assert "Enjoyment:" not in diary  # the column says what it asks, not a bare PEG item name


def test_a_section_taller_than_a_page_repeats_its_name_on_the_next() -> None:
    document = example("good-plan")
    goal = Goal(
        "long", " ".join(["Walk to the shops, carry the bags home and cook a meal for the family."] * 30)
    )
    first = dataclasses.replace(document.plan.items[0], goal_ids=("long",))
    document = dataclasses.replace(
        document,
        goals=(goal,),
        plan=dataclasses.replace(document.plan, items=(first, *document.plan.items[1:])),
    )
    pdf = render_handout(document, CATALOG, HandoutOptions(PRINTED, True, clinic("letter")))
    name = CATALOG.modality(first.modality).name
    headings = [line.text for page in read_pages(pdf) for line in page.lines[:1]]
    assert f"{name} (continued)" in headings


@cache
def summary(name: str, paper: str) -> bytes:
    document, status = corpus()[name]
    return render_summary(document, CATALOG, SummaryContext(PRINTED, clinic(paper), status, 1))


@pytest.mark.parametrize("name", sorted(corpus()))
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_no_page_of_the_summary_is_nearly_empty(name: str, paper: str) -> None:
    assert_no_page_nearly_empty(read_pages(summary(name, paper)))
