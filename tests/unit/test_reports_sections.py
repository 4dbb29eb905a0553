"""The page rules of sections: a short section at the end never stands alone on its page, and a page that
opens with a treatment's own name repeats no "(continued)" heading of the one before."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate

from careplanner.reports.sections import Section, part_before_a_page_break

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
    "c0f01f0005000201b1a5d1e00000000049454e44ae426082"
)
BODY = ParagraphStyle("body", fontSize=12, leading=16, keepWithNext=False)
SUBHEADING = ParagraphStyle("subheading", fontSize=14, leading=18, keepWithNext=True)


def lines(prefix: str, count: int) -> list[Flowable]:
    return [Paragraph(f"{prefix} line {number}", BODY) for number in range(count)]


def treatment(name: str, count: int, *, short: bool = False) -> Section:
    def continued() -> list[Flowable]:
        return [Paragraph(f"{name} (continued)", SUBHEADING)]

    return Section([Paragraph(name, SUBHEADING), *lines(name, count)], continued, short=short)


def pages(story: list[Flowable]) -> list[str]:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def test_a_short_last_section_goes_over_with_the_one_before_it_rather_than_alone() -> None:
    # The filler leaves just enough room for the long treatment; the short one would fall to a page alone.
    story = [*lines("Filler", 20), treatment("Physiotherapy", 20), treatment("Duloxetine", 2, short=True)]
    alone = pages(list(story))
    assert "Duloxetine" in alone[-1] and "Physiotherapy" not in alone[-1]  # the fault the rule removes

    story = [*lines("Filler", 20), treatment("Physiotherapy", 20), treatment("Duloxetine", 2, short=True)]
    kept = pages(part_before_a_page_break(story))
    assert "Duloxetine" in kept[-1] and "Physiotherapy line 19" in kept[-1]


def test_a_short_section_leans_only_on_a_section_of_text_right_before_it() -> None:
    alone: list[Flowable] = [*lines("Intro", 3), treatment("Duloxetine", 2, short=True)]
    assert part_before_a_page_break(alone)[-1] is alone[-1]  # nothing to lean on: as it was

    picture = Image(io.BytesIO(PIXEL), width=100, height=100)
    behind_a_picture = [treatment("Physiotherapy", 5), picture, treatment("Duloxetine", 2, short=True)]
    kept = part_before_a_page_break(behind_a_picture)
    assert kept[0] is behind_a_picture[0] and kept[-1] is behind_a_picture[-1]

    keeping = Section([Paragraph("Goals", SUBHEADING)], list, then=[picture])
    assert part_before_a_page_break([keeping, treatment("Duloxetine", 2, short=True)])[0] is keeping


def test_a_page_that_opens_with_a_treatment_s_name_repeats_no_continued_heading() -> None:
    canvas = Canvas(io.BytesIO())
    first, second = treatment("Physiotherapy", 10), treatment("Duloxetine", 12)
    joined = Section([*first.flowables, *second.flowables], first.continued)
    joined.wrapOn(canvas, 400, 190)
    parts = joined.splitOn(canvas, 400, 190)  # room for the first treatment only
    tail = parts[-1]
    assert isinstance(tail, Section)
    assert tail.flowables[0].getPlainText() == "Duloxetine"

    inside = Section([*first.flowables], first.continued)
    inside.wrapOn(canvas, 400, 120)
    rest = inside.splitOn(canvas, 400, 120)[-1]
    assert isinstance(rest, Section)
    assert rest.flowables[0].getPlainText() == "Physiotherapy (continued)"
